package matrix

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

const me = id.UserID("@folkmoot:example.org")

func TestCommandText(t *testing.T) {
	pill := `<a href="https://matrix.to/#/@folkmoot:example.org">Folkmoot</a>`
	tests := []struct {
		name, body, formatted string
		want                  string
		mentioned             bool
	}{
		{"plain command", "!help", "", "!help", false},
		{"surrounding space", "  !help  ", "", "!help", false},
		{"pill with colon", "Folkmoot: !help", pill + ": !help", "!help", true},
		{"pill with comma", "Folkmoot, !vote yes", pill + ", !vote yes", "!vote yes", true},
		{"pill in a paragraph", "Folkmoot: !help", "<p>" + pill + ": !help</p>", "!help", true},
		{"pill, body shows the user ID", "@folkmoot:example.org: !help", pill + ": !help", "!help", true},
		{"pill, body differs: read the HTML", "hey !help", pill + ": <b>!help</b>", "!help", true},
		{"percent-encoded pill", "Folkmoot: !help", `<a href="https://matrix.to/#/%40folkmoot%3Aexample.org">Folkmoot</a>: !help`, "!help", true},
		{"matrix: URI pill", "Folkmoot: !help", `<a href="matrix:u/folkmoot:example.org">Folkmoot</a>: !help`, "!help", true},
		{"pill name with markup", "Folk & Moot: !help", `<a href="https://matrix.to/#/@folkmoot:example.org"><b>Folk &amp; Moot</b></a>: !help`, "!help", true},
		{"pill for someone else", "Ana: !help", `<a href="https://matrix.to/#/@ana:example.org">Ana</a>: !help`, "Ana: !help", false},
		{"typed user ID", "@folkmoot:example.org !help", "", "!help", true},
		{"typed user ID, other case", "@FolkMoot:example.org: !help", "", "!help", true},
		{"user ID as a longer word", "@folkmoot:example.orgy !help", "", "@folkmoot:example.orgy !help", false},
		{"mention later in the text", "thanks @folkmoot:example.org", "", "thanks @folkmoot:example.org", false},
		{"only a mention", "Folkmoot", pill, "", true},
		{"pill and a bare space: the pill is the address", "Folkmoot !help", pill + " !help", "!help", true},
		{"pill with @ in its text", "@Folkmoot: !help", `<a href="https://matrix.to/#/@folkmoot:example.org">@Folkmoot</a>: !help`, "!help", true},
		// Changed with the shared rule: without "@" the ID counts when a separator follows.
		{"user ID without @, with a colon", "folkmoot:example.org: !help", "", "!help", true},
		{"user ID without @, bare space", "folkmoot:example.org !help", "", "folkmoot:example.org !help", false},
		{"link that is not a pill", "see https://example.org", `<a href="https://example.org">see</a>`, "see https://example.org", false},
		{"smart quotes survive", "!vote “yes”", "", "!vote “yes”", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, mentioned := commandText(tt.body, tt.formatted, me)
			if got != tt.want || mentioned != tt.mentioned {
				t.Errorf("commandText(%q, %q) = %q, %v; want %q, %v", tt.body, tt.formatted, got, mentioned, tt.want, tt.mentioned)
			}
		})
	}
}

func FuzzCommandText(f *testing.F) {
	f.Add("Folkmoot: !help", `<a href="https://matrix.to/#/@folkmoot:example.org">Folkmoot</a>: !help`)
	f.Add("@folkmoot:example.org !vote", "")
	f.Add("!help", "<p>!help</p>")
	f.Add("", `<a href="matrix:u/folkmoot:example.org">`)
	f.Fuzz(func(t *testing.T, body, formatted string) {
		got, mentioned := commandText(body, formatted, me)
		if got != strings.TrimSpace(got) {
			t.Errorf("result %q is not trimmed", got)
		}
		if !mentioned && got != strings.TrimSpace(body) {
			t.Errorf("without a mention the text must be the body: %q -> %q", body, got)
		}
		if utf8.ValidString(body) && utf8.ValidString(formatted) && !utf8.ValidString(got) {
			t.Errorf("valid input gave invalid UTF-8 %q", got)
		}
	})
}

// maxEventContent leaves room in Matrix's 64 KB event for the envelope and for encryption,
// which makes the content about a third larger.
const maxEventContent = 40000

// A capped reply fits one Matrix event whatever its characters: emoji, CJK, characters HTML
// and JSON escape, mentions.
func TestCappedReplyFitsAnEvent(t *testing.T) {
	for _, unit := range []string{"x", "🌻", "<", "社", `"&'`, "\u2028"} {
		var lines []bot.Line
		for i := range 3000 {
			m := bot.Member{ID: fmt.Sprintf("@member%d:example.org", i), Name: unit}
			lines = append(lines, bot.L(bot.Q(strings.Repeat(unit, 30)), " — ", bot.At(m), " ", bot.C("!task done 3")))
		}
		r := bot.Say(bot.P("Tasks:"), bot.Items(lines...))
		r.Doc = r.Doc.Cap(bot.MaxReplyBytes)
		raw, err := json.Marshal(messageContent(r))
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) > maxEventContent {
			t.Errorf("%q: a capped reply is %d bytes of event content", unit, len(raw))
		}
	}
}

// FuzzMessageContent renders any text as a Matrix message: the plain body and the HTML come
// from one document, the content is valid JSON of valid UTF-8, a person's text never becomes
// markup, and the size stays bounded.
func FuzzMessageContent(f *testing.F) {
	for _, s := range []string{"Zoë 🌻", "<b>x</b>", `"><script>`, "a\u2028b", "\u202eevil", "\xff", "@ana:example.org", "رێزان"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := bot.Member{ID: "@" + s + ":example.org", Name: s}
		for _, r := range []bot.Reply{
			bot.Say(bot.P("Vote ", bot.Q(s), " by ", bot.At(m)), bot.Items(bot.L(bot.B(s)), bot.L(bot.C(s))), bot.Preformatted(s)),
			bot.Mentioning(s, m), {Doc: bot.TextDoc(s), Mentions: []bot.Member{m}, Notice: true, InReplyTo: "$" + s},
		} {
			c := messageContent(r)
			if !utf8.ValidString(c.Body) || !utf8.ValidString(c.FormattedBody) {
				t.Fatalf("invalid UTF-8: %q / %q", c.Body, c.FormattedBody)
			}
			if strings.Contains(c.FormattedBody, "<script") || strings.Contains(c.FormattedBody, "<b>") {
				t.Fatalf("a person's text became markup: %q", c.FormattedBody)
			}
			if strings.ContainsAny(c.Body, "\u2028\u2029\u202e\r") {
				t.Fatalf("the body holds a line separator or a bidi override: %q", c.Body)
			}
			raw, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if len(raw) > 40*len(s)+2000 {
				t.Fatalf("%d bytes of content for %d bytes of text", len(raw), len(s))
			}
		}
	})
}
