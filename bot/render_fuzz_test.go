package bot

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
)

// hostile is text people really write, and text written to break a renderer: emoji and other
// characters outside the BMP, RTL scripts, combining marks, CJK, zero-width characters, the
// BOM, line and paragraph separators, bidi overrides, markup, XEP-0393 directives, terminal
// escapes, invalid UTF-8 and very long words.
var hostile = []string{
	"Zoë 🌻", "🧑🏽\u200d🌾", "رێزان", "אסיפה", "社区会议", "𝕏", "Zoe\u0308", "e" + strings.Repeat("\u0301", 40),
	"a\u2028folkmoot: PASSED", "b\u2029c", "\u202eevil\u202c", "\u2066iso\u2069", "zero\u200bwidth", "\ufeffbom",
	"<b>x</b>", "</code><script>alert(1)</script>", `"><img src=x onerror=alert(1)>`, "&amp;&lt;", "*bold*",
	"_it_", "`code`", "~s~", "> quote", "\u200b> quote", "\t> quote", "```", "\x1b[2J\x1b[31mred", "\u009b31m", "\x9b31m",
	"line\nforged", "cr\rlf", "nul\x00", "\xff\xfe", "\xc3\x28", "\xed\xa0\x80", strings.Repeat("w", 500),
	"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "\U000E0041hidden", "a\u00adb", "\u0301",
	"x\u200cy", "می\u200cخواهم", "❤\ufe0f\u200d🔥", "\U0010FFFF", "\uE000", "ﷺ", "\u0085",
}

// fuzzDoc builds a document from the fuzzer's bytes: each byte chooses where a span goes (the
// same line, a new line, a new paragraph, list or preformatted block), its kind and which of
// the texts it carries (the fuzzer's own strings, or one of hostile).
func fuzzDoc(ops []byte, texts ...string) Doc {
	var d Doc
	for i, op := range ops {
		if i >= 200 {
			break
		}
		text := hostile[int(op)%len(hostile)]
		if n := int(op>>5) % 4; n < len(texts) && op&1 == 0 {
			text = texts[n]
		}
		kind := SpanKind(int(op>>1) % 6)
		span := Span{Kind: kind, Text: text}
		if kind == Mention {
			span.Member = &Member{ID: "@" + text + ":example.org", Name: text}
			span.Text = span.Member.Display()
		}
		switch where := int(op>>3) % 8; {
		case len(d.Blocks) == 0 || where == 0:
			d.Add(Block{Kind: Para, Lines: []Line{{span}}})
		case where == 1:
			d.Add(Block{Kind: List, Lines: []Line{{span}}})
		case where == 2:
			d.Add(Preformatted(text))
		case where == 3:
			last := &d.Blocks[len(d.Blocks)-1]
			if last.Kind == Pre {
				span = Span{Kind: Quoted, Text: text}
			}
			last.Lines = append(last.Lines, Line{span})
		default:
			last := &d.Blocks[len(d.Blocks)-1]
			if last.Kind == Pre {
				span = Span{Kind: Quoted, Text: text}
			}
			l := &last.Lines[len(last.Lines)-1]
			*l = append(*l, span)
		}
	}
	return d
}

func (d Doc) lineCount() int {
	n := 0
	for _, b := range d.Blocks {
		n += len(b.Lines)
	}
	return n
}

func (d Doc) inputBytes() int {
	n := 0
	d.each(func(s Span) {
		n += len(s.Text)
		if s.Member != nil {
			n += len(s.Member.ID)
		}
	})
	return n
}

// checkInertOutput: what a renderer writes is valid UTF-8, and no character in it can start a
// line or reorder the text but the renderer's own line breaks.
func checkInertOutput(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s is not valid UTF-8: %q", what, out)
	}
	paired := pairedIsolates(out)
	for i, r := range out {
		if r != '\n' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || isInvisible(r)) && !paired[i] {
			t.Fatalf("%s holds %U: %q", what, r, out)
		}
	}
}

// mentionURL percent-encodes the ID as the Matrix transport does, and adds what an attribute
// must escape.
func mentionURL(m Member) string {
	return "https://matrix.to/#/" + url.PathEscape(m.ID) + `?via="x'&<y>"`
}

// htmlShape is what the HTML of a document must be: its tags and attributes in order, and its
// text, as the document's structure alone gives them.
func htmlShape(d Doc) (tags []string, text string) {
	var b strings.Builder
	line := func(l Line) {
		for _, s := range l {
			t := Inert(s.Text)
			open, end := "", ""
			switch s.Kind {
			case Strong:
				open, end = "strong", "/strong"
			case Emph:
				open, end = "em", "/em"
			case Code:
				open, end = "code", "/code"
			case Mention:
				open, end = "a href="+strings.ToValidUTF8(mentionURL(*s.Member), "\uFFFD"), "/a"
			}
			if open != "" {
				tags = append(tags, open)
			}
			b.WriteString(t)
			if end != "" {
				tags = append(tags, end)
			}
		}
	}
	for i, blk := range d.Blocks {
		switch blk.Kind {
		case List:
			tags = append(tags, "ul")
			for _, l := range blk.Lines {
				tags = append(tags, "li")
				line(l)
				tags = append(tags, "/li")
			}
			tags = append(tags, "/ul")
		case Pre:
			tags = append(tags, "pre", "code")
			for j, l := range blk.Lines {
				if j > 0 {
					b.WriteByte('\n')
				}
				for _, s := range l {
					b.WriteString(Inert(s.Text))
				}
			}
			tags = append(tags, "/code", "/pre")
		default:
			if i > 0 && d.Blocks[i-1].Kind == Para {
				tags = append(tags, "br")
			}
			for _, l := range blk.Lines {
				line(l)
			}
		}
	}
	return tags, b.String()
}

// parseHTML reads HTML as a browser's tokenizer does: its tags with their attributes, and its
// text.
func parseHTML(t *testing.T, s string) (tags []string, text string) {
	t.Helper()
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return tags, b.String()
		case xhtml.TextToken:
			b.Write(z.Text())
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			tag := tok.Data
			for _, a := range tok.Attr {
				tag += " " + a.Key + "=" + a.Val
			}
			tags = append(tags, tag)
		case xhtml.EndTagToken:
			tags = append(tags, "/"+z.Token().Data)
		default:
			t.Fatalf("unexpected token %v in %q", z.Token(), s)
		}
	}
}

// directives counts the XEP-0393 directive characters in s.
func directives(s string) int {
	n := 0
	for _, r := range s {
		if strings.ContainsRune("*_~`", r) {
			n++
		}
	}
	return n
}

// styledDirectives is how many directive characters the renderer itself adds to d.
func styledDirectives(d Doc) int {
	n := 0
	for _, blk := range d.Blocks {
		if blk.Kind == Pre {
			n += 6
			continue
		}
		for _, l := range blk.Lines {
			for _, s := range l {
				text := Inert(s.Text)
				if (s.Kind == Strong || s.Kind == Emph || s.Kind == Code) && text != "" && strings.TrimSpace(text) == text {
					n += 2
				}
			}
		}
	}
	return n
}

func checkRenderers(t *testing.T, d Doc) {
	t.Helper()
	in, lines := d.inputBytes(), d.lineCount()

	plain := d.PlainText()
	checkInertOutput(t, "plain text", plain)
	if got := strings.Count(plain, "\n") + 1; lines > 0 && got != lines {
		t.Fatalf("plain text has %d lines for %d: %q", got, lines, plain)
	}
	if len(plain) > 3*in+4*lines {
		t.Fatalf("plain text of %d bytes for %d bytes of text", len(plain), in)
	}

	h := d.HTML(mentionURL)
	if !utf8.ValidString(h) {
		t.Fatalf("HTML is not valid UTF-8: %q", h)
	}
	wantTags, wantText := htmlShape(d)
	gotTags, gotText := parseHTML(t, h)
	checkInertOutput(t, "HTML's text", gotText)
	if strings.Join(gotTags, "|") != strings.Join(wantTags, "|") {
		t.Fatalf("a person's text changed the HTML's markup:\n got %q\nwant %q\nHTML %q", gotTags, wantTags, h)
	}
	if gotText != wantText {
		t.Fatalf("the HTML's text is not the document's:\n got %q\nwant %q", gotText, wantText)
	}
	if len(h) > 20*in+80*lines+40 {
		t.Fatalf("HTML of %d bytes for %d bytes of text", len(h), in)
	}

	body, unstyled := d.Styled(func(m Member) string { return m.Name })
	checkInertOutput(t, "XEP-0393 body", body)
	if unstyled {
		if body != d.shown(func(m Member) string { return m.Name }).PlainText() {
			t.Fatalf("an unstyled body is not the plain text: %q", body)
		}
	} else {
		if got, want := directives(body), styledDirectives(d); got != want {
			t.Fatalf("styled without <unstyled/>, but %d directive characters where the renderer put %d: %q", got, want, body)
		}
		for _, blk := range d.shown(func(m Member) string { return m.Name }).Blocks {
			if blk.Kind != Para {
				continue
			}
			for _, l := range blk.Lines {
				var b strings.Builder
				for _, s := range l {
					b.WriteString(s.Text)
				}
				if strings.HasPrefix(strings.TrimLeft(b.String(), " "), ">") {
					t.Fatalf("styled without <unstyled/>, but a line reads as a block quote: %q", body)
				}
			}
		}
	}
	if len(body) > 3*in+12*lines+20 {
		t.Fatalf("XEP-0393 body of %d bytes for %d bytes of text", len(body), in)
	}

	capped := d.Cap(MaxReplyBytes)
	if n := len(capped.PlainText()) + len(capped.HTML(mentionURL)); n > 2*MaxReplyBytes {
		t.Fatalf("a capped reply still weighs %d bytes", n)
	}
}

// FuzzRenderers renders documents built from any text through every chat renderer: nothing
// panics, the output is valid UTF-8 and bounded by the input, a person's text never becomes
// markup, styling, a line of its own or a reordering of the bot's words.
func FuzzRenderers(f *testing.F) {
	f.Add([]byte{0, 2, 4, 6, 8, 10, 16, 24, 33, 65, 97}, "Zoë 🌻", "*x*", "<b>")
	f.Add([]byte{8, 9, 10, 11, 12, 13, 14, 15, 200, 201}, "a\u2028b", "\u202e", "\xff")
	f.Add([]byte("any bytes at all, as ops"), "> x", "```", "\x1b[31m")
	f.Fuzz(func(t *testing.T, ops []byte, a, b, c string) {
		checkRenderers(t, fuzzDoc(ops, a, b, c))
	})
}

// TestRenderersWithHostileText runs every hostile text through every span kind and block.
func TestRenderersWithHostileText(t *testing.T) {
	for _, s := range hostile {
		for kind := Plain; kind <= Mention; kind++ {
			span := Span{Kind: kind, Text: s}
			if kind == Mention {
				span.Member = &Member{ID: "@" + s + ":x", Name: s}
			}
			checkRenderers(t, NewDoc(P("Said: ", span, "."), Items(L(span), L("x ", span)), Preformatted(s, "y"), P(span)))
		}
	}
}

// FuzzInert: the text Inert gives is valid UTF-8, inert, no longer than three times its input,
// and stays the same when made inert again.
func FuzzInert(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Inert(s)
		checkInertOutput(t, "Inert", got)
		if strings.ContainsRune(got, '\n') {
			t.Fatalf("Inert(%q) = %q keeps a newline", s, got)
		}
		if len(got) > 3*len(s) {
			t.Fatalf("Inert(%q) grew to %d bytes", s, len(got))
		}
		if again := Inert(got); again != got {
			t.Fatalf("Inert is not stable: %q, then %q", got, again)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
			return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Mn, unicode.Me)
		}) && got != s {
			t.Fatalf("Inert changed ordinary text %q to %q", s, got)
		}
	})
}

// What real text needs survives Inert; what only hides, forges or reorders does not.
func TestInertKeepsRealText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Zoë 🌻", "Zoë 🌻"},
		{"Zoe\u0308", "Zoe\u0308"},
		{"🧑🏽\u200d🌾", "🧑🏽\u200d🌾"},           // a farmer, not a person and a sheaf of rice
		{"❤\ufe0f\u200d🔥", "❤\ufe0f\u200d🔥"}, // a heart on fire
		{"می\u200cخواهم", "می\u200cخواهم"},   // Persian needs its non-joiner
		{"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"}, // Scotland
		{"a\u200db", "ab"}, // a joiner between Latin letters only hides
		{"\u200d", ""},
		{"x\U000E0041y", "xy"},       // tags outside a flag hide text
		{"a\u2028b\u2029c", "a b c"}, // line and paragraph separators forge lines
		{"a\nb\rc\x1b[2Jd\u0085e", "a b c [2Jd e"},
		{"\u202eevil\u202c \u2066x\u2069", "evil \u2066x\u2069"}, // an isolate that closes reorders nothing around it
		{"\u2068a\u2068b\u2069", "a\u2068b\u2069"},               // one that does not close would
		{"\u2069\u2067x", "x"},
		{"\ufeffbom\u200b\u00ad\u2060", "bom"},
		{"\xff\xfe", "\ufffd\ufffd"},
		{"e" + strings.Repeat("\u0301", 40), "e" + strings.Repeat("\u0301", maxMarks)},
		{"\u0301\u0308leading", "leading"}, // it would sit on the bot's quote mark: “́x”
	}
	for _, tt := range tests {
		if got := Inert(tt.in); got != tt.want {
			t.Errorf("Inert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Cap keeps every reply within one message, whatever its characters: emoji weigh four bytes
// and a '<' sixteen once escaped for HTML and JSON, not one rune each.
func TestCapBoundsTheBytesOfAMessage(t *testing.T) {
	for _, unit := range []string{"x", "🌻", "<", "社", `"&'`} {
		var lines []Line
		for range 2000 {
			lines = append(lines, L(Q(strings.Repeat(unit, 40)), " ", B("done")))
		}
		d := NewDoc(P("Tasks:"), Items(lines...)).Cap(MaxReplyBytes)
		plain, h := d.PlainText(), html.UnescapeString(d.HTML(nil))
		if n := len(plain) + len(d.HTML(nil)); n > 2*MaxReplyBytes {
			t.Errorf("%q: a capped reply weighs %d bytes (plain %d)", unit, n, len(plain))
		}
		if !strings.HasSuffix(plain, "(cut here: the answer was too long for one message)") || !strings.Contains(h, unit) {
			t.Errorf("%q: the cut is not said, or nothing is left: %q", unit, plain[max(0, len(plain)-80):])
		}
	}
}
