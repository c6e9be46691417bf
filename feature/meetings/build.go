package meetings

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/mandate"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/rotation"
	"folkmoot/store"
	"folkmoot/task"
	"folkmoot/vote"
	"folkmoot/words"
)

// kinds maps stored item kinds to the minutes' kinds; topics are not items there.
var kinds = map[string]minutes.Kind{
	meeting.ItemNote: minutes.Note, meeting.ItemIdea: minutes.Idea, meeting.ItemLink: minutes.Link,
	meeting.ItemDecision: minutes.Decision, meeting.ItemDissent: minutes.Dissent, meeting.ItemAction: minutes.Task,
}

// event is one thing that happened during a meeting, in time order: an item, a vote that
// closed, a rotation.
type event struct {
	at    time.Time
	topic string // set for a new topic
	item  minutes.Item
}

// BuildMeeting reads a meeting's items, attendance, the votes that closed and the roles
// and mandates that changed during it, and fills the minutes' model, worded in l (the
// room's language). The minutes are always made from what is stored, so a rendering fix
// fixes old minutes too.
func (h Hooks) BuildMeeting(ctx context.Context, l *words.Lang, q store.Querier, m meeting.Meeting, loc *time.Location, now time.Time) (minutes.Meeting, error) {
	end := m.End
	if end.IsZero() {
		end = now
	}
	book, err := facts.LoadRoster(ctx, q, m.Room)
	if err != nil {
		return minutes.Meeting{}, err
	}
	name := func(mb bot.Member) string {
		if bot.Shows(bot.Inert(mb.Name)) {
			return mb.Name
		}
		if mb.ID == "" {
			return ""
		}
		return book.Member(mb.ID).Display()
	}
	out := minutes.Meeting{Assembly: assembly(m.Room), Title: m.Title, Start: m.Start, End: m.End, Location: loc,
		LogID: logID(l, m), Lang: l}

	items, err := MeetingItems(ctx, q, m.ID)
	if err != nil {
		return out, err
	}
	var events []event
	for _, it := range items {
		if it.Kind == meeting.ItemTopic {
			events = append(events, event{at: it.At, topic: it.Text})
			continue
		}
		mi := minutes.Item{Kind: kinds[it.Kind], At: it.At, By: name(it.By), Text: it.Text, URL: it.URL, Owner: name(it.Owner), Due: it.Due}
		if err := h.followTask(ctx, q, m.Room, it.Task, &mi, name); err != nil {
			return out, err
		}
		events = append(events, event{at: it.At, item: mi})
	}
	votes, err := h.voteEvents(ctx, l, q, m, end)
	if err != nil {
		return out, err
	}
	events = append(events, votes...)

	var terms []rotation.Term
	if h.Terms != nil {
		if terms, err = h.Terms(ctx, q, m.Room); err != nil {
			return out, err
		}
	}
	seen := map[string]bool{}
	for _, t := range terms {
		if t.Role == rotation.DelegateRole || !t.Start.Before(end) || (!t.End.IsZero() && !t.End.After(m.Start)) {
			continue
		}
		holder := book.Member(t.Member).Display()
		if key := t.Role + "|" + t.Member; !seen[key] {
			seen[key] = true
			out.Roles = append(out.Roles, minutes.Role{Name: t.Role, Member: holder})
		}
		if !t.Start.Before(m.Start) {
			events = append(events, event{at: t.Start, item: minutes.Item{Kind: minutes.Note, At: t.Start,
				Text: l.Say("meetings.rotation", "Member", holder, "Role", t.Role)}})
		}
	}
	sort.SliceStable(out.Roles, func(i, j int) bool { return out.Roles[i].Name < out.Roles[j].Name })
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	out.Topics = topics(l, events)

	if out.Rounds, err = h.meetingRounds(ctx, q, m.Room, m.Start, end); err != nil {
		return out, err
	}
	att, err := Attendance(ctx, q, m.ID)
	if err != nil {
		return out, err
	}
	for _, a := range att {
		out.Present = append(out.Present, minutes.Person{Name: name(a.Member), Lines: a.Lines})
	}
	var mandates []mandate.Mandate
	if h.Mandates.All != nil {
		if mandates, err = h.Mandates.All(ctx, q, m.Room); err != nil {
			return out, err
		}
	}
	// Up to its end inclusive, as the votes: a recall closed just before !meeting end is in.
	during := func(t time.Time) bool { return !t.IsZero() && !t.Before(m.Start) && !t.After(end) }
	for _, md := range mandates {
		holder := name(md.Member)
		if during(md.Start) {
			out.Mandates = append(out.Mandates, minutes.Mandate{Holder: holder, Scope: md.Scope, From: md.Start, Until: md.Ends})
		}
		if during(md.EndedAt) {
			ended := l.Say("meetings.mandate.ended")
			if h.Mandates.EndWords != nil {
				ended = h.Mandates.EndWords(l, md, book)
			}
			out.Mandates = append(out.Mandates, minutes.Mandate{Holder: holder, Scope: md.Scope, From: md.Start, Until: md.EndedAt, Ending: true,
				Ended: ended})
		}
	}
	if h.Rules != nil {
		out.Rules, err = h.Rules(ctx, q, l, m.Room, m.Start, end)
	}
	return out, err
}

// followTask shows an action as its task stands now: done, or taken by someone since. ref
// is the task the action created ("#4"), "" for none; a task gone is left as recorded.
func (h Hooks) followTask(ctx context.Context, q store.Querier, room bot.Room, ref string, it *minutes.Item, name func(bot.Member) string) error {
	n, ok := taskNumber(ref)
	if !ok || h.Tasks.ByNumber == nil {
		return nil
	}
	t, err := h.Tasks.ByNumber(ctx, q, room, n)
	if errors.Is(err, task.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	it.Done = t.State == task.Done
	if t.Owner.ID != "" {
		it.Owner = name(t.Owner)
	}
	return nil
}

// taskNumber reads an action's task reference, "#4".
func taskNumber(ref string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(ref, "#"))
	return n, err == nil && n > 0 && ref != ""
}

// meetingRounds are the listening rounds that finished during a meeting, with who spoke,
// how often and how long: the minutes show the figures and how evenly time was shared.
func (h Hooks) meetingRounds(ctx context.Context, q store.Querier, room bot.Room, start, end time.Time) ([]minutes.Round, error) {
	if h.Rounds == nil {
		return nil, nil
	}
	reports, err := h.Rounds(ctx, q, room, start, end.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	var out []minutes.Round
	for _, rr := range reports {
		r := minutes.Round{Topic: rr.Report.Topic}
		for _, l := range rr.Report.Lines {
			turns := 0
			if l.Spoke {
				turns = 1
			}
			r.Turns = append(r.Turns, minutes.Turn{Member: l.Member.Display(), Turns: turns, Seconds: l.Used.Seconds()})
		}
		out = append(out, r)
	}
	return out, nil
}

// topics groups events under the topics that opened before them; what came before the
// first topic goes under "General", in l.
func topics(l *words.Lang, events []event) []minutes.Topic {
	var out []minutes.Topic
	for _, e := range events {
		if e.topic != "" {
			out = append(out, minutes.Topic{Title: e.topic})
			continue
		}
		if len(out) == 0 {
			out = append(out, minutes.Topic{Title: l.Say("meetings.topic.general")})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, e.item)
	}
	return out
}

// voteEvents are the room's votes that closed during the meeting (after its start, up to
// its end), as decisions with their tallies. A secret vote shows its count but no names.
func (h Hooks) voteEvents(ctx context.Context, l *words.Lang, q store.Querier, m meeting.Meeting, end time.Time) ([]event, error) {
	if h.Votes.Closed == nil {
		return nil, nil
	}
	closed, err := h.Votes.Closed(ctx, q, m.Room, m.Start.Add(time.Millisecond), end.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	var out []event
	for _, v := range closed {
		// The verdict and the count are worded as the room heard them at the close.
		kind := v.Rules.Kind.Short(l)
		if v.Rules.Secret {
			// as the room was told: no names or reasons, only the count
			kind = l.Say("meetings.vote.secret", "Kind", kind)
		}
		mv := &minutes.Vote{Number: v.Number, Result: vote.Verdict(l, v.Rules, v.Final()), Question: v.Question,
			Kind: kind, Note: vote.RevealNote(l, v.Rules, v.Final())}
		if v.Eligible > 0 {
			mv.Turnout = vote.TurnoutLine(l, v.Rules, v.Final(), true)
		}
		for _, c := range v.FinalCounts {
			mv.Tally = append(mv.Tally, fmt.Sprintf("%d %s", c.N, v.Rules.Text(l, c.Key)))
		}
		if !v.Rules.Secret && h.Votes.Ballots != nil {
			ballots, err := h.Votes.Ballots(ctx, q, v.ID)
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
		text := fmt.Sprintf("%s: %s", v.Title(l), mv.Result)
		out = append(out, event{at: v.ClosedAt, item: minutes.Item{Kind: minutes.Decision, At: v.ClosedAt, Text: text, Vote: mv}})
	}
	return out, nil
}

// outcomes are how the room's votes that closed in [from, to] ended, by number, so that a
// summary counts as decisions only the votes that decided something.
func (h Hooks) outcomes(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) (map[int]vote.Outcome, error) {
	if h.Votes.Closed == nil {
		return nil, nil
	}
	closed, err := h.Votes.Closed(ctx, q, room, from, to.Add(time.Millisecond))
	if err != nil {
		return nil, err
	}
	out := make(map[int]vote.Outcome, len(closed))
	for _, v := range closed {
		out[v.Number] = v.Outcome
	}
	return out, nil
}

// decisionCounts words the decisions among a meeting's items (a !decided, a vote that
// passed or chose) and then the votes that decided nothing, as the vote package words them:
// "2 decisions, 1 vote blocked". A vote whose outcome is unknown is counted as neither.
func decisionCounts(l *words.Lang, topics []minutes.Topic, ended map[int]vote.Outcome) []string {
	decisions := 0
	var undecided []vote.Outcome
	for _, tp := range topics {
		for _, it := range tp.Items {
			switch {
			case it.Kind != minutes.Decision:
			case it.Vote == nil:
				decisions++
			case ended[it.Vote.Number].Decides():
				decisions++
			case ended[it.Vote.Number] != "":
				undecided = append(undecided, ended[it.Vote.Number])
			}
		}
	}
	return append([]string{l.Count("meeting.count.decision", decisions)}, vote.Undecided(l, undecided)...)
}

// assembly names the assembly in the minutes' header: the room; nameAssembly puts the
// configured name in its place.
func assembly(room bot.Room) string { return room.ID }

// nameAssembly heads minutes with the configured assembly name, when there is one.
func nameAssembly(cfg *config.Config, mm *minutes.Meeting) {
	if cfg != nil && cfg.Assembly != "" {
		mm.Assembly = cfg.Assembly
	}
}

// logID is how the minutes point to the full log.
func logID(l *words.Lang, m meeting.Meeting) string {
	if m.Files == "" {
		return l.Say("meetings.log.name", "Number", m.Number)
	}
	return filepath.Base(m.Files) + "." + logExt
}

// BuildDigest gathers the room's meetings that started in [from, to) and the mandates in
// force now into a digest, worded in l (the room's language).
func (h Hooks) BuildDigest(ctx context.Context, l *words.Lang, q store.Querier, room bot.Room, from, to, now time.Time, loc *time.Location) (minutes.Digest, error) {
	dg := minutes.Digest{Assembly: assembly(room), From: from, To: to, Now: now, Location: loc, Lang: l}
	ms, err := MeetingsBetween(ctx, q, room, from, to)
	if err != nil {
		return dg, err
	}
	for _, m := range ms {
		mm, err := h.BuildMeeting(ctx, l, q, m, loc, now)
		if err != nil {
			return dg, err
		}
		dg.Meetings = append(dg.Meetings, mm)
	}
	var active []mandate.Mandate
	if h.Mandates.Active != nil {
		if active, err = h.Mandates.Active(ctx, q, room); err != nil {
			return dg, err
		}
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
	if h.Rules != nil {
		if dg.Rules, err = h.Rules(ctx, q, l, room, from, to); err != nil {
			return dg, err
		}
	}
	if dg.Tasks, err = h.digestTasks(ctx, q, room, ms, from, to, now); err != nil || h.Stories == nil {
		return dg, err
	}
	dg.Stories, dg.Measures, err = h.Stories(ctx, q, room, from, to)
	return dg, err
}

// dueAhead is how far ahead an open task's due time may be for the digest to list it.
const dueAhead = 30 * 24 * time.Hour

// digestTasks are the tasks a digest lists beside its meetings' actions: those created or
// closed in the period, the overdue ones and those due within dueAhead, each once; a task a
// meeting of the digest recorded is shown there, not again.
func (h Hooks) digestTasks(ctx context.Context, q store.Querier, room bot.Room, ms []meeting.Meeting, from, to, now time.Time) ([]minutes.Item, error) {
	t := h.Tasks
	if t.InPeriod == nil || t.Open == nil || t.Items == nil {
		return nil, nil
	}
	inMeetings := map[int]bool{}
	for _, m := range ms {
		items, err := MeetingItems(ctx, q, m.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if n, ok := taskNumber(it.Task); ok {
				inMeetings[n] = true
			}
		}
	}
	period, err := t.InPeriod(ctx, q, room, from, to)
	if err != nil {
		return nil, err
	}
	open, err := t.Open(ctx, q, room)
	if err != nil {
		return nil, err
	}
	for _, tk := range open {
		if !tk.Due.IsZero() && tk.Due.Before(now.Add(dueAhead)) {
			period = append(period, tk)
		}
	}
	seen := map[int]bool{}
	var out []task.Task
	for _, tk := range period {
		if !seen[tk.Number] && !inMeetings[tk.Number] {
			seen[tk.Number] = true
			out = append(out, tk)
		}
	}
	return t.Items(out), nil
}
