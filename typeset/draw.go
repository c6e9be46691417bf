package typeset

import (
	"bytes"
	"math"
	"strconv"
)

// DrawLine draws a line with its left end at x and its baseline at y. Glyphs are written as
// the shaper placed them, left to right; each font's ToUnicode map gives their characters
// back, and a line the map cannot give back in reading order (right-to-left letters, a
// cluster of several glyphs, an emoji picture, a replacement glyph) carries its characters
// in an ActualText span (see textlayer.go), so text extraction and search give back the
// characters as written.
// A line belongs to the document whose Paragraph made it; on another document's page it draws
// nothing, as its glyphs refer to that document's fonts.
func (p *Page) DrawLine(l Line, x, y float64) {
	if l.p == nil || l.a >= l.b || l.p.doc != p.d {
		return
	}
	par := l.p
	start := p.content.Len()
	p.useFill(p.text)
	w := textWriter{p: p, b: &p.content, size: par.size, face: noFace}
	w.b.WriteString("BT\n")
	px, py := p.x(x), p.y(y)
	w.b.WriteString("1 0 0 1 ")
	writeNum(w.b, px)
	w.b.WriteByte(' ')
	writeNum(w.b, py)
	w.b.WriteString(" Tm\n")
	pen := px
	k := par.size / 1000
	p.d.order = l.visual(p.d.order)
	special := false
	for _, ci := range p.d.order {
		c := &par.clusters[ci]
		if c.face == noFace || p.d.sh.faces[c.face].face == nil {
			pen += float64(c.adv) * k
			continue
		}
		df := p.d.sh.faces[c.face]
		if df.font.kind == outlineBitmap {
			w.picture(par, c, df, pen, py)
			special = true
		} else if !w.cluster(par, c, df) {
			special = true
		}
		pen += float64(c.adv) * k
	}
	if l.hy.id != 0 { // the hyphen of a word cut at the end of the line, in its last letter's face
		df := p.d.sh.faces[l.hyFace]
		w.setFont(l.hyFace)
		if par.clusters[l.b-1].flags&fFake != 0 {
			w.setTr(2)
		}
		df.pdf.mapGlyph(df, l.hy.id, []rune{'-'})
		w.glyph(df, l.hy)
	}
	w.closeTJ()
	w.setTr(0)
	w.b.WriteString("ET\n")
	if w.images.Len() > 0 {
		w.b.Write(w.images.Bytes())
	}
	text := par.runes[par.clusters[l.a].start:par.clusters[l.b-1].end]
	if !special {
		for _, r := range text {
			if readingClass(r) == readRTL {
				special = true
				break
			}
		}
	}
	p.noteLine(start, text, special)
}

// textWriter writes one line's text object, remembering the state it has set.
type textWriter struct {
	p       *Page
	b       *bytes.Buffer
	images  bytes.Buffer
	size    float64
	face    int16
	tr      int
	inTJ    bool
	stroked bool    // the stroke colour and width for emboldening are set
	pend    float32 // a position adjustment not yet written, in thousandths of the size
}

func (w *textWriter) closeTJ() {
	if !w.inTJ {
		return
	}
	w.flushPend()
	w.b.WriteString("]TJ\n")
	w.inTJ = false
}

func (w *textWriter) openTJ() {
	if !w.inTJ {
		w.b.WriteByte('[')
		w.inTJ = true
	}
}

func (w *textWriter) flushPend() {
	if w.pend > 0.005 || w.pend < -0.005 {
		var buf [32]byte
		w.b.Write(strconv.AppendFloat(buf[:0], math.Round(float64(w.pend)*100)/100, 'f', -1, 32))
	}
	w.pend = 0
}

func (w *textWriter) setFont(fi int16) {
	if w.face == fi {
		return
	}
	w.closeTJ()
	df := w.p.d.sh.faces[fi]
	df.pdf.used = true
	w.b.WriteString("/F")
	w.b.WriteString(strconv.Itoa(int(fi)))
	w.b.WriteByte(' ')
	writeNum(w.b, w.size)
	w.b.WriteString(" Tf\n")
	w.face = fi
}

// setTr sets the rendering mode: 0 fill, 2 fill and stroke (emboldened), 3 invisible.
func (w *textWriter) setTr(tr int) {
	if w.tr == tr {
		return
	}
	w.closeTJ()
	if tr == 2 && !w.stroked {
		// the outline, in the text colour, a thirtieth of the size wide: a bold weight's stem
		w.b.WriteString(colorOp(w.p.text, "RG") + " " + num(w.size/30) + " w\n")
		w.p.curStroke, w.p.curLW = colorOp(w.p.text, "RG"), w.size/30
		w.stroked = true
	}
	w.b.WriteString(strconv.Itoa(tr) + " Tr\n")
	w.tr = tr
}

func (w *textWriter) glyph(df *docFace, g glyph) {
	sub := df.pdf.sub(df, g.id)
	if g.dy != 0 {
		w.closeTJ()
		w.b.WriteString(num(float64(g.dy)*w.size/1000) + " Ts\n")
	}
	w.openTJ()
	w.pend -= g.dx
	w.flushPend()
	w.b.WriteByte('<')
	writeHex4(w.b, sub)
	w.b.WriteByte('>')
	w.pend = df.pdf.widths[sub] - g.adv + g.dx
	if g.dy != 0 {
		w.closeTJ()
		w.b.WriteString("0 Ts\n")
	}
}

// cluster writes an outline cluster and reports whether the font's ToUnicode map gives its
// characters back: not for a replacement glyph, a glyph already standing for other text, or
// several glyphs (a mark drawn back over its letter reads to extractors as a new word).
func (w *textWriter) cluster(par *Paragraph, c *cluster, df *docFace) bool {
	w.setFont(c.face)
	tr := 0
	if c.flags&fFake != 0 {
		tr = 2
	}
	w.setTr(tr)
	glyphs := par.glyphs[c.g0:c.g1]
	mapped := c.flags&fMissing == 0 && df.pdf.mapCluster(df, glyphs, par.runes[c.start:c.end], c.level%2 == 1) &&
		len(glyphs) == 1
	for _, g := range glyphs {
		w.glyph(df, g)
	}
	return mapped
}

// picture draws a colour bitmap cluster (emoji) as images, with an invisible space of the
// default font spanning the cluster, where the line's ActualText puts its characters.
func (w *textWriter) picture(par *Paragraph, c *cluster, df *docFace, pen, base float64) {
	k := w.size / 1000
	x := pen
	for _, g := range par.glyphs[c.g0:c.g1] {
		if img, ok := w.p.d.glyphImage(df, c.face, g.id); ok {
			im := &w.p.d.images[img]
			bx := x + float64(g.dx+im.x)*k
			by := base + float64(g.dy+im.y)*k
			w.images.WriteString("q " + num(float64(im.w)*k) + " 0 0 " + num(float64(im.h)*k) + " " +
				num(bx) + " " + num(by) + " cm /I" + strconv.Itoa(img) + " Do Q\n")
		}
		x += float64(g.adv) * k
	}
	def := w.p.d.sh.faceOf(w.p.d.fonts.families[0].Regular)
	if def == noFace {
		return
	}
	ddf := w.p.d.sh.faces[def]
	w.setFont(def)
	w.setTr(3)
	w.closeTJ()
	// the space is stretched (Tz) to the picture's width, so extraction sees one character
	// where the picture is, not a narrow one followed by a gap
	sp := ddf.pdf.sub(ddf, ddf.space.id)
	if wsp := ddf.pdf.widths[sp]; wsp > 0 {
		w.b.WriteString(num(float64(c.adv/wsp*100)) + " Tz\n")
		w.glyph(ddf, glyph{id: ddf.space.id, adv: wsp})
		w.closeTJ()
		w.b.WriteString("100 Tz\n")
	} else {
		w.glyph(ddf, glyph{id: ddf.space.id, adv: c.adv})
		w.closeTJ()
	}
}

const hexDigits = "0123456789ABCDEF"

func writeHex4(b *bytes.Buffer, v uint16) {
	b.Write([]byte{hexDigits[v>>12], hexDigits[v>>8&15], hexDigits[v>>4&15], hexDigits[v&15]})
}

// writeNum writes num(v) without making a string.
func writeNum(b *bytes.Buffer, v float64) {
	var buf [32]byte
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	b.Write(strconv.AppendFloat(buf[:0], math.Round(v*1000)/1000, 'f', -1, 64))
}
