package round

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	t0  = time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)
	ana = Member{ID: "@ana:example.org", Name: "ana"}
	ben = Member{ID: "@ben:example.org", Name: "ben"}
	cy  = Member{ID: "cy@example.org", Name: "cy"}
	dan = Member{ID: "@dan:example.org", Name: "dan"}
)

// opFn is one operation as a step of a conversation.
type opFn func(s State, now time.Time) (Result, error)

// step is one moment of a conversation: timers due up to At fire first (as the scheduler
// would fire them, each at its own time), then Do runs at At. Want is every event's text
// from both, in order.
type step struct {
	At   time.Duration
	Do   opFn
	Want []string
	Err  error
}

// sim plays a conversation against a fake clock and a one-job scheduler.
type sim struct {
	t    *testing.T
	s    State
	now  time.Time
	next time.Time
}

func newSim(t *testing.T) *sim { return &sim{t: t, now: t0} }

// until fires every timer due up to at, each at its due time, and returns their events.
func (h *sim) until(at time.Time) []Event {
	h.t.Helper()
	var ev []Event
	for !h.next.IsZero() && !h.next.After(at) {
		h.now = h.next
		r := h.s.Tick(h.now)
		h.check(r)
		h.s, h.next = r.State, r.Next
		ev = append(ev, r.Events...)
	}
	h.now = at
	return ev
}

// check asserts what must hold after every operation.
func (h *sim) check(r Result) {
	h.t.Helper()
	if !r.Next.IsZero() && !r.Next.After(h.now) {
		h.t.Fatalf("next timer %v is not after now %v", r.Next, h.now)
	}
}

// play runs the steps, checking each one's events and error.
func (h *sim) play(steps []step) {
	h.t.Helper()
	for i, st := range steps {
		ev := h.until(t0.Add(st.At))
		if st.Do != nil {
			before := mustJSON(h.t, h.s)
			r, err := st.Do(h.s, h.now)
			if st.Err != nil {
				if !errors.Is(err, st.Err) {
					h.t.Fatalf("step %d (%v): error %v, want %v", i, st.At, err, st.Err)
				}
				if after := mustJSON(h.t, h.s); after != before || mustJSON(h.t, r.State) != before {
					h.t.Fatalf("step %d: a refused operation changed the state", i)
				}
				if len(st.Want) > 0 && err.Error() != st.Want[0] {
					h.t.Fatalf("step %d: error %q, want %q", i, err.Error(), st.Want[0])
				}
				continue
			}
			if err != nil {
				h.t.Fatalf("step %d (%v): unexpected error %v", i, st.At, err)
			}
			h.check(r)
			h.s, h.next = r.State, r.Next
			ev = append(ev, r.Events...)
		}
		if got := texts(ev); !slices.Equal(got, st.Want) {
			h.t.Fatalf("step %d (%v):\ngot  %q\nwant %q", i, st.At, got, st.Want)
		}
	}
}

func texts(ev []Event) []string {
	out := make([]string, len(ev))
	for i, e := range ev {
		out[i] = Text(nil, e, "!")
		if e.Kind == "show" { // a query's answer, carried whole by the test's show step
			out[i] = e.Note
		}
	}
	return out
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sec(n int) time.Duration { return time.Duration(n) * time.Second }

func spec(mod func(*Spec)) Spec {
	sp := DefaultSpec()
	sp.Facilitator = ana
	if mod != nil {
		mod(&sp)
	}
	return sp
}

func start(sp Spec) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Start(now, sp) }
}
func in(m Member) opFn {
	return func(s State, now time.Time) (Result, error) { return s.In(now, m) }
}
func done(m Member) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Done(now, m) }
}
func pass(m Member) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Pass(now, m) }
}
func extend(d time.Duration) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Extend(now, d) }
}
func talk(m Member) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Talk(now, m), nil }
}
func raise(m Member, note string, direct bool) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Raise(now, m, note, direct) }
}
func lower(m Member) opFn {
	return func(s State, now time.Time) (Result, error) { return s.Lower(now, m) }
}

var (
	skip   opFn = State.Skip
	hold   opFn = State.Hold
	resume opFn = State.Resume
	stop   opFn = State.Stop
	next   opFn = State.Next
)

// lines joins a multi-line text for a want list.
func lines(ls ...string) string { return strings.Join(ls, "\n") }
