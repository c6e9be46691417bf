// Package words is folkmoot's message catalog: every word a room sees, in every language the
// assembly may speak. Each package that says something keeps its wording beside its code, in
// lang/<language>.yaml (one file per language, editable without Go), and adds it to the
// catalog with Add from an init function; a Lang words a message in one room's language.
//
// The catalog is go-i18n's: CLDR plural rules for every language (Arabic's six forms among
// them), text/template placeholders ({{.Name}}) that a translator may move within a
// sentence, and YAML files read by the yaml.v3 folkmoot already uses.
package words

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"text/template"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"
)

// English is the language every message is written in first, and the one a room falls back
// to.
const English = "en"

// Language is one language folkmoot speaks.
type Language struct {
	Tag     string // BCP 47: "es", "ckb"
	Name    string // in its own words: "Español"
	English string // in English, for logs and the README: "Spanish"
	RTL     bool   // written right to left
}

// Shipped are the languages folkmoot speaks; a test fails when one lacks a message.
var Shipped = []Language{
	{Tag: "en", Name: "English", English: "English"},
	{Tag: "es", Name: "Español", English: "Spanish"},
	{Tag: "fr", Name: "Français", English: "French"},
	{Tag: "de", Name: "Deutsch", English: "German"},
	{Tag: "ar", Name: "العربية", English: "Arabic", RTL: true},
	{Tag: "ckb", Name: "کوردیی ناوەندی", English: "Kurdish (Sorani)", RTL: true},
	{Tag: "ku", Name: "Kurmancî", English: "Kurdish (Kurmanji)"},
}

// Tags lists the shipped languages' tags: "en, es, fr, …".
func Tags() string {
	tags := make([]string, len(Shipped))
	for i, l := range Shipped {
		tags[i] = l.Tag
	}
	return strings.Join(tags, ", ")
}

// aliases are other names people type for a shipped language. Kurmanji's ISO 639-3 code is
// kmr; CLDR (and so the plural rules) calls it ku.
var aliases = map[string]string{
	"kmr": "ku", "ku-latn": "ku", "kurmanji": "ku", "kurmancî": "ku",
	"sorani": "ckb", "ku-arab": "ckb", "kurdish": "ku",
	"english": "en", "spanish": "es", "español": "es", "castellano": "es", "french": "fr",
	"français": "fr", "german": "de", "deutsch": "de", "arabic": "ar",
}

// Find reads a language as people type it ("es", "ES", "es-MX", "kmr", "Deutsch") and
// returns the shipped language it names.
func Find(typed string) (Language, bool) {
	s := strings.ToLower(strings.TrimSpace(typed))
	if a, ok := aliases[s]; ok {
		s = a
	}
	for _, l := range Shipped {
		if s == l.Tag || typed == l.Name {
			return l, true
		}
	}
	// A regional variant speaks its language: es-MX is Spanish.
	if tag, err := language.Parse(s); err == nil {
		base, _ := tag.Base()
		for _, l := range Shipped {
			if base.String() == l.Tag {
				return l, true
			}
		}
	}
	return Language{}, false
}

// Catalog holds messages in every shipped language. The program has one, filled by Add.
// A language is parsed the first time a message is said in it, so a deployment whose rooms
// speak one language keeps one in memory (each takes about 1.3 MB and 10 ms to read).
type Catalog struct {
	mu       sync.Mutex
	sources  []fs.FS  // every package's message files, in the order they were added
	problems []string // files that are no shipped language's
	langs    sync.Map // tag -> *Lang, each made once
	parsed   sync.Map // tag -> *parsed, dropped when a package adds its files
}

// parsed is one language's messages, read from every source.
type parsed struct {
	localizer *i18n.Localizer
	messages  map[string]*i18n.Message // by ID, for Check and Has
	problems  []string                 // files that did not load
}

// NewCatalog is an empty catalog.
func NewCatalog() *Catalog { return &Catalog{} }

// catalog is the program's catalog.
var catalog = NewCatalog()

// Add loads a package's message files, lang/<tag>.yaml in fsys, into the program's catalog;
// each package with wording calls it from an init function.
func Add(fsys fs.FS) { catalog.Add(fsys) }

// Check lists what is wrong with the program's catalog (see Catalog.Check).
func Check() []string { return catalog.Check() }

// For is the shipped language that tag names (see Find), or English, in the program's
// catalog.
func For(tag string) *Lang { return catalog.For(tag) }

// Add takes the message files lang/<tag>.yaml in fsys; each language's are read when it is
// first spoken. A file that cannot be read, a template that does not parse or a message
// defined twice is left out and reported by Check, so it fails the tests rather than a room
// at run time.
func (c *Catalog) Add(fsys fs.FS) {
	files, err := fs.Glob(fsys, "lang/*.yaml")
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.problems = append(c.problems, err.Error())
		return
	}
	for _, name := range files {
		if tag := strings.TrimSuffix(path.Base(name), ".yaml"); !isShipped(tag) {
			c.problems = append(c.problems, fmt.Sprintf("%s: %q is not the tag of a shipped language", name, tag))
		}
	}
	c.sources = append(c.sources, fsys)
	c.parsed.Clear() // a language read before this package added its files is read again
}

// language is tag's messages, read from every source the first time.
func (c *Catalog) language(tag string) *parsed {
	if p, ok := c.parsed.Load(tag); ok {
		return p.(*parsed)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.parsed.Load(tag); ok {
		return p.(*parsed)
	}
	bundle := i18n.NewBundle(language.English)
	p := &parsed{messages: map[string]*i18n.Message{}}
	name := "lang/" + tag + ".yaml"
	for _, fsys := range c.sources {
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil {
			err = addFile(bundle, p.messages, name, data)
		}
		if err != nil {
			p.problems = append(p.problems, fmt.Sprintf("%s: %v", name, err))
		}
	}
	p.localizer = i18n.NewLocalizer(bundle, tag)
	c.parsed.Store(tag, p)
	return p
}

// addFile adds one file's messages to bundle and have, all or none.
func addFile(bundle *i18n.Bundle, have map[string]*i18n.Message, name string, data []byte) error {
	file, err := i18n.ParseMessageFileBytes(data, name, map[string]i18n.UnmarshalFunc{"yaml": yaml.Unmarshal})
	if err != nil {
		return err
	}
	for _, m := range file.Messages {
		if _, dup := have[m.ID]; dup {
			return fmt.Errorf("message %s is defined twice", m.ID)
		}
		for _, form := range forms(m) {
			if _, err := template.New(m.ID).Parse(form); err != nil {
				return fmt.Errorf("message %s: %w", m.ID, err)
			}
		}
	}
	for _, m := range file.Messages {
		have[m.ID] = m
	}
	return bundle.AddMessages(file.Tag, file.Messages...)
}

func isShipped(tag string) bool {
	for _, l := range Shipped {
		if l.Tag == tag {
			return true
		}
	}
	return false
}

// forms are the texts of a message's plural forms that it has.
func forms(m *i18n.Message) []string {
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
