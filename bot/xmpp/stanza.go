package xmpp

import (
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
)

// XML namespaces read and written here.
const (
	nsClient     = "jabber:client"
	nsStream     = "http://etherx.jabber.org/streams"
	nsMUC        = "http://jabber.org/protocol/muc"
	nsMUCUser    = "http://jabber.org/protocol/muc#user"
	nsConference = "jabber:x:conference"
	nsDelay      = "urn:xmpp:delay"
	nsLegacyDely = "jabber:x:delay"
	nsSID        = "urn:xmpp:sid:0"
	nsStanzas    = "urn:ietf:params:xml:ns:xmpp-stanzas"
	nsPing       = "urn:xmpp:ping"
	nsDiscoInfo  = "http://jabber.org/protocol/disco#info"
	nsDiscoItems = "http://jabber.org/protocol/disco#items"
	nsUpload     = "urn:xmpp:http:upload:0"
)

// errStreamClosed is the server ending the stream (a restart, a shutdown).
var errStreamClosed = errors.New("xmpp: the server closed the stream")

// message is an incoming <message/> with the parts folkmoot reads.
type message struct {
	From     string `xml:"from,attr"`
	ID       string `xml:"id,attr"`
	Type     string `xml:"type,attr"`
	Body     string `xml:"body"`
	OriginID struct {
		ID string `xml:"id,attr"`
	} `xml:"urn:xmpp:sid:0 origin-id"`
	StanzaIDs []struct {
		ID string `xml:"id,attr"`
		By string `xml:"by,attr"`
	} `xml:"urn:xmpp:sid:0 stanza-id"`
	Delay       *struct{} `xml:"urn:xmpp:delay delay"`
	LegacyDelay *struct{} `xml:"jabber:x:delay x"`
	Conference  *struct {
		JID string `xml:"jid,attr"`
	} `xml:"jabber:x:conference x"`
	MUC   *mucUser   `xml:"http://jabber.org/protocol/muc#user x"`
	Error *stanzaErr `xml:"error"`
}

// presence is an incoming <presence/>.
type presence struct {
	From  string     `xml:"from,attr"`
	Type  string     `xml:"type,attr"`
	MUC   *mucUser   `xml:"http://jabber.org/protocol/muc#user x"`
	Error *stanzaErr `xml:"error"`
}

// mucUser is the XEP-0045 <x xmlns='http://jabber.org/protocol/muc#user'/> payload.
type mucUser struct {
	Items []struct {
		JID         string `xml:"jid,attr"`
		Nick        string `xml:"nick,attr"`
		Role        string `xml:"role,attr"`
		Affiliation string `xml:"affiliation,attr"`
	} `xml:"item"`
	Status []struct {
		Code string `xml:"code,attr"`
	} `xml:"status"`
	Invites []struct {
		From string `xml:"from,attr"`
	} `xml:"invite"`
	Destroy *struct{} `xml:"destroy"`
}

// has reports whether a status code is present (110 self, 303 nick change, 307 kick ...).
func (x *mucUser) has(code string) bool {
	if x == nil {
		return false
	}
	for _, s := range x.Status {
		if s.Code == code {
			return true
		}
	}
	return false
}

// iq is an incoming <iq/>; Payload keeps the child element to decode by namespace.
type iq struct {
	From    string     `xml:"from,attr"`
	ID      string     `xml:"id,attr"`
	Type    string     `xml:"type,attr"`
	Error   *stanzaErr `xml:"error"`
	Payload *struct {
		XMLName xml.Name
		Inner   []byte `xml:",innerxml"`
	} `xml:",any"`
}

// stanzaErr is an RFC 6120 stanza error.
type stanzaErr struct {
	Children []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

// asError names the defined condition, e.g. "not-acceptable".
func (e *stanzaErr) asError() *stanzaError {
	se := &stanzaError{Condition: "undefined-condition"}
	if e == nil {
		return se
	}
	for _, c := range e.Children {
		if c.XMLName.Space != nsStanzas {
			continue
		}
		if c.XMLName.Local == "text" {
			se.Text = c.Text
		} else {
			se.Condition = c.XMLName.Local
		}
	}
	return se
}

// stanzaError is an XMPP error answer.
type stanzaError struct {
	Condition string
	Text      string
}

func (e *stanzaError) Error() string {
	if e.Text != "" {
		return "xmpp error " + e.Condition + ": " + e.Text
	}
	return "xmpp error " + e.Condition
}

// streamError is <stream:error/>, sent before the server closes the stream.
type streamError struct {
	Children []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

// readStanza reads the next top-level stanza: a message, presence or iq value.
func readStanza(d *xml.Decoder) (any, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == "stream" {
				return nil, errStreamClosed
			}
		case xml.StartElement:
			var v any
			switch {
			case t.Name.Space == nsClient && t.Name.Local == "message":
				v = &message{}
			case t.Name.Space == nsClient && t.Name.Local == "presence":
				v = &presence{}
			case t.Name.Space == nsClient && t.Name.Local == "iq":
				v = &iq{}
			case t.Name.Space == nsStream && t.Name.Local == "error":
				var se streamError
				_ = d.DecodeElement(&se, &t)
				cond := "undefined-condition"
				for _, c := range se.Children {
					if c.XMLName.Local != "text" {
						cond = c.XMLName.Local
					}
				}
				return nil, fmt.Errorf("xmpp: stream error %s", cond)
			default:
				if err := d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			if err := d.DecodeElement(v, &t); err != nil {
				return nil, err
			}
			return v, nil
		}
	}
}

// esc escapes text for XML attributes and character data, replacing characters XML 1.0
// forbids.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\'':
			b.WriteString("&apos;")
		case '"':
			b.WriteString("&quot;")
		default:
			if validXMLChar(r) {
				b.WriteRune(r)
			} else {
				b.WriteRune('\uFFFD')
			}
		}
	}
	return b.String()
}

// validXMLChar reports whether XML 1.0 allows the character at all.
func validXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// joinStanza asks to enter a room without any history, so nothing said before is replayed.
func joinStanza(roomJID, nick string) string {
	return fmt.Sprintf("<presence to='%s/%s'><x xmlns='%s'><history maxchars='0'/></x></presence>",
		esc(roomJID), esc(nick), nsMUC)
}

// groupchatStanza builds a room message. The origin-id (XEP-0359) carries our ID through
// the room's reflection so Send can recognise its echo.
func groupchatStanza(roomJID, id, body string, unstyled bool, oobURL, oobDesc string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<message to='%s' type='groupchat' id='%s'><body>%s</body>", esc(roomJID), esc(id), esc(body))
	if unstyled {
		// XEP-0393 §6: the body holds characters that must be shown as typed.
		b.WriteString("<unstyled xmlns='urn:xmpp:styling:0'/>")
	}
	if oobURL != "" {
		fmt.Fprintf(&b, "<x xmlns='jabber:x:oob'><url>%s</url>", esc(oobURL))
		if oobDesc != "" {
			fmt.Fprintf(&b, "<desc>%s</desc>", esc(oobDesc))
		}
		b.WriteString("</x>")
	}
	fmt.Fprintf(&b, "<origin-id xmlns='%s' id='%s'/></message>", nsSID, esc(id))
	return b.String()
}

// iqStanza builds an IQ; payload is raw XML.
func iqStanza(iqType, to, id, payload string) string {
	return fmt.Sprintf("<iq type='%s' to='%s' id='%s'>%s</iq>", esc(iqType), esc(to), esc(id), payload)
}

// iqError answers a request we do not support.
func iqError(to, id, condition string) string {
	return fmt.Sprintf("<iq type='error' to='%s' id='%s'><error type='cancel'><%s xmlns='%s'/></error></iq>",
		esc(to), esc(id), condition, nsStanzas)
}
