package minutes

import (
	"strings"
	"time"
)

// piece is a word, or part of one, in one font; unit is what may not be split across lines:
// pieces written without a space between them ("(", "Ana", ","). A replaced piece holds
// characters no embedded font has, drawn as one replacement mark (see fontRuns).
type piece struct {
	text     string
	w        float64
	bold     bool
	replaced bool
}

type unit struct {
	pieces      []piece
	w           float64
	spaceBefore bool
}

func lineWidth(ln []unit, space float64) float64 {
	w := 0.0
	for i, u := range ln {
		if i > 0 && u.spaceBefore {
			w += space
		}
		w += u.w
	}
	return w
}

// units splits spans into units, measuring each piece in its own font at the current size.
func (p *pdfDoc) units(l line) []unit {
	var us []unit
	pending := false
	for _, s := range l {
		t := s.text
		for t != "" {
			if t[0] == ' ' {
				pending = true
				t = t[1:]
				continue
			}
			i := strings.IndexByte(t, ' ')
			if i < 0 {
				i = len(t)
			}
			word := t[:i]
			t = t[i:]
			if pending || len(us) == 0 {
				us = append(us, unit{spaceBefore: pending})
				pending = false
			}
			u := &us[len(us)-1]
			p.setFont(s.strong, p.size)
			for _, run := range p.runs(word, s.strong) {
				pc := piece{text: run.text, bold: s.strong, w: p.f.GetStringWidth(run.text)}
				if run.orig != "" {
					pc.text, pc.replaced = run.orig, true
				}
				u.pieces = append(u.pieces, pc)
				u.w += pc.w
			}
		}
	}
	return us
}

// wrap lays spans out in lines at most w wide; a unit wider than a line is cut by runes.
func (p *pdfDoc) wrap(l line, w float64) [][]unit {
	sp := p.space()
	var lines [][]unit
	var cur []unit
	curW := 0.0
	for _, u := range p.units(l) {
		for {
			gap := 0.0
			if len(cur) > 0 && u.spaceBefore {
				gap = sp
			}
			if curW+gap+u.w <= w {
				cur = append(cur, u)
				curW += gap + u.w
				break
			}
			if len(cur) > 0 {
				lines = append(lines, cur)
				cur, curW = nil, 0
				continue
			}
			head, tail := p.cutUnit(u, w)
			lines = append(lines, []unit{head})
			if len(tail.pieces) == 0 {
				break
			}
			u = tail
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// cutUnit takes from u as many runes as fit in w (at least one), returning them and the rest.
func (p *pdfDoc) cutUnit(u unit, w float64) (head, tail unit) {
	used := 0.0
	for pi, pc := range u.pieces {
		p.setFont(pc.bold, p.size)
		if pc.replaced { // a replacement mark is never cut
			if used+pc.w > w && used > 0 {
				tail.pieces = u.pieces[pi:]
				for _, t := range tail.pieces {
					tail.w += t.w
				}
				return head, tail
			}
			head.pieces = append(head.pieces, pc)
			head.w += pc.w
			used += pc.w
			continue
		}
		for bi, r := range pc.text {
			rw := p.f.GetStringWidth(string(r))
			if used+rw > w && (used > 0 || bi > 0) {
				if bi > 0 {
					hp := piece{text: pc.text[:bi], bold: pc.bold, w: p.f.GetStringWidth(pc.text[:bi])}
					head.pieces = append(head.pieces, hp)
					head.w += hp.w
				}
				tp := piece{text: pc.text[bi:], bold: pc.bold, w: p.f.GetStringWidth(pc.text[bi:])}
				tail.pieces = append([]piece{tp}, u.pieces[pi+1:]...)
				for _, t := range tail.pieces {
					tail.w += t.w
				}
				return head, tail
			}
			used += rw
		}
		head.pieces = append(head.pieces, pc)
		head.w += pc.w
	}
	return head, tail
}

// maxCellLines bounds a table cell: names and numbers need a line or two, and a row must
// fit on one page to be kept whole.
const maxCellLines = 30

// table draws a table whose rows never split across pages: each row is measured first,
// and a row that does not fit starts a new page under a repeated header row.
func (p *pdfDoc) table(t *table) {
	p.size = 9.5
	n := len(t.head)
	const pad = 2.5
	head := make([]line, n)
	natural := make([]float64, n)
	for c, h := range t.head {
		head[c] = line{label(h)}
		natural[c] = lineWidth(p.units(head[c]), p.space())
	}
	for _, row := range t.rows {
		for c := 0; c < n && c < len(row); c++ {
			natural[c] = max(natural[c], lineWidth(p.units(row[c]), p.space()))
		}
	}
	ws := columnWidths(natural, p.width-pad*float64(n-1))
	right := func(c int) bool { return c < len(t.right) && t.right[c] }
	drawRow := func(cells []line, rule int) {
		laid := make([][][]unit, n)
		lines := 1
		for c := range n {
			if c < len(cells) {
				laid[c] = p.wrap(cells[c], ws[c])
				if len(laid[c]) > maxCellLines { // so every row fits on a page, whole
					laid[c] = laid[c][:maxCellLines]
					last := &laid[c][maxCellLines-1]
					*last = append(*last, unit{pieces: []piece{{text: "…"}}, spaceBefore: true})
				}
				lines = max(lines, len(laid[c]))
			}
		}
		h := p.height(lines) + 1
		broke := p.keep(h)
		if broke && rule == 0 && p.tableHeading != nil {
			p.tableHeading()
		}
		y, x := p.f.GetY(), p.left
		for c := range n {
			p.f.SetY(y + 0.5)
			p.draw(laid[c], x, ws[c], right(c))
			x += ws[c] + pad
		}
		p.f.SetY(y + h)
		p.f.SetLineWidth(0.1 * float64(1+2*rule))
		p.f.SetDrawColor(150, 150, 150)
		p.f.Line(p.left, y+h, p.left+p.width, y+h)
	}
	heading := func() { drawRow(head, 1) }
	p.keep(2 * p.height(2))
	heading()
	p.tableHeading = heading
	for _, row := range t.rows {
		drawRow(row, 0)
	}
	p.tableHeading = nil
	p.gap(2)
}

// columnWidths fits natural widths into avail by narrowing the widest columns first, so
// short columns (numbers) keep their width and long text wraps.
func columnWidths(natural []float64, avail float64) []float64 {
	ws := make([]float64, len(natural))
	total := 0.0
	for i, w := range natural {
		ws[i] = w + 0.5
		total += ws[i]
	}
	for total > avail {
		widest, second := 0, -1
		for i := range ws {
			if ws[i] > ws[widest] {
				widest = i
			}
		}
		for i := range ws {
			if i != widest && (second < 0 || ws[i] > ws[second]) {
				second = i
			}
		}
		target := avail / float64(len(ws))
		if second >= 0 {
			target = max(target, ws[second])
		}
		cut := min(total-avail, ws[widest]-target)
		if cut <= 0.01 { // all equal and too wide: share evenly
			for i := range ws {
				ws[i] = avail / float64(len(ws))
			}
			break
		}
		ws[widest] -= cut
		total -= cut
	}
	return ws
}

// chart draws a measure as a small line chart with its range and first and last dates.
func (p *pdfDoc) chart(ms *Measure, zone *time.Location) {
	pts := sortedPoints(ms)
	const w, h, axis = 90.0, 30.0, 14.0
	p.keep(h + 8)
	f := p.f
	x0, y0 := p.left+axis, f.GetY()+2
	lo, hi := bounds(pts)
	t0, t1 := pts[0].At, pts[len(pts)-1].At
	px := func(pt Point) float64 {
		if !t1.After(t0) {
			return x0
		}
		return x0 + w*frac(float64(pt.At.Sub(t0)), 0, float64(t1.Sub(t0)))
	}
	py := func(v float64) float64 {
		if hi == lo {
			return y0 + h/2
		}
		return y0 + h - h*frac(v, lo, hi)
	}
	f.SetDrawColor(150, 150, 150)
	f.SetLineWidth(0.2)
	f.Line(x0, y0, x0, y0+h)
	f.Line(x0, y0+h, x0+w, y0+h)
	f.SetDrawColor(31, 95, 168)
	f.SetFillColor(31, 95, 168)
	f.SetLineWidth(0.5)
	for i := 1; i < len(pts); i++ {
		f.Line(px(pts[i-1]), py(pts[i-1].Value), px(pts[i]), py(pts[i].Value))
	}
	for _, pt := range pts {
		f.Circle(px(pt), py(pt.Value), 0.6, "F")
	}
	p.setFont(false, 7)
	for _, v := range []float64{lo, hi} {
		s := number(v)
		p.text(x0-1.5-p.measure(s, false), py(v)+1, s, false)
	}
	p.text(x0, y0+h+4, when(t0, zone, shortDay), false)
	last := when(t1, zone, shortDay)
	p.text(x0+w-p.measure(last, false), y0+h+4, last, false)
	f.SetDrawColor(0, 0, 0)
	f.SetY(y0 + h + 7)
}
