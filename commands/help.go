package commands

import (
	"fmt"
	"slices"
	"strings"

	"folkmoot/bot"
)

// Overview lists every command by section, one short line each (its name, short arguments
// and first sentence), so a newcomer sees the whole bot on one screen; !help <command> has
// the rest.
func Overview(reg *Registry, prefix string) bot.Doc {
	d := bot.NewDoc(bot.P(bot.B("folkmoot commands")))
	levelSaid := false
	for _, sec := range reg.Sections() {
		var items []bot.Line
		for _, c := range reg.Commands() {
			if c.Section == sec {
				text := firstSentence(c.Help)
				levelSaid = levelSaid || strings.Contains(text, "facilitator-level")
				items = append(items, bot.L(bot.C(shortSynopsis(prefix, c)), " — ", declared(text)))
			}
		}
		d.Add(bot.P(bot.B(sec+":")), bot.Items(items...))
	}
	if levelSaid {
		d.Add(bot.P("“The facilitator-level” is whoever holds the facilitator role, the room admins and the bot's admins (",
			bot.C(prefix+"help rotate"), " says who that is now)."))
	}
	d.Add(bot.P("Say ", bot.C(prefix+"help vote"), " (or any command) for details and examples."))
	return d
}

// shortSynopsis is a command's name with its arguments when they are short; a command with
// subcommands or a long argument list shows "…" and leaves them to its own help.
func shortSynopsis(prefix string, c *Command) string {
	s := prefix + c.Name
	switch {
	case len(c.Subcommands) > 0 || len(c.Synopsis) > 24:
		return s + " …"
	case c.Synopsis != "":
		return s + " " + c.Synopsis
	}
	return s
}

// firstSentence is the gist of a help text for the overview: its first sentence without
// the asides in brackets, and a long one cut at its first semicolon or colon, so that each
// command stays on one line.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	for {
		open := strings.Index(s, " (")
		end := strings.Index(s[max(open, 0):], ")")
		if open < 0 || end < 0 {
			break
		}
		s = s[:open] + s[open+end+1:]
	}
	for _, sep := range []string{"; ", ": "} {
		if i := strings.Index(s, sep); len(s) > 90 && i >= 20 {
			s = s[:i] + "."
		}
	}
	return s
}

// Nearest lists up to n command names close to a mistyped one, nearest first.
func (r *Registry) Nearest(name string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range r.ranked(name) {
		if len(out) == n {
			break
		}
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// CommandHelp explains one command: synopsis, text, subcommands, options, who may use it,
// examples.
func CommandHelp(prefix string, c *Command) bot.Doc {
	d := bot.NewDoc(bot.P(bot.C(synopsis(prefix, c))), bot.P(declared(c.Help)))
	shown := map[string]bool{} // examples already given under a subcommand
	if len(c.Subcommands) > 0 {
		var items []bot.Line
		for _, s := range c.Subcommands {
			line := bot.L(bot.C(synopsis(prefix, s)), " — ", declared(s.Help))
			if who := WhoMay(s); who != "anyone" {
				line = append(line, bot.L(" Who: "+who+".")...)
			}
			if len(s.Examples) > 0 {
				line = append(line, bot.L(" E.g. ", bot.C(prefix+s.Examples[0]))...)
				shown[s.Examples[0]] = true
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
				name += " <value>"
			}
			items = append(items, bot.L(bot.C(name), ": ", declared(f.Help)))
		}
		label := "Options:"
		for _, s := range c.Subcommands {
			if len(s.Flags) > 0 {
				label = "Options of " + synopsis(prefix, s) + ":"
				break
			}
		}
		d.Add(bot.P(label), bot.Items(items...))
	}
	if also := append(slices.Clone(c.Aliases), c.Phrases...); len(also) > 0 {
		d.Add(bot.P("Also: " + prefix + strings.Join(also, ", "+prefix)))
	}
	if who := WhoMay(c); who != "anyone" && len(c.Subcommands) == 0 {
		d.Add(bot.P("Who: " + who + "."))
	}
	if c.NeedsIdentity {
		d.Add(bot.P("Needs a member whose real address the bot can see."))
	}
	var items []bot.Line
	for _, e := range c.Examples {
		if !shown[e] {
			items = append(items, bot.L(bot.C(prefix+e)))
		}
	}
	if len(items) > 0 {
		label := "Examples:"
		if len(shown) > 0 {
			label = "More examples:"
		}
		d.Add(bot.P(label), bot.Items(items...))
	}
	return d
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
			if len(c.Subcommands) == 0 {
				referenceRow(&b, prefix, c)
				continue
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", cell(synopsis(prefix, c)), cell(c.Help), WhoMay(c))
			for _, s := range c.Subcommands {
				referenceRow(&b, prefix, s)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// referenceRow is one command's row: synopsis, help with options and an example, who.
func referenceRow(b *strings.Builder, prefix string, c *Command) {
	text := c.Help
	for _, f := range c.Flags {
		text += fmt.Sprintf(" `--%s`: %s", f.Name, f.Help)
	}
	if len(c.Examples) > 0 {
		text += " Example: `" + prefix + c.Examples[0] + "`"
	}
	fmt.Fprintf(b, "| `%s` | %s | %s |\n", cell(synopsis(prefix, c)), cell(text), WhoMay(c))
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// WhoMay says who may use a command, for help and the README.
func WhoMay(c *Command) string {
	switch {
	case c.Who != "":
		return c.Who
	case c.Guard.Level == FacilitatorLevel && c.ShowsWithoutArgs:
		return "anyone to show; facilitator-level to change"
	case c.Guard.Level == FacilitatorLevel:
		return "facilitator-level"
	default:
		return "anyone"
	}
}

// synopsis is how a command is typed: "!vote close <id>".
func synopsis(prefix string, c *Command) string {
	s := prefix + c.FullName()
	if c.Synopsis != "" {
		s += " " + c.Synopsis
	}
	return s
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
