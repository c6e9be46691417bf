package votes_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/config"
)

// step is one line of a conversation and what its answer must and must not say.
type step struct {
	who, say string
	want     []string
	not      []string
}

func converse(t *testing.T, room *apptest.Room, steps []step) {
	t.Helper()
	for _, s := range steps {
		got := room.Answers(t, s.who, s.say, s.want...)
		apptest.Lacks(t, s.who+" says "+s.say, got, s.not...)
	}
}

// TestNumberAfterTheOptionNamesTheVote: a number where a vote id may stand means that vote,
// in every form of ballot, or the bot asks; it is never a silent ballot on another vote with
// the number as its reason.
func TestNumberAfterTheOptionNamesTheVote(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "Paint it red?"`, "#1")
	room.Answers(t, "ana", `!vote new "Buy paint?" --kind majority`, "#2")
	converse(t, room, []step{
		// #1 has no "yes": the ballot is refused, not cast on #2 with the reason "1".
		{who: "Zoë 🌻", say: "!vote yes 1", want: []string{"#1", "“yes” is not an option", "agree"}, not: []string{"recorded"}},
		{who: "Zoë 🌻", say: "!yes 1", want: []string{"#1", "“yes” is not an option"}, not: []string{"recorded"}},
		{who: "Zoë 🌻", say: "!vote show 2", want: []string{"Nobody has voted yet."}},
		{who: "رێزان", say: "!vote agree 1", want: []string{"رێزان: agree on #1 recorded."}},
		{who: "رێزان", say: "!vote show 1", want: []string{"رێزان — agree"}, not: []string{"“1”"}},
		{who: "bo", say: "!vote yes #2 cheap enough", want: []string{"bo: yes on #2 recorded"}},
		{who: "bo", say: "!vote show 2", want: []string{"bo — yes: “cheap enough”"}},
		{who: "cy", say: "!block 1 the hall is booked", want: []string{"cy: block on #1 recorded"}},
		{who: "cy", say: "!vote show 1", want: []string{"cy — block: “the hall is booked”"}},
		// A number that names no open vote is asked about.
		{who: "dee", say: "!no 7", want: []string{"There is no vote #7", "Open: #1", "#2", "Nothing was recorded."}, not: []string{"no on #"}},
		{who: "dee", say: "!vote no 7", want: []string{"There is no vote #7"}, not: []string{"no on #"}},
		{who: "dee", say: "!vote show 2", want: []string{"Not voted yet"}, not: []string{"dee —"}},
	})
}

// TestNumberWithOneVoteOpen: with one vote open a number after the option still names a
// vote: that one, or none, and then the bot asks instead of taking it as the reason.
func TestNumberWithOneVoteOpen(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Answers(t, "ana", `!vote new "Buy paint?" --kind majority --closes in 1h`, "#1")
	converse(t, room, []step{
		{who: "bo", say: "!yes 1", want: []string{"bo: yes on #1 recorded."}},
		{who: "bo", say: "!vote show 1", want: []string{"bo — yes"}, not: []string{"“1”"}},
		{who: "cy", say: "!no 2 weeks is too short", want: []string{"There is no vote #2", "!vote 1 no 2 weeks is too short"}, not: []string{"no on #"}},
		{who: "cy", say: "!vote 1 no 2 weeks is too short", want: []string{"cy: no on #1 recorded"}},
		{who: "cy", say: "!vote show 1", want: []string{"cy — no: “2 weeks is too short”"}},
		{who: "dee", say: `!no "2 weeks is too short"`, want: []string{"dee: no on #1 recorded"}},
		{who: "dee", say: "!vote show 1", want: []string{"dee — no: “2 weeks is too short”"}},
	})
	kit.Advance(t, time.Hour)
	room.Answers(t, "ana", `!vote new "Buy brushes?" --kind majority`, "#2")
	// #1 is closed: its number is answered so, and the ballot goes nowhere.
	converse(t, room, []step{
		{who: "eve", say: "!yes 1", want: []string{"Vote #1 “Buy paint?” closed", "Open: #2"}, not: []string{"yes on #"}},
		{who: "eve", say: "!vote show 2", want: []string{"Nobody has voted yet."}},
	})
}

// TestChoiceBallotNumbers: in a choice vote, `!vote 1 2` is option 2 of vote 1; a number
// that could be either an option or a vote, or a second option without a comma, is asked
// about.
func TestChoiceBallotNumbers(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "Which evening?" --options "mon|wed|thu" --max 2`, "#1")
	converse(t, room, []step{
		{who: "bo", say: "!vote 1 2", want: []string{"bo: wed on #1 recorded"}},
		// "2 3" is two options or an option and a reason: asked.
		{who: "cy", say: "!vote 1 2 3", want: []string{"“3”", "!vote 1 2,3", `!vote 1 2 "3"`, "Nothing was recorded"}, not: []string{"on #1 recorded"}},
		{who: "cy", say: "!vote 1 2, 3", want: []string{"cy: wed, thu on #1 recorded"}},
		{who: "Zoë 🌻", say: `!vote 1 2 "3 is too late"`, want: []string{"Zoë 🌻: wed on #1 recorded"}},
		{who: "Zoë 🌻", say: "!vote show 1", want: []string{"Zoë 🌻 — wed: “3 is too late”"}},
		{who: "dee", say: "!vote 1 mon, thu because both", want: []string{"dee: mon, thu on #1 recorded"}},
		{who: "dee", say: "!vote show 1", want: []string{"dee — mon, thu: “because both”", "cy — wed, thu", "bo — wed"}, not: []string{"“3”"}},
		// No vote #3, but #1 has an option 3: the bot says how to pick it.
		{who: "eve", say: "!vote 3", want: []string{"There is no vote #3", "!vote 1 3"}},
		{who: "eve", say: "!vote 3 1", want: []string{"There is no vote #3", "option 3 (“thu”) of #1", "!vote 1 3"}, not: []string{"recorded"}},
		{who: "eve", say: "!vote thu 1", want: []string{"eve: thu on #1 recorded"}},
	})
	room.Answers(t, "ana", `!vote new "Buy paint?" --kind majority`, "#2")
	converse(t, room, []step{
		// #1 has no "yes": its options, not a ballot on #2 with the reason "1".
		{who: "fay", say: "!vote yes 1", want: []string{"#1: “yes” is not an option of this vote. The options are: 1 = mon"}, not: []string{"on #2 recorded"}},
		// #2 has no option 1, but #1 has an option 2: asked, nothing recorded.
		{who: "fay", say: "!vote 2 1", want: []string{"#2", "“1” is not an option", "option 2 (“wed”) of #1", "!vote 1 2"}, not: []string{"recorded"}},
	})
}

// TestOptionOfSeveralWords: a choice option of several words is read whole, not as its
// first word with the rest as a reason.
func TestOptionOfSeveralWords(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "How long?" --options "1 day|2 days|a whole week"`, "#1")
	converse(t, room, []step{
		{who: "bo", say: "!vote 1 a whole week", want: []string{"bo: a whole week on #1 recorded"}},
		{who: "cy", say: "!vote 1 2 days", want: []string{"cy: 2 days on #1 recorded"}},
		{who: "ana", say: "!vote show 1", want: []string{"bo — a whole week\n", "cy — 2 days\n"}, not: []string{"“days”", "“whole week”"}},
	})
}

// TestVotesNameCommandsWithTheRoomsPrefix: answers name commands with the configured prefix.
func TestVotesNameCommandsWithTheRoomsPrefix(t *testing.T) {
	room := apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) { c.CommandPrefix = "." }, features()...).Room("a")
	room.Answers(t, "ana", ".vote new", "The vote needs a question, in quotes: .vote new \"Buy a projector?\"")
	room.Answers(t, "ana", `.vote new "Buy paint?" --kind majority`, ".yes · .no · .abstain")
	room.Answers(t, "bo", ".no 2 weeks is too short", "say .vote 1 no 2 weeks is too short")
	room.Answers(t, "ana", ".vote close 1", "is closed")
}
