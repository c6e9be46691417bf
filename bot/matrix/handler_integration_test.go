package matrix

import (
	"context"
	"database/sql"
	"strings"

	"folkmoot/bot"
)

// The integration tests talk to the adapter through the core runtime and this small handler.
// It is the one place to swap in folkmoot's real command handler: the tests only rely on the
// behaviour documented here.
const (
	helpText = "Commands: !help, !admin, !mention @user, !ack, !echo text"
	adminYes = "accepted: you are a facilitator here"
	adminNo  = "refused: only facilitators may do that"
)

// helpReply is helpText as a document: "Commands:" in bold and each command as code.
func helpReply() bot.Reply {
	line := bot.L(bot.B("Commands:"), " ")
	for i, c := range []string{"!help", "!admin", "!mention @user", "!ack", "!echo text"} {
		if i > 0 {
			line = append(line, bot.Span{Text: ", "})
		}
		line = append(line, bot.C(c))
	}
	return bot.Say(bot.Block{Kind: bot.Para, Lines: []bot.Line{line}})
}

// newTestHandler answers:
//
//	!help            helpText (formatted)
//	!admin           adminYes or adminNo, asking the transport's AdminChecker
//	!mention @u:hs   "your turn, @u:hs" mentioning @u:hs
//	!ack             a ✅ reaction and no message
//	!echo text       text
func newTestHandler() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, _ *sql.Tx, t bot.Transport, msg bot.Message) ([]bot.Reply, error) {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(msg.Text), " ")
		switch cmd {
		case "!help":
			return []bot.Reply{helpReply()}, nil
		case "!admin":
			ok, err := t.(bot.AdminChecker).IsRoomAdmin(ctx, msg.Room, msg.Sender)
			if err != nil {
				return []bot.Reply{bot.Text("error: " + err.Error())}, nil
			}
			if ok {
				return []bot.Reply{bot.Text(adminYes)}, nil
			}
			return []bot.Reply{bot.Text(adminNo)}, nil
		case "!mention":
			who := bot.Member{ID: strings.TrimSpace(arg)}
			return []bot.Reply{bot.Mentioning("your turn, "+who.ID, who)}, nil
		case "!ack":
			return []bot.Reply{{React: "✅", InReplyTo: msg.ID}}, nil
		case "!echo":
			return []bot.Reply{bot.Text(arg)}, nil
		}
		return nil, nil
	})
}
