package matrix

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// minimalPDF is a one-page PDF, enough for a viewer to open.
const minimalPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n"

// Test 5: a native poll from the bot is a valid org.matrix.msc3381.poll.start that the
// member's client decrypts; responses (MSC3381 and stable) reach the bot; the end is sent.
func TestIntegrationPoll(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	b := setup.start(t, env)
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	broom := bot.Room{Protocol: bot.Matrix, ID: room.String()}

	pollID, err := b.tr.SendPoll(ctx, broom, bot.Poll{
		Question: "Next assembly on Thursday?", MaxSelections: 1, Disclosed: true,
		Options: []bot.PollOption{{ID: "yes", Text: "Yes"}, {ID: "no", Text: "No"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	evt := ana.waitEvent(30*time.Second, "the poll", func(evt *event.Event) bool {
		return evt.ID == id.EventID(pollID) && evt.Type == event.EventUnstablePollStart
	})
	if evt.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("the poll was not encrypted")
	}
	start, ok := evt.Content.Parsed.(*event.PollStartEventContent)
	if !ok {
		t.Fatalf("poll content parsed as %T", evt.Content.Parsed)
	}
	ps := start.PollStart
	if ps.Question.Text != "Next assembly on Thursday?" || ps.Kind != kindDisclosed || ps.MaxSelections != 1 ||
		len(ps.Answers) != 2 || ps.Answers[0].ID != "yes" || ps.Answers[1].Text != "No" {
		t.Errorf("poll start = %+v", ps)
	}
	if fallback, _ := evt.Content.Raw["org.matrix.msc1767.text"].(string); fallback == "" {
		t.Error("no text fallback for clients without polls")
	}

	ana.send(room, event.EventUnstablePollResponse, &event.PollResponseEventContent{
		RelatesTo: event.RelatesTo{Type: event.RelReference, EventID: id.EventID(pollID)},
		Response:  event.PollResponse{Answers: []string{"no"}},
	})
	ana.send(room, eventPollResponse, map[string]any{
		"m.relates_to": map[string]any{"rel_type": "m.reference", "event_id": pollID},
		"m.selections": []string{"yes"},
	})
	for _, want := range [][]string{{"no"}, {"yes"}} {
		select {
		case r := <-setup.polls:
			if r.Poll.PollID != pollID || r.Sender.ID != ana.acct.ID.String() || !slices.Equal(r.Poll.Options, want) || r.Room != broom {
				t.Errorf("poll response = %+v, want %v from %s", r, want, ana.acct.ID)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("no poll response %v reached the bot", want)
		}
	}

	// The outbox retries an end whose first attempt timed out although the homeserver stored
	// it: the retry must not post a second end.
	for range 2 {
		if err := b.tr.EndPoll(ctx, broom, pollID, "Yes wins"); err != nil {
			t.Fatal(err)
		}
	}
	isEnd := func(evt *event.Event) bool {
		rel, _ := evt.Content.Raw["m.relates_to"].(map[string]any)
		return evt.Type == event.EventUnstablePollEnd && rel["event_id"] == pollID
	}
	ana.waitEvent(30*time.Second, "the poll end", isEnd)
	// Once the bot answers a message said after the ends, both it and ana have synced past them.
	ana.replyTo(setup.acct.ID, ana.say(room, "!echo after the end"))
	if n := ana.count(isEnd); n != 1 {
		t.Errorf("the room holds %d ends of the poll, want 1", n)
	}
	// mautrix knows every poll event the bot decrypts (a stable answer, its own end), so it
	// does not warn about them.
	if n := setup.logs.Count("nsupported event type"); n != 0 {
		t.Errorf("the bot logged %d warnings about unsupported event types, want 0", n)
	}
}

// Test 6: a PDF uploaded by the bot arrives as m.file; in an encrypted room the file itself
// is encrypted and the member downloads and decrypts it.
func TestIntegrationUpload(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	b := setup.start(t, env)
	ana := newPerson(t, env, "member")
	for _, encrypted := range []bool{true, false} {
		name := map[bool]string{true: "encrypted", false: "unencrypted"}[encrypted]
		t.Run(name, func(t *testing.T) {
			room := ana.createRoom(encrypted, setup.acct.ID)
			ana.waitJoined(room, setup.acct.ID)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			_, err := b.tr.Upload(ctx, bot.Room{Protocol: bot.Matrix, ID: room.String()}, bot.File{
				Name: "minutes-2026-12-05.pdf", MIMEType: "application/pdf",
				Content: bytes.NewReader([]byte(minimalPDF)), Size: int64(len(minimalPDF)),
			})
			if err != nil {
				t.Fatal(err)
			}
			evt := ana.waitEvent(30*time.Second, "the file", func(evt *event.Event) bool {
				return evt.RoomID == room && evt.Sender == setup.acct.ID && evt.Type == event.EventMessage &&
					evt.Content.AsMessage().MsgType == event.MsgFile
			})
			c := evt.Content.AsMessage()
			if c.FileName != "minutes-2026-12-05.pdf" || c.Info == nil || c.Info.MimeType != "application/pdf" {
				t.Errorf("file event = %+v", c)
			}
			var data []byte
			if encrypted {
				if c.File == nil || c.URL != "" {
					t.Fatalf("encrypted room: want file{...} and no url, got file=%v url=%q", c.File, c.URL)
				}
				data, err = ana.cli.DownloadBytes(ctx, c.File.URL.ParseOrIgnore())
				if err != nil {
					t.Fatal(err)
				}
				if bytes.Equal(data, []byte(minimalPDF)) {
					t.Error("the homeserver stores the file in the clear")
				}
				if err := c.File.DecryptInPlace(data); err != nil {
					t.Fatal(err)
				}
			} else {
				data, err = ana.cli.DownloadBytes(ctx, c.URL.ParseOrIgnore())
				if err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(data, []byte(minimalPDF)) {
				t.Errorf("downloaded %d bytes that differ from the PDF", len(data))
			}
		})
	}
}

// Test 7: a privileged command is refused at power level 0 and accepted at 50.
func TestIntegrationAdmin(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	ana := newPerson(t, env, "member")
	bea := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID, bea.acct.ID)
	bea.join(room)
	bea.waitJoined(room, setup.acct.ID)

	if c := bea.replyTo(setup.acct.ID, bea.say(room, "!admin")).Content.AsMessage(); c.Body != adminNo {
		t.Errorf("at power level 0: %q, want %q", c.Body, adminNo)
	}
	var pl event.PowerLevelsEventContent
	if err := ana.cli.StateEvent(ana.ctx(), room, event.StatePowerLevels, "", &pl); err != nil {
		t.Fatal(err)
	}
	pl.SetUserLevel(bea.acct.ID, 50)
	if _, err := ana.cli.SendStateEvent(ana.ctx(), room, event.StatePowerLevels, "", &pl); err != nil {
		t.Fatal(err)
	}
	bea.waitEvent(30*time.Second, "the power level change", func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Type == event.StatePowerLevels && evt.Content.AsPowerLevels().GetUserLevel(bea.acct.ID) == 50
	})
	if c := bea.replyTo(setup.acct.ID, bea.say(room, "!admin")).Content.AsMessage(); c.Body != adminYes {
		t.Errorf("at power level 50: %q, want %q", c.Body, adminYes)
	}
	if c := ana.replyTo(setup.acct.ID, ana.say(room, "!admin")).Content.AsMessage(); c.Body != adminYes {
		t.Errorf("the room creator (100): %q, want %q", c.Body, adminYes)
	}
}

// Invites from people outside autojoin_from are rejected.
func TestIntegrationInviteRejected(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	eve := newPerson(t, env, "stranger")
	room := eve.createRoom(false, setup.acct.ID)
	left := eve.waitEvent(30*time.Second, "the bot to reject the invite", func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Type == event.StateMember && evt.GetStateKey() == setup.acct.ID.String() &&
			evt.Content.AsMember().Membership != event.MembershipInvite
	})
	if m := left.Content.AsMember().Membership; m != event.MembershipLeave {
		t.Errorf("bot membership = %s, want leave (rejected)", m)
	}
}
