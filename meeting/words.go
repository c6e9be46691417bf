package meeting

import (
	"embed"
	"strings"

	"folkmoot/bot"
	"folkmoot/phrase"
	"folkmoot/words"
)

// wording is how a meeting is named and counted in a reply, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// TitleText names a meeting in a reply, in l: its title in quotes, on one inert line and
// clipped, or "untitled".
func (m Meeting) TitleText(l *words.Lang) string {
	if m.Title == "" {
		return l.Say("meeting.untitled")
	}
	return l.Say("meeting.title", "Title", phrase.Clip(bot.Inert(m.Title), 80))
}

// Counts words what a meeting recorded, in l: "2 topics, 1 decision, 1 dissent, 3 actions".
func Counts(l *words.Lang, items []Item) string {
	n := map[string]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	var parts []string
	add := func(kind string, word func(int) string) {
		if c := n[kind]; c > 0 {
			parts = append(parts, word(c))
		}
	}
	add(ItemTopic, func(c int) string { return l.Count("meeting.count.topic", c) })
	add(ItemDecision, func(c int) string { return l.Count("meeting.count.decision", c) })
	add(ItemDissent, func(c int) string { return l.Count("meeting.count.dissent", c) })
	add(ItemAction, func(c int) string { return l.Count("meeting.count.action", c) })
	add(ItemNote, func(c int) string { return l.Count("meeting.count.note", c) })
	add(ItemIdea, func(c int) string { return l.Count("meeting.count.idea", c) })
	add(ItemLink, func(c int) string { return l.Count("meeting.count.link", c) })
	if len(parts) == 0 {
		return l.Say("meeting.count.nothing")
	}
	return strings.Join(parts, l.Say("phrase.list.comma"))
}
