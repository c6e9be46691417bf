// Package timeparse reads the times people type in chat, always in a room's
// time zone. It is a small hand-written grammar because natural-language
// libraries mis-read absolute dates and none handles recurrence.
//
//   - Relative: "in 90m", "for 2 days", "48h", "in 1h30", "in 3 months",
//     "for a year". Months and years are calendar ones (Span.AddTo: a month
//     from 31 Jan is 28 Feb), days keep the wall-clock time across DST,
//     hours are elapsed time.
//   - A day and a time of day, in either order: "fri 18:00", "6pm tomorrow",
//     "sunday evening", "5 dec 18:30", "2026-12-05 18:30", "next week"
//     (Monday), "next friday" — the first Friday after today: tomorrow when
//     said on a Thursday, a week on when said on a Friday, where "friday"
//     alone is today's if its time is still ahead.
//   - Clocks as French and German speakers write them: "18h", "18h30", "18
//     Uhr", "18:30 Uhr", "18.30 Uhr"; and "at 18". A bare "18h" could be a
//     time of day or a duration, so it is asked about, never guessed: "at
//     18h" is 18:00, "in 18h" is 18 hours (from "24h" on only a duration
//     fits, so "48h" is in 48 hours; after "until" only a clock does). "at 9"
//     is asked about too: 09:00 or 21:00?
//   - Recurring: "every 2 weeks on tue 19:00", "every year on 1 mar 09:00",
//     "every solstice 19:00", cron "0 19 * * 1". Each needs its time of day;
//     none is given one silently.
//
// Each form is read in the room's language too, on top of English: "mañana
// 18:00", "vendredi 18h", "Freitag 18 Uhr", "الجمعة ١٨:٠٠", "cada lunes
// 19:00". The words come from the catalog (timeparse.read.* in lang/*.yaml,
// see vocab.go), so a translator adds them without Go; the grammar itself
// is written once, in English tokens.
//
// Digits of every script are read as digits (١٨:٠٠, ۱۸:۰۰, १८:००, １８：００);
// other numerals (², ⑱, Ⅻ) are refused, never guessed. Input that fits no form
// is answered with the word where reading stopped (not the whole text), what
// was read before it and what was expected there. Typed input is bounded
// (MaxChars, MaxWords), so a pasted novel costs no more than a short line.
package timeparse

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folkmoot/words"
)

// tokKind tells numbers, words and single symbols apart.
type tokKind int

const (
	tNum tokKind = iota + 1
	tWord
	tSym
)

// token is one lexeme; num is only meaningful for tNum (-1 when too long).
// word is the index of the typed word it comes from, so an error can quote
// what was typed; at says an "at" came just before it ("at 18h" is a time of
// day, "18h" alone could be a duration). A word of the room's language reads
// as the English token it stands for (text), and as a second one (alt) when
// its language lists it twice (es "mar": Tuesday and March); typed is what
// was typed, for echoes, and count the number a unit word means by itself
// (Arabic "ساعتين", two hours).
type token struct {
	kind  tokKind
	text  string
	alt   string
	typed string
	num   int
	count int
	word  int
	at    bool
}

// is reports whether t is the word w in either reading.
func (t token) is(w string) bool { return t.kind == tWord && (t.text == w || t.alt == w) }

// quoteReplacer maps what phones and word processors insert to plain ASCII,
// and "p.m." to "pm" so the dot-dropping lexer doesn't split it.
var quoteReplacer = strings.NewReplacer(
	"“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`, "«", `"`, "»", `"`,
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'",
	"–", "-", "—", "-", "−", "-",
	"a.m.", "am", "p.m.", "pm",
)

// normalize lower-cases the input and maps what keyboards of every script
// type to the ASCII the grammar reads (see normalizeWord); words are joined by
// one space, so the n-th word of the result is the n-th typed word.
func normalize(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = normalizeWord(w)
	}
	return strings.Join(words, " ")
}

// normalizeWord lower-cases one typed word and reads it as the ASCII it
// stands for: a decimal digit of any script is its value (Arabic-Indic ١٨,
// Persian ۱۸, Devanagari १८, fullwidth １８), the fullwidth forms CJK
// keyboards type are their ASCII letters and signs (１８：００), typographic
// quotes and dashes are plain ones. Invisible format characters go: the
// bidi marks an RTL keyboard puts around numbers, zero-width joiners, the
// BOM. Other characters stay, and no rule reads them, so a number written
// any other way (², ⑱, Ⅻ) is refused, never guessed. The word is then
// composed (NFC), so "ñ" typed as an n and a combining tilde is "ñ".
func normalizeWord(w string) string {
	w = strings.Map(func(r rune) rune {
		switch {
		case r < utf8.RuneSelf:
			return unicode.ToLower(r)
		case r >= 0xFF01 && r <= 0xFF5E: // fullwidth ASCII
			return unicode.ToLower(r - 0xFEE0)
		case unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsDigit(r):
			return '0' + digitValue(r)
		}
		return unicode.ToLower(r)
	}, w)
	if !isASCII(w) {
		w = norm.NFC.String(w)
	}
	return quoteReplacer.Replace(w)
}

// digitValue is the value of a decimal digit of any script. Unicode encodes
// each script's digits 0 to 9 in a contiguous run, and unicode.Digit's ranges
// are whole runs, so a digit's value is its offset in its range modulo ten
// (TestDigitRangesAreWholeRuns keeps that true).
func digitValue(r rune) rune {
	for _, rg := range unicode.Digit.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Digit.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return (r - rune(rg.Lo)) % 10
		}
	}
	return 0 // not reached: callers pass unicode.IsDigit runes
}

// noise words carry no meaning in this grammar ("every month on the 1st
// at 10:00"); dropping them keeps the rules short. Quotes go too, since
// people quote the time they type ("remind “fri 18:00”"), and the "T" of a
// pasted 2026-12-05T18:30. "at" is remembered on the next token: it says a
// bare hour is a time of day.
var noise = map[string]bool{"at": true, "on": true, "the": true, "of": true, "and": true,
	",": true, ".": true, `"`: true, "'": true, "t": true, "،": true, "؛": true}

// isASCII reports whether s is all ASCII, which needs no Unicode folding.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// tokenize splits one normalized word into numbers, letter runs and
// symbols, so "1h30m" and "1 h 30 m" read the same.
func tokenize(s string, word int) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		j := i + size
		switch {
		case isDigit(r):
			for j < len(s) && isDigit(rune(s[j])) {
				j++
			}
			toks = append(toks, numToken(s[i:j], word))
		case unicode.IsLetter(r):
			// Marks go with their letter: the vowel signs of "غداً", an
			// accent typed apart.
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) && !unicode.IsMark(r2) {
					break
				}
				j += n
			}
			toks = append(toks, token{kind: tWord, text: s[i:j], typed: s[i:j], word: word})
		default:
			toks = append(toks, token{kind: tSym, text: s[i:j], typed: s[i:j], word: word})
		}
		i = j
	}
	return toks
}

// isDigit accepts ASCII digits only: normalizeWord has already read every
// other script's digits as ASCII ones.
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numToken converts a digit run; more than 9 digits can never be valid and
// is marked -1 so no rule accepts it (and nothing overflows).
func numToken(s string, word int) token {
	t := token{kind: tNum, text: s, typed: s, num: -1, word: word}
	if len(s) <= 9 {
		t.num = 0
		for _, c := range s {
			t.num = t.num*10 + int(c-'0')
		}
	}
	return t
}

// lex reads typed input in a language: its words as typed (for echoes) and
// the tokens of their normalized forms, read in the vocabulary (see
// vocab.read), filler words dropped. A word that is filler in the room's
// language and means something in English (de "am" in "am Freitag", and "9
// am") is dropped only where the English reading can't be meant: not glued
// to what comes before it, and something after it.
func lex(v *vocab, input string) (words []string, toks []token) {
	words = strings.Fields(input)
	raw := make([]token, 0, 2*len(words))
	for i, w := range words {
		for _, t := range tokenize(normalizeWord(w), i) {
			if t.kind != tSym || !noise[t.text] {
				raw = append(raw, t)
			}
		}
	}
	read := v.read(raw)
	toks = make([]token, 0, len(read))
	at := false
	for j, t := range read {
		if t.kind == tWord && (noise[t.text] || noise[t.alt]) {
			other := t.alt
			if noise[t.alt] {
				other = t.text
			}
			meant := other != "" && !noise[other] && (j == len(read)-1 || j > 0 && read[j-1].word == t.word)
			if !meant {
				at = at || t.is("at")
				continue
			}
			t.text, t.alt = other, ""
		}
		t.at, at = at, false
		toks = append(toks, t)
	}
	// "يوم الجمعة", "ڕۆژی هەینی": the word for day before a weekday's name
	// adds nothing to it.
	out := toks[:0]
	for j, t := range toks {
		if t.is("day") && j+1 < len(toks) && isWeekday(toks[j+1]) {
			toks[j+1].at = toks[j+1].at || t.at
			continue
		}
		out = append(out, t)
	}
	return words, out
}

// parser walks a token slice; rules consume on success and rewind on
// failure. Rules that fail say what they expected where they stopped, and the
// parser keeps what was expected at the furthest token any rule reached:
// that is where the input stopped making sense, and what an error quotes.
type parser struct {
	l     *words.Lang // the room's language, for errors
	v     *vocab      // and its words
	words []string    // as typed
	toks  []token
	i     int
	far   int           // the furthest token a rule stopped at; -1 before any
	want  []expectation // what the rules that stopped at far expected there
}

// expectation is one thing a rule would have read where it stopped: a
// timeparse.expect.* message, worded only when an error shows it (n and s
// fill its examples).
type expectation struct {
	id string
	n  int
	s  string
}

// newParser lexes input in the room's language and drops filler words.
func newParser(l *words.Lang, input string) *parser {
	v := vocabFor(l)
	ws, toks := lex(v, input)
	return &parser{l: l, v: v, words: ws, toks: toks, far: -1}
}

// expect records that at the current token, one of what would have been read.
func (p *parser) expect(id string) { p.expectAt(p.i, expectation{id: id}) }

// expectN is expect with a number for its examples ("18:00" for 18).
func (p *parser) expectN(id string, n int) { p.expectAt(p.i, expectation{id: id, n: n}) }

// expectS is expect with a word for its examples.
func (p *parser) expectS(id, s string) { p.expectAt(p.i, expectation{id: id, s: s}) }

// expectAt records what was expected at token i (len(toks) is the end).
func (p *parser) expectAt(i int, what expectation) {
	switch {
	case i > p.far:
		p.far, p.want = i, []expectation{what}
	case i == p.far && !slices.Contains(p.want, what):
		p.want = append(p.want, what)
	}
}

func (p *parser) done() bool { return p.i >= len(p.toks) }

// peek returns the next token, or a zero token at the end.
func (p *parser) peek() token {
	if p.done() {
		return token{}
	}
	return p.toks[p.i]
}

// peekAt looks k tokens ahead without consuming.
func (p *parser) peekAt(k int) token {
	if p.i+k >= len(p.toks) {
		return token{}
	}
	return p.toks[p.i+k]
}

// word consumes the next token if it is one of ws.
func (p *parser) word(ws ...string) bool {
	t := p.peek()
	for _, w := range ws {
		if t.is(w) {
			p.i++
			return true
		}
	}
	return false
}

// sym consumes the next token if it is the symbol s.
func (p *parser) sym(s string) bool {
	if t := p.peek(); t.kind == tSym && t.text == s {
		p.i++
		return true
	}
	return false
}

// number consumes a number of at most maxDigits digits.
func (p *parser) number(maxDigits int) (int, bool) {
	t := p.peek()
	if t.kind != tNum || t.num < 0 || len(t.text) > maxDigits {
		return 0, false
	}
	p.i++
	return t.num, true
}

// minutes consumes a two-digit minute count (00 to 59 is checked by callers).
func (p *parser) minutes() (int, bool) {
	if t := p.peek(); t.kind != tNum || len(t.text) != 2 {
		return 0, false
	}
	return p.number(2)
}

// glued reports whether token i is in the same typed word as token i-1
// ("18h30", not "18h 30").
func (p *parser) glued(i int) bool {
	return i > 0 && i < len(p.toks) && p.toks[i].word == p.toks[i-1].word
}

// ordinalSuffix consumes "st", "nd", "rd" or "th" after a day number (and
// what the room's language writes there: fr "1er").
func (p *parser) ordinalSuffix() { p.word("st", "nd", "rd", "th") }

// isWeekday reports whether t names a weekday in either reading.
func isWeekday(t token) bool {
	_, ok := weekdayOf(t)
	return ok
}

// weekdayOf is the weekday t names.
func weekdayOf(t token) (time.Weekday, bool) {
	if t.kind != tWord {
		return 0, false
	}
	if wd, ok := weekdays[t.text]; ok {
		return wd, true
	}
	wd, ok := weekdays[t.alt]
	return wd, ok
}

// monthOf is the month t names.
func monthOf(t token) (time.Month, bool) {
	if t.kind != tWord {
		return 0, false
	}
	if m, ok := months[t.text]; ok {
		return m, true
	}
	m, ok := months[t.alt]
	return m, ok
}

// unitOf is the unit t names.
func unitOf(t token) (unit, bool) {
	if t.kind != tWord {
		return unit{}, false
	}
	if u, ok := units[t.text]; ok {
		return u, true
	}
	u, ok := units[t.alt]
	return u, ok
}

// dayPartOf is the time of day t names ("evening").
func dayPartOf(t token) (clock, bool) {
	if t.kind != tWord {
		return clock{}, false
	}
	if c, ok := dayParts[t.text]; ok {
		return c, true
	}
	c, ok := dayParts[t.alt]
	return c, ok
}
