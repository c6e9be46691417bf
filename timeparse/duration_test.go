package timeparse

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"3m", 3 * time.Minute},
		{"90s", 90 * time.Second},
		{"2 minutes", 2 * time.Minute},
		{"1h30m", 90 * time.Minute},
		{"1 hour 30 minutes", 90 * time.Minute},
		{"1 hour and 30 mins", 90 * time.Minute},
		{"2 MIN", 2 * time.Minute},
		{" 45 sec ", 45 * time.Second},
		{"an hour", time.Hour},
		{"1d", 24 * time.Hour},
		{"2 weeks", 14 * 24 * time.Hour},
		{"“5m”", 5 * time.Minute},
	}
	for _, tt := range tests {
		got, err := ParseDuration(nil, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(nil, %q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"3", "Add a unit to “3”, like 3m or 3h (units: s, m (minutes), h, d, w)."},
		{"abc", "I couldn't read the duration “abc”. Try: 90s, 3m, 2 minutes, 1h30m (units: s, m (minutes), h, d, w)."},
		{"", "I couldn't read the duration “”"},
		{"0m", "A duration must be more than zero."},
		{"-5m", "A duration must be more than zero."},
		{"1.5h", "I couldn't read the duration at “1.5h”: after “1” I expected whole numbers (1h30m, not 1.5h)."},
		{"3m extra", "I couldn't read the duration at “extra”: after “3m” I expected nothing more."},
		{"3 months", "“3 months” has no fixed length; here I need seconds, minutes, hours, days or weeks."},
		{"a year", "no fixed length"},
		{"in 3m", "couldn't read"},
		{"99999999 weeks", "too far ahead"},
	}
	for _, tt := range tests {
		got, err := ParseDuration(nil, tt.in)
		if err == nil {
			t.Errorf("ParseDuration(nil, %q) = %v, want error %q", tt.in, got, tt.want)
			continue
		}
		checkErr(t, err, tt.want)
	}
}
