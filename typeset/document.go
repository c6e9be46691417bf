package typeset

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Units: a document's lengths are in points (PT) or millimetres (MM); type sizes always in
// points.
const (
	PT = 1.0
	MM = 72 / 25.4
)

// Size is a page size in points.
type Size struct{ W, H float64 }

// Paper sizes.
var (
	A4     = Size{595.2756, 841.8898}
	A5     = Size{419.5276, 595.2756}
	Letter = Size{612, 792}
)

// Config sets up a document.
type Config struct {
	Page Size    // the page size; A4 when zero
	Unit float64 // points per unit of every length the document takes and gives; PT when 0
	// Dir forces every paragraph's direction; Auto takes each paragraph's from its first letter.
	Dir Direction
	// Lang is the text's main language (BCP 47, e.g. "ckb", "ar", "fr"): it selects the
	// language's letter forms when shaping and is recorded in the PDF. May be empty.
	Lang string
}

// Info is the document's metadata.
type Info struct {
	Title, Author, Subject, Creator string
	Date                            time.Time // creation and modification date; zero: none
}

// Document is a PDF under construction: paragraphs are shaped with its fonts, pages drawn, and
// the whole written once at the end, each font subset to the glyphs used. A Document is not
// safe for concurrent use; make one per output.
type Document struct {
	fonts   *Fonts
	size    Size
	unit    float64
	dir     Direction
	autoDir bool
	lang    string
	info    Info
	pages   []*Page
	sh      *shaper
	scratch paraText
	images  []picture
	imageOf map[imageKey]int
	lvBuf   []int8 // scratch for drawing lines
	order   []int
	z       *zlib.Writer
	zbuf    bytes.Buffer
	// finishBuf holds a page's content with its text spans written (Page.finish)
	finishBuf bytes.Buffer
}

// New starts a document set in fonts.
func New(fonts *Fonts, c Config) *Document {
	d := &Document{fonts: fonts, size: c.Page, unit: c.Unit, dir: c.Dir, lang: c.Lang,
		imageOf: map[imageKey]int{}}
	if d.size.W <= 0 || d.size.H <= 0 {
		d.size = A4
	}
	if d.unit <= 0 {
		d.unit = PT
	}
	d.autoDir = c.Dir == Auto
	if d.dir == Auto {
		d.dir = LTR
	}
	d.sh = newShaper(fonts, c.Lang)
	return d
}

// SetInfo sets the title, author and date recorded in the file.
func (d *Document) SetInfo(i Info) { d.info = i }

// PageSize returns the page's width and height in the document's unit.
func (d *Document) PageSize() (w, h float64) { return d.size.W / d.unit, d.size.H / d.unit }

// AddPage starts a new page and returns it. Every page stays open for drawing until Write
// (page x/y footers are drawn once the count is known); what a page holds so far is
// compressed when the next one starts, so a long document stays small in memory.
func (d *Document) AddPage() *Page {
	p := &Page{d: d, n: len(d.pages) + 1}
	if n := len(d.pages); n > 0 {
		prev := d.pages[n-1]
		if prev.seal() { // the new page writes in the buffers the last one no longer needs
			p.content = prev.content
			p.content.Reset()
			prev.content = bytes.Buffer{}
			p.spans, p.spanText = prev.spans[:0], prev.spanText[:0]
			prev.spans, prev.spanText = nil, nil
		}
	}
	p.reset()
	d.pages = append(d.pages, p)
	return p
}

// seal compresses what the page holds into its first content stream; later drawing goes
// into a second one. It reports whether it sealed the page.
func (p *Page) seal() bool {
	if p.sealed != nil || p.content.Len() == 0 {
		return false
	}
	b := &p.d.zbuf
	b.Reset()
	if p.d.z == nil {
		p.d.z = zlib.NewWriter(b)
	} else {
		p.d.z.Reset(b)
	}
	p.d.z.Write(p.finish())
	p.d.z.Close()
	p.sealed = bytes.Clone(b.Bytes())
	p.spans, p.spanText = p.spans[:0], p.spanText[:0]
	return true
}

// Pages returns the pages in order, for drawing what needs the page count (page x/y).
func (d *Document) Pages() []*Page { return d.pages }

// Gaps lists the scripts of text this document met that no font covers, in the order met:
// they were drawn as the replacement glyph, their text kept in the text layer.
func (d *Document) Gaps() []Gap { return append([]Gap(nil), d.sh.gaps...) }

// Problems lists the fonts that failed to load while this document was set; the chain went
// on without them.
func (d *Document) Problems() []error { return append([]error(nil), d.sh.errs...) }

// Measure is the width of s on one line at size points, in the document's unit.
func (d *Document) Measure(size float64, bold bool, s string) float64 {
	return d.Text(size, bold, s).Width()
}

// Page is one page of a document. Lengths are in the document's unit, measured from the
// top-left corner, y growing downwards; text is placed by its baseline.
type Page struct {
	d       *Document
	n       int
	content bytes.Buffer
	sealed  []byte   // the content drawn before the next page started, compressed
	text    [3]uint8 // text colour
	fill    [3]uint8
	stroke  [3]uint8
	// what the content stream has set: "" until set
	curFill, curStroke string
	curLW              float64
	// the text layer (textlayer.go): lines whose ActualText is written when the page is
	// done, their characters, and the page's count of left-to-right minus right-to-left
	// letters, which decides how readers order its lines
	spans    []textSpan
	spanText []rune
	lr       int
	dirSet   bool
	rtlPage  bool
}

func (p *Page) reset() {
	p.curFill, p.curStroke, p.curLW = "0 0 0 rg", "0 0 0 RG", 1
}

// Number is the page's number, from 1.
func (p *Page) Number() int { return p.n }

// SetTextColor sets the colour of text drawn after it.
func (p *Page) SetTextColor(r, g, b uint8) { p.text = [3]uint8{r, g, b} }

// SetFillColor sets the colour shapes are filled with.
func (p *Page) SetFillColor(r, g, b uint8) { p.fill = [3]uint8{r, g, b} }

// SetDrawColor sets the colour of lines and outlines.
func (p *Page) SetDrawColor(r, g, b uint8) { p.stroke = [3]uint8{r, g, b} }

// SetLineWidth sets the width of lines and outlines in the document's unit.
func (p *Page) SetLineWidth(w float64) {
	w *= p.d.unit
	if w != p.curLW {
		p.curLW = w
		p.content.WriteString(num(w))
		p.content.WriteString(" w\n")
	}
}

func colorOp(c [3]uint8, op string) string {
	if c[0] == c[1] && c[1] == c[2] { // grey: g or G, shorter
		g := "g"
		if op == "RG" {
			g = "G"
		}
		return num(float64(c[0])/255) + " " + g
	}
	return num(float64(c[0])/255) + " " + num(float64(c[1])/255) + " " + num(float64(c[2])/255) + " " + op
}

func (p *Page) useFill(c [3]uint8) {
	if s := colorOp(c, "rg"); s != p.curFill {
		p.curFill = s
		p.content.WriteString(s)
		p.content.WriteByte('\n')
	}
}

func (p *Page) useStroke(c [3]uint8) {
	if s := colorOp(c, "RG"); s != p.curStroke {
		p.curStroke = s
		p.content.WriteString(s)
		p.content.WriteByte('\n')
	}
}

// x and y convert the document's coordinates to the PDF's (points, from the bottom left).
func (p *Page) x(v float64) float64 { return v * p.d.unit }
func (p *Page) y(v float64) float64 { return p.d.size.H - v*p.d.unit }

// Line draws a straight line in the draw colour.
func (p *Page) Line(x1, y1, x2, y2 float64) {
	p.useStroke(p.stroke)
	fmt.Fprintf(&p.content, "%s %s m %s %s l S\n", num(p.x(x1)), num(p.y(y1)), num(p.x(x2)), num(p.y(y2)))
}

// Rect draws a rectangle with its top-left corner at x, y: style "D" outlines it, "F" fills
// it, "DF" does both.
func (p *Page) Rect(x, y, w, h float64, style string) {
	op := p.paint(style)
	fmt.Fprintf(&p.content, "%s %s %s %s re %s\n", num(p.x(x)), num(p.y(y+h)), num(w*p.d.unit), num(h*p.d.unit), op)
}

// Circle draws a circle centred on x, y; style as for Rect.
func (p *Page) Circle(x, y, r float64, style string) {
	op := p.paint(style)
	cx, cy, rr := p.x(x), p.y(y), r*p.d.unit
	k := rr * 0.5523 // control points of a quarter circle's Bézier curve
	b := &p.content
	fmt.Fprintf(b, "%s %s m\n", num(cx+rr), num(cy))
	fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(cx+rr), num(cy+k), num(cx+k), num(cy+rr), num(cx), num(cy+rr))
	fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(cx-k), num(cy+rr), num(cx-rr), num(cy+k), num(cx-rr), num(cy))
	fmt.Fprintf(b, "%s %s %s %s %s %s c\n", num(cx-rr), num(cy-k), num(cx-k), num(cy-rr), num(cx), num(cy-rr))
	fmt.Fprintf(b, "%s %s %s %s %s %s c %s\n", num(cx+k), num(cy-rr), num(cx+rr), num(cy-k), num(cx+rr), num(cy), op)
}

func (p *Page) paint(style string) string {
	switch style {
	case "F":
		p.useFill(p.fill)
		return "f"
	case "DF", "FD":
		p.useFill(p.fill)
		p.useStroke(p.stroke)
		return "B"
	}
	p.useStroke(p.stroke)
	return "S"
}

// num writes a length with at most three decimals, as PDF readers expect.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// Text draws s on one line with its baseline's left end at x, y and returns its width.
func (p *Page) Text(x, y, size float64, bold bool, s string) float64 {
	par := p.d.Text(size, bold, s)
	lines := par.Lines(math.Inf(1))
	p.DrawLine(lines[0], x, y)
	return lines[0].Width()
}

// Align places a line in a column.
type Align int8

const (
	Start  Align = iota // left in a left-to-right paragraph, right in a right-to-left one
	Left                // left
	Right               // right
	Center              // centred
)

// Place returns the x at which a line starts when aligned in a column from x, width wide.
func (l Line) Place(x, width float64, a Align) float64 {
	if a == Start {
		a = Left
		if l.Dir() == RTL {
			a = Right
		}
	}
	switch a {
	case Right:
		return x + width - l.width
	case Center:
		return x + (width-l.width)/2
	}
	return x
}
