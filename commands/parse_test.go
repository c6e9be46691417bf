package commands

import (
	"context"
	"folkmoot/bot"
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	names := []string{"folkmoot"}
	tests := []struct {
		name, in  string
		addressed bool
		want      Invocation
		ok        bool
	}{
		{name: "prefix", in: "!help", want: Invocation{Name: "help"}, ok: true},
		{name: "uppercase", in: "!HELP Vote", want: Invocation{Name: "help", Rest: "Vote"}, ok: true},
		{name: "spaces", in: "   !status   ", want: Invocation{Name: "status"}, ok: true},
		{name: "address colon", in: "folkmoot: !help", want: Invocation{Name: "help"}, ok: true},
		{name: "address comma without prefix", in: "folkmoot, help", want: Invocation{Name: "help"}, ok: true},
		{name: "address capitalised", in: "Folkmoot: tz Europe/Paris", want: Invocation{Name: "tz", Rest: "Europe/Paris"}, ok: true},
		{name: "at address", in: "@folkmoot help", want: Invocation{Name: "help"}, ok: true},
		{name: "mention pill seen by transport", in: "help", addressed: true, want: Invocation{Name: "help"}, ok: true},
		{name: "conversation", in: "hello everyone", ok: false},
		{name: "bang alone", in: "!", ok: false},
		{name: "bang punctuation", in: "!!!", ok: false},
		{name: "name inside a word", in: "folkmoots are great", ok: false},
		{name: "address alone", in: "folkmoot:", ok: false},
		{name: "args kept", in: `!vote new “Paint the door?” --closes 48h`, want: Invocation{Name: "vote", Rest: `new “Paint the door?” --closes 48h`}, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Parse(tt.in, "!", names, tt.addressed)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Fatalf("Parse(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseArgs(t *testing.T) {
	flags := []Flag{{Name: "closes"}, {Name: "kind"}, {Name: "secret", Bool: true}}
	tests := []struct {
		name, in  string
		words     []string
		flags     map[string]string
		wantError string
	}{
		{name: "plain words", in: "a b  c", words: []string{"a", "b", "c"}},
		{name: "double quotes", in: `new "Paint the door?" x`, words: []string{"new", "Paint the door?", "x"}},
		{name: "single quotes", in: `'two words' x`, words: []string{"two words", "x"}},
		{name: "smart quotes", in: `“Paint the door?” ‘a b’`, words: []string{"Paint the door?", "a b"}},
		{name: "apostrophe in a word", in: `don't worry`, words: []string{"don't", "worry"}},
		{name: "unclosed quote runs to end", in: `"open question here`, words: []string{"open question here"}},
		{name: "flag space value", in: `q --closes 48h`, words: []string{"q"}, flags: map[string]string{"closes": "48h"}},
		{name: "flag equals value", in: `q --closes=48h`, words: []string{"q"}, flags: map[string]string{"closes": "48h"}},
		{name: "flag quoted value", in: `q --closes "tomorrow 18:00"`, words: []string{"q"}, flags: map[string]string{"closes": "tomorrow 18:00"}},
		{name: "flag uppercase", in: `--KIND majority`, flags: map[string]string{"kind": "majority"}},
		{name: "bool flag", in: `q --secret x`, words: []string{"q", "x"}, flags: map[string]string{"secret": "true"}},
		{name: "phone em dash", in: `q —closes 2h`, words: []string{"q"}, flags: map[string]string{"closes": "2h"}},
		{name: "quoted dashes are a word", in: `"--closes"`, words: []string{"--closes"}},
		{name: "unknown flag", in: `--colour red`, wantError: "unknown option --colour (accepted: --closes, --kind, --secret)"},
		{name: "missing value", in: `q --closes`, wantError: "--closes needs a value"},
		{name: "bool with value", in: `--secret=yes`, wantError: "--secret takes no value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArgs(tt.in, flags)
			if tt.wantError != "" {
				if err == nil || err.Error() != tt.wantError {
					t.Fatalf("error = %v, want %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.flags == nil {
				tt.flags = map[string]string{}
			}
			if !reflect.DeepEqual(got.Words, tt.words) || !reflect.DeepEqual(got.Flags, tt.flags) {
				t.Fatalf("got words %q flags %v; want %q %v", got.Words, got.Flags, tt.words, tt.flags)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"!help", `folkmoot: vote new "x" --closes 2h`, "“‘", "!vote --a=", "— —", "\xff!"} {
		f.Add(s)
	}
	flags := []Flag{{Name: "closes"}, {Name: "secret", Bool: true}}
	f.Fuzz(func(t *testing.T, s string) {
		inv, ok := Parse(s, "!", []string{"folkmoot"}, false)
		if !ok {
			return
		}
		if inv.Name == "" {
			t.Fatalf("empty command name from %q", s)
		}
		args, err := ParseArgs(inv.Rest, flags)
		if err == nil && args.Flags == nil {
			t.Fatal("nil flags map")
		}
	})
}

func noop(context.Context, *Request) (bot.Reply, error) { return bot.Reply{}, nil }

func TestRegistryRefusesDuplicates(t *testing.T) {
	a := &Command{Name: "vote", Section: "S", Run: noop}
	b := &Command{Name: "poll", Aliases: []string{"VOTE"}, Section: "S", Run: noop}
	if _, err := NewRegistry([]*Command{a, b}); err == nil {
		t.Fatal("duplicate alias accepted")
	}
	sub := &Command{Name: "x", Section: "S", Subcommands: []*Command{{Name: "y"}}}
	if _, err := NewRegistry([]*Command{sub}); err == nil {
		t.Fatal("a subcommand without help or handler accepted")
	}
}

func TestSuggest(t *testing.T) {
	var cmds []*Command
	for _, n := range []string{"help", "status", "whoami", "tz", "vote", "votes"} {
		cmds = append(cmds, &Command{Name: n, Section: "S", Run: noop})
	}
	reg, err := NewRegistry(cmds)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"hlep", "help"}, {"stauts", "status"}, {"statu", "status"}, {"whoam", "whoami"}, {"xyzzyplugh", ""}, {"q", ""},
	}
	for _, tt := range tests {
		if got := reg.Suggest(nil, tt.in); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
