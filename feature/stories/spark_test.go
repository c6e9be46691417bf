package stories

import (
	"math"
	"testing"
	"unicode/utf8"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		in   []float64
		want string
	}{
		{nil, ""},
		{[]float64{5}, "▅"},
		{[]float64{3, 3, 3}, "▅▅▅"},
		{[]float64{0, 7}, "▁█"},
		{[]float64{1, 2, 5, 7}, "▁▂▆█"}, {[]float64{-1e308, 1e308}, "▁█"},
		{[]float64{-1, 0, 1}, "▁▅█"},
	}
	for _, tc := range tests {
		if got := Sparkline(tc.in); got != tc.want {
			t.Errorf("Sparkline(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"14", 14, true}, {"2.5", 2.5, true}, {"2,5", 2.5, true}, {"-3", -3, true}, {"+1e3", 1000, true},
		{"many", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1e999", 0, false}, {"", 0, false}, {"1,000.5", 0, false}, {"0x10", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseValue(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseValue(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"14", "2,5", "-1e3", "NaN", "∞", "0x1p-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseValue(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseValue(%q) = %v", s, v)
		}
		if ok && utf8.RuneCountInString(Sparkline([]float64{v, 0})) != 2 {
			t.Fatalf("sparkline of %v", v)
		}
	})
}
