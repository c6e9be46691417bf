package timeparse

import (
	"fmt"
	"time"
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
	dNextWeek // Monday of the next week (weeks start on Monday)
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
	t := p.peek()
	wd, ok := weekdays[t.text]
	if ok && t.kind == tWord {
		p.i++
	}
	return wd, ok && t.kind == tWord
}

// clock reads "18:00", "6pm", "6:30 pm" or a part of the day ("noon",
// "evening"). A bare number is not a time, so "5 dec 18" is rejected rather
// than guessed.
func (p *parser) clock() (clock, bool, error) {
	start := p.i
	if c, ok := dayParts[p.peek().text]; ok && p.peek().kind == tWord {
		p.i++
		return c, true, nil
	}
	h, ok := p.number(2)
	if !ok {
		return clock{}, false, nil
	}
	m, hasMin := 0, false
	if p.sym(":") {
		if t := p.peek(); t.kind == tNum && len(t.text) == 2 {
			m, hasMin = t.num, true
			p.i++
		} else {
			p.i = start
			return clock{}, false, nil
		}
	}
	if p.word("am", "pm") {
		suffix := p.toks[p.i-1].text
		if h < 1 || h > 12 || m > 59 {
			typed := fmt.Sprint(h)
			if hasMin {
				typed = fmt.Sprintf("%d:%02d", h, m)
			}
			return clock{}, false, errf("There is no %s%s; use 1 to 12 with am or pm.", typed, suffix)
		}
		h %= 12
		if suffix == "pm" {
			h += 12
		}
		return clock{h, m}, true, nil
	}
	if !hasMin {
		p.i = start
		return clock{}, false, nil
	}
	if h > 23 || m > 59 {
		return clock{}, false, errf("There is no %02d:%02d; use 00:00 to 23:59.", h, m)
	}
	return clock{h, m}, true, nil
}

// day reads today, tomorrow, next week, a weekday or a date. "next friday"
// stays unread: people mean both this coming Friday and the one after.
func (p *parser) day() (dayRef, bool, error) {
	switch {
	case p.peek().text == "next" && p.peekAt(1).text == "week":
		p.i += 2
		return dayRef{kind: dNextWeek}, true, nil
	case p.word("today", "tonight"):
		return dayRef{kind: dToday}, true, nil
	case p.word("tomorrow", "tmrw"):
		return dayRef{kind: dTomorrow}, true, nil
	}
	if wd, ok := p.weekday(); ok {
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
		mo, ok1 := p.number(2)
		ok2 := p.sym("-")
		dd, ok3 := p.number(2)
		if !ok1 || !ok2 || !ok3 {
			p.i = start
			return dayRef{}, false, nil
		}
		if mo < 1 || mo > 12 {
			return dayRef{}, false, errf("There is no month %d; use 01 to 12.", mo)
		}
		mon, d = time.Month(mo), dd
	} else if dd, ok := p.number(2); ok {
		p.ordinalSuffix()
		if mon, ok = months[p.peek().text]; !ok {
			p.i = start
			return dayRef{}, false, nil
		}
		p.i++
		d = dd
		y, _ = p.year()
	} else if m, ok := months[p.peek().text]; ok && p.peek().kind == tWord {
		p.i++
		if d, ok = p.number(2); !ok {
			p.i = start
			return dayRef{}, false, nil
		}
		p.ordinalSuffix()
		mon = m
		y, _ = p.year()
	} else {
		return dayRef{}, false, nil
	}
	if err := checkDate(y, mon, d); err != nil {
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
func checkDate(y int, m time.Month, d int) error {
	probe := y
	if probe == 0 {
		probe = 2000 // a leap year
	}
	if d >= 1 && d <= daysIn(probe, m) {
		return nil
	}
	if y == 0 {
		return errf("There is no %d %s.", d, m.String()[:3])
	}
	return errf("There is no %d %s %d.", d, m.String()[:3], y)
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
	case dNextWeek:
		daysIntoWeek := (int(n.Weekday()) + 6) % 7 // Monday 0 ... Sunday 6
		return at(y, m, d+7-daysIntoWeek, c, loc)
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
