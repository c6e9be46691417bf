package matrix

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"
)

// BenchmarkIntegrationLatency measures command -> reply latency through Dendrite, for the bot
// (core runtime + this adapter + folkmoot's SQLite store, encrypted rooms) and, as the
// floor, a bare mautrix client that only echoes: 200 sequential commands in one room, then 20
// rooms in parallel (10 commands each). Run it against a started server:
//
//	go test -tags goolm -run '^$' -bench BenchmarkIntegrationLatency -benchtime 1x ./bot/matrix/
func BenchmarkIntegrationLatency(b *testing.B) {
	env := needDendrite(b)
	setup := newBotSetup(b, env)
	setup.start(b, env)
	echo := newEchoClient(b, env)
	driver := newPerson(b, env, "member")
	replies := newReplyWaiter()
	driver.SetHook(replies.record)

	targets := []struct {
		name string
		user id.UserID
	}{{"echo", echo.acct.ID}, {"bot", setup.acct.ID}}
	rooms := map[string][]id.RoomID{}
	for _, tg := range targets {
		for range 21 {
			room := driver.createRoom(true, tg.user)
			driver.waitJoined(room, tg.user)
			rooms[tg.name] = append(rooms[tg.name], room)
		}
		// Warm up: the first messages set up Olm and Megolm sessions.
		for _, room := range rooms[tg.name] {
			replies.roundTrip(b, driver, room, "!echo warm-up")
		}
	}

	seq := map[string][]time.Duration{}
	par := map[string][]time.Duration{}
	b.ResetTimer()
	for range b.N {
		// Sequential, interleaved so both see the same server conditions.
		for i := range 200 {
			for _, tg := range targets {
				seq[tg.name] = append(seq[tg.name], replies.roundTrip(b, driver, rooms[tg.name][0], fmt.Sprintf("!echo seq %d", i)))
			}
		}
		for _, tg := range targets {
			par[tg.name] = append(par[tg.name], parallelRun(b, driver, replies, rooms[tg.name][1:], 10)...)
		}
	}
	b.StopTimer()
	for _, phase := range []struct {
		name string
		lat  map[string][]time.Duration
	}{{"seq", seq}, {"par", par}} {
		for _, tg := range targets {
			b.ReportMetric(ms(percentile(phase.lat[tg.name], 50)), tg.name+"-"+phase.name+"-p50-ms")
			b.ReportMetric(ms(percentile(phase.lat[tg.name], 99)), tg.name+"-"+phase.name+"-p99-ms")
		}
		for _, p := range []int{50, 99} {
			ratio := ms(percentile(phase.lat["bot"], p)) / ms(percentile(phase.lat["echo"], p))
			b.ReportMetric(ratio, fmt.Sprintf("ratio-%s-p%d", phase.name, p))
		}
	}
	b.ReportMetric(0, "ns/op") // the wall time of a fixed workload says nothing
}

// parallelRun sends n sequential commands in each room, all rooms at once.
func parallelRun(b *testing.B, driver *person, replies *replyWaiter, rooms []id.RoomID, n int) []time.Duration {
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	for r, room := range rooms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range n {
				d := replies.roundTrip(b, driver, room, fmt.Sprintf("!echo par %d.%d", r, i))
				mu.Lock()
				all = append(all, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return all
}

// replyWaiter matches replies to the commands they answer, whichever arrives first.
type replyWaiter struct {
	mu sync.Mutex
	ch map[id.EventID]chan time.Time
}

func newReplyWaiter() *replyWaiter { return &replyWaiter{ch: map[id.EventID]chan time.Time{}} }

func (w *replyWaiter) get(evtID id.EventID) chan time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.ch[evtID]
	if !ok {
		c = make(chan time.Time, 1)
		w.ch[evtID] = c
	}
	return c
}

func (w *replyWaiter) record(evt *event.Event) {
	if evt.Type != event.EventMessage {
		return
	}
	if c, ok := evt.Content.Parsed.(*event.MessageEventContent); ok && c.RelatesTo.GetReplyTo() != "" {
		select {
		case w.get(c.RelatesTo.GetReplyTo()) <- time.Now():
		default:
		}
	}
}

// roundTrip sends a command and returns the time until its reply arrived.
func (w *replyWaiter) roundTrip(tb testing.TB, p *person, room id.RoomID, text string) time.Duration {
	start := time.Now()
	cmd := p.say(room, text)
	select {
	case at := <-w.get(cmd):
		return at.Sub(start)
	case <-time.After(60 * time.Second):
		tb.Fatalf("no reply to %q within 60 s", text)
		return 0
	}
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i-1, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// newEchoClient is the floor: a bare mautrix client (goolm, modernc) that joins every
// invite and answers each message with its text as a reply, nothing else.
func newEchoClient(tb testing.TB, env dendriteEnv) *person {
	echo := newPerson(tb, env, "echo")
	echo.SetHook(func(evt *event.Event) {
		ctx := context.Background()
		switch {
		case evt.Type == event.StateMember && evt.GetStateKey() == echo.acct.ID.String() &&
			evt.Mautrix.EventSource&event.SourceInvite != 0 && evt.Content.AsMember().Membership == event.MembershipInvite:
			go func() {
				if _, err := echo.cli.JoinRoomByID(ctx, evt.RoomID); err == nil {
					_, _ = echo.cli.State(ctx, evt.RoomID)
				}
			}()
		case evt.Type == event.EventMessage && evt.Sender != echo.acct.ID && evt.Mautrix.EventSource&event.SourceTimeline != 0:
			c := evt.Content.AsMessage()
			go func() {
				_, _ = echo.cli.SendMessageEvent(ctx, evt.RoomID, event.EventMessage, &event.MessageEventContent{
					MsgType: event.MsgText, Body: c.Body, RelatesTo: (&event.RelatesTo{}).SetReplyTo(evt.ID),
				})
			}()
		}
	})
	return echo
}
