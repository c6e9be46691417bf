package votes_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
)

func joined(ps []apptest.Posted) string { return strings.Join(apptest.Texts(ps), "\n") }

func TestConsensusVoteFromOpeningToResult(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("assembly")
	got := room.SayOne(t, "ana", `!vote new "Buy a projector for the hall?"`)
	apptest.Has(t, "opening", got, "Vote #1 “Buy a projector for the hall?” is open.", "consensus vote opened by ana",
		"closes Fri 27 Nov 10:00 CET", "!agree · !aside (stand aside) · !object · !block <reason>", "!vote 1 <option> [reason]")
	room.SayOne(t, "bo", "!agree")
	room.SayOne(t, "cy", "!object too expensive for now")
	room.SayOne(t, "dee", "!aside I'm away that month")
	got = room.SayOne(t, "eli", "!vote 1 agree")
	apptest.Has(t, "ballot answer", got, "eli: agree on #1 recorded.", "Count so far: 2 agree · 1 stand aside · 1 object · 0 block — 4 of 5 members voted.")

	// 24 h before the close: a notice mentioning who has not voted (ana).
	posted := kit.Advance(t, 24*time.Hour)
	if len(posted) != 1 || !posted[0].Reply.Notice || len(posted[0].Reply.AllMentions()) != 1 || posted[0].Reply.AllMentions()[0].ID != apptest.Member("ana").ID {
		t.Fatalf("closing-soon notice: %+v", posted)
	}
	apptest.Has(t, "closing soon", posted[0].Reply.Text(), "closes in 1 day, Fri 27 Nov 10:00 CET", "Not voted yet: ana.")
	if posted = kit.Advance(t, 23*time.Hour); len(posted) != 1 || !strings.Contains(posted[0].Reply.Text(), "closes in 1 hour") {
		t.Fatalf("1 h notice: %q", apptest.Texts(posted))
	}
	posted = kit.Advance(t, time.Hour)
	if len(posted) != 1 || !posted[0].Reply.Notice {
		t.Fatalf("result: %q", apptest.Texts(posted))
	}
	want := `Vote #1 “Buy a projector for the hall?” is closed: PASSED.
Count: 2 agree · 1 stand aside · 1 object · 0 block — 4 of 5 members voted.
Objected — cy: “too expensive for now”
Stood aside — dee: “I'm away that month”`
	if posted[0].Reply.Text() != want {
		t.Fatalf("result:\n%s\nwant:\n%s", posted[0].Reply.Text(), want)
	}
	if later := kit.Advance(t, 72*time.Hour); len(later) != 0 {
		t.Fatalf("after the close: %q", apptest.Texts(later))
	}
	apptest.Has(t, "show after close", room.SayOne(t, "ana", "!vote show 1"), "closed Fri 27 Nov 10:00 CET", "PASSED", "Objected — cy")
}

func TestBlockNeedsAReasonAndBlocks(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Paint the door red?" --closes in 2h`)
	apptest.Has(t, "block alone", room.SayOne(t, "bo", "!block"), "needs a reason", "!vote 1 block <your reason>", "Nothing was recorded.")
	apptest.Has(t, "block by vote", room.SayOne(t, "bo", "!vote 1 block"), "needs a reason")
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote show 1"), "Nobody has voted yet.")
	room.SayOne(t, "ana", "!agree")
	room.SayOne(t, "cy", "!agree")
	apptest.Has(t, "block", room.SayOne(t, "bo", "!block the neighbours own the door"), "bo: block on #1 recorded")
	posted := kit.Advance(t, 2*time.Hour)
	apptest.Has(t, "result", joined(posted), "is closed: BLOCKED.", "2 agree · 0 stand aside · 0 object · 1 block",
		"Blocked — bo: “the neighbours own the door”")
}

func TestSecondBallotReplacesTheFirst(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --kind majority`)
	room.SayOne(t, "bo", "!no")
	got := room.SayOne(t, "bo", "!yes changed my mind")
	apptest.Has(t, "second ballot", got, "yes on #1 recorded (it replaces your earlier no)", "1 yes · 0 no · 0 abstain — 1 of 2 members voted")
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote 1"), "bo — yes: “changed my mind”", "Not voted yet: ana.")
}

func TestBallotAfterTheCloseIsRefused(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --closes in 1h`)
	kit.Advance(t, time.Hour)
	apptest.Has(t, "shortcut after close", room.SayOne(t, "bo", "!agree"), "No vote is open in this room.")
	apptest.Has(t, "ballot after close", room.SayOne(t, "bo", "!vote 1 agree"), "closed Wed 25 Nov 11:00 CET; ballots are no longer taken.")
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote show 1"), "no decision (nobody voted)")
}

func TestVoteErrorsAreAnswered(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	tests := []struct{ in, want string }{
		{"!vote 9 agree", "There is no vote #9 in this room. No vote is open"},
		{"!vote show x", "“x” is not a vote id"},
		{"!vote", "Usage: !vote new"},
		{"!vote frobnicate", "Start with a vote id or one of new, show, close, extend, remind, policy (not “frobnicate”)."},
		{"!vote new", "The vote needs a question"},
		{`!vote new "Q" --kind ranked`, "“ranked” is not a kind of vote"},
		{`!vote new "Q" --closes yesterday`, "I couldn't read the time"},
		{`!vote new "Q" --kind choice`, "A choice vote needs its options"},
		{`!vote new "Q" --options "a"`, "needs 2 to 20 options"},
		{`!vote new "Q" --options "a|b" --max 3`, "--max is how many options one ballot may pick: a number from 1 to 2."},
		{`!vote new "Q" --max 2`, "--options and --max are for choice votes"},
		{`!vote new "Q" --quorum lots`, "I couldn't read the quorum"},
		{`!vote new "Q" --colses 2h`, "Unknown option --colses"},
		{"!vote show 1 --secret", "Options like --closes only go with !vote new"},
		{"!agree", "No vote is open in this room."},
		{"!vote extend 1", "There is no vote #1"},
	}
	for _, tt := range tests {
		if got := room.SayOne(t, "ana", tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
	room.SayOne(t, "ana", `!vote new "Q?" --kind majority`)
	got := room.SayOne(t, "bo", "!agree")
	apptest.Has(t, "wrong option", got, "No open vote has the option “agree”.", "#1 “Q?” takes yes, no, abstain: say !vote 1 yes [reason].")
	apptest.Has(t, "unknown option", room.SayOne(t, "bo", "!vote 1 maybe"), "“maybe” is not an option", "yes, no, abstain")
	apptest.Has(t, "unknown id with one open", room.SayOne(t, "bo", "!vote 7 yes"), "There is no vote #7 in this room. Open: #1 “Q?”.")
}

func TestLongReasonIsCutWithANote(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.SayOne(t, "ana", `!vote new "Q?"`)
	got := room.SayOne(t, "bo", "!object "+strings.Repeat("word ", 700))
	apptest.Has(t, "answer", got, "(Your reason was cut to 500 characters.)")
	show := room.SayOne(t, "ana", "!vote show 1")
	if n := strings.Count(show, "word"); n < 90 || n > 100 {
		t.Errorf("stored reason has %d words:\n%s", n, show)
	}
}

func TestMarkupIsShownLiterally(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	q := `<b>Buy</b> **a** [projector](https://x.example)?`
	reason := "<script>alert(1)</script> _no_"
	steps := []struct {
		posted []apptest.Posted
		want   string
	}{
		{room.SayAs(t, apptest.Member("ana"), `!vote new "`+q+`" --closes in 1h`), q},
		{room.SayAs(t, apptest.Member("bo"), "!object "+reason), "bo: object on #1 recorded"},
		{room.SayAs(t, apptest.Member("ana"), "!vote show 1"), "bo — object: “" + reason + "”"},
		{kit.Advance(t, time.Hour), "Objected — bo: “" + reason + "”"},
	}
	for i, s := range steps {
		if len(s.posted) != 1 {
			t.Fatalf("step %d: %q", i, apptest.Texts(s.posted))
		}
		if html := s.posted[0].Reply.Doc.HTML(nil); strings.Contains(html, "<b>") || strings.Contains(html, "<script>") || strings.Contains(html, "<em>") {
			t.Errorf("step %d renders a person's markup as HTML: %q", i, html)
		}
		if body, unstyled := s.posted[0].Reply.Doc.Styled(nil); !strings.Contains(body, s.want) || (strings.ContainsAny(s.want, "*_`") && !unstyled) {
			t.Errorf("step %d: XEP-0393 body %q (unstyled %v) would style a person's text", i, body, unstyled)
		}
		apptest.Has(t, "literal text", s.posted[0].Reply.Text(), s.want)
	}
}

func TestMajorityAndQuorum(t *testing.T) {
	tests := []struct {
		name, quorum string
		ballots      map[string]string
		want         string
	}{
		{"passes", "", map[string]string{"bo": "yes", "cy": "abstain"}, "PASSED"},
		{"tie", "", map[string]string{"bo": "yes", "cy": "no"}, "NOT PASSED (a tie)"},
		{"quorum not met", "3", map[string]string{"bo": "yes", "cy": "yes"}, "no decision (quorum 3 not met)"},
		{"abstentions count for quorum", "3", map[string]string{"bo": "yes", "cy": "abstain", "dee": "abstain"}, "PASSED"},
		{"share of members", "75%", map[string]string{"bo": "yes", "cy": "yes"}, "no decision (quorum 3 not met)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("a")
			room.Say(t, "dee", "hello") // four members are known
			q := ""
			if tt.quorum != "" {
				q = " --quorum " + tt.quorum
			}
			apptest.Has(t, "opening", room.SayOne(t, "ana", `!vote new "Q?" --kind majority --closes in 1h`+q), "A majority vote")
			for who, opt := range tt.ballots {
				room.SayOne(t, who, "!"+opt)
			}
			apptest.Has(t, tt.name, joined(kit.Advance(t, time.Hour)), tt.want)
		})
	}
}

func TestChoiceVote(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	got := room.SayOne(t, "ana", `!vote new "Which evening?" --options "mon|wed|thu" --max 2 --closes in 1h`)
	apptest.Has(t, "opening", got, "A choice vote", "Options: 1 = mon, 2 = wed, 3 = thu. Pick up to 2, separated by commas: !vote 1 <number or name>.")
	apptest.Has(t, "two", room.SayOne(t, "bo", "!vote 1 mon,thu"), "bo: mon, thu on #1 recorded", "1 mon · 0 wed · 1 thu")
	apptest.Has(t, "three", room.SayOne(t, "cy", "!vote 1 1,2,3"), "allows 2 options; you picked 3")
	room.SayOne(t, "cy", "!vote 1 3")
	apptest.Has(t, "result", joined(kit.Advance(t, time.Hour)), "“thu” WINS", "1 mon · 0 wed · 2 thu")
}

// A secret ballot that reaches the bot privately (an XMPP private message in the room) is
// answered privately, so that answer names the choice itself and nothing is told apart.
func TestSecretBallotSentPrivatelyIsConfirmedInTheAnswer(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --secret --closes in 1h`)
	posted := room.SayPrivately(t, apptest.Member("bo"), "vote 1 object too loud")
	if len(posted) != 1 || posted[0].Reply.InReplyTo != kit.LastMessageID() {
		t.Fatalf("want one answer to the private message (which sends it back privately), got %+v", posted)
	}
	apptest.Has(t, "answer", posted[0].Reply.Text(), "bo: your secret ballot on #1 is recorded: object, with the reason “too loud”.")
	if told := kit.Transport.TakePrivate(); len(told) != 0 {
		t.Errorf("told apart as well: %q", apptest.Texts(told))
	}
}

func TestHiddenResults(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	apptest.Has(t, "opening", room.SayOne(t, "ana", `!vote new "Q?" --kind majority --hide-results --closes in 1h`), "Results are hidden until the close.")
	got := room.SayOne(t, "bo", "!yes")
	apptest.Has(t, "answer", got, "bo: yes on #1 recorded. Results are hidden until the close; 1 of 2 members voted.")
	show := room.SayOne(t, "ana", "!vote show 1")
	apptest.Has(t, "show", show, "Voted: bo.")
	apptest.Lacks(t, "show", show, "1 yes", "bo — yes")
	apptest.Has(t, "result", joined(kit.Advance(t, time.Hour)), "PASSED", "1 yes · 0 no · 0 abstain")
}

func TestCloseEarlyAndExtend(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --closes in 2h`)
	room.SayOne(t, "bo", "!agree")
	apptest.Has(t, "member closing", room.SayOne(t, "bo", "!vote close 1"), "Only whoever opened #1 (ana), the facilitator")
	apptest.Has(t, "member extending", room.SayOne(t, "bo", "!vote extend 1 in 5h"), "Only whoever opened #1 (ana)")
	apptest.Has(t, "earlier", room.SayOne(t, "ana", "!vote extend 1 in 1h"), "#1 already closes Wed 25 Nov 12:00 CET; give a later time")
	apptest.Has(t, "no time", room.SayOne(t, "ana", "!vote extend 1"), "Usage:")
	apptest.Has(t, "extend", room.SayOne(t, "ana", "!vote extend 1 in 5h"), "Vote #1 “Q?” now closes Wed 25 Nov 15:00 CET (instead of Wed 25 Nov 12:00 CET).")
	if got := kit.Advance(t, 2*time.Hour); len(got) != 0 {
		t.Fatalf("the old close fired: %q", apptest.Texts(got))
	}
	apptest.Has(t, "1 h notice of the new time", joined(kit.Advance(t, 2*time.Hour)), "closes in 1 hour, Wed 25 Nov 15:00 CET")
	room.Admin("cy")
	apptest.Has(t, "close by an admin", room.SayOne(t, "cy", "!vote close 1"), "is closed: PASSED.", "(closed early by cy)")
	if got := kit.Advance(t, 5*time.Hour); len(got) != 0 {
		t.Fatalf("jobs of a closed vote fired: %q", apptest.Texts(got))
	}
	apptest.Has(t, "close again", room.SayOne(t, "ana", "!vote close 1"), "closed Wed 25 Nov", ": PASSED.\nCount:")
	apptest.Has(t, "extend closed", room.SayOne(t, "ana", "!vote extend 1 in 9h"), "ballots are no longer taken")
}

func TestRemindMentionsWhoHasNotVoted(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Say(t, "cy", "hello")
	room.SayOne(t, "ana", `!vote new "Q?"`)
	room.SayOne(t, "bo", "!agree")
	posted := room.SayAs(t, apptest.Member("bo"), "!vote remind 1")
	if len(posted) != 1 || len(posted[0].Reply.AllMentions()) != 2 {
		t.Fatalf("remind: %+v", posted)
	}
	apptest.Has(t, "remind", posted[0].Reply.Text(), "closes in 2 days", "Not voted yet: ana, cy.", "1 of 3 members voted")
	room.SayOne(t, "ana", "!agree")
	room.SayOne(t, "cy", "!agree")
	apptest.Has(t, "all voted", room.SayOne(t, "bo", "!vote remind 1"), "Everyone has voted.")
}

func TestVotePolicy(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	apptest.Has(t, "default", room.SayOne(t, "bo", "!vote policy"), "any member may open votes")
	apptest.Has(t, "member setting", room.SayOne(t, "bo", "!vote policy facilitators"), "Only the facilitator, room admins or bot admins may change")
	room.Admin("ana")
	apptest.Has(t, "bad", room.SayOne(t, "ana", "!vote policy everyone"), "Usage:")
	apptest.Has(t, "admin setting", room.SayOne(t, "ana", "!vote policy facilitators"), "only the facilitator, room admins and bot admins open votes")
	apptest.Has(t, "member opening", room.SayOne(t, "bo", `!vote new "Q?"`), "only the facilitator, room admins or bot admins open votes")
	apptest.Has(t, "admin opening", room.SayOne(t, "ana", `!vote new "Q?"`), "Vote #1")
	apptest.Has(t, "member voting", room.SayOne(t, "bo", "!agree"), "bo: agree on #1 recorded")
}

func TestAnonymousMembersCannotVote(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.SayOne(t, "ana", `!vote new "Q?"`)
	anon := bot.Member{ID: "a@conf.example.org/zed", Name: "zed", Anonymous: true}
	for _, in := range []string{"!agree", "!vote 1 agree", `!vote new "Other?"`} {
		got := apptest.Texts(room.SayAs(t, anon, in))
		if len(got) != 1 || !strings.Contains(got[0], "can't see your real address") {
			t.Errorf("%q by an anonymous member: %q", in, got)
		}
	}
	apptest.Has(t, "show", room.SayOne(t, "ana", "!vote show 1"), "Nobody has voted yet.")
}

func TestVoteClosesOnceAfterARestart(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?" --closes in 2h`)
	room.SayOne(t, "bo", "!agree")
	kit.Close()

	// folkmoot was down over the close; the ballot cast before it survives.
	kit = apptest.NewAt(t, dir, apptest.Start.Add(5*time.Hour), features()...)
	posted := kit.Tick(t)
	if len(posted) != 1 {
		t.Fatalf("at start: %q", apptest.Texts(posted))
	}
	apptest.Has(t, "late result", posted[0].Reply.Text(), "is closed: PASSED.", "1 agree",
		"folkmoot was offline at the closing time, Wed 25 Nov 12:00 CET, so this result comes 3 hours late")
	if again := kit.Tick(t); len(again) != 0 {
		t.Fatalf("closed twice: %q", apptest.Texts(again))
	}
	kit.Close()
	kit = apptest.NewAt(t, dir, apptest.Start.Add(6*time.Hour), features()...)
	if again := kit.Tick(t); len(again) != 0 {
		t.Fatalf("closed again after a second restart: %q", apptest.Texts(again))
	}
}

func TestRestartBetweenBallotsLosesNone(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, features()...)
	kit.Room("a").SayOne(t, "ana", `!vote new "Q?" --kind majority --closes in 3h`)
	kit.Room("a").SayOne(t, "bo", "!yes")
	kit.Close()
	kit = apptest.NewAt(t, dir, apptest.Start.Add(time.Hour), features()...)
	apptest.Has(t, "after restart", kit.Room("a").SayOne(t, "cy", "!no"), "1 yes · 1 no · 0 abstain")
	kit.Close()
	kit = apptest.NewAt(t, dir, apptest.Start.Add(2*time.Hour), features()...)
	kit.Room("a").SayOne(t, "ana", "!yes")
	apptest.Has(t, "result", joined(kit.Advance(t, time.Hour)), "PASSED", "2 yes · 1 no · 0 abstain — 3 of 3 members voted")
}

func TestOnlyTheLastOverdueNoticeSpeaks(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Q?"`)
	posted := kit.Advance(t, 47*time.Hour+30*time.Minute) // both notices are due
	if len(posted) != 1 || !strings.Contains(posted[0].Reply.Text(), "closes in 30 minutes") {
		t.Fatalf("notices: %q", apptest.Texts(posted))
	}
	apptest.Has(t, "same option again", room.SayOne(t, "ana", "!agree"), "ana: agree on #1 recorded.")
	apptest.Has(t, "same option again", room.SayOne(t, "ana", "!agree with a reason now"), "ana: agree on #1 recorded again (it replaces your earlier one).")
}

func TestClosingTimeOfSeveralWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{`!vote new "Q?" --closes fri 18:00`, "Vote #1 “Q?” is open.\nA consensus vote opened by ana; it closes Fri 27 Nov 18:00 CET."},
		{`!vote new Paint the door --closes tomorrow 18:00 --kind majority`, "Vote #1 “Paint the door” is open.\nA majority vote opened by ana; it closes Thu 26 Nov 18:00 CET."},
		{`!vote new --closes=in 2 hours "Paint it red?"`, "Vote #1 “Paint it red?” is open.\nA consensus vote opened by ana; it closes Wed 25 Nov 12:00 CET."},
		{`!vote new --closes in 2h Paint it red?`, "Vote #1 “Paint it red?” is open."},
		{`!vote new "Q?" --closes fri`, "Please add a time of day"},
		{`!vote new "Q?" --closes`, "--closes needs a value"},
	}
	for _, tt := range tests {
		if got := apptest.New(t, features()...).Room("a").SayOne(t, "ana", tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%s\n-> %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestQuorumIsAnnounced(t *testing.T) {
	tests := []struct{ flag, want string }{
		{"--quorum 3", "Quorum: 3 members must vote for a decision."},
		{"--quorum 1", "Quorum: 1 member must vote for a decision."},
		{"--quorum 40%", "Quorum: 40% of the members must vote for a decision."},
		{"--quorum majority", "Quorum: more than half of the members must vote for a decision."},
	}
	for _, tt := range tests {
		got := apptest.New(t, features()...).Room("a").SayOne(t, "ana", `!vote new "Q?" `+tt.flag)
		apptest.Has(t, tt.flag, got, tt.want)
	}
}

// A closing-soon notice asks the transport who is in the room at that moment, so someone
// who arrived after the vote opened and never spoke is reminded too.
func TestClosingSoonMentionsMembersTheTransportLists(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.SayOne(t, "ana", `!vote new "Paint the door?" --closes in 48 hours`)
	kit.Transport.SetMembers(room.Room, apptest.Member("ana"), apptest.Member("newcomer"))
	notices := apptest.Texts(kit.Advance(t, 24*time.Hour+time.Minute))
	if !apptest.Contains(notices, "closes in 24 hours", "newcomer") {
		t.Fatalf("closing-soon notice does not mention the member the transport lists: %q", notices)
	}
}

// TestNearMissBallots: what people type for a ballot is understood where it is unambiguous,
// and otherwise answered with a command that works.
func TestNearMissBallots(t *testing.T) {
	room := apptest.New(t, features()...).Room("a")
	room.Answers(t, "ana", `!vote new "Paint it red?"`, "#1")
	steps := []struct{ who, say, want string }{
		{"bo", "!vote agree", "bo: agree on #1 recorded"},
		{"cy", "!stand aside not my colour", "cy: stand aside on #1 recorded"},
		{"cy", "!agre", "Did you mean `!agree`? Nothing was done: if so, say `!agree`."},
		{"cy", "!agre fine by me", "say `!agree fine by me`"},
		{"dan", "!yes", "No open vote has the option “yes”."},
		{"dan", "!yes", "#1 “Paint it red?” takes agree, aside (stand aside), object, block <reason>: say !vote 1 agree [reason]."},
		{"ana", `!vote new "Buy paint?" --kind majority`, "#2"},
		{"ana", `!vote new "Paint it blue?"`, "#3"},
		// Only #2 takes yes: it is the one meant.
		{"dan", "!yes", "dan: yes on #2 recorded"},
		// With two consensus votes open, a number after the ballot names the vote.
		{"dan", "!agree 3 why not", "dan: agree on #3 recorded"},
		{"eve", "!agree", "e.g. !vote 3 agree"},
		{"eve", "!vote aside", "Several votes are open: #1 “Paint it red?”, #3 “Paint it blue?”."},
		{"eve", "!no", "eve: no on #2 recorded"},
	}
	for _, s := range steps {
		room.Answers(t, s.who, s.say, s.want)
	}
	apptest.Has(t, "reason kept", room.SayOne(t, "ana", "!vote show 3"), "why not")

	// In a choice vote, the example names an option as people would type it.
	choice := apptest.New(t, features()...).Room("b")
	choice.Answers(t, "ana", `!vote new "Which evening?" --options "mon|wed|thu"`, "#1")
	choice.Answers(t, "eve", "!block", "#1 “Which evening?” takes 1 = mon, 2 = wed, 3 = thu: say !vote 1 mon [reason].")
}

// TestForgottenDashes: options written without their "--" after a quoted question are read
// as the options they name, or asked about; never silently made part of the question.
func TestForgottenDashes(t *testing.T) {
	tests := []struct{ say, want, lacks string }{
		{`!vote new "Repaint?" closes friday 18:00`, "closes Fri 27 Nov 18:00 CET", "Repaint? closes"},
		{`!vote new "Repaint?" closes friday 18:00`, "(I read “closes friday 18:00” as --closes.)", ""},
		{`!vote new "Repaint?" kind majority closes in 2h`, "(I read “kind majority” and “closes in 2h” as --kind and --closes.)", ""},
		{`!vote new "Repaint?" kind majority`, "yes", "agree"},
		{`!vote new "Repaint?" please`, "After the quoted question I don't know what “please” means.", "#1"},
		{`!vote new "Repaint?" closes`, "--closes needs a value", "#1"},
		{`!vote new "Repaint?" closes fri --closes sat`, "--closes is given twice", "#1"},
		{`!vote new "Repaint?" closes someday`, "I couldn't read the time", "#1"},
		{`!vote new Repaint the door closes`, "Repaint the door closes", ""},
	}
	for _, tt := range tests {
		room := apptest.New(t, features()...).Room("a")
		got := room.Answers(t, "ana", tt.say, tt.want)
		if tt.lacks != "" {
			apptest.Lacks(t, tt.say, got, tt.lacks)
		}
	}
}

// TestTurnout: a result says plainly when few voted; !vote new suggests a quorum while the
// room has none; a room default quorum applies to the votes that name none.
func TestTurnout(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Admin("ana")
	for _, m := range []string{"bo", "cy", "dee", "eve"} {
		room.Say(t, m, "hello") // five members the room has seen
	}
	room.Answers(t, "ana", `!vote new "Repaint?" --closes in 1h`, "No quorum: it decides however few vote. Next time add --quorum 50%, or give the room a default with !vote policy quorum 50%.")
	room.Answers(t, "ana", "!agree", "agree on #1 recorded")
	closing := strings.Join(apptest.Texts(kit.Advance(t, time.Hour)), "\n")
	apptest.Has(t, "low turnout", closing, "PASSED", "Low turnout: only 1 of 5 members voted, fewer than half the members.")

	room.Answers(t, "bo", "!vote policy quorum 50%", "Only the facilitator, room admins or bot admins may change the room's vote policy.")
	room.Answers(t, "ana", "!vote policy quorum lots", "I couldn't read the quorum")
	room.Answers(t, "ana", "!vote policy quorum 40%", "From now on votes opened here need a quorum of 40% unless they say another")
	room.Answers(t, "bo", "!vote policy", "Votes need a quorum of 40% unless they say another")
	got := room.Answers(t, "ana", `!vote new "Buy paint?" --closes in 1h`, "#2")
	apptest.Lacks(t, "with a room quorum", got, "No quorum")
	for _, m := range []string{"ana", "bo"} {
		room.SayOne(t, m, "!agree")
	}
	closing = strings.Join(apptest.Texts(kit.Advance(t, time.Hour)), "\n")
	apptest.Has(t, "room quorum met", closing, "PASSED", "quorum 40% = 2: met")
	apptest.Lacks(t, "room quorum met", closing, "Low turnout")

	room.Answers(t, "ana", "!vote policy quorum off", "no quorum unless they say one")
	room.Answers(t, "ana", `!vote new "Sell the van?" --closes in 1h`, "No quorum")
	for _, m := range []string{"ana", "bo", "cy"} {
		room.SayOne(t, m, "!agree")
	}
	apptest.Lacks(t, "three of five", strings.Join(apptest.Texts(kit.Advance(t, time.Hour)), "\n"), "Low turnout")
}

// TestLateClosingSoonNoticeSaysSo: a closing-soon notice that comes after an outage says it
// comes late, so its rounded "closes in 24 hours" is not taken for the moment it was meant.
func TestLateClosingSoonNoticeSaysSo(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, features()...)
	kit.Room("a").Answers(t, "ana", `!vote new "Repaint?" --closes 48h`, "#1")
	kit.Close()
	kit2 := apptest.NewAt(t, dir, apptest.Start.Add(24*time.Hour+16*time.Minute), features()...)
	got := strings.Join(apptest.Texts(kit2.Tick(t)), "\n")
	apptest.Has(t, "late notice", got, "closes in 24 hours, Fri 27 Nov 10:00 CET", "(This notice comes 16 minutes late: folkmoot was offline.)")
}

// TestNoClosingSoonNoticeWhenEveryoneVoted: a closing-soon notice is for those who have not
// voted; when everyone has, the room hears only the result.
func TestNoClosingSoonNoticeWhenEveryoneVoted(t *testing.T) {
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Say(t, "bo", "hello")
	room.Answers(t, "ana", `!vote new "Repaint?" --closes 48h`, "#1")
	room.SayOne(t, "ana", "!agree")
	apptest.Has(t, "one missing", strings.Join(apptest.Texts(kit.Advance(t, 24*time.Hour)), "\n"), "closes in 1 day", "Not voted yet: bo")
	room.SayOne(t, "bo", "!agree")
	got := strings.Join(apptest.Texts(kit.Advance(t, 24*time.Hour)), "\n")
	apptest.Lacks(t, "everyone voted", got, "closes in")
	apptest.Has(t, "everyone voted", got, "is closed: PASSED")
}
