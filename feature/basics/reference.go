package basics

import (
	"fmt"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/words"
)

// The help of one command and the README's reference, both from the command's help in the catalog
// (or its declared fields where a feature has none there yet).

// commandHelp explains one command in l: synopsis, text, subcommands, options, its other
// names (those of l first), who may use it, examples.
func commandHelp(l *words.Lang, reg *commands.Registry, prefix string, c *commands.Command) bot.Doc {
	d := bot.NewDoc(bot.P(bot.C(commands.Synopsis(l, prefix, c))), bot.P(declared(c.HelpText(l))))
	shown := map[string]bool{} // examples already given under a subcommand
	if len(c.Subcommands) > 0 {
		var items []bot.Line
		for _, s := range c.Subcommands {
			line := bot.L(bot.C(commands.Synopsis(l, prefix, s)), " — ", declared(s.HelpText(l)))
			if whoKnown(s) {
				line = append(line, bot.L(" "+l.Say("basics.help.who", "Who", whoMay(l, s)))...)
			}
			if examples := s.ExampleTexts(l); len(examples) > 0 {
				line = append(line, rich(" "+l.Say("basics.help.example", "Example", prefix+examples[0]))...)
				shown[examples[0]] = true
			}
			items = append(items, line)
		}
		d.Add(bot.Items(items...))
	}
	if len(c.Flags) > 0 {
		var items []bot.Line
		for _, f := range c.Flags {
			name := "--" + f.Name
			if !f.Bool {
				name += " " + l.Say("basics.help.value")
			}
			items = append(items, bot.L(bot.C(name), l.Say("basics.help.colon"), declared(c.FlagText(l, f))))
		}
		label := l.Say("basics.help.options")
		for _, s := range c.Subcommands {
			if len(s.Flags) > 0 {
				label = l.Say("basics.help.options_of", "Command", commands.Synopsis(l, prefix, s))
				break
			}
		}
		d.Add(bot.P(label), bot.Items(items...))
	}
	also := append(reg.NamesIn(l, c), c.Aliases...)
	if also = append(also, c.Phrases...); len(also) > 0 {
		d.Add(bot.P(l.Say("basics.help.also", "Names", prefix+strings.Join(also, l.Say("phrase.list.comma")+prefix))))
	}
	if whoKnown(c) && len(c.Subcommands) == 0 {
		d.Add(bot.P(l.Say("basics.help.who", "Who", whoMay(l, c))))
	}
	if c.NeedsIdentity {
		d.Add(bot.P(l.Say("basics.help.identity")))
	}
	var items []bot.Line
	for _, e := range c.ExampleTexts(l) {
		if !shown[e] {
			items = append(items, bot.L(bot.C(prefix+e)))
		}
	}
	if len(items) > 0 {
		label := l.Say("basics.help.examples")
		if len(shown) > 0 {
			label = l.Say("basics.help.more_examples")
		}
		d.Add(bot.P(label), bot.Items(items...))
	}
	return d
}

// Reference renders the full command reference as Markdown, for the README (in English).
func Reference(reg *commands.Registry, prefix string) string {
	l := words.For(words.English)
	var b strings.Builder
	for _, sec := range reg.Sections() {
		fmt.Fprintf(&b, "### %s\n\n| command | what it does | who |\n| --- | --- | --- |\n", sec)
		for _, c := range reg.Commands() {
			if c.Section != sec {
				continue
			}
			if len(c.Subcommands) == 0 {
				referenceRow(&b, l, prefix, c)
				continue
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", cell(commands.Synopsis(l, prefix, c)), cell(c.HelpText(l)), whoMay(l, c))
			for _, s := range c.Subcommands {
				referenceRow(&b, l, prefix, s)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// referenceRow is one command's row: synopsis, help with options and an example, who.
func referenceRow(b *strings.Builder, l *words.Lang, prefix string, c *commands.Command) {
	text := c.HelpText(l)
	for _, f := range c.Flags {
		text += fmt.Sprintf(" `--%s`: %s", f.Name, c.FlagText(l, f))
	}
	if examples := c.ExampleTexts(l); len(examples) > 0 {
		text += " Example: `" + prefix + examples[0] + "`"
	}
	fmt.Fprintf(b, "| `%s` | %s | %s |\n", cell(commands.Synopsis(l, prefix, c)), cell(text), whoMay(l, c))
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// whoMay says who may use a command, in l, for help and the README.
func whoMay(l *words.Lang, c *commands.Command) string {
	switch {
	case c.WhoText(l) != "":
		return c.WhoText(l)
	case c.Guard.Level == commands.FacilitatorLevel && c.ShowsWithoutArgs:
		return l.Say("basics.help.who_may.shows")
	case c.Guard.Level == commands.FacilitatorLevel:
		return l.Say("basics.help.who_may.level")
	default:
		return l.Say("basics.help.who_may.anyone")
	}
}

// whoKnown reports whether help says who may use a command: whoever may is not simply anyone.
func whoKnown(c *commands.Command) bool {
	return whoMay(english, c) != english.Say("basics.help.who_may.anyone")
}

// declared reads a declared help text, where `backticks` mark a command or a word to type, into
// a line with those parts as code: rendered as code on every network, and never left as bare
// backticks that would make a whole XMPP message unstyled.
func declared(text string) bot.Line {
	var line bot.Line
	for i, part := range strings.Split(text, "`") {
		switch {
		case part == "":
		case i%2 == 1:
			line = append(line, bot.C(part))
		default:
			line = append(line, bot.Span{Text: part})
		}
	}
	return line
}
