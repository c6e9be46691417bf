package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"folkmoot/config"
)

// logOnce logs one event carrying s the ways folkmoot's code does (a field, an error, a value
// inside an object, and, against the rules, the message) and returns what was written.
func logOnce(format, s string) string {
	var out bytes.Buffer
	log := NewLogger(config.Log{Level: "debug", Format: format}, &out)
	log.Error().Str("sender", s).Err(errors.New("read "+s)).Interface("panic", map[string]any{"value": s, "list": []string{s}}).Msg(s)
	return out.String()
}

// checkOneLine: one event is one line of valid UTF-8, with no character that starts a line,
// moves or colours a terminal, or reorders the text.
func checkOneLine(t *testing.T, format, s, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%s: %q logged invalid UTF-8: %q", format, s, out)
	}
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Fatalf("%s: %q made more than one log line: %q", format, s, out)
	}
	for _, r := range strings.TrimSuffix(out, "\n") {
		if unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) {
			t.Fatalf("%s: %q logged %U raw: %q", format, s, r, out)
		}
	}
}

var logHostile = []string{"plain", "Zoë 🌻", "a\nlevel=error message=forged", "a\r\nb", "a\u2028b\u2029c",
	"\u0085next", "\x1b[2J\x1b[31mred", "\u009b2J", "\u202eevil\u202c", "\u2066x\u2069", "zero\u200bwidth\ufeff",
	"\xff\xfe", `"},{"level":"error"`, "\\u2028", "\x7f", "🧑🏽\u200d🌾", "رێزان"}

func TestLogLinesCannotBeForged(t *testing.T) {
	for _, s := range logHostile {
		for _, format := range []string{"json", "pretty"} {
			checkOneLine(t, format, s, logOnce(format, s))
		}
		// JSON keeps the text: the escapes read back as what was typed (invalid bytes as
		// U+FFFD).
		var ev map[string]any
		if err := json.Unmarshal([]byte(logOnce("json", s)), &ev); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got, want := ev["sender"], string([]rune(s)); got != want {
			t.Errorf("the field reads back %q, want %q", got, want)
		}
	}
}

// FuzzLogLine logs any text: one line, inert, and for JSON the same text read back.
func FuzzLogLine(f *testing.F) {
	for _, s := range logHostile {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, format := range []string{"json", "pretty"} {
			out := logOnce(format, s)
			checkOneLine(t, format, s, out)
			if len(out) > 40*len(s)+400 {
				t.Fatalf("%s: %d bytes logged for %d", format, len(out), len(s))
			}
		}
		var ev map[string]any
		if err := json.Unmarshal([]byte(logOnce("json", s)), &ev); err != nil || ev["sender"] != string([]rune(s)) {
			t.Fatalf("%q read back %q (%v)", s, ev["sender"], err)
		}
	})
}
