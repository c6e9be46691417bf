package xmpp

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// readStanza reads the next top-level element of a stream as mellium hands it to the
// handler: the start element, then decodeStanza.
func readStanza(d *xml.Decoder) (any, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		if start, ok := tok.(xml.StartElement); ok {
			return decodeStanza(d, start)
		}
	}
}

// read decodes stanzas exactly as the session's handler does, from a stream of real XML.
func read(t *testing.T, stanzas string) any {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + stanzas))
	if _, err := d.Token(); err != nil {
		t.Fatal(err)
	}
	v, err := readStanza(d)
	if err != nil {
		t.Fatalf("readStanza: %v", err)
	}
	return v
}

func readMessage(t *testing.T, stanza string) *message {
	t.Helper()
	m, ok := read(t, stanza).(*message)
	if !ok {
		t.Fatalf("not a message: %s", stanza)
	}
	return m
}

func TestDelayed(t *testing.T) {
	tests := []struct {
		name   string
		stanza string
		want   bool
	}{
		{"live", `<message from='r@c.x/ana' type='groupchat'><body>!help</body></message>`, false},
		{"history from Prosody", `<message from='r@c.x/ana' type='groupchat'><body>!help</body>` +
			`<delay xmlns='urn:xmpp:delay' from='r@c.x' stamp='2026-11-25T02:12:28Z'/></message>`, true},
		{"fractional stamp", `<message from='r@c.x/ana' type='groupchat'><body>!help</body>` +
			`<delay xmlns='urn:xmpp:delay' stamp='2026-11-25T02:12:28.123456Z'/></message>`, true},
		{"legacy delay", `<message from='r@c.x/ana' type='groupchat'><body>!help</body>` +
			`<x xmlns='jabber:x:delay' stamp='20261125T02:12:28'/></message>`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := delayed(readMessage(t, tc.stanza)); got != tc.want {
				t.Fatalf("delayed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseInvitation(t *testing.T) {
	tests := []struct {
		name   string
		stanza string
		want   invitation
		ok     bool
	}{
		{"direct XEP-0249", `<message from='ana@example.org/phone'><x xmlns='jabber:x:conference' jid='assembly@conference.example.org' reason='join us'/></message>`,
			invitation{Room: "assembly@conference.example.org", From: "ana@example.org/phone", Kind: "direct"}, true},
		{"mediated XEP-0045", `<message from='Assembly@conference.example.org'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='ana@example.org/phone'><reason>hi</reason></invite></x></message>`,
			invitation{Room: "assembly@conference.example.org", From: "ana@example.org/phone", Kind: "mediated"}, true},
		{"muc#user without invite", `<message from='assembly@conference.example.org'><x xmlns='http://jabber.org/protocol/muc#user'><status code='104'/></x></message>`,
			invitation{}, false},
		{"plain message", `<message from='ana@example.org/phone'><body>hi</body></message>`, invitation{}, false},
		{"Prosody's mediated invite with both forms", `<message to='folkmoot@localhost' from='r@conference.localhost'>` +
			`<x xmlns='http://jabber.org/protocol/muc#user'><invite from='alice@localhost/test'><reason/></invite></x>` +
			`<x jid='r@conference.localhost' xmlns='jabber:x:conference'/><body>alice@localhost/test invited you</body></message>`,
			invitation{Room: "r@conference.localhost", From: "alice@localhost/test", Kind: "mediated"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseInvitation(readMessage(t, tc.stanza))
			if ok != tc.ok || got != tc.want {
				t.Fatalf("parseInvitation = %+v, %v; want %+v, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestStanzasAreWellFormed(t *testing.T) {
	for _, s := range []string{
		render(t, outgoing{to: "r@c.x", typ: "groupchat", id: "id1", body: "a <b> & 'c' \"d\" \x00\x1b", unstyled: true,
			oobURL: "https://u.x/f?a=1&b=2", oobDesc: "min<utes>", replyTo: "r@c.x/an'a", replyID: "x&y"}.stanza()),
		render(t, outgoing{to: "r@c.x/ana", typ: "chat", id: "id2", body: "private"}.stanza()),
	} {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("not well-formed: %v\n%s", err, s)
				}
				break
			}
		}
	}
}

// FuzzReadStanza feeds arbitrary stanzas to the reader: it must never panic, and what it
// accepts must give consistent answers.
func FuzzReadStanza(f *testing.F) {
	f.Add(`<message from='r@c/ana' type='groupchat'><body>!help</body><delay xmlns='urn:xmpp:delay' stamp='x'/></message>`)
	f.Add(`<message from='r@c'><x xmlns='http://jabber.org/protocol/muc#user'><invite from='a@b'/></x></message>`)
	f.Add(`<presence from='r@c/ana' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item nick='b' role='participant'/><status code='303'/></x></presence>`)
	f.Add(`<message from='r@c/ana' type='groupchat' id='pm:YmVu:1'><body>!help</body></message>`)
	f.Add(`<iq type='error' id='1'><error><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`)
	f.Fuzz(func(t *testing.T, stanza string) {
		d := xml.NewDecoder(strings.NewReader("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + stanza))
		if _, err := d.Token(); err != nil {
			return
		}
		v, err := readStanza(d)
		if err != nil {
			return
		}
		switch s := v.(type) {
		case *message:
			if inv, ok := parseInvitation(s); ok && (inv.Room == "" || inv.From == "") {
				t.Fatalf("invitation without room or inviter: %+v", inv)
			}
			_ = delayed(s)
			if id := messageID(s, "r@c"); strings.HasPrefix(id, "pm:") {
				t.Fatalf("room message ID %q would send its answers privately", id)
			}
			_ = s.Error.asError()
		case *presence:
			_ = occupantPresence(resource(s.From), s)
			_ = s.Error.asError()
		}
	})
}

func TestReadStanzaErrorsAndIDs(t *testing.T) {
	m := readMessage(t, `<message from='r@c.x' type='error'><error type='modify'><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>`+
		`<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>You are not currently connected to this chat</text></error></message>`)
	if se := m.Error.asError(); se.Condition != "not-acceptable" || !strings.Contains(se.Text, "not currently connected") {
		t.Fatalf("error = %+v, want not-acceptable with its text", se)
	}
	if se := (*stanzaErr)(nil).asError(); se.Condition != "undefined-condition" {
		t.Fatalf("nil error = %+v", se)
	}

	m = readMessage(t, `<message from='r@c.x/ana' type='groupchat' id='I1'><body>x</body><origin-id xmlns='urn:xmpp:sid:0' id='O1'/>`+
		`<stanza-id xmlns='urn:xmpp:sid:0' id='F1' by='ana@example.org'/><stanza-id xmlns='urn:xmpp:sid:0' id='S1' by='r@c.x'/></message>`)
	if got := messageID(m, "r@c.x"); got != "S1" {
		t.Fatalf("messageID = %q, want the room's stanza-id S1", got)
	}
	m.StanzaIDs = nil
	if got := messageID(m, "r@c.x"); got != "I1" {
		t.Fatalf("messageID without the room's stanza-id = %q, want the stanza's id I1", got)
	}
	m.ID = ""
	if got := messageID(m, "r@c.x"); got != "O1" {
		t.Fatalf("messageID without ids = %q, want origin-id O1", got)
	}

	if v, err := readStanza(xml.NewDecoder(strings.NewReader("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>"))); v != nil || err != nil {
		t.Fatalf("a non-stanza element: got %v, %v; want nothing", v, err)
	}
	if _, err := readStanza(xml.NewDecoder(strings.NewReader(""))); !errors.Is(err, io.EOF) {
		t.Fatalf("empty input: got %v, want EOF", err)
	}
}

func TestOccupantPresence(t *testing.T) {
	tests := []struct {
		name   string
		stanza string
		want   mucPresence
		self   bool
	}{
		{"join with real JID", `<presence from='r@c/ana'><x xmlns='http://jabber.org/protocol/muc#user'><item jid='ana@x/p' role='participant' affiliation='member'/></x></presence>`,
			mucPresence{Nick: "ana", Role: "participant", Affiliation: "member", JID: "ana@x/p"}, false},
		{"nick change", `<presence from='r@c/ana' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item nick='anna' role='participant' affiliation='none'/><status code='303'/></x></presence>`,
			mucPresence{Nick: "ana", Unavailable: true, Role: "participant", Affiliation: "none", NewNick: "anna"}, false},
		{"kick of the bot", `<presence from='r@c/folkmoot' type='unavailable'><x xmlns='http://jabber.org/protocol/muc#user'><item role='none' affiliation='none'/><status code='307'/><status code='110'/></x></presence>`,
			mucPresence{Nick: "folkmoot", Unavailable: true, Role: "none", Affiliation: "none"}, true},
		{"avatar x before the MUC x", `<presence from='r@c/ana'><x xmlns='vcard-temp:x:update'><photo/></x><x xmlns='http://jabber.org/protocol/muc#user'><item role='moderator' affiliation='owner'/></x></presence>`,
			mucPresence{Nick: "ana", Role: "moderator", Affiliation: "owner"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := read(t, tc.stanza).(*presence)
			if !ok {
				t.Fatal("not a presence")
			}
			if got := occupantPresence(resource(p.From), p); got != tc.want {
				t.Fatalf("occupantPresence = %+v, want %+v", got, tc.want)
			}
			if got := p.MUC.has("110"); got != tc.self {
				t.Fatalf("self-presence = %v, want %v", got, tc.self)
			}
		})
	}
	if got := removalReason(nil); got == "" {
		t.Fatal("removalReason(nil) is empty")
	}
}

// A room whose name mellium's address rules (PRECIS) refuse, but servers applying stringprep
// accept, is heard like any other: its stanza-ids, history stamps, errors and invitations
// name it, and each is read.
func TestRoomNamesMelliumRefuses(t *testing.T) {
	for _, room := range []string{"assemblée–nord@conference.example.org", "jardin·fleuri@conference.example.org"} {
		t.Run(room, func(t *testing.T) {
			m := readMessage(t, `<message from='`+room+`/ana' type='groupchat' id='i1'><body>!help</body>`+
				`<stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='`+room+`'/>`+
				`<delay xmlns='urn:xmpp:delay' from='`+room+`' stamp='2026-11-29T10:00:00Z'/></message>`)
			if id := messageID(m, room); id != "s1" {
				t.Errorf("messageID = %q, want the room's stanza-id s1", id)
			}
			if stamp, ok := delayStamp(m); !ok || !stamp.Equal(t0) {
				t.Errorf("delay stamp = %v, %v; want %v", stamp, ok, t0)
			}
			m = readMessage(t, `<message from='`+room+`' type='error'><error type='cancel' by='`+room+`'>`+
				`<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>`)
			if se := m.Error.asError(); se.Condition != "not-acceptable" {
				t.Errorf("error condition %q, want not-acceptable", se.Condition)
			}
			m = readMessage(t, `<message from='ana@example.org/phone'><x xmlns='jabber:x:conference' jid='`+room+`'/></message>`)
			if inv, ok := parseInvitation(m); !ok || inv.Room != room {
				t.Errorf("invitation %+v, %v; want one to %s", inv, ok, room)
			}
		})
	}
}
