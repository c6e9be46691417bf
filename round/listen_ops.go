package round

import (
	"slices"
	"time"

	"folkmoot/words"
)

// The refusals several operations share.

func errNoRound() *Error {
	return refuse(CodeNoRound, func(l *words.Lang) string { return l.Say("round.refused.no_round") })
}

func errNoFloor() *Error {
	return refuse(CodeNoFloor, func(l *words.Lang) string { return l.Say("round.refused.no_floor") })
}

// errOnly refuses someone other than sp, who holds the floor.
func errOnly(sp Member) *Error {
	who := name(sp)
	return refuse(CodeNotSpeaker, func(l *words.Lang) string { return l.Say("round.refused.only", "Who", who) })
}

// rangeIDs are the refusals of a length out of its bounds (words_test checks them).
var rangeIDs = []string{"round.refused.each_range", "round.refused.pause_range", "round.refused.signup_range",
	"round.refused.extend_range", "round.refused.queue_timer_range", "round.refused.silence_range"}

// outOfRange refuses a length got outside lo..hi; id, one of rangeIDs, words it with Min,
// Max and Got.
func outOfRange(id string, lo, hi, got time.Duration) *Error {
	return refuse(CodeOutOfRange, func(l *words.Lang) string {
		return l.Say(id, "Min", Prose(l, lo), "Max", Prose(l, hi), "Got", Prose(l, got))
	})
}

// floorHolder checks that the round exists and that by holds its floor.
func (o *op) floorHolder(by Member) error {
	r := o.s.Round
	if r == nil {
		return errNoRound()
	}
	sp, ok := r.Speaker()
	switch {
	case !ok && r.Phase == PhaseBetween:
		who := name(r.Slots[r.Pos].Member)
		return refuse(CodeNoFloor, func(l *words.Lang) string { return l.Say("round.refused.pause_before", "Who", who) })
	case !ok:
		return errNoFloor()
	case sp.ID != by.ID:
		return errOnly(sp)
	}
	return nil
}

// roundDone ends the speaker's turn early at their own word.
func (o *op) roundDone(by Member) error {
	if err := o.floorHolder(by); err != nil {
		return err
	}
	r := o.s.Round
	o.endTurn(Spoke, o.now)
	sl := r.Slots[r.Pos]
	o.say(Event{Kind: Thanks, Member: sl.Member, Used: sl.Used})
	o.moveOn(true)
	return nil
}

// Pass lets the member who holds the floor pass; with --second-chance they are offered the
// floor again at the end, once.
func (s State) Pass(now time.Time, by Member) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.pass(by))
}

func (o *op) pass(by Member) error {
	if err := o.floorHolder(by); err != nil {
		return err
	}
	r := o.s.Round
	o.endTurn(PassedTurn, o.now)
	sl := r.Slots[r.Pos]
	o.say(Event{Kind: Passed, Member: sl.Member, Second: r.SecondChance && !sl.Second})
	o.moveOn(false)
	return nil
}

// Skip is the facilitator's next: it closes the sign-up early, moves past the speaker, or
// cuts the pause short. The feature checks who may facilitate.
func (s State) Skip(now time.Time) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.skip())
}

func (o *op) skip() error {
	r := o.s.Round
	if r == nil {
		return errNoRound()
	}
	switch r.Phase {
	case PhaseSignUp:
		r.Held, r.Left = false, 0
		o.closeSignUp()
	case PhaseBetween:
		o.startTurn()
	case PhaseSpeaking:
		o.endTurn(SkippedBy, o.now)
		o.say(Event{Kind: Skipped, Member: r.Slots[r.Pos].Member})
		o.moveOn(false)
	}
	return nil
}

// Extend gives the speaker more time, once per turn.
func (s State) Extend(now time.Time, d time.Duration) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.extend(d))
}

func (o *op) extend(d time.Duration) error {
	r := o.s.Round
	if d < MinExtend || d > MaxExtend {
		return outOfRange("round.refused.extend_range", MinExtend, MaxExtend, d)
	}
	if r == nil {
		return errNoRound()
	}
	sp, ok := r.Speaker()
	switch {
	case !ok:
		return refuse(CodeNoFloor, func(l *words.Lang) string { return l.Say("round.refused.no_turn_to_extend") })
	case r.Extended:
		who := name(sp)
		return refuse(CodeAlreadyExtended, func(l *words.Lang) string { return l.Say("round.refused.already_extended", "Who", who) })
	}
	r.Extended = true
	if r.Held {
		r.Left += d
	} else {
		r.Due = r.Due.Add(d)
	}
	o.say(Event{Kind: Extended, Member: sp, Duration: d, Left: r.remaining(o.now)})
	return nil
}

// remaining is the time left in the current phase.
func (r *Round) remaining(now time.Time) time.Duration {
	if r.Held {
		return r.Left
	}
	return max(r.Due.Sub(now), 0)
}

// Hold pauses the round (the facilitator's pause): the time left of the turn, the pause or
// the sign-up is kept until Resume.
func (s State) Hold(now time.Time) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.hold())
}

func (o *op) hold() error {
	r := o.s.Round
	switch {
	case r == nil:
		return errNoRound()
	case r.Held:
		return refuse(CodeAlreadyPaused, func(l *words.Lang) string { return l.Say("round.refused.already_paused") })
	}
	sp, speaking := r.Speaker()
	if speaking {
		r.Slots[r.Pos].Used += max(o.now.Sub(r.Since), 0)
	}
	r.Left, r.Held = r.remaining(o.now), true
	o.say(Event{Kind: Held, Member: sp, Left: r.Left})
	return nil
}

// Resume goes on after Hold with the time that was left.
func (s State) Resume(now time.Time) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.resume())
}

func (o *op) resume() error {
	r := o.s.Round
	switch {
	case r == nil:
		return errNoRound()
	case !r.Held:
		return refuse(CodeNotPaused, func(l *words.Lang) string { return l.Say("round.refused.not_paused") })
	}
	sp, _ := r.Speaker()
	r.Held, r.Due, r.Since = false, o.now.Add(r.Left), o.now
	o.say(Event{Kind: Resumed, Member: sp, Left: r.Left})
	r.Left = 0
	return nil
}

// Stop ends the round now with its summary; the speaker's time so far counts.
func (s State) Stop(now time.Time) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.stop())
}

func (o *op) stop() error {
	r := o.s.Round
	if r == nil {
		return errNoRound()
	}
	if r.Phase == PhaseSpeaking {
		o.endTurn(Spoke, o.now)
	}
	o.finishRound(true)
	return nil
}

// talkRound reports, under --quiet, a member talking during someone else's turn or the
// pause between turns, once per round.
func (o *op) talkRound(m Member) {
	r := o.s.Round
	if r == nil || !r.Quiet || r.Phase == PhaseSignUp || slices.Contains(r.Quieted, m.ID) {
		return
	}
	if sp, ok := r.Speaker(); ok && sp.ID == m.ID {
		return
	}
	r.Quieted = append(r.Quieted, m.ID)
	o.say(Event{Kind: Interrupted, Member: m})
}
