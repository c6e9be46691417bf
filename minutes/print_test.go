package minutes

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"folkmoot/printtest"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The mixed-script meeting: its title, notes, names, decisions and dissent mix Latin, Greek,
// Cyrillic, Arabic (Sorani Kurdish and Arabic), Hebrew, Chinese, Devanagari and emoji.
const (
	mxTitle    = "Plenum 🌻 کۆبوونەوەی گشتی · 全体会议"
	mxAssembly = "Rue des Lilas · کۆمەڵەی گەڕەک"
	mxGreek    = "Ο κήπος χρειάζεται νερό 💧"
	mxRussian  = "Собрание решило: три бочки"
	mxHebrew   = "אספה כללית: הגינה צריכה מים"
	mxChinese  = "社区会议决定：周六清理花园。"
	mxHindi    = "सभा ने निर्णय लिया: शनिवार को सफ़ाई"
	mxSorani   = "بڕیار: compost hub 2026 لە حەوشەکە"
	mxArabic   = "قرار: نبني حديقة مطرية قبل الشتاء"
	mxDissentA = "أعترض: الجذور قريبة من الأنابيب"
	mxDissentL = "Je m’oppose 🙅‍♀️ : trop d’ombre"
	mxTask     = "Buy seeds 🌱 for the garden"
)

// Names in every script, each a string to find again.
var mxNames = []string{"Zoë 🌻", "رێزان", "Δημήτρης", "Мария Иванова", "דוד כהן", "李华", "प्रिया शर्मा", "أحمد"}

func mixedMeeting() Meeting {
	m := Meeting{Assembly: mxAssembly, Title: mxTitle, Start: at(26, 18, 30), End: at(26, 20, 15), Location: berlin,
		Roles: []Role{{Name: "facilitator", Member: "رێزان"}, {Name: "note taker", Member: "Zoë 🌻"}},
		Topics: []Topic{{Title: "Compost · کۆمپۆست · 堆肥", Items: []Item{
			{Kind: Note, At: at(26, 18, 35), By: "Δημήτρης", Text: mxGreek},
			{Kind: Note, At: at(26, 18, 36), By: "Мария Иванова", Text: mxRussian},
			{Kind: Note, At: at(26, 18, 37), By: "דוד כהן", Text: mxHebrew},
			{Kind: Idea, At: at(26, 18, 38), By: "李华", Text: mxChinese},
			{Kind: Note, At: at(26, 18, 39), By: "प्रिया शर्मा", Text: mxHindi},
			{Kind: Decision, At: at(26, 19, 0), By: "رێزان", Text: mxSorani, Vote: &Vote{Question: "کۆمپۆست؟",
				Kind: "consent", Tally: []string{"agree 6", "block 1"},
				Blocks: []Objection{{Member: "أحمد", Reason: mxDissentA}}, Turnout: "7 of 8 members voted"}},
			{Kind: Decision, At: at(26, 19, 5), By: "أحمد", Text: mxArabic},
			{Kind: Dissent, At: at(26, 19, 6), By: "أحمد", Text: mxDissentA},
			{Kind: Dissent, At: at(26, 19, 7), By: "Zoë 🌻", Text: mxDissentL},
			{Kind: Task, Text: mxTask, Owner: "李华", Due: at(30, 12, 0)},
		}}},
	}
	for i, n := range mxNames {
		m.Present = append(m.Present, Person{Name: n, Lines: 3 + i})
	}
	return m
}

// needScripts skips the test (fails it under FOLKMOOT_REQUIRE_SERVERS=1) when the system has no
// font for one of the mixed meeting's scripts, naming the Debian package.
func needScripts(t *testing.T, f *Fonts) {
	t.Helper()
	for _, g := range f.Coverage() {
		switch g.Script {
		case "Arabic", "Hebrew", "Han", "Devanagari", "Emoji":
			msg := g.String() + "; scripts/print-tools.sh installs it"
			if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

// poppler marks right-to-left runs with embedding controls in its output; the text is the
// text without them.
var popplerMarks = strings.NewReplacer("\u202b", "", "\u202c", "", "\u202a", "", "\u200f", "", "\u200e", "")

// flat is pdftotext's output as one line: wrapped lines joined by spaces.
func flat(text string) string {
	return strings.Join(strings.Fields(popplerMarks.Replace(text)), " ")
}

var pdfFontRe = regexp.MustCompile(`^[A-Z]{6}\+(\S+)\s+CID TrueType\s+Identity-H\s+(yes|no)\s+(yes|no)\s+(yes|no)`)

// TestPDFMixedScripts is issue 21's test: minutes mixing nine scripts and emoji print with
// every string coming back from pdftotext in logical order, and every font embedded as a
// subset.
func TestPDFMixedScripts(t *testing.T) {
	fonts, _ := LoadFonts(nil)
	needScripts(t, fonts)
	m := mixedMeeting()
	var warned []string
	b, err := MeetingPDF(&m, Options{Fonts: fonts, Warn: func(s string) { warned = append(warned, s) }})
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "mixed.pdf", b)
	if keep := os.Getenv("MINUTES_SAMPLE"); keep != "" { // to look at: pdftoppm -r 70 -png
		if err := os.WriteFile(keep, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := flat(printtest.Run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
	want := append([]string{mxTitle, mxAssembly, mxGreek, mxRussian, mxHebrew, mxChinese, mxHindi, mxSorani,
		mxArabic, mxDissentA, mxDissentL, mxTask, "کۆمپۆست؟"}, mxNames...)
	for _, s := range want {
		if !strings.Contains(text, s) {
			t.Errorf("pdftotext lacks %q", s)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
	if len(warned) > 0 {
		t.Errorf("warnings with every script covered: %q", warned)
	}
	out := printtest.Run(t, "pdffonts", path)
	names := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n")[2:] {
		f := pdfFontRe.FindStringSubmatch(l)
		if f == nil || f[2] != "yes" || f[3] != "yes" || f[4] != "yes" {
			t.Errorf("font not embedded as a subset with its ToUnicode map: %q", l)
			continue
		}
		names[f[1]] = true
	}
	for _, want := range []string{"DejaVuSans", "DejaVuSans-Bold", "NotoSansArabic-Regular", "NotoSansHebrew-Regular",
		"DroidSansFallback", "NotoSansDevanagari-Regular"} {
		if !names[want] {
			t.Errorf("pdffonts lacks %s:\n%s", want, out)
		}
	}
	if imgs := printtest.Run(t, "pdfimages", "-list", path); strings.Count(imgs, " image ") < 4 {
		t.Errorf("the emoji are not drawn as pictures:\n%s", imgs)
	}
}

// TestHTMLDirections: the page says its language and direction; an element a person's text
// opens takes that text's direction (dir="auto", the text not hidden in a <bdi>), and a
// person's text inside our own words is isolated.
func TestHTMLDirections(t *testing.T) {
	m := mixedMeeting()
	dg := Digest{Assembly: "کۆمەڵەی گەڕەک", Meetings: []Meeting{m}, From: m.Start, To: m.End, Location: berlin,
		Stories: []Story{{Text: "חברים תיקנו את השער", Teller: "דוד כהן", At: m.Start}}}
	page, err := MeetingHTML(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	digest, err := DigestHTML(&dg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		page []byte
		want string
	}{
		{page, `<html lang="en" dir="ltr">`},
		{page, `<h1 dir="auto">` + mxTitle + `</h1>`},
		{page, `<p><bdi>` + mxAssembly + `</bdi> · Thursday`},
		{page, `<li><strong>Note: </strong><bdi>` + mxHebrew + `</bdi> (<bdi>דוד כהן</bdi>, 18:37)`},
		{page, `<td><bdi>رێزان</bdi></td>`},
		{digest, `<li dir="auto">חברים תיקנו את השער — <bdi>דוד כהן</bdi>`},
		{digest, `<h1 dir="auto">کۆمەڵەی گەڕەک — digest</h1>`},
		{digest, `<p class="header"><bdi>کۆمەڵەی گەڕەک</bdi> · `},
	} {
		if !strings.Contains(string(tc.page), tc.want) {
			t.Errorf("HTML lacks %s", tc.want)
		}
	}
}

// TestHTMLPrintRules: printed, every page has the running header and "page x/y" of its own,
// from @page rules; the header is a CSS string no person's text can end.
func TestHTMLPrintRules(t *testing.T) {
	m := fixtureMeeting()
	m.Assembly = `Hof"; } body { display: none } </style><script>alert(1)</script> \"`
	b, err := MeetingHTML(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	css := s[strings.Index(s, "<style>"):strings.Index(s, "</style>")]
	for _, want := range []string{`@bottom-center { content: "page " counter(page) "/" counter(pages);`,
		`@top-left { content: "\2068 Hof\22 \3b  \7d  body \7b  display\3a  none \7d  \3c \2f style\3e \3c script\3e alert\28 1\29 \3c \2f script\3e  \5c \22 \2069  \b7  26 Nov 2026";`} {
		if !strings.Contains(css, want) {
			t.Errorf("page CSS lacks %s:\n%s", want, css)
		}
	}
	if strings.Count(s, "</style>") != 1 || strings.Contains(strings.ToLower(s), "<script") {
		t.Error("the assembly's name escaped the style sheet")
	}
}

// TestPDFHeadingKeepsWithNext moves the digest's last sections down the page, a story at a
// time, and checks no heading is ever left at the foot of a page: "Measures" stays with its
// measure's caption and chart, and no page ends with a heading.
func TestPDFHeadingKeepsWithNext(t *testing.T) {
	printtest.Tool(t, "pdftotext")
	headings := map[string]bool{"Decisions": true, "Tasks": true, "Mandates": true, "Dissent recorded": true,
		"Measures": true, "Participation": true, "Overdue": true, "Due": true, "Open, no due date": true,
		"Ending soon": true, "Active": true, "Rainwater (litres)": true}
	for stories := 0; stories < 45; stories++ {
		dg := fixtureDigest()
		dg.Stories = nil
		for i := range stories {
			dg.Stories = append(dg.Stories, Story{Text: fmt.Sprintf("story %d", i), Teller: "Ana", At: dg.To})
		}
		dg.Measures = []Measure{{Name: "Rainwater", Unit: "litres", Points: []Point{
			{At: at(2, 0, 0), Value: 111.5}, {At: at(9, 0, 0), Value: 222.5}, {At: at(16, 0, 0), Value: 333.5}}}}
		b, err := DigestPDF(&dg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "d.pdf", b), "-"), "\f")
		on := map[string]int{}
		for n, pg := range pages {
			var last string
			for _, l := range strings.Split(pg, "\n") {
				l = strings.TrimSpace(l)
				if l == "" || strings.HasPrefix(l, "page ") || strings.Contains(l, "· 1 Nov 2026 – 28 Nov 2026") {
					continue
				}
				last = l
				for _, w := range []string{"Measures", "Rainwater (litres)", "Latest: 333.5", "222.5", "9 Nov 2026"} {
					if strings.HasPrefix(l, w) {
						on[w] = n + 1
					}
				}
			}
			if headings[last] && n < len(pages)-1 {
				t.Errorf("%d stories: page %d ends with the heading %q", stories, n+1, last)
			}
		}
		if len(on) != 5 || on["Measures"] != on["222.5"] || on["Measures"] != on["9 Nov 2026"] ||
			on["Measures"] != on["Latest: 333.5"] {
			t.Errorf("%d stories: the measures section is split over pages: %v", stories, on)
		}
	}
}

var (
	ruleRe = regexp.MustCompile(`(?m)^([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S$`)
	wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// pageContent is the first page's drawing operators, its content streams inflated.
func pageContent(t *testing.T, pdf []byte) string {
	var out strings.Builder
	for _, part := range bytes.Split(pdf, []byte(">>\nstream\n"))[1:] {
		end := bytes.Index(part, []byte("\nendstream"))
		if end < 0 {
			continue
		}
		z, err := zlib.NewReader(bytes.NewReader(part[:end]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(z)
		if err == nil && bytes.Contains(b, []byte(" Tm\n")) {
			out.Write(b)
		}
	}
	return out.String()
}

// TestPDFTableRules: a table's rules run under its columns and end with the last one, not at
// the margin.
func TestPDFTableRules(t *testing.T) {
	printtest.Tool(t, "pdftotext")
	m := fixtureMeeting()
	m.Roles = []Role{{Name: "facilitator", Member: "Ana"}, {Name: "note taker", Member: "Zoé Widename"}, {Name: "timekeeper"}}
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	words := printtest.Run(t, "pdftotext", "-bbox", "-f", "1", "-l", "1", writeTemp(t, "r.pdf", b), "-")
	right, top, bottom := 0.0, 0.0, 0.0 // the roles table: its right edge, its first and last row
	for _, w := range wordRe.FindAllStringSubmatch(words, -1) {
		x, _ := strconv.ParseFloat(w[3], 64)
		y, _ := strconv.ParseFloat(w[2], 64)
		switch w[5] {
		case "Widename": // the widest cell
			right = x
		case "Role":
			top = y
		case "timekeeper":
			bottom = y
		}
	}
	if right == 0 || top == 0 || bottom == 0 {
		t.Fatalf("the roles table is not on page 1:\n%s", words)
	}
	const pageH = 841.89
	rules := 0
	for _, r := range ruleRe.FindAllStringSubmatch(pageContent(t, b), -1) {
		x1, _ := strconv.ParseFloat(r[1], 64)
		y1, _ := strconv.ParseFloat(r[2], 64)
		x2, _ := strconv.ParseFloat(r[3], 64)
		if y := pageH - y1; y < top || y > bottom+18 || r[2] != r[4] {
			continue
		}
		rules++
		if x1 > 52 || x2 < right || x2 > right+4 {
			t.Errorf("a rule from %.1f to %.1f pt at %.1f pt under a table from 51 to %.1f pt", x1, x2, pageH-y1, right)
		}
	}
	if rules != 4 { // under the header row and each of the three rows
		t.Errorf("%d rules under the roles table, want 4", rules)
	}
}

// TestPDFMissingScript: with no font for a script, the PDF draws replacement marks and keeps
// the text, and the operator hears once per process which Debian package would print it; a
// font file that cannot be used is a problem reported, not a stop.
func TestPDFMissingScript(t *testing.T) {
	dir := t.TempDir()
	junk := writeTemp(t, "junk.ttf", []byte("not a font"))
	fonts, problems := newFonts([]string{junk, filepath.Join(dir, "missing.ttf")}, nil)
	if all := fmt.Sprint(problems); len(problems) != 2 || !strings.Contains(all, junk) || !strings.Contains(all, "missing.ttf") {
		t.Errorf("problems: %v", problems)
	}
	var warned []string
	o := Options{Fonts: fonts, Warn: func(s string) { warned = append(warned, s) }}
	m := Meeting{Title: "会议 社区", Topics: []Topic{{Title: "देवनागरी", Items: []Item{{Kind: Note, Text: "社区会议"}}}}}
	b, err := MeetingPDF(&m, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := MeetingPDF(&m, o); err != nil { // the same scripts again: no new warning
		t.Fatal(err)
	}
	if len(warned) != 2 || !strings.Contains(warned[0], "Han text") || !strings.Contains(warned[0], "fonts-droid-fallback") ||
		!strings.Contains(warned[1], "Devanagari text") || !strings.Contains(warned[1], "fonts-noto-core") {
		t.Errorf("warnings: %q", warned)
	}
	text := flat(printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "m.pdf", b), "-"))
	for _, want := range []string{"会议 社区", "देवनागरी", "社区会议"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q: %s", want, text)
		}
	}
}

// TestChartLabels: a chart labels each point's date and value where they fit: all of them for
// a few points, never two overlapping, always the first and last dates.
func TestChartLabels(t *testing.T) {
	printtest.Tool(t, "pdftotext")
	for _, n := range []int{4, 40} {
		dg := fixtureDigest()
		dg.Meetings, dg.Tasks, dg.Mandates, dg.Stories = nil, nil, nil, nil
		ms := Measure{Name: "Rainwater", Unit: "litres"}
		for i := range n {
			ms.Points = append(ms.Points, Point{At: at(1, 0, 0).Add(time.Duration(i) * 12 * time.Hour), Value: float64(100 + 7*i)})
		}
		dg.Measures = []Measure{ms}
		b, err := DigestPDF(&dg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		words := printtest.Run(t, "pdftotext", "-bbox", writeTemp(t, "c.pdf", b), "-")
		type box struct{ x0, x1, y float64 }
		var dates []box
		values := map[string]bool{}
		ws := wordRe.FindAllStringSubmatch(words, -1)
		for i, w := range ws {
			if w[5] == "Nov" && i > 0 && i+1 < len(ws) && ws[i+1][5] == "2026" {
				x0, _ := strconv.ParseFloat(ws[i-1][1], 64)
				x1, _ := strconv.ParseFloat(ws[i+1][3], 64)
				y, _ := strconv.ParseFloat(w[2], 64)
				dates = append(dates, box{x0, x1, y})
			}
			values[w[5]] = true
		}
		var axis []box // the date labels under the chart: the lowest on the page
		for _, d := range dates {
			if len(axis) == 0 || d.y > axis[0].y+1 {
				axis = []box{d}
			} else if d.y > axis[0].y-1 {
				axis = append(axis, d)
			}
		}
		if n == 4 && len(axis) != 4 {
			t.Errorf("%d points: %d dates labelled, want every one", n, len(axis))
		}
		if len(axis) < 2 || len(axis) >= n && n > 4 {
			t.Errorf("%d points: %d dates labelled", n, len(axis))
		}
		for i := 1; i < len(axis); i++ {
			if axis[i].x0 < axis[i-1].x1 {
				t.Errorf("%d points: date labels overlap: %v", n, axis)
			}
		}
		if n == 4 {
			for _, v := range []string{"100", "107", "114", "121"} {
				if !values[v] {
					t.Errorf("the value %s is not labelled", v)
				}
			}
		}
	}
}

func TestLabelSpots(t *testing.T) {
	x := []float64{0, 1, 2, 50, 51, 100}
	w := []float64{20, 20, 20, 20, 20, 20}
	show, at := labelSpots(x, w, -5, 105, 2)
	if !show[0] || !show[5] || show[1] || show[2] || !show[3] || show[4] {
		t.Errorf("shown %v", show)
	}
	if at[0] != -5 || at[5] != 85 {
		t.Errorf("the ends are not kept within bounds: %v", at)
	}
}

// TestPDFRightToLeftItem: an item a person wrote in Hebrew or Arabic is set right to left:
// aligned right, its bullet on the right.
func TestPDFRightToLeftItem(t *testing.T) {
	printtest.Tool(t, "pdftotext")
	dg := Digest{Assembly: "Hof", From: at(1, 0, 0), To: at(28, 0, 0), Location: berlin,
		Stories: []Story{{Text: "חברים תיקנו את השער", Teller: "Ana", At: at(2, 0, 0)}, {Text: "Zoë fixed the bench", At: at(3, 0, 0)}}}
	b, err := DigestPDF(&dg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	words := wordRe.FindAllStringSubmatch(printtest.Run(t, "pdftotext", "-bbox", writeTemp(t, "rtl.pdf", b), "-"), -1)
	var bullets []float64
	hebrewRight, latinLeft := 0.0, 1e9
	for _, w := range words {
		x0, _ := strconv.ParseFloat(w[1], 64)
		x1, _ := strconv.ParseFloat(w[3], 64)
		switch {
		case w[5] == "•":
			bullets = append(bullets, x0)
		case strings.Contains(w[5], "רעשה"): // the line is one word to poppler, as drawn
			hebrewRight = max(hebrewRight, x1)
		case w[5] == "Zoë":
			latinLeft = x0
		}
	}
	const right = 595.28 - 51.02 // the text column's right edge
	if len(bullets) != 2 || bullets[0] < right-15 || bullets[1] > 60 {
		t.Errorf("bullets at %v: want the Hebrew story's on the right, the Latin one's on the left", bullets)
	}
	if hebrewRight < right-30 || latinLeft > 80 {
		t.Errorf("the Hebrew story ends at %.0f pt, the Latin one starts at %.0f pt", hebrewRight, latinLeft)
	}
}
