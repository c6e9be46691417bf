package matrix

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
)

// eventPollResponse is the stable poll answer type (Matrix 1.7+), which mautrix v0.31 does
// not declare.
var eventPollResponse = event.Type{Type: "m.poll.response", Class: event.MessageEventType}

// pollResponseTypes are the answers we listen to: MSC3381's and the stable one.
var pollResponseTypes = []event.Type{event.EventUnstablePollResponse, eventPollResponse}

// polled is the content mautrix parses the poll events it does not declare into: nothing.
// An empty struct accepts any content, so no event is dropped for its shape; the adapter
// reads the raw JSON itself (parsePollResponse).
type polled struct{}

// registerPollTypes adds the poll types mautrix v0.31 lacks (the stable ones and MSC3381's
// end) to its table of event contents, so that it expects them: otherwise it warns about each
// one it decrypts, that is every stable answer and the bot's own poll ends. The table is
// process-wide, so this runs once, from New, before the transport's client exists; a mautrix
// client already syncing in the same process (another program's, or a test's) would race with
// the write, and test helpers that start one call this first.
func registerPollTypes() {
	pollTypesOnce.Do(func() {
		for _, typ := range []string{"m.poll.start", "m.poll.response", "m.poll.end", event.EventUnstablePollEnd.Type} {
			et := event.Type{Type: typ, Class: event.MessageEventType}
			if _, known := event.TypeMap[et]; !known {
				event.TypeMap[et] = reflect.TypeOf(polled{})
			}
		}
	})
}

var pollTypesOnce sync.Once

// MSC3381 poll kinds.
const (
	kindDisclosed   = "org.matrix.msc3381.poll.disclosed"
	kindUndisclosed = "org.matrix.msc3381.poll.undisclosed"
)

// pollStartContent is org.matrix.msc3381.poll.start with the MSC1767 text fallback that
// clients without poll support show.
type pollStartContent struct {
	PollStart event.PollStart `json:"org.matrix.msc3381.poll.start"`
	Text      string          `json:"org.matrix.msc1767.text"`
}

// pollEndContent closes a poll (org.matrix.msc3381.poll.end) with the results as text.
type pollEndContent struct {
	RelatesTo event.RelatesTo `json:"m.relates_to"`
	End       struct{}        `json:"org.matrix.msc3381.poll.end"`
	Text      string          `json:"org.matrix.msc1767.text"`
}

// SendPoll posts a native poll (encrypted in encrypted rooms); its event ID is the poll ID
// that responses carry. A poll with a Ref is sent under a transaction ID derived from it, so
// the homeserver answers a retry (while it remembers the transaction) with the poll it already
// stored, and its ID, instead of storing a second one.
func (t *Transport) SendPoll(ctx context.Context, room bot.Room, poll bot.Poll) (string, error) {
	roomID, err := matrixRoom(room)
	if err != nil {
		return "", err
	}
	content, err := pollStart(poll)
	if err != nil {
		return "", fmt.Errorf("%w: %w", bot.ErrUndeliverable, err)
	}
	txn := t.cli.TxnID()
	if poll.Ref != "" {
		txn = stableTxn("folkmoot-poll-", poll.Ref)
	}
	evtID, err := t.sendEventTxn(ctx, roomID, event.EventUnstablePollStart, content, txn)
	return evtID.String(), err
}

// pollStart builds the poll start content.
func pollStart(poll bot.Poll) (*pollStartContent, error) {
	if strings.TrimSpace(poll.Question) == "" || len(poll.Options) < 2 {
		return nil, errors.New("matrix: a poll needs a question and at least two options")
	}
	kind := kindUndisclosed
	if poll.Disclosed {
		kind = kindDisclosed
	}
	maxSel := poll.MaxSelections
	if maxSel < 1 {
		maxSel = 1
	}
	c := &pollStartContent{
		PollStart: event.PollStart{
			Kind:          kind,
			MaxSelections: min(maxSel, len(poll.Options)),
			Question:      event.MSC1767Message{Text: poll.Question},
		},
		Text: poll.Fallback,
	}
	var fallback strings.Builder
	fallback.WriteString(poll.Question)
	for i, o := range poll.Options {
		if o.ID == "" {
			return nil, fmt.Errorf("matrix: poll option %d has no ID", i+1)
		}
		c.PollStart.Answers = append(c.PollStart.Answers, event.PollOption{ID: o.ID, MSC1767Message: event.MSC1767Message{Text: o.Text}})
		fmt.Fprintf(&fallback, "\n%d. %s", i+1, o.Text)
	}
	if c.Text == "" {
		c.Text = fallback.String()
	}
	return c, nil
}

// EndPoll closes a poll; clients show resultText with it. The runtime calls it for an outbox
// item and retries it on an error, also after a timeout that the server may have outlived:
// the transaction ID is derived from the poll, so the homeserver answers a retry (while it
// remembers the transaction, minutes at least) with the end it already stored instead of
// storing a second one.
func (t *Transport) EndPoll(ctx context.Context, room bot.Room, pollID string, resultText string) error {
	roomID, err := matrixRoom(room)
	if err != nil {
		return err
	}
	if pollID == "" {
		return errors.New("matrix: end a poll: no poll ID")
	}
	content := &pollEndContent{
		RelatesTo: event.RelatesTo{Type: event.RelReference, EventID: id.EventID(pollID)},
		Text:      resultText,
	}
	_, err = t.sendEventTxn(ctx, roomID, event.EventUnstablePollEnd, content, stableTxn("folkmoot-poll-end-", pollID))
	return err
}

// stableTxn is a transaction ID derived from what an event is about: the same for every
// attempt, and safe in a URL path whatever key holds.
func stableTxn(prefix, key string) string {
	sum := sha256.Sum256([]byte(key))
	return prefix + hex.EncodeToString(sum[:16])
}

// onPollResponse hands a poll answer to the runtime.
func (t *Transport) onPollResponse(_ context.Context, evt *event.Event) {
	if !t.acceptable(evt) {
		return
	}
	pollID, options, ok := parsePollResponse(evt.Content.VeryRaw)
	if !ok {
		return
	}
	ctx := t.runContext()
	t.inbox().Deliver(ctx, bot.Message{
		Room:   bot.Room{Protocol: bot.Matrix, ID: evt.RoomID.String()},
		Sender: t.member(ctx, evt.RoomID, evt.Sender),
		ID:     evt.ID.String(),
		Time:   time.UnixMilli(evt.Timestamp),
		Poll:   &bot.PollAnswer{PollID: pollID, Options: options},
	})
}

// parsePollResponse reads a poll answer in either format: MSC3381
// ({"org.matrix.msc3381.poll.response": {"answers": [...]}}) or stable ({"m.selections": [...]}).
func parsePollResponse(raw []byte) (pollID string, options []string, ok bool) {
	var c struct {
		RelatesTo struct {
			Type    string `json:"rel_type"`
			EventID string `json:"event_id"`
		} `json:"m.relates_to"`
		Unstable *struct {
			Answers []string `json:"answers"`
		} `json:"org.matrix.msc3381.poll.response"`
		Stable *[]string `json:"m.selections"`
	}
	if err := json.Unmarshal(raw, &c); err != nil || c.RelatesTo.Type != string(event.RelReference) || c.RelatesTo.EventID == "" {
		return "", nil, false
	}
	switch {
	case c.Unstable != nil:
		options = c.Unstable.Answers
	case c.Stable != nil:
		options = *c.Stable
	default:
		return "", nil, false
	}
	if options == nil {
		options = []string{}
	}
	return c.RelatesTo.EventID, options, true
}
