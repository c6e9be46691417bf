package typeset

import (
	"bytes"
	"fmt"
	"folkmoot/printtest"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// popplerOrder is poppler's reorderText (TextOutputDev.cc) on one line: on a page read left to
// right, every stretch that starts with a right-to-left letter and runs to the next
// left-to-right letter or number character is reversed; on a page read right to left, the
// line is read from its right end and stretches of left-to-right letters and numbers are
// reversed back. Its embedding marks are left out.
func popplerOrder(line []rune, leftToRight bool) []rune {
	var out []rune
	n := len(line)
	if leftToRight {
		for i := 0; i < n; {
			j := i
			for j < n && readingClass(line[j]) != readRTL {
				j++
			}
			out = append(out, line[i:j]...)
			i = j
			for j < n && readingClass(line[j]) != readLTR {
				j++
			}
			for k := j - 1; k >= i; k-- {
				out = append(out, line[k])
			}
			i = j
		}
		return out
	}
	for i := n - 1; i >= 0; {
		j := i
		for j >= 0 && readingClass(line[j]) != readLTR {
			j--
		}
		for k := i; k > j; k-- {
			out = append(out, line[k])
		}
		i = j
		for j >= 0 && readingClass(line[j]) != readRTL {
			j--
		}
		out = append(out, line[j+1:i+1]...)
		i = j
	}
	return out
}

var noMarks = strings.NewReplacer(string(lrm), "", string(rlm), "")

// lines every reading must give back, in logical order.
var logicalLines = []string{
	"Note: אספה כללית: הגינה צריכה מים (דוד כהן, 18:37)",
	"Decided: بڕیار: compost hub 2026 لە حەوشەکە (رێزان, 19:00)",
	"قرار: compost hub 2026",
	"رێزان: کۆبوونەوە لە ١٢ی مانگ.",
	"مَرْحَبًا — شَلוֹם. ok",
	"Block: أحمد — أعترض: الجذور قريبة من الأنابيب",
	"(رێزان)", "a", "", "...", "١٢٣ ۴۵۶ 789", "Zoë 🌻 and 🧑🏽‍🌾, 社区会议。",
	"Plenum 🌻 کۆبوونەوەی گشتی · 全体会议",
	"e\u0301\u0323 — ሰላም · Ναί ✔",
}

// TestReadingOrder: what the text layer writes for a line comes back from poppler's ordering,
// on a page of either direction, as the line in logical order.
func TestReadingOrder(t *testing.T) {
	for _, s := range logicalLines {
		text := []rune(s)
		for _, ltr := range []bool{true, false} {
			var got []rune
			if ltr {
				got = popplerOrder(readLeftToRight(nil, text), true)
			} else {
				got = popplerOrder(readRightToLeft(nil, text), false)
			}
			if g := noMarks.Replace(string(got)); g != s {
				t.Errorf("page read left to right %v: %q comes back as %q", ltr, s, g)
			}
		}
	}
}

// FuzzReadingOrder: any text, on a page of either direction.
func FuzzReadingOrder(f *testing.F) {
	for _, s := range logicalLines {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, ltr bool) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, string([]rune{lrm, rlm})) {
			return
		}
		text := []rune(s)
		var got []rune
		if ltr {
			got = popplerOrder(readLeftToRight(nil, text), true)
		} else {
			got = popplerOrder(readRightToLeft(nil, text), false)
		}
		if g := noMarks.Replace(string(got)); g != s {
			t.Errorf("%q comes back as %q", s, g)
		}
	})
}

// TestRightToLeftPage: a page of mostly Arabic and Hebrew, which poppler reads from the right,
// gives every line back in logical order, the Latin ones too.
func TestRightToLeftPage(t *testing.T) {
	d := New(systemChain(t), Config{Unit: MM})
	pg := d.AddPage()
	lines := []string{
		"بڕیار: compost hub 2026 لە حەوشەکە",
		"אספה כללית: הגינה צריכה מים (דוד כהן, 18:37)",
		"Note: a left-to-right line (Zoë 🌻, 18:35).",
		"کۆبوونەوەی گشتی لە ١٢ی مانگ بە بەشداری هەموو ئەندامان",
		"قرار: نبني حديقة مطرية قبل الشتاء",
	}
	for i, s := range lines {
		l := d.Text(11, false, s).Lines(170)[0]
		pg.DrawLine(l, l.Place(20, 170, Start), float64(30+10*i))
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !d.Pages()[0].rtlPage {
		t.Fatal("the sample page is not one poppler reads right to left")
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "rtl.pdf", b.Bytes()), "-")
	text = strings.NewReplacer("\u202b", "", "\u202c", "", "\u202a", "").Replace(noMarks.Replace(text))
	for _, s := range lines {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext lacks %q:\n%s", s, text)
		}
	}
}

// TestReadingClasses checks the table of poppler's classes against the installed pdftotext,
// on the characters the assemblies write and the edges of every range: each character is
// read between Hebrew and Latin letters, where its class decides the order it comes back in.
func TestReadingClasses(t *testing.T) {
	printtest.Tool(t, "pdftotext")
	var sample []rune
	for _, s := range logicalLines {
		sample = append(sample, []rune(s)...)
	}
	for _, rs := range [][]readingRange{readingRTL, readingLTR} {
		for _, r := range rs {
			sample = append(sample, r.lo, r.hi, r.lo-1, r.hi+1)
		}
	}
	seen := map[rune]bool{}
	d := New(defaultFonts(t), Config{})
	df := d.sh.faces[d.sh.faceOf(d.fonts.families[0].Regular)]
	sp := df.pdf.sub(df, df.space.id)
	df.pdf.used = true
	var pg *Page
	var probed []rune
	for _, r := range sample {
		if seen[r] || r < 0x21 || (r >= 0xd800 && r < 0xe000) || r == lrm || r == rlm ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0xfdd0 && r <= 0xfdef) || r&0xfffe == 0xfffe {
			continue
		}
		seen[r] = true
		if len(probed)%50 == 0 {
			pg = d.AddPage()
			pg.Text(20, 10, 6, false, strings.Repeat("probe ", 60)) // a page read left to right
		}
		y := 800 - float64(len(probed)%50)*15
		for k, s := range [][]rune{{'a', r, 'א', 'ב', 'z'}, {'א', r, 'ב'}} {
			pg.content.WriteString("/Span<</ActualText<FEFF")
			for _, u := range utf16.Encode(s) {
				writeHex4(&pg.content, u)
			}
			fmt.Fprintf(&pg.content, ">>>BDC\nBT /F0 6 Tf 1 0 0 1 80 %.1f Tm [<", y-float64(7*k))
			writeHex4(&pg.content, sp)
			pg.content.WriteString(">]TJ ET EMC\n")
		}
		probed = append(probed, r)
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "classes.pdf", b.Bytes()), "-")
	var got []string
	for _, l := range strings.Split(strings.NewReplacer("\u202b", "", "\u202c", "", "\u202a", "", "\f", "\n").Replace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "probe") {
			got = append(got, l)
		}
	}
	if len(got) != 2*len(probed) {
		t.Fatalf("%d lines for %d probes", len(got), 2*len(probed))
	}
	for i, r := range probed {
		c := string(r)
		var class uint8 = 99
		switch p1, p2 := got[2*i], got[2*i+1]; {
		case p1 == "aבא"+c+"z":
			class = readRTL
		case p1 == "a"+c+"באz" && p2 == "א"+c+"ב":
			class = readLTR
		case p1 == "a"+c+"באz" && p2 == "ב"+c+"א":
			class = readNeutral
		}
		if class != readingClass(r) {
			t.Errorf("%U: poppler reads it as class %d, the table says %d", r, class, readingClass(r))
		}
	}
}
