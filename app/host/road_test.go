package host_test

import (
	"context"
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// What a member says in a room the bot opened for them alone runs no command: they are told
// where commands are, through the outbox like every answer.
func TestADirectRoomRunsNoCommand(t *testing.T) {
	kit := apptest.New(t)
	room := bot.Room{Protocol: bot.Console, ID: "direct with Zoë 🌻"}
	ctx := context.Background()
	kit.App.Bot.Deliver(ctx, kit.Transport, bot.Message{Room: room, Sender: apptest.Member("Zoë 🌻"), Text: "!vote 1 agree", ID: "d1", Direct: true})
	kit.App.Bot.Flush(ctx)
	got := kit.Transport.Take()
	if len(got) != 1 || got[0].Room != room || !got[0].Reply.Notice || got[0].Reply.InReplyTo != "d1" ||
		!strings.Contains(got[0].Reply.Text(), "I read commands only in your assembly's room") {
		t.Fatalf("answered %+v", got)
	}
}
