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

// Inert makes a person's text safe to show inside one line of the bot's output, whatever
// it holds: control characters (newlines, terminal escapes) and the line and paragraph
// separators U+2028/U+2029 become spaces, invisible format characters (bidi embeddings,
// overrides and isolates, zero-width spaces, the byte-order mark, soft hyphens) are removed,
// a run of combining marks is cut short, a mark with no character of the text to sit on is
// dropped, and bytes that are not UTF-8 become U+FFFD. So the text can neither forge a line of
// its own nor reorder, disguise or draw over the bot's words around it. What real text needs
// stays: a zero-width joiner inside an emoji (🧑🏽‍🌾) or between letters of a script that joins
// (Arabic, Indic), an emoji flag's tags, and bidi isolates that close (LRI, RLI or FSI …
// PDI): an isolate keeps its text's direction to itself, so it cannot reorder what is around
// it, and the catalog puts one around every name and number in a right-to-left sentence.
func Inert(s string) string {
	if isInert(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	paired := pairedIsolates(s)
	prev := rune(-1) // the last rune written
	marks := 0       // combining marks written since the last base character
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if paired[i-size] {
			b.WriteRune(r) // invisible: neither a base for marks nor a joiner's neighbour
			continue
		}
		switch {
		case r == utf8.RuneError:
			// An invalid byte, or U+FFFD itself: shown as U+FFFD either way.
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			r = ' '
		case r == zwj || r == zwnj:
			next, _ := utf8.DecodeRuneInString(s[i:])
			if !joins(r, prev, next) {
				continue
			}
		case isTag(r):
			if prev != blackFlag && !isTag(prev) {
				continue
			}
		case isInvisible(r):
			continue
		}
		if unicode.In(r, unicode.Mn, unicode.Me) {
			// A mark before any character of the text's own would sit on the bot's word or
			// quote mark in front of it.
			if marks++; marks > maxMarks || prev < 0 {
				continue
			}
		} else {
			marks = 0
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// pairedIsolates finds the bidi isolates of s that close: the byte offsets of each isolate
// initiator (LRI, RLI, FSI) and of the PDI that closes it. Nil when there are none.
func pairedIsolates(s string) map[int]bool {
	var paired map[int]bool
	var open []int
	for i, r := range s {
		switch {
		case r >= '\u2066' && r <= '\u2068':
			open = append(open, i)
		case r == '\u2069' && len(open) > 0:
			if paired == nil {
				paired = map[int]bool{}
			}
			paired[open[len(open)-1]], paired[i] = true, true
			open = open[:len(open)-1]
		}
	}
	return paired
}

// maxMarks bounds combining marks on one character: real scripts stack a few (Vietnamese two,
// Hebrew with cantillation four); hundreds ("Zalgo" text) draw over the lines around them.
const maxMarks = 8

const (
	zwj       = '\u200d'
	zwnj      = '\u200c'
	blackFlag = '\U0001F3F4' // starts an emoji tag sequence: a subdivision flag such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿
)

// isInert reports whether s is already safe as it is: valid UTF-8 with nothing Inert would
// change (the quick path for nearly every text).
func isInert(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Mn, unicode.Me) {
			return false
		}
		i += size
	}
	return true
}

// joins reports whether a zero-width joiner or non-joiner between prev and next does what
// real text uses it for: joining an emoji sequence (🧑🏽‍🌾, ❤️‍🔥), or shaping letters of a
// script that joins (Persian, Sorani, Indic). Between Latin letters, or alone, it only hides.
func joins(r, prev, next rune) bool {
	if r == zwj && isEmojiPart(prev) && unicode.Is(unicode.So, next) {
		return true
	}
	return isJoiningLetter(prev) && isJoiningLetter(next)
}

// isEmojiPart: an emoji, a skin-tone modifier, the emoji presentation selector or the keycap.
func isEmojiPart(r rune) bool {
	return unicode.Is(unicode.So, r) || r >= 0x1F3FB && r <= 0x1F3FF || r == 0xFE0F || r == 0x20E3
}

// isJoiningLetter: a letter or mark of a script where joiners shape the text.
func isJoiningLetter(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsMark(r)) &&
		!unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common, unicode.Han)
}

// isTag: the invisible tag characters, which only an emoji flag sequence uses.
func isTag(r rune) bool { return r >= 0xE0020 && r <= 0xE007F }

// isInvisible: format characters that show nothing but change how the text around them is
// ordered or read: bidi marks, embeddings, overrides and isolates, zero-width spaces, word
// joiners and invisible operators, the byte-order mark, the soft hyphen, the Mongolian vowel
// separator, interlinear annotations, musical format characters and the language tag.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x206F, r >= 0x2060 && r <= 0x2064,
		r == 0x200B, r == 0x200E, r == 0x200F, r == 0x061C, r == 0xFEFF, r == 0x00AD, r == 0x180E,
		r >= 0xFFF9 && r <= 0xFFFB, r >= 0x1D173 && r <= 0x1D17A, r == 0xE0001:
		return true
	}
	return false
}

// MaxReplyBytes bounds one message, as Cap counts it: Matrix refuses events over 64 KB (the
// plain body and the HTML together, as JSON, and a third more once encrypted), and XMPP
// servers cap stanzas at 64 KB or less. It is about 12,000 characters of plain wording, or
// 3,000 emoji.
const MaxReplyBytes = 24000

// Cap cuts a document once it would weigh about n bytes in a message, at a line, and says it
// was cut, so no reply is refused for its size.
func (d Doc) Cap(n int) Doc {
	total := 0
	for bi, blk := range d.Blocks {
		for li, l := range blk.Lines {
			total += 12 // the line break and a bullet, or a list item's tags
			for _, s := range l {
				total += s.weight()
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

// weight is what a span costs a message at worst: its text once in the plain body and once
// in the HTML, where a character HTML escapes becomes up to 16 bytes of JSON, and its markup
// (a mention's pill and its entry among the event's mentions).
func (s Span) weight() int {
	n := 0
	switch s.Kind {
	case Strong, Emph, Code:
		n = 20
	case Mention:
		n = 60
		if s.Member != nil {
			n += 2 * len(s.Member.ID)
		}
	}
	text := Inert(s.Text)
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '<', '>', '&', '"', '\'':
			n += 16
		default:
			n += 2
		}
	}
	return n
}
