package commands

import (
	"strings"

	"folkmoot/words"
)

// A command's help is in the catalog of the feature that declares it, under its full name
// ("help.vote close.summary"; the subcommand that takes any other first word is "vote _"):
// summary, synopsis (the arguments), who, examples (one a line, without the prefix) and
// flags.<name>. A part the catalog lacks is "" (a test in app/cli wants every command's summary).

// helpKey is the catalog key of the command's help.
func (c *Command) helpKey() string {
	if c.parent != nil && c.Name == "" {
		return "help." + c.parent.Name + " _"
	}
	return "help." + c.FullName()
}

// helpText is one part of the command's help in l, "" when the catalog has none.
func (c *Command) helpText(l *words.Lang, part string) string {
	if id := c.helpKey() + "." + part; words.Has(id) {
		return l.Say(id)
	}
	return ""
}

// HelpText is what the command does, in l: one or two sentences.
func (c *Command) HelpText(l *words.Lang) string { return c.helpText(l, "summary") }

// ArgsText is how the command's arguments are typed, in l: "<id> [<reason>]".
func (c *Command) ArgsText(l *words.Lang) string { return c.helpText(l, "synopsis") }

// WhoText says who may use the command, in l, where the guard alone does not tell it well;
// "" otherwise.
func (c *Command) WhoText(l *words.Lang) string { return c.helpText(l, "who") }

// ExampleTexts are the command's examples in l, without the prefix.
func (c *Command) ExampleTexts(l *words.Lang) []string {
	if id := c.helpKey() + ".examples"; words.Has(id) {
		said := l.Say(id)
		// The tests' pseudo-language wraps the message: each example is wrapped alone.
		inner, wrapped := words.Unwrap(said)
		examples := strings.FieldsFunc(inner, func(r rune) bool { return r == '\n' })
		if wrapped {
			for i, e := range examples {
				examples[i] = words.Open + e + words.Close
			}
		}
		return examples
	}
	return nil
}

// FlagText is what a flag of the command means, in l.
func (c *Command) FlagText(l *words.Lang, f Flag) string {
	return c.helpText(l, "flags."+f.Name)
}

// SectionTitle is a help section's title in l ("Votes"): the catalog's help.section.<key>,
// else the declared Section.
func SectionTitle(l *words.Lang, section string) string {
	if id := "help.section." + SectionKey(section); words.Has(id) {
		return l.Say(id)
	}
	return section
}

// SectionKey is the English word that asks for a section, in every language: its first
// word, in lower case ("rounds" for "Rounds and queue").
func SectionKey(section string) string {
	first, _, _ := strings.Cut(strings.ToLower(section), " ")
	return first
}
