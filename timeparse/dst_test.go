package timeparse

import (
	"testing"
	"time"
)

// TestWeeklyAcrossDST checks the wall-clock hour holds while the UTC offset
// changes, for both Berlin changes and one US change.
func TestWeeklyAcrossDST(t *testing.T) {
	ny := mustLoad("America/New_York")
	tests := []struct {
		name       string
		loc        *time.Location
		from       time.Time
		offsetDiff time.Duration // offset after minus before
	}{
		{"berlin march", berlin, time.Date(2026, 3, 20, 12, 0, 0, 0, berlin), time.Hour},
		{"berlin october", berlin, time.Date(2026, 10, 15, 12, 0, 0, 0, berlin), -time.Hour},
		{"new york november", ny, time.Date(2026, 10, 22, 12, 0, 0, 0, ny), -time.Hour},
	}
	r, err := ParseEvery(nil, "every monday 19:00", now, berlin)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := r.Next(tt.from, tt.loc)
			after := r.Next(before, tt.loc)
			for _, x := range []time.Time{before, after} {
				if l := x.In(tt.loc); l.Hour() != 19 || l.Minute() != 0 || l.Weekday() != time.Monday {
					t.Fatalf("occurrence %v is not Monday 19:00 local", l)
				}
			}
			_, off1 := before.In(tt.loc).Zone()
			_, off2 := after.In(tt.loc).Zone()
			if got := time.Duration(off2-off1) * time.Second; got != tt.offsetDiff {
				t.Fatalf("offset change = %v (%v -> %v), want %v", got, before, after, tt.offsetDiff)
			}
			if gap := after.Sub(before); gap != 7*24*time.Hour-tt.offsetDiff {
				t.Fatalf("real gap = %v, want a week minus the offset change", gap)
			}
		})
	}
}

// TestDSTEdges pins what happens to times that fall in the gap or the repeated hour.
func TestDSTEdges(t *testing.T) {
	tests := []struct {
		name, in string
		from     time.Time
		want     []string
	}{
		// Spring forward: 02:30 does not exist on 29 Mar; it fires at 03:30.
		{"gap shifts forward, interval kept", "every 2 weeks on sun 02:30 from 2026-03-15",
			time.Date(2026, 3, 1, 0, 0, 0, 0, berlin),
			[]string{"2026-03-15 02:30 +0100", "2026-03-29 03:30 +0200", "2026-04-12 02:30 +0200"}},
		// Fall back: 02:30 happens twice on 25 Oct; it fires once.
		{"repeated hour fires once", "every day 02:30", time.Date(2026, 10, 24, 12, 0, 0, 0, berlin),
			[]string{"2026-10-25 02:30 +0200", "2026-10-26 02:30 +0100"}},
		{"cron repeated hour fires once", `cron "30 2 * * *"`, time.Date(2026, 10, 24, 12, 0, 0, 0, berlin),
			[]string{"2026-10-25 02:30 +0200", "2026-10-26 02:30 +0100"}},
		{"monthly across march", "every month on the 1st 10:00", time.Date(2026, 3, 2, 0, 0, 0, 0, berlin),
			[]string{"2026-04-01 10:00 +0200", "2026-05-01 10:00 +0200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseRecurrence(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for x := tt.from; len(got) < len(tt.want); {
				x = r.Next(x, berlin)
				got = append(got, x.In(berlin).Format("2006-01-02 15:04 -0700"))
			}
			if !equal(got, tt.want) {
				t.Fatalf("Next = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOneShotDST(t *testing.T) {
	sat := time.Date(2026, 3, 28, 10, 0, 0, 0, berlin)
	tests := []struct{ in, want string }{
		{"2026-03-29 02:30", "2026-03-29 03:30 +0200"}, // gap: shifted forward like time.Date
		{"in 1 day", "2026-03-29 10:00 +0200"},         // calendar day keeps the wall clock
		{"in 24h", "2026-03-29 11:00 +0200"},           // hours are exact
		{"sun 10:00", "2026-03-29 10:00 +0200"},
	}
	for _, tt := range tests {
		got, err := ParseAt(nil, tt.in, sat, berlin)
		if err != nil || got.Format("2006-01-02 15:04 -0700") != tt.want {
			t.Errorf("ParseAt(nil, %q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// TestWeekly2027Berlin follows a weekly 19:00 reminder through both of
// Berlin's 2027 changes (28 March, 31 October), the way the scheduler does:
// each next time from the previous one, after a round trip through String().
func TestWeekly2027Berlin(t *testing.T) {
	tests := []struct {
		name, in string
		from     time.Time
		want     []string
	}{
		{"spring forward", "every monday 19:00", time.Date(2027, 3, 15, 20, 0, 0, 0, berlin),
			[]string{"2027-03-22 19:00 +0100", "2027-03-29 19:00 +0200", "2027-04-05 19:00 +0200"}},
		{"fall back", "every monday 19:00", time.Date(2027, 10, 18, 20, 0, 0, 0, berlin),
			[]string{"2027-10-25 19:00 +0200", "2027-11-01 19:00 +0100", "2027-11-08 19:00 +0100"}},
		{"on the spring change day", "every sunday 7pm", time.Date(2027, 3, 20, 12, 0, 0, 0, berlin),
			[]string{"2027-03-21 19:00 +0100", "2027-03-28 19:00 +0200", "2027-04-04 19:00 +0200"}},
		{"on the autumn change day", "every sunday evening", time.Date(2027, 10, 23, 12, 0, 0, 0, berlin),
			[]string{"2027-10-24 18:00 +0200", "2027-10-31 18:00 +0100", "2027-11-07 18:00 +0100"}},
		{"every other week across both", "every 2 weeks on mon 19:00 from 2027-03-22", time.Date(2027, 3, 1, 0, 0, 0, 0, berlin),
			[]string{"2027-03-22 19:00 +0100", "2027-04-05 19:00 +0200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseEvery(nil, tt.in, tt.from, berlin)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for x := tt.from; len(got) < len(tt.want); {
				back, err := ParseRecurrence(r.String())
				if err != nil {
					t.Fatal(err)
				}
				x = back.Next(x, berlin)
				got = append(got, x.In(berlin).Format("2006-01-02 15:04 -0700"))
			}
			if !equal(got, tt.want) {
				t.Fatalf("Next = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRelativeAcrossDST2027: "in 1 day" keeps the wall clock over Berlin's
// 2027 changes and "in 24h" is exact; neither lands before now.
func TestRelativeAcrossDST2027(t *testing.T) {
	tests := []struct {
		from     time.Time
		in, want string
	}{
		{time.Date(2027, 3, 27, 10, 0, 0, 500_000_000, berlin), "in 1 day", "2027-03-28 10:00:00.5 +0200"},
		{time.Date(2027, 3, 27, 10, 0, 0, 0, berlin), "in 24h", "2027-03-28 11:00:00 +0200"},
		{time.Date(2027, 10, 30, 10, 0, 0, 0, berlin), "in 1 day", "2027-10-31 10:00:00 +0100"},
		{time.Date(2027, 10, 30, 10, 0, 0, 0, berlin), "in 24h", "2027-10-31 09:00:00 +0100"},
		{time.Date(2027, 10, 30, 10, 0, 0, 0, berlin), "sunday evening", "2027-10-31 18:00:00 +0100"},
	}
	for _, tt := range tests {
		got, err := ParseAt(nil, tt.in, tt.from, berlin)
		if err != nil || got.Format("2006-01-02 15:04:05.999 -0700") != tt.want || !got.After(tt.from) {
			t.Errorf("ParseAt(nil, %q) from %v = %v, %v; want %s", tt.in, tt.from, got, err, tt.want)
		}
	}
}
