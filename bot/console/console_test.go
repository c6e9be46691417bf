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

	"github.com/rs/zerolog"

	"folkmoot/app"
	"folkmoot/bot"
	"folkmoot/bot/console"
	"folkmoot/config"
	"folkmoot/conformance"
	"folkmoot/store"
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
		if tz, err := store.RoomTimezone(context.Background(), a.DB, console.Room); err == nil && tz != "" {
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
		s.done <- con.Run(context.Background(), func(ctx context.Context, m bot.Message) { a.Bot.Deliver(ctx, con, m) })
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
		"“Repaint the hall?” closes in 1 hour", "“Repaint the hall?” is closed", "The mandate of ana for “talk to the landlord” has ended.", "the time is now Sat 28 Nov 2026 10:00 CET"}
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
