package bot

import (
	"strings"
	"testing"
)

func TestRenderers(t *testing.T) {
	ana := Member{ID: "@ana:example.org", Name: "Ana"}
	doc := NewDoc(
		P(B("Vote #1"), " is open: ", Q("Buy paint?")),
		Items(L("agree ", C("!agree")), L(At(ana), " has not voted")),
		Preformatted("a  b"),
	)
	if got, want := doc.PlainText(), "Vote #1 is open: Buy paint?\n• agree !agree\n• Ana has not voted\na  b"; got != want {
		t.Errorf("plain = %q, want %q", got, want)
	}
	html := doc.HTML(func(m Member) string { return "https://matrix.to/#/" + m.ID })
	for _, want := range []string{"<strong>Vote #1</strong> is open: Buy paint?", "<ul><li>agree <code>!agree</code></li>",
		`<li><a href="https://matrix.to/#/@ana:example.org">Ana</a> has not voted</li></ul>`, "<pre><code>a  b</code></pre>"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML %q lacks %q", html, want)
		}
	}
	body, unstyled := doc.Styled(func(Member) string { return "ana_nick" })
	if !unstyled || strings.Contains(body, "*Vote") {
		t.Errorf("a nick with _ must make the message unstyled: %q %v", body, unstyled)
	}
	body, unstyled = doc.Styled(func(Member) string { return "ana" })
	if unstyled || !strings.Contains(body, "*Vote #1* is open") || !strings.Contains(body, "`!agree`") || !strings.Contains(body, "```\na  b\n```") {
		t.Errorf("styled = %q (unstyled %v)", body, unstyled)
	}
}

// A person's text is inert in every rendering: no markup, no styling, no forged lines, no
// reordering.
func TestPersonsTextIsInert(t *testing.T) {
	for _, typed := range []string{"<b>x</b>", "**x**", "*x*", "`x`", "_x_", "> quote"} {
		doc := NewDoc(P("Question: ", Q(typed)))
		if html := doc.HTML(nil); strings.ContainsAny(html, "<>") && !strings.Contains(html, "&lt;") && !strings.Contains(html, "&gt;") {
			t.Errorf("%q: HTML %q", typed, html)
		}
		if html := doc.HTML(nil); strings.Contains(html, "<b>") || strings.Contains(html, "<strong>") || strings.Contains(html, "<em>") {
			t.Errorf("%q became markup: %q", typed, html)
		}
		body, unstyled := doc.Styled(nil)
		if !strings.Contains(body, typed) || (strings.ContainsAny(typed, "*_`") && !unstyled) {
			t.Errorf("%q: XEP-0393 body %q, unstyled %v", typed, body, unstyled)
		}
	}
	forged := Member{ID: "@m:x", Name: "mallory\nfolkmoot: Vote #1 PASSED\u202e"}
	for _, out := range []string{Mentioning("hi mallory", forged).Text(), NewDoc(P(At(forged))).HTML(nil), forged.Display()} {
		if strings.ContainsAny(out, "\n\u202e") {
			t.Errorf("a display name forged a line or reordered text: %q", out)
		}
	}
	if got := Inert("a\u200bb\u2066c\td"); got != "abc d" {
		t.Errorf("Inert = %q", got)
	}
}

func TestMentioningFindsWholeWords(t *testing.T) {
	a := Member{ID: "@a:x", Name: "a"}
	r := Mentioning("and a", a)
	if got := r.Doc.HTML(func(m Member) string { return "u" }); got != `and <a href="u">a</a>` {
		t.Errorf("HTML = %q", got)
	}
	// "Zoe" is not a word of "Zoë" written with a combining diaeresis.
	zoe := Member{ID: "@zoe:x", Name: "Zoe"}
	if got := Mentioning("Zoe\u0308 is here", zoe).Doc.HTML(func(Member) string { return "u" }); got != "<a href=\"u\">Zoe</a>: Zoe\u0308 is here" {
		t.Errorf("HTML = %q", got)
	}
	r = Mentioning("nobody here", a)
	if r.Text() != "a: nobody here" {
		t.Errorf("an addressee the text does not show goes in front: %q", r.Text())
	}
}

func TestCapCutsLongRepliesAtALine(t *testing.T) {
	var lines []Line
	for i := 0; i < 1000; i++ {
		lines = append(lines, L(strings.Repeat("x", 99)))
	}
	d := NewDoc(P("Votes:"), Items(lines...)).Cap(MaxReplyBytes)
	text := d.PlainText()
	if n := len(text); n > MaxReplyBytes {
		t.Fatalf("capped reply has %d runes", n)
	}
	if !strings.HasSuffix(text, "(cut here: the answer was too long for one message)") {
		t.Fatalf("the cut is not said: ...%s", text[len(text)-80:])
	}
	short := NewDoc(P("hi"))
	if got := short.Cap(MaxReplyBytes); got.PlainText() != "hi" {
		t.Fatalf("a short reply changed: %q", got.PlainText())
	}
}

// TestDisplayShowsTheIDForANameWithNothingVisible: a name made only of invisible characters,
// spaces, marks or blank letters shows as the ID, never as nothing; a real name shows as it
// is, inert and trimmed.
func TestDisplayShowsTheIDForANameWithNothingVisible(t *testing.T) {
	const id = "@zoe:example.org"
	tests := []struct{ name, want string }{
		{"", id}, {"\u200b", id}, {"\u200b\u200d\u200c", id}, {"   ", id}, {"\n\t", id}, {"\u202e\u2066", id},
		{"\ufeff", id}, {"\u3164", id}, {"\u0301\u0308", id}, {"\u2028\u2029", id}, {"\x1b[2J", "[2J"},
		{"Zoë 🌻", "Zoë 🌻"}, {"رێزان", "رێزان"}, {"  ana\n", "ana"}, {"🧑🏽\u200d🌾", "🧑🏽\u200d🌾"}, {"社区 李", "社区 李"},
	}
	for _, tc := range tests {
		if got := (Member{ID: id, Name: tc.name}).Display(); got != tc.want {
			t.Errorf("Display of name %q = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRightToLeft: a document reads right to left by its first strong letter of the bot's
// own words; a mention, code or an isolated value in front does not decide it.
func TestRightToLeft(t *testing.T) {
	ana := Member{ID: "@ana:example.org", Name: "Ana"}
	tests := []struct {
		name string
		doc  Doc
		want bool
	}{
		{"English", TextDoc("Vote closed."), false},
		{"Arabic", TextDoc("أُغلق التصويت"), true},
		{"Sorani after a number", TextDoc("1 کۆبوونەوە"), true},
		{"Arabic after a mention and code", NewDoc(P(At(ana), " ", C("!vote"), ": سُجّل")), true},
		{"Arabic after an isolated Latin name", TextDoc("\u2068Ana\u2069 صوّت"), true},
		{"Hebrew quoted in English", TextDoc("Note: שלום"), false},
		{"nothing strong", TextDoc("12:00 🌻"), false},
	}
	for _, tt := range tests {
		if got := tt.doc.RightToLeft(); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
