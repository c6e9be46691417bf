package round

import "time"

// Restore is Tick after a restart: a turn still running is announced with the time it has
// left (its warning, if its time passed while the bot was away, is folded into that and
// never said later); a turn or silence that ran out while the bot was away is said so
// plainly, then the round moves on as it would have. A warning already said is never said
// again, since the state remembers it.
func (s State) Restore(now time.Time) Result {
	o := &op{s: s.clone(), now: now}
	if r := o.s.Round; r != nil && !r.Held && r.Phase == PhaseSpeaking {
		sp, _ := r.Speaker()
		if now.Before(r.Due) {
			if !now.Before(r.Due.Add(-WarnBefore)) {
				r.Warned = true
			}
			o.say(Event{Kind: Back, Member: sp, Left: r.Due.Sub(now)})
		} else {
			o.endTurn(Spoke, r.Due)
			o.say(Event{Kind: Time, Member: sp, Late: true})
			o.moveOn(true)
		}
	}
	if q := &o.s.Queue; q.Speaker != nil && !q.Speaker.Due.IsZero() {
		sp := q.Speaker
		if now.Before(sp.Due) {
			if !now.Before(sp.Due.Add(-WarnBefore)) {
				sp.Warned = true
			}
			o.say(Event{Kind: Back, Member: sp.Member, Left: sp.Due.Sub(now)})
		} else {
			o.endQueueTurn(sp.Due)
			o.say(Event{Kind: Time, Member: sp.Member, Late: true})
		}
	}
	if sl := o.s.Silence; sl != nil && !now.Before(sl.Until) {
		o.s.Silence = nil
		o.say(Event{Kind: SilenceOver, Late: true})
	}
	o.advance()
	r, _ := o.done()
	return r
}
