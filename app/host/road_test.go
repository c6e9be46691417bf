package host_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
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

// joinRecorder is a Matrix-like transport that records how invitations were answered.
type joinRecorder struct {
	*apptest.Transport
	answers []bot.JoinAnswer
}

func (j *joinRecorder) Protocol() bot.Protocol { return bot.Matrix }

func (j *joinRecorder) AnswerInvitation(_ context.Context, _ bot.Room, a bot.JoinAnswer) error {
	j.answers = append(j.answers, a)
	return nil
}

// An invitation takes the road of every event: the runtime's ledger answers it once, however
// late it arrives (it stands until answered), and the policy in the core decides; the
// transport only joins or declines, from the outbox.
func TestInvitationsAreAnsweredOnceByThePolicy(t *testing.T) {
	k := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		c.Matrix = &config.Matrix{AutojoinFrom: []string{"@*:example.org"}}
	}, basics.Feature(func() []feature.Feature { return nil }))
	tr := &joinRecorder{Transport: &apptest.Transport{}}
	k.App.Add(tr)
	invite := func(id, inviter string, age time.Duration) {
		msg := bot.Message{Room: bot.Room{Protocol: bot.Matrix, ID: "!assembly:example.org"}, Sender: bot.Member{ID: inviter},
			ID: id, Time: k.Clock.Now().Add(-age), Invitation: true}
		k.App.Bot.Deliver(context.Background(), tr, msg)
		k.App.Bot.Flush(context.Background())
	}
	invite("i1", "@ana:example.org", 48*time.Hour)
	invite("i1", "@ana:example.org", 0) // the same invitation again, after a restart
	invite("i2", "@mallory:evil.example", 0)
	want := []bot.JoinAnswer{{Accept: true, InvitedBy: "@ana:example.org"}, {Accept: false, InvitedBy: "@mallory:evil.example"}}
	if !slices.Equal(tr.answers, want) {
		t.Errorf("answers = %+v, want %+v", tr.answers, want)
	}
	if sent := tr.Take(); len(sent) != 0 {
		t.Errorf("an invitation is answered by joining, not by a message: %+v", sent)
	}
}
