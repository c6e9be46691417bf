package round

import (
	"testing"
	"time"
)

func setMode(progressive, direct bool) opFn {
	return func(s State, now time.Time) (Result, error) { return s.SetMode(now, progressive, direct), nil }
}
func setTimer(d time.Duration) opFn {
	return func(s State, now time.Time) (Result, error) { return s.SetTimer(now, d) }
}
func silence(d time.Duration) opFn {
	return func(s State, now time.Time) (Result, error) { return s.StartSilence(now, d, ana) }
}

var (
	newTopic opFn = func(s State, now time.Time) (Result, error) { return s.NewTopic(now), nil }
	clear    opFn = func(s State, now time.Time) (Result, error) { return s.Clear(now), nil }
	endQuiet opFn = State.EndSilence
)

// show is an operation that changes nothing and says the queue, as !queue would.
func show(s State, now time.Time) (Result, error) {
	r := s.Tick(now)
	r.Events = append(r.Events, Event{Kind: "show", Note: QueueText(nil, r.State.Places(), r.State.Queue.Progressive)})
	return r, nil
}

func TestQueueConversations(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
	}{
		{"raise, next, done, lower", []step{
			{At: 0, Do: raise(ana, "on the\nbudget", false), Want: []string{"ana is 1st in the queue: “on the budget”."}},
			{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 2nd in the queue."}},
			{At: 0, Do: raise(ana, "", false), Err: ErrAlreadyQueued, Want: []string{"ana is already in the queue."}},
			{At: sec(1), Do: next, Want: []string{"🎙 ana has the floor: “on the budget”."}},
			{At: sec(2), Do: done(ben), Err: ErrNotSpeaker, Want: []string{"Only ana holds the floor now."}},
			{At: sec(91), Do: next, Want: []string{"Thank you, ana.", "🎙 ben has the floor."}},
			{At: sec(92), Do: lower(cy), Err: ErrNotQueued, Want: []string{"cy is not in the queue."}},
			{At: sec(101), Do: done(ben), Want: []string{"Thank you, ben."}},
			{At: sec(102), Do: done(ben), Err: ErrNoFloor},
			{At: sec(103), Do: next, Err: ErrQueueEmpty, Want: []string{"Nobody is in the queue."}},
			{At: sec(104), Do: raise(cy, "", false), Want: []string{"cy is 1st in the queue."}},
			{At: sec(105), Do: lower(cy), Want: []string{"cy lowered their hand."}},
			{At: sec(106), Do: raise(dan, "", false), Want: []string{"dan is 1st in the queue."}},
			{At: sec(107), Do: next, Want: []string{"🎙 dan has the floor."}},
			{At: sec(108), Do: next, Want: []string{"Thank you, dan.", "The queue is empty."}},
		}},
		{"a timed queue turn", []step{
			{At: 0, Do: setTimer(sec(5)), Err: ErrOutOfRange},
			{At: 0, Do: setTimer(time.Minute), Want: []string{"Each queue turn now lasts 1 minute."}},
			{At: 0, Do: raise(ana, "", false), Want: []string{"ana is 1st in the queue."}},
			{At: sec(10), Do: next, Want: []string{"🎙 ana has the floor (1:00)."}},
			{At: sec(40), Want: []string{"30 seconds left."}},
			{At: sec(70), Want: []string{"Time — thank you, ana."}},
			{At: sec(71), Do: setTimer(0), Want: []string{"Queue turns are untimed now."}},
		}},
		{"the queue waits during a round", []step{
			{At: 0, Do: raise(cy, "", false), Want: []string{"cy is 1st in the queue."}},
			{At: 0, Do: start(spec(func(sp *Spec) { sp.With = []Member{ana} })), Want: []string{"The order: ana.", "🎙 ana has the floor (2:00)."}},
			{At: sec(1), Do: next, Err: ErrBusy, Want: []string{"A listening round is running: the queue waits until it ends."}},
			{At: sec(2), Do: done(cy), Err: ErrNotSpeaker, Want: []string{"Only ana holds the floor now."}},
		}},
		{"a round waits for the queue's speaker", []step{
			{At: 0, Do: raise(cy, "", false), Want: []string{"cy is 1st in the queue."}},
			{At: 0, Do: next, Want: []string{"🎙 cy has the floor."}},
			{At: sec(1), Do: start(spec(nil)), Err: ErrBusy, Want: []string{"cy holds the floor from the queue: say !done or !next first."}},
		}},
		{"clear keeps the speaker", []step{
			{At: 0, Do: raise(ana, "", false), Want: []string{"ana is 1st in the queue."}},
			{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 2nd in the queue."}},
			{At: 0, Do: raise(cy, "", false), Want: []string{"cy is 3rd in the queue."}},
			{At: 0, Do: next, Want: []string{"🎙 ana has the floor."}},
			{At: 0, Do: clear, Want: []string{"The queue is cleared (2 hands lowered)."}},
			{At: sec(1), Do: show, Want: []string{"The queue is empty."}},
			{At: sec(2), Do: done(ana), Want: []string{"Thank you, ana."}},
		}},
		{"direct response once per topic", []step{
			{At: 0, Do: raise(ana, "", false), Want: []string{"ana is 1st in the queue."}},
			{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 2nd in the queue."}},
			{At: 0, Do: raise(cy, "that's wrong", true), Want: []string{"cy is 1st in the queue (a direct response): “that's wrong”."}},
			{At: 0, Do: raise(dan, "", true), Want: []string{"dan is 2nd in the queue (a direct response)."}},
			{At: 0, Do: show, Want: []string{lines("The queue:", "1. cy (direct response): “that's wrong”", "2. dan (direct response)", "3. ana", "4. ben")}},
			{At: sec(1), Do: next, Want: []string{"🎙 cy has the floor, a direct response: “that's wrong”."}},
			{At: sec(2), Do: raise(cy, "again", true), Err: ErrDirectUsed, Want: []string{"cy already made a direct response on this topic: raise your hand as usual."}},
			{At: sec(3), Do: raise(cy, "", false), Want: []string{"cy is 4th in the queue."}},
			{At: sec(4), Do: lower(cy), Want: []string{"cy lowered their hand."}},
			{At: sec(5), Do: newTopic, Want: []string{"New topic: everyone may make one direct response again."}},
			{At: sec(6), Do: raise(cy, "", true), Want: []string{"cy is 2nd in the queue (a direct response)."}},
			{At: sec(7), Do: setMode(false, false), Want: []string{"The queue is in hand-raise order; direct responses are off."}},
			{At: sec(8), Do: lower(ana), Want: []string{"ana lowered their hand."}},
			{At: sec(9), Do: raise(ana, "", true), Err: ErrDirectOff, Want: []string{"Direct responses are turned off: raise your hand as usual."}},
		}},
		{"progressive order", []step{
			{At: 0, Do: raise(ana, "", false), Want: []string{"ana is 1st in the queue."}},
			{At: 0, Do: raise(ben, "", false), Want: []string{"ben is 2nd in the queue."}},
			{At: 0, Do: next, Want: []string{"🎙 ana has the floor."}},
			{At: sec(90), Do: next, Want: []string{"Thank you, ana.", "🎙 ben has the floor."}},
			{At: sec(100), Do: done(ben), Want: []string{"Thank you, ben."}},
			{At: sec(100), Do: setMode(true, true), Want: []string{"The queue is progressive; direct responses are on."}},
			{At: sec(101), Do: raise(ana, "", false), Want: []string{"ana is 1st in the queue."}},
			{At: sec(102), Do: raise(ben, "", false), Want: []string{"ben is 1st in the queue."}},
			{At: sec(103), Do: raise(cy, "", false), Want: []string{"cy is 1st in the queue."}},
			{At: sec(104), Do: raise(dan, "a note", false), Want: []string{"dan is 2nd in the queue: “a note”."}},
			{At: sec(105), Do: show, Want: []string{lines("The queue (progressive):",
				"1. cy (spoke 0 times this meeting)",
				"2. dan (spoke 0 times this meeting): “a note”",
				"3. ben (spoke once (0:10) this meeting)",
				"4. ana (spoke once (1:30) this meeting)")}},
			{At: sec(106), Do: next, Want: []string{"🎙 cy has the floor."}},
		}},
		{"silence", []step{
			{At: 0, Do: silence(sec(2)), Err: ErrOutOfRange, Want: []string{"A silence must last between 5 seconds and 10 minutes (got 2 seconds)."}},
			{At: 0, Do: silence(time.Minute), Want: []string{"1 minute of silence."}},
			{At: sec(1), Do: silence(sec(10)), Err: ErrSilenceRunning},
			{At: sec(2), Do: talk(ben), Want: []string{"ben, we are keeping a silence."}},
			{At: sec(3), Do: talk(ben)},
			{At: sec(4), Do: talk(ana), Want: []string{"ana, we are keeping a silence."}},
			{At: sec(5), Do: start(spec(nil)), Err: ErrSilenceRunning},
			{At: sec(5), Do: raise(cy, "", false), Want: []string{"cy is 1st in the queue."}},
			{At: sec(5), Do: next, Err: ErrSilenceRunning, Want: []string{"A silence is running: the floor is free again when it ends."}},
			{At: sec(5), Do: lower(cy), Want: []string{"cy lowered their hand."}},
			{At: sec(60), Want: []string{"The silence is over."}},
			{At: sec(61), Do: talk(ben)},
			{At: sec(62), Do: endQuiet, Err: ErrNoSilence},
			{At: sec(63), Do: silence(sec(10)), Want: []string{"10 seconds of silence."}},
			{At: sec(64), Do: endQuiet, Want: []string{"The silence is over."}},
			{At: sec(80)},
			{At: sec(81), Do: start(spec(func(sp *Spec) { sp.With = []Member{ana} })), Want: []string{"The order: ana.", "🎙 ana has the floor (2:00)."}},
			{At: sec(82), Do: silence(sec(10)), Err: ErrBusy},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { newSim(t).play(tt.steps) })
	}
}
