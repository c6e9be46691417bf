package app_test

import (
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app"
	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/store"
)

// What one command costs on folkmoot's road, beside what a bot that does nothing but echo
// costs: CPU time and allocations per command, the transport in memory (no network, no
// encryption; bot/matrix's BenchmarkMegolm gives what encryption adds to every message).
//
//	go test -run '^$' -bench 'Command|Echo' -benchmem ./app/
//
// Every variant delivers one event and flushes the outbox, as the runtime's loops do, and
// logs as folkmoot does in production (JSON at info level, here into io.Discard).

// benchTransport is a Matrix-like transport in memory: it renders each reply as a Matrix
// transport does (plain body and HTML) and drops it. Being Matrix, its events go through the
// handled ledger, as a real network's do (the console's do not).
type benchTransport struct{ sent int }

func (*benchTransport) Protocol() bot.Protocol { return bot.Matrix }

func (*benchTransport) Run(ctx context.Context, _ bot.Inbox) error {
	<-ctx.Done()
	return nil
}

func (t *benchTransport) Send(_ context.Context, _ bot.Room, r bot.Reply) error {
	body, html := r.Doc.PlainText(), r.Doc.HTML(mentionURL)
	t.sent += len(body) + len(html)
	return nil
}

func mentionURL(m bot.Member) string { return "https://matrix.to/#/" + m.ID }

// benchLog is production's logger (app/cli) writing nowhere.
func benchLog() zerolog.Logger {
	return zerolog.New(io.Discard).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

var (
	benchRoom   = bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}
	benchMember = bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}
	benchStart  = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)

// message is the i-th event of a benchmark: a fresh ID, so the ledger runs it.
func message(i int, text string) bot.Message {
	return bot.Message{Room: benchRoom, Sender: benchMember, Text: text, ID: "$ev" + strconv.Itoa(i), Time: benchStart}
}

// BenchmarkCommand runs commands through folkmoot's whole road with every feature: the
// runtime's transaction and ledger, the member record, each feature's look at the message,
// the flood limit, the command engine, the outbox and its flush.
func BenchmarkCommand(b *testing.B) {
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	cfg.Limits.CommandBurst = 1 << 30 // one instant of the clock: the flood limit still runs
	a, err := app.New(context.Background(), cfg, benchLog(), func() time.Time { return benchStart })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	tr := &benchTransport{}
	a.Add(tr)
	ctx := context.Background()
	seq := 0
	say := func(text string) {
		seq++
		a.Bot.Deliver(ctx, tr, message(seq, text))
		a.Bot.Flush(ctx)
	}
	say(`!vote new "Paint the hall door red?" --closes in 14 days`)
	say("!whoami")

	run := func(b *testing.B, texts ...string) {
		b.ReportAllocs()
		sent := tr.sent
		b.ResetTimer()
		cpu := startCPU()
		for i := range b.N {
			say(texts[i%len(texts)])
		}
		cpu.report(b)
		if tr.sent == sent {
			b.Fatal("nothing was sent")
		}
	}
	b.Run("whoami", func(b *testing.B) { run(b, "!whoami") })
	b.Run("vote", func(b *testing.B) { run(b, "!vote 1 agree", "!vote 1 object") })
}

// BenchmarkEchoBaseline is what a bot costs that does nothing but answer: "journal" is a
// handler that returns one text reply, on the same runtime and the same SQLite journal as
// folkmoot (transaction, ledger, outbox, flush); "bare" parses the text, builds the reply and
// hands it to the transport, with no journal at all.
func BenchmarkEchoBaseline(b *testing.B) {
	ctx := context.Background()
	b.Run("journal", func(b *testing.B) {
		db, err := store.Open(ctx, filepath.Join(b.TempDir(), store.FileName))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		echo := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, msg bot.Message) ([]bot.Reply, error) {
			rest, ok := strings.CutPrefix(msg.Text, "!echo ")
			if !ok {
				return nil, nil
			}
			return []bot.Reply{bot.Text("echo: " + rest)}, nil
		})
		rt := bot.New(echo, db, benchLog(), func() time.Time { return benchStart })
		tr := &benchTransport{}
		rt.Add(tr, 0)
		b.ReportAllocs()
		b.ResetTimer()
		cpu := startCPU()
		for i := range b.N {
			rt.Deliver(ctx, tr, message(i, "!echo hello"))
			rt.Flush(ctx)
		}
		cpu.report(b)
		if tr.sent == 0 {
			b.Fatal("nothing was sent")
		}
	})
	b.Run("bare", func(b *testing.B) {
		tr := &benchTransport{}
		b.ReportAllocs()
		cpu := startCPU()
		for i := range b.N {
			msg := message(i, "!echo hello")
			if rest, ok := strings.CutPrefix(msg.Text, "!echo "); ok {
				r := bot.Text("echo: " + rest)
				r.InReplyTo = msg.ID
				_ = tr.Send(ctx, msg.Room, r)
			}
		}
		cpu.report(b)
		if tr.sent == 0 {
			b.Fatal("nothing was sent")
		}
	})
}

// cpuClock reads the CPU time the process has used (every thread, the garbage collector's
// included): on a shared machine ns/op is wall time and counts what others run, while the
// issue compares CPU per command. It also counts the goroutines started: each one handed to
// another thread costs a wake-up and a switch between threads, beyond its own work.
type cpuClock struct {
	start      time.Duration
	goroutines uint64
}

// goroutinesCreated is how many goroutines the process has started so far.
func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func startCPU() cpuClock {
	return cpuClock{start: processCPU(), goroutines: goroutinesCreated()}
}

// report stops the timer and reports the CPU time per operation as cpu-ns/op, and the
// goroutines started per operation.
func (c cpuClock) report(b *testing.B) {
	b.StopTimer()
	b.ReportMetric(float64(processCPU()-c.start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(goroutinesCreated()-c.goroutines)/float64(b.N), "goroutines/op")
}

// BenchmarkBurst sends one command in each of 1,000 rooms at once through the inbox, as a
// sync that brings every room's message in one batch does, and reports the live heap at its
// peak beside the time and allocations per burst: what a burst across all rooms costs in
// memory is the runtime's queue and the events waiting for the database.
func BenchmarkBurst(b *testing.B) {
	const rooms = 1000
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	cfg.Limits.CommandBurst = 1 << 30
	a, err := app.New(context.Background(), cfg, benchLog(), func() time.Time { return benchStart })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	tr := &benchTransport{}
	a.Add(tr)
	in := a.Bot.Inbox(tr)
	ctx := context.Background()
	var peak uint64
	var m runtime.MemStats
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		for r := range rooms {
			n++
			room := bot.Room{Protocol: bot.Matrix, ID: "!room" + strconv.Itoa(r) + ":example.org"}
			in.Deliver(ctx, bot.Message{Room: room, Sender: benchMember, Text: "!whoami", ID: "$burst" + strconv.Itoa(n), Time: benchStart})
		}
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
		in.Settle()
		a.Bot.Flush(ctx)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
