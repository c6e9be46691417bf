package minutes

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"folkmoot/typeset"
)

// MeetingPDF renders the minutes of one meeting as a PDF document.
func MeetingPDF(m *Meeting, o Options) ([]byte, error) {
	var b bytes.Buffer
	err := WriteMeetingPDF(&b, m, o)
	return b.Bytes(), err
}

// WriteMeetingPDF writes MeetingPDF's output to w.
func WriteMeetingPDF(w io.Writer, m *Meeting, o Options) error {
	return writePDF(w, meetingDoc(m), o)
}

// DigestPDF renders a digest as a PDF document.
func DigestPDF(dg *Digest, o Options) ([]byte, error) {
	var b bytes.Buffer
	err := WriteDigestPDF(&b, dg, o)
	return b.Bytes(), err
}

// WriteDigestPDF writes DigestPDF's output to w.
func WriteDigestPDF(w io.Writer, dg *Digest, o Options) error {
	return writePDF(w, digestDoc(dg), o)
}

// Page geometry in millimetres, and type sizes in points.
const (
	marginSide   = 18.0
	marginTop    = 20.0
	marginBottom = 18.0
	bodySize     = 10.0
	tableSize    = 9.5
	headerSize   = 8.0
	leading      = 1.45 // line height as a multiple of the type size
	ptToMM       = 25.4 / 72
)

// pdfDoc draws blocks page by page. It lays every block out before drawing it, so it knows
// whether a list item, a table row or a heading with what follows it still fits, and breaks
// the page before it instead of inside it.
type pdfDoc struct {
	d            *typeset.Document
	pg           *typeset.Page
	y            float64 // the top of the next line on the current page
	left, width  float64 // the text column
	top, bottom  float64 // where text starts on a page, and where it must end
	header       typeset.Line
	hasHeader    bool
	tableHeading func() // redraws the current table's header row after a page break
	laidOut      map[int]*laid
	spanBuf      []typeset.Span
	doc          *document
	// rtl is a right-to-left document's: its own words, and a line with no letter of its own
	// (a number, a date), run right to left, as in the HTML page with dir="rtl"
	rtl bool
}

func writePDF(w io.Writer, doc *document, o Options) error {
	fonts := o.Fonts
	if fonts == nil {
		fonts, _ = LoadFonts(nil)
	}
	size := typeset.A4
	switch o.Paper {
	case Letter:
		size = typeset.Letter
	case A5:
		size = typeset.A5
	}
	// The document's language is recorded in the file, and chooses its letter forms.
	d := typeset.New(fonts.chain, typeset.Config{Page: size, Unit: typeset.MM, Lang: doc.langTag()})
	// The meeting's date, not the clock: the same minutes give the same bytes.
	d.SetInfo(typeset.Info{Title: doc.title, Creator: "folkmoot", Date: doc.date})
	pw, ph := d.PageSize()
	p := &pdfDoc{d: d, left: marginSide, width: pw - 2*marginSide, top: marginTop,
		bottom: ph - marginBottom, laidOut: map[int]*laid{}, doc: doc, rtl: doc.rtl()}
	if hl := doc.headerLine(); len(hl) > 0 {
		p.header, p.hasHeader = p.headerLine(hl), true
	}
	p.newPage()
	p.blocks(doc)
	pages := d.Pages()
	for i, pg := range pages {
		s := doc.say("minutes.page", "Page", i+1, "Pages", len(pages))
		pg.SetTextColor(90, 90, 90)
		pg.DrawLine(p.paragraph(headerSize, line{plain(s)}, false, false).Lines(math.Inf(1))[0], pw/2-d.Measure(headerSize, false, s)/2, ph-8)
	}
	if err := d.Write(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	fonts.report(d, o.Warn)
	return nil
}

// newPage starts a page with the running header: the assembly and the date, aligned to the
// start of its own direction, over a rule.
func (p *pdfDoc) newPage() {
	p.pg = p.d.AddPage()
	if p.hasHeader {
		p.pg.SetTextColor(90, 90, 90)
		p.pg.DrawLine(p.header, p.header.Place(p.left, p.width, typeset.Start), 12)
		p.pg.SetTextColor(0, 0, 0)
	}
	p.pg.SetDrawColor(160, 160, 160)
	p.pg.SetLineWidth(0.2)
	p.pg.Line(p.left, 14, p.left+p.width, 14)
	p.y = p.top
}

// headerLine sets the running header on one line: a long assembly name is cut short with
// "…" rather than run off the page, and the date stays.
func (p *pdfDoc) headerLine(hl line) typeset.Line {
	rest := 0.0
	for _, s := range hl {
		if !s.person {
			rest += p.d.Measure(headerSize, false, s.text)
		}
	}
	fitted := make(line, len(hl))
	for i, s := range hl {
		if s.person {
			s.text = p.d.Fit(headerSize, false, s.text, max(p.width-rest, p.width/3))
		}
		fitted[i] = s
	}
	return p.paragraph(headerSize, fitted, false, false).Lines(math.Inf(1))[0]
}

// paragraph shapes a line of spans at size points: strong is bold; a person's text is
// isolated, as <bdi> in HTML, unless it opens the line (see line.isolated), or always in a
// table cell, whose column keeps the document's direction.
func (p *pdfDoc) paragraph(size float64, l line, bold, cell bool) *typeset.Paragraph {
	p.spanBuf = p.spanBuf[:0]
	if p.rtl && !cell && !l.personLed() {
		// A right-to-left mark opens the line: its direction is the document's, whatever
		// letter comes first (a person's name is isolated, and a number has no direction).
		// A table cell needs none: its column aligns it.
		p.spanBuf = append(p.spanBuf, typeset.Span{Text: rlm})
	}
	for i, s := range l {
		switch {
		case s.text == "":
		case !s.person && strings.ContainsRune(s.text, fsi):
			p.spanBuf = ownWords(p.spanBuf, s.text, bold || s.strong)
		default:
			p.spanBuf = append(p.spanBuf, typeset.Span{Text: s.text, Bold: bold || s.strong,
				Isolate: l.isolated(i) || (cell && s.person)})
		}
	}
	return p.d.Paragraph(size, p.spanBuf...)
}

// ownWords appends the document's own words, whose placeholders a right-to-left language
// isolated (FSI … PDI), as spans: each isolated value a span isolated as a person's text is.
// The typesetter lays out an isolated span, as HTML does a <bdi>; isolates left in the text
// it would misplace (a number opening an isolated value drew the text after the value next
// to it).
func ownWords(buf []typeset.Span, text string, bold bool) []typeset.Span {
	for text != "" {
		before, rest, found := strings.Cut(text, string(fsi))
		if before != "" {
			buf = append(buf, typeset.Span{Text: before, Bold: bold})
		}
		if !found {
			break
		}
		value, after, _ := strings.Cut(rest, string(pdi))
		if value != "" {
			buf = append(buf, typeset.Span{Text: value, Bold: bold, Isolate: true})
		}
		text = after
	}
	return buf
}

// rlm is the right-to-left mark: a letter of no width that gives a line its direction.
const rlm = "\u200F"

// lineH is the height of one line at a type size; baseline is where its baseline is below
// the line's top.
func lineH(size float64) float64    { return size * ptToMM * leading }
func baseline(size float64) float64 { return lineH(size)*0.5 + size*ptToMM*0.35 }

// keep breaks the page unless h more millimetres fit; a block taller than a page is left to
// flow from where it is, since no page could hold it whole.
func (p *pdfDoc) keep(h float64) bool {
	if p.y+h <= p.bottom || h > p.bottom-p.top || p.y <= p.top {
		return false
	}
	p.newPage()
	return true
}

// drawLines writes lines from the current y, one below the other, each aligned to the start
// of its paragraph's direction in the column from x, w wide; a line that would cross the
// bottom margin goes to the next page (only blocks taller than a page get there).
func (p *pdfDoc) drawLines(lines []typeset.Line, x, w, size float64, a typeset.Align) {
	lh := lineH(size)
	for _, l := range lines {
		if p.y+lh > p.bottom {
			p.newPage()
		}
		p.pg.DrawLine(l, l.Place(x, w, a), p.y+baseline(size))
		p.y += lh
	}
}

// Headings: type size and the space above.
var headingSize = map[blockKind][2]float64{bTitle: {16, 2}, bSection: {12.5, 4}, bSub: {11, 2.5}}

func (p *pdfDoc) blocks(doc *document) {
	for i := range doc.blocks {
		bl := &doc.blocks[i]
		lb := p.layout(doc, i)
		delete(p.laidOut, i)
		switch bl.kind {
		case bTitle, bSection, bSub:
			before := headingSize[bl.kind][1]
			// a heading keeps with the start of what follows it, and that with its own
			// follower when it must (a chart's caption): never a heading alone at the foot
			need := min(lb.h+before+p.need(doc, i+1, 0), p.bottom-p.top)
			if !p.keep(need) && p.y > p.top {
				p.y += before
			}
			p.drawLines(lb.main, p.left, p.width, lb.size, typeset.Start)
			p.y++
		case bPara:
			need := lb.keep
			if bl.keepNext {
				need = lb.h + p.need(doc, i+1, 0)
			}
			p.keep(need)
			p.drawLines(lb.main, p.left, p.width, lb.size, typeset.Start)
			p.y++
		case bItem:
			p.item(lb)
		case bTable:
			p.table(lb.table)
		case bChart:
			p.chart(bl.chart, doc)
		}
	}
}

// laid is a block laid out: its lines, and the heights it takes.
type laid struct {
	size  float64
	main  []typeset.Line
	subs  [][]typeset.Line // an item's details
	h     float64          // all of it, with the space after it
	keep  float64          // what must start on one page: all of it, or its first lines when taller than a page
	table *tableLayout
}

// Items: the bullet's column, and the details' indent.
const bulletW, subIndent = 5.0, 10.0

// layout lays block i out, once: a heading's look-ahead lays out what follows it, and the
// block is drawn from the same lines.
func (p *pdfDoc) layout(doc *document, i int) *laid {
	if lb, ok := p.laidOut[i]; ok {
		return lb
	}
	bl := &doc.blocks[i]
	lb := &laid{size: bodySize}
	switch bl.kind {
	case bTitle, bSection, bSub:
		lb.size = headingSize[bl.kind][0]
		lb.main = p.paragraph(lb.size, bl.text, true, false).Lines(p.width)
		lb.h = float64(len(lb.main))*lineH(lb.size) + 1
	case bPara:
		lb.main = p.paragraph(bodySize, bl.text, false, false).Lines(p.width)
		lb.h = float64(len(lb.main))*lineH(bodySize) + 1
	case bItem:
		lb.main = p.paragraph(bodySize, bl.text, false, false).Lines(p.width - bulletW)
		n := len(lb.main)
		for _, s := range bl.sub {
			sub := p.paragraph(bodySize, s, false, false).Lines(p.width - subIndent)
			lb.subs = append(lb.subs, sub)
			n += len(sub)
		}
		lb.h = float64(n)*lineH(bodySize) + 0.8
	case bTable:
		lb.table = p.layoutTable(bl.table)
		lb.h = lb.table.headH + lb.table.rowsH() + 2
		lb.keep = lb.table.headH
		if len(lb.table.rowH) > 0 {
			lb.keep += lb.table.rowH[0]
		}
	case bChart:
		lb.h = chartH
	}
	if lb.keep == 0 {
		lb.keep = lb.h
		if lb.h > p.bottom-p.top { // it will flow: only its first lines need the room
			lb.keep = 2 * lineH(lb.size)
		}
	}
	p.laidOut[i] = lb
	return lb
}

// need is the height block i needs at the foot of a page so that it is not parted from the
// block before it: its first part, and for a heading or a caption the start of what follows
// it too.
func (p *pdfDoc) need(doc *document, i, depth int) float64 {
	if i >= len(doc.blocks) || depth > 4 {
		return 0
	}
	bl := &doc.blocks[i]
	lb := p.layout(doc, i)
	switch {
	case bl.kind == bTitle || bl.kind == bSection || bl.kind == bSub:
		return lb.h + headingSize[bl.kind][1] + p.need(doc, i+1, depth+1)
	case bl.keepNext:
		return lb.h + p.need(doc, i+1, depth+1)
	}
	return lb.keep
}

// item draws a list item with its details; the whole item moves to the next page rather
// than splitting, so a decision is never parted from its vote. The bullet stands at the
// start of the item's direction: on the right of a right-to-left one.
func (p *pdfDoc) item(lb *laid) {
	p.keep(lb.h)
	p.marked(lb.main, "•", bulletW, 0)
	for _, s := range lb.subs {
		p.marked(s, "–", subIndent-bulletW, bulletW)
	}
	p.y += 0.8
}

// marked draws lines after a mark (a bullet, a dash) in a column indent+markW in from the
// start of their direction.
func (p *pdfDoc) marked(lines []typeset.Line, mark string, markW, indent float64) {
	if len(lines) == 0 {
		return
	}
	lh := lineH(bodySize)
	if p.y+lh > p.bottom {
		p.newPage()
	}
	x, w := p.left+indent+markW, p.width-indent-markW
	mx := p.left + indent + 1
	if lines[0].Dir() == typeset.RTL {
		x = p.left
		mx = p.left + p.width - indent - 1 - p.d.Measure(bodySize, false, mark)
	}
	p.pg.Text(mx, p.y+baseline(bodySize), bodySize, false, mark)
	p.drawLines(lines, x, w, bodySize, typeset.Start)
}
