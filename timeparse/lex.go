// Package timeparse reads the times people type in chat: relative ("in 90m",
// "for 2 days"), day and clock ("fri 18:00", "sunday evening", "next week"),
// absolute ("5 dec 18:30") and recurring ("every 2 weeks on tue 19:00",
// "every year on 1 mar", "every solstice", cron "0 19 * * 1"), always in a
// room's time zone. Typed input is bounded (MaxChars, MaxWords), so a pasted
// novel costs no more than a short line. It is a small hand-written grammar because natural-language
// libraries mis-read absolute dates and none handles recurrence.
package timeparse

import (
	"strings"
	"unicode"
)

// tokKind tells numbers, words and single symbols apart.
type tokKind int

const (
	tNum tokKind = iota + 1
	tWord
	tSym
)

// token is one lexeme; num is only meaningful for tNum (-1 when too long).
type token struct {
	kind tokKind
	text string
	num  int
}

// quoteReplacer maps what phones and word processors insert to plain ASCII,
// and "p.m." to "pm" so the dot-dropping lexer doesn't split it.
var quoteReplacer = strings.NewReplacer(
	"“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`, "«", `"`, "»", `"`,
	"‘", "'", "’", "'", "‚", "'", "‛", "'", "′", "'",
	"–", "-", "—", "-", "−", "-",
	"a.m.", "am", "p.m.", "pm",
)

// normalize lower-cases the input and maps typographic characters to ASCII.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(quoteReplacer.Replace(s))
}

// noise words carry no meaning in this grammar ("every month on the 1st
// at 10:00"); dropping them keeps the rules short. Quotes go too, since
// people quote the time they type ("remind “fri 18:00”"), and the "T" of a
// pasted 2026-12-05T18:30.
var noise = map[string]bool{"at": true, "on": true, "the": true, "of": true, "and": true,
	",": true, ".": true, `"`: true, "'": true, "t": true}

// tokenize splits normalized input into numbers, letter runs and symbols, so
// "1h30m" and "1 h 30 m" read the same.
func tokenize(s string) []token {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		j := i + 1
		switch {
		case r == ' ':
			i++
			continue
		case isDigit(r):
			for j < len(rs) && isDigit(rs[j]) {
				j++
			}
			toks = append(toks, numToken(string(rs[i:j])))
		case unicode.IsLetter(r):
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: tWord, text: string(rs[i:j])})
		default:
			toks = append(toks, token{kind: tSym, text: string(r)})
		}
		i = j
	}
	return toks
}

// isDigit accepts ASCII digits only; other scripts' digits are not times here.
func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// numToken converts a digit run; more than 9 digits can never be valid and
// is marked -1 so no rule accepts it (and nothing overflows).
func numToken(s string) token {
	t := token{kind: tNum, text: s, num: -1}
	if len(s) <= 9 {
		t.num = 0
		for _, c := range s {
			t.num = t.num*10 + int(c-'0')
		}
	}
	return t
}

// dropNoise removes filler words and punctuation that carry no meaning.
func dropNoise(toks []token) []token {
	out := toks[:0:0]
	for _, t := range toks {
		if !noise[t.text] {
			out = append(out, t)
		}
	}
	return out
}

// parser walks a token slice; rules consume on success and rewind on failure.
type parser struct {
	toks []token
	i    int
}

// newParser lexes normalized input and drops filler words.
func newParser(norm string) *parser {
	return &parser{toks: dropNoise(tokenize(norm))}
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
	if t.kind != tWord {
		return false
	}
	for _, w := range ws {
		if t.text == w {
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

// ordinalSuffix consumes "st", "nd", "rd" or "th" after a day number.
func (p *parser) ordinalSuffix() { p.word("st", "nd", "rd", "th") }
