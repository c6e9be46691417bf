// Package round holds the rules of folkmoot's listening rounds, speaking queue and silences,
// free of chat, storage and clocks.
//
// Every operation is a method on a State value that takes the current time and returns a
// Result: the new State, the Events to announce, and when the next timer is due (zero when
// nothing is timed). The State passed in is never changed, so a refused operation leaves
// it exactly as it was. A feature stores the State as JSON, schedules one job at Result.Next,
// and calls Tick when the job fires. Tick is idempotent: a job left over from a time that
// was later moved (a turn ended early, a pause) finds nothing due and only says when the
// real next time is. After a restart, Restore says plainly what ran out while the bot was
// away, and never repeats a warning.
//
// Members are identified by ID (Matrix user ID or bare XMPP JID); Name is only shown.
//
// How the commands map: !round → Start (DefaultSpec, then the flags), !in → In, !done →
// Done, !pass → Pass; the facilitator's next, extend, pause, resume and stop → Skip,
// Extend, Hold, Resume, Stop (the feature decides who may facilitate: Round.Facilitator
// started it). The queue: raise → Raise, lower → Lower, show → Places and QueueText,
// next → Next, mode → SetMode, timer → SetTimer, new topic → NewTopic, clear → Clear.
// !silence → StartSilence. Every other message → Talk, when Listening says it may matter.
// Events are values; Text words them.
package round

import (
	"encoding/json"
	"slices"
	"time"
)

// Bounds of the times people can set, and the warning before a turn ends.
const (
	MinEach       = 10 * time.Second
	MaxEach       = 30 * time.Minute
	MaxPause      = 5 * time.Minute
	MinExtend     = 10 * time.Second
	MaxExtend     = 30 * time.Minute
	MinSilence    = 5 * time.Second
	MaxSilence    = 10 * time.Minute
	DefaultEach   = 2 * time.Minute
	DefaultPause  = 10 * time.Second
	DefaultSignUp = 60 * time.Second
	WarnBefore    = 30 * time.Second
	MaxTopic      = 200 // runes kept of a topic
	MaxNote       = 200 // runes kept of a queue note
)

// Member is someone in the room: ID identifies them, Name is how they are shown.
type Member struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Display is the name to show, the ID when there is none: inert and clipped, since a
// display name is a person's text and a feature may put it in a line of its own.
func (m Member) Display() string { return name(m) }

// State is everything the package remembers about one room; the feature stores it as JSON.
type State struct {
	Round   *Round   `json:"round,omitempty"`
	Queue   Queue    `json:"queue"`
	Silence *Silence `json:"silence,omitempty"`
	// Heard is this meeting's participation, in the order members first took part.
	Heard []Tally `json:"heard,omitempty"`
}

// Tally is one member's participation in this meeting.
type Tally struct {
	Member Member        `json:"member"`
	Turns  int           `json:"turns"`
	Time   time.Duration `json:"time"`
}

// Result is what an operation produces.
type Result struct {
	State  State
	Events []Event
	// Next is when Tick must be called; zero when nothing is timed. Never before now.
	Next time.Time
}

// clone deep-copies the state through JSON, the same path it takes through the database,
// so an operation can change its copy freely and a refused one leaves the input as it was.
func (s State) clone() State {
	b, err := json.Marshal(s)
	if err != nil {
		panic("round: state does not marshal: " + err.Error())
	}
	var c State
	if err := json.Unmarshal(b, &c); err != nil {
		panic("round: state does not unmarshal: " + err.Error())
	}
	return c
}

// op is one operation in progress: a copy of the state and the events it has said so far.
type op struct {
	s   State
	now time.Time
	ev  []Event
}

func begin(s State, now time.Time) *op {
	o := &op{s: s.clone(), now: now}
	o.advance()
	return o
}

func (o *op) say(e Event) { o.ev = append(o.ev, e) }

// advance carries out everything due at or before now, so that every timer left is after now.
func (o *op) advance() {
	o.advanceRound()
	o.advanceQueue()
	o.advanceSilence()
}

// done finishes the operation.
func (o *op) done() (Result, error) {
	return Result{State: o.s, Events: o.ev, Next: o.s.next()}, nil
}

// finish ends an operation that may have been refused: then the Result holds the state as
// it was given (orig), no events and no timer, so storing it changes nothing.
func (o *op) finish(orig State, err error) (Result, error) {
	if err != nil {
		return Result{State: orig}, err
	}
	return o.done()
}

// next is the earliest pending timer of the state, zero when nothing is timed.
func (s State) next() time.Time {
	var t time.Time
	for _, c := range []time.Time{s.Round.next(), s.Queue.next(), s.Silence.next()} {
		if !c.IsZero() && (t.IsZero() || c.Before(t)) {
			t = c
		}
	}
	return t
}

// Tick carries out whatever is due at now; the feature calls it when a scheduled job fires.
// A job that fires for a time that has since moved finds nothing to do.
func (s State) Tick(now time.Time) Result {
	r, _ := begin(s, now).done()
	return r
}

// tally finds or adds a member's participation record.
func (s *State) tally(m Member) *Tally {
	i := slices.IndexFunc(s.Heard, func(t Tally) bool { return t.Member.ID == m.ID })
	if i < 0 {
		s.Heard = append(s.Heard, Tally{Member: m})
		i = len(s.Heard) - 1
	}
	if m.Name != "" {
		s.Heard[i].Member.Name = m.Name
	}
	return &s.Heard[i]
}

// heard records a finished stretch of speaking; a pass records the member with no time.
func (s *State) heard(m Member, used time.Duration, turn bool) {
	t := s.tally(m)
	t.Time += max(used, 0)
	if turn {
		t.Turns++
	}
}

// NewMeeting forgets this meeting's participation (the queue's progressive order and
// Participation start again from nobody).
func (s State) NewMeeting() State {
	c := s.clone()
	c.Heard = nil
	return c
}

// Talk tells the package that a member said something that is not a command. During a
// silence it is reported once per member; during a round with --quiet, once per round per
// member who talks while someone else holds the floor or in the pause between turns.
func (s State) Talk(now time.Time, m Member) Result {
	o := begin(s, now)
	o.talkSilence(m)
	o.talkRound(m)
	r, _ := o.done()
	return r
}

// Listening reports whether Talk may have something to report now (a silence, or a round
// with --quiet past its sign-up), so the feature need not load and store the state for
// every ordinary message.
func (s State) Listening() bool {
	return s.Silence != nil || (s.Round != nil && s.Round.Quiet && s.Round.Phase != PhaseSignUp)
}

// Done ends the turn of the member who holds the floor, in the round or else in the queue.
func (s State) Done(now time.Time, by Member) (Result, error) {
	o := begin(s, now)
	var err error
	if o.s.Round != nil {
		err = o.roundDone(by)
	} else {
		err = o.queueDone(by)
	}
	return o.finish(s, err)
}
