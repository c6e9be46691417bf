package minutes

import (
	"fmt"
	"strconv"
)

// meetingDoc lays out the minutes of one meeting.
func meetingDoc(m *Meeting) *document {
	d := &document{date: m.Start, zone: m.Location}
	title := clean(m.Title)
	if title == "" {
		title = "Meeting"
	}
	d.title = title
	d.assembly, d.period = clean(m.Assembly), when(m.Start, m.Location, shortDay)
	d.heading(bTitle, who(title))
	d.para(meetingLine(m)...)

	if len(m.Roles) > 0 {
		d.heading(bSection, plain("Roles"))
		t := &table{head: []string{"Role", "Member"}, right: []bool{false, false}}
		for _, r := range m.Roles {
			t.rows = append(t.rows, []line{{who(r.Name)}, {orNone(r.Member, "–")}})
		}
		d.add(block{kind: bTable, table: t})
	}
	if len(m.Present) > 0 {
		d.heading(bSection, plain(fmt.Sprintf("Present (%d)", len(m.Present))))
		t := &table{head: []string{"Member", "Lines said"}, right: []bool{false, true}}
		lines := make([]float64, 0, len(m.Present))
		for _, p := range m.Present {
			t.rows = append(t.rows, []line{{who(p.Name)}, {plain(strconv.Itoa(p.Lines))}})
			lines = append(lines, float64(p.Lines))
		}
		d.add(block{kind: bTable, table: t})
		d.para(label("Inequality of lines said"), plain(giniLines+gini(Gini(lines))))
	}
	for i, tp := range m.Topics {
		d.heading(bSection, plain(fmt.Sprintf("%d. ", i+1)), orNone(tp.Title, "(untitled topic)"))
		if len(tp.Items) == 0 {
			d.para(plain("Nothing recorded."))
		}
		for j := range tp.Items {
			text, sub := itemLines(&tp.Items[j], m)
			d.item(text, sub...)
		}
	}
	if len(m.Mandates) > 0 {
		d.heading(bSection, plain("Mandates"))
		for _, md := range m.Mandates {
			verb := "Granted: "
			switch {
			case md.Ending && clean(md.Ended) != "":
				verb = "Ended: "
			case md.Ending:
				verb = "Ending: "
			}
			d.item(append(line{label(verb)}, mandateWords(md, m.Location)...))
		}
	}
	if len(m.Rounds) > 0 {
		d.heading(bSection, plain("Listening rounds"))
		for _, r := range m.Rounds {
			roundBlocks(d, r)
		}
	}
	if clean(m.NextRotation) != "" || clean(m.NextMeeting) != "" || clean(m.LogID) != "" {
		d.heading(bSection, plain("Next"))
		if clean(m.NextRotation) != "" {
			d.para(label("Next rotation: "), who(m.NextRotation))
		}
		if clean(m.NextMeeting) != "" {
			d.para(label("Next meeting: "), who(m.NextMeeting))
		}
		if clean(m.LogID) != "" {
			d.para(label("Full log: "), who(m.LogID))
		}
	}
	return d
}

// meetingLine is the line under the title: assembly, day and times.
func meetingLine(m *Meeting) line {
	l := line{named(m.Assembly)}
	if m.Start.IsZero() {
		return l
	}
	times := when(m.Start, m.Location, clock)
	switch {
	case m.End.IsZero():
		times += "–(open)"
	case m.End.In(loc(m.Location)).YearDay() != m.Start.In(loc(m.Location)).YearDay():
		times += "–" + when(m.End, m.Location, dayAndTime)
	default:
		times += "–" + when(m.End, m.Location, clock)
	}
	zone := loc(m.Location).String()
	return append(l, plain(" · "+when(m.Start, m.Location, dayLayout)+", "+times+" ("+zone+")"))
}

var kindLabel = map[Kind]string{
	Note: "Note: ", Idea: "Idea: ", Link: "Link: ", Decision: "Decided: ",
	Dissent: "Dissent: ", Task: "Action: ",
}

// itemLines words one item and the details shown under it.
func itemLines(it *Item, m *Meeting) (line, []line) {
	l := line{label(kindLabel[it.Kind])}
	switch it.Kind {
	case Link:
		if t := clean(it.Text); t != "" {
			l = append(l, who(t), plain(" "))
		}
		u := clean(it.URL)
		l = append(l, plain("<"), span{text: u, person: true, href: webLink(u)}, plain(">"))
	case Task:
		l = append(l, taskWords(it, m.Location)...)
	default:
		l = append(l, who(it.Text))
	}
	if voteResult(it) {
		l = voteHead(it.Vote)
	}
	if by, at := clean(it.By), when(it.At, m.Location, clock); it.Kind != Task && (by != "" || at != "") {
		l = append(l, plain(" ("))
		if by != "" {
			l = append(l, who(by))
			if at != "" {
				l = append(l, plain(", "))
			}
		}
		l = append(l, plain(at+")"))
	}
	if it.Kind == Decision && it.Vote != nil {
		return l, voteLines(it.Vote)
	}
	return l, nil
}

// voteResult reports whether an item is a vote's result, headed by the vote itself: what it
// asked and its verdict, never "Decided:" for a proposal that was blocked or tied.
func voteResult(it *Item) bool {
	return it.Kind == Decision && it.Vote != nil && clean(it.Vote.Result) != ""
}

// voteHead heads a vote's result: "Vote #3 (consensus): Buy a projector? — BLOCKED".
func voteHead(v *Vote) line {
	head := "Vote"
	if v.Number > 0 {
		head += fmt.Sprintf(" #%d", v.Number)
	}
	if k := clean(v.Kind); k != "" {
		head += " (" + k + ")"
	}
	return line{label(head + ": "), who(v.Question), plain(" — "), who(v.Result)}
}

// voteLines are the details of the vote a decision came from.
func voteLines(v *Vote) []line {
	var out []line
	q := line{label("Vote: "), who(v.Question)}
	if k := clean(v.Kind); k != "" {
		q = append(q, plain(" ("), who(k), plain(")"))
	}
	if clean(v.Result) == "" { // otherwise the head says it
		out = append(out, q)
	}
	if len(v.Tally) > 0 {
		t := line{label("Tally: ")}
		for i, s := range v.Tally {
			if i > 0 {
				t = append(t, plain("; "))
			}
			t = append(t, who(s))
		}
		out = append(out, t)
	}
	for _, o := range v.Blocks {
		out = append(out, objection("Block: ", o))
	}
	for _, o := range v.StandAsides {
		out = append(out, objection("Stand-aside: ", o))
	}
	if t := clean(v.Turnout); t != "" {
		out = append(out, line{label("Turnout: "), plain(t)})
	}
	if n := clean(v.Note); n != "" {
		out = append(out, line{plain(n)})
	}
	return out
}

func objection(kind string, o Objection) line {
	l := line{label(kind), orNone(o.Member, "(unnamed)")}
	if r := clean(o.Reason); r != "" {
		l = append(l, plain(" — "), who(r))
	} else {
		l = append(l, plain(" — no reason given"))
	}
	return l
}

// roundBlocks lays out one listening round: who spoke, how often, how long, and how evenly.
func roundBlocks(d *document, r Round) {
	d.heading(bSub, orNone(r.Topic, "(round)"))
	t := &table{head: []string{"Member", "Turns", "Spoken", "Share"}, right: []bool{false, true, true, true}}
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
	d.para(label("Inequality of speaking time"), plain(giniTime+gini(Gini(secs))))
}
