package minutes

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestFileName(t *testing.T) {
	start := time.Date(2026, 11, 26, 18, 30, 0, 0, time.UTC)
	tests := []struct {
		name, title, ext, want string
	}{
		{"plain", "Plenary meeting", "pdf", "2026-11-26-1830-plenary-meeting.pdf"},
		{"greek kept", "Συνέλευση", "txt", "2026-11-26-1830-συνέλευση.txt"},
		{"cyrillic kept", "Собрание жильцов", "html", "2026-11-26-1830-собрание-жильцов.html"},
		{"accents kept", "Café à l’école", "pdf", "2026-11-26-1830-café-à-l-école.pdf"},
		{"path separators", "../../etc/passwd", "pdf", "2026-11-26-1830-etc-passwd.pdf"},
		{"backslashes and dots", `..\..\boot.ini`, "pdf", "2026-11-26-1830-boot-ini.pdf"},
		{"controls and bidi", "evil\u202Etxt\n.exe\x00", "pdf", "2026-11-26-1830-eviltxt-exe.pdf"},
		{"empty title", "  ", "pdf", "2026-11-26-1830-minutes.pdf"},
		{"only punctuation", "<script>", "pdf", "2026-11-26-1830-script.pdf"},
		{"hostile extension", "x", "/../p df", "2026-11-26-1830-x.pdf"},
		{"no extension", "x", "", "2026-11-26-1830-x"},
		{"CJK kept", "会议记录", "pdf", "2026-11-26-1830-会议记录.pdf"},
		{"emoji dropped", "Plenary 🌧🎉 Zoë 🌻", "pdf", "2026-11-26-1830-plenary-zoë.pdf"},
		{"only emoji", "🌧🎉👩\u200D👩\u200D👧", "pdf", "2026-11-26-1830-minutes.pdf"},
		{"sorani keeps its non-joiner", "کۆبوونەوەی\u200Cگشتی", "pdf", "2026-11-26-1830-کۆبوونەوەی\u200Cگشتی.pdf"},
		{"persian", "جلسه‌ی عمومی ۱۴۰۵", "pdf", "2026-11-26-1830-جلسه\u200Cی-عمومی-۱۴۰۵.pdf"},
		{"joiner between latin letters", "zero\u200Dwidth", "pdf", "2026-11-26-1830-zerowidth.pdf"},
		{"emoji between CJK", "会议 🌻 记录", "pdf", "2026-11-26-1830-会议-记录.pdf"},
		{"decomposed accents composed", "Cafe\u0301 Noe\u0308l", "pdf", "2026-11-26-1830-café-noël.pdf"},
		{"greek final sigma", "ΣΥΝΕΛΕΥΣΗ ΓΕΙΤΟΝΙΑΣ", "pdf", "2026-11-26-1830-συνελευση-γειτονιας.pdf"},
		{"hebrew and arabic digits", "אספה ١٢", "html", "2026-11-26-1830-אספה-١٢.html"},
		{"devanagari vowel signs kept", "मीटिंग", "pdf", "2026-11-26-1830-मीटिंग.pdf"},
		{"zero-width and BOM", "\uFEFFa\u200Bb", "pdf", "2026-11-26-1830-ab.pdf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FileName(start, tc.title, tc.ext); got != tc.want {
				t.Errorf("FileName(%q, %q) = %q, want %q", tc.title, tc.ext, got, tc.want)
			}
		})
	}
}

func TestFileNameUsesStartLocation(t *testing.T) {
	start := time.Date(2026, 11, 26, 17, 30, 0, 0, time.UTC).In(berlin)
	if got := FileName(start, "x", "pdf"); got != "2026-11-26-1830-x.pdf" {
		t.Errorf("got %q, want the Berlin wall-clock time", got)
	}
}

// TestFileNameWholeLetters: a long title is cut between two letters with their marks, never
// between a letter and its vowel sign or accent.
func TestFileNameWholeLetters(t *testing.T) {
	for _, word := range []string{"सभा ", "मीटिंग", "e\u0301\u0323", "مَرْحَبًا", "ශ්‍රී"} {
		title := strings.Repeat(word, 60)
		got := slugify(title)
		full := []rune(lower.String(clean(title)))
		rs := []rune(got)
		if len(got) > maxTitleBytes || len(rs) == 0 {
			t.Fatalf("%q: slug of %d bytes", word, len(got))
		}
		if len(rs) < len(full) && len(rs) < len([]rune(norm.NFC.String(string(full)))) {
			next := []rune(norm.NFC.String(string(full)))[len(rs)]
			if unicode.In(next, unicode.Mn, unicode.Mc, unicode.Me) || isJoiner(next) {
				t.Errorf("%q: cut before %U, which belongs to the letter before it", word, next)
			}
		}
	}
}

func TestFileNameBounded(t *testing.T) {
	for _, title := range []string{strings.Repeat("a", 1000), strings.Repeat("Σ", 1000), strings.Repeat("😀x", 500)} {
		got := FileName(time.Time{}, title, "html")
		if len(got) > 128 {
			t.Errorf("name of %d bytes: %q", len(got), got)
		}
		if !utf8.ValidString(got) {
			t.Errorf("invalid UTF-8: %q", got)
		}
	}
}

func TestUniqueFileName(t *testing.T) {
	taken := map[string]bool{"a.pdf": true, "a-2.pdf": true, "b": true}
	exists := func(n string) bool { return taken[n] }
	tests := []struct{ in, want string }{
		{"free.pdf", "free.pdf"},
		{"a.pdf", "a-3.pdf"},
		{"b", "b-2"},
	}
	for _, tc := range tests {
		got, err := UniqueFileName(tc.in, exists)
		if err != nil || got != tc.want {
			t.Errorf("UniqueFileName(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := UniqueFileName("x.pdf", func(string) bool { return true }); !errors.Is(err, ErrNoFreeName) {
		t.Errorf("every name taken: err = %v, want ErrNoFreeName", err)
	}
}

// checkFileName asserts FileName's promises for any title.
func checkFileName(t *testing.T, title, ext string) {
	got := FileName(time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), title, ext)
	switch {
	case !utf8.ValidString(got):
		t.Fatalf("invalid UTF-8 %q", got)
	case strings.ContainsAny(got, `/\`) || strings.Contains(got, ".."):
		t.Fatalf("path characters in %q", got)
	case strings.HasPrefix(got, "."):
		t.Fatalf("leading dot in %q", got)
	case len(got) > 128:
		t.Fatalf("too long (%d bytes): %q", len(got), got)
	}
	for _, r := range got {
		if unicode.IsControl(r) || isBidi(r) || unicode.IsSpace(r) {
			t.Fatalf("rune %U in %q", r, got)
		}
	}
}

func FuzzFileName(f *testing.F) {
	for _, s := range []string{"Plenary", "../../x", "Συνέλευση", "evil\u202Etxt", "\xff\xfe", ". .", ""} {
		f.Add(s, "pdf")
	}
	f.Fuzz(func(t *testing.T, title, ext string) { checkFileName(t, title, ext) })
}

// FuzzText feeds arbitrary text into every item and name and checks that the plain text
// stays within its width and the HTML stays inert.
func FuzzText(f *testing.F) {
	for _, s := range []string{hostile, override, greek + "\n" + cyrillic, strings.Repeat("w", 200), "\u2028\u2066x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := fixtureMeeting()
		m.Title, m.Present[0].Name = s, s
		m.Topics[0].Items[0].Text, m.Topics[0].Items[0].By = s, s
		txt, err := MeetingText(&m)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(txt), "\n") {
			if width(l) > TextWidth {
				t.Fatalf("line of %d columns: %q", width(l), l)
			}
		}
		page, err := MeetingHTML(&m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range [][]byte{txt, page} {
			for _, r := range string(out) {
				if isBidi(r) {
					t.Fatalf("bidi control %U in output", r)
				}
			}
		}
		if strings.Contains(strings.ToLower(string(page)), "<script") {
			t.Fatal("live <script in HTML")
		}
		if c := strings.Count(string(page), "<bdi>"); c != strings.Count(string(page), "</bdi>") {
			t.Fatalf("unbalanced <bdi>: %d", c)
		}
	})
}
