package rounds_test

import (
	"testing"
	"time"
)

// Bad input is answered clearly and changes nothing: neither the stored state nor its timer.
func TestBadInputChangesNothing(t *testing.T) {
	tests := []struct {
		name  string
		setup []string // ana's commands first
		who   string
		in    string
		want  string
	}{
		{"done without the floor", []string{"!round --with bo cy"}, "cy", "!done", "Only bo holds the floor now."},
		{"pass without the floor", []string{"!round --with bo cy"}, "dan", "!pass", "Only bo holds the floor now."},
		{"done with no round", nil, "bo", "!done", "Nobody holds the floor now."},
		{"round while a round runs", []string{"!round --with bo cy"}, "ana", "!round again", "A round is already running: finish it or stop it first."},
		{"in after the window", []string{"!round --with bo cy"}, "dan", "!in", "This round has a fixed list of speakers"},
		{"in with no round", nil, "dan", "!in", "No listening round is running: start one with !round."},
		{"in twice", []string{"!round", "!in"}, "ana", "!in", "ana is already in."},
		{"unknown member in --with", nil, "ana", "!round --with bo zoe", "I don't know a member “zoe” in this room."},
		{"named twice in --with", nil, "ana", "!round --with bo bo", "bo is named twice in --with."},
		{"each 0s", nil, "ana", "!round --each 0s", "Each turn must be between 10 seconds and 30 minutes (got 0 seconds)."},
		{"each 5h", nil, "ana", "!round --each 5h", "Each turn must be between 10 seconds and 30 minutes (got 5 hours)."},
		{"each unreadable", nil, "ana", "!round --each soon", "I couldn't read the duration “soon”"},
		// Several unreadable lengths: the first of the synopsis is named, every time.
		{"lengths unreadable", nil, "ana", "!round x --signup 9999999999h --pause in 18h --each at 18h", "I couldn't read the duration “at”"},
		{"lengths unreadable again", nil, "ana", "!round x --signup 9999999999h --pause in 18h --each at 18h", "I couldn't read the duration “at”"},
		{"lengths unreadable once more", nil, "ana", "!round x --signup 9999999999h --pause in 18h --each at 18h", "I couldn't read the duration “at”"},
		{"pause too long", nil, "ana", "!round --pause 6m", "The pause between turns must be between 0 seconds and 5 minutes"},
		{"bad order", nil, "ana", "!round --order loudest", "“loudest” is not an order: use joined, random or least-heard."},
		{"not facilitator", nil, "bo", "!round budget", "Only the room's facilitator, room admins or bot admins may use !round."},
		{"not facilitator: stop", []string{"!round --with bo cy"}, "cy", "!round stop", "may use !round stop."},
		{"extend by a member", []string{"!round --with bo cy"}, "bo", "!extend 5m", "may use !extend."},
		{"extend too much", []string{"!round --with bo cy"}, "ana", "!extend 45m", "An extension must be between 10 seconds and 30 minutes"},
		{"extend in the sign-up", []string{"!round"}, "ana", "!extend 1m", "Nobody holds the floor now, so there is no turn to extend."},
		{"resume when running", []string{"!round --with bo cy"}, "ana", "!round resume", "The round is not paused."},
		{"pause with words", []string{"!round --with bo cy"}, "ana", "!round pause now", "!round pause takes nothing more"},
		{"flag of start on stop", []string{"!round --with bo cy"}, "ana", "!round stop --each 1m", "Options like --each only go with !round"},
		{"hand twice", []string{"!hand"}, "ana", "!hand again", "ana is already in the queue."},
		{"hand down without a hand", nil, "bo", "!hand down", "bo is not in the queue."},
		{"next with an empty queue", nil, "ana", "!next", "Nobody is in the queue."},
		{"direct when off", []string{"!queue direct off"}, "bo", "!hand direct", "Direct responses are turned off"},
		{"queue mode unknown", nil, "ana", "!queue mode loud", "Say progressive or order."},
		{"queue timer too short", nil, "ana", "!queue timer 5s", "A queue turn must be between 10 seconds and 30 minutes"},
		{"queue change by a member", nil, "bo", "!queue clear", "may use !queue clear."},
		{"silence by a member", nil, "bo", "!silence", "Only the timekeeper, the room's facilitator, room admins or bot admins may start a silence."},
		{"silence too long", nil, "ana", "!silence 20m", "A silence must last between 5 seconds and 10 minutes"},
		{"silence during a round", []string{"!round --with bo cy"}, "ana", "!silence", "A listening round is running: it keeps its own pauses."},
		{"silence twice", []string{"!silence"}, "ana", "!silence", "A silence is already running."},
		{"stats of a year", nil, "bo", "!stats year", "Say meeting, week or month."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kit, room := rdRoom(t)
			for _, c := range tc.setup {
				room.SayOne(t, "ana", c)
			}
			kit.Advance(t, 5*time.Second)
			before := stored(t, kit, room)
			room.Answers(t, tc.who, tc.in, tc.want)
			if after := stored(t, kit, room); after != before {
				t.Errorf("the state changed:\n%s\n%s", before, after)
			}
		})
	}
}
