package bot_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store"
	"folkmoot/store/storetest"
)

type fakeTransport struct {
	proto  bot.Protocol // console when unset
	mu     sync.Mutex
	fail   bool
	refuse string // a reply text the network refuses for good
	sent   []bot.Reply
}

func (f *fakeTransport) Protocol() bot.Protocol {
	if f.proto == "" {
		return bot.Console
	}
	return f.proto
}
func (f *fakeTransport) Run(ctx context.Context, _ bot.Inbox) error {
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
	h := bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { panic("nil map") })
	b := bot.New(h, storetest.Open(t), zerolog.New(&logs), time.Now)
	tr := &fakeTransport{}
	b.Add(tr, 0)
	deliver(b, tr, msg)
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
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("answer to " + m.Text)}, nil
	})
	b := bot.New(h, db, zerolog.Nop(), clock)
	tr := &fakeTransport{fail: true}
	b.Add(tr, 0)
	deliver(b, tr, msg) // still down: stays queued
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
	h := bot.HandlerFunc(func(ctx context.Context, _ *sql.Tx, _ bot.Transport, _ bot.Message) ([]bot.Reply, error) {
		cancel() // SIGTERM arrives while the command runs
		if ctx.Err() != nil {
			return []bot.Reply{bot.Text("cut short")}, nil
		}
		return []bot.Reply{bot.Text("finished")}, nil
	})
	b := bot.New(h, storetest.Open(t), zerolog.Nop(), time.Now)
	tr := &fakeTransport{}
	b.Add(tr, 0)
	b.Deliver(ctx, tr, msg)
	b.Flush(context.Background())
	if len(tr.sent) != 1 || tr.sent[0].Text() != "finished" {
		t.Fatalf("sent %+v", tr.sent)
	}
}

// pollPanicker answers messages but panics on every poll answer.
var pollPanicker = bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
	if m.Poll != nil {
		panic("poll handler bug")
	}
	return []bot.Reply{bot.Text("still here: " + m.Text)}, nil
})

// pollTransport is a fakeTransport with native polls.
type pollTransport struct{ fakeTransport }

func (p *pollTransport) SendPoll(context.Context, bot.Room, bot.Poll) (string, error) {
	return "$p", nil
}
func (p *pollTransport) EndPoll(context.Context, bot.Room, string, string) error { return nil }

func TestPollAnswerPanicIsLoggedWithARefAndTheBotGoesOn(t *testing.T) {
	var logs bytes.Buffer
	b := bot.New(pollPanicker, storetest.Open(t), zerolog.New(&logs), time.Now)
	tr := &pollTransport{}
	b.Add(tr, 0)
	deliver(b, tr, bot.Message{Room: msg.Room, Sender: msg.Sender, ID: "a1", Poll: &bot.PollAnswer{PollID: "$p", Options: []string{"yes"}}})
	if len(tr.sent) != 1 || !strings.HasPrefix(tr.sent[0].Text(), "Something went wrong (ref ") {
		t.Fatalf("sent %+v", tr.sent)
	}
	ref := strings.SplitN(strings.TrimPrefix(tr.sent[0].Text(), "Something went wrong (ref "), ")", 2)[0]
	for _, want := range []string{`"ref":"` + ref + `"`, "poll handler bug", "handler panicked"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
	deliver(b, tr, msg)
	if len(tr.sent) != 2 || tr.sent[1].Text() != "still here: !boom" {
		t.Fatalf("the bot stopped answering after the panic: %+v", tr.sent)
	}
}

// An item the network refuses for good is dropped, not retried ahead of the rest for ever.
func TestUndeliverableItemDoesNotHoldUpTheOutbox(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), db, zerolog.Nop(), func() time.Time { return now })
	tr := &fakeTransport{refuse: "never"}
	b.Add(tr, 0)
	ctx := context.Background()
	for _, text := range []string{"never", "after"} {
		put(t, db, msg.Room, bot.Text(text))
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
func (n *netTransport) Run(ctx context.Context, _ bot.Inbox) error {
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
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), storetest.Open(t), zerolog.New(&logs), time.Now)
	fine := &netTransport{proto: bot.XMPP, stopped: make(chan struct{})}
	broken := &netTransport{proto: bot.Matrix, fail: errors.New("M_FORBIDDEN: invalid password"), stopped: make(chan struct{})}
	b.Add(fine, 0)
	b.Add(broken, 0)
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
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), storetest.Open(t), zerolog.Nop(), time.Now)
	b.Add(&netTransport{proto: bot.XMPP, stopped: make(chan struct{})}, 0)
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
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), db, zerolog.Nop(), func() time.Time { return now })
	tr := &fakeTransport{fail: true}
	b.Add(tr, 0)
	ctx := context.Background()
	put(t, db, msg.Room, bot.Text("stuck"))
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
	h := bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("for the room"), {Doc: bot.TextDoc("for ana alone"), To: "ana@example.org"}}, nil
	})
	withChannel := &privateTransport{}
	without := &fakeTransport{}
	for _, tr := range []bot.Transport{withChannel, without} {
		b := bot.New(h, storetest.Open(t), zerolog.Nop(), time.Now)
		b.Add(tr, 0)
		deliver(b, tr, msg)
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

// fileTransport gives files privately and posts them in rooms, and records both.
type fileTransport struct {
	privateTransport
	files, privateFiles []string // name: content
}

func (f *fileTransport) Upload(_ context.Context, _ bot.Room, file bot.File) (string, error) {
	data, err := io.ReadAll(file.Content)
	f.files = append(f.files, file.Name+": "+string(data))
	return "", err
}

func (f *fileTransport) UploadPrivate(_ context.Context, _ bot.Room, to string, file bot.File) error {
	data, err := io.ReadAll(file.Content)
	f.privateFiles = append(f.privateFiles, to+" "+file.Name+": "+string(data))
	return err
}

// A file for one member (its content in the outbox item) goes through the transport's private
// upload; a transport that can only post files in the room, or none, never posts it there.
func TestAPrivateFileIsNeverPostedInTheRoom(t *testing.T) {
	h := bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("for the room"), {To: "ana@example.org", File: &bot.FileRef{Name: "mine.txt", Content: []byte("ana's data")}}}, nil
	})
	private := &fileTransport{}
	roomOnly := &roomUploader{}
	for _, tr := range []bot.Transport{private, roomOnly} {
		b := bot.New(h, storetest.Open(t), zerolog.Nop(), time.Now)
		b.Add(tr, 0)
		deliver(b, tr, msg)
	}
	if want := []string{"ana@example.org mine.txt: ana's data"}; !slices.Equal(private.privateFiles, want) || len(private.files) != 0 {
		t.Fatalf("privately %q, in the room %q; want %q alone", private.privateFiles, private.files, want)
	}
	if len(roomOnly.files) != 0 || len(roomOnly.sent) != 1 {
		t.Fatalf("a transport without private files posted %q and %+v", roomOnly.files, roomOnly.sent)
	}
}

// roomUploader posts files only in rooms.
type roomUploader struct {
	fakeTransport
	files []string
}

func (r *roomUploader) Upload(_ context.Context, _ bot.Room, file bot.File) (string, error) {
	r.files = append(r.files, file.Name)
	return "", nil
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
	b.Add(tr, 0)
	poll := bot.Poll{Question: "Q?", Options: []bot.PollOption{{ID: "yes"}, {ID: "no"}}, Ref: "vote-7-abc"}
	put(t, db, msg.Room, bot.Reply{Poll: &poll, PollFor: "vote:7"})
	put(t, db, msg.Room, bot.Text("announcement"))
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
	b3.Add(plain, 0)
	put(t, db2, msg.Room, bot.Reply{Poll: &poll, PollFor: "vote:8"})
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
func (l *roomLog) Run(ctx context.Context, _ bot.Inbox) error {
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
func queue(t *testing.T, db *store.DB, room bot.Room, texts ...string) {
	t.Helper()
	for _, text := range texts {
		put(t, db, room, bot.Text(text))
	}
}

// put puts one reply into the outbox, as a scheduled job does.
func put(t *testing.T, db *store.DB, room bot.Room, r bot.Reply) {
	t.Helper()
	if err := store.PutReply(context.Background(), db, room, r); err != nil {
		t.Fatal(err)
	}
}

// deliver hands one event to the runtime and lets the outbox worker send what it queued.
func deliver(b *bot.Bot, t bot.Transport, m bot.Message) {
	b.Deliver(context.Background(), t, m)
	b.Flush(context.Background())
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
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("answer to " + m.Text)}, nil
	})
	b := bot.New(h, db, zerolog.Nop(), func() time.Time { return now })
	tr := &roomLog{}
	b.Add(tr, 0)
	a, other := msg.Room, bot.Room{Protocol: bot.Console, ID: "other"}
	as, others := numbered("a", 250), numbered("o", 25)
	for i := range 25 {
		queue(t, db, a, as[i*10:i*10+10]...)
		queue(t, db, other, others[i])
	}
	deliver(b, tr, bot.Message{Room: a, Sender: msg.Sender, Text: "!tasks", ID: "m2"})
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
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("answer to " + m.Text)}, nil
	})
	b := bot.New(h, db, zerolog.Nop(), func() time.Time { return now })
	tr := &roomLog{failOf: map[string]int{"a2": 2}}
	b.Add(tr, 0)
	ctx := context.Background()
	a, other := msg.Room, bot.Room{Protocol: bot.Console, ID: "other"}
	queue(t, db, a, "a1", "a2", "a3")
	queue(t, db, other, "o1")
	queue(t, db, a, "a4")
	queue(t, db, other, "o2")
	b.Flush(ctx) // a1 goes, a2 fails: the network looks down, the rest waits
	b.Flush(ctx) // a2 waits for its retry: a3 and a4 wait behind it, the other room goes
	deliver(b, tr, bot.Message{Room: a, Sender: msg.Sender, Text: "!status", ID: "m3"})
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

// counting is a handler that writes a row per event in the event's transaction and answers
// with the count; "!refuse" writes too, then refuses, so its write must be undone.
var counting = bot.HandlerFunc(func(ctx context.Context, tx *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO kv (namespace, key, value) VALUES ('seen', ?, ?)`, m.ID, m.Text); err != nil {
		return nil, err
	}
	if m.Text == "!refuse" {
		return nil, &bot.Answer{Replies: []bot.Reply{bot.Text("No: nothing was changed.")}}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM kv WHERE namespace = 'seen'`).Scan(&n); err != nil {
		return nil, err
	}
	return []bot.Reply{bot.Text(fmt.Sprintf("seen %d", n))}, nil
})

// seen counts the rows counting wrote.
func seen(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM kv WHERE namespace = 'seen'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An event delivered again (a replayed sync batch, a rejoin's history), by the same process
// or after a restart on the same database, runs once: the ledger is written in the
// transaction of its change and its reply.
func TestAnEventDeliveredTwiceRunsOnce(t *testing.T) {
	dir := t.TempDir()
	room := bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}
	m := bot.Message{Room: room, Sender: bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}, Text: "!ballot رێزان", ID: "$e1"}
	for range 2 { // two processes, one after the other, on one database
		db, err := store.OpenDir(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		b := bot.New(counting, db, zerolog.Nop(), time.Now)
		tr := &fakeTransport{proto: bot.Matrix}
		b.Add(tr, 0)
		deliver(b, tr, m)
		deliver(b, tr, m)
		if got := seen(t, db); got != 1 {
			t.Fatalf("the event ran %d times", got)
		}
		db.Close()
	}
}

// A handler's Answer undoes what it wrote and is still said; the event counts as handled.
func TestAnAnswerUndoesTheChangeAndIsSaid(t *testing.T) {
	db := storetest.Open(t)
	b := bot.New(counting, db, zerolog.Nop(), time.Now)
	tr := &fakeTransport{proto: bot.XMPP}
	b.Add(tr, 0)
	refuse := bot.Message{Room: bot.Room{Protocol: bot.XMPP, ID: "assembly@muc.example.org"}, Text: "!refuse", ID: "x1"}
	deliver(b, tr, refuse)
	deliver(b, tr, refuse)
	if got := seen(t, db); got != 0 {
		t.Fatalf("a refused change was kept: %d rows", got)
	}
	if len(tr.sent) != 1 || tr.sent[0].Text() != "No: nothing was changed." || tr.sent[0].InReplyTo != "x1" {
		t.Fatalf("sent %+v, want the refusal once, as an answer", tr.sent)
	}
}

// A command older than its network's catch-up window (said while folkmoot was away) is not
// run; a poll answer is a ballot and counts however late it arrives.
func TestTheCatchUpWindow(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	db := storetest.Open(t)
	b := bot.New(counting, db, zerolog.Nop(), func() time.Time { return now })
	tr := &fakeTransport{}
	b.Add(tr, 10*time.Minute)
	room := bot.Room{Protocol: bot.Console, ID: "r"}
	tests := []struct {
		name string
		msg  bot.Message
		runs bool
	}{
		{"within the window", bot.Message{Room: room, Text: "!a", ID: "1", Time: now.Add(-9 * time.Minute)}, true},
		{"past the window", bot.Message{Room: room, Text: "!b", ID: "2", Time: now.Add(-11 * time.Minute), History: true}, false},
		{"a late ballot", bot.Message{Room: room, ID: "3", Time: now.Add(-time.Hour), Poll: &bot.PollAnswer{PollID: "$p"}}, true},
		{"no server time", bot.Message{Room: room, Text: "!c", ID: "4"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := seen(t, db)
			deliver(b, tr, tt.msg)
			if ran := seen(t, db) > before; ran != tt.runs {
				t.Fatalf("ran = %v, want %v", ran, tt.runs)
			}
		})
	}
}

// Events a transport hands the inbox are handled one room at a time, in arrival order, and
// Settle waits for them all.
func TestTheInboxKeepsEachRoomsOrder(t *testing.T) {
	db := storetest.Open(t)
	var mu sync.Mutex
	got := map[string][]string{}
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		mu.Lock()
		defer mu.Unlock()
		got[m.Room.ID] = append(got[m.Room.ID], m.Text)
		return nil, nil
	})
	b := bot.New(h, db, zerolog.Nop(), time.Now)
	tr := &fakeTransport{}
	b.Add(tr, 0)
	in := b.Inbox(tr)
	want := numbered("m", 20)
	for _, text := range want {
		for _, room := range []string{"a", "b"} {
			in.Deliver(context.Background(), bot.Message{Room: bot.Room{Protocol: bot.Console, ID: room}, Text: text})
		}
	}
	in.Settle()
	for _, room := range []string{"a", "b"} {
		if strings.Join(got[room], " ") != strings.Join(want, " ") {
			t.Errorf("room %s handled %q", room, got[room])
		}
	}
}

// stuckTransport's sends wait until released: a network slow to confirm.
type stuckTransport struct {
	fakeTransport
	release chan struct{}
}

func (s *stuckTransport) Send(ctx context.Context, room bot.Room, r bot.Reply) error {
	<-s.release
	return s.fakeTransport.Send(ctx, room, r)
}

// One network slow to confirm holds up only its own rooms: the other network's replies go
// out meanwhile.
func TestASlowNetworkHoldsUpOnlyItsOwnRooms(t *testing.T) {
	db := storetest.Open(t)
	b := bot.New(counting, db, zerolog.Nop(), time.Now)
	slow := &stuckTransport{fakeTransport: fakeTransport{proto: bot.Matrix}, release: make(chan struct{})}
	quick := &recordingTransport{proto: bot.XMPP, sent: make(chan string, 1)}
	b.Add(slow, 0)
	b.Add(quick, 0)
	put(t, db, bot.Room{Protocol: bot.Matrix, ID: "!slow:example.org"}, bot.Text("to Matrix"))
	put(t, db, bot.Room{Protocol: bot.XMPP, ID: "quick@muc.example.org"}, bot.Text("to XMPP: Zoë 🌻"))
	done := make(chan struct{})
	go func() {
		b.Flush(context.Background())
		close(done)
	}()
	if got := <-quick.sent; got != "to XMPP: Zoë 🌻" {
		t.Fatalf("XMPP got %q", got)
	}
	close(slow.release)
	<-done
	if len(slow.sent) != 1 {
		t.Fatalf("Matrix got %+v", slow.sent)
	}
}

// recordingTransport hands each text it sends to a channel.
type recordingTransport struct {
	proto bot.Protocol
	sent  chan string
}

func (r *recordingTransport) Protocol() bot.Protocol { return r.proto }
func (r *recordingTransport) Run(ctx context.Context, _ bot.Inbox) error {
	<-ctx.Done()
	return nil
}
func (r *recordingTransport) Send(_ context.Context, _ bot.Room, reply bot.Reply) error {
	r.sent <- reply.Text()
	return nil
}

// roomsTransport is a network on which some rooms are unreachable (their server is down).
type roomsTransport struct {
	fakeTransport
	down map[string]bool
	to   []string // the room of each reply sent
}

func (r *roomsTransport) Send(ctx context.Context, room bot.Room, reply bot.Reply) error {
	r.mu.Lock()
	down := r.down[room.ID]
	r.mu.Unlock()
	if down {
		return errors.New("the room's server is unreachable")
	}
	if err := r.fakeTransport.Send(ctx, room, reply); err != nil {
		return err
	}
	r.mu.Lock()
	r.to = append(r.to, room.ID)
	r.mu.Unlock()
	return nil
}

// What is said to a room that is unreachable (a council on a server that is down) waits in
// the outbox, does not hold up other rooms, and arrives once and in order when it is back.
func TestUnreachableRoomGetsItsRepliesOnceInOrderWhenBack(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), db, zerolog.Nop(), func() time.Time { return now })
	tr := &roomsTransport{down: map[string]bool{"council": true}}
	b.Add(tr, 0)
	ctx := context.Background()
	council, assembly := bot.Room{Protocol: bot.Console, ID: "council"}, bot.Room{Protocol: bot.Console, ID: "north"}
	put(t, db, council, bot.Text("first"))
	put(t, db, assembly, bot.Text("meanwhile"))
	put(t, db, council, bot.Text("second"))
	for i := 0; i < 3; i++ {
		b.Flush(ctx)
		now = now.Add(10 * time.Minute)
	}
	if len(tr.sent) != 1 || tr.sent[0].Text() != "meanwhile" {
		t.Fatalf("while the council is down: sent %+v, want only the assembly's reply", tr.sent)
	}
	tr.mu.Lock()
	tr.down["council"] = false
	tr.mu.Unlock()
	for i := 0; i < 3; i++ {
		now = now.Add(time.Hour)
		b.Flush(ctx)
	}
	var got []string
	for i, r := range tr.sent {
		got = append(got, tr.to[i]+": "+r.Text())
	}
	want := []string{"north: meanwhile", "council: first", "council: second"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sent %q, want %q", got, want)
	}
}

func TestNothingIsSentWhileTheLeaseMayBeLost(t *testing.T) {
	// A process that may have lost the lease (SendWhile) sends nothing: its replies stay in
	// the outbox, once each, for whichever process acts next.
	db := storetest.Open(t)
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		return []bot.Reply{bot.Text("answer to " + m.Text)}, nil
	})
	b := bot.New(h, db, zerolog.Nop(), time.Now)
	tr := &fakeTransport{}
	b.Add(tr, 0)
	var holding atomic.Bool
	b.SendWhile(holding.Load)
	deliver(b, tr, msg)
	b.Flush(context.Background())
	if len(tr.sent) != 0 {
		t.Fatalf("sent %+v without the lease", tr.sent)
	}
	items, err := db.Pending(context.Background(), bot.Console, time.Now(), 10)
	if err != nil || len(items) != 1 || items[0].Attempts != 0 {
		t.Fatalf("outbox = %+v, %v; want the reply waiting, untried", items, err)
	}
	holding.Store(true)
	b.Flush(context.Background())
	b.Flush(context.Background())
	if len(tr.sent) != 1 || tr.sent[0].Text() != "answer to !boom" {
		t.Fatalf("with the lease sent %+v, want the reply once", tr.sent)
	}
}

// fencedTransport records the condition the runtime gives a transport that writes on its own.
type fencedTransport struct {
	fakeTransport
	mayAct func() bool
}

func (f *fencedTransport) ActWhile(mayAct func() bool) { f.mayAct = mayAct }

// A transport that writes shared state on its own (Matrix's sync) acts only while the
// runtime may: the condition SendWhile sets, whether set before or after the transport was added.
func TestFencedTransportFollowsSendWhile(t *testing.T) {
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), storetest.Open(t), zerolog.Nop(), time.Now)
	tr := &fencedTransport{}
	b.Add(tr, 0)
	if tr.mayAct == nil || !tr.mayAct() {
		t.Fatal("without a lease, a fenced transport may act")
	}
	holds := true
	b.SendWhile(func() bool { return holds })
	holds = false
	if tr.mayAct() {
		t.Error("a fenced transport acts after the lease may be lost")
	}
}

// The flood limit is the runtime's: a member over it is told once, and until their bucket
// refills the handler still sees their commands (the meeting log keeps the line) marked
// Flooded, so it runs none of them. Talk is never limited, and others are not held up.
func TestACommandFloodIsToldOnceAndSeenAsFlooded(t *testing.T) {
	now := time.Date(2026, 12, 7, 19, 0, 0, 0, time.UTC)
	var seen []bot.Message
	h := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		seen = append(seen, m)
		if m.Flooded {
			return nil, nil
		}
		return []bot.Reply{bot.Text("ran " + m.Text)}, nil
	})
	b := bot.New(h, storetest.Open(t), zerolog.Nop(), func() time.Time { return now })
	b.LimitCommands(bot.NewLimiter(1, 10*time.Second), func(m bot.Message) bool { return strings.HasPrefix(m.Text, "!") })
	tr := &fakeTransport{}
	b.Add(tr, 0)
	zoe := bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}
	say := func(id string, who bot.Member, text string) {
		deliver(b, tr, bot.Message{Room: msg.Room, Sender: who, Text: text, ID: id, Time: now})
	}
	say("1", zoe, "!votes")
	say("2", zoe, "!votes")
	say("3", zoe, "hello, still talking")
	say("4", zoe, "!votes")
	say("5", msg.Sender, "!votes")
	var texts []string
	for _, r := range tr.sent {
		texts = append(texts, r.Text())
	}
	want := []string{"ran !votes", "Zoë 🌻, that is a lot of commands at once: I'll take yours again in a few seconds.",
		"ran hello, still talking", "ran !votes"}
	if !slices.Equal(texts, want) {
		t.Fatalf("said %q, want %q", texts, want)
	}
	var flooded []string
	for _, m := range seen {
		if m.Flooded {
			flooded = append(flooded, m.ID)
		}
	}
	if len(seen) != 5 || !slices.Equal(flooded, []string{"2", "4"}) {
		t.Errorf("the handler saw %d events, flooded %q; want 5, [2 4]", len(seen), flooded)
	}
	now = now.Add(10 * time.Second)
	say("6", zoe, "!votes")
	if got := tr.sent[len(tr.sent)-1].Text(); got != "ran !votes" {
		t.Errorf("after the refill: %q", got)
	}
}

// What a member says in a room the bot opened for them alone reaches no handler: the
// runtime tells them where commands are, through the outbox like every answer.
func TestADirectRoomIsAnsweredByTheRuntime(t *testing.T) {
	h := bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) {
		t.Error("the handler ran for a direct room")
		return nil, nil
	})
	b := bot.New(h, storetest.Open(t), zerolog.Nop(), time.Now)
	tr := &fakeTransport{}
	b.Add(tr, 0)
	deliver(b, tr, bot.Message{Room: msg.Room, Sender: bot.Member{ID: "@zoe:example.org"}, Text: "!vote 1 agree", ID: "d1", Direct: true})
	if len(tr.sent) != 1 || !tr.sent[0].Notice || tr.sent[0].InReplyTo != "d1" ||
		!strings.Contains(tr.sent[0].Text(), "I read commands only in your assembly's room") {
		t.Fatalf("answered %+v", tr.sent)
	}
}

// sideBySideTransport sends to two rooms at once: room "a"'s first send waits until a send
// to another room has begun, which only a runtime sending side by side lets happen.
type sideBySideTransport struct {
	fakeTransport
	other   chan struct{} // closed when a send to a room other than "a" begins
	once    sync.Once
	down    bool
	tries   atomic.Int32
	byRooms map[string][]string
}

func (s *sideBySideTransport) RoomsAtOnce() int { return 2 }

func (s *sideBySideTransport) Send(ctx context.Context, room bot.Room, reply bot.Reply) error {
	s.tries.Add(1)
	if s.down {
		return errors.New("homeserver unreachable")
	}
	if room.ID == "a" && reply.Text() == "a1" {
		select {
		case <-s.other:
		case <-time.After(10 * time.Second): // only so a broken runtime fails instead of hanging
			return errors.New("no other room was sent to meanwhile")
		}
	} else if room.ID != "a" {
		s.once.Do(func() { close(s.other) })
	}
	s.mu.Lock()
	s.byRooms[room.ID] = append(s.byRooms[room.ID], reply.Text())
	s.mu.Unlock()
	return nil
}

// A network that can send to several rooms at once gets a burst's rooms side by side, each
// room's replies still in order; when it is down, the batch still stops after a few rooms.
func TestRoomsGoOutSideBySideEachInOrder(t *testing.T) {
	db := storetest.Open(t)
	b := bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), db, zerolog.Nop(), time.Now)
	tr := &sideBySideTransport{other: make(chan struct{}), byRooms: map[string][]string{}}
	b.Add(tr, 0)
	room := func(id string) bot.Room { return bot.Room{Protocol: bot.Console, ID: id} }
	for _, r := range []struct{ room, text string }{{"a", "a1"}, {"a", "a2"}, {"b", "b1"}, {"c", "c1"}, {"a", "a3"}, {"b", "b2"}} {
		put(t, db, room(r.room), bot.Text(r.text))
	}
	b.Flush(context.Background())
	want := map[string]string{"a": "a1 a2 a3", "b": "b1 b2", "c": "c1"}
	for id, texts := range want {
		if got := strings.Join(tr.byRooms[id], " "); got != texts {
			t.Errorf("room %s got %q, want %q", id, got, texts)
		}
	}

	down := &sideBySideTransport{other: make(chan struct{}), byRooms: map[string][]string{}, down: true}
	db = storetest.Open(t)
	b = bot.New(bot.HandlerFunc(func(context.Context, *sql.Tx, bot.Transport, bot.Message) ([]bot.Reply, error) { return nil, nil }), db, zerolog.Nop(), time.Now)
	b.Add(down, 0)
	for _, id := range []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"} {
		put(t, db, room(id), bot.Text("hello "+id))
	}
	b.Flush(context.Background())
	// Three rooms failing stop the batch; at most one more was in flight beside them.
	if n := down.tries.Load(); n < 3 || n > 4 {
		t.Fatalf("a network that is down was tried %d times in one flush, want 3 or 4", n)
	}
}
