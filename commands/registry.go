package commands

import (
	"fmt"
	"strings"

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
	names    *words.Names // each language's names, by command name
}

// NewRegistry registers cmds and refuses a name or alias used twice (a start-up error), and
// a name a language gives a command that is another command's English name or alias, or
// another command's name in that language. The check needs every language's names, so each
// language's names are read here, once.
func NewRegistry(cmds []*Command) (*Registry, error) {
	r := &Registry{byName: map[string]*Command{}, byPhrase: map[string]*Command{}}
	for _, c := range cmds {
		if c.Name == "" || (c.Run == nil && len(c.Subcommands) == 0) || c.Section == "" {
			return nil, fmt.Errorf("command %q: name, section and handler are required", c.Name)
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
			if sub.Run == nil {
				return nil, fmt.Errorf("command %q %q: a handler is required", c.Name, sub.Name)
			}
		}
		r.commands = append(r.commands, c)
	}
	keys := make([]string, len(r.commands))
	for i, c := range r.commands {
		keys[i] = c.Name
	}
	english := func(name string) (string, bool) {
		c, ok := r.byName[name]
		if !ok {
			return "", false
		}
		return c.Name, true
	}
	r.names = words.NewNames(keys, func(name string) string { return "help." + name + ".names" }, english)
	return r, nil
}

// Names are each language's names for the commands; the tests Check them.
func (r *Registry) Names() *words.Names { return r.names }

// Lookup finds a command by name or alias, case-insensitively, and then by a name in l (nil
// is English alone), with or without its accents.
func (r *Registry) Lookup(l *words.Lang, name string) (*Command, bool) {
	if c, ok := r.byName[strings.ToLower(name)]; ok {
		return c, true
	}
	if key, ok := r.names.Find(l, name); ok {
		return r.byName[key], true
	}
	return nil, false
}

// NamesIn lists the names l gives a command beside its English name and aliases, as written
// ("votar", "votación"): none in English.
func (r *Registry) NamesIn(l *words.Lang, c *Command) []string { return r.names.Of(l, c.Name) }

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

// ranked lists the command names close enough to a mistyped one, nearest first (see
// phrase.Nearest): an English name or alias is suggested as the command's name, a name of l
// as written.
func (r *Registry) ranked(l *words.Lang, name string) []string {
	var known []phrase.Near
	for n, c := range r.byName {
		known = append(known, phrase.Near{Word: n, Shown: c.Name, Of: c.Name})
	}
	for _, w := range r.names.All(l) {
		known = append(known, phrase.Near{Word: w.Name, Shown: w.Name, Of: w.Key})
	}
	return phrase.Nearest(name, known)
}
