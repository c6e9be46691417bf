package minutes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean makes a person's text safe for every renderer: invalid UTF-8 becomes U+FFFD, control
// characters and line or paragraph separators become spaces (so no text can start a line of
// its own), bidi controls are dropped (so no text can reorder the page around it), and runs
// of spaces collapse to one.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case isBidi(r):
			continue
		case unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
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
		if r == utf8.RuneError || isBidi(r) || unicode.IsControl(r) || unicode.IsSpace(r) {
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

// width is the number of columns s takes in a monospaced plain-text reader: one per rune,
// except combining marks, which sit on the rune before them.
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
		if r < 0x300 || !unicode.In(r, unicode.Mn, unicode.Me) {
			n++
		}
	}
	return n
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
			if room < 1 {
				flush()
				continue
			}
			head, tail := cut(word, room)
			if sep == 1 {
				line.WriteByte(' ')
			}
			line.WriteString(head)
			flush()
			word, ww = tail, width(tail)
		}
	}
	if lineW > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// cut splits s after n columns, keeping combining marks with their base.
func cut(s string, n int) (string, string) {
	cols := 0
	for i, r := range s {
		if r < 0x300 || !unicode.In(r, unicode.Mn, unicode.Me) {
			if cols == n {
				return s[:i], s[i:]
			}
			cols++
		}
	}
	return s, ""
}
