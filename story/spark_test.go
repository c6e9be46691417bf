package story

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
		// Values stored before readings were checked: no panic, no number is a gap.
		{[]float64{math.Inf(1), 1, 2}, "·▁█"},
		{[]float64{math.NaN()}, "·"},
		{[]float64{math.Inf(-1), math.NaN(), math.Inf(1)}, "···"},
		{[]float64{-math.MaxFloat64, math.MaxFloat64, math.NaN(), 0}, "▁█·▅"},
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

// Only finite readings of at most 12 digits before the point are in range: every sum,
// difference and chart of them stays finite.
func TestInRange(t *testing.T) {
	for _, v := range []float64{0, 14, -3, 2.5, 1e12, -1e12, 1e-300} {
		if !InRange(v) {
			t.Errorf("InRange(%v) = false", v)
		}
	}
	for _, v := range []float64{1e12 + 1, -1e13, 1e308, math.Inf(1), math.NaN()} {
		if InRange(v) {
			t.Errorf("InRange(%v) = true", v)
		}
	}
}

// Any stored value shows as what it is, and a change that is no number says so.
func TestFormatAnyValue(t *testing.T) {
	tests := []struct {
		v          float64
		value, chg string
	}{
		{14, "14", "+14"}, {-2.25, "-2.25", "−2.25"}, {1e308, "1e+308", "+1e+308"}, {math.Inf(1), "∞", "change unknown"},
		{math.Inf(-1), "−∞", "change unknown"}, {math.NaN(), "not a number", "change unknown"}, {0.0001, "0", "no change"},
	}
	for _, tc := range tests {
		if got := FormatValue(nil, tc.v); got != tc.value {
			t.Errorf("FormatValue(%v) = %q, want %q", tc.v, got, tc.value)
		}
		if got := FormatChange(nil, tc.v); got != tc.chg {
			t.Errorf("FormatChange(%v) = %q, want %q", tc.v, got, tc.chg)
		}
	}
}

// Every float64 makes a sparkline of one character each, whatever its neighbours.
func FuzzSparkline(f *testing.F) {
	f.Add(1.0, 2.0, 3.0)
	f.Add(math.Inf(1), -1e308, math.NaN())
	f.Add(math.MaxFloat64, -math.MaxFloat64, 0.0)
	f.Fuzz(func(t *testing.T, a, b, c float64) {
		if got := Sparkline([]float64{a, b, c}); utf8.RuneCountInString(got) != 3 {
			t.Fatalf("Sparkline(%v, %v, %v) = %q", a, b, c, got)
		}
		for _, v := range []float64{a, b, c} {
			_, _ = FormatValue(nil, v), FormatChange(nil, v)
		}
	})
}
