package timeparse

import (
	"fmt"
	"testing"
	"time"
)

// publishedMoments are the UTC moments of the March equinox, June solstice,
// September equinox and December solstice, to the minute, as the USNO and
// IMCCE tables give them.
var publishedMoments = map[int][4]string{
	2025: {"03-20 09:01", "06-21 02:42", "09-22 18:19", "12-21 15:03"},
	2026: {"03-20 14:46", "06-21 08:24", "09-23 00:05", "12-21 20:50"},
	2027: {"03-20 20:25", "06-21 14:11", "09-23 06:02", "12-22 02:42"},
	2028: {"03-20 02:17", "06-20 20:02", "09-22 11:45", "12-21 08:20"},
	2029: {"03-20 08:02", "06-21 01:48", "09-22 17:38", "12-21 14:14"},
	2030: {"03-20 13:52", "06-21 07:31", "09-22 23:27", "12-21 20:09"},
	2031: {"03-20 19:41", "06-21 13:17", "09-23 05:15", "12-22 01:56"},
	2032: {"03-20 01:22", "06-20 19:09", "09-22 11:11", "12-21 07:57"},
	2033: {"03-20 07:23", "06-21 01:01", "09-22 16:52", "12-21 13:45"},
	2034: {"03-20 13:18", "06-21 06:45", "09-22 22:41", "12-21 19:35"},
	2035: {"03-20 19:03", "06-21 12:33", "09-23 04:39", "12-22 01:31"},
}

func TestSeasonMoments(t *testing.T) {
	for y := 2025; y <= 2035; y++ {
		for m := marchEquinox; m <= decemberSolstice; m++ {
			want, err := time.Parse("2006-01-02 15:04", fmt.Sprintf("%d-%s", y, publishedMoments[y][m]))
			if err != nil {
				t.Fatal(err)
			}
			got := seasonMoment(y, m)
			if d := got.Sub(want); d < -15*time.Minute || d > 15*time.Minute {
				t.Errorf("marker %d of %d = %s UTC, published %s UTC (off by %v)", m, y, got.Format("01-02 15:04"), want.Format("01-02 15:04"), d)
			}
		}
	}
}

// TestSeasonLocalDate: a marker belongs to the room's local date, which
// differs from UTC's near midnight.
func TestSeasonLocalDate(t *testing.T) {
	auckland, la := mustLoad("Pacific/Auckland"), mustLoad("America/Los_Angeles")
	tests := []struct {
		name string
		loc  *time.Location
		year int
		m    marker
		want string // local date of the moment
	}{
		{"utc dec 2026", time.UTC, 2026, decemberSolstice, "2026-12-21"},
		{"auckland dec 2026 is a day later", auckland, 2026, decemberSolstice, "2026-12-22"},
		{"auckland dec 2025 is a day later", auckland, 2025, decemberSolstice, "2025-12-22"},
		{"auckland sep 2025 is a day later", auckland, 2025, septemberEquinox, "2025-09-23"},
		{"auckland jun 2025 same day", auckland, 2025, juneSolstice, "2025-06-21"},
		{"los angeles jun 2025 is a day earlier", la, 2025, juneSolstice, "2025-06-20"},
		{"los angeles sep 2026 is a day earlier", la, 2026, septemberEquinox, "2026-09-22"},
		{"los angeles mar 2028 is a day earlier", la, 2028, marchEquinox, "2028-03-19"},
		{"berlin dec 2027 is a day later", berlin, 2027, decemberSolstice, "2027-12-22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := seasonMoment(tt.year, tt.m).In(tt.loc).Format("2006-01-02"); got != tt.want {
				t.Fatalf("local date = %s, want %s", got, tt.want)
			}
			// The schedule fires on that date, at its own clock.
			r, err := ParseRecurrence("every season 07:15")
			if err != nil {
				t.Fatal(err)
			}
			from := time.Date(tt.year, time.Month(3*tt.m+1), 1, 0, 0, 0, 0, tt.loc)
			if got := r.Next(from, tt.loc).Format("2006-01-02 15:04"); got != tt.want+" 07:15" {
				t.Fatalf("Next from %s = %s, want %s 07:15", from.Format("2006-01-02"), got, tt.want)
			}
		})
	}
}

func TestEverySeasonAndYear(t *testing.T) {
	tests := []struct {
		name, in, canonical, describe string
		next                          []string
	}{
		{"solstice morning", "every solstice morning", "every solstice 09:00", "every solstice (June and December) at 09:00",
			[]string{"2026-12-21 09:00 Mon", "2027-06-21 09:00 Mon", "2027-12-22 09:00 Wed"}},
		{"solstice with time", "Every Solstice 19:00", "every solstice 19:00", "every solstice (June and December) at 19:00",
			[]string{"2026-12-21 19:00 Mon", "2027-06-21 19:00 Mon"}},
		{"equinox", "every equinox at 7pm", "every equinox 19:00", "every equinox (March and September) at 19:00",
			[]string{"2027-03-20 19:00 Sat", "2027-09-23 19:00 Thu", "2028-03-20 19:00 Mon"}},
		{"season", "every season 09:00", "every season 09:00", "every equinox and solstice at 09:00",
			[]string{"2026-12-21 09:00 Mon", "2027-03-20 09:00 Sat", "2027-06-21 09:00 Mon", "2027-09-23 09:00 Thu", "2027-12-22 09:00 Wed"}},
		{"solstice and equinox", "every solstice and equinox 08:30", "every season 08:30", "every equinox and solstice at 08:30",
			[]string{"2026-12-21 08:30 Mon", "2027-03-20 08:30 Sat"}},
		{"every twice", "every equinox and every solstice 9am", "every season 09:00", "every equinox and solstice at 09:00",
			[]string{"2026-12-21 09:00 Mon"}},
		{"plural", "every solstices evening", "every solstice 18:00", "every solstice (June and December) at 18:00",
			[]string{"2026-12-21 18:00 Mon"}},
		{"clock first", "every 6pm solstice", "every solstice 18:00", "every solstice (June and December) at 18:00",
			[]string{"2026-12-21 18:00 Mon"}},
		{"year day month", "every year on 1 mar 09:00", "every year on 1 mar 09:00", "every year on 1 March at 09:00",
			[]string{"2027-03-01 09:00 Mon", "2028-03-01 09:00 Wed", "2029-03-01 09:00 Thu"}},
		{"year month day", "every year on march 1 at 9am", "every year on 1 mar 09:00", "every year on 1 March at 09:00",
			[]string{"2027-03-01 09:00 Mon"}},
		{"year with time", "every year on the 1st of march at 6:30pm", "every year on 1 mar 18:30", "every year on 1 March at 18:30",
			[]string{"2027-03-01 18:30 Mon"}},
		{"year today ahead", "every year on 25 nov 18:00", "every year on 25 nov 18:00", "every year on 25 November at 18:00",
			[]string{"2026-11-25 18:00 Wed", "2027-11-25 18:00 Thu"}},
		{"year today passed", "every year on nov 25th 09:00", "every year on 25 nov 09:00", "every year on 25 November at 09:00",
			[]string{"2027-11-25 09:00 Thu"}},
		{"year in summer time", "every year on 1 jul 12:00", "every year on 1 jul 12:00", "every year on 1 July at 12:00",
			[]string{"2027-07-01 12:00 Thu", "2028-07-01 12:00 Sat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseEvery(nil, tt.in, now, berlin)
			if err != nil {
				t.Fatalf("ParseEvery(nil, %q): %v", tt.in, err)
			}
			if got := r.String(); got != tt.canonical {
				t.Errorf("String() = %q, want %q", got, tt.canonical)
			}
			if got := r.Describe(); got != tt.describe {
				t.Errorf("Describe() = %q, want %q", got, tt.describe)
			}
			if got := nextN(r, now, berlin, len(tt.next)); !equal(got, tt.next) {
				t.Errorf("Next = %v, want %v", got, tt.next)
			}
			back, err := ParseRecurrence(r.String())
			if err != nil {
				t.Fatalf("ParseRecurrence(%q): %v", r.String(), err)
			}
			if back.String() != r.String() || !equal(nextN(back, now, berlin, 6), nextN(r, now, berlin, 6)) {
				t.Errorf("round trip changed %q into %q", r.String(), back.String())
			}
			s, err := Parse(nil, tt.in, now, berlin)
			if err != nil || s.Every == nil || s.Every.String() != tt.canonical {
				t.Errorf("Parse(nil, %q) = %+v, %v", tt.in, s, err)
			}
		})
	}
}

func TestEverySeasonAndYearErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"29 feb", "every year on 29 feb", "29 Feb is not in every year"},
		{"31 apr", "every year on 31 apr 10:00", "There is no 31 Apr."},
		{"year with a year", "every year on 1 mar 2027", "couldn't read"},
		{"year alone", "every year", "I couldn't read the time “every year”: I expected a day and month (1 mar) after it."},
		{"solstice without a time", "every solstice", "Please add a time of day, like “every solstice 19:00”."},
		{"season without a time", "every equinox and every solstice", "Please add a time of day"},
		{"year without a time", "every year on 1 mar", "Please add a time of day, like “every year on 1 mar 19:00”."},
		{"year with weekday", "every year on monday 10:00", "couldn't read"},
		{"solstice junk", "every solstice please", "couldn't read"},
		{"solstice and every junk", "every solstice and every monday 10:00", "couldn't read"},
		{"solstice bad hour", "every solstice 25:00", "There is no 25:00"},
		{"solstice midnight", "every solstice midnight", "Midnight is ambiguous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ParseEvery(nil, tt.in, now, berlin)
			if err == nil {
				t.Fatalf("ParseEvery(nil, %q) = %q, want error %q", tt.in, r, tt.want)
			}
			checkErr(t, err, tt.want)
		})
	}
}

// TestSeasonMovesWithTheRoom follows the scheduler: it stores String() and,
// when the room's timezone changes, reads it back and asks Next in the new
// zone. The wall-clock time stays, and the date is the new zone's.
func TestSeasonMovesWithTheRoom(t *testing.T) {
	auckland, la := mustLoad("Pacific/Auckland"), mustLoad("America/Los_Angeles")
	r, err := ParseEvery(nil, "every solstice 19:00", now, berlin)
	if err != nil {
		t.Fatal(err)
	}
	stored := r.String()
	tests := []struct {
		loc  *time.Location
		want string
	}{
		{berlin, "2026-12-21 19:00 +0100"},
		{auckland, "2026-12-22 19:00 +1300"},
		{la, "2026-12-21 19:00 -0800"},
		{time.UTC, "2026-12-21 19:00 +0000"},
	}
	for _, tt := range tests {
		back, err := ParseRecurrence(stored)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.Next(now, tt.loc).In(tt.loc).Format("2006-01-02 15:04 -0700"); got != tt.want {
			t.Errorf("in %v: Next = %s, want %s", tt.loc, got, tt.want)
		}
	}
	// The yearly form keeps its wall clock the same way.
	y, _ := ParseEvery(nil, "every year on 1 jul 12:00", now, berlin)
	back, _ := ParseRecurrence(y.String())
	if got := back.Next(now, auckland).In(auckland).Format("2006-01-02 15:04 -0700"); got != "2027-07-01 12:00 +1200" {
		t.Errorf("yearly in Auckland: Next = %s", got)
	}
}

// TestSeasonEnds: the formulas cover up to 3000; after that there is no next.
func TestSeasonEnds(t *testing.T) {
	r, err := ParseRecurrence("every season 09:00")
	if err != nil {
		t.Fatal(err)
	}
	last := r.Next(time.Date(3000, 12, 1, 0, 0, 0, 0, time.UTC), time.UTC)
	if last.Year() != 3000 || last.Month() != time.December {
		t.Fatalf("last marker = %v, want December 3000", last)
	}
	if got := r.Next(last, time.UTC); !got.IsZero() {
		t.Fatalf("Next after 3000 = %v, want zero", got)
	}
	if got := r.Next(time.Time{}, time.UTC); got.Year() != firstSeasonYear {
		t.Fatalf("Next from year 1 = %v, want the first covered year", got)
	}
}

func BenchmarkSeasonNext(b *testing.B) {
	r, err := ParseRecurrence("every season 09:00")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if r.Next(now, berlin).IsZero() {
			b.Fatal("no next")
		}
	}
}
