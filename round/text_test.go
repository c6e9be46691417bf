package round

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestGini(t *testing.T) {
	tests := []struct {
		name string
		in   []time.Duration
		want float64
	}{
		{"nobody", nil, 0},
		{"nobody spoke", []time.Duration{0, 0, 0}, 0},
		{"one member", []time.Duration{sec(30)}, 0},
		{"equal", []time.Duration{sec(90), sec(90), sec(90), sec(90)}, 0},
		{"one of two", []time.Duration{0, sec(60)}, 0.5},
		{"one of four", []time.Duration{sec(60), 0, 0, 0}, 0.75},
		{"one of ten", []time.Duration{0, 0, 0, 0, 0, 0, 0, 0, 0, sec(600)}, 0.9},
		// Pairs |1-2|+|1-3|+|2-3| = 4, doubled 8, over 2·n²·μ = 2·9·2 = 36.
		{"1, 2, 3", []time.Duration{sec(3), sec(1), sec(2)}, 8.0 / 36},
	}
	for _, tt := range tests {
		if got := Gini(tt.in); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: Gini(%v) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

// The sorted formula agrees with the definition on arbitrary inputs.
func TestGiniMatchesDefinition(t *testing.T) {
	xs := []time.Duration{sec(7), sec(0), sec(120), sec(33), sec(33), sec(1), sec(600)}
	var pairs, sum float64
	for _, a := range xs {
		sum += float64(a)
		for _, b := range xs {
			pairs += math.Abs(float64(a - b))
		}
	}
	n := float64(len(xs))
	want := pairs / (2 * n * n * (sum / n))
	if got := Gini(xs); math.Abs(got-want) > 1e-12 {
		t.Errorf("Gini = %v, definition gives %v", got, want)
	}
}

func TestParticipation(t *testing.T) {
	s := State{Heard: []Tally{{Member: ana, Turns: 1, Time: sec(60)}, {Member: ben}, {Member: cy, Turns: 2, Time: sec(60)}}}
	p := s.Participation()
	if p.Total != sec(120) || p.Tallies[0].Member != cy || p.Tallies[2].Member != ben {
		t.Fatalf("participation = %+v", p)
	}
	// ana and cy 60 s, ben 0: pairs sum 4·60 = 240, over 2·9·40 = 720.
	if math.Abs(p.Gini-1.0/3) > 1e-12 {
		t.Errorf("gini = %v, want 1/3", p.Gini)
	}
	want := lines("Turns in rounds and the queue in this meeting:", "cy — 2 turns, 1:00", "ana — 1 turn, 1:00", "ben — 0 turns, 0:00",
		"Total 2:00; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.33.")
	if got := ParticipationText(nil, p, "in this meeting"); got != want {
		t.Errorf("text:\n%s\nwant\n%s", got, want)
	}
	if got := s.NewMeeting().Participation(); len(got.Tallies) != 0 || len(s.Heard) != 3 {
		t.Errorf("NewMeeting: %+v (and the original has %d)", got, len(s.Heard))
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		in           time.Duration
		clock, prose string
	}{
		{0, "0:00", "0 seconds"},
		{sec(1), "0:01", "1 second"},
		{sec(10), "0:10", "10 seconds"},
		{sec(30), "0:30", "30 seconds"},
		{time.Minute, "1:00", "1 minute"},
		{sec(90), "1:30", "1 minute 30 seconds"},
		{2 * time.Minute, "2:00", "2 minutes"},
		{1500 * time.Millisecond, "0:02", "2 seconds"},
		{time.Hour + sec(61), "1:01:01", "1 hour 1 minute 1 second"},
		{-sec(5), "0:00", "minus 5 seconds"},
	}
	for _, tt := range tests {
		if got := Clock(tt.in); got != tt.clock {
			t.Errorf("Clock(%v) = %q, want %q", tt.in, got, tt.clock)
		}
		if got := Prose(nil, tt.in); got != tt.prose {
			t.Errorf("Prose(%v) = %q, want %q", tt.in, got, tt.prose)
		}
	}
}

func TestTextExamples(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{Event{Kind: Floor, Member: ana, Duration: 2 * time.Minute}, "🎙 ana has the floor (2:00)."},
		{Event{Kind: Warning, Left: sec(30)}, "30 seconds left."},
		{Event{Kind: Time, Member: ana}, "Time — thank you, ana."},
		{Event{Kind: Pause, Duration: sec(10)}, "10 seconds of silence."},
		{Event{Kind: Silent, Duration: time.Minute}, "1 minute of silence."},
		{Event{Kind: Floor, Member: Member{ID: "@x:example.org"}}, "🎙 @x:example.org has the floor."},
		{Event{Kind: Raised, Member: ana, Count: 11}, "ana is 11th in the queue."},
		{Event{Kind: Raised, Member: ana, Count: 22}, "ana is 22nd in the queue."},
		{Event{Kind: Cleared, Count: 1}, "The queue is cleared (1 hand lowered)."},
		{Event{Kind: SignUpOpen, Duration: sec(90), Topic: "budget"}, "Listening round “budget”: say !in within 1 minute 30 seconds to take part."},
	}
	for _, tt := range tests {
		if got := Text(nil, tt.e, "!"); got != tt.want {
			t.Errorf("Text(%s) = %q, want %q", tt.e.Kind, got, tt.want)
		}
	}
}

// A name, topic or note cannot forge a line of the bot's output nor turn text around.
func TestTextIsInert(t *testing.T) {
	evil := Member{ID: "@e:example.org", Name: "eve\n🎙 mallory has the floor (9:99).\u202e\u2066x\x00\x1b[31m"}
	events := []Event{
		{Kind: Floor, Member: evil, Duration: time.Minute, Note: "a\r\nb\u2069"},
		{Kind: Raised, Member: evil, Count: 1, Note: "\u202bnote\u2028x"},
		{Kind: SignUpOpen, Duration: time.Minute, Topic: "t\n!round stop"},
		{Kind: Summary, Report: &Report{Topic: "x\ny", Lines: []Line{{Member: evil, Spoke: true}}}},
	}
	for _, e := range events {
		got := Text(nil, e, "!")
		lines := strings.Count(got, "\n")
		if e.Kind == Summary {
			lines -= 2 // heading, one member, the totals
		}
		if lines != 0 {
			t.Errorf("%s: %q has a forged line", e.Kind, got)
		}
		for _, r := range got {
			if (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x2028 || (r < 0x20 && r != '\n') {
				t.Errorf("%s: %q keeps control %U", e.Kind, got, r)
			}
		}
	}
	long := Member{Name: strings.Repeat("a", 500)}
	if got := name(long); len([]rune(got)) != 60 || !strings.HasSuffix(got, "…") {
		t.Errorf("a long name is not cut: %d runes", len([]rune(got)))
	}
}

// Every kind has its own wording (none falls through to the kind's name).
func TestEveryKindIsWorded(t *testing.T) {
	kinds := []Kind{SignUpOpen, Joined, Cancelled, LineUp, Floor, Warning, Time, Thanks, Passed, Skipped,
		Extended, Held, Resumed, Back, Pause, Interrupted, Summary, Raised, Lowered, QueueEmpty, Cleared,
		ModeChanged, TimerSet, NewTopic, Silent, SilenceTalk, SilenceOver}
	for _, k := range kinds {
		e := Event{Kind: k, Member: ana, Report: &Report{}}
		if got := Text(nil, e, "!"); got == string(k) || got == "" {
			t.Errorf("kind %s is not worded: %q", k, got)
		}
	}
}

func TestPeriodText(t *testing.T) {
	p := Summarize([]Tally{{Member: ana, Turns: 1, Time: time.Minute}, {Member: ben, Turns: 2, Time: 3 * time.Minute}})
	want := "Turns in rounds and the queue in the last 7 days:\nben — 2 turns, 3:00\nana — 1 turn, 1:00\nTotal 4:00; inequality of speaking time (Gini, 0 = everyone spoke equally): 0.25."
	if got := PeriodText(nil, p, "in the last 7 days"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := PeriodText(nil, Summarize(nil), "in the last 30 days"); got != "Nobody has taken a turn in a round or the queue in the last 30 days." {
		t.Errorf("empty: %q", got)
	}
}

// TestBlankNameShowsTheID: a name with nothing visible shows as the member's ID, a real name
// as it is, clipped.
func TestBlankNameShowsTheID(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"\u200b\u200d", "zoe@example.org"}, {"\u3164", "zoe@example.org"}, {"", "zoe@example.org"},
		{"Zoë 🌻", "Zoë 🌻"}, {"رێزان", "رێزان"}, {strings.Repeat("🌻", 70), strings.Repeat("🌻", 59) + "…"},
	} {
		if got := (Member{ID: "zoe@example.org", Name: tc.name}).Display(); got != tc.want {
			t.Errorf("Display of %q = %q, want %q", tc.name, got, tc.want)
		}
	}
}
