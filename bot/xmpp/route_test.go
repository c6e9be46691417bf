package xmpp

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"mellium.im/xmlstream"
	melliumxmpp "mellium.im/xmpp"
)

const streamOpen = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"

// errNoStanza is input in which feed found no element to hand over.
var errNoStanza = errors.New("no stanza")

// feed hands one stanza to a connection's handler as mellium's session does (its start
// element, then a reader of the rest) and returns what the handler wrote back.
func feed(t testing.TB, h melliumxmpp.Handler, st string) (string, error) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(streamOpen + st))
	if _, err := d.Token(); err != nil {
		t.Fatal(err)
	}
	var start xml.StartElement
	for {
		tok, err := d.Token()
		if err != nil {
			return "", errNoStanza // the session's reader fails before any handler
		}
		if s, ok := tok.(xml.StartElement); ok {
			start = s.Copy()
			break
		}
	}
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	err := h.HandleXMPP(struct {
		xml.TokenReader
		*xml.Encoder
	}{xmlstream.InnerElement(d), enc}, &start)
	if ferr := enc.Flush(); err == nil {
		err = ferr
	}
	return out.String(), err
}

// iqAnswer is what a handler wrote back to a request.
type iqAnswer struct {
	To    string     `xml:"to,attr"`
	ID    string     `xml:"id,attr"`
	Type  string     `xml:"type,attr"`
	Error *stanzaErr `xml:"error"`
}

// Pings are answered, also from an occupant whose nick mellium's address rules refuse;
// any other request is refused with service-unavailable, never by ending the connection
// (mellium's own refusal gives up on an address it cannot parse, and closes the stream).
func TestRouterAnswersRequests(t *testing.T) {
	const odd = testRoom + "/\u3164" // HANGUL FILLER: a nick Prosody's stringprep lets through
	tests := []struct {
		name, iq  string
		to, typ   string
		condition string
	}{
		{"ping from the server", `<iq type='get' id='p1' from='example.org'><ping xmlns='urn:xmpp:ping'/></iq>`, "example.org", "result", ""},
		{"ping from an odd nick", `<iq type='get' id='p1' from='` + odd + `'><ping xmlns='urn:xmpp:ping'/></iq>`, odd, "result", ""},
		{"other request", `<iq type='get' id='p1' from='ana@example.org/x'><query xmlns='jabber:iq:version'/></iq>`, "ana@example.org/x", "error", "service-unavailable"},
		{"other request from an odd nick", `<iq type='get' id='p1' from='` + odd + `'><query xmlns='jabber:iq:version'/></iq>`, odd, "error", "service-unavailable"},
		{"a set from an odd nick", `<iq type='set' id='p1' from='` + odd + `'><query xmlns='jabber:iq:roster'/></iq>`, odd, "error", "service-unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := joinedTransport(t)
			out, err := feed(t, tr.handler(context.Background(), tr.conn), tc.iq)
			if err != nil {
				t.Fatalf("the handler failed (mellium would end the connection): %v", err)
			}
			var got iqAnswer
			if err := xml.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("answer %q: %v", out, err)
			}
			if got.To != tc.to || got.ID != "p1" || got.Type != tc.typ || tc.condition != "" && got.Error.asError().Condition != tc.condition {
				t.Fatalf("answer %s, want a %s to %s (%s)", out, tc.typ, tc.to, tc.condition)
			}
		})
	}
}

// A message is read once, however many payloads it carries (mux calls a handler per child
// element), also from an occupant whose nick mellium's address rules refuse; an unreadable
// one is skipped without ending the connection.
func TestRouterReadsEachMessageOnce(t *testing.T) {
	odd := mucPresence{Nick: "\u3164", Role: "participant", JID: "dan@example.org/x"}
	tests := []struct {
		name, stanza string
		want         int
	}{
		{"many payloads", `<message from='` + testRoom + `/ana' type='groupchat' id='m1'><body>!help</body>` +
			`<origin-id xmlns='urn:xmpp:sid:0' id='o1'/><stanza-id xmlns='urn:xmpp:sid:0' id='s1' by='` + testRoom + `'/>` +
			`<active xmlns='http://jabber.org/protocol/chatstates'/><markable xmlns='urn:xmpp:chat-markers:0'/></message>`, 1},
		{"two bodies", `<message from='` + testRoom + `/ana' type='groupchat' id='m2'><body>!help</body><body xml:lang='fr'>!aide</body></message>`, 1},
		{"an odd nick", `<message from='` + testRoom + `/` + odd.Nick + `' type='groupchat' id='m3'><body>!help</body></message>`, 1},
		{"a private message from an odd nick", `<message from='` + testRoom + `/` + odd.Nick + `' type='chat' id='m4'><body>!help</body></message>`, 1},
		{"an unreadable stamp", `<message from='` + testRoom + `/ana' type='groupchat' id='m5'><body>!help</body>` +
			`<delay xmlns='urn:xmpp:delay' stamp='yesterday'/></message>`, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := joinedTransport(t, ana, odd)
			delivered := delivering(t, tr)
			if out, err := feed(t, tr.handler(context.Background(), tr.conn), tc.stanza); err != nil || out != "" {
				t.Fatalf("handler: %q, %v; want no answer and no error", out, err)
			}
			if got := delivered(); len(got) != tc.want {
				t.Fatalf("delivered %+v, want %d", got, tc.want)
			}
		})
	}
}

// An occupant whose nick mellium's address rules refuse is still seen joining and leaving.
func TestRouterTracksEveryOccupant(t *testing.T) {
	tr, _ := joinedTransport(t)
	h := tr.handler(context.Background(), tr.conn)
	for _, st := range []string{
		`<presence from='` + testRoom + `/` + "\u3164" + `'><x xmlns='http://jabber.org/protocol/muc#user'><item jid='dan@example.org/x' role='participant' affiliation='none'/></x>` +
			`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`,
	} {
		if _, err := feed(t, h, st); err != nil {
			t.Fatal(err)
		}
	}
	if got := tr.rooms[testRoom].occ.nicksOf("dan@example.org"); len(got) != 1 || got[0] != "\u3164" {
		t.Fatalf("occupants with dan's JID: %q, want the one with the odd nick", got)
	}
	if _, err := feed(t, h, `<presence type='unavailable' from='`+testRoom+`/`+"\u3164"+`'><x xmlns='http://jabber.org/protocol/muc#user'><item role='none' affiliation='none'/></x></presence>`); err != nil {
		t.Fatal(err)
	}
	if got := tr.rooms[testRoom].occ.nicksOf("dan@example.org"); len(got) != 0 {
		t.Fatalf("dan left, but the room still shows %q", got)
	}
}

// FuzzRouter feeds any stanza to a connection's handler: it never fails (mellium would end the
// connection), never panics, and what it answers is well-formed.
func FuzzRouter(f *testing.F) {
	f.Add("<iq type='get' id='1' from='a@b/\u3164'><ping xmlns='urn:xmpp:ping'/></iq>")
	f.Add(`<iq type='set' id='1' from='a@b/c'><query xmlns='x'/></iq>`)
	f.Add(`<message from='` + testRoom + `/ana' type='groupchat'><body>!help</body><delay xmlns='urn:xmpp:delay' stamp='x'/></message>`)
	f.Add(`<message from='r@c'><x xmlns='jabber:x:conference' jid='@@'/><body>hi</body></message>`)
	f.Add(`<presence from='` + testRoom + `/ana'><x xmlns='http://jabber.org/protocol/muc#user'><item jid='%%' role='x'/></x></presence>`)
	f.Fuzz(func(t *testing.T, st string) {
		d := xml.NewDecoder(strings.NewReader(streamOpen + st))
		if _, err := d.Token(); err != nil {
			return
		}
		tr, _ := joinedTransport(t, ana)
		_ = delivering(t, tr)
		out, err := feed(t, tr.handler(context.Background(), tr.conn), st)
		if errors.Is(err, errNoStanza) {
			return
		}
		if err != nil {
			t.Fatalf("handler: %v", err)
		}
		if out != "" {
			var v struct {
				XMLName xml.Name
			}
			if err := xml.Unmarshal([]byte(out), &v); err != nil || v.XMLName.Local != "iq" {
				t.Fatalf("answer %q: %v", out, err)
			}
		}
	})
}
