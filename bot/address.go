package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// StripAddress removes a leading address to the bot from a message, as people and clients
// write it: "folkmoot: help", "@folkmoot, help", "folkmoot help". names are what the bot
// answers to (its name, Matrix localpart or ID, XMPP nick, a mention pill's text). A name
// followed by a space counts only after "@", so "folkmoot is great" stays conversation. The
// text after the address is returned trimmed, with true; other text is returned as it was,
// with false.
func StripAddress(text string, names ...string) (string, bool) {
	s := strings.TrimLeftFunc(text, unicode.IsSpace)
	// Longest first: "folkmoot" must not cut "folkmoot:example.org: help" short. The caller
	// usually gives them so (the runtime's names are sorted once), and then nothing is copied.
	if !slices.IsSortedFunc(names, LongestFirst) {
		names = slices.Clone(names)
		slices.SortStableFunc(names, LongestFirst)
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		t, at := strings.CutPrefix(s, "@")
		if len(t) < len(n) || !strings.EqualFold(t[:len(n)], n) {
			continue
		}
		after := t[len(n):]
		if after == "" {
			return "", true
		}
		r, size := utf8.DecodeRuneInString(after)
		if r == ':' || r == ',' {
			return strings.TrimSpace(after[size:]), true
		}
		if unicode.IsSpace(r) && at {
			return strings.TrimSpace(after), true
		}
	}
	return text, false
}

// LongestFirst orders names longest first, for StripAddress.
func LongestFirst(a, b string) int { return len(b) - len(a) }
