package commands

import (
	"fmt"
	"strings"
)

// Flag declares an option a command takes: `--closes 48h` or `--closes=48h`, or a bare
// `--secret` when Bool.
type Flag struct {
	Name string
	Bool bool
	Help string
}

// Args are a command's parsed arguments.
type Args struct {
	// Words are the positional arguments, in order.
	Words []string
	// Flags holds each given option's value ("true" for a bool flag).
	Flags map[string]string
	// Raw is the argument text as typed (smart quotes made plain), for free text.
	Raw string
}

// ParseArgs splits raw argument text into words and the command's declared flags. An
// undeclared or valueless flag is an error that names the accepted ones.
func ParseArgs(raw string, flags []Flag) (Args, error) {
	a := Args{Flags: map[string]string{}, Raw: strings.TrimSpace(smartQuotes.Replace(raw))}
	toks := Tokenize(raw)
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		name, isFlag := flagName(t)
		if !isFlag {
			a.Words = append(a.Words, t.Text)
			continue
		}
		name, value, hasValue := strings.Cut(name, "=")
		f, ok := findFlag(flags, strings.ToLower(name))
		if !ok {
			return a, fmt.Errorf("unknown option --%s%s", name, acceptedFlags(flags))
		}
		switch {
		case f.Bool && hasValue:
			return a, fmt.Errorf("--%s takes no value", f.Name)
		case f.Bool:
			value = "true"
		case !hasValue:
			if i+1 >= len(toks) {
				return a, fmt.Errorf("--%s needs a value", f.Name)
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
	for _, f := range flags {
		if f.Name == name {
			return f, true
		}
	}
	return Flag{}, false
}

func acceptedFlags(flags []Flag) string {
	if len(flags) == 0 {
		return " (this command takes no options)"
	}
	names := make([]string, len(flags))
	for i, f := range flags {
		names[i] = "--" + f.Name
	}
	return " (accepted: " + strings.Join(names, ", ") + ")"
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
