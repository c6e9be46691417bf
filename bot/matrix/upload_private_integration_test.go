package matrix

import (
	"context"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
	"folkmoot/config"
)

// A private file goes, encrypted, into the direct room the bot opens for the member. Once the
// bot runs with encryption off, that room can carry nothing more: the next private file opens
// a new, unencrypted direct room, as a private reply does, rather than being dropped; the old
// room gets nothing in the clear.
func TestIntegrationPrivateFileAfterEncryptionOff(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	b := setup.start(t, env)
	ana := newPerson(t, env, "member")
	upload := func(b *runningBot, content string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// The room the command came from plays no part on Matrix.
		from := bot.Room{Protocol: bot.Matrix, ID: "!assembly:" + env.ServerName}
		return b.tr.UploadPrivate(ctx, from, ana.acct.ID.String(), bot.File{Name: "data.txt", MIMEType: "text/plain",
			Content: strings.NewReader(content), Size: int64(len(content)), Caption: "Your data"})
	}
	received := func(room id.RoomID, content string, wantEncrypted bool) {
		t.Helper()
		evt := ana.waitEvent(time.Minute, "the file "+content, func(evt *event.Event) bool {
			return evt.RoomID == room && evt.Sender == setup.acct.ID && evt.Type == event.EventMessage &&
				evt.Content.AsMessage().MsgType == event.MsgFile
		})
		data, encrypted := ana.Download(t, evt.Content.AsMessage())
		if string(data) != content || encrypted != wantEncrypted {
			t.Errorf("received %q (encrypted %v), want %q (encrypted %v)", data, encrypted, content, wantEncrypted)
		}
		if got := evt.Mautrix.EventSource&event.SourceDecrypted != 0; got != wantEncrypted {
			t.Errorf("the file's event: decrypted %v, want %v", got, wantEncrypted)
		}
	}

	if err := upload(b, "first-0a1b"); err != nil {
		t.Fatalf("UploadPrivate: %v", err)
	}
	dm, direct := ana.WaitInvite(t, setup.acct.ID)
	if !direct {
		t.Error("the invitation is not marked direct")
	}
	ana.join(dm)
	received(dm, "first-0a1b", true)

	b.stop()
	setup.cfg = func(c *config.Matrix) { off := false; c.Encryption = &off; c.PickleKey = "" }
	b = setup.start(t, env)
	if err := upload(b, "second-2c3d"); err != nil {
		t.Fatalf("UploadPrivate with encryption off: %v", err)
	}
	next, _ := ana.WaitInvite(t, setup.acct.ID, dm)
	ana.join(next)
	received(next, "second-2c3d", false)
	for _, evt := range ana.timeline(dm) {
		if evt.Sender == setup.acct.ID && evt.Type == event.EventMessage {
			t.Errorf("the bot posted into the encrypted direct room in the clear: %s", evt.ID)
		}
	}
}
