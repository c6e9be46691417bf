package xmpp

import (
	"context"
	"encoding/xml"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"mellium.im/xmlstream"
	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/stanza"

	"folkmoot/bot"
	"folkmoot/bot/bottest"
	"folkmoot/config"
)

func TestOccupantsNicksOf(t *testing.T) {
	o := newOccupants(testRoom)
	o.apply(mucPresence{Nick: "ana", Role: "participant", JID: "ana@example.org/phone"})
	o.apply(mucPresence{Nick: "ana-laptop", Role: "participant", JID: "Ana@Example.org/laptop"})
	o.apply(mucPresence{Nick: "ben", Role: "participant", JID: "ben@example.org/x"})
	o.apply(mucPresence{Nick: "cleo", Role: "participant"}) // the room hides her address
	tests := []struct {
		name, to string
		want     []string
	}{
		{"one occupant", "ben@example.org", []string{"ben"}},
		{"two clients, sorted", "ana@example.org", []string{"ana", "ana-laptop"}},
		{"a full JID and another case", "ANA@example.org/tablet", []string{"ana", "ana-laptop"}},
		{"not in the room", "dan@example.org", nil},
		{"a hidden occupant is never guessed by nick", "cleo@example.org", nil},
		{"an occupant JID is no real JID", testRoom + "/ben", nil},
		{"empty", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := o.nicksOf(tc.to); !slices.Equal(got, tc.want) {
				t.Fatalf("nicksOf(%q) = %q, want %q", tc.to, got, tc.want)
			}
		})
	}
}

// joinedTransport is a transport joined to testRoom, caught up, with these occupants and an
// empty records, on a connection that is already shut: nothing reaches a network, and a write fails as on a
// connection that just dropped.
func joinedTransport(t *testing.T, occupants ...mucPresence) (*Transport, *bottest.LogLines) {
	t.Helper()
	logs := &bottest.LogLines{}
	cfg := &config.XMPP{JID: "folkmoot@example.org", Password: "x", TLS: "starttls",
		Rooms: []config.XMPPRoom{{JID: testRoom, Nick: "folkmoot"}}}
	tr, err := New(cfg, nopKV{}, zerolog.New(logs).Level(zerolog.DebugLevel), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	c := &conn{echoes: map[string]echo{}, done: make(chan struct{}), served: make(chan struct{}), muc: &muc.Client{}}
	close(c.done)
	tr.conn = c
	if tr.records, err = loadRecords(context.Background(), newMemKV(), zerolog.Nop(), t0); err != nil {
		t.Fatal(err)
	}
	r := tr.rooms[testRoom]
	r.state, r.caughtUp = roomJoined, true
	for _, p := range occupants {
		r.occ.apply(p)
	}
	return tr, logs
}

var (
	ana   = mucPresence{Nick: "ana", Role: "participant", JID: "ana@example.org/phone"}
	ana2  = mucPresence{Nick: "ana-laptop", Role: "participant", JID: "ana@example.org/laptop"}
	ben   = mucPresence{Nick: "ben", Role: "participant", JID: "ben@example.org/x"}
	cleo  = mucPresence{Nick: "cleo", Role: "participant"} // hidden
	xroom = bot.Room{Protocol: bot.XMPP, ID: testRoom}
)

// A private reply goes to the member's occupants alone, as private messages (type chat to
// room/nick, with the muc#user hint), styled as in the room, with mentions by nick.
func TestPrivatelyAddressesTheMembersOccupants(t *testing.T) {
	tr, _ := joinedTransport(t, ana, ana2, ben, cleo)
	tg, err := tr.target(xroom)
	if err != nil {
		t.Fatal(err)
	}
	reply := bot.Say(bot.P("Your ", bot.B("secret"), " ballot: object, with the reason ", bot.Q("*not* this")))
	reply.Mentions = []bot.Member{{ID: "ben@example.org", Name: "Ben"}}
	outs := tg.privately("ana@example.org", reply)
	if len(outs) != 2 {
		t.Fatalf("%d private messages, want one to each of ana's two occupants: %+v", len(outs), outs)
	}
	for i, nick := range []string{"ana", "ana-laptop"} {
		o := outs[i]
		if o.to != testRoom+"/"+nick || o.typ != "chat" || o.id == "" || o.replyID != "" {
			t.Errorf("message %d: to %q type %q id %q reply %q; want a private message to %s/%s", i, o.to, o.typ, o.id, o.replyID, testRoom, nick)
		}
		if !strings.HasPrefix(o.body, "ben: ") || !strings.Contains(o.body, "*not* this") || !o.unstyled {
			t.Errorf("message %d: body %q unstyled %v; want ben's nick first and the quoted text literal with <unstyled/>", i, o.body, o.unstyled)
		}
		if s := render(t, o.stanza()); !strings.Contains(s, `type="chat"`) || !strings.Contains(s, nsMUCUser) {
			t.Errorf("message %d is no MUC private message: %s", i, s)
		}
	}
	if outs[0].id == outs[1].id {
		t.Error("the two messages share an ID")
	}
	if got := tg.privately("ana@example.org", bot.Say(bot.P(bot.B("bold")))); len(got) != 2 || got[0].body != "*bold*" || got[0].unstyled {
		t.Errorf("the bot's own styling: %+v, want *bold* without <unstyled/>", got)
	}
}

// A member who is not in the room, or whom the room hides, is not reached: the reply is
// dropped without an error (which would hold up the room's outbox) and its text stays out of
// the log. A member who is there is written to; a failed write is an error, so the outbox
// tries again.
func TestSendPrivate(t *testing.T) {
	const secret = "object, with the reason unguessable-31ab"
	reply := bot.Text("Your secret ballot is recorded: " + secret + ".")
	tests := []struct {
		name, to string
		wantErr  error
	}{
		{"not in the room", "dan@example.org", nil},
		{"hidden by the room", "cleo@example.org", nil},
		{"an occupant JID", testRoom + "/ben", nil},
		{"present", "ben@example.org", errClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, logs := joinedTransport(t, ana, ben, cleo)
			err := tr.SendPrivate(context.Background(), xroom, tc.to, reply)
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Fatalf("SendPrivate = %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr == nil && !strings.Contains(logs.String(), "dropped") {
				t.Errorf("no log line says the reply was dropped: %s", logs)
			}
			if strings.Contains(logs.String(), "unguessable") {
				t.Errorf("the log holds the reply's text: %s", logs)
			}
		})
	}
}

// Like Send, SendPrivate fails (and the outbox keeps the reply) while disconnected or not yet
// joined.
func TestSendPrivateBeforeJoining(t *testing.T) {
	tr, _ := joinedTransport(t, ben)
	reply := bot.Text("hi")
	tr.rooms[testRoom].caughtUp = false
	if err := tr.SendPrivate(context.Background(), xroom, "ben@example.org", reply); err == nil || !strings.Contains(err.Error(), "not joined") {
		t.Fatalf("while the join's history is read: %v, want not joined", err)
	}
	tr.conn = nil
	if err := tr.SendPrivate(context.Background(), xroom, "ben@example.org", reply); !errors.Is(err, errNotConnected) {
		t.Fatalf("disconnected: %v, want errNotConnected", err)
	}
	if err := tr.SendPrivate(context.Background(), bot.Room{Protocol: bot.Matrix, ID: "!x:y"}, "ben@example.org", reply); err == nil {
		t.Fatal("a Matrix room must fail")
	}
}

// A private message to the bot reaches the core marked Private, from the member, with an ID
// that sends its answers back privately.
func TestPrivateMessageIsMarkedPrivate(t *testing.T) {
	tr, _ := joinedTransport(t, ben)
	delivered := delivering(t, tr)
	tr.onMessage(context.Background(), tr.conn, readMessage(t, `<message from='`+testRoom+`/ben' type='chat' id='p1'><body>!agree</body>`+
		`<x xmlns='http://jabber.org/protocol/muc#user'/></message>`))
	got := delivered()
	if len(got) != 1 {
		t.Fatalf("delivered %+v, want one message", got)
	}
	m := got[0]
	ref, ok := parsePrivateID(m.ID)
	if !m.Private || m.Sender.ID != "ben@example.org" || m.Text != "!agree" || !ok || ref != (privateRef{nick: "ben", jid: "ben@example.org", id: "p1"}) {
		t.Fatalf("delivered %+v, want a Private message from ben@example.org whose ID leads back to ben", m)
	}
}

// Private messages without an ID each get their own, so the core (which runs a command once
// per ID) runs every one of them, and each answer still goes back to its author.
func TestPrivateMessagesWithoutAnIDAreEachRun(t *testing.T) {
	tr, _ := joinedTransport(t, ben)
	delivered := delivering(t, tr)
	for _, text := range []string{"!agree", "!status"} {
		tr.onMessage(context.Background(), tr.conn, readMessage(t, `<message from='`+testRoom+`/ben' type='chat'><body>`+text+`</body></message>`))
	}
	got := delivered()
	if len(got) != 2 || got[0].ID == got[1].ID {
		t.Fatalf("delivered %+v, want two messages with different IDs", got)
	}
	for _, m := range got {
		if ref, ok := parsePrivateID(m.ID); !ok || ref.nick != "ben" || ref.jid != "ben@example.org" || ref.id == "" {
			t.Errorf("ID %q reads as %+v, %v; want a fresh ID that leads back to ben", m.ID, ref, ok)
		}
	}
}

// delivering has the transport hand what reaches the core to the returned function, which
// waits until the room's queue is empty and returns everything delivered since the last call.
func delivering(t *testing.T, tr *Transport) func() []bot.Message {
	t.Helper()
	in := &recordingInbox{}
	tr.in, tr.runCtx = in, context.Background()
	return func() []bot.Message {
		in.mu.Lock()
		defer in.mu.Unlock()
		out := in.got
		in.got = nil
		return out
	}
}

// The answer to a private message follows its author by real JID: to their new nick when
// they changed it, never to someone who took their old one, and nowhere once they left.
func TestAnswerToAPrivateMessageFollowsItsAuthor(t *testing.T) {
	benNow := mucPresence{Nick: "benjamin", Role: "participant", JID: "ben@example.org/x"}
	impostor := mucPresence{Nick: "ben", Role: "participant", JID: "mallory@example.org/x"}
	tests := []struct {
		name      string
		occupants []mucPresence
		ref       privateRef
		want      string
	}{
		{"still there", []mucPresence{ben}, privateRef{nick: "ben", jid: "ben@example.org"}, "ben"},
		{"renamed", []mucPresence{benNow}, privateRef{nick: "ben", jid: "ben@example.org"}, "benjamin"},
		{"left, the nick taken by another", []mucPresence{impostor}, privateRef{nick: "ben", jid: "ben@example.org"}, ""},
		{"left", []mucPresence{ana}, privateRef{nick: "ben", jid: "ben@example.org"}, ""},
		{"anonymous author: the nick is all there is", []mucPresence{cleo}, privateRef{nick: "cleo"}, "cleo"},
		{"anonymous author left", []mucPresence{ana}, privateRef{nick: "cleo"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := joinedTransport(t, tc.occupants...)
			tg, err := tr.target(xroom)
			if err != nil {
				t.Fatal(err)
			}
			if got := tg.authorNick(tc.ref); got != tc.want {
				t.Fatalf("authorNick(%+v) = %q, want %q", tc.ref, got, tc.want)
			}
		})
	}
}

// A bounced private message says nothing about the room: Sends waiting on the room's echo
// wait on and the bot does not join again. A bounce from the room itself still fails them,
// and "not-acceptable" from it (the room forgot the bot) makes the bot join again.
func TestBouncedPrivateMessageLeavesTheRoomAlone(t *testing.T) {
	bounce := func(from string) xml.TokenReader {
		return stanza.Message{From: address(from), Type: stanza.ErrorMessage, ID: "x"}.Wrap(xmlstream.MultiReader(
			xmlstream.Wrap(xmlstream.Token(xml.CharData("Your secret ballot: object")), xml.StartElement{Name: xml.Name{Local: "body"}}),
			stanza.Error{Type: stanza.Cancel, Condition: stanza.NotAcceptable}.TokenReader(),
		))
	}
	tests := []struct {
		name, from string
		wantFailed bool
	}{
		{"private message to an occupant", testRoom + "/ben", false},
		{"room message", testRoom, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, logs := joinedTransport(t, ben)
			ctx := context.Background()
			waiting := tr.conn.expectEcho("fm-1", testRoom)
			tr.onMessage(ctx, tr.conn, readMessage(t, render(t, bounce(tc.from))))
			failed := len(waiting) == 1
			rejoined := tr.rooms[testRoom].state != roomJoined
			if failed != tc.wantFailed || rejoined != tc.wantFailed {
				t.Fatalf("waiting Send failed %v, joined again %v; want %v for both", failed, rejoined, tc.wantFailed)
			}
			if !strings.Contains(logs.String(), "not-acceptable") || strings.Contains(logs.String(), "object") {
				t.Errorf("the log should name the condition, never the text: %s", logs)
			}
		})
	}
}

// A room message whose sender picked an ID that reads as a private message's (the room gave
// it no stanza-id) is still a room message: its answers go to the room, not privately to
// whoever the ID names.
func TestRoomMessageCannotPassForPrivate(t *testing.T) {
	forged := privateID(privateRef{nick: "ben", jid: "ben@example.org", id: "1"})
	from := `<message from='` + testRoom + `/ana' type='groupchat'`
	tests := []struct{ name, stanza string }{
		{"the stanza's id", from + ` id='` + forged + `'><body>!status</body></message>`},
		{"origin-id", from + `><body>!status</body><origin-id xmlns='urn:xmpp:sid:0' id='` + forged + `'/></message>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := joinedTransport(t, ana, ben)
			delivered := delivering(t, tr)
			tr.onMessage(context.Background(), tr.conn, readMessage(t, tc.stanza))
			got := delivered()
			if len(got) != 1 {
				t.Fatalf("delivered %+v, want the room message", got)
			}
			if ref, private := parsePrivateID(got[0].ID); private || got[0].Private {
				t.Fatalf("room message ID %q reads as private to %+v; its answers would leave the room", got[0].ID, ref)
			}
		})
	}
}

// A self-ping's outcome reads as XEP-0410 says; only a plain refusal means the room lost the
// bot, so a slow server never makes it join again.
func TestSelfPingAnswer(t *testing.T) {
	tests := []struct {
		err  error
		want membership
	}{
		{nil, joined},
		{stanza.Error{Condition: stanza.FeatureNotImplemented}, joined},
		{stanza.Error{Condition: stanza.ItemNotFound}, joined},
		{stanza.Error{Condition: stanza.NotAcceptable}, notJoined},
		{stanza.Error{Condition: stanza.BadRequest}, notJoined},
		{stanza.Error{Condition: stanza.RemoteServerTimeout}, unknownMembership},
		{context.DeadlineExceeded, unknownMembership},
	}
	for _, tc := range tests {
		if got := selfPingAnswer(tc.err); got != tc.want {
			t.Errorf("selfPingAnswer(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
}

// recordingInbox keeps what the adapter hands the runtime.
type recordingInbox struct {
	mu  sync.Mutex
	got []bot.Message
}

func (r *recordingInbox) Deliver(_ context.Context, m bot.Message) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, m)
}
func (r *recordingInbox) Settle() {}
func (r *recordingInbox) Drain()  {}
