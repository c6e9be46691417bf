package xmpp

import (
	"encoding/xml"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/muc"
	"mellium.im/xmpp/oob"
	"mellium.im/xmpp/stanza"
	"mellium.im/xmpp/styling"
)

// XML namespaces read and written here; mellium has constants for the others.
const (
	nsMUCUser = muc.NSUser
	nsReply   = "urn:xmpp:reply:0"                 // XEP-0461 message replies, no mellium package
	nsBind    = "urn:ietf:params:xml:ns:xmpp-bind" // unexported in mellium
)

// message is an incoming <message/> with the parts folkmoot reads.
//
// Addresses in it are read as the server spelt them, also inside payloads: mellium's types
// for the stanza-id (stanza.ID), the delay (delay.Delay), a direct invitation
// (muc.Invitation) and an error (stanza.Error) parse theirs with PRECIS (RFC 7622), which
// refuses room names that servers still applying stringprep accept ("assemblée–nord" with
// an en dash, "jardin·fleuri"), and one refused address makes the whole stanza unreadable:
// every message of such a room, whose stanza-ids and delays name it, would go unheard. The
// origin-id names nobody and is mellium's.
type message struct {
	From      string          `xml:"from,attr"`
	ID        string          `xml:"id,attr"`
	Type      string          `xml:"type,attr"`
	Body      string          `xml:"body"`
	OriginID  stanza.OriginID `xml:"urn:xmpp:sid:0 origin-id"`
	StanzaIDs []struct {
		ID string `xml:"id,attr"`
		By string `xml:"by,attr"`
	} `xml:"urn:xmpp:sid:0 stanza-id"`
	Delay *struct {
		Stamp string `xml:"stamp,attr"`
	} `xml:"urn:xmpp:delay delay"`
	// LegacyDelay is XEP-0091's stamp, which some servers still add to history.
	LegacyDelay *struct{} `xml:"jabber:x:delay x"`
	// Subject is set on a subject message, which a room sends right after the history.
	Subject *struct{} `xml:"subject"`
	// Replace marks a correction (XEP-0308) of an earlier message; mellium v0.23.0 has no
	// package for corrections.
	Replace *struct {
		ID string `xml:"id,attr"`
	} `xml:"urn:xmpp:message-correct:0 replace"`
	Conference *struct {
		JID string `xml:"jid,attr"`
	} `xml:"jabber:x:conference x"`
	// Reactions are XEP-0444's: the emoji the sender has on the message with this ID now
	// (none: they took them back).
	Reactions *struct {
		ID       string   `xml:"id,attr"`
		Reaction []string `xml:"reaction"`
	} `xml:"urn:xmpp:reactions:0 reactions"`
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

// mucUser is the XEP-0045 <x xmlns='http://jabber.org/protocol/muc#user'/> payload. mellium
// has no type for all of it: muc.Item parses the occupant's real JID with PRECIS (see
// message) and refuses roles it does not know, so one odd presence would hide an occupant;
// its status codes are read only inside muc.Client, which passes on the bot's own presence
// alone; and muc.Invitation keeps the invitee of a mediated invitation but not who sent it,
// which is all the bot checks.
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

// stanzaErr is an RFC 6120 stanza error (see message for why not mellium's stanza.Error).
type stanzaErr struct {
	Children []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

// asError names the defined condition, e.g. "not-acceptable".
func (e *stanzaErr) asError() *stanzaError {
	se := &stanzaError{Condition: string(stanza.UndefinedCondition)}
	if e == nil {
		return se
	}
	for _, c := range e.Children {
		if c.XMLName.Space != stanza.NSError {
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

// decodeStanza reads one top-level element the session handed over: a message or presence
// value, or nil for anything else.
func decodeStanza(d *xml.Decoder, start xml.StartElement) (any, error) {
	var v any
	switch {
	case start.Name.Space == stanza.NSClient && start.Name.Local == "message":
		v = &message{}
	case start.Name.Space == stanza.NSClient && start.Name.Local == "presence":
		v = &presence{}
	default:
		return nil, nil
	}
	if err := d.DecodeElement(v, &start); err != nil {
		return nil, err
	}
	return v, nil
}

// address is a stanza's "to" as the server spelt it. mellium's jid.Parse applies PRECIS
// (RFC 7622), which refuses nicks that servers still applying stringprep accept (U+3164
// HANGUL FILLER, U+2066 LEFT-TO-RIGHT ISOLATE ...), and a room knows its occupants only in its
// own spelling; the encoder escapes the value like any other.
func address(s string) jid.JID {
	u, _ := jid.ParseUnsafe(s) // it only splits, and never fails
	return u.JID
}

// outgoing is a message the bot posts.
type outgoing struct {
	to       string             // the room, or an occupant for a private message
	typ      stanza.MessageType // groupchat or chat
	id       string             // also the origin-id (XEP-0359) the room's echo carries back
	body     string
	unstyled bool
	oobURL   string // XEP-0066 link to a file
	oobDesc  string
	// replyTo/replyID point at the message this answers (XEP-0461): its author's occupant
	// JID and its ID.
	replyTo, replyID string
}

// stanza is the message as mellium's stanza.Message around its payloads, each a token
// stream of mellium's types or of ours below; the session's encoder escapes every value, so
// no one's text can become markup. The origin-id carries our ID through the room's
// reflection, so Send can recognise its echo, also in the history after a restart.
func (o outgoing) stanza() xml.TokenReader {
	payload := []xml.TokenReader{
		xmlstream.Wrap(xmlstream.Token(xml.CharData(o.body)), xml.StartElement{Name: xml.Name{Local: "body"}}),
	}
	if o.unstyled {
		// XEP-0393 §6: the body holds characters that must be shown as typed.
		payload = append(payload, styling.Unstyled{Value: true}.TokenReader())
	}
	if o.oobURL != "" {
		payload = append(payload, oob.Data{URL: o.oobURL, Desc: o.oobDesc}.TokenReader())
	}
	if o.replyID != "" {
		payload = append(payload, replyRef{to: o.replyTo, id: o.replyID}.TokenReader())
	}
	if o.typ == stanza.ChatMessage {
		// XEP-0045 §7.5: a private message within a room carries the muc#user element.
		payload = append(payload, xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: muc.NSUser, Local: "x"}}))
	}
	payload = append(payload, stanza.OriginID{ID: o.id}.TokenReader())
	return stanza.Message{To: address(o.to), Type: o.typ, ID: o.id}.Wrap(xmlstream.MultiReader(payload...))
}

// replyRef points an answer at the message it answers (XEP-0461 message replies): the
// author's occupant JID, when known, and the message's ID. mellium v0.23.0 has no package
// for replies.
type replyRef struct{ to, id string }

// TokenReader implements xmlstream.Marshaler.
func (r replyRef) TokenReader() xml.TokenReader {
	var attrs []xml.Attr
	if r.to != "" {
		attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "to"}, Value: r.to})
	}
	attrs = append(attrs, xml.Attr{Name: xml.Name{Local: "id"}, Value: r.id})
	return xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: nsReply, Local: "reply"}, Attr: attrs})
}
