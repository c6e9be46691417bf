package round

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// bytesource hands out fuzz bytes, then zeros once they run out.
type bytesource []byte

func (b *bytesource) next() int {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return int(v)
}

var everyone = []Member{ana, ben, cy, dan}

// fuzzSpec builds a round's spec from bytes, out-of-range times and duplicates included.
func fuzzSpec(b *bytesource, seed int64) Spec {
	sp := Spec{
		Topic: "topic", Facilitator: ana, Seed: seed,
		Each:   time.Duration(b.next()%70) * 10 * time.Second,
		Pause:  time.Duration(b.next()%8) * 10 * time.Second,
		SignUp: time.Duration(b.next()%10) * 10 * time.Second,
		Order:  []Order{OrderJoined, OrderRandom, OrderLeastHeard, "loud"}[b.next()%4],
		Past:   map[string]time.Duration{ben.ID: time.Minute},
	}
	flags := b.next()
	sp.SecondChance, sp.Quiet = flags&1 != 0, flags&2 != 0
	for range b.next() % 5 {
		sp.With = append(sp.With, everyone[b.next()%len(everyone)])
	}
	return sp
}

// apply runs one operation picked by the bytes.
func apply(b *bytesource, s State, now time.Time, seed int64) (Result, error) {
	m := everyone[b.next()%len(everyone)]
	d := time.Duration(b.next()%200) * 5 * time.Second
	switch b.next() % 24 {
	case 0, 1:
		return s.Start(now, fuzzSpec(b, seed))
	case 2, 3:
		return s.In(now, m)
	case 4, 5:
		return s.Done(now, m)
	case 6:
		return s.Pass(now, m)
	case 7:
		return s.Skip(now)
	case 8:
		return s.Extend(now, d)
	case 9:
		return s.Hold(now)
	case 10:
		return s.Resume(now)
	case 11:
		return s.Stop(now)
	case 12, 13:
		return s.Talk(now, m), nil
	case 14:
		return s.Raise(now, m, "note", b.next()%2 == 0)
	case 15:
		return s.Lower(now, m)
	case 16:
		return s.Next(now)
	case 17:
		return s.SetMode(now, b.next()%2 == 0, b.next()%2 == 0), nil
	case 18:
		return s.SetTimer(now, d)
	case 19:
		return s.NewTopic(now), nil
	case 20:
		return s.StartSilence(now, d, m)
	case 21:
		return s.EndSilence(now)
	case 22:
		var c State
		if err := json.Unmarshal([]byte(marshal(s)), &c); err != nil {
			panic(err)
		}
		return c.Restore(now), nil
	}
	return s.Tick(now), nil
}

func marshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func FuzzOperations(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, int64(1))
	f.Add([]byte("a round with people signing up, talking, passing and a restart in between"), int64(7))
	f.Add([]byte{1, 2, 3, 0, 50, 2, 1, 3, 0, 3, 9, 1, 2, 4, 2, 0, 6, 7, 0, 22, 5, 30, 0, 11, 8, 8, 0, 0, 22}, int64(-3))
	f.Add([]byte{4, 1, 14, 4, 2, 14, 4, 3, 14, 9, 0, 16, 200, 0, 22, 4, 0, 16, 0, 0, 18, 3, 3, 20}, int64(0))
	f.Fuzz(func(t *testing.T, data []byte, seed int64) {
		b := bytesource(data)
		var s State
		now := t0
		warnings := 0
		for step := 0; len(b) > 0 && step < 150; step++ {
			if gap := b.next(); gap%16 == 0 {
				now = now.Add(time.Duration(gap) * time.Minute) // sometimes the bot is away a while
			} else {
				now = now.Add(time.Duration(gap%45) * time.Second)
			}
			before := marshal(s)
			r, err := apply(&b, s, now, seed)
			if err != nil {
				var re *Error
				if !errors.As(err, &re) || re.Code == 0 || strings.ContainsAny(err.Error(), "\n\r") || !strings.HasSuffix(err.Error(), ".") {
					t.Fatalf("error %q is not a room-safe *Error", err)
				}
				if marshal(s) != before || marshal(r.State) != before || len(r.Events) > 0 {
					t.Fatalf("refused %q changed the state or said something", err)
				}
				continue
			}
			checkInvariants(t, s, r, now)
			for _, e := range r.Events {
				switch e.Kind {
				case Floor:
					warnings = 0
				case Warning:
					if warnings++; warnings > 1 {
						t.Fatalf("a second warning in one turn: %+v", r.Events)
					}
				}
			}
			s = r.State
		}
	})
}

// checkInvariants asserts what must hold after any successful operation from prev.
func checkInvariants(t *testing.T, prev State, r Result, now time.Time) {
	t.Helper()
	s := r.State
	if !r.Next.IsZero() && !r.Next.After(now) {
		t.Fatalf("next timer %v is not after now %v", r.Next, now)
	}
	if want := s.next(); !r.Next.Equal(want) {
		t.Fatalf("Result.Next %v, state's next %v", r.Next, want)
	}
	_, roundFloor := s.Round.Speaker()
	if roundFloor && s.Queue.Speaker != nil {
		t.Fatalf("two speakers: %v and %v", s.Round.Slots[s.Round.Pos].Member, s.Queue.Speaker.Member)
	}
	allowed := map[string]bool{}
	for _, r := range []*Round{prev.Round, s.Round} {
		if r != nil {
			for _, m := range r.Members {
				allowed[m.ID] = true
			}
		}
	}
	for _, h := range prev.Queue.Hands {
		allowed[h.Member.ID] = true
	}
	for _, e := range r.Events {
		if e.Kind == Floor && !allowed[e.Member.ID] {
			t.Fatalf("the floor went to %v, who is neither in the round nor in the queue", e.Member)
		}
		if txt := Text(nil, e, "!"); txt == "" || txt == string(e.Kind) || (e.Kind != Summary && strings.Contains(txt, "\n")) {
			t.Fatalf("event %+v worded %q", e, txt)
		}
	}
	if rd := s.Round; rd != nil {
		if rd.Phase != PhaseSignUp && (rd.Pos < 0 || rd.Pos >= len(rd.Slots)) {
			t.Fatalf("position %d of %d slots in phase %s", rd.Pos, len(rd.Slots), rd.Phase)
		}
		for i, sl := range rd.Slots {
			if !slices.ContainsFunc(rd.Members, func(m Member) bool { return m.ID == sl.Member.ID }) {
				t.Fatalf("slot %d holds %v, who is not in the round", i, sl.Member)
			}
			if (i < rd.Pos) != (sl.Outcome != "") || sl.Used < 0 {
				t.Fatalf("slot %d of pos %d: %+v", i, rd.Pos, sl)
			}
		}
		if rd.Held && rd.Left < 0 {
			t.Fatalf("held with %v left", rd.Left)
		}
	}
	for _, tl := range s.Heard {
		if tl.Time < 0 || tl.Turns < 0 {
			t.Fatalf("tally %+v", tl)
		}
	}
	var back State
	if err := json.Unmarshal([]byte(marshal(s)), &back); err != nil || marshal(back) != marshal(s) {
		t.Fatalf("state does not survive JSON: %v", err)
	}
}

// A refused operation leaves the state byte-identical as JSON, also when a timer is due
// (the refusal does not fire it).
func TestRefusedLeavesStateUnchanged(t *testing.T) {
	running, _ := State{}.Start(t0, spec(func(sp *Spec) { sp.With = []Member{ana, ben} }))
	signup, _ := State{}.Start(t0, spec(nil))
	queued, _ := State{}.Raise(t0, ana, "", false)
	late := t0.Add(5 * time.Minute) // ana's turn is over, but no timer has fired
	tests := []struct {
		name string
		s    State
		op   func(State) (Result, error)
		want error
	}{
		{"done by someone else", running.State, func(s State) (Result, error) { return s.Done(t0.Add(sec(5)), ben) }, ErrNotSpeaker},
		{"done after the turn ran out", running.State, func(s State) (Result, error) { return s.Done(t0.Add(sec(125)), ana) }, ErrNoFloor},
		{"in after the window", signup.State, func(s State) (Result, error) { return s.In(late, ben) }, ErrNoRound},
		{"second round", running.State, func(s State) (Result, error) { return s.Start(t0, spec(nil)) }, ErrRoundRunning},
		{"member twice", State{}, func(s State) (Result, error) {
			return s.Start(t0, spec(func(sp *Spec) { sp.With = []Member{ana, ana} }))
		}, ErrDuplicate},
		{"extend too long", running.State, func(s State) (Result, error) { return s.Extend(t0, time.Hour) }, ErrOutOfRange},
		{"raise twice", queued.State, func(s State) (Result, error) { return s.Raise(late, ana, "x", false) }, ErrAlreadyQueued},
	}
	for _, tt := range tests {
		before := marshal(tt.s)
		r, err := tt.op(tt.s)
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
		if after := marshal(tt.s); after != before || marshal(r.State) != before || len(r.Events) != 0 || !r.Next.IsZero() {
			t.Errorf("%s: the state changed:\n%s\n%s", tt.name, before, after)
		}
	}
}

// BenchmarkDone measures one operation on a round of twelve with a busy queue: the cost
// is mostly the JSON copy that keeps the input unchanged.
func BenchmarkDone(b *testing.B) {
	var with []Member
	for i := range 12 {
		with = append(with, Member{ID: "@m" + string(rune('a'+i)) + ":example.org", Name: "member"})
	}
	r, err := State{}.Start(t0, spec(func(sp *Spec) { sp.With = with }))
	if err != nil {
		b.Fatal(err)
	}
	s := r.State
	for _, m := range everyone {
		r, _ = s.Raise(t0, m, "a note about the budget", false)
		s = r.State
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Done(t0.Add(sec(20)), with[0]); err != nil {
			b.Fatal(err)
		}
	}
}
