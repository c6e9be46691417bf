package meetings

import (
	"context"
	"database/sql"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/meeting"
)

// maxLogLine bounds one line of the log; a pasted novel is kept as its start.
const maxLogLine = 4000

// ballotLine stands in the log for a ballot, so a secret vote's choice never reaches the
// minutes or the log files.
const ballotLine = "(a ballot, not logged)"

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
	line := meeting.LogLine{Member: msg.Sender, Text: logText(env, msg), At: at}
	return AddLogLine(ctx, tx, id, line)
}

// logText is what the log keeps of a message: the text, bounded, except for ballots.
func logText(env *commands.Env, msg bot.Message) string {
	text := msg.Text
	if isBallot(env, msg) {
		return ballotLine
	}
	if r := []rune(text); len(r) > maxLogLine {
		text = string(r[:maxLogLine-1]) + "…"
	}
	return text
}

// isBallot reports whether a message casts a ballot (!agree 3, !vote 3 object, !vote agree):
// the command it invokes is marked Ballot.
func isBallot(env *commands.Env, msg bot.Message) bool {
	cmd := env.Invoked(msg)
	return cmd != nil && cmd.Ballot
}
