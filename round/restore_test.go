package round

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// restart stores the state as JSON, "crashes" (no timer fires while down), reads it back
// and restores it at the given time.
func (h *sim) restart(at time.Duration) []string {
	h.t.Helper()
	var s State
	if err := json.Unmarshal([]byte(mustJSON(h.t, h.s)), &s); err != nil {
		h.t.Fatal(err)
	}
	h.now = t0.Add(at)
	r := s.Restore(h.now)
	h.check(r)
	h.s, h.next = r.State, r.Next
	return texts(r.Events)
}

func TestRestore(t *testing.T) {
	withAB := start(spec(func(sp *Spec) { sp.With = []Member{ana, ben} }))
	floorAna := []string{"The order: ana, ben.", "🎙 ana has the floor (2:00)."}
	tests := []struct {
		name   string
		before []step        // played before the crash
		down   time.Duration // when the bot comes back
		want   []string      // what Restore says
		after  []step        // played after
		left   time.Duration // time left in the turn after Restore, when a turn runs
	}{
		{
			name:   "mid-turn, before the warning",
			before: []step{{At: 0, Do: withAB, Want: floorAna}},
			down:   sec(60), want: []string{"I'm back: ana still has the floor (1:00 left)."}, left: sec(60),
			after: []step{{At: sec(90), Want: []string{"30 seconds left."}},
				{At: sec(120), Want: []string{"Time — thank you, ana.", "10 seconds of silence."}}},
		},
		{
			name:   "mid-turn, the warning's time passed while down",
			before: []step{{At: 0, Do: withAB, Want: floorAna}},
			down:   sec(100), want: []string{"I'm back: ana still has the floor (0:20 left)."}, left: sec(20),
			after: []step{{At: sec(120), Want: []string{"Time — thank you, ana.", "10 seconds of silence."}}},
		},
		{
			name:   "mid-turn, the warning was said before the crash",
			before: []step{{At: 0, Do: withAB, Want: floorAna}, {At: sec(90), Want: []string{"30 seconds left."}}},
			down:   sec(95), want: []string{"I'm back: ana still has the floor (0:25 left)."}, left: sec(25),
			after: []step{{At: sec(120), Want: []string{"Time — thank you, ana.", "10 seconds of silence."}}},
		},
		{
			name:   "the turn ran out while down",
			before: []step{{At: 0, Do: withAB, Want: floorAna}, {At: sec(90), Want: []string{"30 seconds left."}}},
			down:   sec(400), want: []string{"ana's time ran out while I was away — thank you, ana.", "10 seconds of silence."},
			after: []step{{At: sec(410), Want: []string{"🎙 ben has the floor (2:00)."}},
				{At: sec(411), Do: stop, Want: []string{lines("The round is over (stopped early):",
					"1. ana — 2:00", "2. ben — 0:01", "Spoke: 2 · passed: 0 · time used: 2:01.")}}},
		},
		{
			name: "the last turn ran out while down",
			before: []step{{At: 0, Do: start(spec(func(sp *Spec) { sp.With, sp.Each = []Member{ana}, sec(20) })),
				Want: []string{"The order: ana.", "🎙 ana has the floor (0:20)."}}},
			down: sec(300), want: []string{"ana's time ran out while I was away — thank you, ana.",
				lines("The round is over:", "1. ana — 0:20", "Spoke: 1 · passed: 0 · time used: 0:20.")},
		},
		{
			name: "the pause ended while down",
			before: []step{{At: 0, Do: withAB, Want: floorAna},
				{At: sec(10), Do: done(ana), Want: []string{"Thank you, ana.", "10 seconds of silence."}}},
			down: sec(60), want: []string{"🎙 ben has the floor (2:00)."}, left: 2 * time.Minute,
		},
		{
			name: "the sign-up closed while down",
			before: []step{{At: 0, Do: start(spec(nil)), Want: []string{"Listening round: say !in within 1 minute to take part."}},
				{At: sec(5), Do: in(cy), Want: []string{"cy is in (1 so far)."}}},
			down: sec(70), want: []string{"The order: cy.", "🎙 cy has the floor (2:00)."}, left: 2 * time.Minute,
		},
		{
			name: "a paused round stays paused",
			before: []step{{At: 0, Do: withAB, Want: floorAna},
				{At: sec(20), Do: hold, Want: []string{"The round is paused; ana keeps 1:40."}}},
			down: sec(900),
			after: []step{{At: sec(901), Do: resume, Want: []string{"The round goes on: ana has the floor (1:40 left)."}},
				{At: sec(971), Want: []string{"30 seconds left."}}},
		},
		{
			name: "a silence ended while down",
			before: []step{{At: 0, Do: func(s State, now time.Time) (Result, error) { return s.StartSilence(now, sec(10), ana) },
				Want: []string{"10 seconds of silence."}}},
			down: sec(60), want: []string{"The silence ended while I was away."},
		},
		{
			name: "a timed queue turn ran out while down",
			before: []step{
				{At: 0, Do: func(s State, now time.Time) (Result, error) { return s.SetTimer(now, time.Minute) },
					Want: []string{"Each queue turn now lasts 1 minute."}},
				{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 1st in the queue."}},
				{At: sec(1), Do: next, Want: []string{"🎙 ben has the floor (1:00)."}}},
			down: sec(100), want: []string{"ben's time ran out while I was away — thank you, ben."},
		},
		{
			name: "a timed queue turn still running",
			before: []step{
				{At: 0, Do: func(s State, now time.Time) (Result, error) { return s.SetTimer(now, time.Minute) },
					Want: []string{"Each queue turn now lasts 1 minute."}},
				{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 1st in the queue."}},
				{At: sec(1), Do: next, Want: []string{"🎙 ben has the floor (1:00)."}}},
			down: sec(51), want: []string{"I'm back: ben still has the floor (0:10 left)."},
			after: []step{{At: sec(61), Want: []string{"Time — thank you, ben."}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newSim(t)
			h.play(tt.before)
			if got := h.restart(tt.down); !slices.Equal(got, tt.want) {
				t.Fatalf("Restore said\n%q\nwant\n%q", got, tt.want)
			}
			if r := h.s.Round; tt.left > 0 && (r == nil || r.Due.Sub(h.now) != tt.left) {
				t.Fatalf("after Restore the turn has %v left, want %v", r.Due.Sub(h.now), tt.left)
			}
			h.play(tt.after)
		})
	}
}

// Restoring twice (a second restart right after the first) says nothing new and never
// repeats a warning.
func TestRestoreTwiceIsQuiet(t *testing.T) {
	h := newSim(t)
	h.play([]step{{At: 0, Do: start(spec(func(sp *Spec) { sp.With = []Member{ana} })),
		Want: []string{"The order: ana.", "🎙 ana has the floor (2:00)."}}})
	first := h.restart(sec(100))
	second := h.restart(sec(101))
	want := []string{"I'm back: ana still has the floor (0:19 left)."}
	if len(first) != 1 || !slices.Equal(second, want) {
		t.Fatalf("first %q, second %q", first, second)
	}
	if ev := h.until(t0.Add(sec(120))); !slices.Equal(texts(ev)[:1], []string{"Time — thank you, ana."}) {
		t.Fatalf("at the end: %q", texts(ev))
	}
}
