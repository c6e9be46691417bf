package minutes

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// renders is every text-like output of the fixture, by golden file name.
func renders(t *testing.T) map[string][]byte {
	t.Helper()
	m, dg := fixtureMeeting(), fixtureDigest()
	out := map[string][]byte{}
	var err error
	check := func(name string, b []byte, e error) {
		if e != nil {
			t.Fatalf("%s: %v", name, e)
		}
		out[name] = b
	}
	b, err := MeetingText(&m)
	check("meeting.txt", b, err)
	b, err = MeetingHTML(&m, Options{})
	check("meeting.html", b, err)
	b, err = DigestText(&dg)
	check("digest.txt", b, err)
	b, err = DigestHTML(&dg, Options{Paper: Letter})
	check("digest.html", b, err)
	return out
}

func TestGolden(t *testing.T) {
	for name, got := range renders(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
			}
		})
	}
}

// TestScriptsSurvive checks that Latin accents, Greek and Cyrillic reach every output intact.
func TestScriptsSurvive(t *testing.T) {
	for name, b := range renders(t) {
		for _, want := range []string{greek, cyrillic, "Zoé Dupont", "Δημήτρης", "Мария Ivanova"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
}

func TestInjectionIsInert(t *testing.T) {
	for name, b := range renders(t) {
		s := string(b)
		if strings.ContainsRune(s, '\u202E') {
			t.Errorf("%s contains U+202E", name)
		}
		if strings.Contains(s, "Мария\nIvanova") || strings.Contains(s, "\nIvanova") {
			t.Errorf("%s let a newline inside a name start a line", name)
		}
		if strings.HasSuffix(name, ".html") {
			if strings.Contains(strings.ToLower(s), "<script") {
				t.Errorf("%s contains a live <script", name)
			}
			if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt; **bold** *x* `x`</bdi>") {
				t.Errorf("%s does not show the hostile text escaped inside <bdi>", name)
			}
			if strings.Contains(s, `href="javascript`) {
				t.Errorf("%s links a javascript: address", name)
			}
			for _, banned := range []string{"<img", "<link", "<iframe", "src=", "url(", "@import"} {
				if strings.Contains(s, banned) {
					t.Errorf("%s loads something: %q", name, banned)
				}
			}
		} else if !strings.Contains(s, hostile) {
			t.Errorf("%s does not show the hostile text literally", name)
		}
	}
}

func TestTextLinesFit(t *testing.T) {
	m, dg := fixtureMeeting(), fixtureDigest()
	m.Title = strings.Repeat("Συνέλευση ", 20) + strings.Repeat("x", 150)
	for _, render := range []func() ([]byte, error){
		func() ([]byte, error) { return MeetingText(&m) },
		func() ([]byte, error) { return DigestText(&dg) },
	} {
		b, err := render()
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(b), "\n") {
			if width(l) > TextWidth {
				t.Errorf("line %d is %d columns: %q", i+1, width(l), l)
			}
		}
	}
}

func TestPaperSize(t *testing.T) {
	m := fixtureMeeting()
	for _, tc := range []struct {
		paper Paper
		want  string
	}{{A4, "size: A4;"}, {Letter, "size: letter;"}, {A5, "size: A5;"}, {ParsePaper("a5"), "size: A5;"}, {ParsePaper("Letter"), "size: letter;"}} {
		b, err := MeetingHTML(&m, Options{Paper: tc.paper})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "@page { "+tc.want) {
			t.Errorf("paper %d: no %q in the page CSS", tc.paper, tc.want)
		}
	}
}

func TestGini(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want float64
	}{
		{"none", nil, 0},
		{"all zero", []float64{0, 0, 0}, 0},
		{"equal", []float64{5, 5, 5, 5}, 0},
		{"one voice of four", []float64{0, 0, 0, 12}, 0.75},
		{"one to four", []float64{4, 1, 3, 2}, 0.25},
		{"negative counts as zero", []float64{-3, 10}, 0.5},
		{"NaN counts as zero", []float64{math.NaN(), 10}, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Gini(tc.in); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Gini(%v) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  two\n\tlines  ", "two lines"},
		{"evil\u202Etxt", "eviltxt"},
		{"\u2066iso\u2069 \u200Fmark", "iso mark"},
		{"para\u2029graph\u2028x", "para graph x"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"nul\x00bell\x07", "nul bell"},
		{"Συνέλευση", "Συνέλευση"},
		{"\uFEFFbom first", "bom first"},
		{"zero\u200Bwidth\u2060joined\u00AD", "zerowidthjoined"},
		{"\u200D\u200Cedges\u200D", "edges"},
		{"a\u200D\u200D\u200Db", "a\u200Db"},
		{"👩\u200D👩\u200D👧", "👩\u200D👩\u200D👧"},
		{"کۆبوونەوە\u200Cی", "کۆبوونەوە\u200Cی"},
		{"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"},
		{"hidden\U000E0068\U000E0069 text", "hidden text"},
		{"\u3164\u3164", ""},
	}
	for _, tc := range tests {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		first, rest int
		want        []string
	}{
		{"fits", "a b c", 10, 10, []string{"a b c"}},
		{"breaks at spaces", "aaa bbb ccc", 7, 7, []string{"aaa bbb", "ccc"}},
		{"narrower rest", "aaa bbb ccc", 7, 3, []string{"aaa bbb", "ccc"}},
		{"cuts a long word", "abcdefghij", 4, 4, []string{"abcd", "efgh", "ij"}},
		{"greek counts runes", "Συνέλευση Συνέλευση", 9, 9, []string{"Συνέλευση", "Συνέλευση"}},
		{"combining marks take no column", "e\u0301e\u0301e\u0301 x", 5, 5, []string{"e\u0301e\u0301e\u0301 x"}},
		{"CJK takes two columns", "会议记录 东京", 6, 6, []string{"会议记", "录", "东京"}},
		{"emoji take two columns", "🌧🌧🌧 x", 4, 4, []string{"🌧🌧", "🌧 x"}},
		{"a wide character in one column", "会议", 1, 1, []string{"会", "议"}},
		{"joiners take no column", "a\u200Db\u200Dc", 3, 3, []string{"a\u200Db\u200Dc"}},
		{"empty", "", 5, 5, []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := wrap(tc.in, tc.first, tc.rest)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("wrap(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDigestSorting(t *testing.T) {
	dg := fixtureDigest()
	b, err := DigestText(&dg)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	order := []string{"Decisions", "Tasks", "Overdue", "Repair the bench", "Due", "Ask the city",
		"Mandates", "Ending soon", "Talk to the landlord", "Active", "Keys", "Dissent recorded",
		"Stories (2)", "Measures", "Latest: 27 kg on 28 Nov 2026; −4.5 since 21 Nov 2026", "Participation"}
	at := 0
	for _, w := range order {
		i := strings.Index(s[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order after byte %d", w, at)
		}
		at += i + len(w)
	}
	if strings.Contains(s, "Expired") {
		t.Error("a mandate that ended before Now is listed")
	}
	if !strings.Contains(s, "1 overdue, 2 due, 1 without a date, 2 done.") {
		t.Error("task counts wrong")
	}
}

// TestZeroValues renders empty documents in every format: the feature may call the package
// before anything was recorded.
func TestZeroValues(t *testing.T) {
	m, dg := Meeting{}, Digest{}
	renderers := map[string]func() ([]byte, error){
		"meeting text": func() ([]byte, error) { return MeetingText(&m) },
		"meeting html": func() ([]byte, error) { return MeetingHTML(&m, Options{}) },
		"meeting pdf":  func() ([]byte, error) { return MeetingPDF(&m, Options{}) },
		"digest text":  func() ([]byte, error) { return DigestText(&dg) },
		"digest html":  func() ([]byte, error) { return DigestHTML(&dg, Options{}) },
		"digest pdf":   func() ([]byte, error) { return DigestPDF(&dg, Options{Paper: Letter}) },
	}
	for name, render := range renderers {
		b, err := render()
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"two\nlines", "two ⏎ lines"},
		{"crlf\r\nand cr\rand\u2028ls\u2029ps\u0085nel\vvt\fff", "crlf ⏎ and cr ⏎ and ⏎ ls ⏎ ps ⏎ nel ⏎ vt ⏎ ff"},
		{"\uFEFFbom \u200Bzwsp \u202Eoverride", "bom zwsp override"},
		{"Zoë 🌻 رێزان", "Zoë 🌻 رێزان"},
	}
	for _, tc := range tests {
		if got := OneLine(tc.in); got != tc.want {
			t.Errorf("OneLine(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
