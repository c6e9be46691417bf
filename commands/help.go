package commands

import (
	"context"
	"fmt"
	"strings"

	"folkmoot/bot"
)

// Section names, in the order help lists them.
const (
	SectionBasics = "Basics"
)

var cmdHelp = &Command{
	Name:     "help",
	Aliases:  []string{"commands", "?"},
	Section:  SectionBasics,
	Synopsis: "[<command>]",
	Help:     "Lists the commands, or explains one with examples.",
	Examples: []string{"help", "help tz"},
	Run:      runHelp,
}

func runHelp(_ context.Context, r *Request) (bot.Reply, error) {
	prefix := r.Config.CommandPrefix
	if len(r.Args.Words) > 0 {
		name := strings.TrimPrefix(strings.ToLower(r.Args.Words[0]), prefix)
		c, ok := r.Registry.Lookup(name)
		if !ok {
			return bot.Reply{}, Userf("%s", unknownCommand(r.Registry, prefix, name))
		}
		return bot.Text(CommandHelp(prefix, c)), nil
	}
	return bot.Text(Overview(r.Registry, prefix)), nil
}

// Overview lists every command by section, one line each.
func Overview(reg *Registry, prefix string) string {
	var b strings.Builder
	b.WriteString("folkmoot commands")
	for _, sec := range reg.Sections() {
		fmt.Fprintf(&b, "\n\n%s:", sec)
		for _, c := range reg.Commands() {
			if c.Section == sec {
				fmt.Fprintf(&b, "\n  %s — %s", synopsis(prefix, c), c.Help)
			}
		}
	}
	fmt.Fprintf(&b, "\n\nSay %shelp <command> for details and examples.", prefix)
	return b.String()
}

// CommandHelp explains one command: synopsis, text, options, who may use it, examples.
func CommandHelp(prefix string, c *Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s", synopsis(prefix, c), c.Help)
	for _, f := range c.Flags {
		fmt.Fprintf(&b, "\n  --%s", f.Name)
		if !f.Bool {
			b.WriteString(" <value>")
		}
		fmt.Fprintf(&b, ": %s", f.Help)
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\nAlso: %s%s", prefix, strings.Join(c.Aliases, ", "+prefix))
	}
	if who := whoMay(c); who != "anyone" {
		fmt.Fprintf(&b, "\nWho: %s.", who)
	}
	if c.NeedsIdentity {
		b.WriteString("\nNeeds a member whose real address the bot can see.")
	}
	for i, e := range c.Examples {
		if i == 0 {
			b.WriteString("\nExamples:")
		}
		fmt.Fprintf(&b, "\n  %s%s", prefix, e)
	}
	return b.String()
}

// Reference renders the full command reference as Markdown, for the README.
func Reference(reg *Registry, prefix string) string {
	var b strings.Builder
	for _, sec := range reg.Sections() {
		fmt.Fprintf(&b, "### %s\n\n| command | what it does | who |\n| --- | --- | --- |\n", sec)
		for _, c := range reg.Commands() {
			if c.Section != sec {
				continue
			}
			who := whoMay(c)
			text := c.Help
			for _, f := range c.Flags {
				text += fmt.Sprintf(" `--%s`: %s", f.Name, f.Help)
			}
			if len(c.Examples) > 0 {
				text += " Example: `" + prefix + c.Examples[0] + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", strings.ReplaceAll(synopsis(prefix, c), "|", "\\|"), strings.ReplaceAll(text, "|", "\\|"), who)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// whoMay says who may use a command, for help and the README.
func whoMay(c *Command) string {
	switch {
	case c.Who != "":
		return c.Who
	case c.Perm == FacilitatorLevel && c.ShowsWithoutArgs:
		return "anyone to show; facilitator-level to change"
	case c.Perm == FacilitatorLevel:
		return "facilitator-level"
	default:
		return "anyone"
	}
}
