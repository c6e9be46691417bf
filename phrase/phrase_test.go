package phrase

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"folkmoot/words"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "1 minute"},
		{20 * time.Second, "1 minute"},
		{5 * time.Minute, "5 minutes"},
		{time.Hour, "1 hour"},
		{80 * time.Minute, "1 hour 20 minutes"},
		{5 * time.Hour, "5 hours"},
		{36 * time.Hour, "36 hours"},
		{48 * time.Hour, "2 days"},
		{51 * time.Hour, "2 days 3 hours"},
		{21 * 24 * time.Hour, "3 weeks"},
		{200 * 24 * time.Hour, "7 months"},
		{3 * 365 * 24 * time.Hour, "3 years"},
		{-5 * time.Minute, "5 minutes"},
		{45 * time.Minute, "45 minutes"},
		{90 * time.Minute, "1 hour 30 minutes"},
		{5*time.Hour + 20*time.Minute, "5 hours"},
		{24 * time.Hour, "1 day"},
		{80 * time.Hour, "3 days 8 hours"},
		{62*time.Hour + 29*time.Minute, "2 days 14 hours"},
		{71*time.Hour + 45*time.Minute, "3 days"},
	}
	for _, tt := range tests {
		if got := Duration(nil, tt.in); got != tt.want {
			t.Errorf("Duration(nil, %v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClipAndList(t *testing.T) {
	if got := Clip("a\nb   c", 10); got != "a b c" {
		t.Errorf("Clip folds white space: %q", got)
	}
	if got := Clip("αβγδεζ", 4); got != "αβγ…" {
		t.Errorf("Clip counts runes: %q", got)
	}
	for _, tt := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"a"}, "a"}, {[]string{"a", "b"}, "a and b"}, {[]string{"a", "b", "c"}, "a, b and c"}} {
		if got := List(nil, tt.in); got != tt.want {
			t.Errorf("List(nil, %q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Plural(1, "vote", "") != "1 vote" || Plural(2, "person", "people") != "2 people" {
		t.Error("Plural")
	}
}

func TestSummarise(t *testing.T) {
	got := Summarise(nil, []string{"a", "b", "c", "d"}, 2, "!votes")
	if len(got) != 3 || got[2] != "… and 2 more: !votes" {
		t.Errorf("Summarise = %q", got)
	}
	if got := Summarise(nil, []string{"a"}, 2, "x"); len(got) != 1 {
		t.Errorf("short lists stay whole: %q", got)
	}
}

// A measured value reads the same in the room and on paper, whatever was stored.
func TestNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{14, "14"}, {2.5, "2.5"}, {1.0 / 3, "0.333"}, {-2.25, "-2.25"}, {0.0001, "0"},
		{1e308, "1e+308"}, {-1e308, "-1e+308"}, {123456789012, "123456789012"},
		{math.Inf(1), "∞"}, {math.Inf(-1), "−∞"}, {math.NaN(), "not a number"},
	}
	for _, tc := range tests {
		if got := Number(nil, tc.in); got != tc.want {
			t.Errorf("Number(nil, %v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRelativeInEveryCase: after "in" and in "… ago" a language may change its unit words
// (German's dative, Arabic's genitive dual), which a span alone keeps.
func TestRelativeInEveryCase(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct{ lang, got, want string }{
		{"de", Relative(words.For("de"), now.Add(5*24*time.Hour), now), "in 5 Tagen"},
		{"de", Relative(words.For("de"), now.Add(-3*7*24*time.Hour), now), "vor 3 Wochen"},
		{"de", Duration(words.For("de"), 5*24*time.Hour), "5 Tage"},
		{"ar", bidiless(Relative(words.For("ar"), now.Add(48*time.Hour), now)), "بعد يومين"},
		{"ar", bidiless(Duration(words.For("ar"), 48*time.Hour)), "يومان"},
		{"es", Relative(words.For("es"), now.Add(-50*time.Hour), now), "hace 2 días y 2 horas"},
		{"en", Relative(nil, now.Add(50*time.Hour), now), "in 2 days 2 hours"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.lang, tt.got, tt.want)
		}
	}
}

func bidiless(s string) string { return strings.NewReplacer("\u2068", "", "\u2069", "").Replace(s) }

// TestNearest: a slip finds the word meant, once per thing and as it is shown; a word too far,
// or one letter, finds nothing.
func TestNearest(t *testing.T) {
	known := []Near{{"status", "status", "status"}, {"stats", "stats", "stats"}, {"poll", "vote", "vote"},
		{"vote", "vote", "vote"}, {"votación", "votación", "vote"}, {"sí", "sí", "yes"}}
	tests := []struct {
		typed string
		want  []string
	}{
		{"stauts", []string{"status", "stats"}}, // two swapped letters before a letter too many
		{"VOTR", []string{"vote"}},              // one per thing, shown as the thing's name
		{"votacion", []string{"votación"}},      // accents do not count
		{"vo", nil},                             // two letters are too far from four
		{"x", nil},
		{"frobnicate", nil},
	}
	for _, tt := range tests {
		if got := Nearest(tt.typed, known); !slices.Equal(got, tt.want) {
			t.Errorf("Nearest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}
