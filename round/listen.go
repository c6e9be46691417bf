package round

import (
	"cmp"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"folkmoot/words"
)

// Order is how a round's speaking order is fixed when the sign-up closes.
type Order string

// The orders.
const (
	OrderJoined     Order = "joined"      // in the order people said !in (or were named in --with)
	OrderRandom     Order = "random"      // shuffled by Spec.Seed, so the same seed gives the same order
	OrderLeastHeard Order = "least-heard" // least past speaking time first (Spec.Past), ties by joining
)

// ParseOrder reads an order name as typed (any case).
func ParseOrder(s string) (Order, error) {
	switch o := Order(strings.ToLower(strings.TrimSpace(s))); o {
	case OrderJoined, OrderRandom, OrderLeastHeard:
		return o, nil
	case "least_heard", "leastheard":
		return OrderLeastHeard, nil
	}
	typed := inert(s, 30)
	return "", refuse(CodeBadOrder, func(l *words.Lang) string { return l.Say("round.refused.bad_order", "Typed", typed) })
}

// Spec is a round as asked for with !round. Start from DefaultSpec: a zero Pause means
// no pause between turns.
type Spec struct {
	Topic       string
	Facilitator Member                   // who started it; the feature decides who else may facilitate
	Each        time.Duration            // each speaker's turn, MinEach to MaxEach
	Pause       time.Duration            // silence between turns, 0 to MaxPause
	SignUp      time.Duration            // the sign-up window when With is empty
	Order       Order                    // none means OrderJoined
	Seed        int64                    // fixes the OrderRandom order
	Past        map[string]time.Duration // past speaking per member ID, for OrderLeastHeard
	With        []Member                 // a fixed list of speakers: no sign-up
	// SecondChance offers the floor once more, at the end, to those who passed.
	SecondChance bool
	// Quiet reports, once per member, talking during someone else's turn.
	Quiet bool
}

// DefaultSpec is the round that a bare !round asks for.
func DefaultSpec() Spec {
	return Spec{Each: DefaultEach, Pause: DefaultPause, SignUp: DefaultSignUp, Order: OrderJoined}
}

// Phase is where a round stands.
type Phase string

// The phases of a round.
const (
	PhaseSignUp   Phase = "signup"   // members say !in until Due
	PhaseSpeaking Phase = "speaking" // Slots[Pos] holds the floor until Due
	PhaseBetween  Phase = "between"  // the pause before Slots[Pos] speaks, until Due
)

// Outcome is how a slot in the speaking order went.
type Outcome string

// The outcomes of a slot; the zero Outcome is a turn not yet had.
const (
	Spoke      Outcome = "spoke"
	PassedTurn Outcome = "passed"
	SkippedBy  Outcome = "skipped"
)

// Slot is one place in the speaking order; second chances are slots appended at the end.
type Slot struct {
	Member  Member        `json:"member"`
	Second  bool          `json:"second,omitempty"`
	Outcome Outcome       `json:"outcome,omitempty"`
	Used    time.Duration `json:"used,omitempty"`
}

// Round is a listening round in progress.
type Round struct {
	Topic        string                   `json:"topic,omitempty"`
	Facilitator  Member                   `json:"facilitator"`
	Each         time.Duration            `json:"each"`
	Pause        time.Duration            `json:"pause"`
	Order        Order                    `json:"order"`
	Seed         int64                    `json:"seed,omitempty"`
	Past         map[string]time.Duration `json:"past,omitempty"`
	SecondChance bool                     `json:"second_chance,omitempty"`
	Quiet        bool                     `json:"quiet,omitempty"`
	Fixed        bool                     `json:"fixed,omitempty"` // started --with: no sign-up
	Started      time.Time                `json:"started"`
	Phase        Phase                    `json:"phase"`
	Due          time.Time                `json:"due"`
	Held         bool                     `json:"held,omitempty"` // paused: Left is what remained of Due
	Left         time.Duration            `json:"left,omitempty"`
	Members      []Member                 `json:"members,omitempty"` // in sign-up order
	Slots        []Slot                   `json:"slots,omitempty"`
	Pos          int                      `json:"pos"`
	Since        time.Time                `json:"since"`              // when the speaker's running stretch began
	Warned       bool                     `json:"warned,omitempty"`   // the warning was said, or the turn is too short for one
	Extended     bool                     `json:"extended,omitempty"` // this turn was extended
	SecondsAdded bool                     `json:"seconds_added,omitempty"`
	Quieted      []string                 `json:"quieted,omitempty"` // reported under --quiet
}

// Speaker is who holds the floor in the round, if anyone.
func (r *Round) Speaker() (Member, bool) {
	if r == nil || r.Phase != PhaseSpeaking {
		return Member{}, false
	}
	return r.Slots[r.Pos].Member, true
}

// next is the round's next timer: the warning, else the end of the phase.
func (r *Round) next() time.Time {
	switch {
	case r == nil || r.Held:
		return time.Time{}
	case r.Phase == PhaseSpeaking && !r.Warned:
		return r.Due.Add(-WarnBefore)
	}
	return r.Due
}

func (sp Spec) validate() error {
	switch {
	case sp.Each < MinEach || sp.Each > MaxEach:
		return outOfRange("round.refused.each_range", MinEach, MaxEach, sp.Each)
	case sp.Pause < 0 || sp.Pause > MaxPause:
		return outOfRange("round.refused.pause_range", 0, MaxPause, sp.Pause)
	case len(sp.With) == 0 && (sp.SignUp < MinEach || sp.SignUp > MaxEach):
		return outOfRange("round.refused.signup_range", MinEach, MaxEach, sp.SignUp)
	}
	if _, err := ParseOrder(string(sp.Order)); err != nil && sp.Order != "" {
		return err
	}
	for i, m := range sp.With {
		if slices.ContainsFunc(sp.With[:i], func(p Member) bool { return p.ID == m.ID }) {
			who := name(m)
			return refuse(CodeDuplicate, func(l *words.Lang) string { return l.Say("round.refused.named_twice", "Who", who) })
		}
	}
	return nil
}

// Start begins a listening round: with Spec.With the first speaker gets the floor at once,
// otherwise the sign-up window opens.
func (s State) Start(now time.Time, sp Spec) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.start(sp))
}

func (o *op) start(sp Spec) error {
	if err := sp.validate(); err != nil {
		return err
	}
	if o.s.Round != nil {
		return refuse(CodeRoundRunning, func(l *words.Lang) string { return l.Say("round.refused.round_running") })
	}
	if q := o.s.Queue.Speaker; q != nil {
		who := name(q.Member)
		return refuse(CodeBusy, func(l *words.Lang) string {
			return l.Say("round.refused.queue_busy", "Who", who, "Done", commandMark+"done", "Next", commandMark+"next")
		})
	}
	if o.s.Silence != nil {
		return refuse(CodeSilenceRunning, func(l *words.Lang) string { return l.Say("round.refused.silence_before_round") })
	}
	order, err := ParseOrder(string(sp.Order))
	if err != nil {
		order = OrderJoined // none given
	}
	o.s.Round = &Round{
		Topic: clip(sp.Topic, MaxTopic), Facilitator: sp.Facilitator, Each: sp.Each, Pause: sp.Pause,
		Order: order, Seed: sp.Seed, Past: maps.Clone(sp.Past), SecondChance: sp.SecondChance, Quiet: sp.Quiet,
		Fixed: len(sp.With) > 0, Started: o.now, Members: slices.Clone(sp.With),
	}
	if len(sp.With) > 0 {
		o.closeSignUp()
		return nil
	}
	r := o.s.Round
	r.Phase, r.Due = PhaseSignUp, o.now.Add(sp.SignUp)
	o.say(Event{Kind: SignUpOpen, Duration: sp.SignUp, Topic: r.Topic})
	return nil
}

// In signs a member up for the round during the sign-up window.
func (s State) In(now time.Time, m Member) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.in(m))
}

func (o *op) in(m Member) error {
	r := o.s.Round
	switch {
	case r == nil:
		return refuse(CodeNoRound, func(l *words.Lang) string {
			return l.Say("round.refused.no_round_start", "Command", commandMark+"round")
		})
	case r.Fixed:
		return refuse(CodeSignUpClosed, func(l *words.Lang) string { return l.Say("round.refused.fixed") })
	case r.Phase != PhaseSignUp:
		return refuse(CodeSignUpClosed, func(l *words.Lang) string { return l.Say("round.refused.signup_closed") })
	case slices.ContainsFunc(r.Members, func(p Member) bool { return p.ID == m.ID }):
		who := name(m)
		return refuse(CodeAlreadyIn, func(l *words.Lang) string { return l.Say("round.refused.already_in", "Who", who) })
	}
	r.Members = append(r.Members, m)
	o.say(Event{Kind: Joined, Member: m, Count: len(r.Members)})
	return nil
}

// closeSignUp fixes the order and gives the floor to the first speaker, or cancels an
// empty round.
func (o *op) closeSignUp() {
	r := o.s.Round
	if len(r.Members) == 0 {
		o.say(Event{Kind: Cancelled, Topic: r.Topic})
		o.s.Round = nil
		return
	}
	order := arrange(r.Members, r.Order, r.Seed, r.Past)
	for _, m := range order {
		r.Slots = append(r.Slots, Slot{Member: m})
		o.s.tally(m)
	}
	r.Pos = 0
	o.say(Event{Kind: LineUp, Members: order, Topic: r.Topic})
	o.startTurn()
}

// arrange puts the members in the round's order.
func arrange(ms []Member, order Order, seed int64, past map[string]time.Duration) []Member {
	out := slices.Clone(ms)
	switch order {
	case OrderRandom:
		rng := rand.New(rand.NewPCG(uint64(seed), 0x726f756e64)) // "round"
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	case OrderLeastHeard:
		slices.SortStableFunc(out, func(a, b Member) int { return cmp.Compare(past[a.ID], past[b.ID]) })
	}
	return out
}

// startTurn gives the floor to Slots[Pos].
func (o *op) startTurn() {
	r := o.s.Round
	r.Phase, r.Held, r.Left = PhaseSpeaking, false, 0
	r.Since, r.Due = o.now, o.now.Add(r.Each)
	r.Warned, r.Extended = r.Each <= WarnBefore, false
	sl := r.Slots[r.Pos]
	o.say(Event{Kind: Floor, Member: sl.Member, Duration: r.Each, Second: sl.Second})
}

// advanceRound carries out the round's timers due by now.
func (o *op) advanceRound() {
	for {
		r := o.s.Round
		if r == nil || r.Held || o.now.Before(r.next()) {
			return
		}
		switch r.Phase {
		case PhaseSignUp:
			o.closeSignUp()
		case PhaseBetween:
			o.startTurn()
		case PhaseSpeaking:
			sp, _ := r.Speaker()
			if !r.Warned && o.now.Before(r.Due) {
				r.Warned = true
				o.say(Event{Kind: Warning, Member: sp, Left: r.Due.Sub(o.now)})
				continue
			}
			o.endTurn(Spoke, r.Due)
			o.say(Event{Kind: Time, Member: sp})
			o.moveOn(true)
		}
	}
}

// endTurn closes the speaker's slot at the given time and records what they used.
func (o *op) endTurn(out Outcome, at time.Time) {
	r := o.s.Round
	sl := &r.Slots[r.Pos]
	if !r.Held {
		sl.Used += max(at.Sub(r.Since), 0)
	}
	sl.Outcome = out
	o.s.heard(sl.Member, sl.Used, out == Spoke)
}

// moveOn goes to the next slot, through the pause when pause is set, adding the second
// chances once at the end, and finishes the round when nobody is left.
func (o *op) moveOn(pause bool) {
	r := o.s.Round
	r.Pos++
	r.Held, r.Left = false, 0
	if r.Pos >= len(r.Slots) && r.SecondChance && !r.SecondsAdded {
		r.SecondsAdded = true
		for _, sl := range slices.Clone(r.Slots) {
			if !sl.Second && sl.Outcome == PassedTurn {
				r.Slots = append(r.Slots, Slot{Member: sl.Member, Second: true})
			}
		}
	}
	if r.Pos >= len(r.Slots) {
		o.finishRound(false)
		return
	}
	if pause && r.Pause > 0 {
		r.Phase, r.Due = PhaseBetween, o.now.Add(r.Pause)
		o.say(Event{Kind: Pause, Duration: r.Pause})
		return
	}
	o.startTurn()
}

// finishRound announces the summary and forgets the round.
func (o *op) finishRound(stopped bool) {
	o.say(Event{Kind: Summary, Stopped: stopped, Report: o.s.Round.report(stopped)})
	o.s.Round = nil
}

// report sums up the round, one line per member in speaking order.
func (r *Round) report(stopped bool) *Report {
	rep := &Report{Topic: r.Topic, Stopped: stopped, Lines: []Line{}}
	for _, sl := range r.Slots {
		i := slices.IndexFunc(rep.Lines, func(l Line) bool { return l.Member.ID == sl.Member.ID })
		if i < 0 {
			rep.Lines = append(rep.Lines, Line{Member: sl.Member})
			i = len(rep.Lines) - 1
		}
		l := &rep.Lines[i]
		l.Used += sl.Used
		rep.Total += sl.Used
		switch sl.Outcome {
		case Spoke:
			l.Spoke = true
		case PassedTurn:
			l.Passed++
		case SkippedBy:
			l.Skipped = true
		default:
			l.Missed = !sl.Second
		}
	}
	return rep
}
