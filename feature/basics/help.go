package basics

import (
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/phrase"
	"folkmoot/words"
)

// english reads the declared English help, where help decides by its words (a text that
// speaks of "facilitator-level").
var english = words.For(words.English)

// cmdHelp's help is in the catalog (help.help).
var cmdHelp = &commands.Command{
	Name:    "help",
	Aliases: []string{"commands", "?"},
	Section: Section,
	Run:     runHelp,
}

// firstCommands are the commands a newcomer needs first, in the order an evening uses them;
// the help screen shows those the app has.
var firstCommands = []string{"status", "join", "vote", "hand", "meeting"}

// runHelp answers in a screen: without words the first commands and the sections, then a
// section, every command (all), or one command. A word that names both a section and a
// command (votes) means the section, which lists that command too; with the prefix (!votes)
// it means the command.
func runHelp(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	prefix := r.Prefix()
	if len(r.Args.Words) == 0 {
		return bot.Reply{Doc: withPrefix(screen(r.Lang, r.Registry, prefix), prefix)}, nil
	}
	typed := strings.ToLower(strings.Join(r.Args.Words, " "))
	explicit := strings.HasPrefix(typed, prefix)
	name := strings.TrimPrefix(typed, prefix)
	if !explicit {
		if name == "all" {
			return bot.Reply{Doc: withPrefix(overview(r.Lang, r.Registry, prefix), prefix)}, nil
		}
		if sec, ok := findSection(r.Lang, r.Registry, name); ok {
			return bot.Reply{Doc: withPrefix(sectionHelp(r.Lang, r.Registry, prefix, sec), prefix)}, nil
		}
	}
	c, ok := r.Registry.Lookup(r.Lang, strings.TrimPrefix(strings.ToLower(r.Args.Words[0]), prefix))
	if !ok {
		return bot.Text(unknownHelp(r, name)), nil
	}
	d := withPrefix(commandHelp(r.Lang, r.Registry, prefix, c), prefix) // before any name is added
	if mentionsFacilitatorLevel(c) {
		who, err := facilitatorLevelText(ctx, r)
		if err != nil {
			return bot.Reply{}, err
		}
		d.Add(bot.P(who))
	}
	return bot.Reply{Doc: d}, nil
}

// declaredCommand is a command named in a declared text ("say !in", "(!hand direct)"): the
// texts are written with "!", and a room may have another prefix.
var declaredCommand = regexp.MustCompile(`(^|[\s(“"«„‹])!([a-z])`)

// withPrefix names the commands of the help's declared texts with the room's prefix; it is
// for help made only of declared texts, never of a person's.
func withPrefix(d bot.Doc, prefix string) bot.Doc {
	if prefix == "!" {
		return d
	}
	for _, b := range d.Blocks {
		for _, l := range b.Lines {
			for i := range l {
				l[i].Text = declaredCommand.ReplaceAllString(l[i].Text, "${1}"+strings.ReplaceAll(prefix, "$", "$$")+"${2}")
			}
		}
	}
	return d
}

// screen is !help alone: what fits on one screen of a chat room. The first commands a
// newcomer needs, each on one line, then every section with the names of its commands.
func screen(l *words.Lang, reg *commands.Registry, prefix string) bot.Doc {
	d := bot.NewDoc(bot.P(rich(l.Say("basics.help.start"))))
	var first []bot.Line
	for _, name := range firstCommands {
		if c, ok := reg.Lookup(nil, name); ok {
			first = append(first, commandLine(l, prefix, c))
		}
	}
	d.Add(bot.Items(first...))
	d.Add(bot.P(rich(l.Say("basics.help.sections", "Help", prefix+"help"))))
	var secs []bot.Line
	for _, sec := range reg.Sections() {
		var names []string
		for _, c := range reg.Commands() {
			if c.Section == sec {
				names = append(names, c.Name)
			}
		}
		secs = append(secs, bot.L(commands.SectionTitle(l, sec)+" (", bot.C(prefix+"help "+commands.SectionKey(sec)), "): "+strings.Join(names, ", ")))
	}
	d.Add(bot.Items(secs...))
	d.Add(bot.P(rich(l.Say("basics.help.more", "Help", prefix+"help"))))
	return d
}

// overview is !help all: every command by section, one short line each (its name, short
// arguments and first sentence); !help <command> has the rest.
func overview(l *words.Lang, reg *commands.Registry, prefix string) bot.Doc {
	d := bot.NewDoc(bot.P(bot.B(l.Say("basics.help.title"))))
	levelSaid := false
	for _, sec := range reg.Sections() {
		items, said := sectionItems(l, reg, prefix, sec)
		levelSaid = levelSaid || said
		d.Add(bot.P(bot.B(l.Say("basics.help.heading", "Title", commands.SectionTitle(l, sec)))), bot.Items(items...))
	}
	if levelSaid {
		d.Add(levelNote(l, prefix))
	}
	d.Add(bot.P(rich(l.Say("basics.help.details", "Command", prefix+"help vote"))))
	return d
}

// sectionHelp is !help <section>: that section's commands, one line each.
func sectionHelp(l *words.Lang, reg *commands.Registry, prefix, sec string) bot.Doc {
	items, levelSaid := sectionItems(l, reg, prefix, sec)
	d := bot.NewDoc(bot.P(bot.B(l.Say("basics.help.heading", "Title", commands.SectionTitle(l, sec)))), bot.Items(items...))
	if levelSaid {
		d.Add(levelNote(l, prefix))
	}
	// The example is a command the section's word does not shadow: !help votes is this list.
	key, example := commands.SectionKey(sec), ""
	for _, c := range reg.Commands() {
		if c.Section == sec && c.Name != key {
			example = c.Name
			break
		}
	}
	end := l.Say("basics.help.section_end", "Command", prefix+"help "+example, "Help", prefix+"help")
	if _, ok := reg.Lookup(nil, key); ok {
		end = l.Say("basics.help.section_end_shadowed", "Command", prefix+"help "+example, "Help", prefix+"help",
			"Shadowed", prefix+"help "+prefix+key, "Name", prefix+key)
	}
	d.Add(bot.P(rich(end)))
	return d
}

// sectionItems are a section's commands, one line each; levelSaid reports whether a line
// speaks of "facilitator-level".
func sectionItems(l *words.Lang, reg *commands.Registry, prefix, sec string) (items []bot.Line, levelSaid bool) {
	for _, c := range reg.Commands() {
		if c.Section == sec {
			levelSaid = levelSaid || strings.Contains(firstSentence(c.HelpText(english)), "facilitator-level")
			items = append(items, commandLine(l, prefix, c))
		}
	}
	return items, levelSaid
}

// commandLine is a command on one line: "!vote … — Opens a vote, …".
func commandLine(l *words.Lang, prefix string, c *commands.Command) bot.Line {
	return bot.L(bot.C(shortSynopsis(l, prefix, c)), " — ", declared(firstSentence(c.HelpText(l))))
}

// levelNote says who "the facilitator-level" is, where a listed line speaks of it.
func levelNote(l *words.Lang, prefix string) bot.Block {
	return bot.P(rich(l.Say("basics.help.level_note", "Command", prefix+"help rotate")))
}

// findSection is the section typed: its key or its whole name in English or in l, in any
// case.
func findSection(l *words.Lang, reg *commands.Registry, typed string) (string, bool) {
	typed = strings.Join(strings.Fields(typed), " ")
	for _, sec := range reg.Sections() {
		if typed == commands.SectionKey(sec) || typed == strings.ToLower(sec) {
			return sec, true
		}
		// A title in the room's language that is also a command's name (German "Mandate")
		// means the command.
		if _, isCommand := reg.Lookup(l, typed); !isCommand && typed == strings.ToLower(commands.SectionTitle(l, sec)) {
			return sec, true
		}
	}
	return "", false
}

// shortSynopsis is a command's name with its arguments when they are short; a command with
// subcommands or a long argument list shows "…" and leaves them to its own help.
func shortSynopsis(l *words.Lang, prefix string, c *commands.Command) string {
	s := prefix + c.Name
	args := c.ArgsText(l)
	switch {
	case len(c.Subcommands) > 0 || utf8.RuneCountInString(args) > 24:
		return s + " …"
	case args != "":
		return s + " " + args
	}
	return s
}

// firstSentence is the gist of a help text for a list: its first sentence without the asides
// in brackets, and a long one cut at its first semicolon or colon, so that each command
// stays on one line. A text of the tests' pseudo-language keeps its wrapping.
func firstSentence(s string) string {
	if inner, wrapped := words.Unwrap(s); wrapped {
		return words.Open + firstSentence(inner) + words.Close
	}
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
	for _, sep := range []string{"; ", ": ", "؛ "} {
		if i := strings.Index(s, sep); len(s) > 90 && i >= 20 {
			s = strings.TrimRight(s[:i], " ") + "." // French sets a space before ; and :
		}
	}
	return s
}

// facilitatorLevelText says who "facilitator-level" is in this room now. Room admins are only
// known member by member, so they are described rather than named.
func facilitatorLevelText(ctx context.Context, r *commands.Request) (string, error) {
	fs, err := facts.Facilitators(ctx, r.Tx, r.Room)
	if err != nil {
		return "", err
	}
	holder := r.Lang.Say("basics.help.holder.none", "Command", r.Prefix()+"roles")
	if len(fs) > 0 {
		names := make([]string, len(fs))
		for i, f := range fs {
			names[i] = f.Display()
		}
		holder = r.Lang.Say("basics.help.holder.named", "Names", phrase.List(r.Lang, names))
	}
	return r.Lang.Say("basics.help.level", "Holder", holder), nil
}

// unknownHelp answers !help about a command nobody declared: the nearest names (English or
// the room's language's) and the sections to ask for.
func unknownHelp(r *commands.Request, name string) string {
	prefix, l := r.Prefix(), r.Lang
	said := []string{l.Say("basics.help.unknown", "Typed", prefix+phrase.Clip(name, 40))}
	if near := r.Registry.Nearest(l, name, 3); len(near) > 0 {
		for i, n := range near {
			near[i] = prefix + n
		}
		said = append(said, l.Say("basics.help.nearest", "Names", strings.Join(near, l.Say("phrase.list.comma"))))
	}
	keys := make([]string, 0, len(r.Registry.Sections()))
	for _, sec := range r.Registry.Sections() {
		keys = append(keys, commands.SectionKey(sec))
	}
	said = append(said, l.Say("basics.help.section_keys", "Help", prefix+"help", "Keys", strings.Join(keys, l.Say("phrase.list.comma"))))
	return strings.Join(said, " ")
}

// mentionsFacilitatorLevel reports whether a command's help speaks of "facilitator-level",
// so that the help can say who that is.
func mentionsFacilitatorLevel(c *commands.Command) bool {
	if whoKnown(c) || strings.Contains(c.HelpText(english), "facilitator-level") {
		return true
	}
	for _, s := range c.Subcommands {
		if mentionsFacilitatorLevel(s) {
			return true
		}
	}
	return false
}

// rich reads a message where **stars** mark bold and `backticks` what is typed into a line
// with those parts styled: the catalog's messages are plain text, and a heading or a command
// in them is marked as Markdown would.
func rich(text string) bot.Line {
	var line bot.Line
	for i, part := range strings.Split(text, "`") {
		if i%2 == 1 {
			line = append(line, bot.C(part))
			continue
		}
		for j, p := range strings.Split(part, "**") {
			switch {
			case p == "":
			case j%2 == 1:
				line = append(line, bot.B(p))
			default:
				line = append(line, bot.Span{Text: p})
			}
		}
	}
	return line
}
