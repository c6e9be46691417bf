package host

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/store"
)

// road is what the runtime runs for every event, inside the event's transaction: the sender
// becomes a known member, each feature sees the event, and the command it holds runs.
type road struct {
	app    *App
	engine *commands.Engine
	// onMessage, onPoll and onReaction are the features that look at every message, poll
	// answer and reaction.
	onMessage, onPoll, onReaction []look
}

// look is one feature's look at an event.
type look struct {
	feature string
	see     feature.Handler
}

// newRoad puts the features on the road.
func newRoad(a *App, engine *commands.Engine) *road {
	r := &road{app: a, engine: engine}
	for _, f := range a.Features {
		if f.OnMessage != nil {
			r.onMessage = append(r.onMessage, look{f.Name, f.OnMessage})
		}
		if f.OnPoll != nil {
			r.onPoll = append(r.onPoll, look{f.Name, f.OnPoll})
		}
		if f.OnReaction != nil {
			r.onReaction = append(r.onReaction, look{f.Name, f.OnReaction})
		}
	}
	return r
}

// Handle implements bot.Handler.
func (r *road) Handle(ctx context.Context, tx *sql.Tx, t bot.Transport, msg bot.Message) ([]bot.Reply, error) {
	env := r.app.Env
	if msg.Invitation {
		return answerInvitation(ctx, env.Config, msg), nil
	}
	// Every speaker becomes a known member of the room, so commands can resolve the names
	// people type and list who has not voted yet.
	if err := facts.SeenMember(ctx, tx, msg.Room, msg.Sender, msg.Time); err != nil {
		return nil, fmt.Errorf("record member: %w", err)
	}
	// Each feature's look at the event is a step of its own: one that fails undoes only its
	// own writes, and the command still runs.
	looks := r.onMessage
	switch {
	case msg.Poll != nil:
		looks = r.onPoll
	case msg.Reaction != nil:
		looks = r.onReaction
	}
	errs := store.Steps(ctx, tx, len(looks), func(i int, tx *sql.Tx) error { return looks[i].see(ctx, r.app.Env, tx, t, msg) })
	for i, err := range errs {
		if err != nil {
			zerolog.Ctx(ctx).Error().Err(err).Str("feature", looks[i].feature).Msg("a feature's look at an event failed")
		}
	}
	if msg.Poll != nil || msg.Reaction != nil || msg.Flooded {
		return nil, nil // an answer, a reaction or a command over the flood limit runs nothing
	}
	// The command is a step of its own too: a refusal or a failure undoes what it wrote, and
	// only that; the member record and the features' looks (the meeting log's line of it)
	// stay, and the answer is said.
	var replies []bot.Reply
	err := store.Step(ctx, tx, func(tx *sql.Tx) error {
		var err error
		replies, err = r.engine.Run(ctx, tx, t, msg)
		return err
	})
	var answer *bot.Answer
	if errors.As(err, &answer) {
		return answer.Replies, nil
	}
	return replies, err
}

// PollPosted implements bot.PollRecorder: the features learn their polls' IDs, in one
// transaction.
func (r *road) PollPosted(ctx context.Context, room bot.Room, pollFor, pollID string) error {
	return r.app.DB.InTx(ctx, func(tx *sql.Tx) error {
		for _, f := range r.app.Features {
			if f.OnPollPosted != nil {
				if err := f.OnPollPosted(ctx, r.app.Env, tx, room, pollFor, pollID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
