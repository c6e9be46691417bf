package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is what a reply says, as a few blocks that every transport renders natively: Matrix as
// HTML beside a plain body, XMPP with XEP-0393 styling, the console as plain text. The bot's
// own wording and a person's text both enter as spans; no renderer ever reads markup out of
// a span's text, so nobody can inject formatting through a name, a question or a reason.
type Doc struct {
	Blocks []Block `json:"b,omitempty"`
}

// BlockKind is the shape of a block.
type BlockKind uint8

// The block kinds.
const (
	Para BlockKind = iota // one line of text
	List                  // a bulleted list, one item per line
	Pre                   // preformatted lines, shown in a fixed-width font
)

// Block is a paragraph, a list or preformatted text. A paragraph has one line.
type Block struct {
	Kind  BlockKind `json:"k,omitempty"`
	Lines []Line    `json:"l,omitempty"`
}

// Line is a run of spans.
type Line []Span

// SpanKind says how a span is shown.
type SpanKind uint8

// The span kinds.
const (
	Plain   SpanKind = iota // the bot's wording
	Strong                  // bold
	Emph                    // italic
	Code                    // a command or an ID, in a fixed-width font
	Quoted                  // a person's text, shown exactly as typed and never formatted
	Mention                 // a member, notified where the network can (a Matrix pill)
)

// Span is a piece of text with one style.
type Span struct {
	Kind   SpanKind `json:"k,omitempty"`
	Text   string   `json:"t,omitempty"`
	Member *Member  `json:"m,omitempty"` // for Mention
}

// Styled spans. A string given to the block builders is Plain.

// B is bold wording.
func B(s string) Span { return Span{Kind: Strong, Text: s} }

// I is emphasised wording.
func I(s string) Span { return Span{Kind: Emph, Text: s} }

// C is a command, option or ID, shown in a fixed-width font.
func C(s string) Span { return Span{Kind: Code, Text: s} }

// Q is a person's text: a question, a reason, a name. It is shown literally everywhere.
func Q(s string) Span { return Span{Kind: Quoted, Text: s} }

// At mentions a member: a pill on Matrix, their nick on XMPP, their name on the console.
func At(m Member) Span { return Span{Kind: Mention, Text: m.Display(), Member: &m} }

// L makes a line from strings (the bot's plain wording), Spans, Members (mentioned) and Lines.
func L(parts ...any) Line {
	var line Line
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			if v != "" {
				line = append(line, Span{Text: v})
			}
		case Span:
			line = append(line, v)
		case Member:
			line = append(line, At(v))
		case Line:
			line = append(line, v...)
		default:
			panic("bot.L: unsupported part")
		}
	}
	return line
}

// P is a paragraph of one line.
func P(parts ...any) Block { return Block{Kind: Para, Lines: []Line{L(parts...)}} }

// Items is a bulleted list.
func Items(lines ...Line) Block { return Block{Kind: List, Lines: lines} }

// Preformatted is text in a fixed-width font, line by line, shown literally.
func Preformatted(lines ...string) Block {
	b := Block{Kind: Pre}
	for _, s := range lines {
		b.Lines = append(b.Lines, Line{{Kind: Quoted, Text: s}})
	}
	return b
}

// NewDoc makes a document from blocks.
func NewDoc(blocks ...Block) Doc { return Doc{Blocks: blocks} }

// Add appends blocks.
func (d *Doc) Add(blocks ...Block) { d.Blocks = append(d.Blocks, blocks...) }

// IsZero reports whether the document says nothing.
func (d Doc) IsZero() bool {
	for _, b := range d.Blocks {
		for _, l := range b.Lines {
			for _, s := range l {
				if s.Text != "" {
					return false
				}
			}
		}
	}
	return true
}

// Mentions lists the members the document mentions, once each, in order.
func (d Doc) Mentions() []Member {
	var out []Member
	seen := map[string]bool{}
	d.each(func(s Span) {
		if s.Kind == Mention && s.Member != nil && !seen[s.Member.ID] {
			seen[s.Member.ID] = true
			out = append(out, *s.Member)
		}
	})
	return out
}

func (d Doc) each(f func(Span)) {
	for _, b := range d.Blocks {
		for _, l := range b.Lines {
			for _, s := range l {
				f(s)
			}
		}
	}
}

// TextDoc reads plain text into a document, all of it inert: each line is a paragraph, and
// consecutive lines that start with "• " (or are indented) become a list.
func TextDoc(s string) Doc {
	var d Doc
	for _, line := range strings.Split(s, "\n") {
		item, ok := strings.CutPrefix(line, "• ")
		if !ok && strings.HasPrefix(line, "  ") && strings.TrimSpace(line) != "" {
			item, ok = strings.TrimSpace(line), true
		}
		if ok {
			if n := len(d.Blocks); n > 0 && d.Blocks[n-1].Kind == List {
				d.Blocks[n-1].Lines = append(d.Blocks[n-1].Lines, L(item))
				continue
			}
			d.Blocks = append(d.Blocks, Items(L(item)))
			continue
		}
		d.Blocks = append(d.Blocks, P(line))
	}
	return d
}

// Inert makes a person's text safe to show inside one line of the bot's output: control
// characters (newlines included) become spaces, and bidirectional overrides, isolates and
// zero-width characters are removed, so the text can neither forge a line of its own nor
// reorder or disguise the bot's words around it.
func Inert(s string) string {
	if strings.IndexFunc(s, needsCleaning) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case isInvisible(r):
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsCleaning(r rune) bool { return unicode.IsControl(r) || isInvisible(r) }

// isInvisible: bidi embeddings, overrides and isolates, marks, zero-width characters, the
// byte-order mark.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == 0x200E, r == 0x200F, r == 0x061C,
		r >= 0x200B && r <= 0x200D, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}

// MaxReplyRunes bounds one message's text: Matrix refuses events over 64 KB (the plain body
// and the HTML together), and XMPP servers cap stanzas at 64 KB or less.
const MaxReplyRunes = 8000

// Cap cuts a document after about n runes of text, at a line, and says it was cut, so no
// reply is refused for its size.
func (d Doc) Cap(n int) Doc {
	total := 0
	for bi, blk := range d.Blocks {
		for li, l := range blk.Lines {
			total += 3 // the line break and a bullet
			for _, s := range l {
				total += utf8.RuneCountInString(s.Text)
			}
			if total > n {
				out := Doc{Blocks: append([]Block{}, d.Blocks[:bi]...)}
				if li > 0 {
					out.Blocks = append(out.Blocks, Block{Kind: blk.Kind, Lines: blk.Lines[:li]})
				}
				out.Add(P(I("… (cut here: the answer was too long for one message)")))
				return out
			}
		}
	}
	return d
}
