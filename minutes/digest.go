package minutes

import (
	"math"
	"sort"
	"strconv"
	"time"
)

// digestDoc lays out a digest in dg.Lang: decisions first, then what is due, who holds which
// mandate, the dissent on record, stories, measures and how evenly people spoke.
func digestDoc(dg *Digest) *document {
	now := dg.Now
	if now.IsZero() {
		now = dg.To
	}
	meetings := make([]*Meeting, len(dg.Meetings))
	for i := range dg.Meetings {
		meetings[i] = &dg.Meetings[i]
	}
	sort.SliceStable(meetings, func(i, j int) bool { return meetings[i].Start.Before(meetings[j].Start) })

	d := &document{date: dg.To, zone: dg.Location, l: dg.Lang}
	digest := d.say("minutes.digest.title")
	d.title = clean(dg.Assembly) + " — " + digest
	period := d.when(dg.From, shortDay) + " – " + d.when(dg.To, shortDay)
	d.assembly, d.period = clean(dg.Assembly), period
	d.heading(bTitle, who(dg.Assembly), plain(" — "+digest))
	d.para(plain(d.say("minutes.digest.period", "Period", period, "Meetings", d.l.Count("minutes.digest.meetings", len(meetings)),
		"Zone", loc(dg.Location).String())))

	d.digestDecisions(meetings)
	d.digestTasks(dg, meetings, now)
	d.digestMandates(dg, now)
	d.ruleChanges(dg.Rules)
	d.digestDissent(meetings)
	if len(dg.Stories) > 0 {
		d.heading(bSection, plain(d.say("minutes.stories.heading", "Number", len(dg.Stories))))
		for _, s := range dg.Stories {
			d.item(line{who(s.Text), plain(" — "), orNone(s.Teller, d.say("minutes.stories.anonymous")),
				plain(d.comma() + d.when(s.At, shortDay))})
		}
	}
	if len(dg.Measures) > 0 {
		d.heading(bSection, plain(d.say("minutes.measures.heading")))
		for i := range dg.Measures {
			d.measureBlocks(&dg.Measures[i])
		}
	}
	d.digestParticipation(meetings)
	return d
}

func (d *document) digestDecisions(ms []*Meeting) {
	d.heading(bSection, plain(d.say("minutes.decisions.heading")))
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
					d.heading(bSub, d.meetingRef(m)...)
					first = false
				}
				n++
				var sub []line
				if it.Vote != nil {
					sub = d.voteLines(it.Vote)
				}
				head := line{d.kindLabel(Decision), who(it.Text)}
				if voteResult(it) {
					head = d.voteHead(it.Vote)
				}
				d.item(head, sub...)
			}
		}
	}
	if n == 0 {
		d.para(plain(d.say("minutes.decisions.none")))
	}
}

// meetingRef names a meeting by day and title.
func (d *document) meetingRef(m *Meeting) line {
	return line{plain(d.when(m.Start, shortDay) + " · "), orNone(m.Title, d.say("minutes.meeting.untitled"))}
}

// openTask is a task not yet done and where it was recorded (nil: outside any meeting).
type openTask struct {
	it *Item
	m  *Meeting
}

func (d *document) digestTasks(dg *Digest, ms []*Meeting, now time.Time) {
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
	d.heading(bSection, plain(d.say("minutes.tasks.heading")))
	d.para(plain(d.say("minutes.tasks.counts", "Overdue", len(overdue), "Due", len(due), "Undated", len(undated), "Done", done)))
	for _, g := range []struct {
		name string
		ts   []openTask
	}{{d.say("minutes.tasks.overdue"), overdue}, {d.say("minutes.tasks.due"), due}, {d.say("minutes.tasks.undated"), undated}} {
		if len(g.ts) == 0 {
			continue
		}
		d.heading(bSub, plain(g.name))
		for _, t := range g.ts {
			l := append(line{d.kindLabel(Task)}, d.taskWords(t.it)...)
			if t.m != nil {
				l = append(l, plain(" · "))
				l = append(l, d.words("minutes.tasks.from", "Meeting", orNone(t.m.Title, d.say("minutes.tasks.a_meeting")),
					"Date", d.when(t.m.Start, shortDay))...)
			}
			d.item(l)
		}
	}
}

// taskWords words a task: text, owner, due time, done.
func (d *document) taskWords(it *Item) line {
	out := line{who(it.Text), plain(" — ")}
	if clean(it.Owner) == "" {
		out = append(out, plain(d.say("minutes.task.no_owner")))
	} else {
		out = append(out, d.words("minutes.task.owner", "Owner", who(it.Owner))...)
	}
	if !it.Due.IsZero() {
		out = append(out, plain(d.comma()+d.say("minutes.task.due", "Date", d.when(it.Due, dayAndTime))))
	}
	if it.Done {
		out = append(out, plain(" "+d.say("minutes.task.done")))
	}
	return out
}

// mandateWords words a mandate: scope, holder and dates.
func (d *document) mandateWords(md Mandate) line {
	out := line{orNone(md.Scope, d.say("minutes.mandate.no_scope")), plain(" — "), orNone(md.Holder, d.say("minutes.mandate.nobody"))}
	if !md.From.IsZero() {
		out = append(out, plain(d.comma()+d.say("minutes.mandate.from", "Date", d.when(md.From, shortDay))))
	}
	switch {
	case md.Ending && clean(md.Ended) != "" && !md.Until.IsZero():
		out = append(out, plain(d.comma()))
		out = append(out, d.words("minutes.mandate.ended_on", "Ended", who(md.Ended), "Date", d.when(md.Until, shortDay))...)
	case md.Until.IsZero():
		out = append(out, plain(d.comma()+d.say("minutes.mandate.open")))
	default:
		out = append(out, plain(d.comma()+d.say("minutes.mandate.until", "Date", d.when(md.Until, shortDay))))
	}
	return out
}

func (d *document) digestMandates(dg *Digest, now time.Time) {
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
	d.heading(bSection, plain(d.say("minutes.mandates.heading")))
	for _, g := range []struct {
		name string
		ms   []Mandate
	}{{d.say("minutes.mandates.ending_soon"), ending}, {d.say("minutes.mandates.active"), active}} {
		if len(g.ms) == 0 {
			continue
		}
		d.heading(bSub, plain(g.name))
		for _, md := range g.ms {
			d.item(d.mandateWords(md))
		}
	}
}

func (d *document) digestDissent(ms []*Meeting) {
	section := true
	for _, m := range ms {
		first := true
		for _, tp := range m.Topics {
			for _, it := range tp.Items {
				if it.Kind != Dissent {
					continue
				}
				if section {
					d.heading(bSection, plain(d.say("minutes.dissent.heading")))
					section = false
				}
				if first {
					d.heading(bSub, d.meetingRef(m)...)
					first = false
				}
				d.item(line{orNone(it.By, d.say("minutes.unnamed")), plain(": "), who(it.Text)})
			}
		}
	}
}

// digestParticipation shows, per meeting and for the whole period, how evenly people spoke:
// by lines said, and by speaking time in listening rounds.
func (d *document) digestParticipation(ms []*Meeting) {
	if len(ms) == 0 {
		return
	}
	d.heading(bSection, plain(d.say("minutes.participation.heading")))
	d.para(plain(d.say("minutes.participation.explained")))
	t := &table{head: []string{d.say("minutes.participation.meeting"), d.say("minutes.participation.present"),
		d.say("minutes.participation.lines"), d.say("minutes.participation.time")},
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
			{plain(d.when(m.Start, shortDay) + " "), orNone(m.Title, "")},
			{plain(strconv.Itoa(len(m.Present)))}, {plain(gini(Gini(lines)))}, {plain(rounds)}})
	}
	d.add(block{kind: bTable, table: t})
	d.para(label(d.say("minutes.participation.all_lines")), d.giniNote("minutes.gini.lines", Gini(values(allLines))))
	if len(allSecs) > 0 {
		d.para(label(d.say("minutes.participation.all_time")), d.giniNote("minutes.gini.time", Gini(values(allSecs))))
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
func (d *document) measureBlocks(ms *Measure) {
	pts := sortedPoints(ms)
	name := line{orNone(ms.Name, d.say("minutes.measures.unnamed"))}
	if u := clean(ms.Unit); u != "" {
		name = append(name, plain(" ("), who(u), plain(")"))
	}
	d.heading(bSub, name...)
	if len(pts) == 0 {
		d.para(plain(d.say("minutes.measures.empty")))
		return
	}
	last := pts[len(pts)-1]
	p := line{d.label("minutes.measures.latest"), plain(number(d.l, last.Value))}
	if clean(ms.Unit) != "" {
		p = append(p, plain(" "), who(ms.Unit))
	}
	p = append(p, plain(" "+d.say("minutes.measures.on", "Date", d.when(last.At, shortDay))))
	if len(pts) > 1 {
		prev := pts[len(pts)-2]
		change := last.Value - prev.Value
		sign := "+"
		if change < 0 {
			sign = "−"
			change = -change
		}
		semicolon := d.say("minutes.semicolon")
		if math.IsInf(change, 0) { // two values near the float64 limit: their difference is not a number
			p = append(p, plain(semicolon+d.say("minutes.measures.before", "Value", number(d.l, prev.Value),
				"Date", d.when(prev.At, shortDay))))
		} else {
			p = append(p, plain(semicolon+d.say("minutes.measures.since", "Change", sign+number(d.l, change),
				"Date", d.when(prev.At, shortDay))))
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
