package typeset

import (
	"bytes"
	"fmt"
	"folkmoot/printtest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func writeTemp(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The fonts the mixed-script test needs, by Debian package: scripts/print-tools.sh installs them.
var needFonts = []struct{ pkg, file string }{
	{"fonts-noto-core", "NotoSansArabic-Regular.ttf"},
	{"fonts-noto-core", "NotoSansHebrew-Regular.ttf"},
	{"fonts-noto-core", "NotoSansDevanagari-Regular.ttf"},
	{"fonts-droid-fallback", "DroidSansFallbackFull.ttf"},
	{"fonts-noto-color-emoji", "NotoColorEmoji.ttf"},
}

var (
	systemOnce sync.Once
	systemFams []Family
	systemErrs []error
)

// systemChain is DejaVu followed by the system's fonts; it skips (or fails) when the fonts the
// tests need are not installed.
func systemChain(t testing.TB) *Fonts {
	t.Helper()
	systemOnce.Do(func() { systemFams, systemErrs = SystemFonts() })
	for _, e := range systemErrs {
		t.Logf("system fonts: %v", e)
	}
	for _, nf := range needFonts {
		found := false
		for _, fa := range systemFams {
			found = found || filepath.Base(fa.Regular.Path()) == nf.file
		}
		if !found {
			printtest.SkipOrFail(t, fmt.Sprintf("%s not installed (Debian package %s; scripts/print-tools.sh installs it)", nf.file, nf.pkg))
		}
	}
	fs, err := NewFonts(defaultFamily(t), systemFams...)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// mixed are the strings of the mixed-script sample, each to come back whole from pdftotext.
var mixed = []string{
	"Zoë décide", "Συνέλευση της γειτονιάς", "Собрание жильцов",
	"قرار", "compost hub 2026", "رێزان", "کۆبوونەوە", "الأرض", "لا إله", "مَرْحَبًا",
	"אספה כללית", "שָׁלוֹם", "社区会议", "देवनागरी", "सभा", "🌻", "🧑🏽‍🌾", "ሰላም",
	"e\u0301\u0323", "Ναί ✔",
}

// renderMixed sets the mixed-script sample on one A4 page, one paragraph per line of text.
func renderMixed(t testing.TB, fs *Fonts) (*Document, []byte) {
	d := New(fs, Config{Unit: MM})
	d.SetInfo(Info{Title: "社区会议 · رێزان · Zoë 🌻", Date: time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)})
	pg := d.AddPage()
	y := 25.0
	for _, s := range []string{
		"Zoë décide — Συνέλευση της γειτονιάς — Собрание жильцов",
		"قرار: compost hub 2026",
		"رێزان: کۆبوونەوە لە ١٢ی مانگ",
		"لا إله — الأرض — مَرْحَبًا",
		"אספה כללית: שָׁלוֹם",
		"社区会议 (2026) — 社区会议决定",
		"देवनागरी: सभा",
		"emoji 🌻 and 🧑🏽‍🌾 in a line",
		"ሰላም · Ναί ✔ · e\u0301\u0323",
	} {
		for _, l := range d.Text(12, false, s).Lines(170) {
			pg.DrawLine(l, l.Place(20, 170, Start), y)
			y += 8
		}
	}
	par := d.Paragraph(10, Span{Text: "Bold: ", Bold: true},
		Span{Text: "a paragraph wrapping over several lines: https://example.org/assembly/minutes/2026 " +
			strings.Repeat("社区会议", 8) + " قرار بەکۆمەڵ لە کۆبوونەوەی گشتی و 🌻 هەروەها."})
	for _, l := range par.Lines(90) {
		pg.DrawLine(l, l.Place(20, 90, Start), y)
		y += 5
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Error(err) // not Fatal: TestConcurrentDocuments calls this from other goroutines
	}
	return d, b.Bytes()
}

// TestPDFTextLayer: pdftotext gives every string of the mixed sample back in logical order,
// Arabic ligatures and marks, Hebrew points, Devanagari and emoji included.
func TestPDFTextLayer(t *testing.T) {
	_, pdf := renderMixed(t, systemChain(t))
	path := writeTemp(t, "mixed.pdf", pdf)
	if keep := os.Getenv("TYPESET_SAMPLE"); keep != "" { // to look at it: pdftoppm -r 70 -png
		if err := os.WriteFile(keep, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	text = strings.NewReplacer("\u202b", "", "\u202c", "", "\u202a", "").Replace(text) // poppler's embeddings
	for _, want := range mixed {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
	info := printtest.Run(t, "pdfinfo", path)
	if !strings.Contains(info, "社区会议 · رێزان · Zoë 🌻") || !strings.Contains(info, "595.276 x 841.89") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	printtest.Run(t, "pdftoppm", "-r", "30", "-png", path, filepath.Join(t.TempDir(), "page"))
}

var fontLine = regexp.MustCompile(`^([A-Z]{6})\+(\S+)\s+CID TrueType\s+Identity-H\s+(yes|no)\s+(yes|no)\s+(yes|no)`)

// TestPDFFontsSubset: pdffonts lists each font embedded, subset and with a ToUnicode map, and
// the CJK font (4 MB) adds only the glyphs used.
func TestPDFFontsSubset(t *testing.T) {
	_, pdf := renderMixed(t, systemChain(t))
	out := printtest.Run(t, "pdffonts", writeTemp(t, "mixed.pdf", pdf))
	lines := strings.Split(strings.TrimSpace(out), "\n")[2:]
	names := map[string]bool{}
	for _, l := range lines {
		m := fontLine.FindStringSubmatch(l)
		if m == nil || m[3] != "yes" || m[4] != "yes" || m[5] != "yes" {
			t.Errorf("font not embedded, subset and mapped: %q", l)
			continue
		}
		names[m[2]] = true
	}
	for _, want := range []string{"DejaVuSans", "DejaVuSans-Bold", "NotoSansArabic-Regular",
		"NotoSansHebrew-Regular", "DroidSansFallback", "NotoSansDevanagari-Regular"} {
		if !names[want] {
			t.Errorf("pdffonts lacks %s:\n%s", want, out)
		}
	}
	if len(pdf) > 200<<10 {
		t.Errorf("the sample is %d KB: fonts not subset?", len(pdf)>>10)
	}
}

// TestMissingScript: with no font for a script, the replacement glyph is drawn, the text layer
// keeps the characters, and Gaps names the script and the Debian package once.
func TestMissingScript(t *testing.T) {
	d := New(defaultFonts(t), Config{})
	pg := d.AddPage()
	for i, s := range []string{"社区会议", "會議 社区", "देवनागरी"} {
		pg.DrawLine(d.Text(12, false, s).Lines(400)[0], 50, float64(100+20*i))
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	gaps := d.Gaps()
	if len(gaps) != 2 || gaps[0] != (Gap{"Han", "fonts-droid-fallback"}) || gaps[1] != (Gap{"Devanagari", "fonts-noto-core"}) {
		t.Errorf("gaps %v", gaps)
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "m.pdf", b.Bytes()), "-")
	for _, want := range []string{"社区会议", "會議 社区", "देवनागरी"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
}

// TestDeterministic: the same document gives the same bytes (fixed dates, derived IDs and
// subset tags), so minutes can be compared and cached.
func TestDeterministic(t *testing.T) {
	fs := defaultFonts(t)
	render := func() []byte {
		d := New(fs, Config{Page: Letter})
		d.SetInfo(Info{Title: "Zoë 🌻"})
		d.AddPage().Text(72, 72, 11, true, "Ναί — رێزان — Zoë")
		var b bytes.Buffer
		if err := d.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	a, b := render(), render()
	if !bytes.Equal(a, b) {
		t.Error("two renderings differ")
	}
	if !bytes.Contains(a, []byte("/MediaBox [0 0 612 792]")) {
		t.Error("not Letter")
	}
}

// TestShapesAndColours draws what the minutes' tables and charts need and checks poppler reads
// it without complaint.
func TestShapesAndColours(t *testing.T) {
	d := New(defaultFonts(t), Config{Unit: MM})
	pg := d.AddPage()
	pg.SetDrawColor(150, 150, 150)
	pg.SetLineWidth(0.2)
	pg.Line(18, 30, 192, 30)
	pg.SetFillColor(31, 95, 168)
	pg.Rect(18, 40, 50, 10, "DF")
	pg.Circle(100, 45, 0.6, "F")
	pg.SetTextColor(90, 90, 90)
	pg.Text(18, 60, 8, false, "page 1/1")
	pg.Text(18, 70, 8, true, "Bold with a font that has no bold: ሰላም")
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "shapes.pdf", b.Bytes())
	if text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", path, "-"); !strings.Contains(text, "page 1/1") {
		t.Errorf("pdftotext:\n%s", text)
	}
	printtest.Run(t, "pdftoppm", "-r", "20", "-png", path, filepath.Join(t.TempDir(), "p"))
}

// TestEmojiPictures: colour emoji are drawn as images, each picture embedded once however
// often it appears, and the text layer has the emoji.
func TestEmojiPictures(t *testing.T) {
	d := New(systemChain(t), Config{})
	pg := d.AddPage()
	for i := range 5 {
		pg.Text(50, float64(100+20*i), 12, false, "Zoë 🌻 🧑🏽‍🌾 🌻")
	}
	var b bytes.Buffer
	if err := d.Write(&b); err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "emoji.pdf", b.Bytes())
	list := printtest.Run(t, "pdfimages", "-list", path)
	objects := map[string]map[string]bool{"image": {}, "smask": {}} // type -> object IDs
	uses := 0
	for _, l := range strings.Split(list, "\n") {
		f := strings.Fields(l)
		if len(f) > 11 && objects[f[2]] != nil {
			objects[f[2]][f[10]] = true
			if f[2] == "image" {
				uses++
			}
		}
	}
	if len(objects["image"]) != 2 || len(objects["smask"]) != 2 || uses != 15 {
		t.Errorf("%d pictures, %d masks, drawn %d times; want 2, 2, 15:\n%s",
			len(objects["image"]), len(objects["smask"]), uses, list)
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	if strings.Count(text, "Zoë 🌻 🧑🏽‍🌾 🌻") != 5 {
		t.Errorf("pdftotext:\n%s", text)
	}
}

// TestConcurrentDocuments: documents share one chain from several goroutines (a bot printing
// two rooms' minutes at once) and each comes out as it would alone.
func TestConcurrentDocuments(t *testing.T) {
	fs := systemChain(t)
	_, want := renderMixed(t, fs)
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, got[i] = renderMixed(t, fs)
		}()
	}
	wg.Wait()
	for i, b := range got {
		if !bytes.Equal(b, want) {
			t.Errorf("document %d differs from the one made alone", i)
		}
	}
}
