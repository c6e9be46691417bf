package story

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/words"
)

// timeparse reads times ahead (a reminder, a close) and words its refusals as times; a month
// to list or the start of a digest is a calendar day or month behind, so it is read here, word
// by word, and a refusal quotes only the word it could not read.

// Calendar is what ReadPast reads: a day ("2026-11-01", "1 nov", "nov 1 2025") or a month
// ("march", "mar 2026", "2026-03").
type Calendar int

// The two readings.
const (
	Day Calendar = iota
	Month
)

func (c Calendar) String() string { return map[Calendar]string{Day: "date", Month: "month"}[c] }

// MonthName is a month's name in l: "March", "marzo".
func MonthName(l *words.Lang, m time.Month) string {
	return l.Say("story.month." + monthKeys[(m-1+12)%12])
}

// monthKeys name the catalog's months (story.month.jan …).
var monthKeys = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// word is one typed word classified.
type word struct {
	typed string // as typed, for a refusal
	kind  wordKind
	n     int        // a day or a year
	month time.Month // a month name
	t     time.Time  // an ISO day or month
}

type wordKind int

const (
	wBad wordKind = iota
	wISODay
	wISOMonth
	wMonth
	wDay
	wYear
)

// ReadPast reads a day or a month as people type it (any case, commas, digits of any script,
// "1st"), the latest such one not after now when no year is given, and returns its start in
// loc and the start of the next day or month. A refusal says which word it could not read or
// what is missing, then hint (what to type instead), and echoes only that word, inert. The
// refusal is in l; the words it reads stay English (month names), as the times do.
func ReadPast(l *words.Lang, s string, c Calendar, hint string, now time.Time, loc *time.Location) (from, to time.Time, err error) {
	if loc == nil {
		loc = time.UTC
	}
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(fields) == 0 {
		return from, to, refusal(l.Say("story.past.which."+c.String()), hint)
	}
	var ws []word
	for i, f := range fields {
		w := classify(f)
		if w.kind == wBad || i == 3 || !fits(c, ws, w) {
			return from, to, unreadWord(l, c, fields[:i], f, hint)
		}
		ws = append(ws, w)
	}
	from, err = resolve(l, c, ws, fields, hint, now, loc)
	switch {
	case err != nil:
		return from, to, err
	case c == Month:
		return from, from.AddDate(0, 1, 0), nil
	}
	return from, from.AddDate(0, 0, 1), nil
}

// unreadWord refuses the word bad, after the words read before it.
func unreadWord(l *words.Lang, c Calendar, before []string, bad, hint string) error {
	if len(before) == 0 {
		return refusal(l.Say("story.past.unread."+c.String(), "Word", echo(bad)), hint)
	}
	return refusal(l.Say("story.past.unread_after."+c.String(), "Word", echo(bad), "Before", echo(strings.Join(before, " "))), hint)
}

// refusal is a refusal's text followed by the hint (what to type instead).
func refusal(text, hint string) error {
	return Error(text + " " + hint)
}

// echo is typed words as a refusal quotes them: inert, on one line, clipped, without the
// quotes they were typed in (the message puts its language's own around them).
func echo(s string) string {
	return phrase.Clip(strings.Trim(bot.Inert(s), `"'“”‘’`), 30)
}

// classify reads one word: an ISO day or month, a month's name (three letters or more of it),
// a day of the month (1 to 31, "1st") or a year (four digits).
func classify(typed string) word {
	w := word{typed: typed}
	s := strings.ToLower(asciiDigits(typed))
	if t, err := time.Parse("2006-01-02", s); err == nil {
		w.kind, w.t = wISODay, t
		return w
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		w.kind, w.t = wISOMonth, t
		return w
	}
	if len(s) >= 3 {
		for m := time.January; m <= time.December; m++ {
			if strings.HasPrefix(strings.ToLower(m.String()), s) {
				w.kind, w.month = wMonth, m
				return w
			}
		}
	}
	digits := strings.TrimRight(s, "stndrh.") // 1st, 2nd, 3rd, 4th, 1.
	if digits == "" || len(digits) > 4 || strings.TrimLeft(digits, "0123456789") != "" {
		return w
	}
	n, _ := strconv.Atoi(digits)
	switch {
	case len(digits) == 4 && digits == s:
		w.kind, w.n = wYear, n
	case len(digits) <= 2 && n >= 1 && n <= 31:
		w.kind, w.n = wDay, n
	}
	return w
}

// fits reports whether w may follow the words read so far: a month is one ISO month or a
// month's name with a year; a day is one ISO day, or a day and a month's name in either order
// with a year after them.
func fits(c Calendar, read []word, w word) bool {
	has := func(k wordKind) bool {
		for _, r := range read {
			if r.kind == k {
				return true
			}
		}
		return false
	}
	if has(wISODay) || has(wISOMonth) || has(wYear) {
		return false // nothing follows these
	}
	switch w.kind {
	case wISODay:
		return c == Day && len(read) == 0
	case wISOMonth:
		return c == Month && len(read) == 0
	case wMonth:
		return !has(wMonth)
	case wDay:
		return c == Day && !has(wDay)
	case wYear:
		return has(wMonth)
	}
	return false
}

// resolve turns the words read into the start of the day or month they name.
func resolve(l *words.Lang, c Calendar, ws []word, fields []string, hint string, now time.Time, loc *time.Location) (time.Time, error) {
	var month time.Month
	day, year := 0, 0
	for _, w := range ws {
		switch w.kind {
		case wISODay:
			year, month, day = w.t.Date()
		case wISOMonth:
			year, month = w.t.Year(), w.t.Month()
		case wMonth:
			month = w.month
		case wDay:
			day = w.n
		case wYear:
			year = w.n
		}
	}
	if c == Day && day == 0 {
		return time.Time{}, refusal(l.Say("story.past.needs_day", "Typed", echo(strings.Join(fields, " ")),
			"Example", "1 "+strings.ToLower(month.String()[:3])), hint)
	}
	if c == Day && day > time.Date(2000, month+1, 0, 0, 0, 0, 0, time.UTC).Day() { // 2000 had a 29 February
		return time.Time{}, refusal(l.Say("story.past.no_day", "Month", MonthName(l, month), "Day", day), hint)
	}
	if c == Month {
		day = 1
	}
	local := now.In(loc)
	if year == 0 {
		year = local.Year()
		for y := year; y > year-8; y-- { // the last such day: 29 feb may be years back
			if t := time.Date(y, month, day, 0, 0, 0, 0, loc); !t.After(now) && t.Day() == day {
				return t, nil
			}
		}
		return time.Time{}, refusal(l.Say("story.past.no_day_lately", "Month", MonthName(l, month), "Day", day), hint)
	}
	t := time.Date(year, month, day, 0, 0, 0, 0, loc)
	if t.Day() != day {
		return time.Time{}, refusal(l.Say("story.past.no_day_in_year", "Month", MonthName(l, month), "Year", year, "Day", day), hint)
	}
	return t, nil
}

// asciiDigits writes the decimal digits of any script ("٢٠٢٦", "２０２６") as ASCII digits.
// Unicode encodes each script's digits 0 to 9 in a contiguous run, and unicode.Digit's ranges
// are whole runs, so a digit's value is its offset in its range modulo ten.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= '9' || !unicode.IsDigit(r) {
			return r
		}
		for _, rg := range unicode.Digit.R16 {
			if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
				return '0' + (r-rune(rg.Lo))%10
			}
		}
		for _, rg := range unicode.Digit.R32 {
			if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
				return '0' + (r-rune(rg.Lo))%10
			}
		}
		return r
	}, s)
}
