package matrix_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/app/apptest"
	"folkmoot/bot/matrix"
)

// !mydata on the real core in an encrypted room: the room is told only that the data went
// privately; the member gets a text file and a JSON file, encrypted, in their direct room with
// the bot, holding their ballot in the open vote, their note and their task, and neither their
// secret ballot nor anything of another member. The other member gets nothing. A member who
// has no direct room yet (the admin here) gets one opened for the files, and can read them.
func TestIntegrationMyDataArrivesInADirectRoom(t *testing.T) {
	t.Parallel()
	srv := matrix.DendriteServer(t)
	f := startFolkmoot(t, srv, nil)
	as := newAssembly(t, srv, f)
	const (
		openReason   = "open-reason-3b7e"
		secretReason = "secret-reason-9d41"
		adminReason  = "admin-reason-77aa"
		memberNote   = "member-note-5c1f"
		adminNote    = "admin-note-2e8b"
	)

	mustContain(t, "vote 1", as.ask(t, as.admin, `!vote new "Paint the hall?" --closes in 2h`), "Vote #1")
	mustContain(t, "vote 2", as.ask(t, as.admin, `!vote new "Treasurer for a year?" --secret --closes in 2h`), "Vote #2")
	as.ask(t, as.member, "!vote 1 agree "+openReason)
	as.ask(t, as.admin, "!vote 1 aside "+adminReason)
	as.ask(t, as.member, "!vote 2 object "+secretReason)
	as.ask(t, as.admin, "!meeting start Plenary")
	as.ask(t, as.member, "!note "+memberNote)
	as.ask(t, as.admin, "!note "+adminNote)
	as.ask(t, as.admin, "!task add fix the gate for "+as.member.ID().String()+" due in 2 hours")

	// The secret ballot's confirmation opened the member's direct room.
	dm, direct := as.member.WaitInvite(t, f.user)
	if !direct || dm == as.room {
		t.Fatalf("invited to %s (direct: %v), want a direct room", dm, direct)
	}
	as.member.Join(dm)

	inRoom := as.ask(t, as.member, "!mydata")
	apptest.Has(t, "the room's answer", inRoom, "sent you your data privately")
	apptest.Lacks(t, "the room's answer", inRoom, openReason, memberNote, "fix the gate", "Paint the hall")

	txt, js := myDataFiles(t, as.member, f.user, dm)
	apptest.Has(t, "the member's text file", txt, as.member.ID().String(), "#1 Paint the hall?: agree", openReason,
		"Secret votes you voted in: 1", memberNote, "fix the gate")
	apptest.Lacks(t, "the member's text file", txt, "Treasurer", "object", secretReason,
		as.admin.ID().String(), adminReason, "stand aside", adminNote)
	checkMyDataJSON(t, js, as.member.ID(), openReason, secretReason, adminReason, adminNote)
	members, err := as.member.Client().JoinedMembers(as.member.Ctx(), dm)
	if err != nil {
		t.Fatal(err)
	}
	if len(members.Joined) != 2 {
		t.Errorf("the direct room has %d members, want the member and the bot", len(members.Joined))
	}

	// The room saw no file and the admin no other room: nothing of the member reached them.
	// The admin's answer below comes after everything the bot posted before it.
	as.ask(t, as.admin, "!tasks")
	if n := as.admin.Count(func(evt *event.Event) bool { return evt.RoomID != as.room }); n != 0 {
		t.Errorf("the admin received %d events outside the assembly's room", n)
	}
	for _, p := range []*matrix.Person{as.admin, as.member} {
		if n := p.Count(func(evt *event.Event) bool {
			return evt.RoomID == as.room && evt.Type == event.EventMessage && evt.Content.AsMessage().MsgType == event.MsgFile
		}); n != 0 {
			t.Errorf("%s saw %d files in the assembly's room", p.ID(), n)
		}
		if n := p.Count(func(evt *event.Event) bool {
			body := evt.Content.AsMessage().Body
			return evt.RoomID == as.room && evt.Sender == f.user && (strings.Contains(body, openReason) || strings.Contains(body, memberNote))
		}); n != 0 {
			t.Errorf("%s saw %d messages of the bot in the room with the member's data", p.ID(), n)
		}
	}

	// The admin has no direct room yet: the files open one.
	mustContain(t, "the admin's !mydata", as.ask(t, as.admin, "!mydata"), "sent you your data privately")
	adminDM, direct := as.admin.WaitInvite(t, f.user)
	if !direct || adminDM == as.room || adminDM == dm {
		t.Fatalf("the admin was invited to %s (direct: %v), want a new direct room", adminDM, direct)
	}
	as.admin.Join(adminDM)
	txt, _ = myDataFiles(t, as.admin, f.user, adminDM)
	apptest.Has(t, "the admin's text file", txt, as.admin.ID().String(), "#1 Paint the hall?: stand aside", adminReason,
		adminNote, "Votes you opened", "fix the gate")
	// The admin's own lines in the meeting's log name the member (the task they wrote down for
	// them); nothing of what the member did is there.
	apptest.Lacks(t, "the admin's text file", txt, openReason, secretReason, memberNote, "Secret votes")
}

// myDataFiles waits for the bot's two !mydata files in room as p received them, checks that
// they are encrypted m.file events, and returns their contents, downloaded and decrypted.
func myDataFiles(t *testing.T, p *matrix.Person, from id.UserID, room id.RoomID) (txt, js string) {
	t.Helper()
	get := func(ext string) string {
		evt := p.WaitEvent(t, time.Minute, "the "+ext+" file in the direct room", func(evt *event.Event) bool {
			if evt.RoomID != room || evt.Sender != from || evt.Type != event.EventMessage {
				return false
			}
			c := evt.Content.AsMessage()
			return c.MsgType == event.MsgFile && strings.HasPrefix(c.FileName, "folkmoot-mydata-") && strings.HasSuffix(c.FileName, ext)
		})
		c := evt.Content.AsMessage()
		if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
			t.Errorf("the event of %s was not encrypted", c.FileName)
		}
		if c.File == nil || c.URL != "" {
			t.Errorf("%s: want an encrypted file (file set, no url), got file %v url %q", c.FileName, c.File != nil, c.URL)
		}
		data, encrypted := p.Download(t, c)
		if !encrypted {
			t.Errorf("%s was uploaded in the clear", c.FileName)
		}
		t.Logf("%s (%s, %d bytes, caption %q)", c.FileName, c.Info.MimeType, len(data), c.Body)
		return string(data)
	}
	return get(".txt"), get(".json")
}

// checkMyDataJSON checks the JSON file: it names the member, holds the open ballot's reason
// and none of the others.
func checkMyDataJSON(t *testing.T, js string, member id.UserID, want string, lacks ...string) {
	t.Helper()
	var doc struct {
		Member   string `json:"member"`
		Sections []struct {
			Title string   `json:"title"`
			Lines []string `json:"lines"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("the JSON file does not parse: %v\n%s", err, js)
	}
	if doc.Member != member.String() || len(doc.Sections) == 0 {
		t.Errorf("the JSON file is of %q with %d sections, want %s's", doc.Member, len(doc.Sections), member)
	}
	apptest.Has(t, "the JSON file", js, want)
	apptest.Lacks(t, "the JSON file", js, lacks...)
}
