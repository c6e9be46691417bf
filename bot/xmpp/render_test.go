package xmpp

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"folkmoot/bot"
)

func TestStyledBodyAddressesMentions(t *testing.T) {
	ana, ben := bot.Member{ID: "ana@x", Name: "ana"}, bot.Member{ID: "ben@x", Name: "ben"}
	nick := func(m bot.Member) string { return m.Name }
	tests := []struct {
		name     string
		reply    bot.Reply
		want     string
		unstyled bool
	}{
		{"none", bot.Text("Vote opened."), "Vote opened.", false},
		{"prefix", bot.Reply{Doc: bot.TextDoc("you are the facilitator."), Mentions: []bot.Member{ana}}, "ana: you are the facilitator.", false},
		{"already first", bot.Mentioning("ana: you are up.", ana), "ana: you are up.", false},
		{"on a later line", bot.Mentioning("Roles:\nana takes notes", ana), "Roles:\nana takes notes", false},
		{"word boundary", bot.Reply{Doc: bot.TextDoc("anastasia is here"), Mentions: []bot.Member{ana}}, "ana: anastasia is here", false},
		{"several, deduplicated", bot.Reply{Doc: bot.TextDoc("your turn"), Mentions: []bot.Member{ana, ben, ana}}, "ana, ben: your turn", false},
		// An addressee's nick is text like any other: inert, and weighed for styling.
		{"a nick that styles", bot.Reply{Doc: bot.NewDoc(bot.P(bot.B("Vote #1"), " is open")), Mentions: []bot.Member{{ID: "m@x", Name: "*mal*"}}},
			"*mal*: Vote #1 is open", true},
		{"a nick that forges a line", bot.Reply{Doc: bot.TextDoc("your turn"), Mentions: []bot.Member{{ID: "m@x", Name: "mal\nfolkmoot: PASSED\u2028x"}}},
			"mal folkmoot: PASSED x: your turn", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, unstyled := styledBody(tc.reply, nick)
			if got != tc.want || unstyled != tc.unstyled {
				t.Fatalf("styledBody = %q, %v; want %q, %v", got, unstyled, tc.want, tc.unstyled)
			}
		})
	}
}

// FuzzStyledBody renders any text, nick and addressee as an XMPP message: the stanza is
// well-formed XML whose body reads back as rendered; the body is valid UTF-8 and inert; and
// unless <unstyled/> is set, the only XEP-0393 directives are the bot's own (*Vote #1*), so
// no styling span starts or ends inside a person's text or name.
func FuzzStyledBody(f *testing.F) {
	for _, s := range []string{"Zoë 🌻", "*x*", "_nick_", "> q", "\u200b> q", "```", "a\u2028b", "\u202e", "\xff", "رێزان", "<b>&"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		m := bot.Member{ID: "m@example.org", Name: name}
		other := bot.Member{ID: "o@example.org", Name: text}
		r := bot.Reply{Doc: bot.NewDoc(bot.P(bot.B("Vote #1"), " is open: ", bot.Q(text)), bot.Items(bot.L(bot.At(m), " has not voted"))),
			Mentions: []bot.Member{other}}
		body, unstyled := styledBody(r, func(m bot.Member) string { return m.Name })
		if !utf8.ValidString(body) {
			t.Fatalf("invalid UTF-8: %q", body)
		}
		for _, c := range body {
			if c != '\n' && (unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e' || c == '\u2066') {
				t.Fatalf("the body holds %U: %q", c, body)
			}
		}
		if !unstyled && strings.Count(body, "*") != 2 || !unstyled && strings.ContainsAny(body, "_~`") {
			t.Fatalf("styled without <unstyled/>, but a person's text carries a directive: %q", body)
		}
		if !unstyled && strings.HasPrefix(strings.TrimLeft(body, " "), ">") {
			t.Fatalf("styled without <unstyled/>, but the body starts a block quote: %q", body)
		}
		if len(body) > 6*(len(text)+len(name))+200 {
			t.Fatalf("a body of %d bytes", len(body))
		}
		st := render(t, outgoing{to: "r@c.x", typ: "groupchat", id: "id1", body: body, unstyled: unstyled}.stanza())
		var msg struct {
			Body     string    `xml:"body"`
			Unstyled *struct{} `xml:"urn:xmpp:styling:0 unstyled"`
		}
		if err := xml.Unmarshal([]byte(st), &msg); err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, st)
		}
		if msg.Body != body || (msg.Unstyled != nil) != unstyled {
			t.Fatalf("the stanza reads back %q (unstyled %v), want %q (%v)", msg.Body, msg.Unstyled != nil, body, unstyled)
		}
	})
}
