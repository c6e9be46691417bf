package typeset

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf16"
)

// pdfWriter writes numbered objects and remembers where each starts, for the xref table.
type pdfWriter struct {
	w       *bufio.Writer
	n       int64
	offsets []int64 // object number - 1 -> offset; 0 while reserved
	zbuf    bytes.Buffer
	z       *zlib.Writer
	err     error
}

func (pw *pdfWriter) write(s string) {
	if pw.err != nil {
		return
	}
	n, err := pw.w.WriteString(s)
	pw.n += int64(n)
	pw.err = err
}

func (pw *pdfWriter) writeBytes(b []byte) {
	if pw.err != nil {
		return
	}
	n, err := pw.w.Write(b)
	pw.n += int64(n)
	pw.err = err
}

// reserve allocates an object number to write later.
func (pw *pdfWriter) reserve() int {
	pw.offsets = append(pw.offsets, 0)
	return len(pw.offsets)
}

// object writes object num (reserved before) with the dictionary or value body.
func (pw *pdfWriter) object(num int, body string) {
	pw.offsets[num-1] = pw.n
	pw.write(strconv.Itoa(num) + " 0 obj\n" + body + "\nendobj\n")
}

// stream writes object num as a Flate-compressed stream with the extra dictionary entries.
func (pw *pdfWriter) stream(num int, dict string, data []byte) {
	pw.zbuf.Reset()
	if pw.z == nil {
		pw.z = zlib.NewWriter(&pw.zbuf)
	} else {
		pw.z.Reset(&pw.zbuf)
	}
	pw.z.Write(data)
	pw.z.Close()
	pw.offsets[num-1] = pw.n
	pw.write(strconv.Itoa(num) + " 0 obj\n<<" + dict + " /Filter /FlateDecode /Length " +
		strconv.Itoa(pw.zbuf.Len()) + ">>\nstream\n")
	pw.writeBytes(pw.zbuf.Bytes())
	pw.write("\nendstream\nendobj\n")
}

// compressed writes object num as a stream already compressed with zlib.
func (pw *pdfWriter) compressed(num int, data []byte) { pw.compressedDict(num, "", data) }

// compressedDict is compressed with extra dictionary entries.
func (pw *pdfWriter) compressedDict(num int, dict string, data []byte) {
	pw.offsets[num-1] = pw.n
	pw.write(strconv.Itoa(num) + " 0 obj\n<<" + dict + " /Filter /FlateDecode /Length " + strconv.Itoa(len(data)) + ">>\nstream\n")
	pw.writeBytes(data)
	pw.write("\nendstream\nendobj\n")
}

// Write writes the document as PDF 1.7: the pages, each font used as a subset with its
// widths and ToUnicode map, and each emoji picture once.
func (d *Document) Write(out io.Writer) error {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	pw := &pdfWriter{w: bufio.NewWriterSize(out, 64<<10)}
	pw.write("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pages, resources, info := pw.reserve(), pw.reserve(), pw.reserve(), pw.reserve()

	pageNums := make([]int, len(d.pages))
	for i, p := range d.pages {
		pageNums[i] = pw.reserve()
		content := pw.reserve()
		contents := strconv.Itoa(content) + " 0 R"
		extra := 0
		if p.sealed != nil && p.content.Len() > 0 {
			extra = pw.reserve()
			contents = "[" + contents + " " + strconv.Itoa(extra) + " 0 R]"
		}
		pw.object(pageNums[i], fmt.Sprintf("<</Type /Page /Parent %d 0 R /Contents %s>>", pages, contents))
		if p.sealed != nil {
			pw.compressed(content, p.sealed)
			if extra != 0 {
				pw.stream(extra, "", p.finish())
			}
		} else {
			pw.stream(content, "", p.finish())
		}
	}

	var fonts, images bytes.Buffer
	for fi, df := range d.sh.faces {
		if !df.pdf.used || df.failed || df.font.raw == nil {
			continue
		}
		ref, err := d.writeFont(pw, df)
		if err != nil {
			return fmt.Errorf("typeset: font %s: %w", df.font.name, err)
		}
		fmt.Fprintf(&fonts, "/F%d %d 0 R ", fi, ref)
	}
	for i, im := range d.images {
		ref := writePicture(pw, im, d.sh.faces[im.face].font)
		fmt.Fprintf(&images, "/I%d %d 0 R ", i, ref)
	}
	res := "<</ProcSet [/PDF /Text /ImageC]"
	if fonts.Len() > 0 {
		res += " /Font <<" + fonts.String() + ">>"
	}
	if images.Len() > 0 {
		res += " /XObject <<" + images.String() + ">>"
	}
	pw.object(resources, res+">>")

	var kids bytes.Buffer
	for _, n := range pageNums {
		fmt.Fprintf(&kids, "%d 0 R ", n)
	}
	pw.object(pages, fmt.Sprintf("<</Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %s %s] /Resources %d 0 R>>",
		kids.String(), len(d.pages), num(d.size.W), num(d.size.H), resources))
	cat := fmt.Sprintf("<</Type /Catalog /Pages %d 0 R", pages)
	if d.lang != "" {
		cat += " /Lang " + pdfString(d.lang)
	}
	pw.object(catalog, cat+">>")
	pw.object(info, d.infoDict())

	xref := pw.n
	pw.write(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(pw.offsets)+1))
	for _, o := range pw.offsets {
		pw.write(fmt.Sprintf("%010d 00000 n \n", o))
	}
	id := d.fileID()
	pw.write(fmt.Sprintf("trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(pw.offsets)+1, catalog, info, id, id, xref))
	if pw.err != nil {
		return pw.err
	}
	return pw.w.Flush()
}

// writeFont writes a Type0 font over a CIDFontType2 subset of df, and returns its object.
func (d *Document) writeFont(pw *pdfWriter, df *docFace) (int, error) {
	pf := &df.pdf
	data, _, err := subsetTrueType(df.font.raw, pf.old)
	if err != nil {
		return 0, err
	}
	pf.widths[0] = roundWidth(df.face.HorizontalAdvance(0) * 1000 / df.upem)
	name := pf.subsetTag(df.font.name) + "+" + df.font.name
	type0, cid, desc, file, cmap := pw.reserve(), pw.reserve(), pw.reserve(), pw.reserve(), pw.reserve()
	pw.object(type0, fmt.Sprintf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "+
		"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, cid, cmap))
	pw.object(cid, fmt.Sprintf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s "+
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> "+
		"/FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000 /W %s>>", name, desc, pf.widthArray()))
	k := 1000 / df.upem
	ext, _ := df.face.FontHExtents()
	bbox := df.font.bbox
	flags := 4 // symbolic: the glyphs are not of the standard Latin set
	pw.object(desc, fmt.Sprintf("<</Type /FontDescriptor /FontName /%s /Flags %d "+
		"/FontBBox [%s %s %s %s] /ItalicAngle 0 /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R>>",
		name, flags, num(float64(float32(bbox[0])*k)), num(float64(float32(bbox[1])*k)),
		num(float64(float32(bbox[2])*k)), num(float64(float32(bbox[3])*k)),
		num(float64(ext.Ascender*k)), num(float64(ext.Descender*k)), num(float64(ext.Ascender*k*0.7)), file))
	pw.stream(file, " /Length1 "+strconv.Itoa(len(data)), data)
	pw.stream(cmap, "", pf.toUnicode())
	return type0, nil
}

// writePicture writes a glyph image and its alpha mask, and returns the image's object. The
// compressed planes are kept with the font, so the next document reuses them.
func writePicture(pw *pdfWriter, im picture, f *Font) int {
	img, mask := pw.reserve(), pw.reserve()
	enc := f.encodedPicture(im.gid, im.data)
	pw.compressedDict(img, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "+
		"/BitsPerComponent 8 /SMask %d 0 R", enc.w, enc.h, mask), enc.rgb)
	pw.compressedDict(mask, fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "+
		"/BitsPerComponent 8", enc.w, enc.h), enc.alpha)
	return img
}

func (d *Document) infoDict() string {
	s := "<</Producer (folkmoot typeset)"
	add := func(key, v string) {
		if v != "" {
			s += " /" + key + " " + pdfText(v)
		}
	}
	add("Title", d.info.Title)
	add("Author", d.info.Author)
	add("Subject", d.info.Subject)
	add("Creator", d.info.Creator)
	if !d.info.Date.IsZero() {
		t := d.info.Date.UTC().Format("20060102150405")
		s += " /CreationDate (D:" + t + "Z) /ModDate (D:" + t + "Z)"
	}
	return s + ">>"
}

// fileID derives the trailer's ID from the document, so the same document gives the same bytes.
func (d *Document) fileID() []byte {
	h := md5.New()
	io.WriteString(h, d.info.Title)
	io.WriteString(h, d.info.Date.Format(time.RFC3339Nano))
	fmt.Fprint(h, len(d.pages))
	for _, p := range d.pages {
		h.Write(p.sealed)
		h.Write(p.content.Bytes())
	}
	return h.Sum(nil)
}

// pdfText writes a text string as UTF-16BE with its byte order mark, in hex: any character,
// no escaping to get wrong.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		writeHex4(&b, u)
	}
	b.WriteByte('>')
	return b.String()
}

// pdfString writes ASCII text as a literal string, escaping what PDF requires.
func pdfString(s string) string {
	var b bytes.Buffer
	b.WriteByte('(')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(')')
	return b.String()
}
