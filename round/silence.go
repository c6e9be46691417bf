package round

import (
	"slices"
	"time"

	"folkmoot/words"
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
		return outOfRange("round.refused.silence_range", MinSilence, MaxSilence, d)
	case o.s.Silence != nil:
		return refuse(CodeSilenceRunning, func(l *words.Lang) string { return l.Say("round.refused.silence_running") })
	case o.s.Round != nil:
		return refuse(CodeBusy, func(l *words.Lang) string { return l.Say("round.refused.round_own_pauses") })
	case o.s.Queue.Speaker != nil:
		who := name(o.s.Queue.Speaker.Member)
		return refuse(CodeBusy, func(l *words.Lang) string { return l.Say("round.refused.silence_busy", "Who", who) })
	}
	o.s.Silence = &Silence{By: by, Length: d, Until: o.now.Add(d)}
	o.say(Event{Kind: Silent, Duration: d, Member: by})
	return nil
}

// EndSilence ends the silence early.
func (s State) EndSilence(now time.Time) (Result, error) {
	o := begin(s, now)
	if o.s.Silence == nil {
		return o.finish(s, refuse(CodeNoSilence, func(l *words.Lang) string { return l.Say("round.refused.no_silence") }))
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
