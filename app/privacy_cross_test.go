package app_test

// Privacy tests that need every feature: !mydata gathers what each one keeps about a member,
// and !forget puts a pseudonym in their place across them all.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/feature/privacy"
)

// Members with names in other scripts, and IDs as Matrix writes them.
var (
	zoe   = bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}
	rezan = bot.Member{ID: "@rezan:example.org", Name: "رێزان"}
)

// privacyRoom is a room where zoe and rezan voted (in the open and in secret), spoke and
// noted in a meeting, took a task, a mandate, a reminder and a group.
func privacyRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	say := func(m bot.Member, text string) { room.SayAs(t, m, text) }
	room.Say(t, "ana", "hello")
	say(zoe, "hello")
	say(rezan, "hello")
	room.Say(t, "ana", `!vote new "Paint the hall?" --closes in 1h`)
	say(zoe, "!vote 1 object because it is grey")
	say(rezan, "!vote 1 object too dear")
	room.Say(t, "ana", `!vote new "Treasurer for a year?" --kind majority --secret --closes in 1h`)
	say(zoe, "!vote 2 no")
	say(rezan, "!vote 2 yes")
	room.Say(t, "ana", "!meeting start Plenary")
	say(zoe, "I can bring chairs")
	say(zoe, "!note chairs come from the school")
	say(rezan, "!note rezan keeps the keys")
	room.Say(t, "ana", "!meeting end")
	room.Say(t, "ana", "!task add buy paint for "+zoe.ID+" due 30 nov 12:00")
	room.Say(t, "ana", "!mandate "+zoe.ID+" speak at the city council until 20 dec")
	say(zoe, "!remind me tomorrow 10:00 call the plumber")
	room.Say(t, "ana", "!group add renters")
	say(zoe, "!group join renters")
	kit.Advance(t, time.Hour) // both votes close
	return kit, room
}

func TestMyDataIsPrivateAndOwn(t *testing.T) {
	kit, room := privacyRoom(t)
	kit.Transport.TakePrivate()
	got := apptest.Texts(room.SayAs(t, zoe, "!mydata"))
	if len(got) != 1 {
		t.Fatalf("!mydata in the room: %q", got)
	}
	apptest.Has(t, "room answer", got[0], "sent you your data privately")
	apptest.Lacks(t, "room answer", got[0], "grey", "chairs")
	private := kit.Transport.TakePrivate()
	if len(private) != 2 || private[0].Reply.File == nil || private[1].Reply.File == nil {
		t.Fatalf("private: %+v", private)
	}
	for _, p := range private {
		if p.Reply.To != zoe.ID {
			t.Errorf("a file went to %q", p.Reply.To)
		}
	}
	text := string(private[0].Reply.File.Content)
	apptest.Has(t, "file", text, zoe.ID, "Zoë 🌻", "#1 Paint the hall?: object", "because it is grey",
		"Secret votes you voted in: 1", "I can bring chairs", "chairs come from the school", "buy paint",
		"speak at the city council", "call the plumber", "renters", "Meeting 1 Plenary")
	apptest.Lacks(t, "file", text, "Treasurer", "rezan", "رێزان", "keeps the keys", "too dear")
	if js := string(private[1].Reply.File.Content); !strings.Contains(js, `"member": "@zoe:example.org"`) || strings.Contains(js, "Treasurer") {
		t.Errorf("JSON: %s", js)
	}
	// رێزان's own file holds her data, in her name.
	room.SayAs(t, rezan, "!mydata")
	private = kit.Transport.TakePrivate()
	if len(private) != 2 {
		t.Fatalf("rezan's files: %+v", private)
	}
	apptest.Has(t, "rezan's file", string(private[0].Reply.File.Content), "رێزان", "too dear", "keeps the keys")
}

func TestForgetMePseudonymises(t *testing.T) {
	kit, room := privacyRoom(t)
	before := room.SayOne(t, "ana", "!vote show 1")
	apptest.Has(t, "before", before, "Zoë 🌻")

	ask := room.SayAs(t, zoe, "!forget me")
	apptest.Has(t, "ask", ask[0].Reply.Text(), "cannot be undone", "!forget me confirm")
	apptest.Has(t, "nothing yet", room.SayOne(t, "ana", "!vote show 1"), "Zoë 🌻")

	done := room.SayAs(t, zoe, "!forget me confirm")
	apptest.Has(t, "done", done[0].Reply.Text(), "your data in this room is forgotten")

	after := room.SayOne(t, "ana", "!vote show 1")
	apptest.Lacks(t, "vote after", after, "Zoë", zoe.ID)
	apptest.Has(t, "vote after", after, "member-", "رێزان")
	if strings.Count(after, "agree") != strings.Count(before, "agree") || strings.Count(after, "object") != strings.Count(before, "object") {
		t.Errorf("the tally changed:\nbefore %s\nafter %s", before, after)
	}
	for _, cmd := range []string{"!minutes 1", "!history delegate", "!mandates", "!tasks", "!vote show 2"} {
		got := strings.Join(room.Say(t, "ana", cmd), "\n")
		apptest.Lacks(t, cmd, got, "Zoë", zoe.ID)
	}
	room.Say(t, "ana", "!minutes 1") // writes the minutes' files again
	files, _ := filepath.Glob(filepath.Join(kit.Config.DigestsDir(), "*", "2026", "*plenary.txt"))
	if len(files) != 1 {
		t.Fatalf("minutes files: %q", files)
	}
	minutes, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "minutes", string(minutes), "member-", "chairs come from the school", "رێزان")
	apptest.Lacks(t, "minutes", string(minutes), "Zoë", zoe.ID)
	digest := strings.Join(room.Say(t, "ana", "!digest --format txt"), "\n")
	apptest.Lacks(t, "digest", digest, "Zoë", zoe.ID)
	apptest.Lacks(t, "reminders", strings.Join(room.Say(t, "ana", "!reminders"), "\n"), "plumber")
	apptest.Has(t, "groups", room.SayOne(t, "ana", "!groups"), "renters: 0 members")
	if got := kit.Advance(t, 24*time.Hour); apptest.Contains(apptest.Texts(got), "plumber") {
		t.Errorf("a forgotten reminder fired: %q", apptest.Texts(got))
	}

	// What is left of zoe is what she says from now on.
	kit.Transport.TakePrivate()
	room.SayAs(t, zoe, "!mydata")
	private := kit.Transport.TakePrivate()
	if len(private) != 2 {
		t.Fatalf("files after forgetting: %+v", private)
	}
	apptest.Lacks(t, "file after", string(private[0].Reply.File.Content), "grey", "chairs", "plumber", "renters", "city council")
}

func TestForgetAnotherMember(t *testing.T) {
	_, room := privacyRoom(t)
	tests := []struct {
		name, who, say string
		want           []string
	}{
		{"unknown member", "ana", "!forget @nobody:example.org", []string{"knows no member", "@nobody:example.org", "!forget me"}},
		{"unknown name", "ana", "!forget nobody", []string{"knows no member", "nobody"}},
		{"alone", "ana", "!forget", []string{"!forget me"}},
		{"more than confirm", "ana", "!forget " + rezan.ID + " please", []string{"confirm"}},
		{"not facilitator", "bo", "!forget " + rezan.ID, []string{"facilitator"}},
		{"ask", "ana", "!forget " + rezan.ID, []string{"cannot be undone", "رێزان", "!forget " + rezan.ID + " confirm"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			apptest.Has(t, tc.say, strings.Join(room.Say(t, tc.who, tc.say), "\n"), tc.want...)
			apptest.Has(t, "unchanged", room.SayOne(t, "ana", "!vote show 1"), "رێزان: “too dear”")
		})
	}
	done := room.SayOne(t, "ana", "!forget "+rezan.ID+" confirm")
	apptest.Has(t, "done", done, "ana had the data of a member who left forgotten")
	apptest.Lacks(t, "done", done, "member-")
	after := room.SayOne(t, "ana", "!vote show 1")
	apptest.Lacks(t, "after", after, "رێزان")
	apptest.Has(t, "after", after, "member-", "0 agree · 0 stand aside · 2 object")
	apptest.Has(t, "forgotten now unknown", room.SayOne(t, "ana", "!forget "+rezan.ID), "knows no member")
}

// A ballot still counting in an open vote holds the forgetting back: forgotten, it could
// count twice.
func TestForgetWaitsForAnOpenBallot(t *testing.T) {
	kit, room := privacyRoom(t)
	room.Say(t, "ana", `!vote new "Plant a tree?" --closes in 1h`)
	room.SayAs(t, zoe, "!vote 3 agree")
	for _, say := range []string{"!forget me", "!forget me confirm"} {
		apptest.Has(t, say, room.SayAs(t, zoe, say)[0].Reply.Text(), "Not yet", "#3", "Nothing is changed")
	}
	apptest.Has(t, "unchanged", room.SayOne(t, "ana", "!vote show 3"), "Zoë 🌻")
	kit.Advance(t, time.Hour)
	apptest.Has(t, "after the close", room.SayAs(t, zoe, "!forget me confirm")[0].Reply.Text(), "forgotten")
}

// Where the network cannot give a member a file privately, the room hears so, and nothing of
// the data.
func TestMyDataWithoutAPrivateChannel(t *testing.T) {
	kit, room := privacyRoom(t)
	kit.Transport.TakePrivate()
	plain := &roomOnly{Transport: kit.Transport}
	kit.App.Add(plain)
	msg := bot.Message{Room: room.Room, Sender: zoe, Text: "!mydata", ID: "plain-1", Time: kit.Clock.Now()}
	kit.App.Bot.Deliver(t.Context(), plain, msg)
	kit.App.Bot.Flush(t.Context())
	got := apptest.Texts(kit.Transport.Take())
	if len(got) != 1 || !strings.Contains(got[0], "no way to send you a file privately") || strings.Contains(got[0], "grey") {
		t.Fatalf("without a private channel: %q", got)
	}
	if p := kit.Transport.TakePrivate(); len(p) != 0 {
		t.Fatalf("sent privately all the same: %+v", p)
	}
}

// roomOnly is the kit's transport without private files.
type roomOnly struct{ *apptest.Transport }

func (roomOnly) UploadPrivate() {} // hides the embedded method: not a bot.PrivateUploader

// retention: {raw_log: …} deletes the raw log of ended meetings once it is older than that,
// every night; the minutes' items stay. Without it the log is kept.
func TestRetentionOfRawLogs(t *testing.T) {
	tests := []struct {
		name, rawLog string
		kept         bool
	}{
		{"kept by default", "", true},
		{"deleted after 30 days", "30d", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kit := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
				c.SetSection("retention", &privacy.Settings{RawLog: tc.rawLog})
			}, app.Features()...)
			room := kit.Room("assembly")
			room.Admin("ana")
			room.Say(t, "ana", "!meeting start Plenary")
			room.SayAs(t, zoe, "I can bring chairs")
			room.SayAs(t, zoe, "!note chairs come from the school")
			room.Say(t, "ana", "!meeting end")
			if got := apptest.Texts(kit.Advance(t, 31*24*time.Hour)); len(got) != 0 {
				t.Errorf("the pruning said %q", got)
			}
			room.Say(t, "ana", "!meeting start Second")
			room.SayAs(t, zoe, "a fresh line")
			room.Say(t, "ana", "!meeting end")
			kit.Advance(t, 24*time.Hour)
			kit.Transport.TakePrivate()
			room.SayAs(t, zoe, "!mydata")
			private := kit.Transport.TakePrivate()
			if len(private) != 2 {
				t.Fatalf("files: %+v", private)
			}
			file := string(private[0].Reply.File.Content)
			apptest.Has(t, "items stay", file, "chairs come from the school", "a fresh line")
			if strings.Contains(file, "I can bring chairs") != tc.kept {
				t.Errorf("raw log line kept = %v, want %v:\n%s", !tc.kept, tc.kept, file)
			}
		})
	}
}
