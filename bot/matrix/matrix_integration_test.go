package matrix

import (
	"strings"
	"testing"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// Tests 1 and 2: invited into a room, the bot joins and answers !help as a formatted Matrix
// reply; in an encrypted room the member's client decrypts the answer.
func TestIntegrationHelp(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	ana := newPerson(t, env, "member")
	for _, encrypted := range []bool{true, false} {
		name := map[bool]string{true: "encrypted", false: "unencrypted"}[encrypted]
		t.Run(name, func(t *testing.T) {
			room := ana.createRoom(encrypted, setup.acct.ID)
			ana.waitJoined(room, setup.acct.ID)
			cmd := ana.say(room, "!help")
			reply := ana.replyTo(setup.acct.ID, cmd)
			if got := reply.Mautrix.EventSource&event.SourceDecrypted != 0; got != encrypted {
				t.Errorf("reply decrypted = %v, want %v", got, encrypted)
			}
			c := reply.Content.AsMessage()
			if c.MsgType != event.MsgText || c.Body != helpText {
				t.Errorf("reply = %s %q, want m.text %q", c.MsgType, c.Body, helpText)
			}
			if c.Format != event.FormatHTML || !strings.Contains(c.FormattedBody, "<strong>Commands:</strong>") ||
				!strings.Contains(c.FormattedBody, "<code>!help</code>") {
				t.Errorf("formatted_body = %q, want HTML rendered from the document", c.FormattedBody)
			}

			// Addressed with a mention pill, as Element writes it.
			name := setup.acct.ID.Localpart()
			pill := ana.send(room, event.EventMessage, &event.MessageEventContent{
				MsgType: event.MsgText, Body: name + ": !echo hi there",
				Format:        event.FormatHTML,
				FormattedBody: `<a href="` + setup.acct.ID.URI().MatrixToURL() + `">` + name + `</a>: !echo hi there`,
				Mentions:      &event.Mentions{UserIDs: []id.UserID{setup.acct.ID}},
			})
			if c := ana.replyTo(setup.acct.ID, pill).Content.AsMessage(); c.Body != "hi there" {
				t.Errorf("reply to a pill-addressed command = %q, want %q", c.Body, "hi there")
			}
		})
	}
	// Each invite shows up twice in /sync (invite section, then the room's timeline).
	if n := setup.logs.Count("joined a room"); n != 2 {
		t.Errorf("joined %d times for 2 invites", n)
	}
}

// Test 3: a reply that mentions a member carries a pill and m.mentions with their user ID,
// so their client notifies them.
func TestIntegrationMention(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	ana := newPerson(t, env, "member")
	bea := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID, bea.acct.ID)
	bea.join(room)
	ana.waitJoined(room, setup.acct.ID)
	ana.waitJoined(room, bea.acct.ID)

	cmd := ana.say(room, "!mention "+bea.acct.ID.String())
	for _, p := range []*person{ana, bea} {
		c := p.replyTo(setup.acct.ID, cmd).Content.AsMessage()
		if !c.Mentions.Has(bea.acct.ID) || len(c.Mentions.UserIDs) != 1 {
			t.Errorf("%s sees m.mentions %+v, want exactly %s", p.acct.ID, c.Mentions, bea.acct.ID)
		}
		link := bea.acct.ID.URI().MatrixToURL()
		if !strings.Contains(c.FormattedBody, `<a href="`+link+`">`) {
			t.Errorf("formatted_body %q has no pill for %s", c.FormattedBody, bea.acct.ID)
		}
		if c.Body != "your turn, "+bea.acct.ID.String() {
			t.Errorf("body = %q", c.Body)
		}
	}
}
