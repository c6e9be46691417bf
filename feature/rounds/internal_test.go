package rounds

import (
	"testing"
	"time"
)

func TestParseLength(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"2m", 2 * time.Minute, false},
		{"90s", 90 * time.Second, false},
		{"1 minute", time.Minute, false},
		{"0", 0, false},
		{"0s", 0, false},
		{"none", 0, false},
		{"OFF", 0, false},
		{"soon", 0, true},
		{"5", 0, true},
	}
	for _, tc := range tests {
		got, err := parseLength(nil, tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("parseLength(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func FuzzParseLength(f *testing.F) {
	for _, s := range []string{"2m", "0s", "1h30m", "90 seconds", "-5m", "00000x", "off", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseLength(nil, s); err == nil && d < 0 {
			t.Fatalf("parseLength(%q) = %v: a length is never negative", s, d)
		}
	})
}

func TestCeilMilli(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ in, want time.Time }{
		{time.Time{}, time.Time{}},
		{t0, t0},
		{t0.Add(time.Nanosecond), t0.Add(time.Millisecond)},
		{t0.Add(999 * time.Microsecond), t0.Add(time.Millisecond)},
	} {
		if got := ceilMilli(tc.in); !got.Equal(tc.want) {
			t.Errorf("ceilMilli(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
