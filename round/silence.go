package round

import (
	"slices"
	"time"
)

// Silence is a reflective pause the room keeps together.
type Silence struct {
	By       Member        `json:"by"`
	Length   time.Duration `json:"length"`
	Until    time.Time     `json:"until"`
	Reported []string      `json:"reported,omitempty"` // who was told they talked
}

func (sl *Silence) next() time.Time {
	if sl == nil {
		return time.Time{}
	}
	return sl.Until
}

// StartSilence begins a silence of d, asked for by a member.
func (s State) StartSilence(now time.Time, d time.Duration, by Member) (Result, error) {
	o := begin(s, now)
	return o.finish(s, o.startSilence(d, by))
}

func (o *op) startSilence(d time.Duration, by Member) error {
	switch {
	case d < MinSilence || d > MaxSilence:
		return refuse(CodeOutOfRange, "A silence must last between %s and %s (got %s).", Prose(MinSilence), Prose(MaxSilence), Prose(d))
	case o.s.Silence != nil:
		return refuse(CodeSilenceRunning, "A silence is already running.")
	case o.s.Round != nil:
		return refuse(CodeBusy, "A listening round is running: it keeps its own pauses.")
	case o.s.Queue.Speaker != nil:
		return refuse(CodeBusy, "%s holds the floor now: a silence can start when they are done.", name(o.s.Queue.Speaker.Member))
	}
	o.s.Silence = &Silence{By: by, Length: d, Until: o.now.Add(d)}
	o.say(Event{Kind: Silent, Duration: d, Member: by})
	return nil
}

// EndSilence ends the silence early.
func (s State) EndSilence(now time.Time) (Result, error) {
	o := begin(s, now)
	if o.s.Silence == nil {
		return o.finish(s, refuse(CodeNoSilence, "No silence is running."))
	}
	o.s.Silence = nil
	o.say(Event{Kind: SilenceOver})
	return o.done()
}

func (o *op) advanceSilence() {
	if sl := o.s.Silence; sl != nil && !o.now.Before(sl.Until) {
		o.s.Silence = nil
		o.say(Event{Kind: SilenceOver})
	}
}

// talkSilence reports a member talking during the silence, once per member.
func (o *op) talkSilence(m Member) {
	sl := o.s.Silence
	if sl == nil || slices.Contains(sl.Reported, m.ID) {
		return
	}
	sl.Reported = append(sl.Reported, m.ID)
	o.say(Event{Kind: SilenceTalk, Member: m})
}
