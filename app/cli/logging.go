package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rs/zerolog"

	"folkmoot/config"
)

// NewLogger makes the logger the config asks for, writing to w. An event is one line, whatever
// a person typed into the fields it carries (a sender's ID, an error quoting a command): a
// character that could start a line (U+2028, U+0085), move or colour a terminal (ESC, the C1
// CSI) or reorder what a viewer shows (bidi overrides) is written as an escape, never raw.
func NewLogger(c config.Log, w io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(c.Level)
	if err != nil {
		level = zerolog.InfoLevel
	}
	if c.Format == "pretty" {
		// The console writer quotes string fields itself; the message and values inside
		// objects it prints as they are, so those are escaped before.
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.DateTime, NoColor: !isTerminal(w), FormatPrepare: escapeEvent}
	} else {
		w = inertJSON{w}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// inertJSON writes zerolog's JSON lines with every control, format and separator character
// as a \u escape: zerolog escapes only those below U+0020. In JSON such a character can only
// stand inside a string, where the escape means the same.
type inertJSON struct{ w io.Writer }

func (j inertJSON) Write(p []byte) (int, error) {
	clean := true
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r != '\n' && needsEscape(r) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return j.w.Write(p)
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		i += size
		if r == '\n' || !needsEscape(r) {
			b.Write(p[i-size : i])
			continue
		}
		if r1, r2 := utf16.EncodeRune(r); r1 != unicode.ReplacementChar {
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	if _, err := io.WriteString(j.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// needsEscape: a character a log line must not hold raw.
func needsEscape(r rune) bool {
	return r >= 0x7f && unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || r < 0x20
}

// escapeEvent escapes, in the event's message and in the strings inside its object and array
// values, what the console writer would print raw.
func escapeEvent(evt map[string]any) error {
	for k, v := range evt {
		switch v.(type) {
		case string:
			if k == zerolog.MessageFieldName {
				evt[k] = escapeValue(v)
			}
		default:
			evt[k] = escapeValue(v)
		}
	}
	return nil
}

func escapeValue(v any) any {
	switch v := v.(type) {
	case string:
		if !strings.ContainsFunc(v, needsEscape) {
			return v
		}
		var b strings.Builder
		for _, r := range v {
			if needsEscape(r) {
				q := strings.Trim(fmt.Sprintf("%+q", string(r)), `"`)
				b.WriteString(q)
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	case map[string]any:
		for k, e := range v {
			v[k] = escapeValue(e)
		}
	case []any:
		for i, e := range v {
			v[i] = escapeValue(e)
		}
	}
	return v
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
