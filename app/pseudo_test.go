package app_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/feature"
	"folkmoot/feature/basics"
	"folkmoot/words"
)

// The pseudo-locale check: rooms speak the tests' pseudo-language, which wraps every message
// of the catalog in ⟦…⟧ (apptest.Pseudo), and a scripted conversation runs through them.
// After every ⟦…⟧ span is taken out of a reply (spans nest: a placeholder's value may be a
// message of its own), what is left may only be what people typed, names, IDs, numbers,
// punctuation, emoji, command names and options, and code: an English word left there was
// said outside the catalog, and the test names it. (What people typed shows as a value inside
// its message's span, or as code.)

// pseudoStep is one thing said in a pseudo room, or a jump of the clock (advance).
type pseudoStep struct {
	who, say string
	advance  time.Duration
}

// TestPseudoBasicsAndTheEngine: basics (help, !status, !tz and its guesses, !lang,
// !whoami, !seasons), the engine's own words (unknown commands, usage lines, options that
// do not fit, a command too long, refusals), the road's notices (a flood, a member's own
// room) speak only through the catalog.
func TestPseudoBasicsAndTheEngine(t *testing.T) {
	var own []feature.Feature
	own = []feature.Feature{basics.Feature(func() []feature.Feature { return own }), basics.Upcoming()}
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, apptest.Pseudo, own...)
	room := kit.Room("assembly")
	check := newPseudoCheck(t, kit.App.Env.Registry)
	steps := []pseudoStep{
		{who: "ana", say: "!help"}, {who: "ana", say: "!help all"}, {who: "ana", say: "!help basics"},
		{who: "ana", say: "!help tz"}, {who: "ana", say: "!help status"}, {who: "ana", say: "!help lang"},
		{who: "ana", say: "!help seasons"}, {who: "ana", say: "!help whoami"}, {who: "ana", say: "!help help"},
		{who: "ana", say: "!help !tz"}, {who: "ana", say: "!help frobnicate"}, {who: "ana", say: "!help stauts"},
		{who: "ana", say: "!hlep"}, {who: "ana", say: "!frobnicate now"}, {who: "ana", say: "folkmoot, stauts"},
		{who: "ana", say: "!status"}, {who: "ana", say: "!tz"}, {who: "ana", say: "!lang"}, {who: "ana", say: "!whoami"},
		{who: "Zoë 🌻", say: "!whoami"}, {who: "ana", say: "!seasons"},
		{who: "bo", say: "!tz Europe/Paris"}, {who: "bo", say: "!lang es"},
		{who: "ana", say: "!tz --frob"}, {who: "ana", say: "!tz Europe/Paris --frob=1"}, {who: "ana", say: "!status --verbose"},
		{who: "ana", say: "!whoami " + strings.Repeat("long ", 1000)},
	}
	check.run(kit, room, steps)
	room.Admin("ana")
	check.run(kit, room, []pseudoStep{
		{who: "ana", say: "!tz berlin"}, {who: "ana", say: "!tz yes"}, {who: "ana", say: "!tz CET"}, {who: "ana", say: "!tz GMT+1"},
		{who: "ana", say: "!tz GMT+13"}, {who: "ana", say: "!tz atlantis"}, {who: "ana", say: "!tz Europe/Lisbon"},
		{who: "ana", say: "!lang xx"}, {who: "ana", say: "!lang 🌻 Zoë"}, {who: "ana", say: "!status"}, {who: "ana", say: "!seasons"},
	})
	// A member whose real address the bot cannot see, and one without a name.
	anon := bot.Member{ID: "room@conf.example.org/nil", Name: "nil", Anonymous: true}
	check.reply("!whoami", anon.Name, room.SayAs(t, anon, "!whoami"))
	check.reply("!whoami", "", room.SayAs(t, bot.Member{ID: "@nameless:example.org"}, "!whoami"))
	// The engine's words about subcommands and their options, on a command of the test's
	// own (it has no help in the catalog, and the kit asks for none).
	frame := &commands.Command{Name: "frame", Section: "Test", Flags: []commands.Flag{{Name: "size"}},
		Subcommands: []*commands.Command{
			{Name: "hang", Flags: []commands.Flag{{Name: "size"}}, Run: noAnswer},
			{Name: "dust", Run: noAnswer},
		}}
	engine := apptest.NewWith(t, t.TempDir(), apptest.Start, apptest.Pseudo, append(own, feature.Feature{Name: "frames", Commands: []*commands.Command{frame}})...)
	check.run(engine, engine.Room("assembly"), []pseudoStep{
		{who: "ana", say: "!frame"}, {who: "ana", say: "!frame dust --size 2"}, {who: "ana", say: "!frame hang --size"},
		{who: "ana", say: "!frame hang --size 1 --size 2"}, {who: "ana", say: "!frame hang --colour red"}, {who: "ana", say: "!fram"},
	})
	// A member's own room, which the bot opened for them.
	direct := bot.Message{Room: bot.Room{Protocol: bot.Console, ID: "ana-alone"}, Sender: apptest.Member("ana"), Text: "hello", ID: "direct-1",
		Time: kit.Clock.Now(), Direct: true}
	kit.App.Bot.Deliver(context.Background(), kit.Transport, direct)
	kit.App.Bot.Flush(context.Background())
	check.reply("hello", "ana", kit.Transport.Take())
	// A flood of commands.
	flood := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		apptest.Pseudo(c)
		c.Limits.CommandBurst = 1
	}, own...)
	floodRoom := flood.Room("assembly")
	floodRoom.Say(t, "bo", "!whoami")
	check.reply("!whoami", "bo", floodRoom.SayAs(t, apptest.Member("bo"), "!whoami"))
}

// TestPseudoConversation runs a broad conversation through every feature in a pseudo room:
// help, status, timezone, language, roles, votes, rounds, meetings, tasks, reminders,
// stories, tools, unknown commands, usage errors and refusals, and a jump of the clock whose
// notices (reminders, closing votes, turns) are checked too.
func TestPseudoConversation(t *testing.T) {
	kit := apptest.NewWith(t, t.TempDir(), apptest.Start, apptest.Pseudo, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	check := newPseudoCheck(t, kit.App.Env.Registry)
	check.run(kit, room, []pseudoStep{
		{who: "ana", say: "!help"}, {who: "ana", say: "!help all"}, {who: "ana", say: "!help votes"}, {who: "ana", say: "!help vote"},
		{who: "ana", say: "!help rounds"}, {who: "ana", say: "!help meeting"}, {who: "bo", say: "!status"}, {who: "bo", say: "!tz"},
		{who: "bo", say: "!lang"}, {who: "bo", say: "!whoami"}, {who: "bo", say: "!vot"}, {who: "bo", say: "!frobnicate"},
		{who: "ana", say: "!role add facilitator"}, {who: "bo", say: "!join facilitator"}, {who: "ana", say: "!rotate facilitator"},
		{who: "ana", say: "!roles"}, {who: "cy", say: "!why facilitator"}, {who: "cy", say: "!tz Europe/Paris"},
		{who: "ana", say: `!vote new "Paint the door green?"`}, {who: "bo", say: "!agree"}, {who: "cy", say: "!block too bright"},
		{who: "ana", say: "!votes"}, {who: "cy", say: "!vote close 1"}, {who: "ana", say: "!vote close"}, {who: "ana", say: "!vote close 1 anyway"},
		{who: "ana", say: "!round check-in"}, {who: "bo", say: "!in"}, {who: "cy", say: "!hand"}, {who: "bo", say: "!done"}, {who: "ana", say: "!queue"},
		{who: "ana", say: "!meeting start Plenary"}, {who: "ana", say: "!topic Budget"}, {who: "bo", say: "!note the roof leaks"},
		{who: "ana", say: "!decided we mend the roof"}, {who: "ana", say: "!action mend the roof for bo"}, {who: "ana", say: "!meeting end"},
		{who: "ana", say: "!task add sweep the yard"}, {who: "bo", say: "!tasks"}, {who: "bo", say: "!task done 99"},
		{who: "ana", say: "!remind in 1h bring the chairs"}, {who: "ana", say: "!reminders"},
		{who: "bo", say: "!story the kids planted the verge"}, {who: "bo", say: "!measure pollinators 11"}, {who: "bo", say: "!stories"},
		{who: "ana", say: "!tools"}, {who: "ana", say: "!mandates"},
		{advance: 2 * time.Hour},
		{who: "bo", say: "!status"},
	})
}

// noAnswer is a handler that says nothing.
func noAnswer(context.Context, *commands.Request) (bot.Reply, error) { return bot.Reply{}, nil }

// pseudoCheck checks the replies of a pseudo conversation.
type pseudoCheck struct {
	t *testing.T
	// typed are the words of the names of who spoke, in lower case, and folkmoot's: they may
	// show outside the catalog. What people typed may not: it shows as a placeholder's value,
	// inside its message's span, or as code.
	typed map[string]bool
	// names are the commands' English names and aliases, which help screens list.
	names   map[string]bool
	checked int
}

func newPseudoCheck(t *testing.T, reg *commands.Registry) *pseudoCheck {
	c := &pseudoCheck{t: t, typed: map[string]bool{"folkmoot": true}, names: map[string]bool{}}
	if reg == nil {
		var err error
		if reg, err = commands.NewRegistry(allCommands()); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range reg.Commands() {
		for _, n := range append([]string{cmd.Name}, cmd.Aliases...) {
			c.names[n] = true
		}
	}
	return c
}

// run says each step in room (or moves the clock) and checks what the bot said.
func (c *pseudoCheck) run(kit *apptest.Kit, room *apptest.Room, steps []pseudoStep) {
	c.t.Helper()
	for _, s := range steps {
		if s.advance > 0 {
			c.replies("the clock moved "+s.advance.String(), "", kit.Advance(c.t, s.advance))
			continue
		}
		c.reply(s.say, s.who, room.SayAs(c.t, apptest.Member(s.who), s.say))
	}
}

// spoke adds the words of a speaker's name, which may show outside the catalog.
func (c *pseudoCheck) spoke(who string) {
	for _, w := range letterRuns.FindAllString(who, -1) {
		c.typed[strings.ToLower(w)] = true
	}
}

// reply checks what the bot said to who saying said.
func (c *pseudoCheck) reply(said, who string, posted []apptest.Posted) {
	c.t.Helper()
	c.spoke(who)
	if len(posted) == 0 {
		c.t.Errorf("%s says %q: no answer to check", who, clip(said))
	}
	c.replies(said, who, posted)
}

// replies checks each reply for words outside the catalog. A message may span lines, so a
// reply is checked whole.
func (c *pseudoCheck) replies(said, who string, posted []apptest.Posted) {
	c.t.Helper()
	name, _, _ := strings.Cut(said, " ")
	isHelp := name == "!help" || name == "!commands" || name == "!?"
	for _, p := range posted {
		c.checked++
		text := strings.Join(visibleLines(p.Reply), "\n")
		rest, err := outsideSpans(text)
		if err != "" {
			c.t.Errorf("%s says %q: %s in %q", who, clip(said), err, text)
			continue
		}
		if bad := c.english(rest, isHelp); len(bad) > 0 {
			c.t.Errorf("%s says %q: the room sees %q outside the catalog, in %q", who, clip(said), bad, text)
		}
	}
}

// letterRuns are words: runs of letters (with their marks), and apostrophes and hyphens
// inside them.
var letterRuns = regexp.MustCompile(`\p{L}[\p{L}\p{M}'’-]*`)

// english lists the words of text, outside the catalog's spans, that are no name, ID,
// number, command, option or code. Help screens list commands by their bare names ("Votes
// (!help votes): vote, votes, …").
func (c *pseudoCheck) english(text string, help bool) []string {
	var bad []string
	for _, field := range strings.Fields(text) {
		field = strings.TrimFunc(field, func(r rune) bool { return unicode.IsPunct(r) && r != '!' && r != '@' && r != '#' })
		switch {
		case field == "",
			strings.HasPrefix(field, "!"), strings.HasPrefix(field, "--"), strings.HasPrefix(field, "#"), // commands, options, numbers
			strings.ContainsAny(field, "@/:0123456789"): // IDs, zones, times
			continue
		}
		for _, w := range letterRuns.FindAllString(field, -1) {
			w = strings.ToLower(w)
			if !c.typed[w] && !(help && c.names[w]) {
				bad = append(bad, w)
			}
		}
	}
	return bad
}

// visibleLines are a reply's lines as the room reads them, without code spans (commands,
// examples, what is typed) and mentions (names), which are never wording of the bot's.
func visibleLines(r bot.Reply) []string {
	var out []string
	for _, b := range r.Doc.Blocks {
		for _, l := range b.Lines {
			var s strings.Builder
			for _, span := range l {
				switch span.Kind {
				case bot.Code, bot.Mention:
					s.WriteString(" ")
				default:
					s.WriteString(span.Text)
				}
			}
			out = append(out, s.String())
		}
	}
	return out
}

// outsideSpans is what is left of a line once every ⟦…⟧ span, nested ones included, and
// every `code` span of a plain text are taken out; a problem ("" for none) when the spans
// do not pair. A text clipped inside a span ("⟦Keep, replace or drop folk…", a stored vote
// question worded in the pseudo-language, then shortened) may leave spans open, and ⟧ that
// close nothing after it: that is data cut short, not wording outside the catalog.
func outsideSpans(line string) (string, string) {
	var out strings.Builder
	depth, clipped := 0, false
	for _, r := range line {
		switch string(r) {
		case words.Open:
			depth++
		case words.Close:
			if depth == 0 {
				if clipped {
					continue
				}
				return "", "a ⟧ closes no ⟦"
			}
			depth--
		default:
			if r == '…' && depth > 0 {
				clipped = true
			}
			if depth == 0 {
				out.WriteRune(r)
			}
		}
	}
	if depth != 0 && !clipped {
		return "", "a ⟦ is never closed"
	}
	return backticked.ReplaceAllString(out.String(), " "), ""
}

// backticked is code in a plain text: `!help`.
var backticked = regexp.MustCompile("`[^`]*`")

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// allCommands are every feature's commands, for a check made before any kit.
func allCommands() []*commands.Command {
	var cmds []*commands.Command
	for _, f := range app.Features() {
		cmds = append(cmds, f.Commands...)
	}
	return cmds
}
