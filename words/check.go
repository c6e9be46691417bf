package words

import (
	"fmt"
	"regexp"
	"slices"
	"sort"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Check reads every language and lists what is wrong with the catalog as added so far: files that did not load, and
// for each shipped language, messages it lacks, messages English does not have, plural forms
// its grammar needs and a translation does not give, and placeholders a translation drops or
// adds. The tests of every package that adds messages call it; an empty list is a whole
// catalog.
func (c *Catalog) Check() []string {
	c.mu.Lock()
	problems := slices.Clone(c.problems)
	c.mu.Unlock()
	english := c.language(English).messages
	problems = append(problems, c.language(English).problems...)
	for _, lang := range Shipped[1:] {
		parsed := c.language(lang.Tag)
		problems = append(problems, parsed.problems...)
		have := parsed.messages
		for _, id := range sortedIDs(english) {
			en := english[id]
			m, ok := have[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s has no translation", lang.Tag, id))
				continue
			}
			if want, got := placeholders(en), placeholders(m); !slices.Equal(want, got) {
				problems = append(problems, fmt.Sprintf("%s: %s has the placeholders %v, English %v", lang.Tag, id, got, want))
			}
			if isPlural(en) {
				for _, form := range neededForms(lang.Tag) {
					if text(m, form) == "" {
						problems = append(problems, fmt.Sprintf("%s: %s lacks the plural form %q", lang.Tag, id, form))
					}
				}
			}
		}
		for _, id := range sortedIDs(have) {
			if _, ok := english[id]; !ok {
				problems = append(problems, fmt.Sprintf("%s: %s is not an English message (renamed or gone?)", lang.Tag, id))
			}
		}
	}
	return problems
}

func sortedIDs(m map[string]*i18n.Message) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

var placeholder = regexp.MustCompile(`{{-?\s*\.(\w+)`)

// placeholders are the names a message's forms use, sorted, each once.
func placeholders(m *i18n.Message) []string {
	var names []string
	for _, form := range forms(m) {
		for _, match := range placeholder.FindAllStringSubmatch(form, -1) {
			names = append(names, match[1])
		}
	}
	sort.Strings(names)
	return slices.Compact(names)
}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// neededForms are the CLDR plural forms a language uses for whole numbers: Arabic all six,
// English one and other.
func neededForms(tag string) []string {
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	t := language.MustParse(tag)
	seen := map[string]bool{}
	for n := 0; n < 1000; n++ {
		seen[names[plural.Cardinal.MatchPlural(t, n, 0, 0, 0, 0)]] = true
	}
	var out []string
	for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

func text(m *i18n.Message, form string) string {
	return map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}[form]
}
