package commands

import (
	"fmt"
	"folkmoot/phrase"
	"slices"
	"sort"
	"strings"
)

// Registry holds the declared commands by name and alias.
type Registry struct {
	commands []*Command
	byName   map[string]*Command
	byPhrase map[string]*Command
}

// NewRegistry registers cmds and refuses a name or alias used twice (a start-up error).
func NewRegistry(cmds []*Command) (*Registry, error) {
	r := &Registry{byName: map[string]*Command{}, byPhrase: map[string]*Command{}}
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
	return r, nil
}

// Lookup finds a command by name or alias, case-insensitively.
func (r *Registry) Lookup(name string) (*Command, bool) {
	c, ok := r.byName[strings.ToLower(name)]
	return c, ok
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

// Nearest lists up to n command names close to a mistyped one, nearest first.
func (r *Registry) Nearest(name string, n int) []string {
	names := r.ranked(name)
	return names[:min(n, len(names))]
}

// Suggest returns the known name closest to a mistyped one, or "" when nothing is close.
func (r *Registry) Suggest(name string) string {
	if names := r.ranked(name); len(names) > 0 {
		return names[0]
	}
	return ""
}

// ranked lists the command names close enough to a mistyped one, nearest first.
func (r *Registry) ranked(name string) []string {
	name = strings.ToLower(name)
	if len([]rune(name)) < 2 {
		return nil // one letter is too little to guess from
	}
	// Distances are counted in half steps so that two swapped letters ("stauts"), the
	// commonest slip, come before a letter too many ("stats").
	type near struct {
		name string
		half int
	}
	var found []near
	for n, c := range r.byName {
		half := 2 * phrase.EditDistance(name, n)
		if strings.HasPrefix(n, name) && len(name) >= 3 {
			half = min(half, 2)
		}
		if half > 0 && phrase.SameLetters(name, n) {
			half = min(half, 1)
		}
		if half < 6 && (half+1)/2 <= max(1, len(name)/2) {
			found = append(found, near{c.Name, half})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].half != found[j].half {
			return found[i].half < found[j].half
		}
		return found[i].name < found[j].name // deterministic among equals
	})
	var out []string
	for _, f := range found {
		if !slices.Contains(out, f.name) {
			out = append(out, f.name)
		}
	}
	return out
}
