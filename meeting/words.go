package meeting

import (
	"strings"

	"folkmoot/bot"
	"folkmoot/phrase"
)

// TitleText names a meeting in a reply: its title in quotes, on one inert line and clipped,
// or "untitled".
func (m Meeting) TitleText() string {
	if m.Title == "" {
		return "untitled"
	}
	return "“" + phrase.Clip(bot.Inert(m.Title), 80) + "”"
}

// Counts words what a meeting recorded: "2 topics, 1 decision, 1 dissent, 3 actions".
func Counts(items []Item) string {
	n := map[string]int{}
	for _, it := range items {
		n[it.Kind]++
	}
	var parts []string
	for _, k := range []struct{ kind, one, many string }{
		{ItemTopic, "topic", "topics"}, {ItemDecision, "decision", "decisions"},
		{ItemDissent, "dissent", "dissents"}, {ItemAction, "action", "actions"},
		{ItemNote, "note", "notes"}, {ItemIdea, "idea", "ideas"}, {ItemLink, "link", "links"},
	} {
		if c := n[k.kind]; c > 0 {
			parts = append(parts, phrase.Plural(c, k.one, k.many))
		}
	}
	if len(parts) == 0 {
		return "nothing recorded"
	}
	return strings.Join(parts, ", ")
}

// KindWord is how a reply names a kind of item ("decision").
func KindWord(kind string) string {
	return map[string]string{
		ItemTopic: "topic", ItemNote: "note", ItemIdea: "idea", ItemLink: "link",
		ItemDecision: "decision", ItemDissent: "dissent", ItemAction: "action",
	}[kind]
}
