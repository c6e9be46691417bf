package minutes

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"folkmoot/phrase"
)

// digestDoc lays out a digest: decisions first, then what is due, who holds which mandate,
// the dissent on record, stories, measures and how evenly people spoke.
func digestDoc(dg *Digest) *document {
	l := dg.Location
	now := dg.Now
	if now.IsZero() {
		now = dg.To
	}
	meetings := make([]*Meeting, len(dg.Meetings))
	for i := range dg.Meetings {
		meetings[i] = &dg.Meetings[i]
	}
	sort.SliceStable(meetings, func(i, j int) bool { return meetings[i].Start.Before(meetings[j].Start) })

	d := &document{date: dg.To, zone: l}
	d.title = clean(dg.Assembly) + " — digest"
	period := when(dg.From, l, shortDay) + " – " + when(dg.To, l, shortDay)
	d.assembly, d.period = clean(dg.Assembly), period
	d.heading(bTitle, who(dg.Assembly), plain(" — digest"))
	d.para(plain(fmt.Sprintf("%s · %s (%s)", period, phrase.Plural(len(meetings), "meeting", "meetings"), loc(l).String())))

	digestDecisions(d, meetings, l)
	digestTasks(d, dg, meetings, now)
	digestMandates(d, dg, now)
	digestDissent(d, meetings, l)
	if len(dg.Stories) > 0 {
		d.heading(bSection, plain(fmt.Sprintf("Stories (%d)", len(dg.Stories))))
		for _, s := range dg.Stories {
			d.item(line{who(s.Text), plain(" — "), orNone(s.Teller, "(anonymous)"),
				plain(", " + when(s.At, l, shortDay))})
		}
	}
	if len(dg.Measures) > 0 {
		d.heading(bSection, plain("Measures"))
		for i := range dg.Measures {
			measureBlocks(d, &dg.Measures[i], l)
		}
	}
	digestParticipation(d, meetings, l)
	return d
}

func digestDecisions(d *document, ms []*Meeting, l *time.Location) {
	d.heading(bSection, plain("Decisions"))
	n := 0
	for _, m := range ms {
		first := true
		for _, tp := range m.Topics {
			for i := range tp.Items {
				it := &tp.Items[i]
				if it.Kind != Decision {
					continue
				}
				if first { // grouped under their meeting: one heading, not a line per decision
					d.heading(bSub, meetingRef(m, l)...)
					first = false
				}
				n++
				var sub []line
				if it.Vote != nil {
					sub = voteLines(it.Vote)
				}
				head := line{label("Decided: "), who(it.Text)}
				if voteResult(it) {
					head = voteHead(it.Vote)
				}
				d.item(head, sub...)
			}
		}
	}
	if n == 0 {
		d.para(plain("No decisions in this period."))
	}
}

// meetingRef names a meeting by day and title.
func meetingRef(m *Meeting, l *time.Location) line {
	return line{plain(when(m.Start, l, shortDay) + " · "), orNone(m.Title, "Meeting")}
}

// openTask is a task not yet done and where it was recorded (nil: outside any meeting).
type openTask struct {
	it *Item
	m  *Meeting
}

func digestTasks(d *document, dg *Digest, ms []*Meeting, now time.Time) {
	var overdue, due, undated []openTask
	done := 0
	sortIn := func(t openTask) {
		switch {
		case t.it.Done:
			done++
		case t.it.Due.IsZero():
			undated = append(undated, t)
		case t.it.Due.Before(now):
			overdue = append(overdue, t)
		default:
			due = append(due, t)
		}
	}
	for _, m := range ms {
		for _, tp := range m.Topics {
			for i := range tp.Items {
				if tp.Items[i].Kind == Task {
					sortIn(openTask{&tp.Items[i], m})
				}
			}
		}
	}
	for i := range dg.Tasks {
		sortIn(openTask{&dg.Tasks[i], nil})
	}
	byDue := func(ts []openTask) {
		sort.SliceStable(ts, func(i, j int) bool { return ts[i].it.Due.Before(ts[j].it.Due) })
	}
	byDue(overdue)
	byDue(due)
	d.heading(bSection, plain("Tasks"))
	d.para(plain(fmt.Sprintf("%d overdue, %d due, %d without a date, %d done.",
		len(overdue), len(due), len(undated), done)))
	for _, g := range []struct {
		name string
		ts   []openTask
	}{{"Overdue", overdue}, {"Due", due}, {"Open, no due date", undated}} {
		if len(g.ts) == 0 {
			continue
		}
		d.heading(bSub, plain(g.name))
		for _, t := range g.ts {
			l := append(line{label("Action: ")}, taskWords(t.it, dg.Location)...)
			if t.m != nil {
				l = append(l, plain(" · from "), orNone(t.m.Title, "a meeting"),
					plain(", "+when(t.m.Start, dg.Location, shortDay)))
			}
			d.item(l)
		}
	}
}

// taskWords words a task: text, owner, due time, done.
func taskWords(it *Item, l *time.Location) line {
	out := line{who(it.Text), plain(" — ")}
	if clean(it.Owner) == "" {
		out = append(out, plain("no owner yet"))
	} else {
		out = append(out, plain("owner "), who(it.Owner))
	}
	if !it.Due.IsZero() {
		out = append(out, plain(", due "+when(it.Due, l, dayAndTime)))
	}
	if it.Done {
		out = append(out, plain(" (done)"))
	}
	return out
}

// mandateWords words a mandate: scope, holder and dates.
func mandateWords(md Mandate, l *time.Location) line {
	out := line{orNone(md.Scope, "(no scope given)"), plain(" — "), orNone(md.Holder, "(nobody)")}
	if !md.From.IsZero() {
		out = append(out, plain(", from "+when(md.From, l, shortDay)))
	}
	switch {
	case md.Ending && clean(md.Ended) != "" && !md.Until.IsZero():
		out = append(out, plain(", "), who(md.Ended), plain(" on "+when(md.Until, l, shortDay)))
	case md.Until.IsZero():
		out = append(out, plain(", open-ended"))
	default:
		out = append(out, plain(", until "+when(md.Until, l, shortDay)))
	}
	return out
}

func digestMandates(d *document, dg *Digest, now time.Time) {
	within := dg.EndingWithin
	if within <= 0 {
		within = 30 * 24 * time.Hour
	}
	var ending, active []Mandate
	for _, md := range dg.Mandates {
		switch {
		case !md.Until.IsZero() && md.Until.Before(now):
			continue // already over: not in force
		case !md.Until.IsZero() && md.Until.Before(now.Add(within)):
			ending = append(ending, md)
		default:
			active = append(active, md)
		}
	}
	if len(ending)+len(active) == 0 {
		return
	}
	sort.SliceStable(ending, func(i, j int) bool { return ending[i].Until.Before(ending[j].Until) })
	d.heading(bSection, plain("Mandates"))
	for _, g := range []struct {
		name string
		ms   []Mandate
	}{{"Ending soon", ending}, {"Active", active}} {
		if len(g.ms) == 0 {
			continue
		}
		d.heading(bSub, plain(g.name))
		for _, md := range g.ms {
			d.item(mandateWords(md, dg.Location))
		}
	}
}

func digestDissent(d *document, ms []*Meeting, l *time.Location) {
	section := true
	for _, m := range ms {
		first := true
		for _, tp := range m.Topics {
			for _, it := range tp.Items {
				if it.Kind != Dissent {
					continue
				}
				if section {
					d.heading(bSection, plain("Dissent recorded"))
					section = false
				}
				if first {
					d.heading(bSub, meetingRef(m, l)...)
					first = false
				}
				d.item(line{orNone(it.By, "(unnamed)"), plain(": "), who(it.Text)})
			}
		}
	}
}

// digestParticipation shows, per meeting and for the whole period, how evenly people spoke:
// by lines said, and by speaking time in listening rounds.
func digestParticipation(d *document, ms []*Meeting, l *time.Location) {
	if len(ms) == 0 {
		return
	}
	d.heading(bSection, plain("Participation"))
	d.para(plain("Inequality is the Gini coefficient: 0 = everyone took an equal part; the higher, the fewer voices. " +
		"Time is speaking time in listening rounds."))
	t := &table{head: []string{"Meeting", "Present", "Inequality of lines", "Inequality of time"},
		right: []bool{false, true, true, true}}
	allLines := map[string]float64{}
	allSecs := map[string]float64{}
	for _, m := range ms {
		lines := make([]float64, 0, len(m.Present))
		for _, p := range m.Present {
			lines = append(lines, float64(p.Lines))
			allLines[clean(p.Name)] += float64(p.Lines)
		}
		secs := map[string]float64{}
		for _, r := range m.Rounds {
			for _, tn := range r.Turns {
				secs[clean(tn.Member)] += seconds(tn.Seconds)
				allSecs[clean(tn.Member)] += seconds(tn.Seconds)
			}
		}
		rounds := "–"
		if len(secs) > 0 {
			rounds = gini(Gini(values(secs)))
		}
		t.rows = append(t.rows, []line{
			{plain(when(m.Start, l, shortDay) + " "), orNone(m.Title, "")},
			{plain(strconv.Itoa(len(m.Present)))}, {plain(gini(Gini(lines)))}, {plain(rounds)}})
	}
	d.add(block{kind: bTable, table: t})
	d.para(label("Whole period, inequality of lines said"), plain(giniLines+gini(Gini(values(allLines)))))
	if len(allSecs) > 0 {
		d.para(label("Whole period, inequality of speaking time in rounds"), plain(giniTime+gini(Gini(values(allSecs)))))
	}
}

func values(m map[string]float64) []float64 {
	out := make([]float64, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// measureBlocks shows a measure's latest value, its change since the one before, and a chart.
func measureBlocks(d *document, ms *Measure, l *time.Location) {
	pts := sortedPoints(ms)
	name := line{orNone(ms.Name, "(unnamed measure)")}
	if u := clean(ms.Unit); u != "" {
		name = append(name, plain(" ("), who(u), plain(")"))
	}
	d.heading(bSub, name...)
	if len(pts) == 0 {
		d.para(plain("No values yet."))
		return
	}
	last := pts[len(pts)-1]
	p := line{label("Latest: "), plain(number(last.Value))}
	if clean(ms.Unit) != "" {
		p = append(p, plain(" "), who(ms.Unit))
	}
	p = append(p, plain(" on "+when(last.At, l, shortDay)))
	if len(pts) > 1 {
		prev := pts[len(pts)-2]
		change := last.Value - prev.Value
		sign := "+"
		if change < 0 {
			sign = "−"
			change = -change
		}
		if math.IsInf(change, 0) { // two values near the float64 limit: their difference is not a number
			p = append(p, plain(fmt.Sprintf("; %s on %s", number(prev.Value), when(prev.At, l, shortDay))))
		} else {
			p = append(p, plain(fmt.Sprintf("; %s%s since %s", sign, number(change), when(prev.At, l, shortDay))))
		}
	}
	if len(pts) < 2 {
		d.para(p...)
		return
	}
	d.add(block{kind: bPara, text: p, keepNext: true}) // the chart's caption stays with it
	d.add(block{kind: bChart, chart: ms})
}

// sortedPoints returns the measure's finite points in time order, leaving the caller's slice.
func sortedPoints(ms *Measure) []Point {
	pts := make([]Point, 0, len(ms.Points))
	for _, p := range ms.Points {
		if !math.IsNaN(p.Value) && !math.IsInf(p.Value, 0) {
			pts = append(pts, p)
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].At.Before(pts[j].At) })
	return pts
}
