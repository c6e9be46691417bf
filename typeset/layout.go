package typeset

import "strings"

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
// breaking rules allow (after spaces, between ideographs, after a URL's slashes); a word
// wider than a line is cut between two clusters, never inside one. An empty paragraph is one
// empty line.
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
		if j < n && brk > i {
			end = brk
		}
		lines = append(lines, p.line(i, end))
		if end <= i { // nothing fitted and nothing to take: an empty paragraph
			break
		}
		i = end
	}
	return lines
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
