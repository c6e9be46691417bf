package minutes

import (
	"os"
	"regexp"
	"strings"
	"testing"
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
				Blocks: []Objection{{Member: "أحمد", Reason: mxDissentA}}, Voted: 7, Members: 8}},
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
	text := flat(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
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
	out := run(t, "pdffonts", path)
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
	if imgs := run(t, "pdfimages", "-list", path); strings.Count(imgs, " image ") < 4 {
		t.Errorf("the emoji are not drawn as pictures:\n%s", imgs)
	}
}
