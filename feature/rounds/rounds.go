// Package rounds is listening rounds, the speaking queue and reflective silences, on the
// pure round package: this package reads the commands, keeps each room's round.State in the
// database, turns every Result.Next into one persistent scheduler job (round.tick) and
// words the events as replies and notices. round.go holds the round's commands, queue.go
// the queue's, talk.go silences and the reminder for talking out of turn, stats.go !stats.
package rounds

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/meeting"
	"folkmoot/round"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/words"
)

// Section is the help section of these commands; its title in every language is the
// catalog's help.section.rounds.
const Section = "Rounds and queue"

// jobTick is the one timer of a room: the next warning, turn end, pause end, sign-up close
// or silence end. Its due time is the state's Result.Next.
const jobTick = "round.tick"

// lateAfter is how far past its time a timer may fire before it counts as an outage, and
// Restore words what ran out while the bot was away.
const lateAfter = 5 * time.Second

// Hooks are what rounds reads of the other features; the app wires them, and each may be nil.
type Hooks struct {
	// LatestMeeting is the room's running meeting, else its last ended one, with how many
	// were present at it; found is false when the room has never met. !stats sums up the
	// figures since it began.
	LatestMeeting func(ctx context.Context, q store.Querier, room bot.Room) (m meeting.Meeting, present int, found bool, err error)
}

// Feature is listening rounds, the speaking queue and silences, with the other features'
// hooks.
func Feature(h Hooks) feature.Feature {
	f := &roundsFeature{seen: map[string]bool{}, hooks: h}
	return feature.Feature{
		Migrations:   migrations,
		Name:         "rounds",
		PersonalData: personalData,
		Commands:     append(append(f.roundCommands(), f.queueCommands()...), f.silenceCommand(), f.statsCommand()),
		// A turn must end, and a round go on, however late: Restore says what ran out.
		Jobs:      []feature.Job{{Name: jobTick, AlwaysFire: true, Run: f.runTick}},
		Status:    f.status,
		OnMessage: OnMessage,
		Rules:     rules,
	}
}

// feature remembers which rooms this process has touched: the first touch after a start
// goes through Restore, so a turn that was running is announced with the time it has left.
type roundsFeature struct {
	mu    sync.Mutex
	seen  map[string]bool
	hooks Hooks
}

// first reports whether this process has not yet touched the room, and marks it touched.
func (f *roundsFeature) first(room bot.Room) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen[room.Key()] {
		return false
	}
	f.seen[room.Key()] = true
	return true
}

// operation is one change to a room's state, given its current state.
type operation func(s round.State) (round.Result, error)

// outcome is what a change produced: the events to say (those of a Restore first) and, when
// the operation was refused, why (its state is then unchanged).
type outcome struct {
	events  []round.Event
	refused error
}

// apply runs op on the room's state inside tx: it loads the state, restores it first when
// restore is set or its timer is overdue (the bot was away), runs op, and stores the new
// state, the turns it finished, the summary of a finished round and the moved timer. A
// refused op changes nothing (a restore before it is still kept). A nil op only restores.
func apply(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, now time.Time, restore bool, op operation) (outcome, error) {
	s, next, err := LoadState(ctx, tx, room)
	if err != nil {
		return outcome{}, err
	}
	var out outcome
	if !idle(s) && (restore || (!next.IsZero() && now.Sub(next) > lateAfter)) {
		r := s.Restore(now)
		if err := keep(ctx, env, tx, room, now, s, next, r); err != nil {
			return outcome{}, err
		}
		out.events, s, next = r.Events, r.State, r.Next
	}
	if op == nil {
		return out, nil
	}
	r, err := op(s)
	var refused *round.Error
	if errors.As(err, &refused) {
		out.refused = err
		return out, nil
	}
	if err != nil {
		return outcome{}, err
	}
	out.events = append(out.events, r.Events...)
	return out, keep(ctx, env, tx, room, now, s, next, r)
}

// idle reports whether nothing runs in the room: no round, queue turn or silence.
func idle(s round.State) bool { return s.Round == nil && s.Queue.Speaker == nil && s.Silence == nil }

// keep stores a result in place of before (whose timer was due at next).
func keep(ctx context.Context, env *commands.Env, tx *sql.Tx, room bot.Room, now time.Time, before round.State, next time.Time, r round.Result) error {
	if err := AddTurns(ctx, tx, room, finishedTurns(before, r.State, now)); err != nil {
		return err
	}
	for _, e := range r.Events {
		if e.Kind == round.Summary && e.Report != nil {
			if err := AddReport(ctx, tx, room, now, *e.Report); err != nil {
				return err
			}
		}
	}
	due := ceilMilli(r.Next)
	if !due.Equal(next) {
		if err := schedule.Cancel(ctx, tx, room, jobTick, ""); err != nil {
			return err
		}
		if !due.IsZero() {
			job := schedule.Job{Room: room, Kind: jobTick, Title: schedule.Titled("rounds.job.timer"), Due: due}
			if _, err := schedule.Add(ctx, tx, job); err != nil {
				return err
			}
		}
	}
	return SaveState(ctx, tx, room, r.State, due, now)
}

// ceilMilli rounds a time up to the millisecond the scheduler keeps, so the job never fires
// before the moment it stands for (Tick would then find nothing due, and the job would be
// added again at once).
func ceilMilli(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	if c := t.Truncate(time.Millisecond); !c.Equal(t) {
		return c.Add(time.Millisecond)
	}
	return t
}

// finishedTurns is what an operation added to the meeting's participation: one row per
// member whose turns or time grew, and a row with nothing for who newly took part (signed
// up, raised a hand), so that everyone who took part counts in the figures of a period.
func finishedTurns(before, after round.State, now time.Time) []round.Turn {
	source := round.TurnInQueue
	if before.Round != nil || after.Round != nil {
		source = round.TurnInRound
	}
	var out []round.Turn
	for _, t := range after.Heard {
		i := slices.IndexFunc(before.Heard, func(b round.Tally) bool { return b.Member.ID == t.Member.ID })
		var was round.Tally
		if i >= 0 {
			was = before.Heard[i]
		}
		turns, used := t.Turns-was.Turns, t.Time-was.Time
		if i >= 0 && turns <= 0 && used <= 0 {
			continue
		}
		out = append(out, round.Turn{Member: toBot(t.Member), Time: max(used, 0), Turns: max(turns, 0), At: now, Source: source})
	}
	return out
}

// run is a command's change: apply in a transaction, then the events as the reply. A
// refusal after a restore still shows what the restore said, then why.
func (f *roundsFeature) run(ctx context.Context, r *commands.Request, op operation) (bot.Reply, error) {
	var out outcome
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		out, err = apply(ctx, r.Env, tx, r.Room, r.At, f.first(r.Room), op)
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	var refused *round.Error
	if errors.As(out.refused, &refused) && len(out.events) == 0 {
		return bot.Reply{}, commands.Userf("%s", refused.Message(r.Lang, r.Prefix()))
	}
	if out.refused != nil && len(out.events) == 0 {
		return bot.Reply{}, out.refused
	}
	reply := say(r.Lang, out.events, false, r.Prefix())
	if refused != nil {
		reply.Doc.Add(bot.TextDoc(refused.Message(r.Lang, r.Prefix())).Blocks...)
	}
	return reply, nil
}

// look loads the room's state for a command that only shows it; a first touch after a start
// restores it, and what that said comes before the answer.
func (f *roundsFeature) look(ctx context.Context, r *commands.Request) (round.State, bot.Reply, error) {
	var s round.State
	var out outcome
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		if out, err = apply(ctx, r.Env, tx, r.Room, r.At, f.first(r.Room), nil); err != nil {
			return err
		}
		s, _, err = LoadState(ctx, tx, r.Room)
		return err
	})
	return s, say(r.Lang, out.events, false, r.Prefix()), err
}

// runTick is the timer's job: whatever is due now happens, as notices in the room's
// language.
func (f *roundsFeature) runTick(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	now := env.Now()
	restore := f.first(job.Room) || job.Late > lateAfter
	out, err := apply(ctx, env, tx, job.Room, now, restore, func(s round.State) (round.Result, error) { return s.Tick(now), nil })
	if err != nil || len(out.events) == 0 {
		return err
	}
	l := env.RoomLang(ctx, tx, job.Room)
	return store.PutReply(ctx, tx, job.Room, say(l, out.events, true, env.Config.CommandPrefix))
}

// NewMeeting starts the room's participation figures afresh (the queue's progressive order
// and !stats meeting): the meetings feature calls it inside the transaction that opens a
// meeting.
func NewMeeting(ctx context.Context, tx *sql.Tx, room bot.Room, now time.Time) error {
	s, next, err := LoadState(ctx, tx, room)
	if err != nil {
		return err
	}
	return SaveState(ctx, tx, room, s.NewMeeting(), next, now)
}

// say words events in l as one reply, a paragraph each; the floor and the reminders
// mention whom they speak to.
func say(l *words.Lang, events []round.Event, notice bool, prefix string) bot.Reply {
	var d bot.Doc
	for _, e := range events {
		text := round.Text(l, e, prefix)
		switch e.Kind {
		case round.Floor, round.Interrupted, round.SilenceTalk, round.Back:
			d.Add(bot.Mentioning(text, toBot(e.Member)).Doc.Blocks...)
		default:
			d.Add(bot.TextDoc(text).Blocks...)
		}
	}
	return bot.Reply{Doc: d, Notice: notice}
}

// member is a bot member as the round package keeps them.
func member(m bot.Member) round.Member { return round.Member{ID: m.ID, Name: m.Name} }

// toBot is a round member as a bot member, to mention.
func toBot(m round.Member) bot.Member { return bot.Member{ID: m.ID, Name: m.Name} }

// facilitator is the guard of the commands that steer: the facilitator-level only.
var facilitator = commands.Guard{Level: commands.FacilitatorLevel}
