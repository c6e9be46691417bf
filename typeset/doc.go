// Package typeset sets text in every script the assemblies write and draws it to PDF: Latin,
// Greek, Cyrillic, Arabic (Sorani Kurdish, Persian), Hebrew, Chinese, Devanagari, Ethiopic,
// emoji, in any mix, in pure Go.
//
// Fonts form a fallback chain (Fonts): the caller's default family (folkmoot's embedded DejaVu
// Sans) first, then the system's fonts per script (SystemFonts) and the operator's (FontFiles).
// A paragraph (Document.Paragraph) is split by direction (the Unicode bidi algorithm), script,
// weight and font, shaped with go-text's port of HarfBuzz (joined Arabic letters, lam-alef,
// marks), and broken into lines (Paragraph.Lines) where Unicode's line breaking rules allow.
// A page draws lines (Page.DrawLine), text (Page.Text), lines and shapes; Document.Write
// writes the PDF with each font subset to the glyphs used and a text layer that gives every
// string back in logical order.
//
// A document is used from one goroutine; Fonts and Font are shared by all.
//
//	fonts, _ := typeset.NewFonts(typeset.Family{Regular: regular, Bold: bold}, system...)
//	d := typeset.New(fonts, typeset.Config{Unit: typeset.MM})
//	page := d.AddPage()
//	p := d.Paragraph(10, typeset.Span{Text: "Decision: ", Bold: true}, typeset.Span{Text: "قرار: compost hub 2026"})
//	y := 20.0
//	for _, l := range p.Lines(174) {
//		page.DrawLine(l, l.Place(18, 174, typeset.Start), y) // right-aligned when p is RTL
//		y += 5
//	}
//	for i, pg := range d.Pages() { // footers once the page count is known
//		pg.Text(100, 289, 8, false, fmt.Sprintf("page %d/%d", i+1, len(d.Pages())))
//	}
//	err := d.Write(w)
package typeset
