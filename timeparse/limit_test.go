package timeparse

import (
	"fmt"
	"strings"
	"testing"
)

// longWords is the pathological input from the brief: "a a a …" of n words.
func longWords(n int) string { return strings.TrimSpace(strings.Repeat("a ", n)) }

func TestTooLongInputIsRefusedNamingTheLimit(t *testing.T) {
	long := "until " + longWords(30000)
	parsers := []struct {
		name  string
		parse func(string) error
		want  string
	}{
		{"Parse", func(s string) error { _, err := Parse(nil, s, now, berlin); return err }, "longer than 200 characters"},
		{"ParseAt", func(s string) error { _, err := ParseAt(nil, s, now, berlin); return err }, "longer than 200 characters"},
		{"ParseUntil", func(s string) error { _, err := ParseUntil(nil, s, now, berlin); return err }, "longer than 200 characters"},
		{"ParseEvery", func(s string) error { _, err := ParseEvery(nil, "every "+s, now, berlin); return err }, "longer than 200 characters"},
		{"ParseDuration", func(s string) error { _, err := ParseDuration(nil, s); return err }, "I couldn't read the duration"},
	}
	for _, p := range parsers {
		t.Run(p.name, func(t *testing.T) {
			err := p.parse(long)
			checkErr(t, err, p.want)
			checkErr(t, err, "I couldn't read the")
			if len(err.Error()) > 200 {
				t.Fatalf("error not chat-sized: %q", err)
			}
		})
	}
	// Many short words under the character limit hit the word limit.
	_, err := ParseUntil(nil, longWords(30), now, berlin)
	checkErr(t, err, "it has more than 24 words")
	// Multi-byte text counts characters, not bytes: 150 "é" are fine as to length.
	_, err = ParseAt(nil, strings.Repeat("é", 150), now, berlin)
	checkErr(t, err, "I couldn't read the time “éééé")
	if strings.Contains(err.Error(), "longer than") {
		t.Fatalf("150 characters were refused as too long: %v", err)
	}
}

// TestStoredSpecsHaveNoLimit: a long cron spec stored before the limits
// existed still loads.
func TestStoredSpecsHaveNoLimit(t *testing.T) {
	var minutes []string
	for m := range 60 {
		minutes = append(minutes, fmt.Sprint(m))
	}
	spec := fmt.Sprintf("cron %q", strings.Join(minutes, ",")+" 8,9,10,11,12,13,14,15,16,17,18,19,20 * * mon,tue,wed,thu,fri")
	if len(spec) <= MaxChars {
		t.Fatalf("spec is only %d characters", len(spec))
	}
	r, err := ParseRecurrence(spec)
	if err != nil || r.String() != spec {
		t.Fatalf("ParseRecurrence(long cron) = %v, %v", r, err)
	}
	_, err = ParseEvery(nil, spec, now, berlin)
	checkErr(t, err, "longer than 200 characters")
}

func TestLongestRealPhrasesFit(t *testing.T) {
	for _, in := range []string{
		"on the 5th of december 2026 at 6:30 p.m.",
		"in 1 hour and 30 minutes and 15 seconds",
		"every 2 weeks on tuesday at 7:30 pm from the 1st of december 2026",
		`cron "0,5,10,15,20,25,30,35,40,45,50,55 8,9,10,11,12,13,14,15,16,17,18 * * mon,tue,wed,thu,fri"`,
	} {
		if _, err := Parse(nil, in, now, berlin); err != nil {
			t.Errorf("Parse(nil, %q): %v", in, err)
		}
	}
}

func TestLeading(t *testing.T) {
	tests := []struct {
		name, in string
		until    bool
		want     string
		n        int
	}{
		{"time and reason", "12 dec visiting family", true, "2026-12-12 23:59:59", 2},
		{"time with clock", "fri 18:00 bring cake", false, "2026-11-27 18:00:00", 2},
		{"whole", "tomorrow 18:00", false, "2026-11-26 18:00:00", 2},
		{"next week then reason", "next week holiday", true, "2026-11-30 00:00:00", 2},
		{"for days", "for 2 days", true, "2026-11-27 10:00:00", 3},
		{"time then 30000 words", "friday " + longWords(30000), true, "2026-11-27 23:59:59", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lead := LeadingAt
			if tt.until {
				lead = LeadingUntil
			}
			got, n, err := lead(nil, strings.Fields(tt.in), now, berlin)
			if err != nil || local(got) != tt.want || n != tt.n {
				t.Fatalf("= %s, %d, %v; want %s, %d", local(got), n, err, tt.want, tt.n)
			}
		})
	}
}

func TestLeadingErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"specific beats unreadable", "2020-01-01 because", "That time is in the past"},
		{"nothing is a time", "blah blah", "I couldn't read the time “blah”. Try:"},
		{"nothing at all", "", "I couldn't read the time “”"},
		{"long garbage", longWords(30000), "I couldn't read the time at “a”: after “a” I expected a unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, n, err := LeadingUntil(nil, strings.Fields(tt.in), now, berlin)
			if n != 0 {
				t.Fatalf("n = %d, want 0", n)
			}
			checkErr(t, err, tt.want)
		})
	}
}

// BenchmarkLongInput is the "until a a a …" case with 30,000 words: each entry
// point refuses it after looking at a bounded prefix.
func BenchmarkLongInput(b *testing.B) {
	in := "until " + longWords(30000)
	words := strings.Fields(in)[1:]
	b.Run("ParseUntil", func(b *testing.B) {
		for b.Loop() {
			if _, err := ParseUntil(nil, in, now, berlin); err == nil {
				b.Fatal("accepted")
			}
		}
	})
	b.Run("Parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := Parse(nil, in, now, berlin); err == nil {
				b.Fatal("accepted")
			}
		}
	})
	b.Run("LeadingUntil", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := LeadingUntil(nil, words, now, berlin); err == nil {
				b.Fatal("accepted")
			}
		}
	})
	// The longest-prefix loop callers used to write (one ParseUntil per word
	// count, longest first): with the cap each oversized try is refused in
	// constant time, so what is left is the caller's own joining of words.
	b.Run("PrefixLoop", func(b *testing.B) {
		for b.Loop() {
			for n := len(words); n >= 1; n-- {
				_, _ = ParseUntil(nil, strings.Join(words[:n], " "), now, berlin)
			}
		}
	})
}

// BenchmarkParse is an ordinary phrase, for scale.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := ParseAt(nil, "on the 5th of december at 6:30 pm", now, berlin); err != nil {
			b.Fatal(err)
		}
	}
}
