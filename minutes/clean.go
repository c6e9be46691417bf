package minutes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	eaw "golang.org/x/text/width"
)

// clean makes a person's text safe for every renderer: invalid UTF-8 becomes U+FFFD, control
// characters and line or paragraph separators become spaces (so no text can start a line of
// its own), bidi controls and invisible characters are dropped (so no text can reorder the
// page around it, or hide inside a word), and runs of spaces collapse to one.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	tags := 0 // tag characters so far in a flag's tag sequence (🏴 then tag letters)
	var prev rune
	for i, r := range s {
		switch {
		case isBidi(r):
			continue
		case unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			prev = ' '
			continue
		case r >= 0xE0020 && r <= 0xE007F:
			// Outside a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿 is 🏴, "gbsct" in tags, a cancel tag), or longer than any
			// flag's, tag characters only hide text from readers.
			if (tags == 0 && prev != 0x1F3F4) || tags >= maxFlagTags {
				continue
			}
			if tags++; r == 0xE007F {
				tags = 0
			}
		case isJoiner(r):
			// A zero-width joiner or non-joiner does a job only between two characters (an
			// emoji sequence, a Persian or Sorani word); anywhere else it only hides.
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if !visible(prev) || !visible(next) {
				continue
			}
		case invisible(r):
			continue
		default:
			tags = 0
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isClean is clean's fast path: most text needs no change, and the digest benchmark cleans
// tens of thousands of strings.
func isClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for _, r := range s {
		if r < 0x80 {
			if r < 0x20 || r == 0x7f || (r == ' ' && prevSpace) {
				return false
			}
			prevSpace = r == ' '
			continue
		}
		if r == utf8.RuneError || isBidi(r) || unicode.IsControl(r) || unicode.IsSpace(r) || invisible(r) || isJoiner(r) ||
			(r >= 0xE0020 && r <= 0xE007F) {
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// isBidi reports the bidi embedding, override and isolate controls and the invisible marks.
func isBidi(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// maxFlagTags bounds a flag's tag sequence: a subdivision code and the cancel tag.
const maxFlagTags = 8

func isJoiner(r rune) bool { return r == '\u200C' || r == '\u200D' }

// invisible reports the characters that draw nothing and join nothing: format characters
// (zero-width space, word joiner, the byte-order mark, soft hyphen, invisible operators ...)
// and the Hangul fillers that pass for letters. A name or a note made of them looks empty or
// like another; the text and HTML minutes drop them as the PDF would hide them.
func invisible(r rune) bool {
	if r < 0xAD {
		return false
	}
	return (unicode.Is(unicode.Cf, r) && !isJoiner(r) && !(r >= 0xE0020 && r <= 0xE007F)) ||
		r == '\u3164' || r == '\uFFA0' || r == '\u115F' || r == '\u1160'
}

// visible reports a character that is drawn: neither nothing, a space, nor an invisible one.
func visible(r rune) bool {
	return r != 0 && r != ' ' && r != utf8.RuneError && !invisible(r) && !isJoiner(r) && !unicode.IsSpace(r) &&
		!unicode.IsControl(r) && !isBidi(r)
}

// OneLine makes a person's text safe for a file that keeps one line per message (the
// meeting's full log): each line break of any kind shows as " ⏎ ", then the text is
// cleaned like everything in the minutes.
func OneLine(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = lineBreaks.Replace(s)
	return clean(s)
}

// lineBreaks are the characters that start a new line in some reader: ASCII breaks, NEL,
// vertical tab, form feed and the Unicode line and paragraph separators.
var lineBreaks = strings.NewReplacer("\r\n", " ⏎ ", "\n", " ⏎ ", "\r", " ⏎ ", "\u0085", " ⏎ ", "\v", " ⏎ ",
	"\f", " ⏎ ", "\u2028", " ⏎ ", "\u2029", " ⏎ ")

// width is the number of columns s takes in a monospaced plain-text reader: two for East
// Asian wide and fullwidth characters (CJK, most emoji), none for combining marks, joiners,
// variation selectors and invisible characters, which sit on the character before them, and
// one for the rest.
func width(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return n + widthSlow(s[i:])
		}
		n++
	}
	return n
}

func widthSlow(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is one character's columns (see width).
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me) || isJoiner(r) || invisible(r) || (r >= 0xE0020 && r <= 0xE007F):
		return 0
	}
	switch k := eaw.LookupRune(r).Kind(); {
	case k == eaw.EastAsianWide || k == eaw.EastAsianFullwidth:
		return 2
	case r >= 0x1F300 && r <= 0x1FAFF: // pictographs a terminal shows as emoji, two columns
		return 2
	}
	return 1
}

// wrap breaks s into lines at spaces, the first line at most first columns wide and the
// others at most rest, cutting words longer than a line.
func wrap(s string, first, rest int) []string {
	first, rest = max(first, 1), max(rest, 1)
	var lines []string
	var line strings.Builder
	lineW := 0
	flush := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for todo := s; todo != ""; {
		var word string
		word, todo, _ = strings.Cut(todo, " ") // clean text has no other kind of space
		if word == "" {
			continue
		}
		ww := width(word)
		for {
			w, sep := first, 0
			if len(lines) > 0 {
				w = rest
			}
			if lineW > 0 {
				sep = 1
			}
			if lineW+sep+ww <= w {
				if sep == 1 {
					line.WriteByte(' ')
				}
				line.WriteString(word)
				lineW += sep + ww
				break
			}
			if lineW > 0 && ww <= rest { // the word fits on a fresh line
				flush()
				continue
			}
			room := w - lineW - sep // a word longer than any line: fill this one and cut
			head, tail := cut(word, room)
			if head == "" && lineW > 0 { // not even one character fits here
				flush()
				continue
			}
			if head == "" { // a character wider than the whole line: it goes alone
				head, tail = cut(word, runeWidth([]rune(word)[0]))
			}
			if sep == 1 {
				line.WriteByte(' ')
			}
			line.WriteString(head)
			flush()
			word, ww = tail, width(tail)
			if word == "" {
				break
			}
		}
	}
	if lineW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// cut splits s after at most n columns, keeping zero-width characters with the one before.
func cut(s string, n int) (string, string) {
	cols := 0
	for i, r := range s {
		w := runeWidth(r)
		if w > 0 && cols+w > n {
			return s[:i], s[i:]
		}
		cols += w
	}
	return s, ""
}
