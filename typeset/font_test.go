package typeset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The default family of the tests is the one folkmoot embeds (minutes/fonts): DejaVu Sans.
const (
	dejaVu     = "../minutes/fonts/DejaVuSans.ttf"
	dejaVuBold = "../minutes/fonts/DejaVuSans-Bold.ttf"
)

func defaultFamily(t testing.TB) Family {
	t.Helper()
	r, err := LoadFont(dejaVu, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadFont(dejaVuBold, 0)
	if err != nil {
		t.Fatal(err)
	}
	return Family{Regular: r, Bold: b}
}

// TestLoadFontRefusesBadFiles: each unusable file gives an error naming it, never a panic.
func TestLoadFontRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(dejaVu)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	corrupt := append([]byte(nil), good...)
	for i := 12; i < 400; i++ { // the table directory: offsets and lengths
		corrupt[i] ^= 0x5a
	}
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.ttf"), "no such file"},
		{"empty", write("empty.ttf", nil), "not a font file"},
		{"text", write("notes.ttf", []byte("Zoë 🌻 this is not a font")), "not a font file"},
		{"truncated", write("cut.ttf", good[:2000]), "cut.ttf"},
		{"corrupt directory", write("corrupt.ttf", corrupt), "corrupt.ttf"},
		{"folder", dir, "not a regular file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := LoadFont(tc.path, 0)
			if err == nil {
				t.Fatalf("loaded %v", f.Name())
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Base(tc.path)) {
				t.Errorf("error %q lacks %q or the file name", err, tc.want)
			}
		})
	}
	if _, err := LoadFont(dejaVu, 3); err == nil || !strings.Contains(err.Error(), "no face 3") {
		t.Errorf("face 3 of a single font: %v", err)
	}
	if _, err := ParseFont("bytes", []byte{0, 1, 0, 0, 0, 9}, 0); err == nil {
		t.Error("six bytes parsed as a font")
	}
}

// TestFontFilesCarriesOn: a folder with a broken file and a good one gives the good family
// and an error for the broken file; a "-Bold" sibling becomes the family's bold face.
func TestFontFilesCarriesOn(t *testing.T) {
	dir := t.TempDir()
	good, _ := os.ReadFile(dejaVu)
	bold, _ := os.ReadFile(dejaVuBold)
	os.WriteFile(filepath.Join(dir, "Mine-Regular.ttf"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "Mine-Bold.ttf"), bold, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.otf"), []byte("OTTO garbage"), 0o644)
	os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("not a font, not looked at"), 0o644)
	fams, errs := FontFiles(dir, filepath.Join(dir, "absent.ttf"))
	if len(fams) != 1 || fams[0].Bold == nil || fams[0].Regular.Name() != "DejaVuSans" {
		t.Fatalf("families %+v", fams)
	}
	if len(errs) != 2 || !strings.Contains(errs[0].Error()+errs[1].Error(), "broken.otf") ||
		!strings.Contains(errs[0].Error()+errs[1].Error(), "absent.ttf") {
		t.Errorf("errors %v", errs)
	}
}

// TestCoverageNamesPackages: a chain of DejaVu alone lacks CJK, Devanagari, Ethiopic and
// emoji, and says which Debian package gives each.
func TestCoverageNamesPackages(t *testing.T) {
	fs, err := NewFonts(defaultFamily(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range fs.Coverage() {
		got[g.Script] = g.Package
	}
	want := map[string]string{"Han": "fonts-droid-fallback", "Devanagari": "fonts-noto-core",
		"Ethiopic": "fonts-noto-core", "Emoji": "fonts-noto-color-emoji"}
	for s, p := range want {
		if got[s] != p {
			t.Errorf("gap for %s: %q, want %q (all: %v)", s, got[s], p, got)
		}
	}
	for _, s := range []string{"Latin", "Greek", "Cyrillic", "Hebrew"} {
		if _, ok := got[s]; ok {
			t.Errorf("DejaVu reported as lacking %s", s)
		}
	}
}

// TestFacesAreParsedWhenFirstSet: making a chain parses no face's outlines, the default's
// included (3 MB kept for DejaVu Sans); setting text parses the faces it is set in.
func TestFacesAreParsedWhenFirstSet(t *testing.T) {
	def := defaultFamily(t)
	fs, err := NewFonts(def)
	if err != nil {
		t.Fatal(err)
	}
	if def.Regular.ft != nil || def.Bold.ft != nil {
		t.Fatal("NewFonts parsed a face")
	}
	New(fs, Config{}).Text(10, false, "Zoë 🌻 رێزان")
	if def.Regular.ft == nil {
		t.Error("setting text did not parse the default face")
	}
	if def.Bold.ft != nil {
		t.Error("regular text parsed the bold face")
	}
}

func TestNewFontsRefusesEmptyDefault(t *testing.T) {
	if _, err := NewFonts(Family{}); err == nil {
		t.Error("a chain without a default font")
	}
	if _, err := NewFonts(defaultFamily(t), Family{}); err == nil {
		t.Error("a family without a regular face")
	}
}

// TestLoadReportsBrokenFonts: a font whose tables are broken past the directory (here its loca
// table) passes LoadFont's check but not loading; Load reports it at start, and documents
// set text without it.
func TestLoadReportsBrokenFonts(t *testing.T) {
	good, err := os.ReadFile(dejaVu)
	if err != nil {
		t.Fatal(err)
	}
	off, n, ok := tableAt(good, 0, "loca")
	if !ok {
		t.Fatal("no loca")
	}
	bad := append([]byte(nil), good...)
	for i := off; i < off+n; i++ {
		bad[i] = 0xff // offsets past the end of glyf
	}
	broken, err := LoadFont(writeTemp(t, "Broken-Regular.ttf", bad), 0)
	if err != nil {
		t.Fatalf("the check should pass: %v", err)
	}
	fs, err := NewFonts(defaultFamily(t), Family{Regular: broken, Scripts: []string{"Latin"}})
	if err != nil {
		t.Fatal(err)
	}
	errs := fs.Load()
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "loca") {
		t.Fatalf("Load: %v", errs)
	}
	d := New(fs, Config{})
	p := d.Text(10, false, "Zoë")
	if p.Width() <= 0 || d.sh.faces[p.clusters[0].face].font == broken {
		t.Error("text set with the broken font, or not at all")
	}
}
