package rotation

import (
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "less than a day"},
		{23 * time.Hour, "less than a day"},
		{day, "1 day"},
		{13*day + 23*time.Hour, "13 days 23 hours"},
		{14 * day, "2 weeks"},
		{10 * week, "10 weeks"},
		{181 * day, "26 weeks"},
		{182 * day, "6 months"},
		{400 * day, "13 months"},
		{730 * day, "2 years"},
	}
	for _, tt := range tests {
		if got := span(nil, tt.d); got != tt.want {
			t.Errorf("span(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	now := wk(20)
	tests := []struct {
		name string
		c    Candidate
		want string
	}{
		{"held before", Candidate{Terms: 2, PoolTime: 10 * week, Share: 2.44, LastHeld: now.Add(-6 * week)},
			"2 terms in 10 weeks in the pool, fair share 2.4, last held 6 weeks ago"},
		{"held today", Candidate{Terms: 1, PoolTime: 3 * week, Share: 0.26, LastHeld: now},
			"1 term in 3 weeks in the pool, fair share 0.3, last held today"},
		{"newcomer", Candidate{PoolTime: 2 * week, Share: 0.3, Beside: "@x"},
			"0 terms in 2 weeks in the pool, fair share 0.3, never held, joined the queue beside @x"},
	}
	for _, tt := range tests {
		if got := tt.c.Explain(nil, now); got != tt.want {
			t.Errorf("%s: Explain = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWhy(t *testing.T) {
	const f = "facilitator"
	tests := []struct {
		name string
		ch   Choice
		want string
	}{ // Why is asked at wk(4) in every case
		{
			name: "chosen, next and skipped",
			ch: Choose(Input{Role: f, Now: wk(4), Pool: founders("@a", "@b", "@c", "@d"),
				History: terms(f, "@a", "@b", "@c", "@d"), Away: []string{"@c"},
				Holders: map[string][]string{f: {"@d"}}}),
			want: "facilitator: chosen @a (1 term in 4 weeks in the pool, fair share 1.0, last held 4 weeks ago).\n" +
				"Next: @b (1 term in 4 weeks in the pool, fair share 1.0, last held 3 weeks ago). Skipped: @c (away).",
		},
		{
			name: "only someone already holding a role",
			ch: Choose(Input{Role: f, Now: wk(4), Pool: founders("@a"),
				Holders: map[string][]string{"notetaker": {"@a"}}}),
			want: "facilitator: chosen @a (0 terms in 4 weeks in the pool, fair share 0.0, never held; also holds notetaker, nobody else left).",
		},
		{
			name: "two seats",
			ch:   Choose(Input{Role: f, Seats: 2, Now: wk(4), Pool: founders("@a", "@b"), History: terms(f, "@a")}),
			want: "facilitator: chosen @b (0 terms in 4 weeks in the pool, fair share 0.5, never held), " +
				"@a (1 term in 4 weeks in the pool, fair share 0.5, last held 4 weeks ago).",
		},
		{
			name: "a choice put together by hand",
			ch:   Choice{Role: f, Chosen: []string{"@a"}, Next: []string{"@b"}},
			want: "facilitator: chosen @a.\nNext: @b.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Why(nil, tt.ch, wk(4)); got != tt.want {
				t.Errorf("Why =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
