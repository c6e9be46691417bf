package minutes

import (
	"fmt"
	"strconv"
)

// meetingDoc lays out the minutes of one meeting in m.Lang.
func meetingDoc(m *Meeting) *document {
	d := &document{date: m.Start, zone: m.Location, l: m.Lang}
	title := clean(m.Title)
	if title == "" {
		title = d.say("minutes.meeting.untitled")
	}
	d.title = title
	d.assembly, d.period = clean(m.Assembly), d.when(m.Start, shortDay)
	d.heading(bTitle, who(title))
	d.para(d.meetingLine(m)...)

	if len(m.Roles) > 0 {
		d.heading(bSection, plain(d.say("minutes.roles.heading")))
		t := &table{head: []string{d.say("minutes.roles.role"), d.say("minutes.column.member")}, right: []bool{false, false}}
		for _, r := range m.Roles {
			t.rows = append(t.rows, []line{{who(r.Name)}, {orNone(r.Member, "–")}})
		}
		d.add(block{kind: bTable, table: t})
	}
	if len(m.Present) > 0 {
		d.heading(bSection, plain(d.say("minutes.present.heading", "Number", len(m.Present))))
		t := &table{head: []string{d.say("minutes.column.member"), d.say("minutes.present.lines")}, right: []bool{false, true}}
		lines := make([]float64, 0, len(m.Present))
		for _, p := range m.Present {
			t.rows = append(t.rows, []line{{who(p.Name)}, {plain(strconv.Itoa(p.Lines))}})
			lines = append(lines, float64(p.Lines))
		}
		d.add(block{kind: bTable, table: t})
		d.para(label(d.say("minutes.inequality.lines")), d.giniNote("minutes.gini.lines", Gini(lines)))
	}
	for i, tp := range m.Topics {
		d.heading(bSection, plain(fmt.Sprintf("%d. ", i+1)), orNone(tp.Title, d.say("minutes.topic.untitled")))
		if len(tp.Items) == 0 {
			d.para(plain(d.say("minutes.topic.empty")))
		}
		for j := range tp.Items {
			text, sub := d.itemLines(&tp.Items[j])
			d.item(text, sub...)
		}
	}
	if len(m.Mandates) > 0 {
		d.heading(bSection, plain(d.say("minutes.mandates.heading")))
		for _, md := range m.Mandates {
			verb := d.label("minutes.mandates.granted")
			switch {
			case md.Ending && clean(md.Ended) != "":
				verb = d.label("minutes.mandates.ended")
			case md.Ending:
				verb = d.label("minutes.mandates.ending")
			}
			d.item(append(line{verb}, d.mandateWords(md)...))
		}
	}
	d.ruleChanges(m.Rules)
	if len(m.Rounds) > 0 {
		d.heading(bSection, plain(d.say("minutes.rounds.heading")))
		for _, r := range m.Rounds {
			d.roundBlocks(r)
		}
	}
	if clean(m.NextRotation) != "" || clean(m.NextMeeting) != "" || clean(m.LogID) != "" {
		d.heading(bSection, plain(d.say("minutes.next.heading")))
		if clean(m.NextRotation) != "" {
			d.para(d.label("minutes.next.rotation"), who(m.NextRotation))
		}
		if clean(m.NextMeeting) != "" {
			d.para(d.label("minutes.next.meeting"), who(m.NextMeeting))
		}
		if clean(m.LogID) != "" {
			d.para(d.label("minutes.next.log"), who(m.LogID))
		}
	}
	return d
}

// meetingLine is the line under the title: assembly, day and times.
func (d *document) meetingLine(m *Meeting) line {
	l := line{named(m.Assembly)}
	if m.Start.IsZero() {
		return l
	}
	times := d.when(m.Start, clock)
	switch {
	case m.End.IsZero():
		times += "–" + d.say("minutes.meeting.open")
	case m.End.In(loc(m.Location)).YearDay() != m.Start.In(loc(m.Location)).YearDay():
		times += "–" + d.when(m.End, dayAndTime)
	default:
		times += "–" + d.when(m.End, clock)
	}
	zone := loc(m.Location).String()
	return append(l, plain(" · "+d.say("minutes.meeting.when", "Day", d.when(m.Start, dayLayout), "Times", times, "Zone", zone)))
}

// kindLabel is the label that opens an item of each kind ("Note: ").
func (d *document) kindLabel(k Kind) span {
	switch k {
	case Note:
		return d.label("minutes.kind.note")
	case Idea:
		return d.label("minutes.kind.idea")
	case Link:
		return d.label("minutes.kind.link")
	case Decision:
		return d.label("minutes.kind.decision")
	case Dissent:
		return d.label("minutes.kind.dissent")
	case Task:
		return d.label("minutes.kind.task")
	}
	return label("")
}

// itemLines words one item and the details shown under it.
func (d *document) itemLines(it *Item) (line, []line) {
	l := line{d.kindLabel(it.Kind)}
	switch it.Kind {
	case Link:
		if t := clean(it.Text); t != "" {
			l = append(l, who(t), plain(" "))
		}
		u := clean(it.URL)
		l = append(l, plain("<"), span{text: u, person: true, href: webLink(u)}, plain(">"))
	case Task:
		l = append(l, d.taskWords(it)...)
	default:
		l = append(l, who(it.Text))
	}
	if voteResult(it) {
		l = d.voteHead(it.Vote)
	}
	if by, at := clean(it.By), d.when(it.At, clock); it.Kind != Task && (by != "" || at != "") {
		l = append(l, plain(" "))
		switch {
		case by != "" && at != "":
			l = append(l, d.words("minutes.item.by_at", "By", who(by), "At", at)...)
		case by != "":
			l = append(l, d.words("minutes.item.by", "By", who(by))...)
		default:
			l = append(l, plain(d.say("minutes.item.at", "At", at)))
		}
	}
	if it.Kind == Decision && it.Vote != nil {
		return l, d.voteLines(it.Vote)
	}
	return l, nil
}

// voteResult reports whether an item is a vote's result, headed by the vote itself: what it
// asked and its verdict, never "Decided:" for a proposal that was blocked or tied.
func voteResult(it *Item) bool {
	return it.Kind == Decision && it.Vote != nil && clean(it.Vote.Result) != ""
}

// voteHead heads a vote's result: "Vote #3 (consensus): Buy a projector? — BLOCKED".
func (d *document) voteHead(v *Vote) line {
	head := d.say("minutes.vote.name")
	if v.Number > 0 {
		head = d.say("minutes.vote.numbered", "Number", v.Number)
	}
	if k := clean(v.Kind); k != "" {
		head = d.say("minutes.vote.kind", "Vote", head, "Kind", k)
	}
	return line{label(d.say("minutes.vote.head", "Vote", head) + " "), who(v.Question), plain(" — "), who(v.Result)}
}

// voteLines are the details of the vote a decision came from.
func (d *document) voteLines(v *Vote) []line {
	var out []line
	q := line{d.label("minutes.vote.question"), who(v.Question)}
	if k := clean(v.Kind); k != "" {
		q = append(q, plain(" ("), who(k), plain(")"))
	}
	if clean(v.Result) == "" { // otherwise the head says it
		out = append(out, q)
	}
	if len(v.Tally) > 0 {
		t := line{d.label("minutes.vote.tally")}
		for i, s := range v.Tally {
			if i > 0 {
				t = append(t, plain(d.say("minutes.semicolon")))
			}
			t = append(t, who(s))
		}
		out = append(out, t)
	}
	for _, o := range v.Blocks {
		out = append(out, d.objection(d.label("minutes.vote.block"), o))
	}
	for _, o := range v.StandAsides {
		out = append(out, d.objection(d.label("minutes.vote.aside"), o))
	}
	if t := clean(v.Turnout); t != "" {
		out = append(out, line{d.label("minutes.vote.turnout"), plain(t)})
	}
	if n := clean(v.Note); n != "" {
		out = append(out, line{plain(n)})
	}
	return out
}

func (d *document) objection(kind span, o Objection) line {
	l := line{kind, orNone(o.Member, d.say("minutes.unnamed"))}
	if r := clean(o.Reason); r != "" {
		l = append(l, plain(" — "), who(r))
	} else {
		l = append(l, plain(" — "+d.say("minutes.vote.no_reason")))
	}
	return l
}

// roundBlocks lays out one listening round: who spoke, how often, how long, and how evenly.
func (d *document) roundBlocks(r Round) {
	d.heading(bSub, orNone(r.Topic, d.say("minutes.rounds.untitled")))
	t := &table{head: []string{d.say("minutes.column.member"), d.say("minutes.rounds.turns"), d.say("minutes.rounds.spoken"),
		d.say("minutes.rounds.share")}, right: []bool{false, true, true, true}}
	total := 0.0
	secs := make([]float64, 0, len(r.Turns))
	for _, tn := range r.Turns {
		total += seconds(tn.Seconds)
		secs = append(secs, tn.Seconds)
	}
	for _, tn := range r.Turns {
		share := 0.0
		if total > 0 {
			share = 100 * seconds(tn.Seconds) / total
		}
		t.rows = append(t.rows, []line{{who(tn.Member)}, {plain(strconv.Itoa(tn.Turns))},
			{plain(duration(tn.Seconds))}, {plain(fmt.Sprintf("%.0f%%", share))}})
	}
	d.add(block{kind: bTable, table: t})
	d.para(label(d.say("minutes.inequality.time")), d.giniNote("minutes.gini.time", Gini(secs)))
}

// ruleChanges lists the changes of the room's rules: "quorum: 40% → 50%, by vote #3 (Wed 2 Dec)".
func (d *document) ruleChanges(changes []RuleChange) {
	if len(changes) == 0 {
		return
	}
	d.heading(bSection, plain(d.say("minutes.rules.heading")))
	for _, c := range changes {
		d.item(line{who(c.Rule), plain(": "), who(c.Previous), plain(" → "), who(c.Value), plain(d.comma()), who(c.How),
			plain(d.comma() + d.when(c.At, shortDay))})
	}
}
