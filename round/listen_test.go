package round

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestRoundConversations(t *testing.T) {
	with := func(ms ...Member) func(*Spec) {
		return func(sp *Spec) { sp.With = ms; sp.Each = time.Minute }
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"sign-up window, warning, end of a turn, the pause", []step{
			{At: 0, Do: start(spec(func(sp *Spec) { sp.Topic = "housing" })),
				Want: []string{"Listening round “housing”: say !in within 1 minute to take part."}},
			{At: sec(10), Do: in(ben), Want: []string{"ben is in (1 so far)."}},
			{At: sec(20), Do: in(cy), Want: []string{"cy is in (2 so far)."}},
			{At: sec(25), Do: in(ben), Err: ErrAlreadyIn, Want: []string{"ben is already in."}},
			{At: sec(60), Want: []string{"The order “housing”: ben, cy.", "🎙 ben has the floor (2:00)."}},
			{At: sec(61), Do: in(dan), Err: ErrSignUpClosed, Want: []string{"The sign-up for this round has closed."}},
			{At: sec(149)},
			{At: sec(150), Want: []string{"30 seconds left."}},
			{At: sec(180), Want: []string{"Time — thank you, ben.", "10 seconds of silence."}},
			{At: sec(190), Want: []string{"🎙 cy has the floor (2:00)."}},
			{At: sec(310), Want: []string{"30 seconds left.", "Time — thank you, cy.", lines(
				"The round “housing” is over:", "1. ben — 2:00", "2. cy — 2:00", "Spoke: 2 · passed: 0 · time used: 4:00.")}},
			{At: sec(311), Do: in(dan), Err: ErrNoRound},
		}},
		{"nobody signs up", []step{
			{At: 0, Do: start(spec(nil)), Want: []string{"Listening round: say !in within 1 minute to take part."}},
			{At: sec(60), Want: []string{"Nobody signed up, so there is no round."}},
			{At: sec(61), Do: in(ben), Err: ErrNoRound},
		}},
		{"done early, only by the speaker", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(5), Do: done(ben), Err: ErrNotSpeaker, Want: []string{"Only ana holds the floor now."}},
			{At: sec(20), Do: done(ana), Want: []string{"Thank you, ana.", "10 seconds of silence."}},
			{At: sec(30), Want: []string{"🎙 ben has the floor (1:00)."}},
			{At: sec(90), Want: []string{"30 seconds left.", "Time — thank you, ben.", lines(
				"The round is over:", "1. ana — 0:20", "2. ben — 1:00", "Spoke: 2 · passed: 0 · time used: 1:20.")}},
		}},
		{"pass and second chance", []step{
			{At: 0, Do: start(spec(func(sp *Spec) {
				sp.With, sp.Each, sp.Pause, sp.SecondChance = []Member{ana, ben, cy}, sec(30), sec(5), true
			})), Want: []string{"The order: ana, ben, cy.", "🎙 ana has the floor (0:30)."}},
			{At: sec(3), Do: pass(ana), Want: []string{
				"ana passes for now; the floor comes back to them at the end.", "🎙 ben has the floor (0:30)."}},
			{At: sec(10), Do: done(ben), Want: []string{"Thank you, ben.", "5 seconds of silence."}},
			{At: sec(12), Do: done(ben), Err: ErrNoFloor, Want: []string{"Nobody holds the floor now: this is the pause before cy's turn."}},
			{At: sec(12), Do: pass(ben), Err: ErrNoFloor},
			{At: sec(15), Want: []string{"🎙 cy has the floor (0:30)."}},
			{At: sec(20), Do: pass(cy), Want: []string{
				"cy passes for now; the floor comes back to them at the end.", "🎙 ana has the floor again (0:30)."}},
			{At: sec(25), Do: done(ana), Want: []string{"Thank you, ana.", "5 seconds of silence."}},
			{At: sec(30), Want: []string{"🎙 cy has the floor again (0:30)."}},
			{At: sec(31), Do: pass(cy), Want: []string{"cy passes.", lines("The round is over:",
				"1. ana — 0:08 (after passing once)", "2. ben — 0:07", "3. cy — passed", "Spoke: 2 · passed: 1 · time used: 0:21.")}},
		}},
		{"pass without second chance", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(1), Do: pass(ana), Want: []string{"ana passes.", "🎙 ben has the floor (1:00)."}},
			{At: sec(2), Do: pass(ben), Want: []string{"ben passes.", lines("The round is over:",
				"1. ana — passed", "2. ben — passed", "Spoke: 0 · passed: 2 · time used: 0:02.")}},
		}},
		{"skip the speaker, then stop", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(5), Do: skip, Want: []string{"Moving on from ana.", "🎙 ben has the floor (1:00)."}},
			{At: sec(10), Do: stop, Want: []string{lines("The round is over (stopped early):",
				"1. ana — skipped", "2. ben — 0:05", "Spoke: 1 · passed: 0 · time used: 0:10.")}},
			{At: sec(11), Do: stop, Err: ErrNoRound},
		}},
		{"skip closes the sign-up and cuts the pause", []step{
			{At: 0, Do: start(spec(nil)), Want: []string{"Listening round: say !in within 1 minute to take part."}},
			{At: sec(1), Do: in(ana), Want: []string{"ana is in (1 so far)."}},
			{At: sec(1), Do: in(ben), Want: []string{"ben is in (2 so far)."}},
			{At: sec(2), Do: skip, Want: []string{"The order: ana, ben.", "🎙 ana has the floor (2:00)."}},
			{At: sec(10), Do: done(ana), Want: []string{"Thank you, ana.", "10 seconds of silence."}},
			{At: sec(12), Do: skip, Want: []string{"🎙 ben has the floor (2:00)."}},
			{At: sec(60), Do: stop, Want: []string{lines("The round is over (stopped early):",
				"1. ana — 0:08", "2. ben — 0:48", "Spoke: 2 · passed: 0 · time used: 0:56.")}},
		}},
		{"extend once per turn", []step{
			{At: 0, Do: start(spec(with(ana))), Want: []string{"The order: ana.", "🎙 ana has the floor (1:00)."}},
			{At: sec(20), Do: extend(time.Minute), Want: []string{"ana gets 1 minute more (1:40 left)."}},
			{At: sec(45), Do: extend(sec(30)), Err: ErrAlreadyExtended, Want: []string{"ana's turn was already extended once."}},
			{At: sec(89)},
			{At: sec(90), Want: []string{"30 seconds left."}},
			{At: sec(120), Want: []string{"Time — thank you, ana.", lines("The round is over:", "1. ana — 2:00", "Spoke: 1 · passed: 0 · time used: 2:00.")}},
		}},
		{"extend out of range", []step{
			{At: 0, Do: start(spec(with(ana))), Want: []string{"The order: ana.", "🎙 ana has the floor (1:00)."}},
			{At: sec(1), Do: extend(sec(5)), Err: ErrOutOfRange, Want: []string{"An extension must be between 10 seconds and 30 minutes (got 5 seconds)."}},
			{At: sec(1), Do: extend(31 * time.Minute), Err: ErrOutOfRange},
		}},
		{"pause and resume keep the time left", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(20), Do: hold, Want: []string{"The round is paused; ana keeps 0:40."}},
			{At: sec(25), Do: hold, Err: ErrAlreadyPaused},
			{At: sec(500)},
			{At: sec(500), Do: resume, Want: []string{"The round goes on: ana has the floor (0:40 left)."}},
			{At: sec(501), Do: resume, Err: ErrNotPaused},
			{At: sec(510), Want: []string{"30 seconds left."}},
			{At: sec(540), Want: []string{"Time — thank you, ana.", "10 seconds of silence."}},
			{At: sec(545), Do: hold, Want: []string{"The round is paused."}},
			{At: sec(600), Do: resume, Want: []string{"The round goes on."}},
			{At: sec(605), Want: []string{"🎙 ben has the floor (1:00)."}},
			{At: sec(606), Do: stop, Want: []string{lines("The round is over (stopped early):",
				"1. ana — 1:00", "2. ben — 0:01", "Spoke: 2 · passed: 0 · time used: 1:01.")}},
		}},
		{"extend while paused", []step{
			{At: 0, Do: start(spec(with(ana))), Want: []string{"The order: ana.", "🎙 ana has the floor (1:00)."}},
			{At: sec(50), Want: []string{"30 seconds left."}},
			{At: sec(55), Do: hold, Want: []string{"The round is paused; ana keeps 0:05."}},
			{At: sec(70), Do: extend(time.Minute), Want: []string{"ana gets 1 minute more (1:05 left)."}},
			{At: sec(80), Do: resume, Want: []string{"The round goes on: ana has the floor (1:05 left)."}},
			{At: sec(145), Want: []string{"Time — thank you, ana.", lines("The round is over:", "1. ana — 2:00", "Spoke: 1 · passed: 0 · time used: 2:00.")}},
		}},
		{"stop while paused between turns", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(29), Do: done(ana), Want: []string{"Thank you, ana.", "10 seconds of silence."}},
			{At: sec(35), Do: stop, Want: []string{lines("The round is over (stopped early):",
				"1. ana — 0:29", "2. ben — did not get a turn", "Spoke: 1 · passed: 0 · time used: 0:29.")}},
		}},
		{"--quiet reports once per member", []step{
			{At: 0, Do: start(spec(func(sp *Spec) { sp.With, sp.Quiet = []Member{ana, ben}, true })),
				Want: []string{"The order: ana, ben.", "🎙 ana has the floor (2:00)."}},
			{At: sec(1), Do: talk(ana)},
			{At: sec(2), Do: talk(ben), Want: []string{"ben, please hold your words until it is your turn: this is a listening round."}},
			{At: sec(3), Do: talk(ben)},
			{At: sec(4), Do: talk(cy), Want: []string{"cy, please hold your words until it is your turn: this is a listening round."}},
		}},
		{"talk without --quiet is not reported", []step{
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(2), Do: talk(ben)},
		}},
		{"refused starts", []step{
			{At: 0, Do: start(spec(func(sp *Spec) { sp.Each = sec(5) })), Err: ErrOutOfRange,
				Want: []string{"Each turn must be between 10 seconds and 30 minutes (got 5 seconds)."}},
			{At: 0, Do: start(spec(func(sp *Spec) { sp.Each = 31 * time.Minute })), Err: ErrOutOfRange},
			{At: 0, Do: start(spec(func(sp *Spec) { sp.Pause = 6 * time.Minute })), Err: ErrOutOfRange,
				Want: []string{"The pause between turns must be between 0 seconds and 5 minutes (got 6 minutes)."}},
			{At: 0, Do: start(spec(func(sp *Spec) { sp.Order = "loudest" })), Err: ErrBadOrder,
				Want: []string{"“loudest” is not an order: use joined, random or least-heard."}},
			{At: 0, Do: start(spec(func(sp *Spec) { sp.With = []Member{ana, ben, {ID: ana.ID, Name: "Ana B."}} })), Err: ErrDuplicate,
				Want: []string{"Ana B. is named twice in --with."}},
			{At: 0, Do: start(spec(with(ana, ben))), Want: []string{"The order: ana, ben.", "🎙 ana has the floor (1:00)."}},
			{At: sec(1), Do: start(spec(nil)), Err: ErrRoundRunning, Want: []string{"A round is already running: finish it or stop it first."}},
			{At: sec(1), Do: in(cy), Err: ErrSignUpClosed, Want: []string{"This round has a fixed list of speakers: ask the facilitator to add you."}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { newSim(t).play(tt.steps) })
	}
}

func TestOrders(t *testing.T) {
	ms := []Member{ana, ben, cy, dan}
	past := map[string]time.Duration{ana.ID: 5 * time.Minute, cy.ID: time.Minute}
	ids := func(ms []Member) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.Name
		}
		return out
	}
	if got := ids(arrange(ms, OrderLeastHeard, 0, past)); !slices.Equal(got, []string{"ben", "dan", "cy", "ana"}) {
		t.Errorf("least-heard order = %v", got)
	}
	if got := ids(arrange(ms, OrderJoined, 7, past)); !slices.Equal(got, []string{"ana", "ben", "cy", "dan"}) {
		t.Errorf("joined order = %v", got)
	}
	first := ids(arrange(ms, OrderRandom, 42, nil))
	if again := ids(arrange(ms, OrderRandom, 42, nil)); !slices.Equal(first, again) {
		t.Errorf("the same seed gave %v then %v", first, again)
	}
	differs := false
	for seed := range int64(20) {
		differs = differs || !slices.Equal(first, ids(arrange(ms, OrderRandom, seed, nil)))
	}
	if !differs {
		t.Error("twenty seeds all gave the same order")
	}
	if !slices.Equal(ids(ms), []string{"ana", "ben", "cy", "dan"}) {
		t.Error("arrange changed its input")
	}
}

func TestParseOrder(t *testing.T) {
	tests := []struct {
		in   string
		want Order
		err  bool
	}{
		{"joined", OrderJoined, false},
		{" RANDOM ", OrderRandom, false},
		{"least-heard", OrderLeastHeard, false},
		{"least_heard", OrderLeastHeard, false},
		{"loud\u202eest", "", true},
	}
	for _, tt := range tests {
		got, err := ParseOrder(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseOrder(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrBadOrder) {
			t.Errorf("ParseOrder(%q) error %v is not ErrBadOrder", tt.in, err)
		}
	}
}

// A round records what each member said in the meeting's participation.
func TestRoundFeedsParticipation(t *testing.T) {
	h := newSim(t)
	h.play([]step{
		{At: 0, Do: start(spec(func(sp *Spec) { sp.With, sp.Each, sp.Pause = []Member{ana, ben, cy}, time.Minute, 0 })),
			Want: []string{"The order: ana, ben, cy.", "🎙 ana has the floor (1:00)."}},
		{At: sec(29), Do: done(ana), Want: []string{"Thank you, ana.", "🎙 ben has the floor (1:00)."}},
		{At: sec(30), Do: pass(ben), Want: []string{"ben passes.", "🎙 cy has the floor (1:00)."}},
	})
	want := []Tally{{Member: ana, Turns: 1, Time: sec(29)}, {Member: ben, Time: sec(1)}, {Member: cy}}
	if !slices.Equal(h.s.Heard, want) {
		t.Errorf("heard = %+v, want %+v", h.s.Heard, want)
	}
}

func TestListening(t *testing.T) {
	quiet, _ := State{}.Start(t0, spec(func(sp *Spec) { sp.Quiet = true }))
	quietRunning, _ := State{}.Start(t0, spec(func(sp *Spec) { sp.Quiet, sp.With = true, []Member{ana} }))
	loud, _ := State{}.Start(t0, spec(func(sp *Spec) { sp.With = []Member{ana} }))
	hush, _ := State{}.StartSilence(t0, sec(10), ana)
	tests := []struct {
		name string
		s    State
		want bool
	}{
		{"nothing", State{}, false},
		{"--quiet during the sign-up", quiet.State, false},
		{"--quiet with a speaker", quietRunning.State, true},
		{"a round without --quiet", loud.State, false},
		{"a silence", hush.State, true},
	}
	for _, tt := range tests {
		if got := tt.s.Listening(); got != tt.want {
			t.Errorf("%s: Listening() = %v, want %v", tt.name, got, tt.want)
		}
	}
}
