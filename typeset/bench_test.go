package typeset

import (
	"fmt"
	"io"
	"testing"
)

// The digest of the minutes: 100 meetings of 200 items, about 700 A4 pages, here in mixed
// scripts. Goal: under 2 s and 100 MB.
var benchTexts = []string{
	"Café à l’école : décidé, élève, garçon, Noël — Συνέλευση της γειτονιάς",
	"قرار: compost hub 2026 — رێزان کۆبوونەوە لە ١٢ی مانگ",
	"Собрание жильцов: אספה כללית של הדיירים, 社区会议 决定 🌻",
	"देवनागरी सभा — Zoë Dupont 🧑🏽‍🌾 https://example.org/assembly/minutes/2026",
}

// digest lays out a digest as the minutes do: a heading per meeting, then items, each a bold
// label and a wrapped paragraph, a running header, and page x/y footers drawn at the end.
func digest(fs *Fonts, meetings, items int) *Document {
	d := New(fs, Config{Unit: MM})
	const left, width, top, bottom = 18.0, 174.0, 20.0, 279.0
	var pg *Page
	y := bottom
	newPage := func() {
		pg = d.AddPage()
		pg.SetTextColor(90, 90, 90)
		pg.Text(left, 12, 8, false, "Rue des Lilas Συνέλευση της γειτονιάς · 26 Nov 2026")
		pg.SetDrawColor(160, 160, 160)
		pg.SetLineWidth(0.2)
		pg.Line(left, 14, left+width, 14)
		pg.SetTextColor(0, 0, 0)
		y = top
	}
	lh := 10 * 25.4 / 72 * 1.45
	for m := range meetings {
		if y+20 > bottom {
			newPage()
		}
		for _, l := range d.Text(16, true, fmt.Sprintf("Meeting %d Собрание жильцов", m+1)).Lines(width) {
			pg.DrawLine(l, l.Place(left, width, Start), y+6)
			y += 8
		}
		for i := range items {
			p := d.Paragraph(10, Span{Text: fmt.Sprintf("Item %d: ", i), Bold: true},
				Span{Text: fmt.Sprintf("%s of meeting %d, by Zoé Dupont", benchTexts[(i+m)%len(benchTexts)], m)})
			lines := p.Lines(width - 5)
			if y+float64(len(lines))*lh > bottom {
				newPage()
			}
			for _, l := range lines {
				pg.DrawLine(l, l.Place(left+5, width-5, Start), y+lh*0.5+1.2)
				y += lh
			}
		}
	}
	n := len(d.Pages())
	for i, p := range d.Pages() {
		s := fmt.Sprintf("page %d/%d", i+1, n)
		p.Text(105-d.Measure(8, false, s)/2, 289, 8, false, s)
	}
	return d
}

func BenchmarkDigest700Pages(b *testing.B) {
	fs := systemChain(b)
	digest(fs, 1, 10).Write(io.Discard) // loads the fonts: once per process, not per digest
	b.ReportAllocs()
	pages := 0
	for b.Loop() {
		d := digest(fs, 100, 200)
		if err := d.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		pages = len(d.Pages())
	}
	b.ReportMetric(float64(pages), "pages")
}

// BenchmarkSmallDocument is one page of mixed scripts: what a short meeting's minutes cost.
func BenchmarkSmallDocument(b *testing.B) {
	fs := systemChain(b)
	digest(fs, 1, 10).Write(io.Discard)
	b.ReportAllocs()
	for b.Loop() {
		if err := digest(fs, 1, 20).Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
