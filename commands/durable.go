package commands

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// handledFor is how long a handled command message is remembered against a second delivery.
const handledFor = 7 * 24 * time.Hour

// runDurably runs the command's handler so that its reply is as durable as its change:
// when the handler committed a change, the reply goes into the outbox in one transaction
// with the end of the command's "replying" record and the message's handled record, and the
// runtime delivers it from there. A command that changed nothing answers directly.
func (d *Dispatcher) runDurably(r *Request) []bot.Reply {
	handledKey := store.HandledKey(r.Room, r.Msg.ID)
	if done, err := store.Handled(r.Ctx, r.DB, handledKey); err != nil {
		return []bot.Reply{roomMessage(r, err)}
	} else if done {
		r.Log().Info().Msg("command answered before a restart; not run again")
		return nil
	}
	markKey := handledKey
	if markKey == "" {
		markKey = r.Room.Key() + "|ref-" + bot.NewRef() + fmt.Sprint(r.At.UnixNano())
	}
	mark := &store.CommandMark{Room: r.Room, Key: markKey, Sender: r.Sender.Display(), Command: r.Prefix() + r.Command.FullName(), At: r.At}
	plain := r.Ctx
	r.Ctx = store.WithCommandMark(r.Ctx, mark)
	reply, err := r.Command.Run(r.Ctx, r)
	r.Ctx = plain
	var out []bot.Reply
	switch {
	case err != nil:
		out = []bot.Reply{roomMessage(r, err)}
	case !reply.IsZero():
		out = []bot.Reply{reply}
	}
	if err == nil {
		out = append(out, r.private...)
	}
	if !mark.Committed() {
		return out
	}
	if d.stopAfterCommit != nil && d.stopAfterCommit() {
		return nil // a test's kill -9 between the change and its reply
	}
	for i := range out {
		if out[i].InReplyTo == "" && !out[i].Notice && out[i].To == "" {
			out[i].InReplyTo = r.Msg.ID
		}
	}
	err = r.DB.InTx(store.WithoutCommandMark(plain), func(tx *sql.Tx) error {
		for _, rep := range out {
			if err := store.PutReply(plain, tx, r.Room, rep); err != nil {
				return err
			}
		}
		return store.FinishCommand(plain, tx, mark, handledKey, r.At)
	})
	if err != nil {
		// The change is saved; say so directly rather than not at all. Its record stays,
		// so a restart also says that the answer may have been lost.
		r.Log().Error().Err(err).Msg("queue a command's reply")
		return out
	}
	return nil // queued: the runtime delivers it from the outbox
}

// Recover tells each room about commands a stop interrupted between their change and their
// reply (their change is saved, their answer was lost), marks them handled so a second
// delivery does not run them again, and forgets handled records older than a week. app
// calls it at start, before any message is taken.
func (d *Dispatcher) Recover(ctx context.Context) error {
	db := d.env.DB
	ctx = store.WithoutCommandMark(ctx)
	now := d.env.Now()
	lost, err := store.UnansweredCommands(ctx, db)
	if err != nil {
		return err
	}
	for _, u := range lost {
		loc := time.UTC
		if d.env.Location != nil { // said in the room's time, as everything else
			loc = d.env.Location(ctx, db, u.Room)
		}
		text := fmt.Sprintf("folkmoot stopped while answering %s's %s (%s). What it did was saved, but its answer was lost: say %sstatus to see where things stand.",
			phrase.Clip(u.Sender, 40), phrase.Clip(u.Command, 40), timeparse.Format(u.At, now, loc), d.env.Config.CommandPrefix)
		err := db.InTx(ctx, func(tx *sql.Tx) error {
			n := bot.Text(text)
			n.Notice = true
			if err := store.PutReply(ctx, tx, u.Room, n); err != nil {
				return err
			}
			return store.ForgetUnanswered(ctx, tx, u, now)
		})
		if err != nil {
			return err
		}
	}
	return store.PruneHandled(ctx, db, now.Add(-handledFor))
}
