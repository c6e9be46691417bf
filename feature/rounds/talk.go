package rounds

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/round"
	"folkmoot/store"
)

// TimekeeperRole is the role whose holders may start a silence besides the facilitator-level.
const TimekeeperRole = "timekeeper"

// defaultSilence is a bare !silence.
const defaultSilence = time.Minute

// silenceCommand is !silence; its help is in the catalog (help.silence).
func (f *roundsFeature) silenceCommand() *commands.Command {
	return &commands.Command{
		Name: "silence", Section: Section,
		Guard: commands.Guard{Owners: timekeepers, Refusal: func(r *commands.Request, fs []bot.Member) string {
			return r.Lang.Say("rounds.refused.silence", "Facilitators", facts.FacilitatorsIn(r.Lang, fs))
		}},
		Run: f.runSilence,
	}
}

func (f *roundsFeature) runSilence(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	v := strings.ToLower(strings.Join(r.Args.Words, " "))
	if v == "end" || v == "stop" {
		return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.EndSilence(r.At) })
	}
	d := defaultSilence
	if v != "" {
		var err error
		if d, err = parseLength(r.Lang, v); err != nil {
			return bot.Reply{}, err
		}
	}
	return f.run(ctx, r, func(s round.State) (round.Result, error) { return s.StartSilence(r.At, d, member(r.Sender)) })
}

// timekeepers are who hold the timekeeper role now: they may start a silence.
func timekeepers(ctx context.Context, r *commands.Request) ([]string, error) {
	return facts.Holders(ctx, r.Tx, r.Room, TimekeeperRole)
}

// OnMessage sees every message before the commands do. An ordinary message (not a command)
// during a silence, or during someone else's turn in a round started with --quiet, gets the
// gentle reminder once; anything else costs one read of the room's state. The road
// calls it for every message (Feature.OnMessage): the reminder needs what commands never see.
// The reminder is queued in the transaction that records it was given.
func OnMessage(ctx context.Context, env *commands.Env, tx *sql.Tx, t bot.Transport, msg bot.Message) error {
	if msg.Private {
		return nil // said to the bot alone, not into the round
	}
	if _, isCommand := commands.Parse(msg.Text, env.Config.CommandPrefix, env.Names, msg.Mentioned); isCommand {
		return nil
	}
	s, _, err := LoadState(ctx, tx, msg.Room)
	if err != nil {
		return fmt.Errorf("load the room's round: %w", err)
	}
	if !s.Listening() {
		return nil
	}
	now := env.Now()
	out, err := apply(ctx, env, tx, msg.Room, now, false, func(s round.State) (round.Result, error) {
		return s.Talk(now, member(msg.Sender)), nil
	})
	if err != nil || len(out.events) == 0 {
		return err
	}
	reminder := say(env.RoomLang(ctx, tx, msg.Room), out.events, false, env.Config.CommandPrefix)
	reminder.InReplyTo = msg.ID
	return store.PutReply(ctx, tx, msg.Room, reminder)
}
