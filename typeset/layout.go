package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Span is a run of text in one weight.
type Span struct {
	Text string
	Bold bool
	// Isolate lays the span out apart from the text around it, as HTML's <bdi>: its direction
	// is its own first letter's, and it cannot pull the words next to it into its direction.
	// For a person's name or words inside the document's own.
	Isolate bool
}

// Paragraph is text shaped at one size, ready to be broken into lines. Its direction is that
// of its first letter (the bidi algorithm's rule), unless the document forces one.
type Paragraph struct {
	doc      *Document
	size     float64 // points
	dir      Direction
	runes    []rune
	clusters []cluster
	glyphs   []glyph
}

// Line is a part of a paragraph that fits a width; Width excludes the spaces it ends with.
type Line struct {
	p     *Paragraph
	a, b  int // its clusters, trailing spaces excluded
	width float64
	// hy is the hyphen drawn at the end of a line that cuts a word of a script written with
	// hyphens (Latin, Greek, Cyrillic, …) where no break was allowed, in hyFace; id 0: none
	hy     glyph
	hyFace int16
}

// Paragraph shapes spans at size points (kept between 1 and 1000). The text may mix scripts
// and directions freely.
func (d *Document) Paragraph(size float64, spans ...Span) *Paragraph {
	if !(size >= 1) { // NaN too
		size = 1
	}
	size = min(size, 1000)
	p := &Paragraph{doc: d, size: size, dir: d.dir}
	t := &d.scratch
	d.sh.prepare(t, spans, &p.dir, d.autoDir)
	p.runes = append([]rune(nil), t.runes...)
	p.clusters = make([]cluster, 0, len(p.runes))
	p.glyphs = make([]glyph, 0, len(p.runes)+8)
	d.sh.shape(t, p)
	return p
}

// Text is Paragraph for plain text in one weight.
func (d *Document) Text(size float64, bold bool, s string) *Paragraph {
	return d.Paragraph(size, Span{Text: s, Bold: bold})
}

// Fit returns s, or its beginning and "…" when s is wider than width at size points: cut
// between two clusters, so no letter loses its marks and no emoji sequence is split. For a
// running header or a table cell that must keep to one line.
func (d *Document) Fit(size float64, bold bool, s string, width float64) string {
	p := d.Text(size, bold, s)
	if p.Width() <= width {
		return s
	}
	limit := float32(width*d.unit*1000/size) - d.Text(size, bold, "…").clusterWidth()
	var w float32
	cut := 0
	for _, c := range p.clusters {
		if w+c.adv > limit {
			break
		}
		w += c.adv
		cut = int(c.end)
	}
	return strings.TrimRight(string(p.runes[:cut]), " ") + "…"
}

// clusterWidth is the width of all clusters in thousandths of the size.
func (p *Paragraph) clusterWidth() float32 {
	var w float32
	for _, c := range p.clusters {
		w += c.adv
	}
	return w
}

// Dir is the paragraph's direction: an RTL paragraph is aligned right.
func (p *Paragraph) Dir() Direction { return p.dir }

// Size is the type size in points.
func (p *Paragraph) Size() float64 { return p.size }

// Width is the paragraph's width on one line, without the spaces it ends with, in the
// document's unit.
func (p *Paragraph) Width() float64 {
	end := len(p.clusters)
	for end > 0 && p.clusters[end-1].flags&fSpace != 0 {
		end--
	}
	return p.span(0, end)
}

// span measures clusters [a, b) in the document's unit.
func (p *Paragraph) span(a, b int) float64 {
	w := float32(0)
	for _, c := range p.clusters[a:b] {
		w += c.adv
	}
	return float64(w) * p.size / 1000 / p.doc.unit
}

// Lines breaks the paragraph into lines at most width wide, at the places Unicode's line
// breaking rules allow (after spaces, between ideographs, after a URL's slashes). A word wider
// than a line starts on the line where it falls, filling it, and is cut between two
// clusters, never inside one; a cut inside a word of a script written with hyphens ends the
// line with a hyphen. An empty paragraph is one empty line.
func (p *Paragraph) Lines(width float64) []Line {
	limit := float32(width * p.doc.unit * 1000 / p.size)
	var lines []Line
	n := len(p.clusters)
	i := 0
	for i < n || len(lines) == 0 {
		var w float32 // width of clusters [i, j)
		brk := -1     // the last place a line may break, after clusters [i, brk)
		j := i
		for j < n {
			c := &p.clusters[j]
			if c.flags&fSpace == 0 && w+c.adv > limit && j > i {
				break
			}
			w += c.adv
			j++
			if c.flags&fMandatory != 0 {
				brk = j
				break
			}
			if c.flags&fBreak != 0 {
				brk = j
			}
		}
		end := j // the rest fits, or no place to break: between two clusters
		if j < n && brk > i && !p.tooLong(brk, limit) {
			end = brk
		}
		l := p.line(i, end)
		if end == j && j < n && p.clusters[j-1].flags&(fBreak|fSpace|fMandatory) == 0 {
			l = p.cut(i, end, limit)
			end = l.b
		}
		lines = append(lines, l)
		if end <= i { // nothing fitted and nothing to take: an empty paragraph
			break
		}
		i = end
	}
	return lines
}

// tooLong reports whether the word starting at cluster a (up to the next place a line may
// break) is wider than a whole line: it will be cut anyway, so it starts where it falls.
func (p *Paragraph) tooLong(a int, limit float32) bool {
	var w float32
	for k := a; k < len(p.clusters); k++ {
		c := &p.clusters[k]
		if c.flags&fSpace != 0 {
			return false
		}
		if w += c.adv; w > limit {
			return true
		}
		if c.flags&(fBreak|fMandatory) != 0 {
			return false
		}
	}
	return false
}

// cut makes the line of clusters [a, end) that ends inside a word. When the word is of a
// script written with hyphens, the line ends with a hyphen, letters given back to make room
// for it; the line's clusters are then fewer than end - a.
func (p *Paragraph) cut(a, end int, limit float32) Line {
	l := p.line(a, end)
	if p.dir != LTR || end-a < 2 || end >= len(p.clusters) {
		return l
	}
	last := &p.clusters[end-1]
	if last.level != 0 || last.face == noFace || !p.hyphenates(end-1) || !p.hyphenates(end) {
		return l
	}
	df := p.doc.sh.faces[last.face]
	if df.face == nil || df.font.kind == outlineBitmap {
		return l
	}
	gid, ok := df.face.NominalGlyph('-')
	if !ok || gid == 0 || gid > 0xffff {
		return l
	}
	hy := glyph{id: uint16(gid), adv: df.face.HorizontalAdvance(gid) * 1000 / df.upem}
	var w float32
	for _, c := range p.clusters[a:end] {
		w += c.adv
	}
	for end-a > 1 && w+hy.adv > limit { // give back letters until the hyphen fits
		end--
		w -= p.clusters[end].adv
	}
	end = p.syllable(a, end)
	if !p.hyphenates(end-1) || !p.hyphenates(end) || p.clusters[end-1].face != last.face {
		return p.line(a, end)
	}
	l = p.line(a, end)
	l.hy, l.hyFace = hy, last.face
	l.width += float64(hy.adv) * p.size / 1000 / p.doc.unit
	return l
}

// syllable moves a cut at end back by up to two letters to where a syllable is likely to
// start, without a language's patterns: before a consonant and a vowel after a vowel
// ("kapi-täns", not "kapit-äns"), else between two consonants ("schiff-fahrt", not "c-h").
func (p *Paragraph) syllable(a, end int) int {
	if end+1 >= len(p.clusters) {
		return end
	}
	vowel := func(k int) bool { return p.hyphenates(k) && isVowel(p.runes[p.clusters[k].start]) }
	consonant := func(k int) bool { return p.hyphenates(k) && !isVowel(p.runes[p.clusters[k].start]) }
	for k := end; k > end-3 && k-a > 2; k-- {
		if vowel(k-1) && consonant(k) && vowel(k+1) {
			return k
		}
	}
	for k := end; k > end-2 && k-a > 2; k-- {
		if consonant(k-1) && consonant(k) && !digraph(p.runes[p.clusters[k-1].start], p.runes[p.clusters[k].start]) {
			return k
		}
	}
	for k := end; k > end-3 && k-a > 2; k-- { // at least not inside "ch" or before "ь"
		if p.hyphenates(k-1) && p.hyphenates(k) && !digraph(p.runes[p.clusters[k-1].start], p.runes[p.clusters[k].start]) {
			return k
		}
	}
	return end
}

// digraph reports two letters written for one sound ("ch", "th", "ck"), or a sign that
// belongs to the letter before it ("ль"), not to be parted.
func digraph(a, b rune) bool {
	a, b = unicode.ToLower(a), unicode.ToLower(b)
	return b == 'h' || (a == 'c' && b == 'k') || (a == 'q' && b == 'u') || b == 'ь' || b == 'ъ' || b == 'й'
}

// isVowel reports a vowel of the Latin, Greek or Cyrillic alphabets, accents and case aside.
func isVowel(r rune) bool {
	r = unicode.ToLower(r)
	if d := norm.NFD.PropertiesString(string(r)).Decomposition(); len(d) > 0 {
		r, _ = utf8.DecodeRune(d)
	}
	return strings.ContainsRune("aeiouyæœøåαεηιουωаеёиоуыэюяіїє", r)
}

// hyphenates reports whether cluster k is a letter of a script whose words are hyphenated.
func (p *Paragraph) hyphenates(k int) bool {
	r := p.runes[p.clusters[k].start]
	return unicode.IsLetter(r) && unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian, unicode.Georgian)
}

// line makes the line of clusters [a, b), leaving out the spaces it ends with.
func (p *Paragraph) line(a, b int) Line {
	e := b
	for e > a && p.clusters[e-1].flags&fSpace != 0 {
		e--
	}
	return Line{p: p, a: a, b: e, width: p.span(a, e)}
}

// Width is the line's width in the document's unit, without its trailing spaces.
func (l Line) Width() float64 { return l.width }

// Dir is the direction of the paragraph the line belongs to.
func (l Line) Dir() Direction {
	if l.p == nil {
		return LTR
	}
	return l.p.dir
}

// Text is the line's characters in logical order.
func (l Line) Text() string {
	if l.p == nil || l.a >= l.b {
		return ""
	}
	return string(l.p.runes[l.p.clusters[l.a].start:l.p.clusters[l.b-1].end])
}

// visual returns the line's clusters in drawing order, left to right, in order's storage.
func (l Line) visual(order []int) []int {
	lv := l.p.doc.lvBuf[:0]
	for i := l.a; i < l.b; i++ {
		lv = append(lv, l.p.clusters[i].level)
	}
	l.p.doc.lvBuf = lv
	order = visualOrder(lv, order)
	for i := range order {
		order[i] += l.a
	}
	return order
}
