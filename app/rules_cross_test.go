package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/minutes"
	"folkmoot/words"
)

// The room's rules in its members' hands: shown with where each comes from, changed by a
// vote under the current rules, only by vote once the room says so, and an emergency change
// that lapses when its confirming vote fails.
func TestRulesChangeByVote(t *testing.T) {
	kit, room := rulesRoom(t)
	got := room.SayOne(t, "bo", "!rules")
	apptest.Has(t, "rules", got, "The rules of this room:",
		"• language (the room's language): en — the default",
		"• quorum (the quorum of votes that name none): off — the default",
		"• vote-duration (how long a vote runs when its opener says nothing): 2 days — set in the configuration",
		"• consent-window (how long the chosen may decline a role): 12 hours — set in the configuration",
		"• by-vote (rules change only by vote): off — the default",
		"Any member may put a change to a vote with !rules propose <rule> <value>")

	room.Say(t, "ana", "!vote policy quorum 40%")
	apptest.Has(t, "set by a command", room.SayOne(t, "bo", "!rules"), "• quorum (the quorum of votes that name none): 40% — set by ana, Wed 25 Nov 10:00 CET")

	opened := room.SayOne(t, "bo", "!rules propose quorum 50%")
	apptest.Has(t, "proposed", opened, "bo proposes to change the rule quorum from 40% to 50%; it changes only if the vote passes.",
		"Change the rule quorum from 40% to 50%?", "#1")
	apptest.Has(t, "shown while open", room.SayOne(t, "cy", "!rules"), "(vote #1 open on changing it to 50%, proposed by bo)")
	apptest.Has(t, "one at a time", room.SayOne(t, "cy", "!rules propose quorum 60%"),
		"A change of quorum to 50% is already being voted on (vote #1): one proposal on a rule at a time.")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "!vote 1 agree")
	}
	closed := apptest.Texts(kit.Advance(t, 49*time.Hour))
	if !apptest.Contains(closed, "Vote #1 passed: the rule quorum is now 50% (it was 40%).") {
		t.Fatalf("at the close: %q", closed)
	}
	apptest.Has(t, "decided by vote", room.SayOne(t, "bo", "!rules"), "• quorum (the quorum of votes that name none): 50% — decided by vote #1")

	apptest.Has(t, "by vote", room.SayOne(t, "ana", "!rules by-vote on"), "From now on this room changes its rules by vote")
	apptest.Has(t, "direct change refused", room.SayOne(t, "ana", "!vote policy quorum 60%"), "This room changes its rules (vote-openers, quorum) by vote")
	apptest.Has(t, "lang refused", room.SayOne(t, "ana", "!lang es"), "This room changes its rules (language) by vote")
	apptest.Has(t, "showing is fine", room.SayOne(t, "bo", "!lang"), "This room speaks English")

	// An emergency change takes effect at once and lapses when its vote does not pass.
	emergency := room.SayOne(t, "ana", "!rules set quorum 30%")
	apptest.Has(t, "emergency", emergency, "Emergency change by ana: the rule quorum is now 30% (it was 50%).", "(#2)")
	apptest.Has(t, "marked", room.SayOne(t, "bo", "!rules"), "• quorum (the quorum of votes that name none): 30% — emergency change by ana", "waiting for its confirming vote #2 (before: 50%)")
	room.Say(t, "bo", "!vote 2 block it was not an emergency")
	closed = apptest.Texts(kit.Advance(t, 49*time.Hour))
	if !apptest.Contains(closed, "Vote #2 did not confirm the emergency change: the rule quorum goes back from 30% to 50%.") {
		t.Fatalf("at the confirming close: %q", closed)
	}
	apptest.Has(t, "lapsed", room.SayOne(t, "bo", "!rules"), "• quorum (the quorum of votes that name none): 50% — decided by vote #1")

	// Turning votes off is itself decided by a vote.
	apptest.Has(t, "off by vote", room.SayOne(t, "ana", "!rules by-vote off"), "proposes to change the rule by-vote from on to off", "#3")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "!vote 3 agree")
	}
	closed = apptest.Texts(kit.Advance(t, 49*time.Hour))
	if !apptest.Contains(closed, "Vote #3 passed: the rule by-vote is now off (it was on).") {
		t.Fatalf("at the close of by-vote: %q", closed)
	}
	apptest.Has(t, "direct again", room.SayOne(t, "ana", "!vote policy quorum 60%"), "60%")

	// The digest of the period lists every change, and how it was made.
	ctx := context.Background()
	dg, err := app.MeetingHooks().BuildDigest(ctx, words.For("en"), kit.App.DB, room.Room, apptest.Start, kit.Clock.Now(), kit.Clock.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	text, err := minutes.DigestText(&dg)
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "digest", string(text), "Rules changed",
		"quorum: off → 40%, set by ana", "quorum: 40% → 50%, by vote #1",
		"quorum: 50% → 30%, emergency change by ana, lapsed when vote #2 did",
		"by-vote: off → on, set by ana", "by-vote: on → off, by vote #3", "quorum: 50% → 60%, set by ana")
}

// rulesRoom is a room of every feature where ana is admin and bo and cy have spoken, so
// that three members vote.
func rulesRoom(t *testing.T) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "hello")
	}
	return kit, room
}

// Bad input is answered with what is expected, and nothing changes.
func TestRulesInputIsChecked(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	room.Admin("ana")
	tests := []struct{ who, in, want string }{
		{"bo", "!rules propose", "Say the rule and its new value"},
		{"bo", "!rules bogus 3", "Say the rule and its new value"},
		{"bo", "!rules propose quorum", "Say the rule and its new value"},
		{"bo", "!rules propose speed 3", "There is no rule “speed”; the rules are: language, timezone"},
		{"bo", "!rules propose quorum 500%", "quorum"},
		{"bo", "!rules propose quorum off", "The rule quorum is off already."},
		{"bo", "!rules propose vote-duration 3 days", "The rule vote-duration is set in folkmoot's configuration"},
		{"bo", "!rules propose language xx", "xx"},
		{"bo", "!rules set quorum 50%", "Only the room's facilitator"},
		{"bo", "!rules by-vote on", "Only the room's facilitator"},
		{"ana", "!rules by-vote maybe", "Say on or off"},
		{"ana", "!rules by-vote off", "This room does not change its rules by vote."},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	got := room.SayOne(t, "bo", "!rules")
	apptest.Has(t, "unchanged", got, "• quorum (the quorum of votes that name none): off — the default", "• by-vote (rules change only by vote): off — the default")
	apptest.Has(t, "no vote opened", room.SayOne(t, "bo", "!votes"), "No")
}

// The yearly review puts each rule that has stood a year to a keep / change / drop vote; a
// rule dropped goes back to its default, recorded with the vote.
func TestRulesYearlyReview(t *testing.T) {
	kit, room := rulesRoom(t)
	room.Say(t, "ana", "!vote policy quorum 40%")
	apptest.Has(t, "scheduled", room.SayOne(t, "ana", "!rules review every year on 1 mar 19:00"),
		"The rules will be reviewed every year on 1 March at 19:00", "first Mon 1 Mar 2027 19:00 CET")
	apptest.Has(t, "a season's marker", room.SayOne(t, "ana", "!rules review every solstice 19:00"), "The rules will be reviewed")
	apptest.Has(t, "back to the date", room.SayOne(t, "ana", "!rules review every year on 1 mar 19:00"), "first Mon 1 Mar 2027 19:00 CET")
	apptest.Has(t, "by hand", room.SayOne(t, "ana", "!rules review"), "Time to review the rules",
		"Rule language (the room's language) is en: keep it, change it, or drop it back to the default?")
	apptest.Lacks(t, "changed today", room.SayOne(t, "ana", "!votes"), "Rule quorum")
	kit.Advance(t, 3*24*time.Hour) // the votes opened by hand close

	kit.Clock.Set(time.Date(2027, 3, 1, 17, 59, 0, 0, time.UTC)) // the first review: quorum is not a year old
	first := apptest.Texts(kit.Advance(t, time.Minute))
	if !apptest.Contains(first, "Time to review the rules") || apptest.Contains(first, "Rule quorum") {
		t.Fatalf("the first review: %q", first)
	}
	kit.Advance(t, 3*24*time.Hour)

	kit.Clock.Set(time.Date(2028, 2, 1, 10, 0, 0, 0, time.UTC))
	room.Say(t, "ana", "!lang es") // changed within the year: not reviewed
	room.Say(t, "ana", "!lang en")
	kit.Clock.Set(time.Date(2028, 3, 1, 17, 59, 0, 0, time.UTC))
	notices := apptest.Texts(kit.Advance(t, time.Minute))
	if !apptest.Contains(notices, "Time to review the rules", "Rule quorum (the quorum of votes that name none) is 40%") {
		t.Fatalf("the second review: %q", notices)
	}
	if apptest.Contains(notices, "Rule language") {
		t.Errorf("a rule changed within the year is reviewed: %q", notices)
	}
	votes := room.SayOne(t, "bo", "!votes")
	quorumVote := voteNumberOf(t, votes, "Rule quorum")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "!vote "+quorumVote+" 3") // drop
	}
	closed := apptest.Texts(kit.Advance(t, 3*24*time.Hour))
	if !apptest.Contains(closed, "the rule quorum is dropped back to its default, off (it was 40%).") {
		t.Fatalf("at the close: %q", closed)
	}
	apptest.Has(t, "recorded", room.SayOne(t, "bo", "!rules"), "• quorum (the quorum of votes that name none): off — decided by vote #"+quorumVote)
}

// voteNumberOf finds the number of the open vote whose line in !votes mentions what.
func voteNumberOf(t *testing.T, votes, what string) string {
	t.Helper()
	line := lineWith(votes, what)
	_, after, ok := strings.Cut(line, "#")
	if !ok {
		t.Fatalf("no vote about %q in %q", what, votes)
	}
	n, _, _ := strings.Cut(after, " ")
	return strings.Trim(n, ":")
}

// A proposal the vote does not pass changes nothing; an emergency change its vote confirms
// stands, marked as confirmed.
func TestRulesProposalFailsAndEmergencyConfirmed(t *testing.T) {
	kit, room := rulesRoom(t)
	room.Say(t, "bo", "!rules propose language es")
	room.Say(t, "ana", "!vote 1 block we have members who read no Spanish")
	closed := apptest.Texts(kit.Advance(t, 49*time.Hour))
	if !apptest.Contains(closed, "Vote #1 did not pass: the rule language stays en.") {
		t.Fatalf("at the close: %q", closed)
	}
	apptest.Has(t, "unchanged", room.SayOne(t, "bo", "!rules"), "• language (the room's language): en — the default")

	room.Say(t, "ana", "!rules by-vote on")
	apptest.Has(t, "emergency", room.SayOne(t, "ana", "!rules set vote-openers facilitators"), "Emergency change by ana: the rule vote-openers is now facilitators")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "!vote 2 agree")
	}
	closed = apptest.Texts(kit.Advance(t, 49*time.Hour))
	if !apptest.Contains(closed, "Vote #2 confirmed the emergency change: the rule vote-openers stays facilitators.") {
		t.Fatalf("at the confirming close: %q", closed)
	}
	apptest.Has(t, "confirmed", room.SayOne(t, "bo", "!rules"), "facilitators — emergency change by ana", "confirmed by vote #2")
}

// The room's default kind of vote is a rule: a vote that names none takes it.
func TestRulesSetTheDefaultVoteKind(t *testing.T) {
	_, room := rulesRoom(t)
	apptest.Has(t, "choice refused", room.SayOne(t, "ana", "!rules set vote-kind choice"), "a choice vote names its options")
	apptest.Has(t, "set", room.SayOne(t, "ana", "!rules set vote-kind majority"), "The rule vote-kind is now majority (it was consensus).")
	apptest.Has(t, "a majority vote", room.SayOne(t, "bo", `!vote new "Paint the door?"`), "A majority vote opened by bo")
	apptest.Has(t, "named", room.SayOne(t, "bo", `!vote new "Paint the gate?" --kind consensus`), "A consensus vote opened by bo")
}

// The room's speaking time is a rule: a round that names no length takes it.
func TestRulesSetTheSpeakingTime(t *testing.T) {
	kit, room := rulesRoom(t)
	apptest.Has(t, "shown", room.SayOne(t, "bo", "!rules"), "• speaking-time (how long each member speaks in a round that names no length): 2m — the default")
	apptest.Has(t, "range", room.SayOne(t, "ana", "!rules set speaking-time 1s"), "A turn is between")
	apptest.Has(t, "set", room.SayOne(t, "ana", "!rules set speaking-time 90s"), "The rule speaking-time is now 90s (it was 2m).")
	room.Say(t, "ana", "!round the park")
	room.Say(t, "bo", "!in")
	notices := strings.Join(apptest.Texts(kit.Advance(t, time.Minute)), "\n")
	apptest.Has(t, "a round", notices, "1:30")
}

// Which groups exist is a rule: by vote, a group is added when the vote passes.
func TestRulesDecideTheGroupsByVote(t *testing.T) {
	kit, room := rulesRoom(t)
	room.Say(t, "ana", "!group add women")
	room.Say(t, "ana", "!rules by-vote on")
	apptest.Has(t, "refused", room.SayOne(t, "ana", "!group add youth"), "This room changes its rules (groups) by vote")
	apptest.Has(t, "proposed", room.SayOne(t, "bo", "!rules propose groups women, youth"), "from women to women, youth")
	for _, who := range []string{"ana", "bo", "cy"} {
		room.Say(t, who, "!vote 1 agree")
	}
	kit.Advance(t, 49*time.Hour)
	apptest.Has(t, "added", room.SayOne(t, "cy", "!groups"), "• women: 0 members", "• youth: 0 members")
}
