package typeset

import (
	"bytes"
	"os"
	"testing"
)

// FuzzUnicode lays out and writes text drawn from the whole of Unicode: every three input bytes
// make one code point of any plane, surrogates and unassigned ones included.
func FuzzUnicode(f *testing.F) {
	f.Add([]byte("\x00\x06\x42\x00\x00\x20\x01\xf3\x3b\x00\x05\xd0"), 50.0, true)
	f.Add([]byte("\x00\x20\x2e\x00\x06\x27\x00\x03\x01\x00\xd8\x00\x10\xff\xff"), 3.0, false)
	systemOnce.Do(func() { systemFams, systemErrs = SystemFonts() })
	fs, err := NewFonts(defaultFamily(f), systemFams...)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte, width float64, bold bool) {
		if len(in) > 3000 {
			in = in[:3000]
		}
		var rs []rune
		for i := 0; i+2 < len(in); i += 3 {
			rs = append(rs, rune(int(in[i])<<16|int(in[i+1])<<8|int(in[i+2]))%0x110000)
		}
		d := New(fs, Config{Unit: MM})
		p := d.Paragraph(11, Span{Text: string(rs[:len(rs)/2]), Bold: bold}, Span{Text: string(rs[len(rs)/2:])})
		pg := d.AddPage()
		for i, l := range p.Lines(width) {
			pg.DrawLine(l, l.Place(10, width, Start), float64(20+5*i))
		}
		var out bytes.Buffer
		if err := d.Write(&out); err != nil {
			t.Fatal(err)
		}
		// bounded: the fonts' subsets, a few pictures, and a few bytes per character
		if limit := 1<<20 + 200*len(rs); out.Len() > limit {
			t.Fatalf("%d characters made a %d-byte PDF", len(rs), out.Len())
		}
	})
}

// FuzzFont loads mutated fonts and sets text with them: a malformed font is an error or a
// font that draws something, never a panic or a file a reader refuses.
func FuzzFont(f *testing.F) {
	for _, path := range []string{"/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
		"/usr/share/fonts/truetype/noto/NotoSansLycian-Regular.ttf"} {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	def := defaultFamily(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fnt, err := ParseFont("fuzz", data, 0)
		if err != nil {
			return
		}
		fs, err := NewFonts(def, Family{Regular: fnt, Scripts: []string{"Latin", "Hebrew", "Lycian"}})
		if err != nil {
			t.Fatal(err)
		}
		d := New(fs, Config{})
		d.AddPage().Text(50, 50, 12, true, "Zoë שָׁלוֹם 𐊀𐊁 12 🌻")
		var b bytes.Buffer
		if err := d.Write(&b); err != nil {
			t.Fatal(err)
		}
	})
}
