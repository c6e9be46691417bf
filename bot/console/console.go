// Package console is folkmoot's terminal rooms: local rooms on the same core and database as
// the real networks, for trying folkmoot without a server and for scripting it. Each line is
// said by the current member in the current room; lines starting with "/" control the console
// itself (/room switches rooms). Every room's messages are printed, marked with their room
// when it is not the current one, so rooms that work together can be tried on one terminal.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/timeparse"
)

// Clock is the console's clock: real time plus an offset that /time moves forward, so timers
// can be tried without waiting.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
	real   func() time.Time
}

// NewClock makes a clock on real time (now) plus an offset.
func NewClock(now func() time.Time) *Clock { return &Clock{real: now} }

// Now returns real time plus the offset.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Set moves the clock to t (real time keeps running from there).
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.real())
}

// maxSteps bounds the jobs one /time fires one by one (a year of a daily reminder is 365);
// past it the rest fire together at the end of the jump.
const maxSteps = 5000

// Console is the terminal transport.
type Console struct {
	in    io.Reader
	out   io.Writer
	room  bot.Room
	clock *Clock
	// tick fires due jobs and flushes their notices; called after /time and at the end.
	tick   func(context.Context)
	prompt bool
	// zone is the room's timezone, for showing the time after /time.
	zone func() *time.Location
	// next is when the earliest pending job is due, so that /time can stop at each job on
	// the way and fire it at its own time; nil jumps at once.
	next func(context.Context) (time.Time, bool, error)

	mu      sync.Mutex
	current string
	rooms   []string // every room seen, the first one the console starts in
	members []string
	admins  map[string]bool
	seq     int

	// atPrompt is set while a prompt waits for the member's next line: whatever is printed
	// then (a timer's notice) starts on a line of its own and is followed by the prompt again.
	atPrompt bool
}

// Room is the room the console starts in.
var Room = bot.Room{Protocol: bot.Console, ID: "console"}

// New makes a console on in/out. The first member, "ana", is a room admin so that every
// command can be tried at once; /as switches member. tick fires due jobs. prompt shows a
// prompt before each line (for a terminal, not for piped input). zone tells the room's
// timezone.
func New(in io.Reader, out io.Writer, clock *Clock, tick func(context.Context), prompt bool, zone func() *time.Location) *Console {
	return &Console{
		in: in, out: out, clock: clock, tick: tick, prompt: prompt, zone: zone,
		room: Room, rooms: []string{Room.ID},
		current: "ana", members: []string{"ana"}, admins: map[string]bool{Member("ana").ID: true},
	}
}

// StepBy makes /time stop at each job that falls inside a jump (next tells when the earliest
// pending job is due) and fire it at its own time, in order: a jump is time passing with
// folkmoot running, not an outage, so nothing is reported late.
func (c *Console) StepBy(next func(context.Context) (time.Time, bool, error)) { c.next = next }

// Member is the console identity of a name: the name shown as typed ("Zoë 🌻"), and an ID
// without spaces ("Zoë_🌻@console"), as a network's IDs are.
func Member(name string) bot.Member {
	return bot.Member{ID: strings.ReplaceAll(name, " ", "_") + "@console", Name: name}
}

// Protocol implements bot.Transport.
func (c *Console) Protocol() bot.Protocol { return bot.Console }

// Send implements bot.Transport: it prints the reply, marked with its room when that is not
// the current one.
func (c *Console) Send(_ context.Context, room bot.Room, r bot.Reply) error {
	label := "folkmoot"
	if r.Notice {
		label = "folkmoot (notice)"
	}
	return c.print(c.inRoom(room)+label, r)
}

// inRoom is the mark of a room's lines ("[council] ") when it is not the current one; the
// console learns the rooms it is told about.
func (c *Console) inRoom(room bot.Room) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Contains(c.rooms, room.ID) {
		c.rooms = append(c.rooms, room.ID)
	}
	if room == c.room {
		return ""
	}
	return "[" + bot.Inert(room.ID) + "] "
}

// SendPrivate implements bot.PrivateSender: one terminal has no privacy, so it prints the
// reply marked with the one member it is for.
func (c *Console) SendPrivate(_ context.Context, room bot.Room, to string, r bot.Reply) error {
	c.mu.Lock()
	who := strings.TrimSuffix(to, "@console")
	for _, n := range c.members {
		if Member(n).ID == to {
			who = n
		}
	}
	c.mu.Unlock()
	return c.print(c.inRoom(room)+"folkmoot (privately to "+bot.Inert(who)+")", r)
}

// UploadPrivate implements bot.PrivateUploader: the terminal prints the file's name and, for
// a text file, what it holds, marked with the one member it is for.
func (c *Console) UploadPrivate(_ context.Context, room bot.Room, to string, f bot.File) error {
	data, err := io.ReadAll(io.LimitReader(f.Content, 1<<20))
	if err != nil {
		return err
	}
	text := "[" + bot.Inert(f.Name) + "]"
	if strings.HasPrefix(f.MIMEType, "text/") {
		text += "\n" + string(data)
	}
	return c.SendPrivate(context.Background(), room, to, bot.Text(text))
}

// print writes a reply under a label, its later lines indented.
func (c *Console) print(label string, r bot.Reply) error {
	lines := strings.Split(r.Text(), "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = "  " + lines[i]
		}
	}
	return c.write(label + ": " + strings.Join(lines, "\n") + "\n")
}

// write prints whole lines. While a prompt waits for input (a timer's notice arrives as the
// member types), they go below the prompt's line and the prompt is shown again under them,
// so the notice never runs into what is being typed and the member sees where to go on. The
// terminal keeps what was typed so far (it owns the line until Enter): the rest of the line
// typed after the new prompt joins it.
func (c *Console) write(text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.atPrompt {
		text = "\n" + text + c.promptLocked()
	}
	_, err := io.WriteString(c.out, text)
	return err
}

// IsRoomAdmin implements bot.AdminChecker: /admin makes a member one.
func (c *Console) IsRoomAdmin(_ context.Context, _ bot.Room, m bot.Member) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.admins[m.ID], nil
}

// Run reads lines until the input ends or ctx is done. At the end of input it fires the
// timers that are due by then and returns nil.
func (c *Console) Run(ctx context.Context, in bot.Inbox) error {
	c.printf("folkmoot console — you are %s (a room admin). Type !help, or /help for console commands.\n", c.current)
	sc := bufio.NewScanner(c.in)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for {
		c.showPrompt()
		more := sc.Scan()
		c.mu.Lock()
		c.atPrompt = false
		c.mu.Unlock()
		if !more {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, "/"):
			if quit := c.meta(ctx, line); quit {
				c.tick(ctx)
				return nil
			}
		default:
			c.mu.Lock()
			c.seq++
			msg := bot.Message{Room: c.room, Sender: Member(c.current), Text: line, ID: fmt.Sprint(c.seq), Time: c.clock.Now()}
			c.mu.Unlock()
			// Answered before the next prompt: handled, then what it queued is sent.
			in.Deliver(ctx, msg)
			in.Settle()
			c.tick(ctx)
		}
	}
	c.tick(ctx)
	return sc.Err()
}

// meta runs a console command; true means quit.
func (c *Console) meta(ctx context.Context, line string) bool {
	cmd, arg, _ := strings.Cut(line, " ")
	arg = strings.Join(strings.Fields(arg), " ") // a name's words, one space apart
	switch strings.ToLower(cmd) {
	case "/as":
		if !validName(arg) {
			c.printf("console: /as needs a name (letters, digits, marks, emoji, spaces, - or _), e.g. /as bo or /as Zoë 🌻\n")
			return false
		}
		c.mu.Lock()
		c.current = arg
		if !slices.Contains(c.members, arg) {
			c.members = append(c.members, arg)
		}
		c.mu.Unlock()
		c.printf("console: you are now %s\n", arg)
	case "/members":
		c.mu.Lock()
		names := slices.Clone(c.members)
		sort.Strings(names)
		for i, n := range names {
			if c.admins[Member(n).ID] {
				names[i] += " (admin)"
			}
		}
		c.mu.Unlock()
		c.printf("console: members: %s\n", strings.Join(names, ", "))
	case "/admin":
		if !validName(arg) {
			c.printf("console: /admin needs a name, e.g. /admin bo\n")
			return false
		}
		c.mu.Lock()
		c.admins[Member(arg).ID] = true
		if !slices.Contains(c.members, arg) {
			c.members = append(c.members, arg)
		}
		c.mu.Unlock()
		c.printf("console: %s is now a room admin\n", arg)
	case "/time":
		target, err := c.timeTarget(arg)
		if err != nil {
			c.printf("console: %s\n", err)
			return false
		}
		c.jump(ctx, target)
		c.printf("console: the time is now %s\n", c.clock.Now().In(c.zone()).Format("Mon 2 Jan 2006 15:04 MST"))
	case "/room":
		if !validRoom(arg) {
			c.printf("console: /room needs a name (letters, digits, - or _), e.g. /room council\n")
			return false
		}
		c.mu.Lock()
		c.room = bot.Room{Protocol: bot.Console, ID: arg}
		if !slices.Contains(c.rooms, arg) {
			c.rooms = append(c.rooms, arg)
		}
		c.mu.Unlock()
		c.printf("console: you are now in the room %s\n", arg)
	case "/rooms":
		c.mu.Lock()
		names := slices.Clone(c.rooms)
		for i, n := range names {
			if n == c.room.ID {
				names[i] += " (here)"
			}
		}
		c.mu.Unlock()
		c.printf("console: rooms: %s\n", strings.Join(names, ", "))
	case "/quit", "/exit":
		return true
	case "/help":
		c.printf("console: /as <name> speak as another member · /members · /admin <name> make a room admin · /room <name> go to (or open) a room · /rooms · /time +2h or /time thursday 18:00 move the clock (what falls due on the way fires at its own time) · /quit\n")
	default:
		c.printf("console: unknown console command %s. Try /help.\n", phrase.Clip(bot.Inert(cmd), 40))
	}
	return false
}

// timeTarget reads /time's argument: a duration forward ("+3d", "+1mo"), added on the room's
// calendar, or a time ahead in the room's timezone, read as the room reads times ("thursday
// 18:00", "in 2h"; a bare "18h" is asked about there too). A refusal says why and names the units.
func (c *Console) timeTarget(arg string) (time.Time, error) {
	now := c.clock.Now()
	if rest, ok := strings.CutPrefix(strings.TrimSpace(arg), "+"); ok {
		s, err := timeparse.ParseSpan(nil, rest)
		if err != nil {
			return now, fmt.Errorf("/time +<duration> moves the clock forward, e.g. /time +2h or /time +1y (units: %s): %w", timeparse.SpanUnits, err)
		}
		return s.AddTo(now, c.zone()), nil
	}
	at, err := timeparse.ParseAt(nil, arg, now, c.zone())
	if err != nil {
		return now, fmt.Errorf("/time needs a duration forward or a time ahead, e.g. /time +2h, /time +3d or /time thursday 18:00 (units: %s): %w",
			timeparse.SpanUnits, err)
	}
	return at, nil
}

// jump moves the clock to target, stopping at each pending job on the way so that it fires
// at its due time, in order.
func (c *Console) jump(ctx context.Context, target time.Time) {
	for i := 0; c.next != nil && i < maxSteps; i++ {
		due, ok, err := c.next(ctx)
		if err != nil || !ok || due.After(target) {
			break
		}
		if due.After(c.clock.Now()) {
			c.clock.Set(due)
		}
		c.tick(ctx)
		if again, ok, err := c.next(ctx); err == nil && ok && !again.After(due) {
			break // a job that stays due (it keeps failing): do not spin on it
		}
	}
	c.clock.Set(target)
	c.tick(ctx)
}

func (c *Console) showPrompt() {
	if !c.prompt {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprint(c.out, c.promptLocked())
	c.atPrompt = true
}

// promptLocked is the prompt: the member, and the room when it is not the first one.
func (c *Console) promptLocked() string {
	if c.room == Room {
		return c.current + "> "
	}
	return c.current + " [" + c.room.ID + "]> "
}

func (c *Console) printf(format string, args ...any) {
	_ = c.write(fmt.Sprintf(format, args...))
}

// validRoom: a console room's name is one word of ASCII letters, digits, "-" or "_", as
// typed in a council link (!council invite council).
func validRoom(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// validName: a member's name on the console is words of letters, digits, marks, emoji, "-",
// "_" or ".", one space apart, shown as typed (bot.Inert leaves it as it is): no control
// characters, line separators, bidi overrides or invisible characters.
func validName(s string) bool {
	if s == "" || len(s) > 40 || bot.Inert(s) != s || !bot.Shows(s) {
		return false
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if !(r == ' ' || r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		case unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.So, unicode.Sk), r == '\u200d', r == '\ufe0f':
		default:
			return false
		}
	}
	return true
}
