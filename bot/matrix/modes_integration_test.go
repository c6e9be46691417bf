package matrix

import (
	"context"
	"errors"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"

	"folkmoot/bot"
	"folkmoot/config"
)

// An access token instead of a password: the bot uses the token's device, sets up its keys,
// and keeps that device across a restart.
func TestIntegrationAccessToken(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	cli, err := mautrix.NewClient(env.URL, "", "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	login, err := cli.Login(ctx, &mautrix.ReqLogin{
		Type:       mautrix.AuthTypePassword,
		Identifier: mautrix.UserIdentifier{Type: mautrix.IdentifierTypeUser, User: setup.acct.ID.String()},
		Password:   setup.acct.Password,
	})
	if err != nil {
		t.Fatal(err)
	}
	setup.cfg = func(c *config.Matrix) { c.Password, c.AccessToken = "", login.AccessToken }
	first := setup.start(t, env)
	if first.tr.DeviceID() != login.DeviceID.String() {
		t.Errorf("device = %s, want the token's %s", first.tr.DeviceID(), login.DeviceID)
	}
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	if r := ana.replyTo(setup.acct.ID, ana.say(room, "!help")); r.Mautrix.EventSource&event.SourceDecrypted == 0 {
		t.Error("reply not encrypted")
	}
	first.stop()
	setup.start(t, env)
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
}

// With encryption: false the bot works in unencrypted rooms and refuses to post into
// encrypted ones rather than leak plaintext.
func TestIntegrationEncryptionOff(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.cfg = func(c *config.Matrix) { off := false; c.Encryption = &off; c.PickleKey = "" }
	b := setup.start(t, env)
	ana := newPerson(t, env, "member")
	plain := ana.createRoom(false, setup.acct.ID)
	ana.waitJoined(plain, setup.acct.ID)
	ana.replyTo(setup.acct.ID, ana.say(plain, "!help"))

	secret := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(secret, setup.acct.ID)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := b.tr.Send(ctx, bot.Room{Protocol: bot.Matrix, ID: secret.String()}, bot.Text("psst"))
	if !errors.Is(err, errEncryptedRoom) {
		t.Errorf("Send into an encrypted room without encryption: %v, want errEncryptedRoom", err)
	}
	for _, evt := range ana.timeline(secret) {
		if evt.Sender == setup.acct.ID && evt.StateKey == nil {
			t.Errorf("the bot posted %s into the encrypted room", evt.Type.Type)
		}
	}
}

// Kicked, the bot leaves quietly; invited again, it comes back and answers.
func TestIntegrationKickAndReinvite(t *testing.T) {
	env := needDendrite(t)
	setup := newBotSetup(t, env)
	setup.start(t, env)
	ana := newPerson(t, env, "member")
	room := ana.createRoom(true, setup.acct.ID)
	ana.waitJoined(room, setup.acct.ID)
	if _, err := ana.cli.KickUser(ana.ctx(), room, &mautrix.ReqKickUser{UserID: setup.acct.ID, Reason: "testing"}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "the bot to notice the kick", func() bool {
		return setup.logs.Count("removed from a room") == 1
	})
	ana.invite(room, setup.acct.ID)
	joins := func(evt *event.Event) bool {
		return evt.RoomID == room && evt.Type == event.StateMember && evt.GetStateKey() == setup.acct.ID.String() &&
			evt.Content.AsMember().Membership == event.MembershipJoin
	}
	waitFor(t, 30*time.Second, "the bot to join again", func() bool { return ana.count(joins) == 2 })
	ana.replyTo(setup.acct.ID, ana.say(room, "!help"))
	if n := setup.logs.Count("removed from a room"); n != 1 {
		t.Errorf("the kick was acted on %d times, want once (not again from history after rejoining)", n)
	}
}
