package meetings_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// flat puts a text on one line, so that words wrapped by the text minutes still match.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestVoteResultsReadAlikeEverywhere: each vote's result is worded once, by the vote
// package, and the room, !vote show, the minutes and the digest all say it so: a blocked
// proposal is never "Decided", a tie is a tie, a choice names its winner, and a recalled
// mandate says it was recalled.
func TestVoteResultsReadAlikeEverywhere(t *testing.T) {
	m := newMeeting(t)
	// (No emoji in names here: the PDF minutes fail on them, which another change fixes.)
	for _, who := range []string{"bo", "cy", "Zoë"} {
		m.say(t, who, "hello")
	}
	m.one(t, "ana", "!mandate bo speak at the council until 20 dec", "Mandate #1")
	m.kit.Advance(t, time.Minute)
	m.one(t, "ana", "!meeting start Plenary")
	m.say(t, "ana", `!vote new "Repaint the hall?" --closes 30m`)
	m.say(t, "ana", `!vote new "Buy a projector?" --kind majority --closes 30m`)
	m.say(t, "ana", `!vote new "Which evening?" --options "mon|wed|thu" --closes 30m`)
	m.say(t, "cy", "!recall 1 we changed our minds")
	steps := []struct{ who, say string }{
		{"bo", "!vote 1 agree"}, {"cy", "!vote 1 block the hall is booked"},
		{"bo", "!vote 2 yes"}, {"cy", "!vote 2 no"},
		{"bo", "!vote 3 2"}, {"cy", "!vote 3 wed"}, {"Zoë", "!vote 3 1"},
	}
	for _, s := range steps {
		m.one(t, s.who, s.say, "recorded")
	}
	for _, who := range []string{"ana", "bo", "cy", "Zoë"} {
		m.one(t, who, "!vote 4 yes", "recorded")
	}
	room := apptest.Texts(m.kit.Advance(t, 30*time.Minute))
	room = append(room, m.say(t, "ana", "!vote close 4")...)
	room = append(room, apptest.Texts(m.kit.Tick(t))...)
	verdict := regexp.MustCompile(`^Vote #(\d) .* is closed: (.*)\.\n`)
	said := map[string]string{}
	for _, s := range room {
		if v := verdict.FindStringSubmatch(s); v != nil {
			said[v[1]] = v[2]
		}
	}
	want := map[string]string{"1": "BLOCKED", "2": "NOT PASSED (a tie)", "3": "“wed” WINS", "4": "PASSED"}
	for n, w := range want {
		if said[n] != w {
			t.Errorf("room said vote #%s is %q, want %q (all: %q)", n, said[n], w, room)
		}
	}
	if !apptest.Contains(room, "The mandate #1 of bo for “speak at the council” is recalled: vote #4 passed; it has ended.") {
		t.Errorf("recall notice: %q", room)
	}
	for n, w := range want {
		show := m.one(t, "ana", "!vote show "+n, w)
		if c := strings.Count(show, "Vote #"+n+" “"); c != 1 {
			t.Errorf("!vote show %s names the vote %d times:\n%s", n, c, show)
		}
	}
	// Only what passed or chose is a decision; the others are counted as the room heard them.
	m.one(t, "ana", "!meeting end", "2 decisions, 1 vote blocked, 1 vote not passed, 0 dissents")
	txt := flat(m.read(t, ".txt"))
	apptest.Has(t, "minutes", txt,
		"Vote #1 (consensus): Repaint the hall? — BLOCKED", "Vote #2 (majority): Buy a projector? — NOT PASSED (a tie)",
		"Vote #3 (choice): Which evening? — “wed” WINS", "— PASSED", "Tally: 1 agree; 0 stand aside; 0 object; 1 block",
		"Ended: speak at the council — bo", "recalled by vote #4")
	apptest.Lacks(t, "minutes", txt, "Decided: Vote", "rejected", "— blocked", "— tied", "decided", "Ending:", "until 20 Dec")
	m.kit.Advance(t, time.Hour)
	m.one(t, "bo", "!digest --format txt", "Digest", "1 meeting, 2 decisions, 1 vote blocked, 1 vote not passed, 0 dissents recorded")
	dg := flat(m.read(t, "digest-since-2026-11-18.txt"))
	apptest.Has(t, "digest", dg, "Vote #1 (consensus): Repaint the hall? — BLOCKED", "Vote #3 (choice): Which evening? — “wed” WINS")
	apptest.Lacks(t, "digest", dg, "Decided: Vote")
}

// TestUndoWithNothingToUndo: !undo in a meeting that recorded nothing says so, without a
// word about dissent it does not have.
func TestUndoWithNothingToUndo(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	got := m.one(t, "ana", "!undo", "There is nothing to take back: nothing has been recorded in this meeting yet.")
	apptest.Lacks(t, "undo", got, "dissent")
}

// TestSecretVoteInMinutes: the minutes say a vote was secret, as the room was told at its
// opening and its close, and name nobody.
func TestSecretVoteInMinutes(t *testing.T) {
	m := newMeeting(t)
	m.say(t, "Zoë 🌻", "hello")
	m.one(t, "ana", "!meeting start Plenary")
	m.kit.Advance(t, time.Minute)
	m.say(t, "ana", `!vote new "Repaint the hall?" --kind majority --secret --closes 30m`)
	m.one(t, "ana", "!vote 1 yes", "recorded")
	m.one(t, "Zoë 🌻", "!vote 1 no", "recorded")
	m.kit.Advance(t, 30*time.Minute)
	m.one(t, "ana", "!meeting end", "0 decisions, 1 vote not passed")
	txt := flat(m.read(t, ".txt"))
	apptest.Has(t, "minutes", txt, "Vote #1 (majority, secret): Repaint the hall? — NOT PASSED (a tie)", "Tally: 1 yes; 1 no; 0 abstain")
	apptest.Lacks(t, "minutes", txt, "Zoë 🌻 (", "Block:")
}

// The minutes word a vote's turnout and a secret count's warning as the room heard them: one
// voter of one member is "1 of 1 member voted", and the note that the count shows a choice
// is in the minutes too.
func TestMinutesWordTurnoutAndRevealAsTheRoom(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start Plenary")
	m.kit.Advance(t, time.Minute)
	m.say(t, "ana", `!vote new "Q?" --kind majority --secret --closes 30m`)
	m.one(t, "ana", "!vote 1 yes", "recorded")
	closed := m.one(t, "ana", "!vote close 1 anyway", "is closed")
	apptest.Has(t, "the room's result", closed, "1 of 1 member voted", "Only one member voted, so the count shows how they chose.")
	m.one(t, "ana", "!meeting end")
	txt := flat(m.read(t, ".txt"))
	apptest.Has(t, "minutes", txt, "Turnout: 1 of 1 member voted", "Only one member voted, so the count shows how they chose.")
	apptest.Lacks(t, "minutes", txt, "1 of 1 members")
}
