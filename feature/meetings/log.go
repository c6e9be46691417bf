package meetings

import (
	"context"
	"database/sql"
	"fmt"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
	"folkmoot/words"
)

// maxLogLine bounds one line of the log; a pasted novel is kept as its start.
const maxLogLine = 4000

// OnMessage keeps a message in the log of the room's running meeting and counts the line
// for its speaker; a private message is never kept. The road (app/host) calls it for every
// message of a room, commands included, before they run; without a running meeting it costs
// one indexed look-up. It says nothing.
func OnMessage(ctx context.Context, env *commands.Env, tx *sql.Tx, _ bot.Transport, msg bot.Message) error {
	if msg.Private {
		return nil // said to the bot alone (an XMPP private message): never part of the record
	}
	id, err := RunningMeetingID(ctx, tx, msg.Room)
	if err != nil || id == 0 {
		return err
	}
	at := msg.Time
	if at.IsZero() && env.Now != nil {
		at = env.Now()
	}
	line := meeting.LogLine{Member: msg.Sender, Text: logText(ctx, env, tx, msg), At: at}
	return AddLogLine(ctx, tx, id, line)
}

// logText is what the log keeps of a message: the text, bounded, except for ballots. A
// ballot is kept as a line that says one was cast, in the room's language, so a secret
// vote's choice never reaches the minutes or the log files.
func logText(ctx context.Context, env *commands.Env, tx *sql.Tx, msg bot.Message) string {
	text := msg.Text
	if _, isCommand := commands.Parse(text, env.Config.CommandPrefix, env.Names, msg.Mentioned); isCommand {
		// Only a command needs the room's language, whose names may cast a ballot (!sí).
		if l := env.RoomLang(ctx, tx, msg.Room); isBallot(env, l, msg) {
			return l.Say("meetings.log.ballot")
		}
	}
	if r := []rune(text); len(r) > maxLogLine {
		text = string(r[:maxLogLine-1]) + "…"
	}
	return text
}

// isBallot reports whether a message casts a ballot (!agree 3, !vote 3 object, !vote agree):
// the command it invokes is marked Ballot.
func isBallot(env *commands.Env, l *words.Lang, msg bot.Message) bool {
	cmd := env.Invoked(l, msg)
	return cmd != nil && cmd.Ballot
}

// maxReactionKey bounds a reaction as the log keeps it: an emoji is a few runes, and Matrix
// lets a reaction be any text.
const maxReactionKey = 32

// OnReaction keeps a member's reaction (👍 to a proposal) in the log of the room's running
// meeting, as what they said then, and marks them present without counting a line said: a
// reaction is how many agree in a chat room, and the note-taker reading the log should see it.
func OnReaction(ctx context.Context, env *commands.Env, tx *sql.Tx, _ bot.Transport, msg bot.Message) error {
	if msg.Private || msg.Reaction == nil {
		return nil
	}
	id, err := RunningMeetingID(ctx, tx, msg.Room)
	if err != nil || id == 0 {
		return err
	}
	at := msg.Time
	if at.IsZero() && env.Now != nil {
		at = env.Now()
	}
	key := msg.Reaction.Key
	if r := []rune(key); len(r) > maxReactionKey {
		key = string(r[:maxReactionKey-1]) + "…"
	}
	text := env.RoomLang(ctx, tx, msg.Room).Say("meetings.log.reaction", "Key", key)
	if _, err := tx.ExecContext(ctx, logInsert, id, msg.Sender.ID, msg.Sender.Name, text, at.UnixMilli()); err != nil {
		return fmt.Errorf("log reaction: %w", err)
	}
	return MarkPresent(ctx, tx, id, msg.Sender, at)
}
