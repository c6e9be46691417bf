package matrix

import (
	"context"
	"testing"
	"time"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot/matrix/matrixtest"
)

// person is a real Matrix client in the test (matrixtest.Person) with the short calls the
// adapter's own tests use, each failing the test that connected the person.
type person struct {
	*matrixtest.Person
	tb   testing.TB
	acct account
	cli  *mautrix.Client
}

// newPerson registers a user with the given name prefix, logs in with encryption and syncs
// until the test ends.
func newPerson(tb testing.TB, env dendriteEnv, prefix string) *person {
	tb.Helper()
	return loginPerson(tb, env, register(tb, env, prefix), true)
}

func loginPerson(tb testing.TB, env dendriteEnv, acct account, encryption bool) *person {
	tb.Helper()
	registerPollTypes() // before any client parses events: see there
	p := env.Login(tb, acct, encryption)
	return &person{Person: p, tb: tb, acct: acct, cli: p.Client()}
}

func (p *person) ctx() context.Context { return p.Ctx() }

func (p *person) waitEvent(timeout time.Duration, what string, match func(*event.Event) bool) *event.Event {
	p.tb.Helper()
	return p.WaitEvent(p.tb, timeout, what, match)
}

func (p *person) find(match func(*event.Event) bool) *event.Event { return p.Find(match) }

func (p *person) count(match func(*event.Event) bool) int { return p.Count(match) }

func (p *person) createRoom(encrypted bool, invite ...id.UserID) id.RoomID {
	p.tb.Helper()
	return p.CreateRoom(encrypted, invite...)
}

func (p *person) invite(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	p.Invite(room, user)
}

func (p *person) join(room id.RoomID) {
	p.tb.Helper()
	p.Join(room)
}

func (p *person) waitJoined(room id.RoomID, user id.UserID) {
	p.tb.Helper()
	p.WaitJoined(room, user)
}

func (p *person) send(room id.RoomID, typ event.Type, content any) id.EventID {
	p.tb.Helper()
	return p.Send(p.tb, room, typ, content)
}

func (p *person) say(room id.RoomID, text string) id.EventID {
	p.tb.Helper()
	return p.Say(p.tb, room, text)
}

// replyTo waits for the bot's message answering event cmd.
func (p *person) replyTo(from id.UserID, cmd id.EventID) *event.Event {
	p.tb.Helper()
	return p.ReplyTo(p.tb, from, cmd)
}

func (p *person) timeline(room id.RoomID) []*event.Event {
	p.tb.Helper()
	return p.Timeline(room)
}

var isReplyTo = matrixtest.IsReplyTo
