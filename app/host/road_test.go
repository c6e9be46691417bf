package host_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/feature/basics"
	"folkmoot/store"
)

// noting is a feature whose look at every message notes the text under its name, then fails
// when fails is set.
func noting(name string, fails bool) feature.Feature {
	return feature.Feature{Name: name, OnMessage: func(ctx context.Context, _ *commands.Env, tx *sql.Tx, _ bot.Transport, msg bot.Message) error {
		if err := store.SetKV(ctx, tx, name, msg.ID, msg.Text); err != nil {
			return err
		}
		if fails {
			return errors.New("a look that fails")
		}
		return nil
	}}
}

// Each feature's look at a message is a step of its own: one that fails undoes its own notes
// and no other feature's, whichever place it has on the road, and the command still runs.
func TestAFailedLookUndoesOnlyItsOwnWrites(t *testing.T) {
	tests := []struct {
		name  string
		fails []bool
	}{
		{"first fails", []bool{true, false, false}},
		{"middle fails", []bool{false, true, false}},
		{"last fails", []bool{false, false, true}},
		{"none fails", []bool{false, false, false}},
	}
	names := []string{"ana", "bo", "cy"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			features := []feature.Feature{basics.Feature(func() []feature.Feature { return nil })}
			for i, fails := range tt.fails {
				features = append(features, noting(names[i], fails))
			}
			kit := apptest.New(t, features...)
			room := kit.Room("assembly")
			got := room.SayAs(t, bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}, "!whoami")
			if len(got) != 1 || !apptest.Contains(apptest.Texts(got), "You are @zoe:example.org (shown as Zoë 🌻)") {
				t.Fatalf("the command after the looks: %q", apptest.Texts(got))
			}
			for i, fails := range tt.fails {
				text, ok, err := store.GetKV(context.Background(), kit.App.DB, names[i], kit.LastMessageID())
				if err != nil {
					t.Fatal(err)
				}
				if ok == fails || (ok && text != "!whoami") {
					t.Errorf("%s (fails %v) kept its note: %v %q", names[i], fails, ok, text)
				}
			}
		})
	}
}

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
