package words

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names are what each shipped language but English calls a set of things (the commands)
// beside their English names: for each key, the words of the message id(key), separated by
// spaces. A name is found in any case, and without its accents ("si" for "sí") where that
// form names one thing only.
type Names struct {
	langs map[string]*names
}

// names are one language's names.
type names struct {
	byName  map[string]string   // a name in lower case, or without accents, -> its key
	of      map[string][]string // a key -> its names as written
	written []Name              // every name as written, for suggestions
}

// Name is a name as written and the key it names.
type Name struct{ Name, Key string }

// ReadNames reads every shipped language's names for keys. english finds the key an English
// name or alias belongs to: a language's name that is another key's English name, or another
// key's name in the same language, is refused, since a member typing it could mean either;
// a key's own English name, listed for the translator, is skipped.
func ReadNames(keys []string, id func(key string) string, english func(name string) (key string, ok bool)) (*Names, error) {
	n := &Names{langs: map[string]*names{}}
	for _, lang := range Shipped[1:] {
		l := For(lang.Tag)
		ns := &names{byName: map[string]string{}, of: map[string][]string{}}
		bare := map[string]string{} // accent-less forms; "" where two keys share one
		for _, key := range keys {
			if !Has(id(key)) {
				continue
			}
			for _, name := range strings.Fields(l.Say(id(key))) {
				lower := strings.ToLower(name)
				if other, ok := english(lower); ok {
					if other != key {
						return nil, fmt.Errorf("%q: its %s name %q is the English name of %q", key, lang.Tag, name, other)
					}
					continue
				}
				if other, ok := ns.byName[lower]; ok {
					if other != key {
						return nil, fmt.Errorf("%q: its %s name %q is %q's too", key, lang.Tag, name, other)
					}
					continue
				}
				ns.byName[lower] = key
				ns.of[key] = append(ns.of[key], name)
				ns.written = append(ns.written, Name{name, key})
				if b := WithoutMarks(lower); b != lower {
					if other, seen := bare[b]; seen && other != key {
						bare[b] = ""
					} else {
						bare[b] = key
					}
				}
			}
		}
		for b, key := range bare {
			_, isEnglish := english(b)
			if _, written := ns.byName[b]; key != "" && !isEnglish && !written {
				ns.byName[b] = key
			}
		}
		n.langs[lang.Tag] = ns
	}
	return n, nil
}

// Find is the key l's name typed names (any case, accents optional), if any. English names
// are the caller's: nil and English find none here.
func (n *Names) Find(l *Lang, typed string) (string, bool) {
	ns := n.in(l)
	if ns == nil {
		return "", false
	}
	lower := strings.ToLower(typed)
	if key, ok := ns.byName[lower]; ok {
		return key, true
	}
	key, ok := ns.byName[WithoutMarks(lower)]
	return key, ok
}

// Of lists l's names for key as written ("votar", "votación"): none in English.
func (n *Names) Of(l *Lang, key string) []string {
	if ns := n.in(l); ns != nil {
		return append([]string(nil), ns.of[key]...)
	}
	return nil
}

// All lists every name l gives, as written, with its key: none in English.
func (n *Names) All(l *Lang) []Name {
	if ns := n.in(l); ns != nil {
		return ns.written
	}
	return nil
}

func (n *Names) in(l *Lang) *names {
	if n == nil || l == nil {
		return nil
	}
	return n.langs[l.Tag]
}

// WithoutMarks is s without its accents and other combining marks: "si" for "sí",
// "votacion" for "votación".
func WithoutMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}
