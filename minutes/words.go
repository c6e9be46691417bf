package minutes

import (
	"embed"
	"strings"
	"time"

	// The short names of days and months (timeparse.date.weekday.*, timeparse.date.month.*)
	// are timeparse's, so a date reads the same in the chat and on paper.
	_ "folkmoot/timeparse"
	"folkmoot/words"
)

// wording is every fixed word of the minutes and digests, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// say words one of the document's own messages in its language.
func (d *document) say(id string, pairs ...any) string { return flatIsolates(d.l.Say(id, pairs...)) }

// flatIsolates keeps the outermost bidi isolates of a message and drops those nested in
// them. A right-to-left language isolates every placeholder, so a message placed in another
// ("⁨⁨2⁩ meetings⁩") nests them; the outer isolate alone keeps the value's direction, and the
// PDF's typesetter lays out one level of isolates, not more.
func flatIsolates(s string) string {
	if !strings.ContainsRune(s, fsi) {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case fsi:
			depth++
			if depth > 1 {
				continue
			}
		case pdi:
			if depth == 0 {
				continue
			}
			depth--
			if depth > 0 {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// label is the document's own words in bold, worded from the catalog: a label ends with a
// space after the catalog's text ("Note: "), so a translation need not carry one.
func (d *document) label(id string) span { return label(d.say(id) + " ") }

// comma is the language's list comma: ", " in English, "، " in Arabic.
func (d *document) comma() string { return d.say("phrase.list.comma") }

// Private-use characters stand in a message for the spans it places (a person's name, a
// title): the message is worded with them, then cut around them, so a translation may move
// a name within its sentence and the name still reaches the renderers as a person's text.
const markBase = '\uE000'

// words words a message whose placeholders may be spans: a span keeps its own style and
// isolation, any other value is worded into the document's own words around it.
func (d *document) words(id string, pairs ...any) line {
	args := make([]any, len(pairs))
	copy(args, pairs)
	var placed []span
	for i := 1; i < len(args); i += 2 {
		if s, ok := args[i].(span); ok {
			args[i] = string(markBase + rune(len(placed)))
			placed = append(placed, s)
		}
	}
	text := d.say(id, args...)
	var out line
	var plainText strings.Builder
	flush := func() {
		if plainText.Len() > 0 {
			out = append(out, plain(plainText.String()))
			plainText.Reset()
		}
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		k := int(r - markBase)
		if k < 0 || k >= len(placed) {
			// A right-to-left language isolates every placeholder; a placed span is
			// isolated by the renderers themselves, so its isolates are dropped here.
			if (r == fsi && i+1 < len(rs) && isMark(rs[i+1], len(placed))) || (r == pdi && i > 0 && isMark(rs[i-1], len(placed))) {
				continue
			}
			plainText.WriteRune(r)
			continue
		}
		flush()
		out = append(out, placed[k])
	}
	flush()
	return out
}

// The bidi isolates words.Lang puts around a placeholder's value in a right-to-left
// language.
const (
	fsi = '\u2068'
	pdi = '\u2069'
)

func isMark(r rune, n int) bool { return r >= markBase && r < markBase+rune(n) }

// Date and time wording: the layouts name the catalog's forms; the clock is 24-hour
// everywhere.
const (
	dayLayout  = "minutes.date.long"     // "Thursday 26 November 2026"
	shortDay   = "minutes.date.short"    // "26 Nov 2026"
	clock      = "15:04"                 // "18:30"
	dayAndTime = "minutes.date.day_time" // "Mon 30 Nov 2026 12:00"
)

// weekdayKeys and monthKeys name the days and months in the catalog, Sunday and January
// first, as the time package counts them.
var (
	weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	monthKeys   = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// when words an instant in l at loc in one of the layouts above; "" for the zero time.
func when(l *words.Lang, t time.Time, z *time.Location, layout string) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(loc(z))
	if layout == clock {
		return t.Format(clock)
	}
	// The long form names the day and month in full, the others as timeparse abbreviates them.
	weekday := "timeparse.date.weekday." + weekdayKeys[t.Weekday()]
	month := "timeparse.date.month." + monthKeys[t.Month()-1]
	if layout == dayLayout {
		weekday = "minutes.date.weekday." + weekdayKeys[t.Weekday()]
		month = "minutes.date.month." + monthKeys[t.Month()-1]
	}
	// A right-to-left language isolates each part; the date is isolated whole where it is
	// placed in a sentence, and its parts need no isolates of their own.
	return unisolate.Replace(l.Say(layout, "Weekday", l.Say(weekday), "Day", t.Day(), "Month", l.Say(month), "Year", t.Year(),
		"Time", t.Format(clock)))
}

// unisolate drops the bidi isolates words.Lang put around placeholders.
var unisolate = strings.NewReplacer(string(fsi), "", string(pdi), "")

// when words an instant in the document's language and time zone.
func (d *document) when(t time.Time, layout string) string { return when(d.l, t, d.zone, layout) }
