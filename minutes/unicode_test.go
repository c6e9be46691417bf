package minutes

import (
	"bytes"
	"folkmoot/printtest"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"folkmoot/typeset"
)

// Real text is the whole of Unicode: these reach every field a person fills.
var wholeUnicode = []string{
	"rain 🌧",                      // an emoji above U+FFFF: fpdf panicked on it
	"Zoë 🌻",                       // a display name with one
	"رێزان",                       // Sorani, right to left, in the font
	"שלום עולם",                   // Hebrew
	"会议记录 東京",                     // CJK: in the BMP, not in the font
	"👩‍👩‍👧 family",                // a zero-width-joiner sequence
	"🇩🇪 flag",                     // regional indicators
	"🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland",            // a flag's tag sequence
	"𝕏 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",               // mathematical letters
	"e\u0301 ǹ \u0303x",           // combining marks, one without a base
	"\U00010000 \U0010FFFD",       // the first supplementary character and the last
	"\uFFFE \uFFFF \uE000",        // noncharacters and private use
	"bad \xff\xfe bytes",          // not UTF-8
	"✓ ⏎ ❤️ ☃",                    // BMP symbols with and without a variation selector
	"\u200Bzero\u200Dwidth\uFEFF", // invisible characters
}

// hostileMeeting puts s into every string of a small meeting (small, so fuzzing renders
// many of them).
func hostileMeeting(s string) Meeting {
	m := Meeting{Start: at(26, 18, 30), End: at(26, 20, 15), Location: berlin}
	m.Assembly, m.Title, m.NextRotation, m.NextMeeting, m.LogID = s, s, s, s, s
	m.Roles = append(m.Roles, Role{Name: s, Member: s})
	m.Present = append(m.Present, Person{Name: s, Lines: 3}, Person{Name: "Zoé", Lines: 1})
	m.Topics = append(m.Topics, Topic{Title: s, Items: []Item{
		{Kind: Note, By: s, Text: s}, {Kind: Link, Text: s, URL: "https://example.org/" + s},
		{Kind: Decision, Text: s, Vote: &Vote{Question: s, Kind: s, Tally: []string{s},
			Blocks: []Objection{{Member: s, Reason: s}}, StandAsides: []Objection{{Member: s}}}},
		{Kind: Task, Text: s, Owner: s, Due: m.End}, {Kind: Dissent, By: s, Text: s}}})
	m.Mandates = []Mandate{{Holder: s, Scope: s}}
	m.Rounds = append(m.Rounds, Round{Topic: s, Turns: []Turn{{Member: s, Turns: 1, Seconds: 30}}})
	return m
}

// hostileDigest puts s into every string of a small digest.
func hostileDigest(s string) Digest {
	dg := Digest{From: at(1, 0, 0), To: at(28, 23, 59), Now: at(28, 12, 0), Location: berlin}
	dg.Assembly = s
	dg.Meetings = append(dg.Meetings, hostileMeeting(s))
	dg.Tasks = append(dg.Tasks, Item{Text: s, Owner: s})
	dg.Mandates = append(dg.Mandates, Mandate{Holder: s, Scope: s})
	dg.Stories = append(dg.Stories, Story{Text: s, Teller: s, At: dg.To})
	dg.Measures = append(dg.Measures, Measure{Name: s, Unit: s, Points: []Point{{At: dg.From, Value: 1}, {At: dg.To, Value: 2}}})
	return dg
}

// renderAll renders a meeting and a digest in every format, failing on an error; a panic
// fails the test by itself.
func renderAll(t *testing.T, m *Meeting, dg *Digest) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, render := range map[string]func() ([]byte, error){
		"meeting.pdf":  func() ([]byte, error) { return MeetingPDF(m, Options{}) },
		"meeting.html": func() ([]byte, error) { return MeetingHTML(m, Options{}) },
		"meeting.txt":  func() ([]byte, error) { return MeetingText(m) },
		"digest.pdf":   func() ([]byte, error) { return DigestPDF(dg, Options{Paper: Letter}) },
		"digest.html":  func() ([]byte, error) { return DigestHTML(dg, Options{}) },
		"digest.txt":   func() ([]byte, error) { return DigestText(dg) },
	} {
		b, err := render()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b
	}
	return out
}

func TestNoCharacterBreaksAnyOutput(t *testing.T) {
	for _, s := range wholeUnicode {
		t.Run(s, func(t *testing.T) {
			m, dg := hostileMeeting(s), hostileDigest(s)
			for name, b := range renderAll(t, &m, &dg) {
				if strings.HasSuffix(name, ".pdf") && !bytes.HasPrefix(b, []byte("%PDF")) {
					t.Errorf("%s starts %q", name, b[:min(len(b), 8)])
				}
			}
		})
	}
}

// TestPDFDrawsEveryCodePoint draws a sample of every plane, and every character the fonts
// have, in one PDF each.
func TestPDFDrawsEveryCodePoint(t *testing.T) {
	var sample, covered strings.Builder
	for r := rune(0); r <= utf8.MaxRune; r += 61 {
		sample.WriteRune(r)
		if r%(61*40) == 0 {
			sample.WriteByte(' ')
		}
	}
	dejavu, err := typeset.ParseFont("DejaVuSans", fontRegular, 0)
	if err != nil {
		t.Fatal(err)
	}
	for r := rune(0); r < 0x10000; r++ {
		if dejavu.Has(r) {
			covered.WriteRune(r)
			if r%64 == 0 {
				covered.WriteByte(' ')
			}
		}
	}
	for name, s := range map[string]string{"a sample of every plane": sample.String(), "every covered character": covered.String()} {
		t.Run(name, func(t *testing.T) {
			m := Meeting{Title: s, Topics: []Topic{{Title: s, Items: []Item{{Kind: Note, Text: s, By: s}}}}}
			if _, err := MeetingPDF(&m, Options{}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestPDFTextLayerKeepsEveryCharacter draws characters the font lacks as replacement marks
// and checks pdftotext gives back the originals, through the marks' ActualText.
func TestPDFTextLayerKeepsEveryCharacter(t *testing.T) {
	m := Meeting{Assembly: "Hof 🌻", Title: "Plenum 🌧 会议", Start: at(26, 18, 30), Location: berlin,
		Present: []Person{{Name: "Zoë 🌻", Lines: 2}, {Name: "رێزان", Lines: 1}},
		Topics: []Topic{{Title: "Garden 🌱", Items: []Item{
			{Kind: Note, By: "Zoë 🌻", Text: "rain 🌧 tomorrow"},
			{Kind: Note, Text: "会议记录 and 𝕏 and 🇩🇪 and 👩‍👩‍👧 end"},
			{Kind: Decision, Text: "**bold** 🎉 " + strings.Repeat("long ", 30) + "🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉"},
		}}}}
	b, err := MeetingPDF(&m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, "u.pdf", b)
	text := printtest.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"Plenum 🌧 会议", "Hof 🌻", "Zoë 🌻", "rain 🌧 tomorrow", "会议记录 and 𝕏 and 🇩🇪 and 👩‍👩‍👧 end", "Garden 🌱", "🎉🎉🎉"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	// Right-to-left text is shaped and laid out right to left; the text layer keeps it in
	// logical order, with or without a font for it.
	if !strings.Contains(text, "رێزان") {
		t.Errorf("pdftotext lacks رێزان in logical order:\n%s", text)
	}
	if strings.Contains(text, "\uFFFD") {
		t.Errorf("a replacement mark reached the text layer:\n%s", text)
	}
	if info := printtest.Run(t, "pdfinfo", path); !strings.Contains(info, "Plenum 🌧 会议") {
		t.Errorf("the PDF's title lost characters:\n%s", info)
	}
}

// TestNonFiniteMeasures renders measures stored before values were checked (+Inf, NaN, the
// float64 limits): no renderer may panic, and the chart never gets NaN coordinates.
func TestNonFiniteMeasures(t *testing.T) {
	dg := fixtureDigest()
	dg.Measures = []Measure{
		{Name: "rain", Unit: "mm", Points: []Point{{At: dg.From, Value: 1e308}, {At: dg.From.Add(time.Hour), Value: -1e308},
			{At: dg.From.Add(2 * time.Hour), Value: math.Inf(1)}, {At: dg.From.Add(3 * time.Hour), Value: math.NaN()},
			{At: dg.To, Value: math.MaxFloat64}}},
		{Name: "only bad", Points: []Point{{At: dg.From, Value: math.Inf(-1)}, {At: dg.To, Value: math.NaN()}}},
		{Name: "tiny", Points: []Point{{At: dg.From, Value: -math.MaxFloat64}, {At: dg.To, Value: math.SmallestNonzeroFloat64}}},
	}
	m := fixtureMeeting()
	m.Rounds = append(m.Rounds, Round{Topic: "odd", Turns: []Turn{{Member: "a", Seconds: math.Inf(1)},
		{Member: "b", Seconds: math.NaN()}, {Member: "c", Seconds: math.MaxFloat64}, {Member: "d", Seconds: -1}}})
	out := renderAll(t, &m, &dg)
	for name, b := range out {
		if name == "meeting.pdf" || name == "digest.pdf" {
			continue
		}
		for _, bad := range []string{"NaN", "Inf", "%!"} {
			if bytes.Contains(b, []byte(bad)) {
				i := bytes.Index(b, []byte(bad))
				t.Errorf("%s contains %q: …%s…", name, bad, b[max(i-80, 0):min(i+40, len(b))])
			}
		}
	}
	if txt := string(out["digest.txt"]); !strings.Contains(txt, "1e+308") || strings.Contains(txt, "100000000000000000000") {
		t.Errorf("huge values not worded in exponent form:\n%s", txt)
	}
}

// TestGiniIsWordedAsInequality: one voice doing all the talking reads as unequal.
func TestGiniIsWordedAsInequality(t *testing.T) {
	m := Meeting{Present: []Person{{Name: "ana", Lines: 40}, {Name: "bo"}, {Name: "cy"}, {Name: "dee"}, {Name: "eve"}},
		Rounds: []Round{{Topic: "t", Turns: []Turn{{Member: "ana", Seconds: 300}, {Member: "bo"}, {Member: "cy"},
			{Member: "dee"}, {Member: "eve"}}}}}
	dg := Digest{Meetings: []Meeting{m}}
	for name, b := range renderAll(t, &m, &dg) {
		if strings.HasSuffix(name, ".pdf") {
			continue
		}
		s := string(b)
		if strings.Contains(s, "Equality") {
			t.Errorf("%s still calls the Gini coefficient equality", name)
		}
		if !strings.Contains(s, "0 = everyone") || !strings.Contains(s, "0.80") {
			t.Errorf("%s does not explain the figure 0.80", name)
		}
	}
	m.Rounds = nil
	b, _ := MeetingText(&m)
	if !strings.Contains(string(b), "Inequality of lines said (Gini, 0 = everyone said as many lines): 0.80") {
		t.Errorf("meeting text:\n%s", b)
	}
}

func TestDigestCountsMeetingsInWords(t *testing.T) {
	dg := fixtureDigest()
	dg.Meetings = dg.Meetings[:1]
	b, err := DigestText(&dg)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, "· 1 meeting (") || strings.Contains(s, "1 meetings") {
		t.Errorf("digest of one meeting:\n%s", s[:min(len(s), 300)])
	}
}
