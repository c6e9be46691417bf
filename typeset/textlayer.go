package typeset

import (
	"bytes"
	"sort"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/bidi"
)

// The text layer. Glyphs are drawn left to right as they are seen; a reader that extracts the
// text (pdftotext, and Evince's and Okular's search and copy, all poppler) gathers them by
// position and then puts each line back in reading order by a rule of its own: on a page
// with more left-to-right letters than right-to-left ones it reverses every stretch that
// starts with a right-to-left letter and runs to the next left-to-right letter or digit,
// punctuation included; on the other pages it reads the line from the right. That rule
// scrambles lines that mix directions ("Note: <Hebrew> (<Hebrew name>, 18:37)" comes back
// with the name inside the note), so a line that needs it carries its text in an ActualText
// span written for that rule: what the rule turns into the line's characters in logical
// order, with a directional mark where a stretch must end. Which rule applies depends on the
// whole page, so the spans are written when the page is done (Page.finish).

// readingRange is a range of characters, both ends included.
type readingRange struct{ lo, hi rune }

// Reading classes.
const (
	readNeutral = iota
	readLTR     // a left-to-right letter or a part of a number: ends a right-to-left stretch
	readRTL     // a right-to-left letter: starts one
)

func inRanges(rs []readingRange, r rune) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= r })
	return i < len(rs) && rs[i].lo <= r
}

// readingClass is a character's class in poppler's reordering.
func readingClass(r rune) uint8 {
	switch {
	case inRanges(readingRTL, r):
		return readRTL
	case inRanges(readingLTR, r):
		return readLTR
	}
	return readNeutral
}

// direction weight of a character in the page's count: poppler counts letters only.
func readingWeight(r rune) int {
	switch readingClass(r) {
	case readRTL:
		return -1
	case readLTR:
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.L && !unicode.IsDigit(r) {
			return 1
		}
	}
	return 0
}

const (
	lrm = '\u200E' // left-to-right mark: a left-to-right letter to the reader, drawing nothing
	rlm = '\u200F' // right-to-left mark
)

// isMark reports a combining mark, kept with the letter before it.
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) }

// readLeftToRight writes text (a line in logical order) for a page read left to right: each
// stretch from a right-to-left letter to the last one before a left-to-right letter or digit
// (with the marks on it) is reversed, as the reader reverses it back, and closed with a
// left-to-right mark so that the punctuation after it stays after it.
func readLeftToRight(dst, text []rune) []rune {
	for i := 0; i < len(text); {
		if readingClass(text[i]) != readRTL {
			dst = append(dst, text[i])
			i++
			continue
		}
		end := i // the stretch is text[i:end+1]
		for j := i + 1; j < len(text) && readingClass(text[j]) != readLTR; j++ {
			if readingClass(text[j]) == readRTL || (end == j-1 && isMark(text[j])) {
				end = j
			}
		}
		if readingClass(text[end]) != readRTL { // reversed, it would start with a mark
			dst = append(dst, rlm)
		}
		for k := end; k >= i; k-- {
			dst = append(dst, text[k])
		}
		if end+1 == len(text) || readingClass(text[end+1]) != readLTR {
			dst = append(dst, lrm)
		}
		i = end + 1
	}
	return dst
}

// readRightToLeft writes text for a page read right to left: the reader reads the line from
// its right end and reverses each stretch of left-to-right letters and digits back; so the
// text is written reversed, each such stretch (with its marks) kept in its own order and
// closed by marks as readLeftToRight closes right-to-left ones.
func readRightToLeft(dst, text []rune) []rune {
	start := len(dst)
	for i := 0; i < len(text); {
		if readingClass(text[i]) != readLTR {
			dst = append(dst, text[i])
			i++
			continue
		}
		end := i
		for j := i + 1; j < len(text) && readingClass(text[j]) != readRTL; j++ {
			if readingClass(text[j]) == readLTR || (end == j-1 && isMark(text[j])) {
				end = j
			}
		}
		if readingClass(text[end]) != readLTR {
			dst = append(dst, lrm)
		}
		for k := end; k >= i; k-- {
			dst = append(dst, text[k])
		}
		if end+1 == len(text) || readingClass(text[end+1]) != readRTL {
			dst = append(dst, rlm)
		}
		i = end + 1
	}
	for a, b := start, len(dst)-1; a < b; a, b = a+1, b-1 { // then the whole, reversed
		dst[a], dst[b] = dst[b], dst[a]
	}
	return dst
}

// textSpan is a drawn line whose text the page writes when it is done: its operators are
// content[start:end], its characters text[a:b] of the page's span text.
type textSpan struct {
	start, end int
	a, b       int
	always     bool // it needs the span on any page; otherwise only on a page read right to left
}

// noteLine records a line just drawn: its operators from start, its text, whether the glyphs'
// map cannot give the text back by itself (right-to-left letters, clusters the map cannot
// express), and the letters for the page's direction.
func (p *Page) noteLine(start int, text []rune, always bool) {
	if start == p.content.Len() {
		return
	}
	a := len(p.spanText)
	p.spanText = append(p.spanText, text...)
	for _, r := range text {
		p.lr += readingWeight(r)
	}
	p.spans = append(p.spans, textSpan{start: start, end: p.content.Len(), a: a, b: len(p.spanText), always: always})
}

// finish returns the page's content with the text spans written for the page's direction,
// decided the first time it is called: once the page is sealed, text drawn later (a footer)
// follows the direction its body set. The bytes are valid until the next call.
func (p *Page) finish() []byte {
	if !p.dirSet {
		p.rtlPage, p.dirSet = p.lr < 0, true
	}
	content := p.content.Bytes()
	if len(p.spans) == 0 {
		return content
	}
	out := &p.d.finishBuf
	out.Reset()
	at := 0
	var buf []rune
	for _, s := range p.spans {
		if !s.always && !p.rtlPage {
			continue
		}
		out.Write(content[at:s.start])
		buf = buf[:0]
		if p.rtlPage {
			buf = readRightToLeft(buf, p.spanText[s.a:s.b])
		} else {
			buf = readLeftToRight(buf, p.spanText[s.a:s.b])
		}
		writeActualText(out, buf)
		out.Write(content[s.start:s.end])
		out.WriteString("EMC\n")
		at = s.end
	}
	out.Write(content[at:])
	return out.Bytes()
}

// writeActualText opens a marked-content span whose text replaces that of the glyphs in it.
func writeActualText(b *bytes.Buffer, text []rune) {
	b.WriteString("/Span<</ActualText<FEFF")
	for _, u := range utf16.Encode(text) {
		writeHex4(b, u)
	}
	b.WriteString(">>>BDC\n")
}

func reversed(rs []rune) []rune {
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[len(rs)-1-i] = r
	}
	return out
}
