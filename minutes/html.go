package minutes

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"folkmoot/words"
)

// MeetingHTML renders the minutes of one meeting as one standalone HTML page, ready to print.
func MeetingHTML(m *Meeting, o Options) ([]byte, error) {
	var b bytes.Buffer
	err := WriteMeetingHTML(&b, m, o)
	return b.Bytes(), err
}

// WriteMeetingHTML writes MeetingHTML's output to w.
func WriteMeetingHTML(w io.Writer, m *Meeting, o Options) error {
	return writeHTML(w, meetingDoc(m), o)
}

// DigestHTML renders a digest as one standalone HTML page, ready to print.
func DigestHTML(dg *Digest, o Options) ([]byte, error) {
	var b bytes.Buffer
	err := WriteDigestHTML(&b, dg, o)
	return b.Bytes(), err
}

// WriteDigestHTML writes DigestHTML's output to w.
func WriteDigestHTML(w io.Writer, dg *Digest, o Options) error {
	return writeHTML(w, digestDoc(dg), o)
}

// The page loads nothing and runs nothing: the policy forbids every fetch and script, so even
// a renderer bug could not make a person's text reach the network or execute. In print, the
// @page rules give every page the running header and "page x/y" the PDF has. The page says
// the document's language and direction: Arabic and Sorani minutes are right-to-left pages.
const htmlHead = `<!DOCTYPE html>
<html lang="%s" dir="%s">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>
@page { size: %s; margin: 20mm 18mm 18mm 18mm;
  @top-%s { content: %s; font: 8pt "DejaVu Sans", "Noto Sans", sans-serif; color: #5a5a5a; vertical-align: bottom; padding-bottom: 2mm; border-bottom: .2mm solid #a0a0a0; width: 100%%; }
  @bottom-center { content: %s; font: 8pt "DejaVu Sans", "Noto Sans", sans-serif; color: #5a5a5a; }
}
html { font-family: "DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari", "Droid Sans Fallback", sans-serif; font-size: 10pt; color: #111; }
body { max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.45; overflow-wrap: break-word; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
h3 { font-size: 1.1em; margin: 1em 0 .3em; }
h1, h2, h3, .keep { break-after: avoid; page-break-after: avoid; }
p { margin: .3em 0; }
ul { margin: .3em 0; padding-left: 1.4em; padding-inline-start: 1.4em; }
ul.sub { padding-left: 1.2em; padding-inline-start: 1.2em; list-style: "– "; color: #333; }
li, tr, svg, figure { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { border-bottom: 1px solid #ccc; padding: .15em .8em .15em 0; text-align: start; vertical-align: top; }
th:last-child, td:last-child { padding-inline-end: 0; }
th { border-bottom: 1px solid #555; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
figure { margin: .4em 0; }
.header { color: #555; font-size: .9em; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; } .header { display: none; } }
</style>
</head>
<body>
`

func writeHTML(w io.Writer, d *document, o Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	size := o.Paper.cssSize()
	header := d.headerLine()
	// The running header stands at the start of the page's direction: top right in Arabic.
	corner := "left"
	if d.rtl() {
		corner = "right"
	}
	fmt.Fprintf(bw, htmlHead, html.EscapeString(d.langTag()), d.dir(), html.EscapeString(d.title), size, corner, cssHeader(header), d.cssPage())
	if len(header) > 0 {
		bw.WriteString(`<p class="header">`)
		htmlLine(bw, header, false)
		bw.WriteString("</p>\n")
	}
	inList := false
	for i := range d.blocks {
		bl := &d.blocks[i]
		if inList && bl.kind != bItem {
			bw.WriteString("</ul>\n")
			inList = false
		}
		switch bl.kind {
		case bTitle, bSection, bSub:
			tag := map[blockKind]string{bTitle: "h1", bSection: "h2", bSub: "h3"}[bl.kind]
			bw.WriteString("<" + tag + dirAuto(bl.text) + ">")
			htmlLine(bw, bl.text, false)
			bw.WriteString("</" + tag + ">\n")
		case bPara:
			bw.WriteString("<p" + dirAuto(bl.text))
			if bl.keepNext {
				bw.WriteString(` class="keep"`)
			}
			bw.WriteString(">")
			htmlLine(bw, bl.text, false)
			bw.WriteString("</p>\n")
		case bItem:
			if !inList {
				bw.WriteString("<ul>\n")
				inList = true
			}
			bw.WriteString("<li" + dirAuto(bl.text) + ">")
			htmlLine(bw, bl.text, false)
			if len(bl.sub) > 0 {
				bw.WriteString("<ul class=\"sub\">")
				for _, s := range bl.sub {
					bw.WriteString("<li" + dirAuto(s) + ">")
					htmlLine(bw, s, false)
					bw.WriteString("</li>")
				}
				bw.WriteString("</ul>")
			}
			bw.WriteString("</li>\n")
		case bTable:
			htmlTable(bw, bl.table)
		case bChart:
			svgChart(bw, bl.chart, d)
		}
	}
	if inList {
		bw.WriteString("</ul>\n")
	}
	bw.WriteString("</body>\n</html>\n")
	return bw.Flush()
}

// dirAuto gives an element opened by a person's text the direction of that text, as the PDF
// does: a note, a title or a story written in Arabic or Hebrew reads and aligns right to left.
func dirAuto(l line) string {
	if l.personLed() {
		return ` dir="auto"`
	}
	return ""
}

// htmlLine writes spans; a person's text is escaped and isolated in <bdi>, so neither markup
// nor right-to-left text can change the page around it, except the text opening an element
// with dir="auto", which gives it its direction (a <bdi> would hide it from dir="auto"). In a
// table cell (cell) every person's text is isolated: a column keeps the page's direction.
func htmlLine(w *bufio.Writer, l line, cell bool) {
	for i, s := range l {
		t := html.EscapeString(s.text)
		open, end := "", ""
		if s.person && (cell || l.isolated(i)) {
			open, end = "<bdi>", "</bdi>"
		}
		switch {
		case s.person && s.href != "":
			fmt.Fprintf(w, "<a href=\"%s\" rel=\"nofollow noreferrer\">%s%s%s</a>", html.EscapeString(s.href), open, t, end)
		case s.person:
			w.WriteString(open + t + end)
		case s.strong:
			w.WriteString("<strong>" + t + "</strong>")
		default:
			w.WriteString(t)
		}
	}
}

// cssHeader is the running header as a CSS string: every character but letters, digits and
// spaces escaped, so a person's text cannot end the string or the style sheet; the assembly's
// name is isolated (FSI … PDI, escaped) as <bdi> does on the page.
func cssHeader(l line) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, s := range l {
		if s.person {
			b.WriteString(`\2068 `)
		}
		for _, r := range s.text {
			if r < 0x80 && (r == ' ' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				b.WriteRune(r)
				continue
			}
			fmt.Fprintf(&b, `\%x `, r)
		}
		if s.person {
			b.WriteString(`\2069 `)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// cssPage is the printed page's "page x/y" as CSS content: the catalog's words around the
// page counters, each a CSS string. The words are ours, not a person's, but a quote, a
// backslash or an angle bracket is escaped all the same.
func (d *document) cssPage() string {
	const page, pages = markBase, markBase + 1
	text := d.say("minutes.page", "Page", string(page), "Pages", string(pages))
	var parts []string
	var b strings.Builder
	str := func() {
		if b.Len() > 0 {
			parts = append(parts, `"`+b.String()+`"`)
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == page:
			str()
			parts = append(parts, "counter(page)")
		case r == pages:
			str()
			parts = append(parts, "counter(pages)")
		case r == fsi || r == pdi:
			// the isolates around a counter: a number among right-to-left words keeps its place
		case r < 0x20 || r == '"' || r == '\\' || r == '<' || r == '>' || r == 0x7f:
			fmt.Fprintf(&b, `\%x `, r)
		default:
			b.WriteRune(r)
		}
	}
	str()
	return strings.Join(parts, " ")
}

// langTag is the document's language as HTML and PDF name it: "en", "ar".
func (d *document) langTag() string {
	if d.l == nil {
		return words.English
	}
	return d.l.Tag
}

// rtl reports whether the document's language is written right to left.
func (d *document) rtl() bool { return d.l != nil && d.l.RTL }

// dir is the page's direction for HTML: "rtl" or "ltr".
func (d *document) dir() string {
	if d.rtl() {
		return "rtl"
	}
	return "ltr"
}

// webLink returns u when it is an absolute http(s) address, the only kind worth a link:
// anything else (javascript:, data:, relative paths) stays plain text.
func webLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

func htmlTable(w *bufio.Writer, t *table) {
	num := func(c int) string {
		if c < len(t.right) && t.right[c] {
			return ` class="n"`
		}
		return ""
	}
	w.WriteString("<table>\n<thead><tr>")
	for c, h := range t.head {
		fmt.Fprintf(w, "<th%s>%s</th>", num(c), html.EscapeString(h))
	}
	w.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range t.rows {
		w.WriteString("<tr>")
		for c := range t.head {
			fmt.Fprintf(w, "<td%s>", num(c))
			if c < len(row) {
				htmlLine(w, row[c], true)
			}
			w.WriteString("</td>")
		}
		w.WriteString("</tr>\n")
	}
	w.WriteString("</tbody>\n</table>\n")
}

// svgChart draws a measure as a small inline line chart (no script, no external font),
// labelled as the PDF's: the range on the value axis with light rules, each point's date
// under the time axis and its value over it where they fit.
func svgChart(w *bufio.Writer, ms *Measure, d *document) {
	pts := sortedPoints(ms)
	const wd, ht, left, right, top, bottom = 520.0, 150.0, 54.0, 30.0, 20.0, 24.0
	lo, hi := bounds(pts)
	t0, t1 := pts[0].At, pts[len(pts)-1].At
	x := func(p Point) float64 {
		if !t1.After(t0) {
			return left
		}
		return left + (wd-left-right)*frac(float64(p.At.Sub(t0)), 0, float64(t1.Sub(t0)))
	}
	y := func(v float64) float64 {
		if hi == lo {
			return (ht - bottom + top) / 2
		}
		return ht - bottom - (ht-bottom-top)*frac(v, lo, hi)
	}
	name := html.EscapeString(clean(ms.Name))
	// the labels' font on the svg itself: not every renderer styles inline SVG from the page
	// a chart's axes run left to right in every language: in a right-to-left page its labels
	// keep their anchors
	ltr := ""
	if d.rtl() {
		ltr = ` direction="ltr"`
	}
	fmt.Fprintf(w, "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\" font-size=\"10\" font-family=\"DejaVu Sans, sans-serif\"%s>",
		wd, ht, wd, ht, name, ltr)
	rangeVals := []float64{lo}
	if hi != lo {
		rangeVals = append(rangeVals, hi)
	}
	for _, v := range rangeVals {
		fmt.Fprintf(w, "<path d=\"M%.0f %.1fH%.0f\" stroke=\"#ddd\"/>", left, y(v), wd-right)
		fmt.Fprintf(w, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#3c3c3c\">%s</text>", left-5, y(v)+3.5, number(d.l, v))
	}
	fmt.Fprintf(w, "<path d=\"M%.0f %.0fV%.0fH%.0f\" fill=\"none\" stroke=\"#999\"/>", left, top, ht-bottom, wd-right)
	var pl strings.Builder
	xs := make([]float64, len(pts))
	for i, p := range pts {
		if i > 0 {
			pl.WriteByte(' ')
		}
		xs[i] = x(p)
		fmt.Fprintf(&pl, "%.1f,%.1f", xs[i], y(p.Value))
	}
	fmt.Fprintf(w, "<polyline points=\"%s\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"/>", pl.String())
	for i, p := range pts {
		fmt.Fprintf(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f5fa8\"/>", xs[i], y(p.Value))
	}
	// label widths at 10px, estimated: the page's font is not known here
	est := func(s string) float64 { return 6 * float64(utf8.RuneCountInString(s)) }
	dates := chartDates(d.l, pts, d.zone)
	dw := make([]float64, len(pts))
	for i, s := range dates {
		dw[i] = est(s)
	}
	show, at := labelSpots(xs, dw, left/2, wd-right/2, 8)
	for i, ok := range show {
		if ok {
			fmt.Fprintf(w, "<path d=\"M%.1f %.0fv4\" stroke=\"#999\"/><text x=\"%.1f\" y=\"%.0f\" fill=\"#3c3c3c\">%s</text>",
				xs[i], ht-bottom, at[i], ht-6, html.EscapeString(dates[i]))
		}
	}
	if len(pts) <= maxValueLabels {
		vals := make([]string, len(pts))
		vw := make([]float64, len(pts))
		for i, p := range pts {
			vals[i] = number(d.l, p.Value)
			vw[i] = est(vals[i])
		}
		show, at = labelSpots(xs, vw, left, wd-right/2, 6)
		for i, ok := range show {
			if ok {
				fmt.Fprintf(w, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#3c3c3c\">%s</text>", at[i], y(pts[i].Value)-6, vals[i])
			}
		}
	}
	w.WriteString("</svg></figure>\n")
}
