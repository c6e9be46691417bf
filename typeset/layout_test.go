package typeset

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// defaultFonts is a chain of DejaVu alone: shaping and breaking need no system font.
func defaultFonts(t testing.TB) *Fonts {
	t.Helper()
	fs, err := NewFonts(defaultFamily(t))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// visual returns a line's clusters' characters in the order they are drawn, left to right.
func visual(l Line) string {
	var b strings.Builder
	for _, ci := range l.visual(nil) {
		c := l.p.clusters[ci]
		b.WriteString(string(l.p.runes[c.start:c.end]))
	}
	return b.String()
}

// TestBidiOrder checks the drawing order of mixed lines against the Unicode bidi algorithm's
// (the same order WeasyPrint and browsers give): numbers and Latin names inside right-to-left
// text, right-to-left text inside left-to-right text, the paragraph's direction.
func TestBidiOrder(t *testing.T) {
	tests := []struct {
		name, text string
		dir        Direction
		want       string
	}{
		{"latin", "Zoë 🌻 décide", LTR, "Zoë 🌻 décide"},
		{"rtl paragraph with latin and number", "قرار: compost hub 2026", RTL, "compost hub 2026 :رارق"},
		{"sorani", "رێزان کۆبوونەوە", RTL, "ەوەنووبۆک نازێر"},
		{"hebrew", "עברית: אספה כללית", RTL, "תיללכ הפסא :תירבע"},
		{"arabic digits after latin", "Vote ١٢ قرار", LTR, "Vote رارق ١٢"},
		{"digits after arabic, then latin", "and قرار 12abc", LTR, "and 12 رارقabc"},
		{"number range in hebrew", "ישיבה 10-12 מאי", RTL, "יאמ 10-12 הבישי"},
		// after Arabic letters digits are Arabic numbers, and "-" no longer joins them
		{"number range in persian", "جلسه 10-12 مه", RTL, "هم 12-10 هسلج"},
		// the characters are reversed; the shaper mirrors their glyphs (TestMirroring)
		{"brackets in rtl", "قرار (نعم)", RTL, ")معن( رارق"},
		{"neutral start", "2026: قرار", RTL, "رارق :2026"},
		{"empty", "", LTR, ""},
	}
	d := New(defaultFonts(t), Config{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := d.Text(10, false, tc.text)
			if p.Dir() != tc.dir {
				t.Errorf("direction %d, want %d", p.Dir(), tc.dir)
			}
			lines := p.Lines(1000)
			if len(lines) != 1 {
				t.Fatalf("%d lines", len(lines))
			}
			if got := visual(lines[0]); got != tc.want {
				t.Errorf("drawn as %q, want %q", got, tc.want)
			}
			if got := lines[0].Text(); got != strings.TrimRight(tc.text, " ") {
				t.Errorf("text %q", got)
			}
		})
	}
}

// TestIsolates: an isolated span (a person's name) keeps its own direction and cannot pull the
// words around it into it, as HTML's <bdi>.
func TestIsolates(t *testing.T) {
	d := New(defaultFonts(t), Config{})
	tests := []struct {
		name  string
		spans []Span
		dir   Direction
		want  string
	}{
		{"rtl name in ltr", []Span{{Text: "Note by "}, {Text: "رێزان", Isolate: true}, {Text: " (18:02): ok"}},
			LTR, "Note by نازێر (18:02): ok"},
		// without isolation the time joins the name's right-to-left run, drawn before it (its
		// brackets reversed, then mirrored by the shaper: "(18:02) نازێر" on paper)
		{"not isolated", []Span{{Text: "Note by "}, {Text: "رێزان"}, {Text: " (18:02): ok"}},
			LTR, "Note by )18:02( نازێر: ok"},
		{"ltr name in rtl", []Span{{Text: "قرار "}, {Text: "Zoë 2", Isolate: true}, {Text: " نعم"}},
			RTL, "معن Zoë 2 رارق"},
		{"rtl name with digits in rtl", []Span{{Text: "قرار "}, {Text: "جلسه 12", Isolate: true}},
			RTL, "12 هسلج رارق"},
		// the paragraph's direction skips isolated text
		{"direction from outside", []Span{{Text: "رێزان", Isolate: true}, {Text: ": yes"}},
			LTR, "نازێر: yes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := d.Paragraph(10, tc.spans...)
			if p.Dir() != tc.dir {
				t.Errorf("direction %d, want %d", p.Dir(), tc.dir)
			}
			if got := visual(p.Lines(1000)[0]); got != tc.want {
				t.Errorf("drawn as %q, want %q", got, tc.want)
			}
		})
	}
}

// TestForcedDirection: a document may set every paragraph's direction.
func TestForcedDirection(t *testing.T) {
	d := New(defaultFonts(t), Config{Dir: RTL})
	if p := d.Text(10, false, "Zoë"); p.Dir() != RTL {
		t.Errorf("direction %d", p.Dir())
	}
	l := d.Text(10, false, "ab").Lines(100)[0]
	if x := l.Place(0, 100, Start); math.Abs(x+l.Width()-100) > 1e-9 {
		t.Errorf("an RTL line starts at %v, not flush right", x)
	}
}

// TestShapingJoinsArabic: Arabic letters take their joined forms and lam-alef is one glyph,
// so the glyphs are not the characters' own (the cmap's); combining marks share a cluster.
func TestShapingJoinsArabic(t *testing.T) {
	d := New(defaultFonts(t), Config{})
	df := func(p *Paragraph, c cluster) *docFace { return d.sh.faces[c.face] }
	p := d.Text(10, false, "سلم")
	joined := 0
	for _, c := range p.clusters {
		g := p.glyphs[c.g0]
		if nominal, _ := df(p, c).face.NominalGlyph(p.runes[c.start]); uint16(nominal) != g.id {
			joined++
		}
	}
	if joined != 3 {
		t.Errorf("%d of 3 letters in a joined form", joined)
	}
	lam := d.Text(10, false, "لا")
	if len(lam.clusters) != 1 || lam.clusters[0].g1-lam.clusters[0].g0 != 1 {
		t.Errorf("lam-alef: %d clusters, %d glyphs", len(lam.clusters), len(lam.glyphs))
	}
	marks := d.Text(10, false, "e\u0301\u0323x")
	if len(marks.clusters) != 2 || marks.clusters[0].end != 3 {
		t.Errorf("e with two marks: clusters %+v", marks.clusters)
	}
}

// TestMirroring: in right-to-left text "(" is drawn with the glyph of ")", and the other way.
func TestMirroring(t *testing.T) {
	d := New(defaultFonts(t), Config{})
	p := d.Text(10, false, "قرار (نعم)")
	face := d.sh.faces[p.clusters[0].face].face
	open, _ := face.NominalGlyph('(')
	closing, _ := face.NominalGlyph(')')
	for _, c := range p.clusters {
		g := p.glyphs[c.g0].id
		switch p.runes[c.start] {
		case '(':
			if g != uint16(closing) {
				t.Errorf("( drawn as glyph %d, not %d", g, closing)
			}
		case ')':
			if g != uint16(open) {
				t.Errorf(") drawn as glyph %d, not %d", g, open)
			}
		}
	}
}

// TestLineBreaking checks where lines break: never wider than the column unless one cluster
// is, never inside a cluster, after spaces, between ideographs, after a URL's slashes.
func TestLineBreaking(t *testing.T) {
	d := New(defaultFonts(t), Config{Unit: MM})
	tests := []struct {
		name, text string
		width      float64
		want       []string // the lines' texts; nil: only the invariants
	}{
		{"words", "Zoë décide avec Ana", 25, []string{"Zoë décide", "avec Ana"}},
		{"mandatory", "one\ntwo", 100, []string{"one", "two"}},
		{"url", "see https://example.org/assembly/minutes/2026", 55,
			[]string{"see https://example.org/", "assembly/minutes/2026"}},
		{"unbroken", strings.Repeat("w", 40), 30, nil},
		{"arabic", strings.Repeat("کۆبوونەوە ", 12), 35, nil},
		{"marks", strings.Repeat("e\u0301\u0323", 50), 10, nil},
		{"cjk", strings.Repeat("社区会议", 10), 20, nil},
		{"one wide cluster", "W", 0.1, []string{"W"}},
		{"spaces only", "   ", 10, []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := d.Text(10, false, tc.text)
			lines := p.Lines(tc.width)
			var got []string
			for _, l := range lines {
				got = append(got, l.Text())
				if l.Width() > tc.width+1e-9 && l.b-l.a > 1 {
					t.Errorf("line %q is %.2f wide, column %.2f", l.Text(), l.Width(), tc.width)
				}
			}
			if tc.want != nil && strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("lines %q, want %q", got, tc.want)
			}
			// together the lines hold the text, less the spaces and breaks between them
			join := strings.Join(got, "")
			flat := strings.NewReplacer(" ", "", "\n", "").Replace(tc.text)
			if strings.ReplaceAll(join, " ", "") != flat {
				t.Errorf("lines %q lost text of %q", got, tc.text)
			}
		})
	}
	cjk := d.Text(10, false, strings.Repeat("社区会议", 10)).Lines(20)
	if len(cjk) < 2 {
		t.Error("CJK text did not break between ideographs")
	}
}

// TestEmergencyBreaks: a word wider than a line starts where it falls and fills the line; cut
// inside a Latin, Greek or Cyrillic word, a line ends with a hyphen within the column; an
// Arabic word, digits or a web address are cut without one, between clusters.
func TestEmergencyBreaks(t *testing.T) {
	d := New(defaultFonts(t), Config{Unit: MM})
	long := "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt"
	tests := []struct {
		name, text, first string
		hyphens           bool
	}{
		{"latin", "Note: " + long, "Note: Donau", true},
		{"greek", "Σημείωση: " + strings.Repeat("Συνέλευσητηςγειτονιάς", 4), "Σημείωση: Συνέλευση", true},
		{"arabic", "Note: " + strings.Repeat("کۆبوونەوەیگشتی", 5), "Note: کۆبوونەوەی", false},
		{"digits", "Note: " + strings.Repeat("1234567890", 8), "Note: 1234567890", false},
		{"address", "see https://example.org/" + strings.Repeat("%D8%B1", 30), "see https://example.org/", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines := d.Text(10, false, tc.text).Lines(45)
			if len(lines) < 3 || !strings.HasPrefix(lines[0].Text(), tc.first) {
				t.Fatalf("first of %d lines %q, want it to start %q", len(lines), lines[0].Text(), tc.first)
			}
			var join strings.Builder
			for i, l := range lines {
				join.WriteString(l.Text())
				if l.Width() > 45+1e-9 {
					t.Errorf("line %q is %.2f mm wide, the column 45", l.Text(), l.Width())
				}
				if last := i == len(lines)-1; (l.hy.id != 0) != (tc.hyphens && !last) {
					t.Errorf("line %q: hyphen %v", l.Text(), l.hy.id != 0)
				}
			}
			if strings.ReplaceAll(join.String(), " ", "") != strings.ReplaceAll(tc.text, " ", "") {
				t.Errorf("the lines lost text: %q", join.String())
			}
		})
	}
	// without a language's patterns, a cut falls where a syllable is likely to start, and
	// never inside "ch" or before a soft sign
	for text, want := range map[string]string{
		"Note: " + long + " and more words": "Note: Donaudampfschiff-|fahrtsgesellschaftskapi-|tänswitwenrentenversi-|cherungsanstalt and|more words",
		"Заметка: СобраниежильцоврешилоСобраниежильцоврешило": "Заметка: Собраниежи-|льцоврешилоСобрание-|жильцоврешило",
	} {
		var got []string
		for _, l := range d.Text(10, false, text).Lines(45) {
			s := l.Text()
			if l.hy.id != 0 {
				s += "-"
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("lines %q, want %q", strings.Join(got, "|"), want)
		}
	}
}

// FuzzLayout shapes and breaks any text: no panic, every character in exactly one line,
// a bounded number of lines.
func FuzzLayout(f *testing.F) {
	for _, s := range []string{"Zoë 🌻", "قرار: compost hub 2026", "رێزان\u200dکۆ", "社区会议",
		"e\u0301\u0301\u0301", "\u202eabc\u202c", "a\nb", "\xff\xfe", "🧑🏽‍🌾 ١٢ (x]"} {
		f.Add(s, 30.0)
	}
	// every font the system has, when it has some: emoji pictures, fallbacks, CJK
	systemOnce.Do(func() { systemFams, systemErrs = SystemFonts() })
	fs, err := NewFonts(defaultFamily(f), systemFams...)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		if len(s) > 2000 {
			s = s[:2000]
		}
		d := New(fs, Config{Unit: MM})
		p := d.Text(10, len(s)%2 == 0, s)
		lines := p.Lines(width)
		if len(lines) > len(p.clusters)+1 {
			t.Fatalf("%d lines for %d clusters", len(lines), len(p.clusters))
		}
		n := 0
		for _, l := range lines {
			n += utf8.RuneCountInString(l.Text())
			_ = visual(l)
		}
		if n > utf8.RuneCountInString(s) {
			t.Fatalf("lines hold %d characters of %d", n, utf8.RuneCountInString(s))
		}
		pg := d.AddPage()
		for i, l := range lines {
			pg.DrawLine(l, l.Place(10, width, Start), float64(10+i))
		}
		var b strings.Builder
		if err := d.Write(&b); err != nil {
			t.Fatal(err)
		}
	})
}

// TestFit: a header too long for its line is cut between clusters and ends with "…".
func TestFit(t *testing.T) {
	d := New(defaultFonts(t), Config{Unit: MM})
	if got := d.Fit(8, false, "Rue des Lilas", 100); got != "Rue des Lilas" {
		t.Errorf("a fitting text changed: %q", got)
	}
	long := strings.Repeat("Συνέλευση e\u0301\u0323 رێزان ", 20)
	got := d.Fit(8, false, long, 60)
	if !strings.HasSuffix(got, "…") || d.Measure(8, false, got) > 60 || len(got) < 20 {
		t.Errorf("fitted %q, %.1f mm wide", got, d.Measure(8, false, got))
	}
	if strings.HasSuffix(strings.TrimSuffix(got, "…"), "e") { // the marks stay with their letter
		t.Errorf("cut inside a cluster: %q", got)
	}
	if got := d.Fit(8, true, "🧑🏽‍🌾🧑🏽‍🌾🧑🏽‍🌾", 3); strings.ContainsRune(got, '\u200d') && !strings.Contains(got, "🧑🏽‍🌾") {
		t.Errorf("split an emoji sequence: %q", got)
	}
}

// TestFirstSeen: a missing script is reported once per chain, not once per document.
func TestFirstSeen(t *testing.T) {
	fs := defaultFonts(t)
	gaps := func() []Gap {
		d := New(fs, Config{})
		d.Text(10, false, "社区 देव")
		return fs.FirstSeen(d.Gaps())
	}
	if first := gaps(); len(first) != 2 {
		t.Errorf("first document: %v", first)
	}
	if again := gaps(); len(again) != 0 {
		t.Errorf("second document reported again: %v", again)
	}
}
