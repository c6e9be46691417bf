package bot_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/store/storetest"
	"folkmoot/words"
)

// TestApologyInTheRoomsLanguage: what the runtime says itself when a handling fails or
// panics speaks the room's language (SpeakIn), asked in the answer's own transaction.
func TestApologyInTheRoomsLanguage(t *testing.T) {
	failing := bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, m bot.Message) ([]bot.Reply, error) {
		if m.Text == "!panic" {
			panic("a bug")
		}
		return nil, errors.New("a bug")
	})
	b := bot.New(failing, storetest.Open(t), zerolog.Nop(), time.Now)
	b.SpeakIn(func(context.Context, *sql.Tx, bot.Room) *words.Lang { return words.For("es") })
	tr := &fakeTransport{}
	b.Add(tr, 0)
	deliver(b, tr, bot.Message{Room: msg.Room, Sender: msg.Sender, ID: "e1", Text: "!fail"})
	deliver(b, tr, bot.Message{Room: msg.Room, Sender: msg.Sender, ID: "e2", Text: "!panic"})
	if len(tr.sent) != 2 {
		t.Fatalf("sent %+v", tr.sent)
	}
	for _, s := range tr.sent {
		if !strings.HasPrefix(s.Text(), "Algo ha fallado (ref. ") || !strings.HasSuffix(s.Text(), "Los detalles están en el registro del bot.") {
			t.Errorf("apology %q", s.Text())
		}
	}
	if got := bot.SomethingWentWrong(nil, "abc123").Text(); got != "Something went wrong (ref abc123). The bot's log has the details." {
		t.Errorf("English apology %q", got)
	}
}
