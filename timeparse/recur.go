package timeparse

import (
	"fmt"
	"strings"
	"time"

	cron "github.com/netresearch/go-cron"

	"folkmoot/words"
)

// recurKind is the shape of a recurrence.
type recurKind int

const (
	rDaily recurKind = iota + 1
	rWeekdays
	rWeekly
	rMonthly
	rCron
	rYearly
	rSeason
)

// Recurrence is a repeating schedule; String() is canonical and re-parseable by
// ParseRecurrence, and carries the anchor date of an every-N-weeks schedule.
type Recurrence struct {
	kind     recurKind
	clk      clock
	wd       time.Weekday
	interval int        // weeks between occurrences (rWeekly)
	anchor   time.Time  // UTC midnight of the first occurrence's date, when interval > 1
	mday     int        // day of the month (rMonthly, rYearly)
	month    time.Month // rYearly
	seasons  int        // which markers fire, a bit per marker (rSeason)
	cronSpec string     // normalized 5-field spec (rCron)
	sched    cron.Schedule
}

// cronParser reads 5-field specs with crontab(5)'s rule that a restricted
// day-of-month and day-of-week match when either does, as users expect
// from crontab examples. No descriptors and no CRON_TZ: the room's zone rules.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.DowOrDom)

// ParseEvery reads a recurring form only, in the room's location (nil means
// UTC); an "every N weeks" schedule is anchored at its first occurrence after
// now. Every form needs a time of day ("every equinox 09:00", "every day at
// 18h"), none is given one silently.
func ParseEvery(l *words.Lang, input string, now time.Time, loc *time.Location) (*Recurrence, error) {
	if e := tooLong(l, input, "time"); e != nil {
		return nil, e
	}
	if !recurring(l, input) {
		if _, ok, _ := parseWhen(newParser(l, input)); ok {
			return nil, errf(l.Say("timeparse.error.single", "Input", quote(l, input)))
		}
		return nil, unreadable(newParser(l, input), "time", hintEvery)
	}
	return parseEvery(l, input, now, orUTC(loc), hintEvery, false)
}

// ParseRecurrence reads a stored String(); every-N-weeks forms must carry "from YYYY-MM-DD".
// It has no length limit: what it reads was written by String(), and a cron
// spec stored before the limits existed must keep loading. Its cost is linear.
func ParseRecurrence(canonical string) (*Recurrence, error) {
	if !recurring(nil, canonical) {
		return nil, unreadable(newParser(nil, canonical), "time", hintEvery)
	}
	return parseEvery(nil, canonical, time.Time{}, time.UTC, hintEvery, true)
}

// recurring tells whether input starts with "every" or "cron", quoted or not
// ("“every monday 19:00”"), or with what stands for "every" in the room's
// language ("cada lunes", "jeden Montag", "täglich").
func recurring(l *words.Lang, input string) bool {
	fields := strings.Fields(input)
	if len(fields) == 0 {
		return false
	}
	first := strings.TrimLeft(normalizeWord(fields[0]), `"'`)
	if toks := tokenize(first, 0); len(toks) > 0 && toks[0].kind == tWord && toks[0].text == "cron" {
		return true
	}
	// The first words are enough: no phrase for "every" is longer than two.
	_, toks := lex(vocabFor(l), strings.Join(fields[:min(len(fields), 3)], " "))
	return len(toks) > 0 && toks[0].text == "every"
}

// parseEvery reads "every ..." or "cron ...". stored means the input came
// from String(): there is no now to anchor against, so the anchor must be given.
func parseEvery(l *words.Lang, input string, now time.Time, loc *time.Location, hint string, stored bool) (*Recurrence, error) {
	if rest, ok := strings.CutPrefix(strings.TrimLeft(normalize(input), `"'`), "cron"); ok {
		return parseCron(l, rest)
	}
	p := newParser(l, input)
	p.word("every")
	r := &Recurrence{}
	clk, hasClk, err := p.clock()
	if err != nil {
		return nil, err
	}
	if ok, err := p.recurDay(r); err != nil || !ok {
		return nil, orNotRead(err, p, hint)
	}
	if !hasClk {
		if clk, hasClk, err = p.clock(); err != nil {
			return nil, err
		}
	}
	var from dayRef
	hasFrom := false
	if r.interval > 1 && p.word("from", "starting") {
		if from, hasFrom, err = p.date(); err != nil || !hasFrom {
			p.expect("timeparse.expect.start_date")
			return nil, orNotRead(err, p, hint)
		}
	}
	if !p.done() {
		if !hasClk {
			p.expect("timeparse.expect.recur_time")
		} else {
			p.expect("timeparse.expect.end")
		}
		return nil, p.notRead("time", hint)
	}
	if !hasClk {
		return nil, errf(l.Say("timeparse.error.add_time", "Example", quote(l, input+" 19:00")))
	}
	if clk.h == 24 { // midnight ends the day it is said with: fine daily, ambiguous otherwise
		if r.kind != rDaily {
			return nil, errf(l.Say("timeparse.error.midnight"))
		}
		clk = clock{0, 0}
	}
	r.clk = clk
	if err := r.build(); err != nil {
		return nil, p.notRead("time", hint) // our own specs always compile; stay room-safe
	}
	if err := r.setAnchor(l, from, hasFrom, stored, now, loc); err != nil {
		return nil, err
	}
	return r, nil
}

// orNotRead prefers a specific range error over the generic one.
func orNotRead(err error, p *parser, hint string) error {
	if err != nil {
		return err
	}
	return p.notRead("time", hint)
}

// recurDay reads what follows "every": day, weekday, <weekday>,
// [N weeks|other week|week] <weekday>, month <day>, year <date>, or
// solstice, equinox, season (both kinds of marker).
func (p *parser) recurDay(r *Recurrence) (bool, error) {
	if marks := p.seasonMarks(); marks != 0 {
		r.kind, r.seasons = rSeason, marks
		return true, nil
	}
	switch {
	case p.word("year"):
		d, ok, err := p.date()
		if err != nil || !ok || d.year != 0 {
			p.expect("timeparse.expect.day_month")
			return false, err
		}
		if d.month == time.February && d.day == 29 {
			return false, errf(p.l.Say("timeparse.error.leap_day"))
		}
		r.kind, r.month, r.mday = rYearly, d.month, d.day
		return true, nil
	case p.word("day"):
		r.kind = rDaily
		return true, nil
	case p.word("weekday", "weekdays"):
		r.kind = rWeekdays
		return true, nil
	case p.word("month"):
		p.word("day") // es "cada mes el día 1", ar "كل شهر يوم ١"
		d, ok := p.number(2)
		if !ok {
			p.expect("timeparse.expect.month_nth")
			return false, nil
		}
		p.ordinalSuffix()
		if d < 1 || d > 28 {
			return false, errf(p.l.Say("timeparse.error.month_day"))
		}
		r.kind, r.mday = rMonthly, d
		return true, nil
	}
	n, counted := 1, true
	if p.word("other") {
		n = 2
	} else if v, ok := p.number(3); ok {
		n = v
	} else if t := p.peek(); t.count > 0 && t.is("week") { // ar "كل أسبوعين": every two weeks
		n = t.count
	} else {
		counted = false
	}
	saidWeek := p.word("week", "weeks")
	if !saidWeek && counted {
		p.expect("timeparse.expect.weeks")
		return false, nil
	}
	wd, ok := p.weekday()
	switch {
	case !ok && (counted || saidWeek):
		p.expect("timeparse.expect.weekday")
		return false, nil
	case !ok:
		p.expect("timeparse.expect.schedule")
		return false, nil
	}
	if n < 1 || n > 52 {
		return false, errf(p.l.Say("timeparse.error.interval"))
	}
	r.kind, r.wd, r.interval = rWeekly, wd, n
	return true, nil
}

// seasonWordMarks are the words for seasonal markers, singular and plural.
var seasonWordMarks = map[string]int{"solstice": solstices, "solstices": solstices,
	"equinox": equinoxes, "equinoxes": equinoxes, "season": allMarks, "seasons": allMarks}

// seasonMarks reads seasonal words, any number joined ("solstice and
// equinox", "equinox and every solstice"; "and" is noise), as a set of markers.
func (p *parser) seasonMarks() int {
	marks := 0
	for {
		if marks != 0 && p.peek().is("every") && seasonMarksOf(p.peekAt(1)) != 0 {
			p.i++
		}
		m := seasonMarksOf(p.peek())
		if m == 0 {
			return marks
		}
		marks |= m
		p.i++
	}
}

// seasonMarksOf is the set of markers t names, 0 for none.
func seasonMarksOf(t token) int {
	if t.kind != tWord {
		return 0
	}
	return seasonWordMarks[t.text] | seasonWordMarks[t.alt]
}

// parseCron reads the 5-field spec after the word "cron", quoted or not.
func parseCron(l *words.Lang, rest string) (*Recurrence, error) {
	bad := errf(l.Say("timeparse.error.cron"))
	if rest != "" && !strings.ContainsAny(rest[:1], ` "'`) {
		return nil, bad
	}
	fields := strings.Fields(strings.Trim(strings.TrimSpace(rest), `"'`))
	spec := strings.Join(fields, " ")
	if len(fields) != 5 || strings.ContainsAny(spec, `=@"'`) {
		return nil, bad
	}
	r := &Recurrence{kind: rCron, cronSpec: spec}
	if err := r.build(); err != nil {
		return nil, bad
	}
	// 5-field patterns repeat within 28 years, so any start date will do.
	if r.sched.Next(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		return nil, errf(l.Say("timeparse.error.cron_never"))
	}
	return r, nil
}

// build compiles the recurrence to a cron schedule used only to find next times.
func (r *Recurrence) build() error {
	spec := r.cronSpec
	if r.kind == rSeason {
		return nil // computed by nextSeason, not by cron
	}
	if r.kind != rCron {
		day := map[recurKind]string{rDaily: "* * *", rWeekdays: "* * 1-5",
			rWeekly: fmt.Sprintf("* * %d", r.wd), rMonthly: fmt.Sprintf("%d * *", r.mday),
			rYearly: fmt.Sprintf("%d %d *", r.mday, r.month)}[r.kind]
		spec = fmt.Sprintf("%d %d %s", r.clk.m, r.clk.h, day)
	}
	s, err := cronParser.Parse(spec)
	r.sched = s
	return err
}

// setAnchor fixes the first week of an every-N-weeks schedule: the given
// start date moved to the weekday, or else the first occurrence after now.
func (r *Recurrence) setAnchor(l *words.Lang, from dayRef, hasFrom, stored bool, now time.Time, loc *time.Location) error {
	if r.interval <= 1 {
		return nil
	}
	switch {
	case hasFrom && from.year == 0 && stored:
		return errf(l.Say("timeparse.error.stored_date"))
	case hasFrom && from.year != 0:
		r.anchor = time.Date(from.year, from.month, from.day, 0, 0, 0, 0, time.UTC)
	case hasFrom:
		r.anchor = civil(resolveDay(from, clock{23, 59}, now, loc))
	case stored:
		return errf(l.Say("timeparse.error.stored_anchor"))
	default:
		r.anchor = civil(r.next(now, loc, false))
	}
	for r.anchor.Weekday() != r.wd {
		r.anchor = r.anchor.AddDate(0, 0, 1)
	}
	if r.anchor.Year() > 9999 { // String() must stay readable by ParseRecurrence
		return errf(l.Say("timeparse.error.start_far"))
	}
	if !stored && r.anchor.Sub(now) > maxAhead { // the bound of every typed time
		return errf(l.Say("timeparse.error.start_too_far"))
	}
	return nil
}

// civil is t's local calendar date as UTC midnight, so day arithmetic
// ignores DST.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
