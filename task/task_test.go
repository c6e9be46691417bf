package task

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// members is who isMember knows in the tests.
func members(typed string) bool {
	switch strings.ToLower(typed) {
	case "mary jane", "zoë 🌻", "bo", "李 小龍":
		return true
	}
	return false
}

func TestSplitAdd(t *testing.T) {
	tests := []struct {
		in   string
		want Parts
		err  string
	}{
		{in: "fix the door for Mary Jane", want: Parts{Text: "fix the door", For: "Mary Jane"}},
		{in: "fix the door for mary jane due fri 18:00", want: Parts{Text: "fix the door", For: "mary jane", Due: "fri 18:00"}},
		{in: "fix the door due fri 18:00 for Mary Jane", want: Parts{Text: "fix the door", For: "Mary Jane", Due: "fri 18:00"}},
		{in: "fix the door for Zoë 🌻", want: Parts{Text: "fix the door", For: "Zoë 🌻"}},
		{in: "fix the door for 李 小龍 due 5 dec", want: Parts{Text: "fix the door", For: "李 小龍", Due: "5 dec"}},
		{in: `fix the door for "bo"`, want: Parts{Text: "fix the door", For: "bo"}},
		{in: `fix the door for “Ana Lucía”`, want: Parts{Text: "fix the door", For: "Ana Lucía"}},
		{in: `fix the door for «Ana Lucía» due fri`, want: Parts{Text: "fix the door", For: "Ana Lucía", Due: "fri"}},
		{in: `fix the door for 'رێزان'`, want: Parts{Text: "fix the door", For: "رێزان"}},
		{in: "fix the door for Mary Jones", want: Parts{Text: "fix the door for Mary Jones"}}, // nobody is called that
		{in: "paint Ana's door for bo", want: Parts{Text: "paint Ana's door", For: "bo"}},
		{in: "rock 'n roll for bo", want: Parts{Text: "rock 'n roll", For: "bo"}},
		{in: `buy "good" paint for bo`, want: Parts{Text: `buy "good" paint`, For: "bo"}},
		{in: `“ask for the due date” for bo`, want: Parts{Text: "ask for the due date", For: "bo"}},
		{in: "fix it for bo due", err: "Say when it is due"},
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
			got, err := SplitAdd(nil, tc.in, members)
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
	for _, s := range []string{"fix the door for bo due fri 18:00", `"x for y" for z`, "due due for for", "'", "a due", "\u202e for \n",
		"fix it for Mary Jane due fri", "x for “Zoë 🌻”", "a for 'b c' due 'd'", "「李」 for 「小龍」"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := SplitAdd(nil, in, members)
		if err != nil {
			return
		}
		if p.Text == "" || !utf8.ValidString(p.Text+p.For+p.Due) || strings.ContainsAny(p.Text+p.For+p.Due, "\n\r\u202e") {
			t.Fatalf("SplitAdd(%q) = %+v", in, p)
		}
		// A member with spaces came quoted or is known.
		if strings.Contains(p.For, " ") && !members(p.For) && !strings.ContainsAny(in, `"'“”„«»‘’‚「」『』`) {
			t.Fatalf("SplitAdd(%q) took %q as a member", in, p.For)
		}
		if n := utf8.RuneCountInString; n(p.Text)+n(p.For)+n(p.Due) > n(in) {
			t.Fatalf("SplitAdd(%q) = %+v: longer than what was typed", in, p)
		}
	})
}
