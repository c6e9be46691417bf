package xmpp

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"
)

// render encodes a stanza as the session's encoder would, for a test to read.
func render(t testing.TB, st xml.TokenReader) string {
	t.Helper()
	var b bytes.Buffer
	e := xml.NewEncoder(&b)
	if _, err := xmlstream.Copy(e, st); err != nil {
		t.Fatalf("encode: %v", err)
	}
	if err := e.Flush(); err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b.String()
}

// fixture is a stanza as another client or a server writes it, for a test to send or feed.
// RawToken keeps the xmlns attributes as written, so an encoder reproduces the stanza.
func fixture(s string) xml.TokenReader {
	return rawReader{xml.NewDecoder(strings.NewReader(s))}
}

type rawReader struct{ d *xml.Decoder }

func (r rawReader) Token() (xml.Token, error) { return r.d.RawToken() }

// A message the bot posts reads back with every part as given: a person's text stays text
// (markup, quotes, RTL, emoji), an occupant whose nick mellium's JID rules refuse is still
// addressed as the room spells it, and the reply, link, styling hint and origin-id are there.
func TestOutgoingStanzaReadsBack(t *testing.T) {
	tests := []outgoing{
		{to: "r@c.x", typ: "groupchat", id: "fm-1", body: "Zoë 🌻 said <b>\"hi\"</b> & رێزان said 'ok'", unstyled: true,
			oobURL: "https://u.x/f?a=1&b=2", oobDesc: "minutes <draft>", replyTo: "r@c.x/Zoë 🌻", replyID: "x&y"},
		{to: "r@c.x/\u3164", typ: "chat", id: "fm-2", body: "private"},
	}
	for _, o := range tests {
		var got struct {
			To       string    `xml:"to,attr"`
			Type     string    `xml:"type,attr"`
			ID       string    `xml:"id,attr"`
			Body     string    `xml:"body"`
			Unstyled *struct{} `xml:"urn:xmpp:styling:0 unstyled"`
			OOB      struct {
				URL  string `xml:"url"`
				Desc string `xml:"desc"`
			} `xml:"jabber:x:oob x"`
			Reply struct {
				To string `xml:"to,attr"`
				ID string `xml:"id,attr"`
			} `xml:"urn:xmpp:reply:0 reply"`
			MUC      *struct{}       `xml:"http://jabber.org/protocol/muc#user x"`
			OriginID stanza.OriginID `xml:"urn:xmpp:sid:0 origin-id"`
		}
		s := render(t, o.stanza())
		if err := xml.Unmarshal([]byte(s), &got); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
		if got.To != o.to || got.Type != string(o.typ) || got.ID != o.id || got.Body != o.body || (got.Unstyled != nil) != o.unstyled ||
			got.OOB.URL != o.oobURL || got.OOB.Desc != o.oobDesc || got.Reply.To != o.replyTo || got.Reply.ID != o.replyID ||
			(got.MUC != nil) != (o.typ == "chat") || got.OriginID.ID != o.id {
			t.Errorf("%+v reads back as %+v\n%s", o, got, s)
		}
	}
}

// The bind request asks for the bot's fixed resource (mellium's own would leave it empty).
func TestBindRequestNamesTheResource(t *testing.T) {
	req := stanza.IQ{XMLName: xml.Name{Space: stanza.NSClient, Local: "iq"}, ID: "b1", Type: stanza.SetIQ}
	var got struct {
		Type     string `xml:"type,attr"`
		Resource string `xml:"urn:ietf:params:xml:ns:xmpp-bind bind>resource"`
	}
	s := render(t, req.Wrap(bindRequest{resource: resourceName}.TokenReader()))
	if err := xml.Unmarshal([]byte(s), &got); err != nil || got.Type != "set" || got.Resource != resourceName {
		t.Fatalf("bind request %s reads as %+v (%v), want a set asking for %q", s, got, err, resourceName)
	}
}
