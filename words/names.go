package words

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Names are what each shipped language but English calls a set of things (the commands)
// beside their English names: for each key, the words of the message id(key), separated by
// spaces. A name is found in any case, and without its accents ("si" for "sí") where that
// form names one thing only. A language's names are read the first time a room speaking it
// looks one up, as its messages are.
type Names struct {
	keys    []string
	id      func(key string) string
	english func(name string) (key string, ok bool)
	langs   sync.Map // tag -> *names
}

// names are one language's names.
type names struct {
	byName  map[string]string   // a name in lower case, or without accents, -> its key
	of      map[string][]string // a key -> its names as written
	written []Name              // every name as written, for suggestions
	err     error               // the first name refused; Check reports it
}

// Name is a name as written and the key it names.
type Name struct{ Name, Key string }

// NewNames gives keys the names each shipped language's message id(key) lists. english finds
// the key an English name or alias belongs to: a language's name that is another key's
// English name, or another key's name in the same language, is refused (Check says which),
// since a member typing it could mean either; a key's own English name, listed for the
// translator, is skipped.
func NewNames(keys []string, id func(key string) string, english func(name string) (key string, ok bool)) *Names {
	return &Names{keys: keys, id: id, english: english}
}

// Check reads every shipped language's names and reports the first one refused.
func (n *Names) Check() error {
	for _, lang := range Shipped[1:] {
		if err := n.in(For(lang.Tag)).err; err != nil {
			return err
		}
	}
	return nil
}

// read reads l's names.
func (n *Names) read(l *Lang) *names {
	ns := &names{byName: map[string]string{}, of: map[string][]string{}}
	bare := map[string]string{} // accent-less forms; "" where two keys share one
	refuse := func(format string, args ...any) {
		if ns.err == nil {
			ns.err = fmt.Errorf(format, args...)
		}
	}
	for _, key := range n.keys {
		if !Has(n.id(key)) {
			continue
		}
		for _, name := range strings.Fields(l.Say(n.id(key))) {
			lower := strings.ToLower(name)
			if other, ok := n.english(lower); ok {
				if other != key {
					refuse("%q: its %s name %q is the English name of %q", key, l.Tag, name, other)
				}
				continue
			}
			if other, ok := ns.byName[lower]; ok {
				if other != key {
					refuse("%q: its %s name %q is %q's too", key, l.Tag, name, other)
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
		_, isEnglish := n.english(b)
		if _, written := ns.byName[b]; key != "" && !isEnglish && !written {
			ns.byName[b] = key
		}
	}
	return ns
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
	if n == nil || l == nil || l.words == English {
		return nil
	}
	if ns, ok := n.langs.Load(l.Tag); ok {
		return ns.(*names)
	}
	ns, _ := n.langs.LoadOrStore(l.Tag, n.read(l))
	return ns.(*names)
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
