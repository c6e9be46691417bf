package commands

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"folkmoot/bot"
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
	if rest, ok := bot.StripAddress(s, names...); ok {
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
	if first, _ := utf8.DecodeRuneInString(name); !unicode.IsLetter(first) {
		return Invocation{}, false // "" too: no letter
	}
	return Invocation{Name: strings.ToLower(name), Rest: strings.TrimSpace(rest)}, true
}

// Token is one argument word; Quoted words came inside quotes and are never flags. Start is
// its byte offset in the text given to Tokenize (after smart quotes were made plain).
type Token struct {
	Text   string
	Quoted bool
	Start  int
}

// Tokenize splits argument text into words, keeping "double", 'single' and “smart” quoted
// phrases together. An unclosed quote runs to the end of the text (people forget them).
// An apostrophe inside a word (don't) is part of the word.
func Tokenize(s string) []Token {
	s = smartQuotes.Replace(s)
	var toks []Token
	var cur strings.Builder
	inWord, quoted, start := false, false, 0
	var quote rune
	flush := func() {
		if inWord {
			toks = append(toks, Token{Text: cur.String(), Quoted: quoted, Start: start})
		}
		cur.Reset()
		inWord, quoted = false, false
	}
	for i, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
				continue
			}
			cur.WriteRune(r)
		case (r == '"' || r == '\'') && !inWord:
			quote, inWord, quoted, start = r, true, true, i
		case unicode.IsSpace(r):
			flush()
		default:
			if !inWord {
				start = i
			}
			inWord = true
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}
