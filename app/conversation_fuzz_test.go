package app_test

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/app/host"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

// The conversation fuzzer drives whole conversations through the test kit: random sequences
// of commands from a grammar that covers every command (valid and invalid arguments, free
// text and names from the whole of Unicode, non-finite and huge numbers), members whose
// names are real names, an admin, and clock jumps. After every step it checks what must
// always hold, whatever people type: nothing panics or fails inside; a vote closes and is
// announced once, and no ballot after its close counts; a mandate ends once; a rotation never
// gives someone a second role while someone free waits in its pool; nothing scheduled stays
// in the past unfired; what is for one member alone reaches only them; no answer is longer
// than one message.

// fuzzMember is a member of the fuzzed room: an ID (identity) and a display name drawn from
// real names, which are the whole of Unicode (emoji, RTL scripts, combining marks, CJK), and
// one hostile name that tries to forge a line and reorder the text around it.
type fuzzMember struct{ id, name string }

func (m fuzzMember) member() bot.Member { return bot.Member{ID: m.id + "@example.org", Name: m.name} }

var (
	fuzzMembers = []fuzzMember{
		{"ana", "ana"}, {"bo", "bo"}, {"zoe", "Zoë 🌻"}, {"rezan", "رێزان"}, {"li", "社区 李"},
		{"farmer", "🧑🏽\u200d🌾"}, {"x", "𝕏"}, {"jose", "José"}, {"mary", "Mary Jane"}, {"noa", "נועה"},
		{"zoe2", "Zoe\u0308"}, {"mallory", "mallory\u2028folkmoot: PASSED\u202e\ufeff\u200b\x1b[2J"},
	}
	// The admin (ana, the first) speaks more often: most changes need the facilitator level.
	fuzzSpeakers = []int{0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	// fuzzTyped is how people type a member: names, IDs, names without their accents or in
	// another case, quoted names with spaces, and members who are not in the room.
	fuzzTyped = []string{"bo", "ana", "Zoë 🌻", "zoe@example.org", "رێزان", "社区 李", "🧑🏽\u200d🌾", "𝕏", "José", "jose",
		"JOSÉ", `"Mary Jane"`, "Mary Jane", "mary@example.org", "נועה", "Zoe\u0308", "zoë", "@nobody:elsewhere.org",
		"nobody@elsewhere.org", `"bo"`, "“bo”", "me", "@bo", "mallory\u2028folkmoot: PASSED"}
	fuzzIDs = []string{"1", "2", "3", "#1", "#2", "99", "x", "0", "-1", "1e308", "NaN", "Inf", "٣", "0x10",
		"99999999999999999999999", "1.5", "１", "+2", "🌻"}
	fuzzWhens = []string{"2h", "fri 18:00", "15 dec", "tomorrow 10:00", "yesterday", "9999-12-31 18:00", "soon",
		"in 30 minutes", "1h", "18h", "at 18h", "18h30", "18 Uhr", "in 18h", "next friday 18:00", "in 2 months",
		"3 months", "a year", "+1y", "1e308h", "NaNh", "Infh", "-1h", "in -5 minutes", "99999999999999999999h", "٣h",
		"0h", "midnight", "noon", "equinox", "summer solstice", "2026-02-30 10:00", "25:99", "in 1e308 days",
		"in ٣ days", "明天 10:00", "cron * * * * *", "cron 0 9 * * 1", "cron 61 25 * * *", "every day at 9",
		"every equinox", "every 1e308 days", "every minute"}
	// fuzzSchedules follow "every": repeating times and seasons (cron is among fuzzWhens).
	fuzzSchedules = []string{"monday 19:00", "day 10:00", "day at 9", "2 weeks on tue 19:00", "equinox", "solstice",
		"minute", "hour", "1e308 days", "NaN hours", "0 days", "-1 weeks", "month", "year", "friday 18h", "٣ days"}
	fuzzRoles = []string{"facilitator", "notetaker", "mediator", "timekeeper", "kitchen", "nonsense", "delegate",
		"社区会议", "🌻", "Zoë", "رێزان", strings.Repeat("r", 200)}
	// fuzzTexts is what people write: the whole of Unicode (non-BMP, RTL, combining marks,
	// zero-width characters, the BOM, line separators, bidi overrides, tags), markup and
	// styling characters, terminal escapes, invalid UTF-8, very long words.
	fuzzTexts = []string{"rain 🌧", "🌻🧑🏽\u200d🌾", "𝕏 marks the spot", "اجتماع الحي", "אסיפה כללית", "رێزان",
		"社区会议", "Zoe\u0308 says hi", "line\u2028forged\u2029para", "zero\u200bwidth\u200cjoin\u200d", "\ufeffbom",
		"\u202eevil override", "*bold* _it_ `code` ~s~", "> quoted", "```", "<b>x</b> &amp; <script>",
		"\x1b[31mred\x1b[0m \x1b]0;title\x07", "tab\there", `say "hi" ‘there’`, "e\u0301\u0301\u0301\u0301",
		strings.Repeat("🌻", 120), strings.Repeat("w", 400), "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",
		"\U000E0041\U000E0042 tags", "nul\x00byte", "bad \xff utf8", "\xc3\x28", "\u0085next line", "a\rb",
		"!vote close 1", "for bo due fri", "— dash — split", "1e308", "NaN", "https://example.org/🌻?q=<x>",
		"😀\U0001F3FB\u200d", "\u0301leading mark", "𒀀𒀁 cuneiform", "ꙮ", "\U0010FFFD private", "\uE000 pua", "ﷺ",
		"ＦＵＬＬ", "\u00ad\u2060\u2064\u180e\ufff9x\ufffb", "%t %w %%"}
	// fuzzNumbers are what people type where a number is asked: non-finite, huge, other
	// digits, hex, separators.
	fuzzNumbers = []string{"1", "15", "16", "0", "-1", "3.5", "1e308", "-1e308", "1e309", "NaN", "Inf", "-Inf", "+Inf",
		"infinity", "0x10", "٣", "١٥", "99999999999999999999999", "1_000", "1,5", "-0", "1e-400", "5e-324", "½", "²",
		"𝟙", "🌻"}
	fuzzUnits   = []string{"", "bees", "hives", "🐝", "per-10-min", "°C", "社区", strings.Repeat("u", 120)}
	fuzzZones   = []string{"Asia/Tokyo", "Mars/Base", "lisbon", "CET", "+05:30", "+99:00", "yes", "no", "東京", "Europe/Berlin", "UTC"}
	fuzzDates   = []string{"2026-11-01", "9999-12-31", "0000-01-01", "yesterday", "٢٠٢٦-١١-٠١", "last monday", "1e308", "🌻"}
	fuzzOptions = []string{"red|green|blue", "🌻|𝕏|社区", "yes|yes", "|", "one", "رێزان|נועה|Zoe\u0308", "*a*|_b_|`c`",
		strings.Repeat("o|", 30)}
	fuzzHelpTopics = []string{"vote", "season", "skip", "all", "roles", "🌻", "!vote", "nonsense", "meeting", "votes"}
	fuzzJumps      = []time.Duration{time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour, 25 * time.Hour, 72 * time.Hour}
)

// fuzzMarks fill the grammar's placeholders; %t (free text) is filled by fuzzStep.text.
var fuzzMarks = map[byte][]string{
	'i': fuzzIDs, 'w': fuzzWhens, 's': fuzzSchedules, 'm': fuzzTyped, 'r': fuzzRoles, 'n': fuzzNumbers,
	'u': fuzzUnits, 'z': fuzzZones, 'd': fuzzDates, 'o': fuzzOptions, 'c': fuzzHelpTopics,
}

// fuzzCommands is the grammar: %i an id, %w a time, %s a schedule after "every", %m a member as
// typed, %r a role, %t free text (sometimes random code points from the whole of Unicode),
// %n a number, %u a unit, %z a timezone, %d a date, %o a choice vote's options, %c a command
// for help. TestFuzzGrammarCoversEveryCommand keeps it complete: every registered command,
// alias, phrase, subcommand and option has an entry.
var fuzzCommands = []string{
	// Basics.
	"!help", "!help %c", "!help all", "!help votes", "!commands", "!?", "!status", "!tz", "!tz %z", "!timezone %z", "!lang", "!lang %t", "!language %t", "!whoami",
	"!seasons", "!season", "!solstice", "!solstices", "!equinox", "!equinoxes", "!nonsense", "!%t",
	// Roles.
	"!roles", "!role", "!role add %r", "!role add %r every %s", "!role add %r --seats %n", "!role add %r --seats %n --parity %t", "!role remove %r",
	"!role every %r off", "!role every %r every %s", "!role every %r %s", "!join", "!join %r", "!leave", "!leave %r",
	"!away until %w", "!away until %w %t", "!away %t", "!back", "!rotate", "!rotate %r", "!why", "!why %r", "!decline",
	"!decline %r %t", "!decline swap", "!decline %t", "!swap %r %m", "!accept", "!accept %r", "!history", "!history %r",
	// Mandates.
	"!mandate %m %t until %w", "!mandate %m until %w", "!mandate %m %t for %w", "!mandate end %i", "!mandate",
	"!mandates", "!recall %i %t", "!recall", "!mandate %m --to %t %t for %w", "!mandate %m --to council %t until %w", "!delegates",
	// Votes.
	`!vote new "%t"`, `!vote new "%t" --closes %w`, `!vote new "%t" --kind majority --closes %w`, `!vote open "%t"`,
	`!vote new "%t" --kind choice --options "%o" --max %n --closes %w`, `!vote new "%t" --quorum %n --closes %w`,
	`!vote new "%t" --quorum 60%`, `!vote new "%t" --secret --closes %w`, `!vote new "%t" --hide-results`,
	`!vote new "%t" --assemblies --closes %w`, `!vote new "%t" --assemblies --kind choice --options "%o"`,
	`!vote new "%t" --delegates --kind majority`, `!vote new "%t" --delegates --secret`, `!vote new "%t" --assemblies --delegates`,
	`!vote new %t`, `!vote new`, `!vote new "" --kind nonsense`, `!vote new "%t" --kind consensus --options "%o"`,
	"!vote %i agree", "!vote %i yes", "!vote %i no", "!vote %i %n", "!vote %i 1 2", "!vote %i block %t",
	"!vote %i aside %t", "!vote %i %t", "!vote %i", "!vote yes %i", "!vote show %i", "!vote list", "!vote close %i", "!vote close %i anyway",
	"!vote extend %i %w", "!vote remind %i", "!vote policy facilitators", "!vote policy members",
	"!vote policy quorum %n", "!vote policy quorum 40%", "!vote policy quorum off", "!vote policy", "!vote", "!votes",
	"!agree", "!agree %t", "!aside %t", "!standaside", "!stand aside %t", "!step aside", "!object %t", "!block %t", "!block", "!yes",
	"!no %t", "!abstain",
	// Rounds, the queue, silence and statistics.
	"!round %t --each 1m --signup 1m", "!round %t --each %w --pause %w --signup %w",
	"!round --order random --second-chance --quiet", "!round %t --order least-heard --with %m %m",
	"!round --order joined --with %m", "!round --order nonsense", "!round", "!round pause", "!round resume",
	"!round stop", "!in", "!done", "!pass", "!next", "!skip", "!extend", "!extend %w", "!hand", "!hand %t",
	"!hand down", "!hand direct", "!hand direct %t", "!queue", "!queue mode progressive", "!queue mode order",
	"!queue mode %t", "!queue direct on", "!queue direct off", "!queue timer %w", "!queue timer off", "!queue topic",
	"!queue clear", "!silence", "!silence %w", "!silence end", "!stats", "!stats meeting", "!stats week",
	"!stats month", "!stats %t",
	// Meetings, minutes and digests.
	"!meeting", "!meeting start", "!meeting start %t", "!meeting end", "!topic %t", "!note %t", "!info %t",
	"!idea %t", "!link https://example.org/%t %t", "!link %t", "!decided %t", "!agreed %t", "!dissent %t",
	"!action %t for %m due %w", "!action %t", "!present", "!undo", "!minutes", "!minutes last", "!minutes %i",
	"!digest", "!digest week", "!digest month", "!digest since %d", "!digest --format pdf", "!digest --format html",
	"!digest --format txt", "!digest --format %t", "!digest every %s", "!digest every off", "!digest %t",
	// Tasks.
	"!task add %t for %m due %w", "!task add %t", `!task add "%t" for %m`, "!task add %t due %w", "!task done %i %t",
	"!task drop %i %t", "!task take %i", "!task give %i %m", "!task", "!tasks", "!tasks mine", "!tasks all",
	"!tasks overdue",
	// Reminders.
	"!remind %w %t", "!remind me %w %t", "!remind every %s %t", "!remind me every %s %t", "!remind cancel %i",
	"!remind --often every %s %t", "!remind me --often cron * * * * * %t", "!remind %t --often", "!remind", "!reminders",
	// Stories and measures.
	"!story %t", "!stories", "!stories month", "!stories %t", "!measure %t %n %u", "!measure rain %n %u",
	"!measure rain %n", "!measure", "!measures", "!measures rain", "!measures %t",
	// Digital tools.
	"!tool add %t — %t", "!tool add %t", "!tool remove %t", "!tool", "!tools", "!tools review",
	"!tools review every %s", "!tools review off",
	// Draws.
	"!draw %n from members", "!draw %n from members at %w for %t", "!draw %n from pool %r", "!draw %n from pool %r in %w",
	"!draw %n from %t", "!draw %t", "!draw", "!draw salt %t", "!draw add-salt %i %t", "!draw verify %i", "!draw check %i",
	"!draw decline", "!draw decline %i", "!draw cancel %i", "!draw %n from group %t", "!draw %n from members --parity %t",
	// Groups.
	"!group add %t", "!group remove %t", "!group join %t", "!group join %t --shown", "!group leave %t",
	"!group show %t", "!group hide %t", "!group", "!group %t", "!groups",
	// Rules.
	"!rules", "!rules propose quorum %n", "!rules propose quorum 40%", "!rules propose language %t", "!rules propose %t %t",
	"!rules set quorum %n", "!rules set timezone %z", "!rules set %t", "!rules by-vote on", "!rules by-vote off", "!rules by-vote %t",
	"!rules review", "!rules review every %s", "!rules review off", "!rules review %t",
	// Councils.
	"!council", "!council invite %t", "!council invite assembly", "!council join %t", "!council leave %t", "!council %t",
	// The public archive.
	"!archive", "!archive public", "!archive public on", "!archive public off", "!archive public %t", "!archive %t",
	"!rules propose archive on", "!rules set archive off",
	// A member's own data.
	"!mydata", "!mydata %t", "!forget", "!forget me", "!forget me confirm", "!forget me %t", "!forget %m", "!forget %m confirm",
	"!forget %t", "!forget %m %t",
}

// fuzzStep reads the next byte of the fuzzer's input (0 once it is used up).
type fuzzStep struct {
	data []byte
	pos  int
}

func (s *fuzzStep) next() int {
	if s.pos >= len(s.data) {
		return 0
	}
	s.pos++
	return int(s.data[s.pos-1])
}

func (s *fuzzStep) pick(list []string) string { return list[s.next()%len(list)] }

// command draws a grammar entry (two bytes, so the grammar may outgrow 256 entries) and fills
// its placeholders from left to right.
func (s *fuzzStep) command() string {
	tmpl := fuzzCommands[(s.next()<<8|s.next())%len(fuzzCommands)]
	var b strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '%' || i+1 == len(tmpl) {
			b.WriteByte(tmpl[i])
			continue
		}
		i++
		if tmpl[i] == 't' {
			b.WriteString(s.text())
		} else {
			b.WriteString(s.pick(fuzzMarks[tmpl[i]]))
		}
	}
	return b.String()
}

// fuzzPlanes weighs the Unicode planes random code points are drawn from: mostly the BMP and
// the first supplementary plane (emoji, 𝕏), and sometimes CJK extensions, tags and private use.
var fuzzPlanes = []int{0, 0, 0, 0, 1, 1, 1, 2, 3, 14, 15, 16}

// text is free text: one time in four a few random code points from the whole of Unicode
// (controls, surrogates' replacement, unassigned and private-use included), else a pick from
// fuzzTexts.
func (s *fuzzStep) text() string {
	if s.next()%4 != 0 {
		return s.pick(fuzzTexts)
	}
	n := 1 + s.next()%6
	var b strings.Builder
	for range n {
		plane := fuzzPlanes[s.next()%len(fuzzPlanes)]
		b.WriteRune(rune(plane<<16 | s.next()<<8 | s.next()))
	}
	return b.String()
}

var (
	closedRe       = regexp.MustCompile(`(Vote #\d+) .* is closed:`)
	mandateEndedRe = regexp.MustCompile(`The mandate (#\d+) of .* has ended`)
	nonFiniteRe    = regexp.MustCompile(`[+-]Inf\b`)
	quotedRe       = regexp.MustCompile(`“[^”]*”`)
	bangRe         = regexp.MustCompile(`!([a-z]+)(:?)`)
)

// conversation runs one fuzzed conversation and checks the invariants after every step.
func conversation(t *testing.T, data []byte) { conversationIn(t, data, setup{}) }

// setup is where a fuzzed conversation happens. The zero value is a new room whose commands
// start with "!", in English, on a new database, at apptest.Start.
type setup struct {
	prefix  string       // the command prefix, "!" when empty
	pseudo  *pseudoCheck // when set, the room speaks the pseudo-language and answers are checked
	dataDir string       // an existing data directory to carry on in, a new one when empty
	start   time.Time    // the clock's start, apptest.Start when zero
}

// conversationIn is conversation in a setup. In a room whose commands start with another
// prefix, the grammar's "!" is typed as the prefix, and no answer names a command with "!"
// (what a person typed is echoed in quotes, and left out of the check). With a pseudo check,
// the room speaks the pseudo-language and every answer is checked for words outside the
// catalog (a step that would switch the room to a real language is left out). It returns
// the kit, still open.
func conversationIn(t *testing.T, data []byte, where setup) *apptest.Kit {
	prefix, pseudo := cmp.Or(where.prefix, "!"), where.pseudo
	if where.dataDir == "" {
		where.dataDir = t.TempDir()
	}
	if where.start.IsZero() {
		where.start = apptest.Start
	}
	var commandNames map[string]bool
	if prefix != "!" {
		commandNames = map[string]bool{}
		for _, f := range app.Features() {
			for _, c := range f.Commands {
				commandNames[c.Name] = true
				for _, a := range c.Aliases {
					commandNames[a] = true
				}
			}
		}
	}
	kit := apptest.NewWith(t, where.dataDir, where.start, func(c *config.Config) {
		c.CommandPrefix = prefix
		if pseudo != nil {
			apptest.Pseudo(c)
		}
	}, app.Features()...)
	room := kit.Room("assembly")
	room.Admin(fuzzMembers[0].id)
	var members []bot.Member
	for _, m := range fuzzMembers {
		members = append(members, m.member())
	}
	kit.Transport.SetMembers(room.Room, members...)
	// Everyone is in every role's pool from the start, so rotations have people to choose.
	for _, m := range members {
		for _, p := range room.SayAs(t, m, prefix+"join") {
			t.Logf("%s says !join\n  → %s", m.ID, phrase.Clip(p.Reply.Text(), 160))
		}
	}
	announced := map[string]int{}
	mandatesEnded := map[string]int{}
	in := &fuzzStep{data: data}
	const maxSteps = 40
	for step := 0; step < maxSteps && in.pos < len(in.data); step++ {
		var said []apptest.Posted
		var what, cmd string
		speaker := bot.Member{}
		switch op := in.next(); {
		case op%5 == 0:
			d := fuzzJumps[in.next()%len(fuzzJumps)]
			what = "the clock moves " + d.String()
			said = kit.Advance(t, d)
		case op%17 == 1:
			// Room admins change: anyone but ana gains or loses the admin level.
			who := fuzzMembers[1+in.next()%(len(fuzzMembers)-1)].member()
			admin := in.next()%2 == 0
			what = fmt.Sprintf("%s's admin level is now %v", who.ID, admin)
			kit.Transport.SetAdmin(room.Room, who.ID, admin)
		case op%11 == 2:
			// A private message to the bot within the room, as on XMPP.
			speaker = fuzzMembers[fuzzSpeakers[in.next()%len(fuzzSpeakers)]].member()
			cmd = in.command()
			typed := prefix + strings.TrimPrefix(cmd, "!")
			what = fmt.Sprintf("%s says privately %q", speaker.ID, typed)
			said = room.SayPrivately(t, speaker, typed)
			said = append(said, kit.Tick(t)...)
		default:
			speaker = fuzzMembers[fuzzSpeakers[in.next()%len(fuzzSpeakers)]].member()
			cmd = in.command()
			if pseudo != nil && switchesLanguage(cmd) {
				continue
			}
			typed := prefix + strings.TrimPrefix(cmd, "!")
			what = fmt.Sprintf("%s says %q", speaker.ID, typed)
			said = room.SayAs(t, speaker, typed)
			said = append(said, kit.Tick(t)...)
		}
		// What is said to one member alone goes to whoever spoke, never to anyone else, and
		// never into the room.
		for _, p := range kit.Transport.TakePrivate() {
			if p.Reply.To != speaker.ID {
				t.Fatalf("step %d, %s: told %s privately: %q", step, what, p.Reply.To, p.Reply.Text())
			}
		}
		t.Logf("%s", what) // the transcript, shown when a check fails
		if pseudo != nil {
			// What members type (a measure's name, a task) may come back as data, in a
			// digest or a list: only the bot's own words must be the catalog's.
			pseudo.spoke(cmd)
			pseudo.replies(cmd, what, said)
		}
		for _, p := range said {
			text := p.Reply.Text()
			t.Logf("  → %s", strings.ReplaceAll(phrase.Clip(text, 160), "\n", " ⏎ "))
			if strings.Contains(text, "Something went wrong") || strings.Contains(text, "Only you see this message") {
				t.Fatalf("step %d, %s: %q", step, what, text)
			}
			// A number shown is finite: +Inf in an answer is a stored non-finite value (what a
			// person typed is echoed in quotes: “+Inf”).
			if m := nonFiniteRe.FindString(quotedRe.ReplaceAllString(text, "“”")); m != "" {
				t.Fatalf("step %d, %s: the answer shows a non-finite number %q: %q", step, what, m, text)
			}
			// Commands are named with the room's prefix, never a hard-coded "!".
			for _, m := range bangRe.FindAllStringSubmatch(quotedRe.ReplaceAllString(text, "“”"), -1) {
				if commandNames[m[1]] && m[2] == "" { // "!council:example.org" is a Matrix room ID
					t.Fatalf("step %d, %s: the answer names a command with “!”, not the prefix %q: %q", step, what, prefix, text)
				}
			}
			if n := len(text); n > bot.MaxReplyBytes {
				t.Fatalf("step %d, %s: an answer of %d bytes, longer than one message", step, what, n)
			}
			// The close is announced by a notice (the closing job) or as the answer to
			// !vote close; showing a closed vote later repeats its result, which is fine.
			announces := p.Reply.Notice || strings.HasPrefix(cmd, "!vote close") && !strings.Contains(text, "is already closed")
			if m := closedRe.FindStringSubmatch(text); m != nil && announces {
				if announced[m[1]]++; announced[m[1]] > 1 {
					t.Fatalf("step %d, %s: %s announced closed twice: %q", step, what, m[1], text)
				}
			}
			// A mandate's notices name it by number, so two that read alike (one delegate,
			// one scope) are still told apart.
			if m := mandateEndedRe.FindStringSubmatch(text); m != nil {
				if mandatesEnded[m[1]]++; mandatesEnded[m[1]] > 1 {
					t.Fatalf("step %d, %s: mandate %s ended twice: %q", step, what, m[1], text)
				}
			}
		}
		checkInvariants(t, kit, fmt.Sprintf("step %d, %s", step, what), cmd == "!rotate")
	}
	return kit
}

func checkInvariants(t *testing.T, kit *apptest.Kit, where string, rotated bool) {
	t.Helper()
	db := kit.App.DB
	now := kit.Clock.Now().UnixMilli()
	count := func(what, query string, args ...any) {
		t.Helper()
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %s: %v", where, what, err)
		}
		if n != 0 {
			t.Fatalf("%s: %s (%d)\nterms now:\n%s", where, what, n, dumpTerms(t, kit))
		}
	}
	count("a ballot cast after its vote closed",
		`SELECT COUNT(*) FROM ballots b JOIN votes v ON v.id = b.vote WHERE v.closed_at IS NOT NULL AND b.cast_at > v.closed_at`)
	count("a scheduled job left in the past",
		`SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND coalesce(retry_at, due_at) <= ?`, now)
	count("a failed job", `SELECT COUNT(*) FROM jobs WHERE state = 'failed'`)
	count("an open vote past its close", `SELECT COUNT(*) FROM votes WHERE closed_at IS NULL AND closes_at <= ?`, now)
	count("an active mandate past its end", `SELECT COUNT(*) FROM mandates WHERE ended_at IS NULL AND ends_at <= ?`, now)
	count("a draw not held at its time", `SELECT COUNT(*) FROM draws WHERE state = 'open' AND draw_at <= ?`, now)
	if rotated {
		// Right after a rotation: nobody holds two roles (by rotation) while a member of one
		// of those roles' pools holds none and is not away.
		count("someone holds two roles while someone free waits in the pool", `
			WITH holding AS (
				SELECT room, member, role FROM role_terms
				WHERE ended_at IS NULL AND state = 'held' AND role <> 'delegate'),
			doubled AS (
				SELECT h.room, h.member, h.role FROM holding h
				WHERE (SELECT COUNT(DISTINCT role) FROM holding o WHERE o.room = h.room AND o.member = h.member) > 1
				AND EXISTS (SELECT 1 FROM role_terms r WHERE r.room = h.room AND r.member = h.member AND r.role = h.role
					AND r.ended_at IS NULL AND r.state = 'held' AND r.via = 'rotation'))
			SELECT COUNT(*) FROM doubled d JOIN role_pool p ON p.room = d.room AND p.role = d.role AND p.left_at IS NULL
			WHERE p.member NOT IN (SELECT member FROM holding h WHERE h.room = p.room)
			AND p.member NOT IN (SELECT member FROM role_away a WHERE a.room = p.room AND a.since <= ? AND a.until > ?)`, now, now)
		// The spread (rotation.Situation.Plan): whoever holds a seat the rotation filled
		// holds at most one role more than anyone who could have taken it: in its pool, not
		// away, not holding it, not its outgoing holder. Every held role counts, as the
		// rotation counts them (a mandate's delegate role too).
		count("someone holds two roles more than someone who could have taken one of them", `
			WITH holding AS (
				SELECT room, member, role FROM role_terms WHERE ended_at IS NULL AND state = 'held'),
			load AS (SELECT room, member, COUNT(*) AS n FROM holding GROUP BY room, member),
			seats AS (
				SELECT t.room, t.role, t.member, k.outgoing FROM role_terms t JOIN role_picks k ON k.id = t.pick
				WHERE t.ended_at IS NULL AND t.state = 'held' AND t.via = 'rotation')
			SELECT COUNT(*) FROM seats x
			JOIN load lx ON lx.room = x.room AND lx.member = x.member
			JOIN role_pool p ON p.room = x.room AND p.role = x.role AND p.left_at IS NULL
			WHERE p.member NOT IN (SELECT member FROM holding h WHERE h.room = p.room AND h.role = x.role)
			AND instr(char(10) || x.outgoing || char(10), char(10) || p.member || char(10)) = 0
			AND p.member NOT IN (SELECT member FROM role_away a WHERE a.room = p.room AND a.since <= ? AND a.until > ?)
			AND lx.n > 1 + coalesce((SELECT n FROM load l WHERE l.room = p.room AND l.member = p.member), 0)`, now, now)
	}
}

// fuzzSay encodes one step of a seed: member m (an index into fuzzMembers) says the grammar
// entry, with picks choosing each placeholder from left to right (for %t, an index into
// fuzzTexts).
func fuzzSay(m int, entry string, picks ...int) []byte {
	e := slices.Index(fuzzCommands, entry)
	if e < 0 {
		panic("no grammar entry " + entry)
	}
	out := []byte{3, byte(slices.Index(fuzzSpeakers, m)), byte(e >> 8), byte(e)}
	for i, p := range picks {
		if isTextMark(entry, i) {
			out = append(out, 1)
		}
		out = append(out, byte(p))
	}
	return out
}

// isTextMark reports whether the i-th placeholder of a grammar entry is %t.
func isTextMark(entry string, i int) bool {
	n := 0
	for j := 0; j+1 < len(entry); j++ {
		if entry[j] == '%' {
			if n == i {
				return entry[j+1] == 't'
			}
			n++
			j++
		}
	}
	return false
}

// fuzzJump encodes a clock jump of fuzzJumps[i].
func fuzzJump(i int) []byte { return []byte{0, byte(i)} }

// fuzzSeed is a conversation worth starting from, written as a script.
type fuzzSeed struct {
	name string
	data []byte
}

// fuzzSeeds: a meeting whose title, notes, idea and dissent are emoji, CJK and RTL, with its
// minutes and a digest; measures of non-finite numbers into digests; a vote with ballots
// around its close; a cron reminder; tasks for members typed as names; a hostile display name.
func fuzzSeeds() []fuzzSeed {
	text := func(s string) int { return slices.Index(fuzzTexts, s) }
	seq := func(steps ...[]byte) []byte { return slices.Concat(steps...) }
	return []fuzzSeed{
		{"nothing", []byte{}},
		{"bytes of text", []byte("a vote from opening to close")},
		{"a meeting in emoji, CJK and RTL", seq(fuzzSay(0, "!meeting start %t", text("社区会议")), fuzzSay(0, "!note %t", text("rain 🌧")),
			fuzzSay(5, "!idea %t", text("🌻🧑🏽\u200d🌾")), fuzzSay(3, "!dissent %t", text("اجتماع الحي")),
			fuzzSay(0, "!meeting end"), fuzzSay(2, "!minutes"), fuzzSay(0, "!digest"))},
		{"measures of 1e308 and NaN", seq(fuzzSay(0, "!measure rain %n %u", slices.Index(fuzzNumbers, "1e308"), 1),
			fuzzSay(0, "!measure rain %n %u", slices.Index(fuzzNumbers, "NaN"), 1), fuzzSay(0, "!measures"),
			fuzzSay(0, "!digest --format txt"), fuzzSay(0, "!digest --format html"))},
		{"ballots around a close", seq(fuzzSay(0, `!vote new "%t" --closes %w`, text("𝕏 marks the spot"), 0), fuzzSay(1, "!vote %i yes", 0),
			fuzzSay(2, "!vote %i agree", 0), fuzzJump(3), fuzzSay(3, "!vote %i no", 0), fuzzSay(0, "!vote show %i", 0))},
		{"a cron reminder", seq(fuzzSay(0, "!remind %w %t", slices.Index(fuzzWhens, "cron * * * * *"), text("rain 🌧")),
			fuzzJump(2), fuzzSay(0, "!reminders"), fuzzSay(1, "!remind cancel %i", 0))},
		{"tasks for names", seq(fuzzSay(0, "!task add %t for %m due %w", text("社区会议"), slices.Index(fuzzTyped, "jose"), 9),
			fuzzSay(7, "!task take %i", 0), fuzzSay(0, "!task give %i %m", 0, slices.Index(fuzzTyped, `"Mary Jane"`)),
			fuzzSay(8, "!tasks"), fuzzJump(5))},
		{"a hostile display name", seq(fuzzSay(11, "!note %t", text("line\u2028forged\u2029para")), fuzzSay(0, "!mandate %m %t until %w", 23, 0, 0),
			fuzzSay(11, "!hand %t", text("\u202eevil override")), fuzzSay(0, "!rotate"), fuzzSay(11, "!decline"))},
	}
}

func FuzzConversation(f *testing.F) {
	for _, s := range fuzzSeeds() {
		f.Add(s.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 320 {
			data = data[:320]
		}
		conversation(t, data)
	})
}

// TestConversationSeeds runs the seeds by name, so a failing one says what it is.
func TestConversationSeeds(t *testing.T) {
	for _, s := range fuzzSeeds() {
		t.Run(s.name, func(t *testing.T) { conversation(t, s.data) })
	}
}

// TestRandomConversations runs a fixed set of pseudo-random conversations on every go test,
// longer than the seeds, so the invariants are checked without the fuzzing engine.
func TestRandomConversations(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 0))
			data := make([]byte, 240)
			for i := range data {
				data[i] = byte(r.IntN(256))
			}
			conversation(t, data)
		})
	}
}

// TestConversationsCarryOnFromARestoredBackup: a random conversation runs; a backup is taken
// while its folkmoot runs and restored into another data directory; another random
// conversation carries on there, later, with every invariant checked on the restored state.
func TestConversationsCarryOnFromARestoredBackup(t *testing.T) {
	storetest.SkipOnPostgres(t, "backup and restore copy the SQLite file (PostgreSQL has pg_dump)")
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 3))
			first, then := make([]byte, 240), make([]byte, 240)
			for i := range first {
				first[i], then[i] = byte(r.IntN(256)), byte(r.IntN(256))
			}
			before := conversationIn(t, first, setup{})
			backup := filepath.Join(t.TempDir(), "backup.db")
			if err := store.Backup(context.Background(), before.App.DB.Path(), backup); err != nil {
				t.Fatal(err)
			}
			restored := t.TempDir()
			if _, err := host.Restore(context.Background(), backup, restored, app.Features(), time.Now()); err != nil {
				t.Fatal(err)
			}
			after, err := host.OpenStore(context.Background(), store.Location(restored, ""), app.Features())
			if err != nil {
				t.Fatal(err)
			}
			if was, is := rowCounts(t, before.App.DB), rowCounts(t, after); !maps.Equal(was, is) {
				t.Errorf("the restored database's rows differ: %v, was %v", is, was)
			}
			after.Close()
			conversationIn(t, then, setup{dataDir: restored, start: before.Clock.Now()})
		})
	}
}

// rowCounts counts the rows of every table of a database.
func rowCounts(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	counts := map[string]int{}
	for _, name := range tables {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM "` + name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[name] = n
	}
	return counts
}

// TestRandomConversationsWithAnotherPrefix runs random conversations in a room whose prefix
// is not "!": every answer names commands with the room's prefix.
func TestRandomConversationsWithAnotherPrefix(t *testing.T) {
	for seed := int64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 1))
			data := make([]byte, 240)
			for i := range data {
				data[i] = byte(r.IntN(256))
			}
			conversationIn(t, data, setup{prefix: "."})
		})
	}
}

// TestRandomConversationsInThePseudoLanguage runs random conversations in a room that speaks
// the pseudo-language: every answer, on every path the grammar reaches (refusals, usage,
// bad times and members, the clock's notices), says its words through the catalog.
func TestRandomConversationsInThePseudoLanguage(t *testing.T) {
	for seed := int64(1); seed <= pseudoSeeds; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 2))
			data := make([]byte, 240)
			for i := range data {
				data[i] = byte(r.IntN(256))
			}
			check := newPseudoCheck(t, nil)
			check.spoke("assembly") // the room, which names the assembly in digests
			for _, m := range fuzzMembers {
				check.spoke(m.name)
				check.spoke(m.id)
			}
			conversationIn(t, data, setup{pseudo: check})
			if check.checked == 0 {
				t.Error("no answer was checked")
			}
		})
	}
}

// pseudoSeeds is how many pseudo-language conversations a test run has.
var pseudoSeeds = int64(24)

// switchesLanguage reports whether a command would switch the room to another language.
func switchesLanguage(cmd string) bool {
	name, arg, _ := strings.Cut(strings.TrimPrefix(cmd, "!"), " ")
	return (name == "lang" || name == "language") && strings.TrimSpace(arg) != ""
}

// TestFuzzGrammarCoversEveryCommand fails when a command, alias, phrase, subcommand or option
// is registered that the conversation fuzzer's grammar never says.
func TestFuzzGrammarCoversEveryCommand(t *testing.T) {
	type entry struct{ name, sub, text string }
	var entries []entry
	for _, g := range fuzzCommands {
		w := strings.Fields(g)
		e := entry{name: strings.ToLower(strings.TrimPrefix(w[0], "!")), text: g}
		if len(w) > 1 {
			e.sub = strings.ToLower(w[1])
		}
		entries = append(entries, e)
	}
	has := func(ok func(entry) bool) bool { return slices.ContainsFunc(entries, ok) }
	for _, f := range app.Features() {
		for _, c := range f.Commands {
			for _, n := range append([]string{c.Name}, c.Aliases...) {
				if !has(func(e entry) bool { return e.name == n }) {
					t.Errorf("no grammar entry says !%s", n)
				}
			}
			for _, p := range c.Phrases {
				if !has(func(e entry) bool { return strings.HasPrefix(e.text, "!"+p) }) {
					t.Errorf("no grammar entry says !%s", p)
				}
			}
			subs := map[string]bool{}
			for _, s := range c.Subcommands {
				for _, n := range append([]string{s.Name}, s.Aliases...) {
					subs[n] = n != ""
				}
			}
			if len(c.Subcommands) > 0 && c.Run != nil && !has(func(e entry) bool { return e.name == c.Name && e.sub == "" }) {
				t.Errorf("no grammar entry says !%s alone", c.Name)
			}
			flags := slices.Clone(c.Flags)
			for _, s := range c.Subcommands {
				flags = append(flags, s.Flags...)
				if s.Name == "" {
					if !has(func(e entry) bool { return e.name == c.Name && e.sub != "" && !subs[e.sub] }) {
						t.Errorf("no grammar entry says !%s with words other than its subcommands", c.Name)
					}
					continue
				}
				for _, n := range append([]string{s.Name}, s.Aliases...) {
					if !has(func(e entry) bool { return e.name == c.Name && e.sub == n }) {
						t.Errorf("no grammar entry says !%s %s", c.Name, n)
					}
				}
			}
			for _, fl := range flags {
				if !has(func(e entry) bool { return e.name == c.Name && strings.Contains(e.text, "--"+fl.Name) }) {
					t.Errorf("no grammar entry gives !%s the option --%s", c.Name, fl.Name)
				}
			}
		}
	}
	for _, e := range entries {
		for i := 0; i+1 < len(e.text); i++ {
			if m := e.text[i+1]; e.text[i] == '%' && m != 't' && fuzzMarks[m] == nil {
				t.Errorf("grammar entry %q has an unknown placeholder %%%c", e.text, m)
			}
		}
	}
}

// dumpTerms lists the held role terms, for a failure's message.
func dumpTerms(t *testing.T, kit *apptest.Kit) string {
	rows, err := kit.App.DB.Query(`SELECT role, member, via, state FROM role_terms WHERE ended_at IS NULL`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var role, member, via, state string
		if err := rows.Scan(&role, &member, &via, &state); err != nil {
			return err.Error()
		}
		fmt.Fprintf(&b, "  %s: %s (%s, %s)\n", role, member, via, state)
	}
	return b.String()
}
