package apptest

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
)

// PollTransport is the in-memory transport with native polls (bot.Poller), like Matrix.
type PollTransport struct {
	*Transport

	mu    sync.Mutex
	polls []SentPoll
	// FailPolls makes SendPoll and EndPoll fail, to test that votes stand without polls.
	FailPolls bool
}

// SentPoll is a poll the bot posted, and whether and how it was ended.
type SentPoll struct {
	ID     string
	Room   bot.Room
	Poll   bot.Poll
	Ended  bool
	Result string
}

var _ bot.Poller = (*PollTransport)(nil)

// SendPoll implements bot.Poller. Like a Matrix homeserver with transaction IDs, it answers
// a poll whose Ref it has seen with the poll it already has, posting nothing.
func (p *PollTransport) SendPoll(_ context.Context, room bot.Room, poll bot.Poll) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.FailPolls {
		return "", errors.New("bottest: polls are failing")
	}
	for _, sent := range p.polls {
		if poll.Ref != "" && sent.Poll.Ref == poll.Ref {
			return sent.ID, nil
		}
	}
	id := "$poll" + strconv.Itoa(len(p.polls)+1)
	p.polls = append(p.polls, SentPoll{ID: id, Room: room, Poll: poll})
	return id, nil
}

// EndPoll implements bot.Poller.
func (p *PollTransport) EndPoll(_ context.Context, room bot.Room, pollID, resultText string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.FailPolls {
		return errors.New("bottest: polls are failing")
	}
	for i := range p.polls {
		if p.polls[i].ID == pollID && p.polls[i].Room == room {
			p.polls[i].Ended, p.polls[i].Result = true, resultText
			return nil
		}
	}
	return errors.New("bottest: no such poll")
}

// Polls returns the polls posted so far.
func (p *PollTransport) Polls() []SentPoll {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]SentPoll(nil), p.polls...)
}

// PollKit is a kit whose transport has native polls, wired as the app wires a Poller:
// answers go to the road, and polls of votes closed by the scheduler are ended after
// jobs fire.
type PollKit struct {
	*Kit
	Poller      *PollTransport
	pollAnswers int // numbers the answers, as a network gives each event its ID
}

// NewWithPoller starts a kit with a polling transport in a temporary data dir.
func NewWithPoller(t testing.TB, features ...feature.Feature) *PollKit {
	return NewWithPollerAt(t, t.TempDir(), Start, features...)
}

// NewWithPollerAt is NewWithPoller on a given data dir and clock start, to test restarts.
// The app wires the poller as it wires Matrix: responses go to the votes, and polls of
// votes the scheduler closed are ended after jobs fire.
func NewWithPollerAt(t testing.TB, dataDir string, start time.Time, features ...feature.Feature) *PollKit {
	t.Helper()
	k := NewAt(t, dataDir, start, features...)
	p := &PollTransport{Transport: k.Transport}
	k.App.Add(p) // replaces the plain transport of the same protocol
	k.via = p
	return &PollKit{Kit: k, Poller: p}
}

// Room returns a room whose messages arrive through the polling transport.
func (k *PollKit) Room(name string) *PollRoom {
	return &PollRoom{Room: k.Kit.Room(name), kit: k}
}

// PollRoom is a room of a PollKit.
type PollRoom struct {
	*Room
	kit *PollKit
}

// Respond answers a poll as a member, at the clock's time, and returns what the bot said.
func (r *PollRoom) Respond(t testing.TB, m bot.Member, pollID string, options ...string) []Posted {
	t.Helper()
	r.kit.pollAnswers++
	ctx := context.Background()
	r.kit.App.Bot.Deliver(ctx, r.kit.Poller, bot.Message{Room: r.Room.Room, Sender: m, Time: r.kit.Clock.Now(),
		ID: "poll-answer-" + strconv.Itoa(r.kit.pollAnswers), Poll: &bot.PollAnswer{PollID: pollID, Options: options}})
	r.kit.App.Bot.Flush(ctx)
	return r.kit.Transport.Take()
}
