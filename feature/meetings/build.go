package meetings

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"folkmoot/bot"
	"folkmoot/facts"
	"folkmoot/minutes"
	"folkmoot/store"
	"folkmoot/vote"
)

// kinds maps stored item kinds to the minutes' kinds; topics are not items there.
var kinds = map[string]minutes.Kind{
	store.ItemNote: minutes.Note, store.ItemIdea: minutes.Idea, store.ItemLink: minutes.Link,
	store.ItemDecision: minutes.Decision, store.ItemDissent: minutes.Dissent, store.ItemAction: minutes.Task,
}

// event is one thing that happened during a meeting, in time order: an item, a vote that
// closed, a rotation.
type event struct {
	at    time.Time
	topic string // set for a new topic
	item  minutes.Item
}

// BuildMeeting reads a meeting's items, attendance, the votes that closed and the roles
// and mandates that changed during it, and fills the minutes' model. The minutes are always
// made from what is stored, so a rendering fix fixes old minutes too.
func BuildMeeting(ctx context.Context, q store.Querier, m store.Meeting, loc *time.Location, now time.Time) (minutes.Meeting, error) {
	end := m.End
	if end.IsZero() {
		end = now
	}
	book, err := facts.LoadRoster(ctx, q, m.Room)
	if err != nil {
		return minutes.Meeting{}, err
	}
	name := func(mb bot.Member) string {
		if mb.Name != "" {
			return mb.Name
		}
		if mb.ID == "" {
			return ""
		}
		return book.Member(mb.ID).Display()
	}
	out := minutes.Meeting{Assembly: assembly(m.Room), Title: m.Title, Start: m.Start, End: m.End, Location: loc,
		LogID: logID(m)}

	items, err := store.MeetingItems(ctx, q, m.ID)
	if err != nil {
		return out, err
	}
	var events []event
	for _, it := range items {
		if it.Kind == store.ItemTopic {
			events = append(events, event{at: it.At, topic: it.Text})
			continue
		}
		events = append(events, event{at: it.At, item: minutes.Item{Kind: kinds[it.Kind], At: it.At, By: name(it.By),
			Text: it.Text, URL: it.URL, Owner: name(it.Owner), Due: it.Due}})
	}
	votes, err := voteEvents(ctx, q, m, end)
	if err != nil {
		return out, err
	}
	events = append(events, votes...)

	terms, err := store.HeldTerms(ctx, q, m.Room)
	if err != nil {
		return out, err
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if t.Role == store.DelegateRole || !t.Start.Before(end) || (!t.End.IsZero() && !t.End.After(m.Start)) {
			continue
		}
		holder := book.Member(t.Member).Display()
		if key := t.Role + "|" + t.Member; !seen[key] {
			seen[key] = true
			out.Roles = append(out.Roles, minutes.Role{Name: t.Role, Member: holder})
		}
		if !t.Start.Before(m.Start) {
			events = append(events, event{at: t.Start, item: minutes.Item{Kind: minutes.Note, At: t.Start,
				Text: fmt.Sprintf("Rotation: %s takes the role %s.", holder, t.Role)}})
		}
	}
	sort.SliceStable(out.Roles, func(i, j int) bool { return out.Roles[i].Name < out.Roles[j].Name })
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	out.Topics = topics(events)

	att, err := store.Attendance(ctx, q, m.ID)
	if err != nil {
		return out, err
	}
	for _, a := range att {
		out.Present = append(out.Present, minutes.Person{Name: name(a.Member), Lines: a.Lines})
	}
	mandates, err := store.AllMandates(ctx, q, m.Room)
	if err != nil {
		return out, err
	}
	during := func(t time.Time) bool { return !t.IsZero() && !t.Before(m.Start) && t.Before(end) }
	for _, md := range mandates {
		holder := name(md.Member)
		if during(md.Start) {
			out.Mandates = append(out.Mandates, minutes.Mandate{Holder: holder, Scope: md.Scope, From: md.Start, Until: md.Ends})
		}
		if during(md.EndedAt) {
			out.Mandates = append(out.Mandates, minutes.Mandate{Holder: holder, Scope: md.Scope, From: md.Start, Until: md.EndedAt, Ending: true})
		}
	}
	return out, nil
}

// topics groups events under the topics that opened before them; what came before the
// first topic goes under "General".
func topics(events []event) []minutes.Topic {
	var out []minutes.Topic
	for _, e := range events {
		if e.topic != "" {
			out = append(out, minutes.Topic{Title: e.topic})
			continue
		}
		if len(out) == 0 {
			out = append(out, minutes.Topic{Title: "General"})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, e.item)
	}
	return out
}

// voteEvents are the room's votes that closed during the meeting (after its start, up to
// its end), as decisions with their tallies. A secret vote shows its count but no names.
func voteEvents(ctx context.Context, q store.Querier, m store.Meeting, end time.Time) ([]event, error) {
	closed, err := store.ClosedVotes(ctx, q, m.Room, m.Start.Add(time.Millisecond), end.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	var out []event
	for _, v := range closed {
		mv := &minutes.Vote{Question: v.Question, Kind: string(v.Rules.Kind), Voted: v.Voters, Members: v.Eligible}
		for _, c := range v.FinalCounts {
			mv.Tally = append(mv.Tally, fmt.Sprintf("%s %d", c.Label, c.N))
		}
		if !v.Rules.Secret {
			ballots, err := store.Ballots(ctx, q, v.ID)
			if err != nil {
				return nil, err
			}
			for _, b := range ballots {
				for _, c := range b.Choices {
					switch c {
					case vote.Block:
						mv.Blocks = append(mv.Blocks, minutes.Objection{Member: b.Display(), Reason: b.Reason})
					case vote.Aside:
						mv.StandAsides = append(mv.StandAsides, minutes.Objection{Member: b.Display(), Reason: b.Reason})
					}
				}
			}
		}
		text := fmt.Sprintf("Vote #%d: %s — %s", v.Number, v.Question, outcomeWords(v.Outcome))
		out = append(out, event{at: v.ClosedAt, item: minutes.Item{Kind: minutes.Decision, At: v.ClosedAt, Text: text, Vote: mv}})
	}
	return out, nil
}

// outcomeWords words a vote's outcome for the minutes.
func outcomeWords(o vote.Outcome) string {
	switch o {
	case vote.NoDecision:
		return "no decision"
	case "":
		return "closed"
	}
	return string(o)
}

// assembly names the assembly in the minutes' header: the room, until the config names it.
func assembly(room bot.Room) string { return room.ID }

// logID is how the minutes point to the full log.
func logID(m store.Meeting) string {
	if m.Files == "" {
		return fmt.Sprintf("meeting %d", m.Number)
	}
	return filepath.Base(m.Files) + "." + logExt
}

// BuildDigest gathers the room's meetings that started in [from, to) and the mandates in
// force now into a digest.
func BuildDigest(ctx context.Context, q store.Querier, room bot.Room, from, to, now time.Time, loc *time.Location) (minutes.Digest, error) {
	dg := minutes.Digest{Assembly: assembly(room), From: from, To: to, Now: now, Location: loc}
	ms, err := store.MeetingsBetween(ctx, q, room, from, to)
	if err != nil {
		return dg, err
	}
	for _, m := range ms {
		mm, err := BuildMeeting(ctx, q, m, loc, now)
		if err != nil {
			return dg, err
		}
		dg.Meetings = append(dg.Meetings, mm)
	}
	active, err := store.ActiveMandates(ctx, q, room)
	if err != nil {
		return dg, err
	}
	book, err := facts.LoadRoster(ctx, q, room)
	if err != nil {
		return dg, err
	}
	for _, md := range active {
		holder := md.Member.Name
		if holder == "" {
			holder = book.Member(md.Member.ID).Display()
		}
		dg.Mandates = append(dg.Mandates, minutes.Mandate{Holder: holder, Scope: md.Scope, From: md.Start, Until: md.Ends})
	}
	return dg, nil
}
