package timeparse

import (
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"folkmoot/words"
)

// seeds are inputs from every form plus near-misses, to start the fuzzer well.
var seeds = []string{
	"in 90m", "48h", "in 1h30m", "in an hour", "tomorrow 18:00", "fri 6:30pm", "6pm friday", "noon",
	"2026-12-05 18:30", "5 dec 2027 18:30", "dec 5th 6pm", "29 feb 12:00", "31 feb 10:00", "25:00",
	"every monday 19:00", "every 2 weeks on tue 19:00 from 2026-12-01", "every other week on wed 9am",
	"every month on the 15th 10:00", "every weekday 09:00", `cron "0 19 * * 1"`, `cron “*/5 1-3 * jan mon-fri”`,
	"in 999999999 weeks", "every 52 weeks on sun 23:59", "every 2 weeks on sun 10:00 from 9999-12-30", "", "“”", "in", "every", "cron", "12am",
	"every solstice", "every equinox 19:00", "every season 6pm", "every solstice and equinox", "every year on 1 mar",
	"every year on march 1 18:30", "every year on 29 feb", "for 2 days", "for 3 weeks", "next week", "next week 18:00",
	"until next week", "sunday evening", "tomorrow morning", "midnight", "friday midnight", "every day midnight",
	"every friday midnight", "till fri noon", "5 dec 2200 10:00", "until a a a a a a a a a a a a a a a a a a a a a a a a a",
	// issue 19: clocks of other languages, next weekdays, calendar spans, other scripts
	"at 18h", "18h", "18h30", "fri 18h30", "18 Uhr", "18.30 Uhr", "at 9", "at 18", "every day at 9", "next friday 18:00",
	"this fri 9am", "in 2 months", "for a year", "in 1y 6mo", "in 99999999 years", "in 1h30", "6.30pm", "in 1.5h",
	"fri ١٨:٠٠", "fri ۱۸:۳۰", "fri १८:००", "ｆｒｉ １８：００", "fri 𝟏𝟖:𝟎𝟎", "fri \u200f١٨:٠٠\u200f", "Zoë 🌻 18:00", "رێزان",
	"fri 1²:00", "in ②h", "\u202eyadot 18:00",
	// issue 22: the rooms' languages (FuzzParse reads each seed in a language sel picks)
	"mañana 18:00", "el viernes a las 18:00", "en 2 horas", "cada lunes 19:00", "todos los días 8:00", "vendredi 18h",
	"demain 9h", "dans 2 heures", "ce soir 20h", "tous les jours 8h", "Freitag 18 Uhr", "morgen 9 Uhr", "in 2 Stunden",
	"am Freitag um 18 Uhr", "9 am Freitag", "täglich 8 Uhr", "الجمعة ١٨:٠٠", "غداً ٩:٠٠", "بعد ساعتين", "يوم الجمعة ٦ مساءً",
	"كل أسبوعين يوم الثلاثاء ١٩:٠٠", "هەینی ١٨:٠٠", "بەیانی 9:00", "هەموو دووشەممەیەک ١٩:٠٠", "În 18:00", "sibê 9:00",
	"Îna bê 18:00", "piştî saetekê", "her roj 08:00", "l'après-midi", "jusqu'à vendredi", "de la tarde de la tarde",
}

// vocabWords are the words and phrases of every language's lists, for the
// fuzzers to put into any room's input: a word of another language must be
// as harmless as any other text. Made on first use: the catalog is filled by
// init functions, after package variables.
var vocabWords = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var out []string
	for _, lang := range words.Shipped {
		l := words.For(lang.Tag)
		for _, k := range readKeys {
			for _, w := range strings.Fields(l.Say("timeparse.read." + k.id)) {
				w, _, _ = strings.Cut(w, "=")
				w = strings.ReplaceAll(w, "_", " ")
				if w != "-" && !seen[w] {
					seen[w] = true
					out = append(out, w)
				}
			}
		}
	}
	sort.Strings(out)
	return out
})

// inLanguage picks a room's language from sel's first byte and puts words of
// every language's lists in place of some of in's words, as sel chooses.
func inLanguage(in string, sel []byte) (*words.Lang, string) {
	if len(sel) == 0 {
		return nil, in
	}
	l := words.For(words.Shipped[int(sel[0])%len(words.Shipped)].Tag)
	ws := strings.Fields(in)
	for i := range ws {
		if b := sel[(i+1)%len(sel)]; b%3 == 0 {
			ws[i] = vocabWords()[(int(b)*31+i*7)%len(vocabWords())]
		}
	}
	return l, strings.Join(ws, " ")
}

// selectors are starting choices of how to widen a seed into other scripts.
var selectors = [][]byte{nil, {0}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {0xff, 0x80, 0x41, 0x13}, {7, 0x20, 0x10, 0xfe, 3, 0x55, 0x01, 0x9a}}

// digitZeros are the zeros of some scripts' decimal digits; the nine after
// each are its 1 to 9.
var digitZeros = []rune{'0', '٠', '۰', '०', '০', '๐', '᠐', '߀', '０', '𝟎', '𝟘', '𝟶'}

// invisibles are format characters keyboards and pastes put inside words.
var invisibles = []rune{'\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2066', '\u2069'}

// sameReading writes in with other scripts' digits, fullwidth forms and
// invisible marks, as sel chooses: text that must read exactly as in does.
// Only ASCII is replaced, so any other bytes (invalid UTF-8 included) keep
// their meaning.
func sameReading(in string, sel []byte) string {
	if len(sel) == 0 {
		return in
	}
	var b strings.Builder
	for i := 0; i < len(in); i++ {
		c, s := in[i], sel[i%len(sel)]
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(digitZeros[int(s)%len(digitZeros)] + rune(c-'0'))
		case c > ' ' && c < 0x7f && s&1 == 1:
			b.WriteRune(rune(c) + 0xFEE0) // fullwidth
		default:
			b.WriteByte(c)
		}
		if c > ' ' && c < 0x7f && s&0x30 == 0x30 { // glued to a visible character: the word stays one
			b.WriteRune(invisibles[int(s>>6)*3%len(invisibles)])
		}
	}
	return b.String()
}

// oddRunes are characters from all over Unicode that text carries: emoji
// (non-BMP, joined, flags), RTL scripts, combining marks, CJK, numerals that
// are not digits, separators and controls.
var oddRunes = []string{"🌻", "👩\u200d👩\u200d👧", "🇩🇪", "𝕏", "\U0002A6D6", "رێزان", "עברית", "\u0301", "\u0308", "\u202e",
	"\u2028", "\u00a0", "\u3000", "²", "①", "Ⅻ", "½", "\x00", "\ufffd", "İ", "ß", "ǅ", "٫", "：", "．", "\U000E0041"}

// anyUnicode inserts into in characters drawn from the whole of Unicode,
// four bytes of sel per insertion: a pick from oddRunes, or any code point.
func anyUnicode(in string, sel []byte) string {
	rs := []rune(in)
	for i := 0; i+3 < len(sel) && i < 64; i += 4 {
		at := int(sel[i+1]) % (len(rs) + 1)
		var ins []rune
		if sel[i]&1 == 0 {
			ins = []rune(oddRunes[int(sel[i+2])%len(oddRunes)])
		} else {
			ins = []rune{rune(int(sel[i+1])<<16|int(sel[i+2])<<8|int(sel[i+3])) % (utf8.MaxRune + 1)}
		}
		rs = append(rs[:at], append(ins, rs[at:]...)...)
	}
	return string(rs)
}

// checkRoomSafe fails unless err is nil or a short, one-line, room-safe *Error.
func checkRoomSafe(t *testing.T, what, in string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s(%q) error %T is not room-safe", what, in, err)
	}
	// Characters, not bytes: Arabic letters take two bytes each, and the
	// bidi isolates a right-to-left language puts around values none.
	if msg := e.Error(); visibleLen(msg) > 400 || strings.Contains(msg, "\n") || !utf8.ValidString(msg) {
		t.Fatalf("%s(%q) error not fit for chat: %q", what, in, msg)
	}
}

// visibleLen is the number of characters of s that show.
func visibleLen(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Cf, r) {
			n++
		}
	}
	return n
}

// sameSpec reports whether two Parse results are the same reading.
func sameSpec(a, b Spec, errA, errB error) bool {
	if (errA == nil) != (errB == nil) {
		return false
	}
	if errA != nil {
		return true
	}
	if (a.Every == nil) != (b.Every == nil) {
		return false
	}
	if a.Every != nil {
		return a.Every.String() == b.Every.String()
	}
	return a.At.Equal(b.At)
}

func FuzzParse(f *testing.F) {
	for _, s := range seeds {
		for _, sel := range selectors {
			f.Add(s, sel)
		}
	}
	f.Fuzz(func(t *testing.T, in string, sel []byte) {
		checkParse(t, nil, in)
		checkParse(t, nil, anyUnicode(in, sel))
		// Other scripts' digits are read as the ASCII ones, never misread.
		if wide := sameReading(in, sel); utf8.RuneCountInString(wide) <= MaxChars {
			a, errA := Parse(nil, in, now, berlin)
			b, errB := Parse(nil, wide, now, berlin)
			if !sameSpec(a, b, errA, errB) {
				t.Fatalf("Parse(nil, %q) = %+v, %v but Parse(nil, %q) = %+v, %v", in, a, errA, wide, b, errB)
			}
		}
		// The same in a room's language, with words of every language in it.
		l, text := inLanguage(in, sel)
		checkParse(t, l, text)
		checkParse(t, l, anyUnicode(text, sel))
		if wide := sameReading(text, sel); utf8.RuneCountInString(wide) <= MaxChars {
			a, errA := Parse(l, text, now, berlin)
			b, errB := Parse(l, wide, now, berlin)
			if !sameSpec(a, b, errA, errB) {
				t.Fatalf("Parse(%v, %q) = %+v, %v but Parse(%v, %q) = %+v, %v", tagOf(l), text, a, errA, tagOf(l), wide, b, errB)
			}
		}
	})
}

// tagOf names a room's language in a failure.
func tagOf(l *words.Lang) string {
	if l == nil {
		return "nil"
	}
	return l.Tag
}

// checkParse is FuzzParse's check of one input in a room's language: a
// room-safe error, or a time inside the bounds, or a recurrence whose stored
// form reads back the same.
func checkParse(t *testing.T, l *words.Lang, in string) {
	s, err := Parse(l, in, now, berlin)
	checkRoomSafe(t, "Parse", in, err)
	if err != nil {
		return
	}
	if (s.Every == nil) == s.At.IsZero() {
		t.Fatalf("Parse(%v, %q) = %+v: want exactly one of At and Every", tagOf(l), in, s)
	}
	if s.Every == nil {
		if !s.At.After(now) || s.At.Sub(now) > MaxAhead {
			t.Fatalf("Parse(%v, %q) = %v, not after now or too far ahead", tagOf(l), in, s.At)
		}
		return
	}
	next := s.Every.Next(now, berlin)
	if !next.After(now) {
		t.Fatalf("Parse(%v, %q).Next = %v, not after now", tagOf(l), in, next)
	}
	back, err := ParseRecurrence(s.Every.String())
	if err != nil || back.String() != s.Every.String() || !back.Next(now, berlin).Equal(next) {
		t.Fatalf("round trip of %q (%q) failed: %v", in, s.Every.String(), err)
	}
}

// FuzzLeadingUntil checks the word-run readers: a run LeadingUntil or
// LeadingEvery takes is exactly what ParseUntil or ParseEvery reads, inside
// the bounds, whatever characters the words carry.
func FuzzLeadingUntil(f *testing.F) {
	for _, s := range seeds {
		for _, sel := range selectors[:3] {
			f.Add(s+" and a reason", sel)
		}
	}
	f.Fuzz(func(t *testing.T, in string, sel []byte) {
		lang, inRoom := inLanguage(in, sel)
		for i, text := range []string{in, anyUnicode(in, sel), inRoom} {
			var l *words.Lang
			if i == 2 {
				l = lang
			}
			words := strings.Fields(text)
			at, n, err := LeadingUntil(l, words, now, berlin)
			checkRoomSafe(t, "LeadingUntil", text, err)
			if err != nil {
				if n != 0 {
					t.Fatalf("LeadingUntil(nil, %q) = %d words and %v", text, n, err)
				}
			} else {
				if n < 1 || n > MaxWords || n > len(words) {
					t.Fatalf("LeadingUntil(nil, %q) took %d words", text, n)
				}
				if !at.After(now) || at.Sub(now) > MaxAhead {
					t.Fatalf("LeadingUntil(nil, %q) = %v, out of range", text, at)
				}
				again, err := ParseUntil(l, strings.Join(words[:n], " "), now, berlin)
				if err != nil || !again.Equal(at) {
					t.Fatalf("LeadingUntil(nil, %q) = %v but ParseUntil of its words = %v, %v", text, at, again, err)
				}
			}
			rec, n, err := LeadingEvery(l, words, now, berlin)
			checkRoomSafe(t, "LeadingEvery", text, err)
			if err == nil {
				if again, err := ParseEvery(l, strings.Join(words[:n], " "), now, berlin); err != nil || again.String() != rec.String() {
					t.Fatalf("LeadingEvery(nil, %q) = %v but ParseEvery of its words = %v, %v", text, rec, again, err)
				}
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"3m", "90s", "1h30m", "1h30", "2 minutes", "an hour", "0m", "-1s", "99999999 w", "3 months", "a year",
		"1y 6mo", "99999999 years", "1.5h", "٣m", "１８ｈ", "½ hour", "2 horas", "dans 2 heures", "eine Stunde", "ساعتين",
		"کاتژمێرێک و ٣٠ خولەک", "saetek û 30 deqe", "٢ ساعتين"} {
		for _, sel := range selectors {
			f.Add(s, sel)
		}
	}
	f.Fuzz(func(t *testing.T, in string, sel []byte) {
		lang, inRoom := inLanguage(in, sel)
		for i, text := range []string{in, anyUnicode(in, sel), inRoom} {
			var l *words.Lang
			if i == 2 {
				l = lang
			}
			d, err := ParseDuration(l, text)
			checkRoomSafe(t, "ParseDuration", text, err)
			if err == nil && (d <= 0 || d > maxAhead) {
				t.Fatalf("ParseDuration(nil, %q) = %v, out of range", text, d)
			}
			s, err := ParseSpan(l, text)
			checkRoomSafe(t, "ParseSpan", text, err)
			if err == nil {
				if s.zero() || s.Months < 0 || s.Days < 0 || s.Exact < 0 {
					t.Fatalf("ParseSpan(nil, %q) = %+v", text, s)
				}
				if end := s.AddTo(now, berlin); !end.After(now) || end.Sub(now) > maxAhead+31*24*time.Hour {
					t.Fatalf("ParseSpan(nil, %q) = %+v ends at %v", text, s, end)
				}
			}
		}
		if wide := sameReading(in, sel); utf8.RuneCountInString(wide) <= MaxChars {
			a, errA := ParseSpan(nil, in)
			b, errB := ParseSpan(nil, wide)
			if (errA == nil) != (errB == nil) || a != b {
				t.Fatalf("ParseSpan(nil, %q) = %+v, %v but ParseSpan(nil, %q) = %+v, %v", in, a, errA, wide, b, errB)
			}
		}
	})
}
