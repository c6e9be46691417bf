package vote

import (
	"errors"
	"folkmoot/bot"
	"folkmoot/words"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func consensus() Rules { return Rules{Kind: Consensus, Options: FixedOptions(Consensus)} }
func majority() Rules  { return Rules{Kind: Majority, Options: FixedOptions(Majority)} }

func choice(t *testing.T, spec string, max int) Rules {
	t.Helper()
	opts, err := ParseOptions(nil, spec)
	if err != nil {
		t.Fatal(err)
	}
	return Rules{Kind: Choice, Options: opts, MaxChoices: max}
}

func TestParseKind(t *testing.T) {
	tests := []struct {
		in   string
		want Kind
		err  bool
	}{
		{"consensus", Consensus, false},
		{"MAJORITY", Majority, false},
		{" choice ", Choice, false},
		{"ranked", "", true},
	}
	for _, tt := range tests {
		got, err := ParseKind(nil, tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseKind(nil, %q) = %q, %v", tt.in, got, err)
		}
	}
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		in      string
		want    []string // labels
		wantErr string
	}{
		{"pizza|soup|salad", []string{"pizza", "soup", "salad"}, ""},
		{" a  b | c ||", []string{"a b", "c"}, ""},
		{"only one", nil, "needs 2 to 20 options"},
		{"a|A", nil, "given twice"},
		{strings.Repeat("x|", 21), nil, "given twice"},
		{"a|" + strings.Repeat("y", 101), nil, "too long"},
	}
	for _, tt := range tests {
		got, err := ParseOptions(nil, tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseOptions(nil, %q) err = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("ParseOptions(nil, %q): %v", tt.in, err)
		}
		var labels []string
		for i, o := range got {
			labels = append(labels, o.Label)
			if o.Key != string(rune('1'+i)) {
				t.Errorf("option %d key %q", i, o.Key)
			}
		}
		if !reflect.DeepEqual(labels, tt.want) {
			t.Errorf("ParseOptions(nil, %q) = %q, want %q", tt.in, labels, tt.want)
		}
	}
	many := make([]string, 21)
	for i := range many {
		many[i] = string(rune('a' + i))
	}
	if _, err := ParseOptions(nil, strings.Join(many, "|")); err == nil || !strings.Contains(err.Error(), "got 21") {
		t.Errorf("21 options: %v", err)
	}
}

func TestQuorum(t *testing.T) {
	tests := []struct {
		in       string
		eligible int
		required int
		str      string
		err      bool
	}{
		{"5", 10, 5, "5", false},
		{"40%", 10, 4, "40%", false},
		{"50 %", 7, 4, "50%", false}, // 3.5 rounds up
		{"1%", 3, 1, "1%", false},
		{"100%", 0, 1, "100%", false},
		{"0", 0, 0, "", true},
		{"101%", 0, 0, "", true},
		{"many", 0, 0, "", true},
		{"-3", 0, 0, "", true},
	}
	for _, tt := range tests {
		q, err := ParseQuorum(nil, tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParseQuorum(nil, %q) err = %v", tt.in, err)
			continue
		}
		if tt.err {
			continue
		}
		if got := q.Required(tt.eligible); got != tt.required || q.String() != tt.str {
			t.Errorf("ParseQuorum(nil, %q): required %d (want %d), string %q", tt.in, got, tt.required, q.String())
		}
	}
}

func TestRead(t *testing.T) {
	food := choice(t, "pizza|soup, hot|salad|4", 2)
	tests := []struct {
		name    string
		rules   Rules
		in      string
		want    []string
		wantErr string
	}{
		{"consensus", consensus(), "Agree", []string{Agree}, ""},
		{"stand aside", consensus(), "stand aside", []string{Aside}, ""},
		{"alias", consensus(), "objection", []string{Object}, ""},
		{"yes on consensus", consensus(), "yes", nil, "The options are: agree, aside (stand aside), object, block <reason>"},
		{"majority", majority(), "ABSTAIN", []string{Abstain}, ""},
		{"majority unknown", majority(), "maybe", nil, "“maybe” is not an option of this vote. The options are: yes, no, abstain."},
		{"choice by number", food, "1", []string{"1"}, ""},
		{"choice by hash number", food, "#3", []string{"3"}, ""},
		{"a number label in its own place", food, "4", []string{"4"}, ""},
		{"label with comma", food, "soup, hot", []string{"2"}, ""},
		{"multi", food, "pizza,salad", []string{"1", "3"}, ""},
		{"multi dedup", food, "1,pizza", []string{"1"}, ""},
		{"too many", food, "1,3,4", nil, "allows 2 options; you picked 3"},
		{"choice unknown", food, "cake", nil, "1 = pizza, 2 = soup, hot, 3 = salad, 4 = 4"},
		{"empty", food, " , ", nil, "not an option"},
	}
	for _, tt := range tests {
		got, err := tt.rules.Read(nil, tt.in)
		if tt.wantErr != "" {
			var ve *Error
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: Read(%q) err = %v, want %q", tt.name, tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Read(%q) = %q, %v; want %q", tt.name, tt.in, got, err, tt.want)
		}
	}
	one := choice(t, "a|b", 0)
	if _, err := one.Read(nil, "a,b"); err == nil || !strings.Contains(err.Error(), "allows 1 option;") {
		t.Errorf("single choice took two: %v", err)
	}
}

func TestCleanReason(t *testing.T) {
	long := strings.Repeat("é", 10000)
	got, cut := CleanReason(long)
	if !cut || utf8.RuneCountInString(got) != MaxReason || !strings.HasSuffix(got, "…") {
		t.Errorf("long reason: cut=%v, %d runes", cut, utf8.RuneCountInString(got))
	}
	got, cut = CleanReason("too\n\nexpensive\tfor us  ")
	if cut || got != "too expensive for us" {
		t.Errorf("multi-line reason: %q, %v", got, cut)
	}
}

func TestCleanQuestion(t *testing.T) {
	if q, err := CleanQuestion(nil, "  Buy a\nprojector? "); err != nil || q != "Buy a projector?" {
		t.Errorf("question: %q, %v", q, err)
	}
	for _, in := range []string{"", "   ", strings.Repeat("q", MaxQuestion+1)} {
		if _, err := CleanQuestion(nil, in); err == nil {
			t.Errorf("CleanQuestion(nil, %d chars) accepted", len(in))
		}
	}
}

func ballot(member string, at int, reason string, keys ...string) Ballot {
	return Ballot{Member: member + "@example.org", Name: member, Choices: keys, Reason: reason, At: t0.Add(time.Duration(at) * time.Minute)}
}

func TestLatestReplacesNeverAdds(t *testing.T) {
	got := Latest([]Ballot{
		ballot("ana", 1, "", Agree),
		ballot("bo", 2, "", Object),
		ballot("ana", 3, "", Block),
		ballot("bo", 4, ""), // withdrawn
		ballot("cy", 5, "", Agree),
		ballot("cy", 5, "", Aside), // same instant: the later one wins
	})
	if len(got) != 2 || got[0].Name != "ana" || got[0].Choices[0] != Block || got[1].Name != "cy" || got[1].Choices[0] != Aside {
		t.Fatalf("latest = %+v", got)
	}
}

func TestTally(t *testing.T) {
	tests := []struct {
		name     string
		rules    Rules
		ballots  []Ballot
		eligible int
		want     Outcome
		verdict  string
	}{
		{"consensus passes", consensus(), []Ballot{ballot("a", 1, "", Agree), ballot("b", 1, "", Agree), ballot("c", 1, "", Object), ballot("d", 1, "", Aside)}, 5, Passed, "PASSED"},
		{"a block blocks", consensus(), []Ballot{ballot("a", 1, "", Agree), ballot("b", 1, "", Agree), ballot("c", 1, "no", Block)}, 5, Blocked, "BLOCKED"},
		{"objections outweigh", consensus(), []Ballot{ballot("a", 1, "", Agree), ballot("c", 1, "", Object)}, 5, Rejected, "NOT PASSED"},
		{"only stand-asides", consensus(), []Ballot{ballot("a", 1, "", Aside)}, 5, Rejected, "NOT PASSED"},
		{"nobody voted", consensus(), nil, 5, NoDecision, "no decision (nobody voted)"},
		{"majority passes", majority(), []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", Abstain), ballot("c", 1, "", Abstain)}, 5, Passed, "PASSED"},
		{"majority tie", majority(), []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", No)}, 5, Rejected, "NOT PASSED (a tie)"},
		{"majority quorum", Rules{Kind: Majority, Options: FixedOptions(Majority), Quorum: Quorum{N: 3}}, []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", Yes)}, 5, NoDecision, "no decision (quorum 3 not met)"},
		{"abstentions count for quorum", Rules{Kind: Majority, Options: FixedOptions(Majority), Quorum: Quorum{N: 50, Percent: true}}, []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", Abstain), ballot("c", 1, "", Abstain)}, 6, Passed, "PASSED"},
		{"choice winner", choice(t, "pizza|soup|salad", 2), []Ballot{ballot("a", 1, "", "1", "2"), ballot("b", 1, "", "2")}, 5, Decided, "“soup” WINS"},
		{"choice tie", choice(t, "pizza|soup|salad", 1), []Ballot{ballot("a", 1, "", "1"), ballot("b", 1, "", "3")}, 5, Tied, "A TIE between “pizza” and “salad”"},
	}
	for _, tt := range tests {
		res := Tally(tt.rules, tt.ballots, tt.eligible)
		if res.Outcome != tt.want {
			t.Errorf("%s: outcome %s, want %s", tt.name, res.Outcome, tt.want)
		}
		if got := Verdict(nil, tt.rules, res); got != tt.verdict {
			t.Errorf("%s: verdict %q, want %q", tt.name, got, tt.verdict)
		}
		// Stored and read back, as !vote show and the minutes see it, the verdict is the same.
		stored := Vote{Rules: tt.rules, Outcome: res.Outcome, FinalCounts: res.Counts, Voters: res.Voters, Eligible: res.Eligible}
		if got := Verdict(nil, tt.rules, stored.Final()); got != tt.verdict {
			t.Errorf("%s: stored verdict %q, want %q", tt.name, got, tt.verdict)
		}
	}
}

// TestVerdictOfAnOddStoredVote: a stored vote the tally could not have made (a choice without
// counts, no outcome) is still worded, never a panic.
func TestVerdictOfAnOddStoredVote(t *testing.T) {
	for _, v := range []Vote{{Rules: choice(t, "a|b", 1), Outcome: Decided}, {Rules: majority()}, {Rules: choice(t, "a|b", 1), Outcome: Tied}} {
		if got := Verdict(nil, v.Rules, v.Final()); got != "closed" {
			t.Errorf("%+v: %q", v.Outcome, got)
		}
	}
}

func TestTallyEligibleNeverBelowVoters(t *testing.T) {
	res := Tally(majority(), []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", No)}, 0)
	if res.Eligible != 2 || TurnoutLine(nil, majority(), res, false) != "2 of 2 members voted" {
		t.Errorf("eligible %d: %q", res.Eligible, TurnoutLine(nil, majority(), res, false))
	}
}

func TestResultTextListsReasons(t *testing.T) {
	r := consensus()
	res := Tally(r, []Ballot{
		ballot("ana", 1, "", Agree), ballot("bo", 1, "I won't use it", Aside),
		ballot("cy", 1, "too expensive", Object), ballot("dee", 1, "", Object), ballot("eli", 1, "noise at night", Block),
	}, 6)
	got := ResultText(nil, Vote{Number: 1, Question: "Buy a projector?", Rules: r}, res)
	want := `Vote #1 “Buy a projector?” is closed: BLOCKED.
Count: 1 agree · 1 stand aside · 2 object · 1 block — 5 of 6 members voted.
Blocked — eli: “noise at night”
Objected — cy: “too expensive”
Objected — dee (no reason given)
Stood aside — bo: “I won't use it”`
	if got != want {
		t.Errorf("result text:\n%s\nwant:\n%s", got, want)
	}
}

func TestSecretResultShowsCountsOnly(t *testing.T) {
	r := consensus()
	r.Secret = true
	res := Tally(r, []Ballot{ballot("ana", 1, "", Agree), ballot("eli", 1, "noise at night", Block)}, 2)
	got := ResultText(nil, Vote{Number: 2, Question: "Q", Rules: r}, res)
	for _, leak := range []string{"ana", "eli", "noise"} {
		if strings.Contains(got, leak) {
			t.Errorf("secret result shows %q:\n%s", leak, got)
		}
	}
	if !strings.Contains(got, "1 agree · 0 stand aside · 0 object · 1 block") || !strings.Contains(got, "BLOCKED") {
		t.Errorf("secret result:\n%s", got)
	}
}

func TestTurnoutLine(t *testing.T) {
	r := Rules{Kind: Majority, Options: FixedOptions(Majority), Quorum: Quorum{N: 40, Percent: true}}
	res := Tally(r, []Ballot{ballot("a", 1, "", Yes)}, 10)
	if got := TurnoutLine(nil, r, res, false); got != "1 of 10 members voted (quorum 40% = 4: not met yet)" {
		t.Errorf("open turnout: %q", got)
	}
	if got := TurnoutLine(nil, r, res, true); got != "1 of 10 members voted (quorum 40% = 4: not met)" {
		t.Errorf("final turnout: %q", got)
	}
}

// FuzzRead checks that reading typed options and options lists never panics and only ever
// yields keys of the vote, within its limit.
func FuzzRead(f *testing.F) {
	for _, s := range []string{"agree", "1,2", "soup, hot", "#3", "", ",,", "stand aside", "ÿ,\x00"} {
		f.Add("pizza|soup, hot|salad", s)
	}
	f.Fuzz(func(t *testing.T, spec, typed string) {
		opts, err := ParseOptions(nil, spec)
		rules := []Rules{consensus(), majority()}
		if err == nil {
			rules = append(rules, Rules{Kind: Choice, Options: opts, MaxChoices: 2})
		}
		for _, r := range rules {
			keys, err := r.Read(nil, typed)
			if err != nil {
				continue
			}
			if len(keys) == 0 || len(keys) > r.maxChoices() {
				t.Fatalf("Read(%q) = %q", typed, keys)
			}
			for _, k := range keys {
				if _, ok := r.Option(k); !ok {
					t.Fatalf("Read(%q) gave unknown key %q", typed, k)
				}
			}
		}
		if _, err := ParseQuorum(nil, typed); err == nil && strings.TrimSpace(typed) == "" {
			t.Fatalf("empty quorum accepted")
		}
	})
}

func TestNumberLabelsCannotBeMistakenForOptionNumbers(t *testing.T) {
	if _, err := ParseOptions(nil, "2|1|3"); err == nil || !strings.Contains(err.Error(), "is also the number of option") {
		t.Errorf("2|1|3 accepted: %v", err)
	}
	opts, err := ParseOptions(nil, "1|2|3")
	if err != nil || len(opts) != 3 {
		t.Fatalf("1|2|3 refused: %v", err)
	}
	if _, err := ParseOptions(nil, "10|20"); err != nil {
		t.Errorf("numbers beyond the options' count are labels: %v", err)
	}
}

// A secret ballot's confirmation names the choice only where the voter alone reads it; an
// open vote's always does, with the count.
func TestBallotAnswerNamesASecretChoiceOnlyToTheVoter(t *testing.T) {
	secret := consensus()
	secret.Secret = true
	b := ballot("ana", 1, "noise at night", Object)
	res := Tally(secret, []Ballot{b}, 3)
	ana := bot.Member{ID: "ana@example.org", Name: "ana"}
	open := Vote{Number: 4, Question: "Q?", Rules: consensus()}
	tests := []struct {
		name       string
		v          Vote
		reach      SecretReach
		want, lack []string
	}{
		{"secret, room only", Vote{Number: 4, Rules: secret}, RoomOnly,
			[]string{"ana: your secret ballot on #4 is recorded. The count is shown at the close; 1 of 3 members voted."}, []string{"object", "noise", "privately"}},
		{"secret, voter told apart", Vote{Number: 4, Rules: secret}, RoomAndVoter,
			[]string{"is recorded; I have sent you your choice privately."}, []string{"object", "noise"}},
		{"secret, the voter alone reads it", Vote{Number: 4, Rules: secret}, VoterOnly,
			[]string{"is recorded: object, with the reason “noise at night”."}, nil},
		{"open", open, RoomOnly, []string{"ana: object on #4 recorded.", "Count so far: 0 agree"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := BallotAnswer(nil, ana, tc.v, b, Ballot{}, false, res, tc.reach)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, l := range tc.lack {
				if strings.Contains(got, l) {
					t.Errorf("shows %q:\n%s", l, got)
				}
			}
		})
	}
	private := PrivateChoice(nil, Vote{Number: 4, Question: "Q?", Rules: secret, ClosesAt: t0.Add(time.Hour)}, b, t0, time.UTC, "!")
	want := "Your secret ballot on Vote #4 “Q?” is recorded: object, with the reason “noise at night”.\nOnly you see this message. To change your ballot, vote again (!vote 4 <choice>) before it closes"
	if !strings.HasPrefix(private, want) {
		t.Errorf("private choice:\n%s\nwant it to start:\n%s", private, want)
	}
}

// TestReveals: a secret count reveals with one or two voters or every ballot alike, and the
// result, the warning and the opening say so; an open count of many differing ballots does not.
func TestReveals(t *testing.T) {
	secret := majority()
	secret.Secret = true
	multi := choice(t, "a|b|c", 2)
	multi.Secret = true
	tests := []struct {
		name    string
		rules   Rules
		ballots []Ballot
		note    string
	}{
		{"nobody", secret, nil, ""},
		{"one", secret, []Ballot{ballot("a", 1, "", Yes)}, "Only one member voted"},
		{"two differing", secret, []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", No)}, "With two voters"},
		{"all alike", secret, []Ballot{ballot("a", 1, "", No), ballot("b", 1, "", No), ballot("c", 1, "", No)}, "Every ballot chose the same"},
		{"three differing", secret, []Ballot{ballot("a", 1, "", Yes), ballot("b", 1, "", No), ballot("c", 1, "", Yes)}, ""},
		{"several options alike", multi, []Ballot{ballot("a", 1, "", "1", "2"), ballot("b", 1, "", "1", "2"), ballot("c", 1, "", "2", "1")}, "Every ballot chose the same"},
		{"several options differing", multi, []Ballot{ballot("a", 1, "", "1", "2"), ballot("b", 1, "", "1"), ballot("c", 1, "", "1", "2")}, ""},
		{"not secret", majority(), []Ballot{ballot("a", 1, "", Yes)}, ""},
	}
	for _, tt := range tests {
		res := Tally(tt.rules, tt.ballots, 9)
		note, warn := RevealNote(nil, tt.rules, res), RevealWarning(nil, tt.rules, res)
		if !strings.HasPrefix(note, tt.note) || (tt.note == "") != (note == "") || (note == "") != (warn == "") {
			t.Errorf("%s: note %q, warning %q; want a note starting %q", tt.name, note, warn, tt.note)
		}
		if text := ResultText(nil, Vote{Number: 1, Question: "Q", Rules: tt.rules}, res); note != "" && !strings.Contains(text, note) {
			t.Errorf("%s: result lacks the note:\n%s", tt.name, text)
		}
	}
	for n, want := range map[int]string{0: "", 1: "Only 1 member", 2: "Only 2 members", 3: ""} {
		if got := SmallElectorate(nil, secret, n); !strings.HasPrefix(got, want) || (want == "") != (got == "") {
			t.Errorf("electorate %d: %q", n, got)
		}
	}
}

// TestUndecidedWordsWhatDecidedNothing: a summary counts as decisions only what passed or
// chose, and words the rest as Verdict does.
func TestUndecidedWordsWhatDecidedNothing(t *testing.T) {
	got := Undecided(nil, []Outcome{Passed, Tied, Blocked, Rejected, Rejected, Decided, NoDecision})
	want := []string{"1 vote blocked", "2 votes not passed", "1 vote tied", "1 vote with no decision"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Undecided = %q, want %q", got, want)
	}
	for o, decides := range map[Outcome]bool{Passed: true, Decided: true, Blocked: false,
		Rejected: false, Tied: false, NoDecision: false} {
		if o.Decides() != decides {
			t.Errorf("%s.Decides() = %v", o, !decides)
		}
	}
}

// TestReadTakesTheRoomsWords: a ballot may name a fixed option in the room's language as
// well as in English, and an unknown option is answered in the room's language.
func TestReadTakesTheRoomsWords(t *testing.T) {
	es, ar, de := words.For("es"), words.For("ar"), words.For("de")
	tests := []struct {
		l     *words.Lang
		rules Rules
		typed string
		want  string
	}{
		{es, majority(), "Sí", Yes}, {es, majority(), "si", Yes}, {es, majority(), "yes", Yes},
		{es, consensus(), "a un lado", Aside}, {es, consensus(), "bloqueo", Block}, {es, consensus(), "agree", Agree},
		{ar, majority(), "نعم", Yes}, {ar, consensus(), "اعتراض مانع", Block}, {ar, consensus(), "اعتراض", Object},
		{de, majority(), "Enthaltung", Abstain},
	}
	for _, tt := range tests {
		if got, err := tt.rules.Read(tt.l, tt.typed); err != nil || len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s: Read(%q) = %q, %v; want %s", tt.l.Tag, tt.typed, got, err, tt.want)
		}
	}
	if _, err := majority().Read(nil, "sí"); err == nil {
		t.Error("an English room took a Spanish word")
	}
	if _, err := majority().Read(es, "quizás"); err == nil || !strings.Contains(err.Error(), "no es una opción de esta votación. Las opciones son: sí, no, abstención.") {
		t.Errorf("unknown option in Spanish: %v", err)
	}
}

// Close adds a plain note when fewer voted than the room expects: its own quorum as typed,
// else half its members; never when the vote's own quorum already says it, nor when nobody
// voted.
func TestCloseSaysLowTurnout(t *testing.T) {
	members := []bot.Member{{ID: "ana@example.org"}, {ID: "bo@example.org"}, {ID: "cy@example.org"}, {ID: "zoe@example.org", Name: "Zoë 🌻"}, {ID: "rizan@example.org", Name: "رێزان"}}
	own := majority()
	own.Quorum = Quorum{N: 4}
	cases := []struct {
		name, roomQuorum string
		rules            Rules
		voters           int
		want             string // "" for no note
	}{
		{"half the members by default", "", majority(), 2, "Low turnout: only 2 of 5 members voted, fewer than half the members."},
		{"half is enough", "", majority(), 3, ""},
		{"the room's quorum", "80%", majority(), 3, "Low turnout: only 3 of 5 members voted, fewer than the room's quorum of 80%."},
		{"a room quorum that no longer reads is half", "lots", majority(), 2, "Low turnout: only 2 of 5 members voted, fewer than half the members."},
		{"the vote's own quorum speaks instead", "", own, 2, ""},
		{"nobody voted", "", majority(), 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ballots []Ballot
			for _, m := range members[:tc.voters] {
				ballots = append(ballots, ballot(strings.TrimSuffix(m.ID, "@example.org"), 1, "", Yes))
			}
			v := Vote{Number: 3, Question: "Paint the gate 🌻?", Rules: tc.rules}
			res, text := Close(nil, v, Closing{Box: Box{Ballots: ballots, Opening: members}, RoomQuorum: tc.roomQuorum})
			if res.Eligible != 5 || res.Voters != tc.voters {
				t.Fatalf("counted %d of %d", res.Voters, res.Eligible)
			}
			if !strings.HasPrefix(text, ResultText(nil, v, res)) {
				t.Errorf("the result does not come first:\n%s", text)
			}
			if got := strings.TrimPrefix(strings.TrimPrefix(text, ResultText(nil, v, res)), "\n"); got != tc.want {
				t.Errorf("note %q, want %q", got, tc.want)
			}
		})
	}
}

// A council's vote of assemblies lists each assembly's own result at its close, and counts
// the undecided and those that decided nothing as not voting.
func TestCloseListsEachAssembly(t *testing.T) {
	rooms := []bot.Room{{Protocol: bot.Matrix, ID: "!north:x"}, {Protocol: bot.XMPP, ID: "south@muc.x"}, {Protocol: bot.Matrix, ID: "!east:x"}}
	var electorate []bot.Member
	for i, r := range rooms {
		electorate = append(electorate, bot.Member{ID: r.Key(), Name: []string{"North 🌻", "الجنوب", "East"}[i]})
	}
	decided := Vote{Number: 4, Room: rooms[0], Rules: consensus(), ClosedAt: t0, Outcome: Passed,
		FinalCounts: []Count{{Option{Agree, "agree"}, 3}}}
	tied := Vote{Number: 2, Room: rooms[1], Rules: majority(), ClosedAt: t0, Outcome: NoDecision}
	council := Vote{Number: 1, Question: "Join the federation?", Rules: consensus(), Body: Assemblies}
	_, text := Close(nil, council, Closing{Box: Box{Opening: electorate, Ballots: []Ballot{{Member: rooms[0].Key(), Choices: []string{Agree}, At: t0}}},
		Asked: []Vote{decided, tied}})
	for _, want := range []string{"Each assembly:", "• North 🌻: PASSED (its vote #4: 3 agree", "• الجنوب: ", "• East: had not decided by the close",
		"Counted as not voting (2): الجنوب, East."} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
}
