package minutes

import (
	"bytes"
	"folkmoot/printtest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"folkmoot/words"
)

// inLang is the fixture's meeting and digest in one language.
func inLang(tag string) (Meeting, Digest) {
	m, dg := fixtureMeeting(), fixtureDigest()
	m.Lang, dg.Lang = words.For(tag), words.For(tag)
	return m, dg
}

// TestMinutesSpeakTheRoomsLanguage: the minutes and the digest of a Spanish and of an
// Arabic room come in its language in every format: headings, labels, fixed sentences,
// dates, the page's language and direction, the PDF's language and footer.
func TestMinutesSpeakTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		tag, html     string
		meeting       []string // in the text and the HTML of the minutes
		digest        []string // in the text and the HTML of the digest
		pdf           []string // in the minutes' PDF text layer
		english, page string
	}{
		{tag: "es", html: `<html lang="es" dir="ltr">`,
			meeting: []string{"Presentes (5)", "Desigualdad del tiempo de palabra", "Acordado:", "Recuento:", "Bloqueo:",
				"Se hace a un lado:", "sin motivo", "jueves 26 de noviembre de 2026", "responsable:", "para el lun 30 nov 2026 12:00",
				"Otorgado:", "desde el 26 nov 2026", "Rondas de escucha", "Próxima reunión:", "Nada registrado."},
			digest: []string{"— resumen", "2 reuniones", "Acuerdos", "Vencidas: 1; con fecha: 2; sin fecha: 1; hechas: 2.",
				"Terminan pronto", "Disenso registrado", "Historias (2)", "Último valor:", "Participación"},
			pdf:  []string{"Presentes (5)", "Rondas de escucha", "página 1/2"},
			page: `content: "página " counter(page) "/" counter(pages);`},
		{tag: "ar", html: `<html lang="ar" dir="rtl">`,
			meeting: []string{"الأدوار", "الحضور", "تقرّر:", "الفرز:", "اعتراض مانع:", "التنحي:", "الخميس 26 نوفمبر 2026",
				"المسؤول:", "التفويضات", "جولات الاستماع", "الاجتماع التالي:", "لم يُسجَّل شيء."},
			digest: []string{"— ملخص", "اجتماعان", "القرارات", "المهام", "تنتهي قريبًا", "الآراء المخالفة المسجّلة", "المشاركة"},
			pdf:    []string{"الأدوار", "جولات الاستماع", "صفحة"},
			page:   `content: "صفحة " counter(page) " من " counter(pages);`},
	}
	for _, tc := range tests {
		t.Run(tc.tag, func(t *testing.T) {
			m, dg := inLang(tc.tag)
			mText, err := MeetingText(&m)
			if err != nil {
				t.Fatal(err)
			}
			mHTML, err := MeetingHTML(&m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			dText, err := DigestText(&dg)
			if err != nil {
				t.Fatal(err)
			}
			dHTML, err := DigestHTML(&dg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string][]byte{"minutes text": mText, "minutes HTML": mHTML, "digest text": dText, "digest HTML": dHTML} {
				want := tc.meeting
				if strings.HasPrefix(name, "digest") {
					want = tc.digest
				}
				for _, s := range want {
					if !bytes.Contains(out, []byte(s)) {
						t.Errorf("%s lacks %q", name, s)
					}
				}
				// No English fixed word is left, nor a message ID the catalog lacks.
				for _, s := range []string{"Present (", "Decided:", "Tally:", "Inequality", "Mandates", "Next meeting:", "Nothing recorded",
					"Decisions", "Tasks", "overdue", "Participation", "no reason given"} {
					if bytes.Contains(out, []byte(s)) {
						t.Errorf("%s has the English %q", name, s)
					}
				}
				if id := messageID.Find(out); id != nil {
					t.Errorf("%s shows the message ID %s", name, id)
				}
			}
			for _, html := range [][]byte{mHTML, dHTML} {
				if !bytes.Contains(html, []byte(tc.html)) || !bytes.Contains(html, []byte(tc.page)) {
					t.Errorf("HTML lacks %s or %s", tc.html, tc.page)
				}
				if corner := map[bool]string{true: "@top-right {", false: "@top-left {"}[tc.tag == "ar"]; !bytes.Contains(html, []byte(corner)) {
					t.Errorf("the printed page's running header is not at %s", corner)
				}
			}
			if bytes.Contains(dText, []byte("Trend:")) {
				t.Error("the digest's text chart is labelled in English")
			}

			// The PDF renders, records its language and carries the headings in its
			// document model; pdftotext, where installed, finds them in its text layer.
			pdf, err := MeetingPDF(&m, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := DigestPDF(&dg, Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(pdf, []byte("/Lang ("+tc.tag+")")) {
				t.Errorf("the PDF does not say its language is %s", tc.tag)
			}
			if heads := headings(meetingDoc(&m)); !strings.Contains(heads, tc.pdf[0]) || !strings.Contains(heads, tc.pdf[1]) {
				t.Errorf("the PDF's document has the headings %q", heads)
			}
			if _, err := exec.LookPath("pdftotext"); err == nil {
				text := flat(printtest.Run(t, "pdftotext", "-enc", "UTF-8", writeTemp(t, "m.pdf", pdf), "-"))
				for _, s := range tc.pdf {
					if !strings.Contains(text, s) {
						t.Errorf("the PDF's text lacks %q:\n%s", s, text)
					}
				}
			}
		})
	}
}

// messageID is a catalog message's ID, which Say shows when the catalog lacks it.
var messageID = regexp.MustCompile(`minutes\.[a-z_]+\.[a-z_]`)

// headings are a document's headings, one a line.
func headings(d *document) string {
	var b strings.Builder
	for _, bl := range d.blocks {
		if bl.kind == bTitle || bl.kind == bSection || bl.kind == bSub {
			b.WriteString(bl.text.String() + "\n")
		}
	}
	return b.String()
}

// TestEveryFixedWordIsWorded lays the fixture out in the pseudo-language, which wraps every
// message of the catalog in ⟦…⟧: a span of the document's own words with a letter outside
// the brackets was written in the code, not worded from the catalog. The vote's turnout is
// the vote feature's words, and a person's text is theirs.
func TestEveryFixedWordIsWorded(t *testing.T) {
	m, dg := fixtureMeeting(), fixtureDigest()
	m.Lang, dg.Lang = words.Pseudo(), words.Pseudo()
	for name, d := range map[string]*document{"minutes": meetingDoc(&m), "digest": digestDoc(&dg)} {
		check := func(s string) {
			if s == "3 of 5 members voted" {
				return
			}
			depth := 0
			for _, r := range s {
				switch {
				case r == '⟦':
					depth++
				case r == '⟧':
					depth--
				case depth == 0 && unicode.IsLetter(r):
					t.Errorf("%s: %q is not worded from the catalog", name, s)
					return
				}
			}
		}
		for _, bl := range d.blocks {
			lines := append([]line{bl.text}, bl.sub...)
			if bl.table != nil {
				for _, h := range bl.table.head {
					check(h)
				}
				for _, row := range bl.table.rows {
					lines = append(lines, row...)
				}
			}
			for _, l := range lines {
				for _, s := range l {
					if !s.person {
						check(s.text)
					}
				}
			}
		}
		check(d.period)
		check(d.cssPage())
	}
}

// TestFileNameInTheRoomsLanguage: minutes without a title are named by the room's word for
// minutes, kept to a safe name like any title.
func TestFileNameInTheRoomsLanguage(t *testing.T) {
	start := at(26, 18, 30)
	for tag, want := range map[string]string{"en": "2026-11-26-1830-minutes.pdf", "es": "2026-11-26-1830-acta.pdf",
		"fr": "2026-11-26-1830-compte-rendu.pdf", "ar": "2026-11-26-1830-محضر.pdf", "ckb": "2026-11-26-1830-کورتەی-کۆبوونەوە.pdf"} {
		if got := FileNameIn(words.For(tag), start, "🌻", "pdf"); got != want {
			t.Errorf("%s: %q, want %q", tag, got, want)
		}
		checkFileName(t, words.For(tag).Say("minutes.file.untitled"), "pdf")
	}
}

// TestIsolatesOfTheDocumentsOwnWords: a right-to-left language isolates every placeholder;
// a message placed in another keeps one level of isolates, and the PDF lays each isolated
// value out as an isolated span (the typesetter misplaced text after an isolate left in the
// text: "2 کۆبوونەوە (Europe/Berlin)" drew as "2Europe/Berlin کۆبوونەوە ()").
func TestIsolatesOfTheDocumentsOwnWords(t *testing.T) {
	if got, want := flatIsolates("\u2068\u20682\u2069 کۆبوونەوە\u2069 (\u2068Europe/Berlin\u2069)"),
		"\u20682 کۆبوونەوە\u2069 (\u2068Europe/Berlin\u2069)"; got != want {
		t.Errorf("flatIsolates = %q, want %q", got, want)
	}
	d := &document{l: words.For("ckb")}
	if got := d.say("minutes.digest.period", "Period", "P", "Meetings", d.l.Count("minutes.digest.meetings", 2), "Zone", "Europe/Berlin"); strings.Count(got, "\u2068") != 3 {
		t.Errorf("period worded with nested isolates: %q", got)
	}
	spans := ownWords(nil, "\u2068P\u2069 · \u20682 کۆبوونەوە\u2069 (\u2068Europe/Berlin\u2069)", true)
	var got []string
	for _, s := range spans {
		if !s.Bold {
			t.Error("a span lost its weight")
		}
		got = append(got, map[bool]string{true: "[" + s.Text + "]", false: s.Text}[s.Isolate])
	}
	if want := "[P]| · |[2 کۆبوونەوە]| (|[Europe/Berlin]|)"; strings.Join(got, "|") != want {
		t.Errorf("spans %q, want %q", strings.Join(got, "|"), want)
	}
}
