package round

import (
	"slices"
	"time"
)

// floorHolder checks that the round exists and that by holds its floor.
func (o *op) floorHolder(by Member) error {
	r := o.s.Round
	if r == nil {
		return refuse(CodeNoRound, "No listening round is running.")
	}
	sp, ok := r.Speaker()
	switch {
	case !ok && r.Phase == PhaseBetween:
		return refuse(CodeNoFloor, "Nobody holds the floor now: this is the pause before %s's turn.", name(r.Slots[r.Pos].Member))
	case !ok:
		return refuse(CodeNoFloor, "Nobody holds the floor now.")
	case sp.ID != by.ID:
		return refuse(CodeNotSpeaker, "Only %s holds the floor now.", name(sp))
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
		return refuse(CodeNoRound, "No listening round is running.")
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
		return refuse(CodeOutOfRange, "An extension must be between %s and %s (got %s).", Prose(MinExtend), Prose(MaxExtend), Prose(d))
	}
	if r == nil {
		return refuse(CodeNoRound, "No listening round is running.")
	}
	sp, ok := r.Speaker()
	switch {
	case !ok:
		return refuse(CodeNoFloor, "Nobody holds the floor now, so there is no turn to extend.")
	case r.Extended:
		return refuse(CodeAlreadyExtended, "%s's turn was already extended once.", name(sp))
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
		return refuse(CodeNoRound, "No listening round is running.")
	case r.Held:
		return refuse(CodeAlreadyPaused, "The round is already paused: say resume to go on.")
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
		return refuse(CodeNoRound, "No listening round is running.")
	case !r.Held:
		return refuse(CodeNotPaused, "The round is not paused.")
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
		return refuse(CodeNoRound, "No listening round is running.")
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
