package minutes

import (
	"fmt"
	"time"
)

// The fixture mixes scripts and hostile text on purpose: every renderer must keep the first
// intact and leave the second inert.
const (
	greek    = "Συνέλευση της γειτονιάς"
	cyrillic = "Собрание жильцов"
	french   = "Café à l’école : décidé, élève, garçon, Noël"
	hostile  = "<script>alert(1)</script> **bold** *x* `x`"
	override = "evil\u202Etxt.exe"
)

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}

func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.November, day, hour, minute, 0, 0, berlin)
}

func fixtureMeeting() Meeting {
	return Meeting{
		Assembly: "Rue des Lilas " + greek,
		Title:    "Plenary: " + cyrillic,
		Start:    at(26, 18, 30),
		End:      at(26, 20, 15),
		Location: berlin,
		Roles: []Role{
			{Name: "facilitator", Member: "Ana"},
			{Name: "note taker", Member: "Zoé Dupont"},
			{Name: "timekeeper", Member: ""},
		},
		Present: []Person{
			{Name: "Ana", Lines: 40},
			{Name: "Zoé Dupont", Lines: 12},
			{Name: "Δημήτρης", Lines: 8},
			{Name: "Мария\nIvanova", Lines: 5},
			{Name: override, Lines: 1},
		},
		Topics: []Topic{
			{Title: "Courtyard " + greek, Items: []Item{
				{Kind: Note, At: at(26, 18, 35), By: "Ana", Text: french},
				{Kind: Note, At: at(26, 18, 36), By: "Δημήτρης", Text: greek},
				{Kind: Note, At: at(26, 18, 37), By: "Мария\nIvanova", Text: cyrillic},
				{Kind: Idea, At: at(26, 18, 40), By: "Zoé Dupont", Text: hostile},
				{Kind: Link, At: at(26, 18, 41), By: "Ana", Text: "Plan of the yard", URL: "https://example.org/yard?a=1&b=<2>"},
				{Kind: Link, By: "Ana", Text: "not clickable", URL: "javascript:alert(1)"},
				{Kind: Decision, At: at(26, 19, 2), By: "Ana", Text: "We plant three trees in spring. " + override,
					Vote: &Vote{Question: "Plant three trees?", Kind: "consent",
						Tally:       []string{"agree 3", "block 1", "stand aside 1"},
						Blocks:      []Objection{{Member: "Δημήτρης", Reason: "Roots near the pipes."}},
						StandAsides: []Objection{{Member: "Zoé Dupont", Reason: ""}},
						Turnout:     "3 of 5 members voted"}},
				{Kind: Dissent, At: at(26, 19, 3), By: "Δημήτρης", Text: "I dissent: the pipes " + hostile},
				{Kind: Task, Text: "Ask the city about the pipes", Owner: "Мария\nIvanova", Due: at(30, 12, 0)},
				{Kind: Task, Text: "Buy seeds", Owner: "", Done: true},
			}},
			{Title: "Line one\nline two " + override, Items: nil},
			{Title: "Kitchen", Items: []Item{
				{Kind: Decision, At: at(26, 19, 50), Text: "The kitchen opens on Sundays."},
				{Kind: Note, Text: "A very long note that goes on and on, " +
					"Pneumonoultramicroscopicsilicovolcanoconiosis-and-even-more-letters-than-a-line-can-hold, " +
					"so the plain text must wrap it without breaking the layout of the minutes."},
			}},
		},
		Mandates: []Mandate{
			{Holder: "Ana", Scope: "Talk to the landlord", From: at(26, 19, 0), Until: time.Date(2026, 12, 31, 0, 0, 0, 0, berlin)},
			{Holder: "Zoé Dupont", Scope: "Treasurer", Ending: true},
		},
		Rounds: []Round{{Topic: "How are we doing?", Turns: []Turn{
			{Member: "Ana", Turns: 2, Seconds: 185},
			{Member: "Zoé Dupont", Turns: 1, Seconds: 62},
			{Member: "Δημήτρης", Turns: 1, Seconds: 95.4},
			{Member: "Мария\nIvanova", Turns: 1, Seconds: 0},
		}}},
		NextRotation: "Zoé facilitates, Ana takes notes",
		NextMeeting:  "Thursday 3 December, 18:30, in the " + greek,
		LogID:        "log-2026-11-26-1830",
	}
}

func fixtureDigest() Digest {
	m1 := fixtureMeeting()
	m2 := fixtureMeeting()
	m2.Title = "Second " + french
	m2.Start, m2.End = at(12, 18, 0), at(12, 19, 0)
	m2.Rounds = nil
	return Digest{
		Assembly: m1.Assembly,
		From:     at(1, 0, 0), To: at(28, 23, 59), Now: at(28, 12, 0),
		Location: berlin,
		Meetings: []Meeting{m1, m2}, // out of order: the digest sorts them
		Tasks: []Item{
			{Text: "Repair the bench " + hostile, Owner: "Ana", Due: at(20, 9, 0)},
			{Text: "Write to the newsletter", Owner: "Δημήτρης"},
		},
		Mandates: []Mandate{
			{Holder: "Ana", Scope: "Talk to the landlord", Until: at(29, 0, 0)},
			{Holder: "Мария Ivanova", Scope: "Keys " + override},
			{Holder: "Old", Scope: "Expired", Until: at(2, 0, 0)},
		},
		Stories: []Story{
			{Text: "The neighbour fixed my bike for free. " + greek, Teller: "Zoé Dupont", At: at(15, 10, 0)},
			{Text: cyrillic + " " + hostile, Teller: "", At: at(16, 10, 0)},
		},
		Measures: []Measure{
			{Name: "Food shared", Unit: "kg", Points: []Point{
				{At: at(21, 0, 0), Value: 31.5}, {At: at(7, 0, 0), Value: 12}, {At: at(14, 0, 0), Value: 20}, {At: at(28, 0, 0), Value: 27}}},
			{Name: "Members " + greek, Points: []Point{{At: at(1, 0, 0), Value: 5}}},
		},
	}
}

// The benchmark's items mix every script the assemblies write, one language per item.
var (
	benchTexts = []string{french + " " + greek, "بڕیار: compost hub 2026 لە حەوشەکە، کۆبوونەوەی گشتی",
		cyrillic + ": " + "אספה כללית של הדיירים", "社区会议决定：周六清理花园 🌻", "सभा ने निर्णय लिया: शनिवार को सफ़ाई",
		"قرار: نبني حديقة مطرية قبل الشتاء", "Zoë 🧑🏽‍🌾 https://example.org/assembly/minutes/2026"}
	benchNames = []string{"Zoé Dupont", "رێزان", "דוד כהן", "李华", "प्रिया शर्मा", "Δημήτρης", "Мария Иванова"}
)

// bigDigest is the benchmark's digest: meetings × items, every kind of item in turn, in
// every script.
func bigDigest(meetings, items int) Digest {
	dg := fixtureDigest()
	dg.Meetings = nil
	kinds := []Kind{Note, Idea, Link, Decision, Dissent, Task}
	for i := range meetings {
		m := fixtureMeeting()
		m.Start = at(1, 0, 0).Add(time.Duration(i) * 6 * time.Hour)
		m.End = m.Start.Add(2 * time.Hour)
		m.Title = fmt.Sprintf("Meeting %d %s", i+1, cyrillic)
		var tp Topic
		m.Topics = nil
		for j := range items {
			if j%20 == 0 {
				if j > 0 {
					m.Topics = append(m.Topics, tp)
				}
				tp = Topic{Title: fmt.Sprintf("Topic %d %s", j/20+1, greek)}
			}
			it := Item{Kind: kinds[j%len(kinds)], At: m.Start.Add(time.Duration(j) * time.Second), By: benchNames[(i+j)%len(benchNames)],
				Text: fmt.Sprintf("Item %d of meeting %d: %s", j, i, benchTexts[(i+j)%len(benchTexts)]), Owner: "Ana", Due: m.Start.Add(72 * time.Hour)}
			if it.Kind == Decision && j%12 == 3 {
				it.Vote = fixtureMeeting().Topics[0].Items[6].Vote
			}
			tp.Items = append(tp.Items, it)
		}
		m.Topics = append(m.Topics, tp)
		dg.Meetings = append(dg.Meetings, m)
	}
	return dg
}

// longMeeting is a meeting whose log has n lines, all recorded as items.
func longMeeting(n int) Meeting {
	dg := bigDigest(1, n)
	m := dg.Meetings[0]
	for i := range 40 {
		m.Present = append(m.Present, Person{Name: fmt.Sprintf("Member %d %s", i, cyrillic), Lines: n / 40})
	}
	return m
}
