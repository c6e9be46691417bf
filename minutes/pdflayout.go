package minutes

import (
	"math"

	"folkmoot/typeset"
)

// maxCellLines bounds a table cell: names and numbers need a line or two, and a row must
// fit on one page to be kept whole.
const maxCellLines = 30

// cellPad is the space between two columns.
const cellPad = 2.5

// tableLayout is a table laid out: its columns' widths and every cell's lines.
type tableLayout struct {
	ws    []float64
	right []bool
	head  [][]typeset.Line
	headH float64
	rows  [][][]typeset.Line
	rowH  []float64
}

func (tl *tableLayout) rowsH() float64 {
	h := 0.0
	for _, r := range tl.rowH {
		h += r
	}
	return h
}

// width is what the columns take, spaces between them included: the rules are this long.
func (tl *tableLayout) width() float64 {
	w := cellPad * float64(len(tl.ws)-1)
	for _, c := range tl.ws {
		w += c
	}
	return w
}

// layoutTable measures every cell on one line (a column is as wide as its widest cell, until
// the columns share the page), then breaks the cells into lines at their column's width.
func (p *pdfDoc) layoutTable(t *table) *tableLayout {
	n := len(t.head)
	tl := &tableLayout{right: t.right}
	heads := make([]*typeset.Paragraph, n)
	natural := make([]float64, n)
	for c, h := range t.head {
		heads[c] = p.d.Text(tableSize, true, h)
		natural[c] = heads[c].Width()
	}
	cells := make([][]*typeset.Paragraph, len(t.rows))
	for r, row := range t.rows {
		cells[r] = make([]*typeset.Paragraph, n)
		for c := 0; c < n && c < len(row); c++ {
			cells[r][c] = p.paragraph(tableSize, row[c], false, true)
			natural[c] = max(natural[c], cells[r][c].Width())
		}
	}
	tl.ws = columnWidths(natural, p.width-cellPad*float64(n-1))
	tl.head, tl.headH = p.cellLines(tl, heads)
	for _, row := range cells {
		lines, h := p.cellLines(tl, row)
		tl.rows = append(tl.rows, lines)
		tl.rowH = append(tl.rowH, h)
	}
	return tl
}

// cellLines breaks a row's cells into lines and returns them with the row's height. A cell
// longer than maxCellLines ends its last line with "…", cut between two clusters.
func (p *pdfDoc) cellLines(tl *tableLayout, pars []*typeset.Paragraph) ([][]typeset.Line, float64) {
	out := make([][]typeset.Line, len(tl.ws))
	most := 1
	for c, par := range pars {
		if par == nil {
			continue
		}
		ls := par.Lines(tl.ws[c])
		if len(ls) > maxCellLines {
			rest := ls[maxCellLines-1].Text() + " " + ls[maxCellLines].Text() // wider than the column
			ls = ls[:maxCellLines]
			ls[maxCellLines-1] = p.d.Text(tableSize, false, p.d.Fit(tableSize, false, rest, tl.ws[c])).Lines(math.Inf(1))[0]
		}
		out[c] = ls
		most = max(most, len(ls))
	}
	return out, float64(most)*lineH(tableSize) + 1
}

// table draws a table whose rows never split across pages: a row that does not fit starts a
// new page under a repeated header row. The rules run under the columns, not beyond them. In
// a right-to-left document the first column stands on the right, the table against the right
// margin and every cell aligned right, as in the HTML page.
func (p *pdfDoc) table(tl *tableLayout) {
	n := len(tl.ws)
	ruleW := tl.width()
	from := p.left
	if p.rtl {
		from = p.left + p.width - ruleW
	}
	drawRow := func(cells [][]typeset.Line, h float64, rule int) {
		broke := p.keep(h)
		if broke && rule == 0 && p.tableHeading != nil {
			p.tableHeading()
		}
		y, x := p.y, p.left
		if p.rtl {
			x = from + ruleW
		}
		for c := range n {
			a := typeset.Left
			if p.rtl || c < len(tl.right) && tl.right[c] {
				a = typeset.Right
			}
			p.y = y + 0.5
			if p.rtl {
				x -= tl.ws[c]
				p.drawLines(cells[c], x, tl.ws[c], tableSize, a)
				x -= cellPad
			} else {
				p.drawLines(cells[c], x, tl.ws[c], tableSize, a)
				x += tl.ws[c] + cellPad
			}
		}
		p.y = y + h
		p.pg.SetLineWidth(0.1 * float64(1+2*rule))
		p.pg.SetDrawColor(150, 150, 150)
		p.pg.Line(from, p.y, from+ruleW, p.y)
	}
	heading := func() { drawRow(tl.head, tl.headH, 1) }
	first := tl.headH
	if len(tl.rowH) > 0 {
		first += tl.rowH[0]
	}
	p.keep(first)
	heading()
	p.tableHeading = heading
	for r := range tl.rows {
		drawRow(tl.rows[r], tl.rowH[r], 0)
	}
	p.tableHeading = nil
	p.y += 2
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

// The chart's geometry in millimetres: the plot, the value axis beside it, and the height
// the whole takes with its labels over and under the plot.
const (
	plotH     = 30.0
	axisW     = 16.0
	chartH    = plotH + 14
	chartSize = 7.5 // the labels' type size
)

// chart draws a measure as a line chart: the range on the value axis with light rules, each
// point's date under the time axis and its value over it where they fit without overlapping
// (always the first and the last), so the chart reads on paper without the table behind it.
func (p *pdfDoc) chart(ms *Measure, doc *document) {
	pts := sortedPoints(ms)
	p.keep(chartH)
	pg := p.pg
	w := min(130.0, p.width-axisW-4)
	x0, y0 := p.left+axisW, p.y+5
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
			return y0 + plotH/2
		}
		return y0 + plotH - plotH*frac(v, lo, hi)
	}
	rangeVals := []float64{lo}
	if hi != lo {
		rangeVals = append(rangeVals, hi)
	}
	pg.SetDrawColor(220, 220, 220)
	pg.SetLineWidth(0.15)
	for _, v := range rangeVals {
		pg.Line(x0, py(v), x0+w, py(v))
	}
	pg.SetDrawColor(150, 150, 150)
	pg.SetLineWidth(0.2)
	pg.Line(x0, y0, x0, y0+plotH)
	pg.Line(x0, y0+plotH, x0+w, y0+plotH)
	pg.SetDrawColor(31, 95, 168)
	pg.SetFillColor(31, 95, 168)
	pg.SetLineWidth(0.5)
	for i := 1; i < len(pts); i++ {
		pg.Line(px(pts[i-1]), py(pts[i-1].Value), px(pts[i]), py(pts[i].Value))
	}
	for _, pt := range pts {
		pg.Circle(px(pt), py(pt.Value), 0.6, "F")
	}
	mid := chartSize * ptToMM * 0.35 // from a label's baseline to its middle
	pg.SetTextColor(60, 60, 60)
	for _, v := range rangeVals {
		s := number(doc.l, v)
		pg.Text(x0-1.5-p.d.Measure(chartSize, false, s), py(v)+mid, chartSize, false, s)
	}
	xs := make([]float64, len(pts))
	for i, pt := range pts {
		xs[i] = px(pt)
	}
	dates := chartDates(doc.l, pts, doc.zone)
	dw := make([]float64, len(pts))
	for i, s := range dates {
		dw[i] = p.d.Measure(chartSize, false, s)
	}
	pg.SetDrawColor(150, 150, 150)
	pg.SetLineWidth(0.2)
	show, at := labelSpots(xs, dw, x0-axisW/2, x0+w+axisW/2, 2)
	for i, ok := range show {
		if ok {
			pg.Line(xs[i], y0+plotH, xs[i], y0+plotH+1)
			pg.Text(at[i], y0+plotH+4, chartSize, false, dates[i])
		}
	}
	if len(pts) <= maxValueLabels {
		vals := make([]string, len(pts))
		vw := make([]float64, len(pts))
		for i, pt := range pts {
			vals[i] = number(doc.l, pt.Value)
			vw[i] = p.d.Measure(chartSize, false, vals[i])
		}
		show, at = labelSpots(xs, vw, x0, x0+w+axisW/2, 1.5)
		for i, ok := range show {
			if ok {
				pg.Text(at[i], py(pts[i].Value)-1.5, chartSize, false, vals[i])
			}
		}
	}
	pg.SetTextColor(0, 0, 0)
	p.y = y0 + plotH + 8
}
