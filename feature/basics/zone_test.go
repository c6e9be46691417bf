package basics

import "testing"

func TestGMTOffset(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"gmt+1", 1, true}, {"utc-5", -5, true}, {"+2", 2, true}, {"utc +01:00", 1, true}, {"gmt−3", -3, true},
		{"gmt", 0, false}, {"gmt+15", 0, false}, {"berlin", 0, false}, {"utc+0530", 0, false},
	}
	for _, tt := range tests {
		if got, ok := gmtOffset(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("gmtOffset(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzGuessZone(f *testing.F) {
	for _, s := range []string{"berlin", "new york", "GMT+1", "utc −05:00", "CET", "", "+", "gmt-99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, ok := guessZone(s, "!")
		if ok && g.zone == "" {
			t.Fatalf("guessZone(%q) fits with no zone", s)
		}
		exactZone(s)
	})
}
