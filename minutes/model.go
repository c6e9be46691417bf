// Package minutes renders the minutes of one meeting, and a digest of many, as plain text,
// HTML and PDF.
//
// It is pure on purpose: it imports no database and no other folkmoot package but the
// wording ones (words, the catalog; phrase and timeparse, whose numbers and names of days
// and months it shares). The meetings feature fills these plain values from its stored rows
// and asks for bytes, so the same renderers serve the chat, the email, the bulletin board
// and the printer. Every fixed word, date and number is in the document's language (Lang):
// the HTML page and the PDF say it, and run right to left in Arabic and Sorani.
//
// Every string that came from a person (titles, names, item text, reasons) is treated as
// hostile: control and bidi characters are removed, HTML is escaped and isolated in <bdi>,
// and no text can start a line of the document's own structure.
package minutes

import (
	"math"
	"sort"
	"strings"
	"time"

	"folkmoot/words"
)

// Meeting is everything the minutes of one meeting show, in the order the feature stored it.
type Meeting struct {
	Assembly string         // the assembly's name, shown in the header
	Title    string         // the meeting's title
	Start    time.Time      // when `!meeting start` ran
	End      time.Time      // when it ended; zero while the meeting is still open
	Location *time.Location // the assembly's time zone; nil means UTC
	Roles    []Role         // the roles held during the meeting (facilitator, note taker ...)
	Present  []Person       // who was there, with how many lines each said
	Topics   []Topic        // in agenda order
	Mandates []Mandate      // mandates granted or ending at this meeting
	Rules    []RuleChange   // the room's rules changed during the meeting
	Rounds   []Round        // listening rounds held during the meeting
	// NextRotation and NextMeeting are free text the feature words ("Ana facilitates").
	NextRotation string
	NextMeeting  string
	LogID        string // the id under which the full log is kept
	// Lang is the language of the minutes' own words and dates (the room's); nil is English.
	Lang *words.Lang
}

// Role is one role held during a meeting; a slice keeps the feature's order.
type Role struct {
	Name   string // the role, e.g. "facilitator"
	Member string // the member's display name
}

// Person is one member present, with the number of lines they said.
type Person struct {
	Name  string
	Lines int
}

// Topic is one agenda point and what was said under it.
type Topic struct {
	Title string
	Items []Item
}

// Kind says what an Item records.
type Kind int

// The kinds of item, one per meeting command.
const (
	Note     Kind = iota // !note
	Idea                 // !idea
	Link                 // !link: URL and Text
	Decision             // !decided, or a vote's result (Vote set)
	Dissent              // !dissent: always kept, never removed
	Task                 // !action: Owner, Due, Done
)

// Item is one thing recorded under a topic. Fields beyond Kind, At, By and Text apply to one
// kind only, so the feature can fill an Item straight from one stored row.
type Item struct {
	Kind Kind
	At   time.Time // when it was recorded; zero hides the time
	By   string    // who recorded it (for Dissent: who dissents)
	Text string
	URL  string // Link: the address; shown as text, clickable in HTML only for http(s)
	Vote *Vote  // Decision: set when the decision came from a vote

	Owner string    // Task: who took it on; empty means nobody yet
	Due   time.Time // Task: zero means no due date
	Done  bool      // Task
}

// Vote is the record of the vote a decision came from.
type Vote struct {
	Number      int    // the vote's number in the room; 0 when unknown
	Result      string // the verdict as the room heard it ("BLOCKED"); set, it heads the item
	Question    string
	Kind        string      // the method as the vote feature names it ("consent", "majority")
	Tally       []string    // result lines, worded by the vote feature ("yes 3", "no 1")
	Blocks      []Objection // blocks, with reasons
	StandAsides []Objection // stand-asides, with reasons
	Turnout     string      // worded by the vote feature ("3 of 5 members voted"); "" hides it
	Note        string      // what the room was told beside the result (a secret count that shows choices)
}

// Objection is one member's block or stand-aside and the reason they gave.
type Objection struct {
	Member string
	Reason string
}

// Mandate is a mandate given to a member (or a group) for a scope and a time.
type Mandate struct {
	Holder string
	Scope  string    // what the mandate covers
	From   time.Time // zero: unknown
	Until  time.Time // zero: open-ended
	Ending bool      // in a Meeting: the mandate ends here; otherwise it was granted here
	Ended  string    // with Ending: how it ended, worded by the feature ("recalled by vote #4")
}

// Round is one listening round: everyone speaks in turn, and the figures show how evenly.
type Round struct {
	Topic string
	Turns []Turn
}

// Turn is one member's part in a listening round.
type Turn struct {
	Member  string
	Turns   int     // how many times they spoke
	Seconds float64 // how long, in total
}

// Digest gathers the meetings of a period with the assembly's stories and measures.
type Digest struct {
	Assembly string
	From, To time.Time      // the period covered
	Now      time.Time      // when the digest is made: splits due from overdue; zero means To
	Location *time.Location // nil means UTC
	Meetings []Meeting      // the period's meetings; decisions, tasks and dissent come from them
	Tasks    []Item         // tasks recorded outside any meeting (Kind is ignored)
	Mandates []Mandate      // mandates in force at Now
	Rules    []RuleChange   // the room's rules changed in the period
	Stories  []Story
	Measures []Measure
	// EndingWithin is how soon a mandate must end to be listed as ending; zero means 30 days.
	EndingWithin time.Duration
	// Lang is the language of the digest's own words and dates, its meetings' too (the
	// room's); nil is English.
	Lang *words.Lang
}

// RuleChange is a change of one of the room's rules.
type RuleChange struct {
	Rule            string // its key, as members type it: "quorum"
	Previous, Value string
	How             string // worded by the rules feature: "by vote #3", "set by ana"
	At              time.Time
}

// Story is a short account a member told the assembly.
type Story struct {
	Text   string
	Teller string
	At     time.Time
}

// Measure is a quantity the assembly tracks over time (members, money in the box, kg shared).
type Measure struct {
	Name   string
	Unit   string
	Points []Point // any order; the renderers sort by time
}

// Point is one dated value of a Measure.
type Point struct {
	At    time.Time
	Value float64
}

// Gini returns the Gini coefficient of the values: 0 when all are equal, approaching 1 when
// one holds everything. Negative values and NaN count as 0, +Inf as the largest float; no
// values, or a zero total, give 0. The minutes use it on speaking time, so a round dominated
// by one voice shows at a glance.
func Gini(values []float64) float64 {
	xs := make([]float64, 0, len(values))
	top := 0.0
	for _, v := range values {
		if !(v > 0) { // negative, zero or NaN
			v = 0
		}
		v = min(v, math.MaxFloat64)
		xs = append(xs, v)
		top = max(top, v)
	}
	if top == 0 {
		return 0
	}
	total := 0.0
	for i := range xs { // scaled to the largest, so no sum overflows
		xs[i] /= top
		total += xs[i]
	}
	n := float64(len(xs))
	sort.Float64s(xs)
	// G = 2·Σ i·x_i / (n·Σx) − (n+1)/n with i counted from 1 over ascending values.
	weighted := 0.0
	for i, x := range xs {
		weighted += float64(i+1) * x
	}
	return 2*weighted/(n*total) - (n+1)/n
}

// Paper is the page size of HTML print and PDF output.
type Paper int

// The paper sizes; A4 is the zero value.
const (
	A4 Paper = iota
	Letter
	A5
)

// ParsePaper reads a paper size as the config names it (A4, A5, Letter; any case); A4 when
// it names none of them (the config refuses those at load).
func ParsePaper(name string) Paper {
	switch strings.ToUpper(strings.TrimSpace(name)) {
	case "LETTER":
		return Letter
	case "A5":
		return A5
	}
	return A4
}

// cssSize is the paper's name in a CSS @page rule.
func (p Paper) cssSize() string {
	switch p {
	case Letter:
		return "letter"
	case A5:
		return "A5"
	}
	return "A4"
}

// Options are the choices a renderer takes beyond the document itself.
type Options struct {
	Paper Paper
	// Fonts is the chain the PDF is set in; nil is LoadFonts(nil)'s: the embedded DejaVu Sans
	// and the system's fonts.
	Fonts *Fonts
	// Warn hears what the operator can mend, once per process each: a script the PDF met that
	// no font covers (with the Debian package that would), a font that failed to load. nil:
	// nobody hears it.
	Warn func(msg string)
}

func loc(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}
