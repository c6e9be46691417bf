package console_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"folkmoot/app"
	"folkmoot/bot"
	"folkmoot/bot/console"
	"folkmoot/config"
	"folkmoot/conformance"
	"folkmoot/facts"
)

// syncBuffer is a bytes.Buffer safe for the console's writer and the test's reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// take returns what was written since the last call.
func (s *syncBuffer) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.b.String()
	s.b.Reset()
	return out
}

// session is a real console on a pipe: each line written is fully handled before the next
// write returns, because the console reads the next line only after answering the last.
type session struct {
	in   *io.PipeWriter
	out  *syncBuffer
	done chan error
	clk  *console.Clock
}

func start(t *testing.T) *session {
	t.Helper()
	cfg := config.Default()
	// One person at a terminal, often piping a script: no flood to guard against.
	cfg.Limits.CommandBurst = 1000
	cfg.DataDir = t.TempDir()
	base := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	clk := console.NewClock(func() time.Time { return base })
	a, err := app.New(context.Background(), cfg, zerolog.Nop(), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	pr, pw := io.Pipe()
	s := &session{in: pw, out: &syncBuffer{}, done: make(chan error, 1), clk: clk}
	// The room's timezone, as the command line's console reads it (!tz changes it).
	zone := func() *time.Location {
		if tz, err := facts.RoomTimezone(context.Background(), a.DB, console.Room); err == nil && tz != "" {
			if loc, err := time.LoadLocation(tz); err == nil {
				return loc
			}
		}
		return cfg.Location()
	}
	con := console.New(pr, s.out, clk, func(ctx context.Context) { _ = a.Tick(ctx) }, false, zone)
	con.StepBy(a.Sched.Next)
	a.Add(con)
	go func() {
		s.done <- con.Run(context.Background(), a.Bot.Inbox(con))
	}()
	s.say(t, "") // wait for the greeting
	return s
}

// say writes a line and returns everything the console printed in answer.
func (s *session) say(t *testing.T, line string) string {
	t.Helper()
	for _, l := range []string{line + "\n", "\n"} {
		if _, err := io.WriteString(s.in, l); err != nil {
			t.Fatal(err)
		}
	}
	return s.out.take()
}

func (s *session) close(t *testing.T) string {
	t.Helper()
	s.in.Close()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
	return s.out.take()
}

type driver struct{ s *session }

func (d driver) Say(t *testing.T, as conformance.Speaker, text string) string {
	who := "member"
	if as == conformance.Admin {
		who = "admin"
	}
	d.s.say(t, "/as "+who)
	out := d.s.say(t, text)
	if !strings.HasPrefix(out, "folkmoot") {
		t.Fatalf("%q: no answer, got %q", text, out)
	}
	return out
}

func TestConformance(t *testing.T) {
	s := start(t)
	s.say(t, "/admin admin")
	conformance.Run(t, driver{s: s})
	s.close(t)
}

func TestConsoleCommands(t *testing.T) {
	s := start(t)
	tests := []struct{ in, want string }{
		{"/members", "console: members: ana (admin)"},
		{"/as bo", "console: you are now bo"},
		{"/as", "console: /as needs a name"},
		{"/admin cy", "console: cy is now a room admin"},
		{"/members", "ana (admin), bo, cy (admin)"},
		{"/time +2h", "console: the time is now Wed 25 Nov 2026 12:00 CET"},
		{"/time soon", "console: /time needs a duration forward or a time ahead"},
		{"/time friday 18:00", "console: the time is now Fri 27 Nov 2026 18:00 CET"},
		{"/time yesterday 18:00", "console: /time needs a duration forward or a time ahead"},
		{"/frobnicate", "console: unknown console command /frobnicate"},
		{"!whoami", "folkmoot: You are bo@console"},
		{"just talking", ""},
	}
	for _, tt := range tests {
		got := s.say(t, tt.in)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%q printed %q, want %q", tt.in, got, tt.want)
		}
	}
	s.close(t)
}

func TestEndOfInputEndsTheConsole(t *testing.T) {
	s := start(t)
	s.say(t, "!status")
	s.close(t) // returns only when Run has returned nil
}

// TestTimeJumpFiresEachJobAtItsTime: what falls inside a /time jump fires at its own time,
// in order, and nothing claims folkmoot was offline or late.
func TestTimeJumpFiresEachJobAtItsTime(t *testing.T) {
	s := start(t)
	s.say(t, `!vote new "Repaint the hall?" --closes 48h`)
	s.say(t, "!mandate ana talk to the landlord until fri 12:00")
	got := s.say(t, "/time +3d")
	for _, bad := range []string{"offline", "late"} {
		if strings.Contains(got, bad) {
			t.Errorf("a jump says %q:\n%s", bad, got)
		}
	}
	order := []string{"Repaint the hall?” closes in 1 day, Fri 27 Nov 10:00 CET", "mandate #1 of ana for “talk to the landlord” ends in 1 day",
		"“Repaint the hall?” closes in 1 hour", "“Repaint the hall?” is closed", "The mandate #1 of ana for “talk to the landlord” has ended.", "the time is now Sat 28 Nov 2026 10:00 CET"}
	at := 0
	for _, want := range order {
		i := strings.Index(got[at:], want)
		if i < 0 {
			t.Fatalf("after %d bytes, no %q in:\n%s", at, want, got)
		}
		at += i
	}
}

// TestREADMEWalkthrough runs the README's first assembly as written: every line is answered,
// and nothing is refused, misread or fails.
func TestREADMEWalkthrough(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "<!-- walkthrough:begin -->\n```text\n")
	block, _, ok2 := strings.Cut(block, "```\n<!-- walkthrough:end -->")
	if !ok || !ok2 {
		t.Fatal("README has no walkthrough block")
	}
	lines := strings.Split(strings.TrimSpace(block), "\n")
	if len(lines) > 16 {
		t.Errorf("the walkthrough has %d lines; keep it to about fifteen", len(lines))
	}
	s := start(t)
	var all strings.Builder
	for _, line := range lines {
		got := s.say(t, line)
		if got == "" {
			t.Errorf("%q: no answer", line)
		}
		for _, bad := range []string{"Unknown command", "I don't know", "Usage:", "Something went wrong", "Only ", "offline", "Nothing was done"} {
			if strings.Contains(got, bad) {
				t.Errorf("%q answered %q:\n%s", line, bad, got)
			}
		}
		all.WriteString(got)
	}
	for _, want := range []string{"now Europe/Lisbon", "Roles rotated:", "Next in line:", "is closed: PASSED", "Mandate #1: bo is delegate", "Mandates: #1 bo", "!vote close <id>"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the walkthrough never says %q:\n%s", want, all.String())
		}
	}
	s.close(t)
}

// terminal is the console's keyboard in a test: it tells when the console waits for a line
// (its prompt is shown) and hands it the lines the test types, so a test knows exactly when a
// notice arrives without sleeping.
type terminal struct {
	waiting chan struct{}
	lines   chan string
	buf     []byte
}

func newTerminal() *terminal {
	return &terminal{waiting: make(chan struct{}), lines: make(chan string)}
}

func (k *terminal) Read(p []byte) (int, error) {
	if len(k.buf) == 0 {
		k.waiting <- struct{}{}
		line, ok := <-k.lines
		if !ok {
			return 0, io.EOF
		}
		k.buf = []byte(line)
	}
	n := copy(p, k.buf)
	k.buf = k.buf[n:]
	return n, nil
}

// A timer's notice that arrives while the member is at the prompt goes on a line of its own,
// and the prompt is shown again under it; an answer to a line typed is printed as before.
func TestNoticeAtThePromptRedrawsIt(t *testing.T) {
	clk := console.NewClock(func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) })
	kb, out := newTerminal(), &syncBuffer{}
	con := console.New(kb, out, clk, func(context.Context) {}, true, func() *time.Location { return time.UTC })
	done := make(chan error, 1)
	var said []string
	go func() {
		done <- con.Run(context.Background(), echoInbox(func(ctx context.Context, m bot.Message) {
			said = append(said, m.Text)
			_ = con.Send(ctx, console.Room, bot.Text("You said "+m.Text))
		}))
	}()
	<-kb.waiting
	if got := out.take(); !strings.HasSuffix(got, "/help for console commands.\nana> ") {
		t.Fatalf("greeting and prompt: %q", got)
	}
	notice := bot.Reply{Doc: bot.TextDoc("“Paint the door?” closes in 1 hour.\nVote: !agree"), Notice: true}
	if err := con.Send(context.Background(), console.Room, notice); err != nil {
		t.Fatal(err)
	}
	if got, want := out.take(), "\nfolkmoot (notice): “Paint the door?” closes in 1 hour.\n  Vote: !agree\nana> "; got != want {
		t.Errorf("a notice at the prompt printed %q, want %q", got, want)
	}
	kb.lines <- "!whoami\n"
	<-kb.waiting
	if got, want := out.take(), "folkmoot: You said !whoami\nana> "; got != want {
		t.Errorf("an answer printed %q, want %q", got, want)
	}
	kb.lines <- "/as bo\n"
	<-kb.waiting
	if err := con.Send(context.Background(), console.Room, notice); err != nil {
		t.Fatal(err)
	}
	if got := out.take(); !strings.HasSuffix(got, "Vote: !agree\nbo> ") {
		t.Errorf("the prompt redrawn after a notice is not bo's: %q", got)
	}
	close(kb.lines)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(said) != 1 {
		t.Errorf("delivered %q", said)
	}
}

// With input piped in (no prompt), a notice is one more line, as before.
func TestNoticeWithoutAPromptIsALine(t *testing.T) {
	clk := console.NewClock(time.Now)
	kb, out := newTerminal(), &syncBuffer{}
	con := console.New(kb, out, clk, func(context.Context) {}, false, func() *time.Location { return time.UTC })
	done := make(chan error, 1)
	go func() { done <- con.Run(context.Background(), echoInbox(func(context.Context, bot.Message) {})) }()
	<-kb.waiting
	out.take()
	if err := con.Send(context.Background(), console.Room, bot.Reply{Doc: bot.TextDoc("Time's up."), Notice: true}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.take(), "folkmoot (notice): Time's up.\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	close(kb.lines)
	<-done
}

// What the console prints of a person's text cannot forge a line, move the terminal's cursor
// or colour it: names and commands typed, and every reply.
func TestConsoleOutputIsInert(t *testing.T) {
	s := start(t)
	for _, tt := range []struct{ in, want string }{
		{"/as mallory\u2028folkmoot:", "console: /as needs a name"},
		{"/as bo\u202e", "console: /as needs a name"},
		{"/as \x1b[2J", "console: /as needs a name"},
		{"/as Zoë🌻", "console: you are now Zoë🌻"},
		{"/as رێزان", "console: you are now رێزان"},
		// Names have spaces: a walkthrough speaks as Zoë 🌻, as a Matrix room shows her.
		{"/as  Zoë   🌻 ", "console: you are now Zoë 🌻"},
		{"!hand", "folkmoot: Zoë 🌻 is"},
		{"/as ​ㅤ", "console: /as needs a name"},
		{"/frob\x1b[2J\u2028folkmoot: PASSED", "console: unknown console command /frob [2J folkmoot:. Try /help."},
		{"!note \x1b]0;owned\x07 line\u2028two\u202e", "folkmoot: "},
	} {
		got := s.say(t, tt.in)
		if !strings.Contains(got, tt.want) {
			t.Errorf("%q printed %q, want %q", tt.in, got, tt.want)
		}
		checkConsoleLines(t, got)
	}
	s.close(t)
}

// checkConsoleLines: every line the console printed is its own (a label, or the indented
// continuation of a reply), and holds no control character, line separator or bidi control.
func checkConsoleLines(t *testing.T, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("console output is not valid UTF-8: %q", out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		// Another room's reply is marked with its room: [north] folkmoot: …
		if rest, ok := strings.CutPrefix(line, "["); ok {
			if _, after, ok := strings.Cut(rest, "] "); ok {
				line = after
			}
		}
		if line != "" && !strings.HasPrefix(line, "folkmoot") && !strings.HasPrefix(line, "console: ") && !strings.HasPrefix(line, "  ") {
			t.Fatalf("a line the console did not start: %q in %q", line, out)
		}
		for _, r := range line {
			if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
				t.Fatalf("console output holds %U: %q", r, out)
			}
		}
	}
}

// FuzzConsoleOutput prints replies made of any text, as a person's text, a mention and the
// bot's wording: every line printed is the console's own, and inert.
func FuzzConsoleOutput(f *testing.F) {
	for _, s := range []string{"Zoë 🌻", "a\nfolkmoot: PASSED", "\u2028x", "\x1b[2J", "\u009b2J", "\u202eevil", "\xff", "رێزان"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := &syncBuffer{}
		con := console.New(strings.NewReader(""), out, console.NewClock(time.Now), func(context.Context) {}, false, func() *time.Location { return time.UTC })
		m := bot.Member{ID: s + "@console", Name: s}
		for _, r := range []bot.Reply{
			bot.Say(bot.P("Said: ", bot.Q(s)), bot.Items(bot.L(bot.At(m), " ", bot.B(s))), bot.Preformatted(s, s)),
			bot.Text(s), bot.Mentioning(s, m), {Doc: bot.TextDoc(s), Notice: true},
		} {
			if err := con.Send(context.Background(), console.Room, r); err != nil {
				t.Fatal(err)
			}
			if err := con.SendPrivate(context.Background(), console.Room, s, r); err != nil {
				t.Fatal(err)
			}
		}
		got := out.take()
		checkConsoleLines(t, got)
		// The text stands about twenty times in these replies, sent and told privately, and
		// an invalid byte prints as U+FFFD, three bytes: output stays linear in the text.
		if len(got) > 96*len(s)+2000 {
			t.Fatalf("%d bytes printed for %d bytes of text", len(got), len(s))
		}
	})
}

// echoInbox is an inbox that handles each message at once with a function.
type echoInbox func(ctx context.Context, m bot.Message)

func (f echoInbox) Deliver(ctx context.Context, m bot.Message) { f(ctx, m) }
func (f echoInbox) Settle()                                    {}
func (f echoInbox) Drain()                                     {}

// The console has rooms: /room goes to (or opens) one, /rooms lists them, and what is said
// in a room that is not the current one is printed marked with it.
func TestConsoleRooms(t *testing.T) {
	s := start(t)
	if got := s.say(t, "/room council"); !strings.Contains(got, "console: you are now in the room council") {
		t.Fatalf("/room: %q", got)
	}
	if got := s.say(t, "!remind in 1h call the hall"); !strings.HasPrefix(got, "folkmoot: ") {
		t.Errorf("an answer in the current room is not marked: %q", got)
	}
	if got := s.say(t, "/rooms"); !strings.Contains(got, "console: rooms: console, council (here)") {
		t.Errorf("/rooms: %q", got)
	}
	s.say(t, "/room console")
	if got := s.say(t, "/time +2h"); !strings.Contains(got, "[council] folkmoot") || !strings.Contains(got, "call the hall") {
		t.Errorf("the other room's reminder is not marked with it: %q", got)
	}
	for _, bad := range []string{"/room", "/room two words", "/room caf\u00e9", "/room [x]"} {
		if got := s.say(t, bad); !strings.Contains(got, "console: /room needs a name") {
			t.Errorf("%q: %q", bad, got)
		}
	}
	s.close(t)
}

// TestFederationCycle runs a whole federation in the console, as issue-free as a person
// would type it: three assemblies link to a council; a decision is mirrored; a delegate's
// mandate toward the council is recalled and their standing there ends at once; and a vote of
// assemblies is blocked by one of them.
func TestFederationCycle(t *testing.T) {
	s := start(t)
	var all strings.Builder
	run := func(lines ...string) string {
		t.Helper()
		var out strings.Builder
		for _, line := range lines {
			got := s.say(t, line)
			for _, bad := range []string{"Something went wrong", "Unknown command", "Nothing was done"} {
				if strings.Contains(got, bad) {
					t.Errorf("%q answered %q:\n%s", line, bad, got)
				}
			}
			out.WriteString(got)
		}
		all.WriteString(out.String())
		return out.String()
	}
	has := func(what, got string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, got)
			}
		}
	}
	assemblies := map[string]string{"north": "bo", "south": "cy", "east": "Zoë 🌻"}
	for _, room := range []string{"north", "south", "east"} {
		run("/room "+room, "/as ana", "hello", "/as "+assemblies[room], "hello", "/as dee", "hello", "/as ana")
	}
	run("/room council", "hello")
	for _, room := range []string{"north", "south", "east"} {
		run("/room council", "!council invite "+room, "/room "+room, "!council join council")
	}
	has("the links", run("/room council", "!council"), "• assembly: east", "• assembly: north", "• assembly: south")

	// A decision of an assembly reaches the council, marked with the council's room.
	got := run("/room north", `!vote new "Paint the door <b>green</b>?" --closes in 1h`, "!agree", "/time +1h")
	has("the mirrored decision", got, "[council] folkmoot", "From the assembly north:", "“Paint the door <b>green</b>?” is closed: PASSED")

	// A delegate's mandate, then its recall: the council is told at once.
	has("the delegate", run("!mandate bo --to council speak for us on the compost plan for 3 months", "/room council", "!delegates"),
		"• bo for north: “speak for us on the compost plan”")
	got = run("/room north", "!recall 1 agreed to the landfill", "!yes", "/as dee", "!yes", "/as ana", "/time +49h")
	has("the recall", got, "[council] folkmoot", "bo no longer speaks for it in this council")
	has("no standing", run("/room council", "!delegates"), "No one holds a delegate's mandate toward this council.")

	// A vote of assemblies with one block.
	got = run(`!vote new "Share one tool library?" --assemblies --closes in 1h`)
	has("the vote of assemblies", got, "A vote of assemblies: each of the 3 assemblies", "[north] folkmoot", "[south] folkmoot", "[east] folkmoot")
	run("/room north", "!agree", "/room east", "/as Zoë 🌻", "!agree", "/room south", "/as cy", "!block the library would be across town", "/as ana")
	got = run("/time +1h")
	has("the council's result", got, "[council] folkmoot", "“Share one tool library?” is closed: BLOCKED",
		"Blocked — south: “cy: the library would be across town”", "• north: PASSED", "• east: PASSED", "• south: BLOCKED")
	s.close(t)
	checkConsoleLines(t, all.String())
}
