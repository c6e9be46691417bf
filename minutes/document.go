package minutes

import (
	"fmt"
	"math"
	"strings"
	"time"

	"folkmoot/phrase"
	"folkmoot/words"
)

// The layout functions (meetingDoc, digestDoc) turn the model into a small document of
// blocks; the three renderers only draw blocks. So text, HTML and PDF can never disagree on
// what the minutes say, and a person's text reaches a renderer only as a span marked person.

// span is a run of text in one style.
type span struct {
	text   string
	strong bool
	person bool   // a person's text: cleaned here, isolated in <bdi> by the HTML renderer
	href   string // a web address the HTML renderer may link (http and https only)
	// apart isolates a person's text even where it opens the line: a name inside the
	// document's own words ("<assembly> · <date>"), which must not turn the line around
	apart bool
}

// line is a paragraph's or a cell's spans.
type line []span

// isolated reports whether span i is laid out apart from the text around it (<bdi> in HTML,
// an isolate in the PDF): a person's text is, so its direction cannot reorder the document's
// words, unless it opens the line; then it gives the line its direction (dir="auto" in HTML),
// so a note, a title or a name written in Arabic or Hebrew reads and aligns right to left.
func (l line) isolated(i int) bool {
	return l[i].person && (l[i].apart || i != l.lead())
}

// lead is the index of the line's first span with text, -1 when none has any.
func (l line) lead() int {
	for i, s := range l {
		if s.text != "" {
			return i
		}
	}
	return -1
}

// personLed reports a line opened by a person's text: its direction is that text's.
func (l line) personLed() bool {
	i := l.lead()
	return i >= 0 && l[i].person && !l[i].apart
}

func (l line) String() string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.text)
	}
	return b.String()
}

type blockKind int

const (
	bTitle   blockKind = iota // the document's title
	bSection                  // a section heading
	bSub                      // a heading inside a section
	bPara
	bItem // a list item; consecutive items form one list
	bTable
	bChart
)

// block is one element of the document.
type block struct {
	kind  blockKind
	text  line
	sub   []line // under an item: details (a vote's tally, blocks and reasons)
	table *table
	chart *Measure
	// keepNext keeps the block on one page with the start of the next (a chart's caption)
	keepNext bool
}

// table is a grid with a header row; right marks numeric columns.
type table struct {
	head  []string
	right []bool
	rows  [][]line
}

// document is what the renderers draw.
type document struct {
	title string // for the HTML <title> and the PDF metadata, cleaned
	// the running header: the assembly (cleaned) and the date or period
	assembly, period string
	date             time.Time
	zone             *time.Location // for the dates a renderer adds itself (chart axes)
	// l is the language of the document's own words, its dates and numbers; nil is English
	l      *words.Lang
	blocks []block
}

func (d *document) add(b block) { d.blocks = append(d.blocks, b) }

func (d *document) heading(k blockKind, parts ...span) {
	d.add(block{kind: k, text: parts})
}

func (d *document) para(parts ...span) { d.add(block{kind: bPara, text: parts}) }

func (d *document) item(text line, sub ...line) {
	d.add(block{kind: bItem, text: text, sub: sub})
}

// plain is the document's own words; label is its own words in bold.
func plain(s string) span { return span{text: s} }
func label(s string) span { return span{text: s, strong: true} }

// who is a person's text, cleaned once here so every renderer gets the same safe string.
func who(s string) span { return span{text: clean(s), person: true} }

// named is a person's text set apart wherever it stands, for a name inside our own words.
func named(s string) span { return span{text: clean(s), person: true, apart: true} }

// headerLine is the running header: "<assembly> · <date>", either part alone when the other
// is empty.
func (d *document) headerLine() line {
	var l line
	if d.assembly != "" {
		l = append(l, named(d.assembly))
	}
	switch {
	case d.period != "" && len(l) > 0:
		l = append(l, plain(" · "+d.period))
	case d.period != "":
		l = append(l, plain(d.period))
	}
	return l
}

// orNone shows an empty name as a dash rather than as nothing.
func orNone(s, none string) span {
	if clean(s) == "" {
		return plain(none)
	}
	return who(s)
}

// maxSeconds bounds a speaking time worded: a stored value beyond any meeting (or not a
// number at all) must not overflow the integer conversion.
const maxSeconds = 1e9

// seconds is a stored speaking time made sane: negative or NaN counts as none, and no
// value exceeds maxSeconds, so sums and shares stay finite.
func seconds(sec float64) float64 {
	if !(sec > 0) {
		return 0
	}
	return min(sec, maxSeconds)
}

// duration words speaking time as "4:05" (minutes:seconds) or "1:02:03".
func duration(sec float64) string {
	s := int(math.Round(seconds(sec)))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// number words a measure's value as the room does (phrase.Number).
func number(l *words.Lang, v float64) string { return phrase.Number(l, v) }

func gini(g float64) string { return fmt.Sprintf("%.2f", g) }

// The Gini coefficient measures inequality: 0 when everyone took an equal part, higher as
// fewer voices take more of it. Each figure is named for what it is and says which end is
// equal (the catalog's minutes.gini.lines and minutes.gini.time), since "equality: 0.80"
// read as nearly equal when one person did all the talking.

// giniNote is a figure's explanation with its value, after its label: " (Gini, 0 = everyone
// said as many lines): 0.52".
func (d *document) giniNote(id string, g float64) span {
	return plain(" " + d.say(id, "Gini", gini(g)))
}
