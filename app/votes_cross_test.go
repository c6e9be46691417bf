package app_test

// Votes tests that need another feature: !status (basics) gathers the open votes' line, and
// !help (basics) renders the vote command's help.

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

func TestSeveralOpenVotesAskWhich(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("a")
	room.SayOne(t, "ana", `!vote new "Paint it red?"`)
	room.SayOne(t, "ana", `!vote new "Paint it blue?"`)
	got := room.SayOne(t, "bo", "!agree")
	apptest.Has(t, "which", got, "Several votes are open: #1 “Paint it red?”, #2 “Paint it blue?”.", "!vote <id> agree [reason], e.g. !vote 2 agree (or !agree 2).")
	apptest.Has(t, "by id", room.SayOne(t, "bo", "!vote #2 stand aside not my colour"), "bo: stand aside on #2 recorded")
	apptest.Has(t, "list", room.SayOne(t, "bo", "!votes"), "#1 “Paint it red?” — consensus, closes Fri 27 Nov 10:00 CET, 0 voted",
		"#2 “Paint it blue?” — consensus, closes Fri 27 Nov 10:00 CET, 1 voted")
	apptest.Has(t, "status", room.SayOne(t, "bo", "!status"), "• Open votes: #1 “Paint it red?” (closes Fri 27 Nov 10:00 CET), #2")
	if got := apptest.New(t, app.Features()...).Room("b").SayOne(t, "bo", "!votes"); !strings.Contains(got, "No vote is open.") {
		t.Errorf("no votes: %q", got)
	}
}

func TestSecretVoteShowsNoChoices(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("a")
	apptest.Has(t, "opening", room.SayOne(t, "ana", `!vote new "Q?" --secret --closes in 1h`), "Secret: I never show who chose what")
	got := room.SayOne(t, "bo", "!vote 1 block the stairs are unsafe")
	apptest.Has(t, "answer", got, "bo: your secret ballot on #1 is recorded; I have sent you your choice privately. The count is shown at the close; 1 of 2 members voted.")
	apptest.Lacks(t, "answer", got, "block", "stairs")
	told := kit.Transport.TakePrivate()
	if len(told) != 1 || told[0].Reply.To != apptest.Member("bo").ID {
		t.Fatalf("want one private confirmation to bo, got %+v", told)
	}
	apptest.Has(t, "private confirmation", told[0].Reply.Text(), "Your secret ballot on Vote #1 “Q?” is recorded: block, with the reason “the stairs are unsafe”.", "Only you see this message.")
	room.SayOne(t, "cy", "!agree")
	apptest.Has(t, "replace", room.SayOne(t, "cy", "!object"), "replacing your earlier one")
	if told := apptest.Texts(kit.Transport.TakePrivate()); len(told) != 2 || !strings.Contains(told[1], "recorded: object.") {
		t.Fatalf("cy's private confirmations: %q", told)
	}
	show := room.SayOne(t, "ana", "!vote show 1")
	apptest.Has(t, "show", show, "Voted: bo, cy.", "Secret vote")
	apptest.Lacks(t, "show", show, "stairs", "Count so far", "— object", "— block")
	result := strings.Join(apptest.Texts(kit.Advance(t, time.Hour)), "\n")
	apptest.Has(t, "result", result, "BLOCKED", "0 agree · 0 stand aside · 1 object · 1 block", "no names or reasons")
	apptest.Lacks(t, "result", result, "bo", "cy", "stairs")
	help := room.SayOne(t, "ana", "!help vote")
	apptest.Has(t, "help", help, "--secret", "database does hold each ballot")
}
