package task

import (
	"strings"
	"testing"
)

func TestSplitAdd(t *testing.T) {
	tests := []struct {
		in   string
		want Parts
		err  string
	}{
		{in: "fix the door", want: Parts{Text: "fix the door"}},
		{in: "fix the door for bo", want: Parts{Text: "fix the door", For: "bo"}},
		{in: "fix the door due fri 18:00", want: Parts{Text: "fix the door", Due: "fri 18:00"}},
		{in: "fix the door for bo due fri 18:00", want: Parts{Text: "fix the door", For: "bo", Due: "fri 18:00"}},
		{in: "fix the door due fri 18:00 for @bo:example.org", want: Parts{Text: "fix the door", For: "@bo:example.org", Due: "fri 18:00"}},
		{in: "buy paint for the hall", want: Parts{Text: "buy paint for the hall"}},
		{in: "Buy  paint\nFOR bo DUE tomorrow", want: Parts{Text: "Buy paint", For: "bo", Due: "tomorrow"}},
		{in: `"ask for the due date" for bo`, want: Parts{Text: "ask for the due date", For: "bo"}},
		{in: "\u202efix\u2066 it", want: Parts{Text: "fix it"}},
		{in: "", err: "Say what the task is"},
		{in: "for bo", err: "Say what the task is"},
		{in: "fix it due", err: "Say when it is due"},
		{in: `"fix" it`, err: "only “for <member>” and “due <when>” may follow"},
		{in: strings.Repeat("x", 301), err: "under 300 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := SplitAdd(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]int{"3": 3, "#12": 12, " 4 ": 4, "0": 0, "x": 0, "-1": 0} {
		n, ok := ParseNumber(in)
		if (want > 0) != ok || (ok && n != want) {
			t.Errorf("ParseNumber(%q) = %d, %v", in, n, ok)
		}
	}
}

func FuzzSplitAdd(f *testing.F) {
	for _, s := range []string{"fix the door for bo due fri 18:00", `"x for y" for z`, "due due for for", "'", "a due", "\u202e for \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := SplitAdd(in)
		if err != nil {
			return
		}
		if p.Text == "" || strings.ContainsAny(p.Text, "\n\r\u202e") || strings.ContainsAny(p.For, " \n") {
			t.Fatalf("SplitAdd(%q) = %+v", in, p)
		}
	})
}
