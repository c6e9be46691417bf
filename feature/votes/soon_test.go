package votes_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// Votes that close in the same minute get one closing-soon notice that lists them and
// mentions each member who has not voted once, not one notice (and one mention of everyone)
// per vote; votes that close at other times keep their own notices.
func TestVotesClosingTogetherShareOneNotice(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	for _, who := range []string{"bo", "Zoë 🌻", "رێزان"} {
		room.Say(t, who, "hello")
	}
	for _, q := range []string{"Paint the hall 🎨?", "Buy a projector?", "Move to Thursdays?"} {
		room.Answers(t, "ana", `!vote new "`+q+`" --kind majority --closes 18:00`, "is open")
	}
	room.Answers(t, "ana", `!vote new "Later one?" --kind majority --closes 19:00`, "is open")
	for _, v := range []string{"1", "2", "3", "4"} {
		room.Answers(t, "ana", "!vote "+v+" yes", "recorded")
		room.Answers(t, "bo", "!vote "+v+" no", "recorded")
	}
	room.Answers(t, "Zoë 🌻", "!vote 1 yes", "recorded")
	room.Answers(t, "رێزان", "!vote 1 yes", "recorded")
	room.Answers(t, "رێزان", "!vote 2 yes", "recorded")

	// 17:00 (the clock starts Wed 10:00; 18:00 is today).
	got := kit.Advance(t, 7*time.Hour)
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("want one notice for the three votes closing at 18:00, got %q", apptest.Texts(got))
	}
	apptest.Has(t, "batch", got[0].Reply.Text(), "3 votes close in 1 hour, Wed 25 Nov 18:00 CET:",
		"• Vote #1 “Paint the hall 🎨?” — 4 of 4 members voted; everyone has voted.",
		"• Vote #2 “Buy a projector?” — 3 of 4 members voted; not voted yet: Zoë 🌻.",
		"• Vote #3 “Move to Thursdays?” — 2 of 4 members voted; not voted yet: Zoë 🌻, رێزان.",
		"To vote: !vote <number> <option> [reason]; !vote show <number> lists a vote's options.")
	if ids := apptest.MentionIDs(got[0]); !slices.Equal(ids, []string{"Zoë 🌻@example.org", "رێزان@example.org"}) {
		t.Errorf("mentions %q, want each member who has not voted once", ids)
	}
	// 18:00: the three close; 18:00 is also the 1 h notice of #4, its own.
	got = kit.Advance(t, time.Hour)
	texts := strings.Join(apptest.Texts(got), "\n")
	apptest.Has(t, "#4 alone", texts, "Vote #4 “Later one?” closes in 1 hour", "Not voted yet: Zoë 🌻, رێزان.")
	apptest.Lacks(t, "#4 alone", texts, "votes close in")
}
