package minutes

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu Sans covers Latin, Greek and Cyrillic; it is embedded so the binary prints the same
// minutes on any machine, with or without system fonts. Licence: fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const family = "DejaVu"

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
	leading      = 1.45 // line height as a multiple of the type size
	ptToMM       = 25.4 / 72
)

// pdfDoc draws blocks page by page. It places every line itself, so it knows before drawing
// whether a list item or a table row still fits, and breaks the page before it instead of
// inside it.
type pdfDoc struct {
	f            *fpdf.Fpdf
	left, width  float64 // the text column
	top, bottom  float64 // where text starts on a page, and where it must end
	size         float64 // the current type size
	fontBold     bool
	fontSize     float64
	spaceW       map[float64]float64
	tableHeading func() // redraws the current table's header row after a page break
	scratch      []fontRun
}

func writePDF(w io.Writer, d *document, o Options) error {
	size := "A4"
	if o.Paper == Letter {
		size = "Letter"
	}
	f := fpdf.New("P", "mm", size, "")
	date := d.date
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	// Fixed dates make the same minutes give the same bytes.
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetCatalogSort(true)
	f.SetTitle(pdfTextString(d.title), false) // fpdf's own UTF-16 encoder garbles non-BMP characters
	f.SetCreator("folkmoot", true)
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetMargins(marginSide, marginTop, marginSide)
	f.SetAutoPageBreak(true, marginBottom)
	f.AliasNbPages("{nb}")
	pw, ph := f.GetPageSize()
	p := &pdfDoc{f: f, left: marginSide, width: pw - 2*marginSide, top: marginTop,
		bottom: ph - marginBottom, spaceW: map[float64]float64{}}
	header := ""
	f.SetHeaderFunc(func() {
		f.SetFont(family, "", 8)
		f.SetTextColor(90, 90, 90)
		if header == "" {
			header = p.fitWidth(d.header, p.width)
		}
		p.text(marginSide, 12, header, false)
		f.SetDrawColor(160, 160, 160)
		f.SetLineWidth(0.2)
		f.Line(marginSide, 14, pw-marginSide, 14)
		f.SetTextColor(0, 0, 0)
		f.SetXY(marginSide, marginTop)
		p.fontSize = 0 // the header changed the font behind our back
	})
	f.SetFooterFunc(func() {
		f.SetFont(family, "", 8)
		f.SetTextColor(90, 90, 90)
		s := fmt.Sprintf("page %d/{nb}", f.PageNo())
		f.Text(pw/2-f.GetStringWidth(s)/2, ph-8, s)
		f.SetTextColor(0, 0, 0)
		p.fontSize = 0
	})
	f.AddPage()
	p.blocks(d)
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return f.Output(w)
}

// fitWidth shortens s with an ellipsis until it fits w in the regular face: a long assembly
// name must not run off the page in the running header.
func (p *pdfDoc) fitWidth(s string, w float64) string {
	if p.measure(s, false) <= w {
		return s
	}
	r := []rune(s)
	if len(r) > 300 { // more than any header line holds: skip measuring what cannot fit
		r = r[:300]
	}
	for len(r) > 0 && p.measure(string(r)+"…", false) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// runs is fontRuns for the regular or bold face.
// The slice is valid until the next call.
func (p *pdfDoc) runs(s string, bold bool) []fontRun {
	cov, _ := faceCoverage(bold) // a font that cannot be read draws every character as a replacement
	p.scratch = fontRuns(p.scratch[:0], s, cov)
	return p.scratch
}

// measure is the width of s in the current size of the given face, replacements included:
// fpdf must never be asked about a character its font lacks (one above U+FFFF panics it).
func (p *pdfDoc) measure(s string, bold bool) float64 {
	f := p.f
	size, _ := f.GetFontSize()
	p.setFont(bold, size)
	w := 0.0
	for _, r := range p.runs(s, bold) {
		w += f.GetStringWidth(r.text)
	}
	return w
}

// text draws s at x, y in the current font's size and the given face.
func (p *pdfDoc) text(x, y float64, s string, bold bool) {
	size, _ := p.f.GetFontSize()
	p.setFont(bold, size)
	for _, r := range p.runs(s, bold) {
		x += p.drawRun(x, y, r)
	}
}

// drawRun draws one run at x, y in the current font and returns its width. A replacement is
// wrapped in a marked-content span whose ActualText is the original, so copying or
// extracting the text (pdftotext) gives back the characters the font could not draw.
func (p *pdfDoc) drawRun(x, y float64, r fontRun) float64 {
	if r.orig != "" {
		p.f.RawWriteStr("/Span <</ActualText " + actualText(r.orig) + ">> BDC")
	}
	p.f.Text(x, y, r.text)
	if r.orig != "" {
		p.f.RawWriteStr("EMC")
	}
	return p.f.GetStringWidth(r.text)
}

// pdfTextString encodes s as a PDF text string (UTF-16BE with a byte-order mark), for the
// document's metadata.
func pdfTextString(s string) string {
	b := []byte{0xFE, 0xFF}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

func (p *pdfDoc) blocks(d *document) {
	for i := range d.blocks {
		bl := &d.blocks[i]
		switch bl.kind {
		case bTitle:
			p.heading(bl.text, 16, 2, d.blocks[i+1:])
		case bSection:
			p.heading(bl.text, 12.5, 4, d.blocks[i+1:])
		case bSub:
			p.heading(bl.text, 11, 2.5, d.blocks[i+1:])
		case bPara:
			p.size = bodySize
			lines := p.wrap(bl.text, p.width)
			p.keep(p.height(len(lines)) + 1)
			p.draw(lines, p.left, p.width, false)
			p.gap(1)
		case bItem:
			p.item(bl)
		case bTable:
			p.table(bl.table)
		case bChart:
			p.chart(bl.chart, d.zone)
		}
	}
}

// lineH is the height of one line at the current type size.
func (p *pdfDoc) lineH() float64 { return p.size * ptToMM * leading }

func (p *pdfDoc) height(lines int) float64 { return float64(lines) * p.lineH() }

// keep breaks the page unless h more millimetres fit; a block taller than a page is left to
// flow, since no page could hold it whole.
func (p *pdfDoc) keep(h float64) bool {
	if p.f.GetY()+h <= p.bottom || h > p.bottom-p.top {
		return false
	}
	p.f.AddPage()
	return true
}

func (p *pdfDoc) gap(h float64) { p.f.SetY(p.f.GetY() + h) }

// heading keeps a heading with the first lines of what follows it.
func (p *pdfDoc) heading(text line, size, before float64, next []block) {
	p.size = size
	bold := make(line, len(text))
	for i, s := range text {
		s.strong = true
		bold[i] = s
	}
	lines := p.wrap(bold, p.width)
	h := p.height(len(lines))
	follow := 3 * bodySize * ptToMM * leading
	if len(next) > 0 && next[0].kind == bChart {
		follow = 40
	}
	if p.f.GetY() > p.top {
		p.gap(before)
	}
	p.keep(h + follow)
	p.draw(lines, p.left, p.width, false)
	p.gap(1)
}

// item draws a list item with its details; the whole item moves to the next page rather
// than splitting, so a decision is never parted from its vote.
func (p *pdfDoc) item(bl *block) {
	p.size = bodySize
	const bullet, subIndent = 5.0, 10.0
	lines := p.wrap(bl.text, p.width-bullet)
	subs := make([][][]unit, len(bl.sub))
	n := len(lines)
	for i, s := range bl.sub {
		subs[i] = p.wrap(s, p.width-subIndent)
		n += len(subs[i])
	}
	p.keep(p.height(n) + 0.8)
	p.setFont(false, p.size)
	p.text(p.left+1, p.f.GetY()+p.baseline(), "•", false)
	p.draw(lines, p.left+bullet, p.width-bullet, false)
	for _, s := range subs {
		p.setFont(false, p.size)
		p.text(p.left+bullet+1, p.f.GetY()+p.baseline(), "–", false)
		p.draw(s, p.left+subIndent, p.width-subIndent, false)
	}
	p.gap(0.8)
}

func (p *pdfDoc) baseline() float64 { return p.lineH()*0.5 + p.size*ptToMM*0.35 }

// draw writes laid-out lines from the current y, one below the other; a line that would
// cross the bottom margin goes to the next page (only blocks taller than a page get there).
func (p *pdfDoc) draw(lines [][]unit, x, w float64, right bool) {
	lh := p.lineH()
	for _, ln := range lines {
		if p.f.GetY()+lh > p.bottom {
			p.f.AddPage()
		}
		y := p.f.GetY() + p.baseline()
		lx := x
		if right {
			lx = x + w - lineWidth(ln, p.space())
		}
		p.drawLine(ln, lx, y)
		p.f.SetY(p.f.GetY() + lh)
	}
}

// drawLine writes one laid-out line as few text runs as possible (one per change of font,
// and one per replacement mark): each Text call costs far more than the characters in it.
func (p *pdfDoc) drawLine(ln []unit, x, y float64) {
	var run strings.Builder
	bold := false
	flush := func() {
		if run.Len() == 0 {
			return
		}
		p.setFont(bold, p.size)
		x += p.drawRun(x, y, fontRun{text: run.String()})
		run.Reset()
	}
	for i, u := range ln {
		for j, pc := range u.pieces {
			space := i > 0 && j == 0 && u.spaceBefore
			if run.Len() > 0 && pc.bold == bold && !pc.replaced {
				if space {
					run.WriteByte(' ')
				}
				run.WriteString(pc.text)
				continue
			}
			flush()
			if space {
				x += p.space()
			}
			bold = pc.bold
			if pc.replaced {
				p.setFont(bold, p.size)
				x += p.drawRun(x, y, fontRun{text: replacement, orig: pc.text})
				continue
			}
			run.WriteString(pc.text)
		}
	}
	flush()
}

func (p *pdfDoc) setFont(bold bool, size float64) {
	if p.fontBold == bold && p.fontSize == size {
		return
	}
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont(family, style, size)
	p.fontBold, p.fontSize = bold, size
}

// space is the width of a space at the current size, measured once per size; the wider of
// the two faces, since a run of bold text carries its own (wider) spaces.
func (p *pdfDoc) space() float64 {
	if w, ok := p.spaceW[p.size]; ok {
		return w
	}
	p.setFont(false, p.size)
	w := p.f.GetStringWidth(" ")
	p.setFont(true, p.size)
	w = max(w, p.f.GetStringWidth(" "))
	p.spaceW[p.size] = w
	return w
}
