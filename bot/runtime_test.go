package bot_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store/storetest"
)

type fakeTransport struct {
	mu     sync.Mutex
	fail   bool
	refuse string // a reply text the network refuses for good
	sent   []bot.Reply
}

func (f *fakeTransport) Protocol() bot.Protocol { return bot.Console }
func (f *fakeTransport) Run(ctx context.Context, _ func(context.Context, bot.Message)) error {
	<-ctx.Done()
	return nil
}
func (f *fakeTransport) Send(_ context.Context, _ bot.Room, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return errors.New("homeserver unreachable")
	}
	if f.refuse != "" && r.Text() == f.refuse {
		return fmt.Errorf("forbidden: %w", bot.ErrUndeliverable)
	}
	f.sent = append(f.sent, r)
	return nil
}

var msg = bot.Message{Room: bot.Room{Protocol: bot.Console, ID: "r"}, Sender: bot.Member{ID: "ana@example.org"}, Text: "!boom", ID: "m1"}

func TestPanicIsAnsweredAndLogged(t *testing.T) {
	var logs bytes.Buffer
	h := bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply { panic("nil map") })
	b := bot.New(h, nil, zerolog.New(&logs), time.Now)
	tr := &fakeTransport{}
	b.Add(tr)
	b.Deliver(context.Background(), tr, msg)
	if len(tr.sent) != 1 || !strings.HasPrefix(tr.sent[0].Text(), "Something went wrong (ref ") {
		t.Fatalf("sent %+v", tr.sent)
	}
	ref := strings.TrimSuffix(strings.SplitN(strings.TrimPrefix(tr.sent[0].Text(), "Something went wrong (ref "), ")", 2)[0], ")")
	for _, want := range []string{ref, "nil map", `"room":"r"`, `"sender":"ana@example.org"`, `"protocol":"console"`, "stack"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
	if tr.sent[0].InReplyTo != "m1" {
		t.Errorf("the apology does not reply to the command: %+v", tr.sent[0])
	}
	if strings.Contains(tr.sent[0].Text(), "nil map") {
		t.Error("internal detail leaked into the room")
	}
}

func TestUnsentRepliesAreQueuedAndRetried(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	h := bot.HandlerFunc(func(_ context.Context, _ bot.Transport, m bot.Message) []bot.Reply {
		return []bot.Reply{bot.Text("answer to " + m.Text)}
	})
	b := bot.New(h, db, zerolog.Nop(), clock)
	tr := &fakeTransport{fail: true}
	b.Add(tr)
	b.Deliver(context.Background(), tr, msg)
	b.Flush(context.Background()) // still down: stays queued
	if len(tr.sent) != 0 {
		t.Fatal("sent while down")
	}
	tr.fail = false
	b.Flush(context.Background()) // too early: backoff
	if len(tr.sent) != 0 {
		t.Fatal("retried before the backoff")
	}
	now = now.Add(time.Minute)
	b.Flush(context.Background())
	b.Flush(context.Background())
	if len(tr.sent) != 1 || tr.sent[0].Text() != "answer to !boom" || tr.sent[0].InReplyTo != "m1" {
		t.Fatalf("after recovery sent %+v, want the reply exactly once", tr.sent)
	}
}

func TestShutdownLetsAnInFlightCommandFinish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	h := bot.HandlerFunc(func(ctx context.Context, _ bot.Transport, _ bot.Message) []bot.Reply {
		cancel() // SIGTERM arrives while the command runs
		if ctx.Err() != nil {
			return []bot.Reply{bot.Text("cut short")}
		}
		return []bot.Reply{bot.Text("finished")}
	})
	b := bot.New(h, nil, zerolog.Nop(), time.Now)
	tr := &fakeTransport{}
	b.Add(tr)
	b.Deliver(ctx, tr, msg)
	if len(tr.sent) != 1 || tr.sent[0].Text() != "finished" {
		t.Fatalf("sent %+v", tr.sent)
	}
}

// pollPanicker answers messages but panics on every poll answer.
type pollPanicker struct{}

func (pollPanicker) Handle(_ context.Context, _ bot.Transport, m bot.Message) []bot.Reply {
	return []bot.Reply{bot.Text("still here: " + m.Text)}
}

func (pollPanicker) HandlePoll(context.Context, bot.Transport, bot.PollResponse) {
	panic("poll handler bug")
}

// pollTransport is a fakeTransport with native polls; the runtime registers its handler.
type pollTransport struct {
	fakeTransport
	handle func(context.Context, bot.PollResponse)
}

func (p *pollTransport) SendPoll(context.Context, bot.Room, bot.Poll) (string, error) {
	return "$p", nil
}
func (p *pollTransport) EndPoll(context.Context, bot.Room, string, string) error  { return nil }
func (p *pollTransport) OnPollResponse(h func(context.Context, bot.PollResponse)) { p.handle = h }

func TestPollAnswerPanicIsLoggedWithARefAndTheBotGoesOn(t *testing.T) {
	var logs bytes.Buffer
	b := bot.New(pollPanicker{}, nil, zerolog.New(&logs), time.Now)
	tr := &pollTransport{}
	b.Add(tr)
	if tr.handle == nil {
		t.Fatal("the runtime did not take the transport's poll answers")
	}
	tr.handle(context.Background(), bot.PollResponse{Room: msg.Room, Sender: msg.Sender, PollID: "$p", Options: []string{"yes"}})
	if len(tr.sent) != 1 || !strings.HasPrefix(tr.sent[0].Text(), "Something went wrong (ref ") {
		t.Fatalf("sent %+v", tr.sent)
	}
	ref := strings.SplitN(strings.TrimPrefix(tr.sent[0].Text(), "Something went wrong (ref "), ")", 2)[0]
	for _, want := range []string{`"ref":"` + ref + `"`, "poll handler bug", "handler panicked"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
	b.Deliver(context.Background(), tr, msg)
	if len(tr.sent) != 2 || tr.sent[1].Text() != "still here: !boom" {
		t.Fatalf("the bot stopped answering after the panic: %+v", tr.sent)
	}
}

// An item the network refuses for good is dropped, not retried ahead of the rest for ever.
func TestUndeliverableItemDoesNotHoldUpTheOutbox(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	b := bot.New(bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply { return nil }), db, zerolog.Nop(), func() time.Time { return now })
	tr := &fakeTransport{refuse: "never"}
	b.Add(tr)
	ctx := context.Background()
	for _, text := range []string{"never", "after"} {
		if err := db.Put(ctx, msg.Room, bot.Text(text)); err != nil {
			t.Fatal(err)
		}
	}
	b.Flush(ctx)
	if len(tr.sent) != 1 || tr.sent[0].Text() != "after" {
		t.Fatalf("sent %+v, want only the deliverable reply", tr.sent)
	}
	if left, _ := db.Pending(ctx, bot.Console, now.Add(time.Hour), 10); len(left) != 0 {
		t.Fatalf("outbox still holds %+v", left)
	}
}

// netTransport is a network that runs until stopped, or fails at start when fail is set.
type netTransport struct {
	proto   bot.Protocol
	fail    error
	stopped chan struct{}
}

func (n *netTransport) Protocol() bot.Protocol { return n.proto }
func (n *netTransport) Run(ctx context.Context, _ func(context.Context, bot.Message)) error {
	defer close(n.stopped)
	if n.fail != nil {
		return n.fail
	}
	<-ctx.Done()
	return nil
}
func (n *netTransport) Send(context.Context, bot.Room, bot.Reply) error { return nil }

func TestANetworkThatFailsForGoodStopsTheRun(t *testing.T) {
	var logs bytes.Buffer
	b := bot.New(bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply { return nil }), nil, zerolog.New(&logs), time.Now)
	fine := &netTransport{proto: bot.XMPP, stopped: make(chan struct{})}
	broken := &netTransport{proto: bot.Matrix, fail: errors.New("M_FORBIDDEN: invalid password"), stopped: make(chan struct{})}
	b.Add(fine)
	b.Add(broken)
	err := b.Run(context.Background()) // returns only because the failure stops everything
	if err == nil || !strings.Contains(err.Error(), "matrix: M_FORBIDDEN") {
		t.Fatalf("Run = %v, want the Matrix failure", err)
	}
	select {
	case <-fine.stopped:
	default:
		t.Fatal("the working network was left running")
	}
	if !strings.Contains(logs.String(), `"level":"error"`) || !strings.Contains(logs.String(), "invalid password") {
		t.Fatalf("no error-level log line: %s", logs.String())
	}
}

func TestAStoppedRunIsNoFailure(t *testing.T) {
	b := bot.New(bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply { return nil }), nil, zerolog.Nop(), time.Now)
	b.Add(&netTransport{proto: bot.XMPP, stopped: make(chan struct{})})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Run(ctx); err != nil {
		t.Fatalf("Run after a stop = %v, want nil", err)
	}
}

// A reply that cannot be sent for a day of tries is given up, so the outbox drains.
func TestOutboxGivesUpAfterADayOfTries(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	b := bot.New(bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply { return nil }), db, zerolog.Nop(), func() time.Time { return now })
	tr := &fakeTransport{fail: true}
	b.Add(tr)
	ctx := context.Background()
	if err := db.Put(ctx, msg.Room, bot.Text("stuck")); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 24*60; i++ {
		b.Flush(ctx)
		now = now.Add(time.Minute)
	}
	if left, _ := db.Pending(ctx, bot.Console, now.Add(time.Hour), 10); len(left) != 0 {
		t.Fatalf("still queued after a day of failures: %+v", left)
	}
}

// privateTransport is a fakeTransport with a private channel.
type privateTransport struct {
	fakeTransport
	private []bot.Reply
}

func (p *privateTransport) SendPrivate(_ context.Context, _ bot.Room, to string, r bot.Reply) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.private = append(p.private, r)
	return nil
}

// A reply for one member goes through the transport's private channel; a transport without
// one drops it and never posts it in the room.
func TestAPrivateReplyIsNeverPostedInTheRoom(t *testing.T) {
	h := bot.HandlerFunc(func(context.Context, bot.Transport, bot.Message) []bot.Reply {
		return []bot.Reply{bot.Text("for the room"), {Doc: bot.TextDoc("for ana alone"), To: "ana@example.org"}}
	})
	withChannel := &privateTransport{}
	without := &fakeTransport{}
	for _, tr := range []bot.Transport{withChannel, without} {
		b := bot.New(h, storetest.Open(t), zerolog.Nop(), time.Now)
		b.Add(tr)
		b.Deliver(context.Background(), tr, msg)
	}
	if len(withChannel.sent) != 1 || len(withChannel.private) != 1 || withChannel.private[0].Text() != "for ana alone" {
		t.Fatalf("with a private channel: room %+v, private %+v", withChannel.sent, withChannel.private)
	}
	if withChannel.private[0].InReplyTo != "" {
		t.Errorf("a private reply points at a room message: %+v", withChannel.private[0])
	}
	if len(without.sent) != 1 || without.sent[0].Text() != "for the room" {
		t.Errorf("without a private channel the room got %+v", without.sent)
	}
}

// pollPoster is a polling transport that records the polls it posts.
type pollPoster struct {
	pollTransport
	posted []bot.Poll
}

func (p *pollPoster) SendPoll(_ context.Context, _ bot.Room, poll bot.Poll) (string, error) {
	p.posted = append(p.posted, poll)
	return "$poll", nil
}

// pollRecorder is a handler that learns posted polls, failing the first time when asked.
type pollRecorder struct {
	bot.HandlerFunc
	failFirst bool
	told      []string
}

func (r *pollRecorder) PollPosted(_ context.Context, _ bot.Room, pollFor, pollID string) error {
	r.told = append(r.told, pollFor+"="+pollID)
	if r.failFirst && len(r.told) == 1 {
		return errors.New("database is locked")
	}
	return nil
}

// A queued poll is posted apart from the messages, its ID told to the handler; when telling
// fails, it is posted again under the same Ref (kept in the outbox, so the network can tell
// it is one poll). A network without polls drops it.
func TestQueuedPollsArePostedAndRecorded(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	db := storetest.Open(t)
	rec := &pollRecorder{failFirst: true}
	b := bot.New(rec, db, zerolog.Nop(), func() time.Time { return now })
	tr := &pollPoster{}
	b.Add(tr)
	poll := bot.Poll{Question: "Q?", Options: []bot.PollOption{{ID: "yes"}, {ID: "no"}}, Ref: "vote-7-abc"}
	if err := db.Put(ctx, msg.Room, bot.Reply{Poll: &poll, PollFor: "vote:7"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Put(ctx, msg.Room, bot.Text("announcement")); err != nil {
		t.Fatal(err)
	}
	b.Flush(ctx)
	now = now.Add(time.Minute)
	b.Flush(ctx)
	if len(tr.posted) != 2 || tr.posted[0].Ref != "vote-7-abc" || tr.posted[1].Ref != "vote-7-abc" {
		t.Fatalf("posted %+v, want the poll twice under one Ref", tr.posted)
	}
	if len(rec.told) != 2 || rec.told[1] != "vote:7=$poll" {
		t.Errorf("the handler was told %q", rec.told)
	}
	if len(tr.sent) != 1 || tr.sent[0].Text() != "announcement" {
		t.Errorf("the message behind the poll: %+v", tr.sent)
	}
	b.Flush(ctx)
	if len(tr.posted) != 2 {
		t.Errorf("posted again after it was recorded: %d", len(tr.posted))
	}

	plain := &fakeTransport{}
	db2 := storetest.Open(t)
	b3 := bot.New(rec, db2, zerolog.Nop(), time.Now)
	b3.Add(plain)
	if err := db2.Put(ctx, msg.Room, bot.Reply{Poll: &poll, PollFor: "vote:8"}); err != nil {
		t.Fatal(err)
	}
	b3.Flush(ctx)
	if left, _ := db2.Pending(ctx, bot.Console, time.Now().Add(time.Hour), 10); len(left) != 0 || len(plain.sent) != 0 {
		t.Errorf("without polls: left %+v, sent %+v", left, plain.sent)
	}
}

// roomLog is a network that records what it sent in each room, and fails the sends of some
// texts a number of times (a passing error: the network hiccups).
type roomLog struct {
	mu     sync.Mutex
	failOf map[string]int
	sent   map[string][]string
}

func (l *roomLog) Protocol() bot.Protocol { return bot.Console }
func (l *roomLog) Run(ctx context.Context, _ func(context.Context, bot.Message)) error {
	<-ctx.Done()
	return nil
}
func (l *roomLog) Send(_ context.Context, room bot.Room, r bot.Reply) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failOf[r.Text()] > 0 {
		l.failOf[r.Text()]--
		return errors.New("homeserver hiccup")
	}
	if l.sent == nil {
		l.sent = map[string][]string{}
	}
	l.sent[room.ID] = append(l.sent[room.ID], r.Text())
	return nil
}

// queue puts texts into the outbox for a room.
func queue(t *testing.T, db bot.Outbox, room bot.Room, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if err := db.Put(context.Background(), room, bot.Text(text)); err != nil {
			t.Fatal(err)
		}
	}
}

// numbered is "<prefix>1" … "<prefix>n".
func numbered(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return out
}

// A room's messages go out in order: more than a flush's batch queued in one room (with
// another room's between them) all go before a later reply to a command, which queues
// behind them instead of overtaking; the other room keeps its own order.
func TestARoomsRepliesNeverOvertakeQueuedOnes(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	h := bot.HandlerFunc(func(_ context.Context, _ bot.Transport, m bot.Message) []bot.Reply {
		return []bot.Reply{bot.Text("answer to " + m.Text)}
	})
	b := bot.New(h, db, zerolog.Nop(), func() time.Time { return now })
	tr := &roomLog{}
	b.Add(tr)
	a, other := msg.Room, bot.Room{Protocol: bot.Console, ID: "other"}
	as, others := numbered("a", 250), numbered("o", 25)
	for i := range 25 {
		queue(t, db, a, as[i*10:i*10+10]...)
		queue(t, db, other, others[i])
	}
	b.Deliver(context.Background(), tr, bot.Message{Room: a, Sender: msg.Sender, Text: "!tasks", ID: "m2"})
	want := append(as, "answer to !tasks")
	if got := tr.sent[a.ID]; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("room a got %d messages:\n%q\nwant\n%q", len(got), got, want)
	}
	if got := tr.sent[other.ID]; strings.Join(got, " ") != strings.Join(others, " ") {
		t.Fatalf("the other room got %q", got)
	}
}

// A message that fails and waits for its retry holds up the later messages of its room (not
// another room's), a new reply included; when it goes, they follow in order.
func TestAFailedMessageKeepsItsPlaceInItsRoom(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	h := bot.HandlerFunc(func(_ context.Context, _ bot.Transport, m bot.Message) []bot.Reply {
		return []bot.Reply{bot.Text("answer to " + m.Text)}
	})
	b := bot.New(h, db, zerolog.Nop(), func() time.Time { return now })
	tr := &roomLog{failOf: map[string]int{"a2": 2}}
	b.Add(tr)
	ctx := context.Background()
	a, other := msg.Room, bot.Room{Protocol: bot.Console, ID: "other"}
	queue(t, db, a, "a1", "a2", "a3")
	queue(t, db, other, "o1")
	queue(t, db, a, "a4")
	queue(t, db, other, "o2")
	b.Flush(ctx) // a1 goes, a2 fails: the network looks down, the rest waits
	b.Flush(ctx) // a2 waits for its retry: a3 and a4 wait behind it, the other room goes
	b.Deliver(ctx, tr, bot.Message{Room: a, Sender: msg.Sender, Text: "!status", ID: "m3"})
	if got := strings.Join(tr.sent[a.ID], " "); got != "a1" {
		t.Fatalf("while a2 waits for its retry, room a got %q", got)
	}
	if got := strings.Join(tr.sent[other.ID], " "); got != "o1 o2" {
		t.Fatalf("the other room got %q", got)
	}
	for range 3 { // a2 fails once more, then goes
		now = now.Add(time.Minute)
		b.Flush(ctx)
	}
	if got := strings.Join(tr.sent[a.ID], " "); got != "a1 a2 a3 a4 answer to !status" {
		t.Fatalf("room a got %q", got)
	}
	if left, _ := db.Pending(ctx, bot.Console, now.Add(time.Hour), 10); len(left) != 0 {
		t.Fatalf("the outbox still holds %+v", left)
	}
}
