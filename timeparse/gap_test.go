package timeparse

import (
	"testing"
	"time"
)

func TestShortestGap(t *testing.T) {
	from := time.Date(2027, 3, 27, 12, 0, 0, 0, time.UTC) // the day before Europe's clocks skip an hour
	tests := []struct {
		spec string
		want time.Duration
	}{
		{"cron * * * * *", time.Minute},
		{"cron 0,1 9 * * 1", time.Minute},
		{"cron */30 * * * *", 30 * time.Minute},
		{"every day 02:30", 24 * time.Hour},
		{"every monday 19:00", 7 * 24 * time.Hour},
		{"every solstice 10:00", 0}, // months apart: read up to the floor only
	}
	for _, tc := range tests {
		t.Run(tc.spec, func(t *testing.T) {
			rec, err := ParseRecurrence(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			floor := 30 * 24 * time.Hour
			gap, ok := rec.ShortestGap(from, floor)
			if !ok {
				t.Fatalf("no gap found")
			}
			if tc.want == 0 {
				if gap < floor {
					t.Fatalf("gap %v, want at least %v", gap, floor)
				}
				return
			}
			if gap != tc.want {
				t.Fatalf("gap %v, want %v", gap, tc.want)
			}
		})
	}
}
