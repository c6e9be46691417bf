package round

import (
	"cmp"
	"slices"
	"time"

	"folkmoot/words"
)

// Queue is the speaking queue (the stack): raised hands waiting for the floor.
type Queue struct {
	Hands []Hand `json:"hands,omitempty"` // in the order raised
	// Progressive puts those who have spoken least this meeting first (by turns, then time).
	Progressive bool `json:"progressive,omitempty"`
	// NoDirect turns direct responses off.
	NoDirect bool          `json:"no_direct,omitempty"`
	Each     time.Duration `json:"each,omitempty"` // per-turn timer; 0 = untimed
	Speaker  *QueueTurn    `json:"speaker,omitempty"`
	// DirectUsed lists who made their direct response on this topic.
	DirectUsed []string `json:"direct_used,omitempty"`
	Seq        int      `json:"seq"` // hands raised so far, so ties keep hand-raise order
}

// Hand is one raised hand.
type Hand struct {
	Member Member `json:"member"`
	Note   string `json:"note,omitempty"`
	Seq    int    `json:"seq"`
	Direct bool   `json:"direct,omitempty"` // a direct response: goes ahead of the others
}

// QueueTurn is the floor given from the queue.
type QueueTurn struct {
	Member Member    `json:"member"`
	Since  time.Time `json:"since"`
	Due    time.Time `json:"due,omitzero"` // zero when untimed
	Warned bool      `json:"warned,omitempty"`
}

// Place is one waiting hand in the order the floor will go, with what explains it.
type Place struct {
	Hand
	Turns int           // turns spoken this meeting
	Time  time.Duration // time spoken this meeting
}

func (q Queue) next() time.Time {
	switch {
	case q.Speaker == nil || q.Speaker.Due.IsZero():
		return time.Time{}
	case !q.Speaker.Warned:
		return q.Speaker.Due.Add(-WarnBefore)
	}
	return q.Speaker.Due
}

// Places is the queue in the order the floor will go: direct responses first (in the order
// raised); then, in progressive mode, fewest turns this meeting, then least time; ties and
// the plain mode keep hand-raise order.
func (s State) Places() []Place {
	out := make([]Place, len(s.Queue.Hands))
	for i, h := range s.Queue.Hands {
		out[i] = Place{Hand: h}
		if j := slices.IndexFunc(s.Heard, func(t Tally) bool { return t.Member.ID == h.Member.ID }); j >= 0 {
			out[i].Turns, out[i].Time = s.Heard[j].Turns, s.Heard[j].Time
		}
	}
	slices.SortStableFunc(out, func(a, b Place) int {
		if a.Direct != b.Direct {
			if a.Direct {
				return -1
			}
			return 1
		}
		if s.Queue.Progressive && !a.Direct {
			if c := cmp.Compare(a.Turns, b.Turns); c != 0 {
				return c
			}
			if c := cmp.Compare(a.Time, b.Time); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	return out
}

// Raise puts up a member's hand with an optional note; direct marks a direct response,
// which goes ahead of the others once per member per topic.
func (s State) Raise(now time.Time, m Member, note string, direct bool) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.raise(m, note, direct))
}

func (o *op) raise(m Member, note string, direct bool) error {
	q := &o.s.Queue
	who := name(m)
	switch {
	case slices.ContainsFunc(q.Hands, func(h Hand) bool { return h.Member.ID == m.ID }):
		return refuse(CodeAlreadyQueued, func(l *words.Lang) string { return l.Say("round.refused.already_queued", "Who", who) })
	case direct && q.NoDirect:
		return refuse(CodeDirectOff, func(l *words.Lang) string { return l.Say("round.refused.direct_off") })
	case direct && slices.Contains(q.DirectUsed, m.ID):
		return refuse(CodeDirectUsed, func(l *words.Lang) string { return l.Say("round.refused.direct_used", "Who", who) })
	}
	q.Seq++
	q.Hands = append(q.Hands, Hand{Member: m, Note: clip(note, MaxNote), Seq: q.Seq, Direct: direct})
	if direct {
		q.DirectUsed = append(q.DirectUsed, m.ID)
	}
	o.s.tally(m)
	place := slices.IndexFunc(o.s.Places(), func(p Place) bool { return p.Member.ID == m.ID }) + 1
	o.say(Event{Kind: Raised, Member: m, Note: clip(note, MaxNote), Count: place, Direct: direct})
	return nil
}

// Lower takes a member's hand down.
func (s State) Lower(now time.Time, m Member) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.lower(m))
}

func (o *op) lower(m Member) error {
	q := &o.s.Queue
	i := slices.IndexFunc(q.Hands, func(h Hand) bool { return h.Member.ID == m.ID })
	if i < 0 {
		who := name(m)
		return refuse(CodeNotQueued, func(l *words.Lang) string { return l.Say("round.refused.not_queued", "Who", who) })
	}
	o.say(Event{Kind: Lowered, Member: q.Hands[i].Member})
	q.Hands = slices.Delete(q.Hands, i, i+1)
	return nil
}

// Next ends the current queue turn and gives the floor to the first in Places, timed
// when the queue has a per-turn timer.
func (s State) Next(now time.Time) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.queueNext())
}

func (o *op) queueNext() error {
	q := &o.s.Queue
	if o.s.Round != nil {
		return refuse(CodeBusy, func(l *words.Lang) string { return l.Say("round.refused.queue_waits") })
	}
	if o.s.Silence != nil {
		return refuse(CodeSilenceRunning, func(l *words.Lang) string { return l.Say("round.refused.silence_before_queue") })
	}
	if q.Speaker == nil && len(q.Hands) == 0 {
		return refuse(CodeQueueEmpty, func(l *words.Lang) string { return l.Say("round.refused.queue_empty") })
	}
	if q.Speaker != nil {
		m := q.Speaker.Member
		o.endQueueTurn(o.now)
		o.say(Event{Kind: Thanks, Member: m})
	}
	if len(q.Hands) == 0 {
		o.say(Event{Kind: QueueEmpty})
		return nil
	}
	first := o.s.Places()[0]
	q.Hands = slices.DeleteFunc(q.Hands, func(h Hand) bool { return h.Seq == first.Seq })
	q.Speaker = &QueueTurn{Member: first.Member, Since: o.now, Warned: q.Each <= WarnBefore}
	if q.Each > 0 {
		q.Speaker.Due = o.now.Add(q.Each)
	}
	o.say(Event{Kind: Floor, Member: first.Member, Duration: q.Each, Note: first.Note, Direct: first.Direct})
	return nil
}

// endQueueTurn records the queue speaker's time and frees the floor.
func (o *op) endQueueTurn(at time.Time) {
	q := &o.s.Queue
	o.s.heard(q.Speaker.Member, at.Sub(q.Speaker.Since), true)
	q.Speaker = nil
}

// queueDone ends the queue turn at the speaker's word.
func (o *op) queueDone(by Member) error {
	q := &o.s.Queue
	switch {
	case q.Speaker == nil:
		return errNoFloor()
	case q.Speaker.Member.ID != by.ID:
		return errOnly(q.Speaker.Member)
	}
	m, used := q.Speaker.Member, o.now.Sub(q.Speaker.Since)
	o.endQueueTurn(o.now)
	o.say(Event{Kind: Thanks, Member: m, Used: used})
	return nil
}

// advanceQueue says the warning and ends a timed queue turn when due.
func (o *op) advanceQueue() {
	q := &o.s.Queue
	for sp := q.Speaker; sp != nil && !sp.Due.IsZero() && !o.now.Before(q.next()); sp = q.Speaker {
		if !sp.Warned && o.now.Before(sp.Due) {
			sp.Warned = true
			o.say(Event{Kind: Warning, Member: sp.Member, Left: sp.Due.Sub(o.now)})
			continue
		}
		o.endQueueTurn(sp.Due)
		o.say(Event{Kind: Time, Member: sp.Member})
	}
}

// SetMode turns progressive order and direct responses on or off.
func (s State) SetMode(now time.Time, progressive, direct bool) Result {
	o := begin(s, now)
	o.s.Queue.Progressive, o.s.Queue.NoDirect = progressive, !direct
	o.say(Event{Kind: ModeChanged, Progressive: progressive, Direct: direct})
	r, _ := o.done()
	return r
}

// SetTimer sets the queue's per-turn timer for the turns to come; 0 turns it off.
func (s State) SetTimer(now time.Time, d time.Duration) (Result, error) {
	o := begin(s, now)
	if d != 0 && (d < MinEach || d > MaxEach) {
		return o.finish(s, outOfRange("round.refused.queue_timer_range", MinEach, MaxEach, d))
	}
	o.s.Queue.Each = d
	o.say(Event{Kind: TimerSet, Duration: d})
	return o.done()
}

// NewTopic opens direct responses again for everyone.
func (s State) NewTopic(now time.Time) Result {
	o := begin(s, now)
	o.s.Queue.DirectUsed = nil
	o.say(Event{Kind: NewTopic})
	r, _ := o.done()
	return r
}

// Clear lowers every hand; the speaker keeps the floor.
func (s State) Clear(now time.Time) Result {
	o := begin(s, now)
	o.say(Event{Kind: Cleared, Count: len(o.s.Queue.Hands)})
	o.s.Queue.Hands = nil
	r, _ := o.done()
	return r
}
