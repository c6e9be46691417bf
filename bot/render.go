package bot

import (
	"html"
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// The renderers below turn a Doc into each network's native format. Every span's text passes
// through Inert and the format's escaping, so a span can never break out of its place.

// PlainText renders a document as plain text: paragraphs on their own lines, list items
// after "• ", mentions as the member's name.
func (d Doc) PlainText() string {
	var b strings.Builder
	for i, blk := range d.Blocks {
		for j, l := range blk.Lines {
			if i > 0 || j > 0 {
				b.WriteByte('\n')
			}
			if blk.Kind == List {
				b.WriteString("• ")
			}
			for _, s := range l {
				b.WriteString(Inert(s.Text))
			}
		}
	}
	return b.String()
}

// HTML renders a document as Matrix formatted_body HTML. mentionURL gives the link of a
// mentioned member's pill ("" for none).
func (d Doc) HTML(mentionURL func(Member) string) string {
	var b strings.Builder
	for i, blk := range d.Blocks {
		switch blk.Kind {
		case List:
			b.WriteString("<ul>")
			for _, l := range blk.Lines {
				b.WriteString("<li>")
				writeHTMLLine(&b, l, mentionURL)
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		case Pre:
			b.WriteString("<pre><code>")
			for j, l := range blk.Lines {
				if j > 0 {
					b.WriteByte('\n')
				}
				for _, s := range l {
					b.WriteString(html.EscapeString(Inert(s.Text)))
				}
			}
			b.WriteString("</code></pre>")
		default:
			if i > 0 && d.Blocks[i-1].Kind == Para {
				b.WriteString("<br>")
			}
			for _, l := range blk.Lines {
				writeHTMLLine(&b, l, mentionURL)
			}
		}
	}
	return b.String()
}

func writeHTMLLine(b *strings.Builder, l Line, mentionURL func(Member) string) {
	for _, s := range l {
		text := html.EscapeString(Inert(s.Text))
		switch s.Kind {
		case Strong:
			b.WriteString("<strong>" + text + "</strong>")
		case Emph:
			b.WriteString("<em>" + text + "</em>")
		case Code:
			b.WriteString("<code>" + text + "</code>")
		case Mention:
			url := ""
			if s.Member != nil && mentionURL != nil {
				url = mentionURL(*s.Member)
			}
			if url == "" {
				b.WriteString(text)
			} else {
				// The link is the transport's (percent-encoded); kept valid UTF-8 like the rest.
				b.WriteString(`<a href="` + html.EscapeString(strings.ToValidUTF8(url, "\uFFFD")) + `">` + text + "</a>")
			}
		default:
			b.WriteString(text)
		}
	}
}

// Styled renders a document with XEP-0393 message styling (*bold*, _emphasis_, `code`,
// ``` blocks). XEP-0393 has no escape character, so when any text in the document would
// itself read as styling (a person's `*x*` or "> x", a backtick in a command, a nick with an
// underscore), the whole message is rendered plain and unstyled is true: the sender must then
// add the <unstyled/> hint, and every character is shown as typed. The decision is taken on
// the text as it will be shown (made inert), so removing an invisible character can never
// uncover a directive. nick gives a mentioned member's name in the room.
func (d Doc) Styled(nick func(Member) string) (body string, unstyled bool) {
	d = d.shown(nick)
	if d.hasStyleDirectives() {
		return d.PlainText(), true
	}
	var b strings.Builder
	for i, blk := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		if blk.Kind == Pre {
			b.WriteString("```\n")
			for _, l := range blk.Lines {
				for _, s := range l {
					b.WriteString(s.Text)
				}
				b.WriteByte('\n')
			}
			b.WriteString("```")
			continue
		}
		for j, l := range blk.Lines {
			if j > 0 {
				b.WriteByte('\n')
			}
			if blk.Kind == List {
				b.WriteString("• ")
			}
			for _, s := range l {
				switch s.Kind {
				case Strong:
					b.WriteString(wrapStyle("*", s.Text))
				case Emph:
					b.WriteString(wrapStyle("_", s.Text))
				case Code:
					b.WriteString(wrapStyle("`", s.Text))
				default:
					b.WriteString(s.Text)
				}
			}
		}
	}
	return b.String(), false
}

// wrapStyle applies a span directive only where XEP-0393 allows it (no space just inside).
func wrapStyle(d, text string) string {
	if text == "" || strings.TrimSpace(text) != text {
		return text
	}
	return d + text + d
}

// shown is the document as a room shows it: each mention's text is the member's nick there
// (a nick can hold styling characters too), and every text is made inert.
func (d Doc) shown(nick func(Member) string) Doc {
	out := Doc{Blocks: make([]Block, len(d.Blocks))}
	for i, blk := range d.Blocks {
		nb := Block{Kind: blk.Kind, Lines: make([]Line, len(blk.Lines))}
		for j, l := range blk.Lines {
			nl := make(Line, len(l))
			for k, s := range l {
				if s.Kind == Mention && s.Member != nil && nick != nil {
					if n := nick(*s.Member); n != "" {
						s.Text = n
					}
				}
				s.Text = Inert(s.Text)
				nl[k] = s
			}
			nb.Lines[j] = nl
		}
		out.Blocks[i] = nb
	}
	return out
}

// hasStyleDirectives reports whether any text would be read as XEP-0393 styling: a span
// directive character anywhere, or a paragraph line that starts with a block quote.
func (d Doc) hasStyleDirectives() bool {
	found := false
	d.each(func(s Span) {
		if strings.ContainsAny(s.Text, "*_~`") {
			found = true
		}
	})
	if found {
		return true
	}
	for _, blk := range d.Blocks {
		if blk.Kind != Para {
			continue // a list line starts with its bullet; a preformatted block is not styled
		}
		for _, l := range blk.Lines {
			var line strings.Builder
			for _, s := range l {
				line.WriteString(s.Text)
			}
			if strings.HasPrefix(strings.TrimLeft(line.String(), " "), ">") {
				return true
			}
		}
	}
	return false
}

// RightToLeft reports whether the document reads right to left: its first strong letter of
// the bot's own words (not a mention, code, or a value inside bidi isolates) is of a
// right-to-left script, as in a room that speaks Arabic or Sorani. Renderers that can say
// so (Matrix's HTML) set the direction from it.
func (d Doc) RightToLeft() bool {
	for _, blk := range d.Blocks {
		for _, l := range blk.Lines {
			for _, s := range l {
				if s.Kind == Mention || s.Kind == Code {
					continue
				}
				depth := 0
				for _, r := range s.Text {
					switch {
					case r >= '\u2066' && r <= '\u2068':
						depth++
					case r == '\u2069' && depth > 0:
						depth--
					case depth > 0:
					default:
						switch p, _ := bidi.LookupRune(r); p.Class() {
						case bidi.L:
							return false
						case bidi.R, bidi.AL:
							return true
						}
					}
				}
			}
		}
	}
	return false
}
