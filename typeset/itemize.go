package typeset

import (
	"unicode/utf8"

	"github.com/go-text/typesetting/language"
)

// Itemising: a paragraph's characters, their bidi levels (isolated spans resolved apart),
// scripts and the places a line may break.

// paraText is a paragraph's characters with what each one needs for shaping and breaking.
type paraText struct {
	runes  []rune
	bold   []bool
	levels []int8
	script []language.Script
	brk    []uint8 // per rune: 1 a line may break before it, 2 it must, 4 a cluster starts
	// isolates are the rune ranges of isolated spans; outer is scratch for the text around them
	isolates [][2]int
	outer    []rune
}

// paragraphLevels sets the paragraph's direction (when auto) and returns every rune's level.
// An isolated span is laid out as HTML's <bdi> and Unicode's FSI...PDI: its direction is that
// of its own first letter, and to the text around it it is one neutral character. Each part
// is resolved on its own, so the numbers' levels stay exact (see refineLevels).
func (s *shaper) paragraphLevels(t *paraText, dir *Direction, auto bool) []int8 {
	if len(t.isolates) == 0 {
		if auto {
			*dir = firstStrong(t.runes)
		}
		return levels(&s.bidi, t.runes, *dir, t.levels)
	}
	t.outer = t.outer[:0]
	at := 0
	for _, iso := range t.isolates {
		t.outer = append(t.outer, t.runes[at:iso[0]]...)
		t.outer = append(t.outer, '\uFFFC') // a neutral (ON) in the isolate's place
		at = iso[1]
	}
	t.outer = append(t.outer, t.runes[at:]...)
	if auto {
		*dir = firstStrong(t.outer)
	}
	outer := levels(&s.bidi, t.outer, *dir, nil)
	lv := t.levels[:0]
	o := 0
	at = 0
	for _, iso := range t.isolates {
		for range t.runes[at:iso[0]] {
			lv = append(lv, outer[o])
			o++
		}
		inner := t.runes[iso[0]:iso[1]]
		idir := firstStrong(inner)
		// the isolate's level: the least above the paragraph's with its direction's parity;
		// its text was resolved from level 0 (LTR) or 1 (RTL)
		b := int8(*dir-LTR) + 1
		if (b%2 == 1) != (idir == RTL) {
			b++
		}
		shift := b
		if idir == RTL {
			shift--
		}
		for _, l := range levels(&s.bidi, inner, idir, nil) {
			lv = append(lv, l+shift)
		}
		o++
		at = iso[1]
	}
	for range t.runes[at:] {
		lv = append(lv, outer[o])
		o++
	}
	return lv
}

const (
	bBreak    = 1
	bMust     = 2
	bGrapheme = 4
)

// prepare fills t from spans: the characters, their levels, scripts and break opportunities.
func (s *shaper) prepare(t *paraText, spans []Span, dir *Direction, auto bool) {
	t.runes, t.bold, t.isolates = t.runes[:0], t.bold[:0], t.isolates[:0]
	for _, sp := range spans {
		a := len(t.runes)
		for _, r := range sp.Text {
			if r == utf8.RuneError || (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				r = ' ' // controls are spaces: no font has them, and they draw nothing
			}
			t.runes = append(t.runes, r)
			t.bold = append(t.bold, sp.Bold)
		}
		if sp.Isolate && len(t.runes) > a {
			t.isolates = append(t.isolates, [2]int{a, len(t.runes)})
		}
	}
	t.levels = s.paragraphLevels(t, dir, auto)
	t.script = scripts(t.runes, t.script)
	t.brk = t.brk[:0]
	for range t.runes {
		t.brk = append(t.brk, 0)
	}
	if len(t.runes) == 0 {
		return
	}
	s.seg.Init(t.runes)
	lines := s.seg.LineIterator()
	for lines.Next() {
		l := lines.Line()
		end := l.Offset + len(l.Text)
		if end < len(t.runes) {
			t.brk[end] |= bBreak
			if l.IsMandatoryBreak {
				t.brk[end] |= bMust
			}
		}
	}
	gr := s.seg.GraphemeIterator()
	for gr.Next() {
		t.brk[gr.Grapheme().Offset] |= bGrapheme
	}
}

// scripts resolves each rune's script, giving Common and Inherited ones (spaces, digits,
// punctuation, marks) the script of the letters before them, or after them at the start.
func scripts(text []rune, out []language.Script) []language.Script {
	out = out[:0]
	cur := language.Common
	for _, r := range text {
		sc := language.LookupScript(r)
		if sc == language.Common || sc == language.Inherited || sc == language.Unknown {
			sc = cur
		} else if cur == language.Common {
			for j := range out {
				out[j] = sc
			}
		}
		cur = sc
		out = append(out, sc)
	}
	return out
}
