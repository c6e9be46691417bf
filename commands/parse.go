package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Invocation is a message that addresses the bot: the command name as typed and its raw
// argument text.
type Invocation struct {
	Name string // lower-cased
	Rest string // everything after the name, trimmed
}

// smartQuotes maps the typographic quotes phones insert to plain ones.
var smartQuotes = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "‚", "'")

// Parse recognises a command in a chat message. A command starts with the prefix ("!help"),
// or follows an address to the bot by one of its names ("folkmoot: help", "folkmoot, !help");
// addressed is true when the transport already saw a mention of the bot at the start. It
// returns false for ordinary conversation.
func Parse(text, prefix string, names []string, addressed bool) (Invocation, bool) {
	s := strings.TrimSpace(text)
	if rest, ok := stripAddress(s, names); ok {
		s, addressed = rest, true
	}
	switch {
	case strings.HasPrefix(s, prefix):
		s = s[len(prefix):]
	case !addressed:
		return Invocation{}, false
	}
	name, rest, _ := strings.Cut(s, " ")
	name = strings.TrimSpace(name)
	if name == "" || !isWordStart(name) {
		return Invocation{}, false
	}
	return Invocation{Name: strings.ToLower(name), Rest: strings.TrimSpace(rest)}, true
}

// stripAddress removes a leading "name:" / "name," / "@name" addressed to the bot.
func stripAddress(s string, names []string) (string, bool) {
	for _, n := range names {
		if n == "" {
			continue
		}
		t := strings.TrimPrefix(s, "@")
		if len(t) < len(n) || !strings.EqualFold(t[:len(n)], n) {
			continue
		}
		after := t[len(n):]
		if after == "" {
			return "", true
		}
		r, size := utf8.DecodeRuneInString(after)
		if r == ':' || r == ',' || unicode.IsSpace(r) {
			return strings.TrimSpace(after[size:]), true
		}
	}
	return s, false
}

func isWordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// Token is one argument word; Quoted words came inside quotes and are never flags.
type Token struct {
	Text   string
	Quoted bool
}

// Tokenize splits argument text into words, keeping "double", 'single' and “smart” quoted
// phrases together. An unclosed quote runs to the end of the text (people forget them).
// An apostrophe inside a word (don't) is part of the word.
func Tokenize(s string) []Token {
	s = smartQuotes.Replace(s)
	var toks []Token
	var cur strings.Builder
	inWord, quoted := false, false
	var quote rune
	flush := func() {
		if inWord {
			toks = append(toks, Token{Text: cur.String(), Quoted: quoted})
		}
		cur.Reset()
		inWord, quoted = false, false
	}
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
				continue
			}
			cur.WriteRune(r)
		case (r == '"' || r == '\'') && !inWord:
			quote, inWord, quoted = r, true, true
		case unicode.IsSpace(r):
			flush()
		default:
			inWord = true
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}
