package commands

import (
	"slices"
	"strings"

	"folkmoot/words"
)

// Flag declares an option a command takes: `--closes 48h` or `--closes=48h`, or a bare
// `--secret` when Bool.
type Flag struct {
	Name string
	Bool bool
	// Phrase flags take every word up to the next option ("--closes fri 18:00"), since a time
	// is often more than one word.
	Phrase bool
}

// Args are a command's parsed arguments.
type Args struct {
	// Words are the positional arguments, in order.
	Words []string
	// Flags holds each given option's value ("true" for a bool flag).
	Flags map[string]string
	// Raw is the argument text as typed (smart quotes made plain), for free text.
	Raw string
	// starts holds each word's byte offset in Raw, for Rest.
	starts []int
}

// ParseArgs splits raw argument text into words and the command's declared flags. An
// undeclared, repeated or valueless flag is an error that names the accepted ones.
func ParseArgs(raw string, flags []Flag) (Args, error) {
	a := Args{Flags: map[string]string{}, Raw: strings.TrimSpace(smartQuotes.Replace(raw))}
	toks := Tokenize(a.Raw)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		name, isFlag := flagName(t)
		if !isFlag {
			a.Words = append(a.Words, t.Text)
			a.starts = append(a.starts, t.Start)
			continue
		}
		name, value, hasValue := strings.Cut(name, "=")
		f, ok := findFlag(flags, strings.ToLower(name))
		if !ok {
			return a, notAccepted("commands.args.unknown", name, flags)
		}
		if _, twice := a.Flags[f.Name]; twice {
			return a, words.Problemf("commands.args.twice", "Flag", f.Name)
		}
		switch {
		case f.Bool && hasValue:
			return a, words.Problemf("commands.args.no_value", "Flag", f.Name)
		case f.Bool:
			value = "true"
		case f.Phrase:
			phrase := []string{}
			if hasValue {
				phrase = append(phrase, value)
			}
			for ; i+1 < len(toks); i++ {
				if _, next := flagName(toks[i+1]); next {
					break
				}
				phrase = append(phrase, toks[i+1].Text)
			}
			if len(phrase) == 0 {
				return a, words.Problemf("commands.args.needs_value", "Flag", f.Name)
			}
			value = strings.Join(phrase, " ")
		case !hasValue:
			if i+1 >= len(toks) {
				return a, words.Problemf("commands.args.needs_value", "Flag", f.Name)
			}
			i++
			value = toks[i].Text
		}
		a.Flags[f.Name] = value
	}
	return a, nil
}

// flagName recognises "--name" (and the "—name" a phone makes of two dashes).
func flagName(t Token) (string, bool) {
	if t.Quoted {
		return "", false
	}
	for _, p := range []string{"--", "—", "–"} {
		if rest, ok := strings.CutPrefix(t.Text, p); ok && rest != "" && rest[0] != '-' {
			return rest, true
		}
	}
	return "", false
}

func findFlag(flags []Flag, name string) (Flag, bool) {
	if i := slices.IndexFunc(flags, func(f Flag) bool { return f.Name == name }); i >= 0 {
		return flags[i], true
	}
	return Flag{}, false
}

// notAccepted is an option the command does not take (id.some or id.none), naming the ones
// it accepts.
func notAccepted(id, name string, flags []Flag) words.Problem {
	if len(flags) == 0 {
		return words.Problemf(id+".none", "Flag", name)
	}
	names := make([]string, len(flags))
	for i, f := range flags {
		names[i] = "--" + f.Name
	}
	return words.Problemf(id+".some", "Flag", name, "Accepted", strings.Join(names, ", "))
}

// Has reports whether a bool flag was given.
func (a Args) Has(name string) bool { return a.Flags[name] == "true" }

// Text joins the words from index i on, for free text such as a reason.
func (a Args) Text(i int) string {
	if i >= len(a.Words) {
		return ""
	}
	return strings.Join(a.Words[i:], " ")
}

// Rest is the raw text from the i-th word on, exactly as typed: a reason keeps its quotes and
// spacing. For a command without options it is everything after the first i words.
func (a Args) Rest(i int) string {
	if i >= len(a.starts) {
		return ""
	}
	return strings.TrimSpace(a.Raw[a.starts[i]:])
}

// shift drops the first word, for a subcommand's own arguments.
func (a Args) shift() Args {
	if len(a.Words) == 0 {
		return a
	}
	out := Args{Words: a.Words[1:], Flags: a.Flags, Raw: a.Rest(1)}
	base := 0
	if len(a.starts) > 1 {
		base = a.starts[1]
	}
	for _, s := range a.starts[1:] {
		out.starts = append(out.starts, s-base)
	}
	return out
}
