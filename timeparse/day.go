package timeparse

import (
	"fmt"
	"time"

	"folkmoot/words"
)

// clock is a wall-clock time of day.
type clock struct{ h, m int }

// dayKind says which way a day was named.
type dayKind int

const (
	dNone dayKind = iota
	dToday
	dTomorrow
	dWeekday
	dDate
	dNextWeek    // Monday of the next week (weeks start on Monday)
	dNextWeekday // "next friday": the first such day after today
	dOvermorrow  // the day after tomorrow
)

// defaultClock is the time of day for forms that name a day but no time and
// are not deadlines: "next week", seasonal and yearly schedules. 09:00 is
// when a reminder is read at the start of a working day.
var defaultClock = clock{9, 0}

// dayParts are the times of day people name instead of a clock. "midnight"
// is the end of the day it is said with: "friday midnight" is the night from
// Friday to Saturday, and "midnight" alone is tonight's.
var dayParts = map[string]clock{
	"noon": {12, 0}, "midday": {12, 0}, "midnight": {24, 0},
	"morning": {9, 0}, "afternoon": {14, 0}, "evening": {18, 0}, "night": {21, 0},
}

// dayRef is a day as typed, before it is resolved against now; year 0
// means "the next such date".
type dayRef struct {
	kind  dayKind
	wd    time.Weekday
	year  int
	month time.Month
	day   int
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

var months = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

// weekday consumes a weekday name.
func (p *parser) weekday() (time.Weekday, bool) {
	wd, ok := weekdayOf(p.peek())
	if ok {
		p.i++
	}
	return wd, ok
}

// vagueParts are the parts of the day an explicit clock may follow and
// replace: "evening 19:30", "ce soir 20h", "Freitag Abend 19 Uhr".
var vagueParts = map[clock]bool{{9, 0}: true, {14, 0}: true, {18, 0}: true, {21, 0}: true}

// clock reads a time of day: "18:00", "6pm", "6:30 pm", "6.30pm", the French
// "18h", "18h30" and "18 h 30", the German "18 Uhr", "18:30 Uhr" and "18.30
// Uhr", a bare hour after "at" ("at 18"), or a part of the day ("noon",
// "evening", "evening 19:30"). A bare number alone is not a time, so "5 dec
// 18" is rejected rather than guessed; "at 9" is asked about (09:00 or
// 21:00?).
func (p *parser) clock() (clock, bool, error) {
	start := p.i
	if c, ok := dayPartOf(p.peek()); ok {
		p.i++
		if vagueParts[c] && p.peek().kind == tNum {
			if exact, ok, err := p.clock(); ok || err != nil {
				return exact, ok, err
			}
		}
		return c, true, nil
	}
	first := p.peek()
	h, ok := p.number(2)
	if !ok {
		return clock{}, false, nil
	}
	typed := fmt.Sprint(h)
	m, hasMin := 0, false
	switch {
	case p.sym(":"):
		if m, hasMin = p.minutes(); !hasMin {
			p.expectN("timeparse.expect.minutes", h)
			p.i = start
			return clock{}, false, nil
		}
		typed = fmt.Sprintf("%d:%02d", h, m)
	case p.glued(p.i) && p.peek().kind == tNum && len(p.peek().text) == 2 &&
		(p.peekAt(1).is("am") || p.peekAt(1).is("pm") || p.peekAt(1).is("uhr")):
		// "6.30pm", "18.30 Uhr": the dot went with the filler, the minutes stayed glued.
		m, hasMin = p.minutes()
		typed = fmt.Sprintf("%d.%02d", h, m)
	case p.word("h"): // French: 18h, 18h30, 18 h 30
		if p.glued(p.i) || !p.glued(p.i-1) {
			m, hasMin = p.minutes()
		}
		if hasMin {
			typed = fmt.Sprintf("%dh%02d", h, m)
		} else {
			typed += "h"
		}
		return p.clockIn24(h, m, typed)
	}
	switch {
	case p.word("am", "pm"):
		return p.twelveHour(h, m, typed)
	case p.word("uhr"): // 18 Uhr, 18:30 Uhr, fr 18 heures, 9 Uhr abends
		if t := p.peek(); (t.is("am") || t.is("pm")) && h <= 12 {
			p.i++
			return p.twelveHour(h, m, typed)
		}
		if p.peek().is("pm") && h > 12 { // "18 Uhr abends" says it twice
			p.i++
		}
		return p.clockIn24(h, m, typed)
	case hasMin && p.word("h"): // 18:30h
		return p.clockIn24(h, m, typed)
	case hasMin:
		return p.clockIn24(h, m, typed)
	case first.at && p.bareHourEnds():
		return p.atHour(h)
	}
	if h >= 1 && h <= 12 {
		p.expectN("timeparse.expect.clock_12", h)
	} else {
		p.expectN("timeparse.expect.clock_24", h)
	}
	p.i = start
	return clock{}, false, nil
}

// twelveHour checks a clock with the am or pm just read.
func (p *parser) twelveHour(h, m int, typed string) (clock, bool, error) {
	pm := p.toks[p.i-1].is("pm")
	if h < 1 || h > 12 || m > 59 {
		suffix := "am"
		if pm {
			suffix = "pm"
		}
		return clock{}, false, errf(p.l.Say("timeparse.error.ampm", "Clock", typed+suffix))
	}
	h %= 12
	if pm {
		h += 12
	}
	return clock{h, m}, true, nil
}

// isMonthOrUnit reports whether t names a month or a unit: what a number
// before it is a day or a count of.
func isMonthOrUnit(t token) bool {
	_, isMonth := monthOf(t)
	_, isUnit := unitOf(t)
	return isMonth || isUnit
}

// clockIn24 checks a 24-hour clock as typed.
func (p *parser) clockIn24(h, m int, typed string) (clock, bool, error) {
	if h > 23 || m > 59 {
		return clock{}, false, errf(p.l.Say("timeparse.error.clock", "Clock", typed))
	}
	return clock{h, m}, true, nil
}

// bareHourEnds reports whether the number just read is a word of its own
// that nothing reads on from: "at 9" and "at 9 fri", not "at 5th" or "at 5 dec".
func (p *parser) bareHourEnds() bool {
	return !p.glued(p.i) && !isMonthOrUnit(p.peek())
}

// atHour reads "at 18" as 18:00; "at 9" could be 09:00 or 21:00, so it is
// asked about rather than guessed.
func (p *parser) atHour(h int) (clock, bool, error) {
	switch {
	case h > 23:
		return clock{}, false, errf(p.l.Say("timeparse.error.clock", "Clock", fmt.Sprintf("%d:00", h)))
	case h == 0 || h > 12:
		return clock{h, 0}, true, nil
	}
	return clock{}, false, errf(p.l.Say("timeparse.error.at_hour", "Hour", h, "Morning", fmt.Sprintf("%02d:00", h%12),
		"Evening", fmt.Sprintf("%02d:00", h%12+12), "AM", fmt.Sprintf("%dam", h), "PM", fmt.Sprintf("%dpm", h)))
}

// day reads today, tomorrow, the day after, next week, a weekday, "next
// friday" (the first Friday after today, so never today) and "this friday"
// (the same as "friday"), or a date. Many languages say "next" after the
// day (fr "vendredi prochain", ar "الجمعة القادمة"), so "next" is read after
// a weekday or "week" too. "this" before a part of the day is today ("ce
// soir", "esta noche"): the part is left for the clock.
func (p *parser) day() (dayRef, bool, error) {
	switch {
	case p.word("next"):
		if p.word("week") {
			return dayRef{kind: dNextWeek}, true, nil
		}
		if wd, ok := p.weekday(); ok {
			return dayRef{kind: dNextWeekday, wd: wd}, true, nil
		}
		p.expect("timeparse.expect.next")
		p.i--
		return dayRef{}, false, nil
	case p.word("this"):
		if wd, ok := p.weekday(); ok {
			return dayRef{kind: dWeekday, wd: wd}, true, nil
		}
		if _, ok := dayPartOf(p.peek()); ok {
			return dayRef{kind: dToday}, true, nil
		}
		p.expect("timeparse.expect.this")
		p.i--
		return dayRef{}, false, nil
	case p.word("today", "tonight"):
		return dayRef{kind: dToday}, true, nil
	case p.word("tomorrow", "tmrw"):
		return dayRef{kind: dTomorrow}, true, nil
	case p.word("overmorrow"):
		return dayRef{kind: dOvermorrow}, true, nil
	case p.peek().is("week") && p.peekAt(1).is("next"):
		p.i += 2
		return dayRef{kind: dNextWeek}, true, nil
	}
	if wd, ok := p.weekday(); ok {
		if p.word("next") {
			return dayRef{kind: dNextWeekday, wd: wd}, true, nil
		}
		return dayRef{kind: dWeekday, wd: wd}, true, nil
	}
	return p.date()
}

// date reads 2026-12-05, "5 dec [2026]" or "dec 5 [2026]", with an optional
// ordinal suffix on the day. Day-month order is never guessed from digits
// alone (no 5/12), since rooms mix conventions.
func (p *parser) date() (dayRef, bool, error) {
	start := p.i
	var y, d int
	var mon time.Month
	if p.peekAt(1).text == "-" {
		var ok bool
		if y, ok = p.year(); !ok {
			return dayRef{}, false, nil
		}
		p.sym("-")
		mo, ok := p.number(2)
		ok = ok && p.sym("-")
		dd := 0
		if ok {
			dd, ok = p.number(2)
		}
		if !ok {
			p.expect("timeparse.expect.iso_date")
			p.i = start
			return dayRef{}, false, nil
		}
		if mo < 1 || mo > 12 {
			return dayRef{}, false, errf(p.l.Say("timeparse.error.month_number", "Month", mo))
		}
		mon, d = time.Month(mo), dd
	} else if dd, ok := p.number(2); ok {
		p.ordinalSuffix()
		if mon, ok = monthOf(p.peek()); !ok {
			p.expectN("timeparse.expect.month", dd)
			p.i = start
			return dayRef{}, false, nil
		}
		p.i++
		d = dd
		y, _ = p.year()
	} else if m, ok := monthOf(p.peek()); ok {
		p.i++
		if d, ok = p.number(2); !ok {
			p.expectS("timeparse.expect.month_day", p.toks[p.i-1].typed)
			p.i = start
			return dayRef{}, false, nil
		}
		p.ordinalSuffix()
		mon = m
		y, _ = p.year()
	} else {
		return dayRef{}, false, nil
	}
	if err := checkDate(p.l, y, mon, d); err != nil {
		return dayRef{}, false, err
	}
	return dayRef{kind: dDate, year: y, month: mon, day: d}, true, nil
}

// year consumes a plausible four-digit year; "5 dec 1830" is then refused
// as unreadable instead of being read as the year 1830.
func (p *parser) year() (int, bool) {
	if t := p.peek(); t.kind != tNum || len(t.text) != 4 || t.num < 1970 {
		return 0, false
	}
	return p.number(4)
}

// checkDate rejects 31 Feb; without a year, 29 Feb is allowed (next leap year).
func checkDate(l *words.Lang, y int, m time.Month, d int) error {
	probe := y
	if probe == 0 {
		probe = 2000 // a leap year
	}
	if d >= 1 && d <= daysIn(probe, m) {
		return nil
	}
	month := l.Say("timeparse.date.month." + monthKeys[m-1])
	if y == 0 {
		return errf(l.Say("timeparse.error.no_date", "Day", d, "Month", month))
	}
	return errf(l.Say("timeparse.error.no_date_year", "Day", d, "Month", month, "Year", y))
}

// daysIn is the length of month m in year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// at builds the local time of day c on the given date; time.Date shifts a
// time in a DST gap forward (02:30 on a spring-forward night becomes 03:30).
func at(y int, m time.Month, d int, c clock, loc *time.Location) time.Time {
	return time.Date(y, m, d, c.h, c.m, 0, 0, loc)
}

// resolveDay turns a day and clock into the first matching instant after
// now; "fri 18:00" on a Friday morning means today.
func resolveDay(r dayRef, c clock, now time.Time, loc *time.Location) time.Time {
	n := now.In(loc)
	y, m, d := n.Date()
	switch r.kind {
	case dTomorrow:
		return at(y, m, d+1, c, loc)
	case dOvermorrow:
		return at(y, m, d+2, c, loc)
	case dNextWeek:
		daysIntoWeek := (int(n.Weekday()) + 6) % 7 // Monday 0 ... Sunday 6
		return at(y, m, d+7-daysIntoWeek, c, loc)
	case dNextWeekday:
		delta := (int(r.wd)-int(n.Weekday())+6)%7 + 1 // 1 to 7: never today
		return at(y, m, d+delta, c, loc)
	case dWeekday:
		delta := (int(r.wd) - int(n.Weekday()) + 7) % 7
		if t := at(y, m, d+delta, c, loc); t.After(now) {
			return t
		}
		return at(y, m, d+delta+7, c, loc)
	case dDate:
		if r.year != 0 {
			return at(r.year, r.month, r.day, c, loc)
		}
		// The next 29 Feb may be up to 8 years away (2096 -> 2104).
		for yy := y; yy <= y+8; yy++ {
			if t := at(yy, r.month, r.day, c, loc); r.day <= daysIn(yy, r.month) && t.After(now) {
				return t
			}
		}
		return at(y, r.month, r.day, c, loc)
	case dNone:
		if t := at(y, m, d, c, loc); t.After(now) {
			return t
		}
		return at(y, m, d+1, c, loc)
	}
	return at(y, m, d, c, loc) // dToday
}
