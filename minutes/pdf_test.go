package minutes

import (
	"fmt"
	"folkmoot/printtest"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// run runs a tool with a deadline and returns its standard output.
func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	pageSizeRe = regexp.MustCompile(`Page size:\s+([0-9.]+) x ([0-9.]+) pts`)
	pagesRe    = regexp.MustCompile(`Pages:\s+(\d+)`)
)

// pdfInfo returns the page size in whole points and the page count pdfinfo reports.
func pdfInfo(t *testing.T, path string) (size string, pages int) {
	t.Helper()
	info := printtest.Run(t, "pdfinfo", path)
	m := pageSizeRe.FindStringSubmatch(info)
	n := pagesRe.FindStringSubmatch(info)
	if m == nil || n == nil {
		t.Fatalf("pdfinfo output without size or pages:\n%s", info)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	pages, _ = strconv.Atoi(n[1])
	return fmt.Sprintf("%.0f x %.0f", math.Round(w), math.Round(h)), pages
}

var paperSizes = []struct {
	paper Paper
	want  string
}{{A4, "595 x 842"}, {Letter, "612 x 792"}, {A5, "420 x 595"}}

func TestPDFKeepsScripts(t *testing.T) {
	m := fixtureMeeting()
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "m.pdf", b), "-")
	for _, want := range []string{french, greek, cyrillic, hostile, "Δημήτρης", "Мария Ivanova"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q", want)
		}
	}
	if strings.ContainsRune(text, '\u202E') {
		t.Error("U+202E in the PDF text")
	}
	if !strings.Contains(text, "page 1/2") || !strings.Contains(text, "page 2/2") {
		t.Error(`no "page x/y" footer`)
	}
	if !strings.Contains(text, "Rue des Lilas "+greek+" · 26 Nov 2026") {
		t.Error("no header with assembly and date")
	}
}

func TestPDFPageSize(t *testing.T) {
	dg := fixtureDigest()
	for _, tc := range paperSizes {
		b, err := DigestPDF(&dg, Options{Paper: tc.paper})
		if err != nil {
			t.Fatal(err)
		}
		if size, _ := pdfInfo(t, writeTemp(t, "d.pdf", b)); size != tc.want {
			t.Errorf("paper %d: page size %s, want %s", tc.paper, size, tc.want)
		}
	}
}

func TestPDFFontsEmbedded(t *testing.T) {
	m := fixtureMeeting()
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := printtest.Run(t, "pdffonts", writeTemp(t, "m.pdf", b))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 4 { // two header lines, then the regular and the bold face
		t.Fatalf("expected two fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// embedded, a subset, with a ToUnicode map: the emb, sub and uni columns
		if len(f) < 6 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" ||
			!strings.Contains(f[0], "+DejaVuSans") {
			t.Errorf("font not embedded as a subset with its ToUnicode map: %q", l)
		}
	}
}

// TestPDFRowsNotSplit renders a meeting of several pages whose items and table rows wrap
// over several lines, and checks each one's first and last word land on the same page.
func TestPDFRowsNotSplit(t *testing.T) {
	m := fixtureMeeting()
	m.Present = nil
	filler := strings.Repeat("Συνέλευση Собрание école ", 9)
	for i := range 60 {
		m.Present = append(m.Present, Person{Name: fmt.Sprintf("P%03da %s P%03dz", i, filler, i), Lines: i})
	}
	m.Topics = []Topic{{Title: "Long"}}
	for i := range 80 {
		it := Item{Kind: Note, Text: fmt.Sprintf("I%03da %s I%03dz", i, filler, i)}
		if i%10 == 0 {
			it = Item{Kind: Decision, Text: fmt.Sprintf("I%03da decided", i), Vote: &Vote{
				Question: "q", Tally: []string{"yes 3"}, Turnout: "3 of 5 members voted",
				Blocks: []Objection{{Member: "B", Reason: fmt.Sprintf("reason I%03dz", i)}}}}
		}
		m.Topics[0].Items = append(m.Topics[0].Items, it)
	}
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "long.pdf", b)
	_, pages := pdfInfo(t, path)
	if pages < 3 {
		t.Fatalf("%d pages; the test needs at least 3", pages)
	}
	first, last := map[string]int{}, map[string]int{}
	marker := regexp.MustCompile(`\b([PI]\d{3})([az])\b`)
	for p := 1; p <= pages; p++ {
		text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
		for _, mm := range marker.FindAllStringSubmatch(text, -1) {
			if mm[2] == "a" {
				first[mm[1]] = p
			} else {
				last[mm[1]] = p
			}
		}
	}
	if len(first) != 140 || len(last) != 140 {
		t.Fatalf("found %d starts and %d ends of 140 rows and items", len(first), len(last))
	}
	for id, p := range first {
		if last[id] != p {
			t.Errorf("%s starts on page %d and ends on page %d", id, p, last[id])
		}
	}
}

// TestHTMLPrintsToPaper prints the HTML page with headless Chromium, offline, and checks the
// PDF has the paper size the page asked for, the scripts came through, and the pages have
// the running header and page numbers of the page's @page rules.
func TestHTMLPrintsToPaper(t *testing.T) {
	printtest.Tool(t, "chromium")
	printtest.Tool(t, "pdfinfo")
	m := fixtureMeeting()
	for _, tc := range paperSizes {
		t.Run(tc.want, func(t *testing.T) {
			page, err := MeetingHTML(&m, Options{Paper: tc.paper})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			src := writeTemp(t, "minutes.html", page)
			out := filepath.Join(dir, "out.pdf")
			printtest.Chromium(t, "file://"+src, "--print-to-pdf="+out)
			if size, _ := pdfInfo(t, out); size != tc.want {
				t.Errorf("printed page size %s, want %s", size, tc.want)
			}
			text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", out, "-")
			// the page's own running header and page x/y, from its @page rules
			for _, want := range []string{greek, cyrillic, "Zoé Dupont", "page 1/", "· 26 Nov 2026"} {
				if !strings.Contains(text, want) {
					t.Errorf("printed page lacks %q", want)
				}
			}
		})
	}
}

// TestPDFLongHeader checks a very long assembly name is shortened in the running header
// rather than running off the page, and the date stays.
func TestPDFLongHeader(t *testing.T) {
	m := fixtureMeeting()
	m.Assembly = strings.Repeat("Συνέλευση ", 5000)
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", writeTemp(t, "h.pdf", b), "-")
	first, _, _ := strings.Cut(text, "\n")
	if !strings.HasSuffix(first, "… · 26 Nov 2026") || len([]rune(first)) > 200 {
		t.Errorf("header not shortened: %d runes: %q", len([]rune(first)), first)
	}
}

// TestPDFHugeCell checks a table cell longer than a page is cut short rather than split.
func TestPDFHugeCell(t *testing.T) {
	m := fixtureMeeting()
	m.Present[0].Name = "HUGEa " + strings.Repeat("Собрание ", 3000) + "HUGEz"
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "huge.pdf", b), "-")
	if !strings.Contains(text, "HUGEa") || strings.Contains(text, "HUGEz") || !strings.Contains(text, "…") {
		t.Error("the huge cell was not cut short with an ellipsis")
	}
}
