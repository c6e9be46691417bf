package commands

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"folkmoot/phrase"
	"folkmoot/words"
)

// Registry holds the declared commands by name and alias, and by the names each shipped
// language gives them (help.<command>.names in the feature's catalog: `!votar` in a room
// speaking Spanish).
type Registry struct {
	commands []*Command
	byName   map[string]*Command
	byPhrase map[string]*Command
	// tongues holds each shipped language's names but English's, by tag.
	tongues map[string]*tongue
}

// tongue is the command names of one language.
type tongue struct {
	// byName holds each name in lower case, and without its accents ("si" for "sí") where
	// that form names no other command.
	byName map[string]*Command
	// names lists a command's names as the catalog writes them, English ones left out.
	names map[*Command][]string
	// written holds each name as written, with its command, for suggestions.
	written []named
}

// named is a name as written and the command it names.
type named struct {
	name string
	cmd  *Command
}

// NewRegistry registers cmds and refuses a name or alias used twice (a start-up error), and
// a name a language gives a command that is another command's English name or alias, or
// another command's name in that language. The check needs every language's names, so each
// language's names are read here, once.
func NewRegistry(cmds []*Command) (*Registry, error) {
	r := &Registry{byName: map[string]*Command{}, byPhrase: map[string]*Command{}, tongues: map[string]*tongue{}}
	for _, c := range cmds {
		if c.Name == "" || (c.Run == nil && len(c.Subcommands) == 0) || c.Section == "" || c.HelpText(nil) == "" {
			return nil, fmt.Errorf("command %q: name, section, help and handler are required", c.Name)
		}
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			n = strings.ToLower(n)
			if prev, dup := r.byName[n]; dup {
				return nil, fmt.Errorf("command name %q is declared twice (%s and %s)", n, prev.Name, c.Name)
			}
			r.byName[n] = c
		}
		for _, p := range c.Phrases {
			r.byPhrase[strings.ToLower(p)] = c
		}
		for _, sub := range c.Subcommands {
			sub.parent = c
			if sub.Run == nil || sub.HelpText(nil) == "" {
				return nil, fmt.Errorf("command %q %q: help and handler are required", c.Name, sub.Name)
			}
		}
		r.commands = append(r.commands, c)
	}
	for _, lang := range words.Shipped[1:] {
		t, err := r.readTongue(words.For(lang.Tag))
		if err != nil {
			return nil, err
		}
		r.tongues[lang.Tag] = t
	}
	return r, nil
}

// readTongue reads the names l gives the commands.
func (r *Registry) readTongue(l *words.Lang) (*tongue, error) {
	t := &tongue{byName: map[string]*Command{}, names: map[*Command][]string{}}
	bare := map[string]*Command{} // accent-less forms; nil where two commands share one
	for _, c := range r.commands {
		for _, n := range namesIn(l, c) {
			key := strings.ToLower(n)
			if other, ok := r.byName[key]; ok {
				if other != c {
					return nil, fmt.Errorf("command %q: its %s name %q is the English name of %q", c.Name, l.Tag, n, other.Name)
				}
				continue // its own English name or alias, listed for the translator
			}
			if other, ok := t.byName[key]; ok {
				if other != c {
					return nil, fmt.Errorf("command %q: its %s name %q is %q's too", c.Name, l.Tag, n, other.Name)
				}
				continue
			}
			t.byName[key] = c
			t.names[c] = append(t.names[c], n)
			t.written = append(t.written, named{n, c})
			if b := stripMarks(key); b != key {
				if other, seen := bare[b]; seen && other != c {
					bare[b] = nil
				} else {
					bare[b] = c
				}
			}
		}
	}
	for b, c := range bare {
		_, english := r.byName[b]
		if _, written := t.byName[b]; c != nil && !english && !written {
			t.byName[b] = c
		}
	}
	return t, nil
}

// namesIn are the names l gives a top-level command (help.<name>.names), as written.
func namesIn(l *words.Lang, c *Command) []string {
	id := "help." + c.Name + ".names"
	if !words.Has(id) {
		return nil
	}
	return strings.Fields(l.Say(id))
}

// stripMarks is a name without its accents and other combining marks: "si" for "sí",
// "votacion" for "votación".
func stripMarks(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	for _, r := range d {
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Lookup finds a command by name or alias, case-insensitively, and then by a name in l (nil
// is English alone), with or without its accents.
func (r *Registry) Lookup(l *words.Lang, name string) (*Command, bool) {
	key := strings.ToLower(name)
	if c, ok := r.byName[key]; ok {
		return c, true
	}
	t := r.tongue(l)
	if t == nil {
		return nil, false
	}
	if c, ok := t.byName[key]; ok {
		return c, true
	}
	c, ok := t.byName[stripMarks(key)]
	return c, ok
}

// tongue is l's names, or nil for English (and a language that is not shipped).
func (r *Registry) tongue(l *words.Lang) *tongue {
	if l == nil {
		return nil
	}
	return r.tongues[l.Tag]
}

// NamesIn lists the names l gives a command beside its English name and aliases, as written
// ("votar", "votación"): none in English.
func (r *Registry) NamesIn(l *words.Lang, c *Command) []string {
	if t := r.tongue(l); t != nil {
		return slices.Clone(t.names[c])
	}
	return nil
}

// LookupPhrase finds a command said in two words ("stand aside"): the command and the rest
// after the phrase.
func (r *Registry) LookupPhrase(name, rest string) (*Command, string, bool) {
	first, after, _ := strings.Cut(rest, " ")
	c, ok := r.byPhrase[strings.ToLower(name+" "+first)]
	return c, strings.TrimSpace(after), ok
}

// Commands lists every command in declaration order.
func (r *Registry) Commands() []*Command { return r.commands }

// Sections lists the section names in the order they were first declared.
func (r *Registry) Sections() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range r.commands {
		if !seen[c.Section] {
			seen[c.Section] = true
			out = append(out, c.Section)
		}
	}
	return out
}

// Nearest lists up to n command names close to a mistyped one, nearest first: English names
// and l's, one per command, each as the nearest of its names is written.
func (r *Registry) Nearest(l *words.Lang, name string, n int) []string {
	names := r.ranked(l, name)
	return names[:min(n, len(names))]
}

// Suggest returns the known name closest to a mistyped one, or "": an English name or one of
// l's, as written.
func (r *Registry) Suggest(l *words.Lang, name string) string {
	if names := r.ranked(l, name); len(names) > 0 {
		return names[0]
	}
	return ""
}

// ranked lists the command names close enough to a mistyped one, nearest first. An English
// name or alias is suggested as the command's name; a name of l as written.
func (r *Registry) ranked(l *words.Lang, name string) []string {
	name = strings.ToLower(name)
	if len([]rune(name)) < 2 {
		return nil // one letter is too little to guess from
	}
	// Distances are counted in half steps so that two swapped letters ("stauts"), the
	// commonest slip, come before a letter too many ("stats").
	type near struct {
		name string
		cmd  *Command
		half int
	}
	var found []near
	consider := func(n, shown string, c *Command) {
		half := 2 * phrase.EditDistance(name, n)
		if bare := stripMarks(name); bare != name || stripMarks(n) != n {
			half = min(half, 2*phrase.EditDistance(bare, stripMarks(n)))
		}
		if strings.HasPrefix(n, name) && len(name) >= 3 {
			half = min(half, 2)
		}
		if half > 0 && phrase.SameLetters(name, n) {
			half = min(half, 1)
		}
		if half < 6 && (half+1)/2 <= max(1, len(name)/2) {
			found = append(found, near{shown, c, half})
		}
	}
	for n, c := range r.byName {
		consider(n, c.Name, c)
	}
	if t := r.tongue(l); t != nil {
		for _, w := range t.written {
			consider(strings.ToLower(w.name), w.name, w.cmd)
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].half != found[j].half {
			return found[i].half < found[j].half
		}
		return found[i].name < found[j].name // deterministic among equals
	})
	var out []string
	var seen []*Command
	for _, f := range found {
		if !slices.Contains(seen, f.cmd) {
			seen = append(seen, f.cmd)
			out = append(out, f.name)
		}
	}
	return out
}
