package xmpp

import (
	"context"
	"encoding/xml"
	"io"

	"mellium.im/xmlstream"
	melliumxmpp "mellium.im/xmpp"
	"mellium.im/xmpp/mux"
	"mellium.im/xmpp/ping"
	"mellium.im/xmpp/stanza"
)

// router reads one connection's stream, one top-level element at a time: mellium's mux
// routes it by kind and type, ping.Handle answers XEP-0199 pings (the server's keepalive, an
// occupant's), and the adapter's readers take messages and presences. Each is decoded whole
// before anything is done, so the session's reader is free again at once; nothing here waits
// for an IQ answer, which only this same reader could deliver. mellium answers any other
// request with service-unavailable.
type router struct {
	t   *Transport
	c   *conn
	ctx context.Context
	mux *mux.ServeMux
	// claimed is set once the current stanza has been read: mux calls a message or presence
	// handler once per child element, but a message is read whole, once (its body, IDs,
	// delay and reply belong together).
	claimed bool
}

// handler is the router of a new connection.
func (t *Transport) handler(ctx context.Context, c *conn) melliumxmpp.Handler {
	rt := &router{t: t, c: c, ctx: ctx}
	msg, pres := mux.MessageHandlerFunc(rt.message), mux.PresenceHandlerFunc(rt.presence)
	anyPayload := xml.Name{}
	rt.mux = mux.New(stanza.NSClient,
		ping.Handle(),
		mux.Message(stanza.GroupChatMessage, anyPayload, msg),
		mux.Message(stanza.ChatMessage, anyPayload, msg),
		mux.Message(stanza.NormalMessage, anyPayload, msg),
		mux.Message(stanza.HeadlineMessage, anyPayload, msg),
		mux.Message(stanza.ErrorMessage, anyPayload, msg),
		mux.Presence(stanza.AvailablePresence, anyPayload, pres),
		mux.Presence(stanza.UnavailablePresence, anyPayload, pres),
		mux.Presence(stanza.ErrorPresence, anyPayload, pres),
	)
	return rt
}

// HandleXMPP implements xmpp.Handler. A stanza that cannot be read is skipped, never the
// end of the connection: mellium would answer a handler's error by closing the stream, so
// that anyone able to send the bot a malformed stanza could keep it offline.
func (rt *router) HandleXMPP(r xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	rt.c.lastRecv.Store(rt.t.now().UnixNano())
	rt.claimed = false
	if !routable(*start) {
		return rt.unroutable(r, start)
	}
	if err := rt.mux.HandleXMPP(r, start); err != nil {
		rt.t.log.Debug().Err(err).Str("element", start.Name.Local).Msg("skipped an unreadable stanza")
	}
	return nil
}

// message reads a message that mux routed here (r starts at the message's start element).
func (rt *router) message(_ stanza.Message, r xmlstream.TokenReadEncoder) error {
	return rt.read(r)
}

// presence reads a presence that mux routed here, then shows it to the connection's MUC
// client, which waits for the room's answer to its joins.
func (rt *router) presence(p stanza.Presence, r xmlstream.TokenReadEncoder) error {
	if rt.claimed {
		return nil
	}
	toks, err := record(r)
	if err != nil {
		return err
	}
	if err := rt.read(replay(toks)); err != nil {
		return err
	}
	if p.Type == stanza.AvailablePresence || p.Type == stanza.UnavailablePresence {
		err := rt.c.muc.HandlePresence(p, struct {
			xml.TokenReader
			xmlstream.Encoder
		}{replay(toks), r})
		if err != nil {
			// Its join then waits until joinTimeout; onPresence has the presence already.
			rt.t.log.Debug().Err(err).Msg("mellium's MUC client could not read a presence")
		}
	}
	return nil
}

// record reads the rest of a stanza into copies of its tokens.
func record(r xml.TokenReader) ([]xml.Token, error) {
	var toks []xml.Token
	for {
		tok, err := r.Token()
		if tok != nil {
			toks = append(toks, xml.CopyToken(tok))
		}
		if err == io.EOF {
			return toks, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// replay reads recorded tokens again.
func replay(toks []xml.Token) xml.TokenReader {
	return xmlstream.ReaderFunc(func() (xml.Token, error) {
		if len(toks) == 0 {
			return nil, io.EOF
		}
		tok := toks[0]
		toks = toks[1:]
		return tok, nil
	})
}

// read decodes the stanza r holds, from its start element, and hands it on; later calls for
// the same stanza do nothing.
func (rt *router) read(r xml.TokenReader) error {
	if rt.claimed {
		return nil
	}
	rt.claimed = true
	d := xml.NewTokenDecoder(r)
	tok, err := d.Token()
	if err != nil {
		return err
	}
	start, ok := tok.(xml.StartElement)
	if !ok {
		return nil
	}
	st, err := decodeStanza(d, start)
	if err != nil {
		rt.t.log.Debug().Err(err).Str("element", start.Name.Local).Msg("skipped an unreadable stanza")
		return nil
	}
	switch v := st.(type) {
	case *message:
		rt.t.onMessage(rt.ctx, rt.c, v)
	case *presence:
		rt.t.onPresence(rt.ctx, rt.c, v)
	}
	return nil
}

// routable reports whether mux can route the element: mellium parses a stanza's addresses
// with PRECIS (RFC 7622), which refuses some that servers still applying stringprep accept,
// such as an occupant's nick with U+3164 HANGUL FILLER.
func routable(start xml.StartElement) bool {
	if !stanza.Is(start.Name, stanza.NSClient) {
		return true
	}
	var err error
	switch start.Name.Local {
	case "message":
		_, err = stanza.NewMessage(start)
	case "presence":
		_, err = stanza.NewPresence(start)
	case "iq":
		_, err = stanza.NewIQ(start)
	}
	return err == nil
}

// unroutable handles a stanza from an address mellium cannot parse, as mux would have: a
// message or presence goes to the readers, which take addresses as the server spelt them;
// a request is answered here, a ping with a pong and anything else with service-unavailable,
// since mellium's own refusal parses the address and, failing, ends the connection.
func (rt *router) unroutable(r xmlstream.TokenReadEncoder, start *xml.StartElement) error {
	switch start.Name.Local {
	case "message", "presence":
		return rt.read(xmlstream.MultiReader(xmlstream.Token(*start), r))
	}
	var id, typ, from string
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "id":
			id = a.Value
		case "type":
			typ = a.Value
		case "from":
			from = a.Value
		}
	}
	if typ != string(stanza.GetIQ) && typ != string(stanza.SetIQ) {
		return nil
	}
	answer := stanza.IQ{ID: id, Type: stanza.ErrorIQ, To: address(from)}
	payload := stanza.Error{Type: stanza.Cancel, Condition: stanza.ServiceUnavailable}.TokenReader()
	if child, _ := firstChild(r); typ == string(stanza.GetIQ) && child.Name == (xml.Name{Space: ping.NS, Local: "ping"}) {
		answer.Type, payload = stanza.ResultIQ, nil
	}
	_, err := xmlstream.Copy(r, answer.Wrap(payload))
	if err != nil {
		rt.t.log.Debug().Err(err).Msg("could not answer a request")
	}
	return nil
}

// firstChild reads up to the first child element of the element r is inside.
func firstChild(r xml.TokenReader) (xml.StartElement, error) {
	for {
		tok, err := r.Token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, nil
		case xml.EndElement:
			return xml.StartElement{}, nil
		}
	}
}
