package commands

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/store/storetest"
	"folkmoot/vote"
)

// silentTransport is a transport without optional capabilities.
type silentTransport struct{}

func (silentTransport) Protocol() bot.Protocol { return bot.Console }
func (silentTransport) Run(ctx context.Context, _ func(context.Context, bot.Message)) error {
	<-ctx.Done()
	return nil
}
func (silentTransport) Send(context.Context, bot.Room, bot.Reply) error { return nil }

// linkFixture is the core without app (which imports this package): an env, a clock and a
// request as the dispatcher would build it.
type linkFixture struct {
	env *Env
	now time.Time
	req *Request
}

func newLinkFixture(t *testing.T) *linkFixture {
	t.Helper()
	f := &linkFixture{now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)}
	db := storetest.Open(t)
	clock := func() time.Time { return f.now }
	f.env = &Env{DB: db, Sched: schedule.New(db, clock, time.Hour, zerolog.Nop()), Config: config.Default(), Now: clock}
	if _, err := New(f.env); err != nil {
		t.Fatal(err)
	}
	f.req = &Request{Env: f.env, Ctx: context.Background(), Transport: silentTransport{},
		Room: bot.Room{Protocol: bot.Console, ID: "a"}, Sender: bot.Member{ID: "ana@example.org", Name: "ana"},
		Loc: f.env.Config.Location(), At: f.now}
	return f
}

func TestOpenLinkedVoteStoresTheLink(t *testing.T) {
	f := newLinkFixture(t)
	ctx := context.Background()
	text, err := openLinkedVote(ctx, f.req, "Recall  bo as delegate?", VoteLink{Kind: "mandate", ID: "7"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Vote #1 “Recall bo as delegate?” is open.") || !strings.Contains(text, "A majority vote") || !strings.Contains(text, "!yes") {
		t.Errorf("announcement: %q", text)
	}
	v, err := store.VoteByNumber(ctx, f.env.DB, f.req.Room, 1)
	if err != nil || v.LinkKind != "mandate" || v.LinkID != "7" || v.Rules.Kind != vote.Majority ||
		!v.ClosesAt.Equal(f.now.Add(48*time.Hour)) {
		t.Fatalf("stored: %+v %v", v, err)
	}
	_, err = openLinkedVote(ctx, f.req, "Recall bo again?", VoteLink{Kind: "mandate", ID: "7"})
	var ue *UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "A vote on this is already open: Vote #1") {
		t.Fatalf("second recall of the same mandate: %v", err)
	}
	if _, err := openLinkedVote(ctx, f.req, "Recall cy?", VoteLink{Kind: "mandate", ID: "8"}); err != nil {
		t.Fatalf("recall of another mandate: %v", err)
	}
}

// TestLinkHandlerRunsInTheClosingTransaction shows the link handler's failure undoes the
// close: the decision and its effect commit together or not at all.
func TestLinkHandlerRunsInTheClosingTransaction(t *testing.T) {
	f := newLinkFixture(t)
	ctx := context.Background()
	if _, err := openLinkedVote(ctx, f.req, "Q?", VoteLink{Kind: "no-such-kind", ID: "1"}); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(48 * time.Hour)
	if _, err := f.env.Sched.FireDue(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := store.VoteByNumber(ctx, f.env.DB, f.req.Room, 1)
	if err != nil || !v.Open() || v.Result != "" {
		t.Fatalf("the close was kept although its link failed: %+v %v", v, err)
	}
	queued, err := f.env.DB.Pending(ctx, bot.Console, f.now, 10)
	if err != nil || len(queued) != 1 || !strings.Contains(queued[0].Reply.Text(), "closing of vote #1") {
		t.Fatalf("room not told: %+v %v", queued, err)
	}
}

func TestSkipWords(t *testing.T) {
	tests := []struct {
		raw  string
		n    int
		want string
	}{
		{"3 object too  expensive, \"really\"", 2, "too  expensive, \"really\""},
		{`3 "soup, hot" because it's cold`, 2, "because it's cold"},
		{"  3   agree  ", 2, ""},
		{"3", 2, ""},
		{`3 'unclosed quote runs on`, 2, ""},
		{`"a"b c`, 1, "c"},
		{"a\tb\nc", 2, "c"},
		{"x", 0, "x"},
	}
	for _, tt := range tests {
		if got := skipWords(tt.raw, tt.n); got != tt.want {
			t.Errorf("skipWords(%q, %d) = %q, want %q", tt.raw, tt.n, got, tt.want)
		}
	}
}

// FuzzSkipWords checks skipWords agrees with Tokenize: the words of what it leaves are the
// words after the first n.
func FuzzSkipWords(f *testing.F) {
	for _, s := range []string{`3 object too expensive`, `3 "soup, hot" because`, `"a"b c`, `a 'b`, "a\u00a0b c", `'' x`} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, raw string, n int) {
		n = min(max(n, 0), 4)
		raw = smartQuotes.Replace(raw)
		rest := skipWords(raw, n)
		// The trailing space that skipWords trims only matters inside an unclosed quote.
		all := Tokenize(strings.TrimRightFunc(raw, unicode.IsSpace))
		var want []Token
		if n < len(all) {
			want = all[n:]
		}
		if got := Tokenize(rest); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("skipWords(%q, %d) = %q: words %+v, want %+v", raw, n, rest, got, want)
		}
	})
}

func TestHumanDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "1 minute"},
		{45 * time.Minute, "45 minutes"},
		{time.Hour, "1 hour"},
		{90 * time.Minute, "1 hour 30 minutes"},
		{5*time.Hour + 20*time.Minute, "5 hours"},
		{24 * time.Hour, "24 hours"},
		{48 * time.Hour, "2 days"},
		{80 * time.Hour, "3 days 8 hours"},
		{62*time.Hour + 29*time.Minute, "2 days 14 hours"},
		{71*time.Hour + 45*time.Minute, "3 days"},
	}
	for _, tt := range tests {
		if got := humanDuration(tt.d); got != tt.want {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
