package words

import (
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Lang words messages in one language. A nil *Lang speaks English, so code that has no room
// (a log line, a test) needs none.
type Lang struct {
	Language
	catalog *Catalog
	words   string // the catalog's language the messages come from: Tag, or English for Pseudo
	pseudo  bool
}

// For is the shipped language that tag names (see Find), or English.
func (c *Catalog) For(tag string) *Lang {
	l, ok := Find(tag)
	if !ok {
		l = Shipped[0]
	}
	if have, ok := c.langs.Load(l.Tag); ok {
		return have.(*Lang)
	}
	made, _ := c.langs.LoadOrStore(l.Tag, &Lang{Language: l, catalog: c, words: l.Tag})
	return made.(*Lang)
}

// Pseudo is the tests' pseudo-language: English with every message wrapped in ⟦…⟧, so a
// test can tell the words that went through the catalog from those that did not.
func Pseudo() *Lang {
	return &Lang{Language: Language{Tag: "en-XA", Name: "⟦English⟧", English: "pseudo"}, catalog: catalog, words: English, pseudo: true}
}

// Open and Close wrap each message of the pseudo-language.
const (
	Open  = "⟦"
	Close = "⟧"
)

// Unwrap is a message of the tests' pseudo-language without its wrapping (⟦…⟧), and whether
// it was wrapped; another text is returned as it is. Code that cuts a message into parts
// (examples, a first sentence) wraps each part again, so every part still shows it went
// through the catalog.
func Unwrap(s string) (string, bool) {
	if inner, ok := strings.CutPrefix(s, Open); ok {
		if inner, ok := strings.CutSuffix(inner, Close); ok {
			return inner, true
		}
	}
	return s, false
}

// Say words the message id with its placeholders given as name, value pairs:
// Say("tasks.added", "Number", 3, "Text", text).
func (l *Lang) Say(id string, pairs ...any) string {
	return l.say(id, nil, pairs)
}

// Count words the message id in the plural form for n (its placeholder {{.Count}}), with
// more placeholders as name, value pairs: Count("votes.open", 3) is "3 open votes".
func (l *Lang) Count(id string, n int, pairs ...any) string {
	return l.say(id, n, append(pairs, "Count", n))
}

func (l *Lang) say(id string, count any, pairs []any) string {
	if l == nil {
		l = For(English)
	}
	data := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		data[name] = l.isolate(pairs[i+1])
	}
	config := &i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count}
	text, err := l.catalog.language(l.words).localizer.Localize(config)
	if text == "" && err != nil && l.words != English {
		// A message this language lacks (Check reports it) is said in English.
		text, err = l.catalog.language(English).localizer.Localize(config)
	}
	if text == "" && err != nil {
		// Only a message missing from English itself gets here; a test keeps every ID the
		// code names in the catalog, so this is a bug shown as plainly as possible.
		text = id
	}
	if l.pseudo {
		return Open + text + Close
	}
	return text
}

// Bidi isolates (FSI … PDI): in a right-to-left sentence a member's name, a number or an ID
// keeps its own direction and does not drag the words around it along.
const (
	fsi = "\u2068"
	pdi = "\u2069"
)

// isolate wraps a placeholder's value in bidi isolates in a right-to-left language.
func (l *Lang) isolate(v any) any {
	if !l.RTL {
		return v
	}
	s := fmt.Sprint(v)
	if s == "" || strings.HasPrefix(s, fsi) && strings.HasSuffix(s, pdi) {
		return s
	}
	return fsi + s + pdi
}

// Has reports whether the program's catalog has the message id in English.
func Has(id string) bool {
	_, ok := catalog.language(English).messages[id]
	return ok
}
