package meetings

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/meeting"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// itemCommands are the commands that record an item in the running meeting. Only !action
// needs the task recorder, so the rest are plain values. Their help is in the catalog
// (help.action, help.topic, …).
func itemCommands(record ActionRecorder) []*commands.Command {
	action := &commands.Command{
		Name:    "action",
		Section: SectionMeetings,
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			return runAction(ctx, r, record)
		},
	}
	return []*commands.Command{cmdTopic, cmdNote, cmdIdea, cmdLink, cmdDecided, cmdDissent, action}
}

var cmdTopic = &commands.Command{
	Name: "topic", Section: SectionMeetings, Guard: notetakerOrFacilitator, Run: simpleItem(meeting.ItemTopic),
}

var cmdNote = &commands.Command{
	Name: "note", Aliases: []string{"info"}, Section: SectionMeetings, Run: simpleItem(meeting.ItemNote),
}

var cmdIdea = &commands.Command{
	Name: "idea", Section: SectionMeetings, Run: simpleItem(meeting.ItemIdea),
}

var cmdLink = &commands.Command{
	Name: "link", Section: SectionMeetings, Run: runLink,
}

var cmdDecided = &commands.Command{
	Name: "decided", Aliases: []string{"agreed"}, Section: SectionMeetings, Guard: notetakerOrFacilitator,
	Run: simpleItem(meeting.ItemDecision),
}

var cmdDissent = &commands.Command{
	Name: "dissent", Section: SectionMeetings, Run: simpleItem(meeting.ItemDissent),
}

var cmdPresent = &commands.Command{
	Name: "present", Section: SectionMeetings, Run: runPresent,
}

var cmdUndo = &commands.Command{
	Name: "undo", Section: SectionMeetings, Guard: notetakerOrFacilitator, Run: runUndo,
}

// itemText reads an item's free text: required, and of bounded length.
func itemText(r *commands.Request, from int) (string, error) {
	text := strings.TrimSpace(r.Args.Rest(from))
	if text == "" {
		return "", commands.Usagef("%s", r.Lang.Say("meetings.item.empty"))
	}
	if n := len([]rune(text)); n > maxText {
		return "", commands.Userf("%s", r.Lang.Say("meetings.item.too_long", "Length", n, "Max", maxText))
	}
	return text, nil
}

// simpleItem records the command's text as an item of a kind.
func simpleItem(kind string) func(context.Context, *commands.Request) (bot.Reply, error) {
	return func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
		text, err := itemText(r, 0)
		if err != nil {
			return bot.Reply{}, err
		}
		it := meeting.Item{Kind: kind, Text: text, By: r.Sender, At: r.At}
		if _, err := record(ctx, r, &it, nil); err != nil {
			return bot.Reply{}, err
		}
		switch kind {
		case meeting.ItemTopic:
			return bot.Text(r.Lang.Say("meetings.item.topic", "Text", clip(text, 120))), nil
		case meeting.ItemDecision:
			return bot.Text(r.Lang.Say("meetings.item.decided", "Text", clip(text, 120))), nil
		case meeting.ItemDissent:
			return bot.Text(r.Lang.Say("meetings.item.dissent", "Member", r.Sender.Display())), nil
		case meeting.ItemIdea:
			return bot.Text(r.Lang.Say("meetings.item.idea")), nil
		}
		return bot.Text(r.Lang.Say("meetings.item.note")), nil
	}
}

// record stores an item in the room's running meeting, with then (when set) in the same
// transaction; it answers when no meeting runs, and then nothing is stored.
func record(ctx context.Context, r *commands.Request, it *meeting.Item, then func(tx *sql.Tx) error) (meeting.Meeting, error) {
	var m meeting.Meeting
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		var err error
		if m, err = runningMeeting(ctx, r, tx); err != nil {
			return err
		}
		if then != nil {
			if err := then(tx); err != nil {
				return err
			}
		}
		// Whoever records something is there, even where the log hook sees no message.
		if err := MarkPresent(ctx, tx, m.ID, r.Sender, r.At); err != nil {
			return err
		}
		return AddMeetingItem(ctx, tx, m.ID, it)
	})
	return m, err
}

// runningMeeting is the room's running meeting, or the room-safe answer that none runs.
func runningMeeting(ctx context.Context, r *commands.Request, q store.Querier) (meeting.Meeting, error) {
	m, err := RunningMeeting(ctx, q, r.Room)
	if errors.Is(err, ErrNoMeeting) {
		return m, commands.Userf("%s", r.Lang.Say("meetings.item.no_meeting", "Command", r.Prefix()+"meeting start"))
	}
	return m, err
}

func runLink(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("meetings.link.empty"))
	}
	raw := r.Args.Words[0]
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxText {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("meetings.link.not_web", "Typed", clip(raw, 60)))
	}
	text := strings.TrimSpace(r.Args.Rest(1))
	if n := len([]rune(text)); n > maxText {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("meetings.link.too_long", "Max", maxText))
	}
	it := meeting.Item{Kind: meeting.ItemLink, Text: text, URL: raw, By: r.Sender, At: r.At}
	if _, err := record(ctx, r, &it, nil); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("meetings.link.noted")), nil
}

func runPresent(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		m, err := runningMeeting(ctx, r, tx)
		if err != nil {
			return err
		}
		return MarkPresent(ctx, tx, m.ID, r.Sender, r.At)
	})
	if err != nil {
		return bot.Reply{}, err
	}
	return bot.Text(r.Lang.Say("meetings.present.marked", "Member", r.Sender.Display())), nil
}

func runUndo(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	var it meeting.Item
	err := store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		m, err := runningMeeting(ctx, r, tx)
		if err != nil {
			return err
		}
		it, err = UndoMeetingItem(ctx, tx, m.ID)
		if errors.Is(err, ErrNoItem) {
			return nothingToUndo(ctx, r.Lang, tx, m.ID)
		}
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	text := it.Text
	if it.Kind == meeting.ItemLink && text == "" {
		text = it.URL
	}
	reply := tookBack(r.Lang, it.Kind, clip(text, 120))
	if it.Task != "" {
		reply += " " + r.Lang.Say("meetings.undo.task", "Task", it.Task)
	}
	return bot.Text(reply), nil
}

// tookBack says which item !undo took back: a message for each kind, since the article and
// the agreement differ by kind in most languages ("la idea", "el enlace").
func tookBack(l *words.Lang, kind, text string) string {
	switch kind {
	case meeting.ItemTopic:
		return l.Say("meetings.undo.topic", "Text", text)
	case meeting.ItemIdea:
		return l.Say("meetings.undo.idea", "Text", text)
	case meeting.ItemLink:
		return l.Say("meetings.undo.link", "Text", text)
	case meeting.ItemDecision:
		return l.Say("meetings.undo.decision", "Text", text)
	case meeting.ItemAction:
		return l.Say("meetings.undo.action", "Text", text)
	}
	return l.Say("meetings.undo.note", "Text", text)
}

func runAction(ctx context.Context, r *commands.Request, recordTask ActionRecorder) (bot.Reply, error) {
	if _, err := itemText(r, 0); err != nil {
		return bot.Reply{}, err
	}
	members, err := facts.LoadDirectory(ctx, r.Tx, r.Transport, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	text, who, when := parseAction(r.Args.Rest(0), members.Knows)
	if text == "" {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("meetings.action.empty"))
	}
	it := meeting.Item{Kind: meeting.ItemAction, Text: text, By: r.Sender, At: r.At}
	if who != "" {
		owner, err := members.Resolve(who)
		if err != nil {
			return bot.Reply{}, err
		}
		it.Owner = owner
	}
	if when != "" {
		due, err := timeparse.ParseUntil(r.Lang, when, r.At, r.Loc)
		if err != nil {
			return bot.Reply{}, err
		}
		it.Due = due
	}
	_, err = record(ctx, r, &it, func(tx *sql.Tx) error {
		if recordTask == nil {
			return nil
		}
		id, err := recordTask(ctx, r.Env, tx, r.Room, it.Text, it.Owner, it.Due)
		it.Task = id
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	owner := r.Lang.Say("meetings.action.nobody")
	if it.Owner.ID != "" {
		owner = it.Owner.Display()
	}
	reply := r.Lang.Say("meetings.action.recorded", "Text", clip(text, 120), "Owner", owner)
	if !it.Due.IsZero() {
		reply = r.Lang.Say("meetings.action.recorded_due", "Text", clip(text, 120), "Owner", owner, "Due", r.Time(it.Due))
	}
	if it.Task != "" {
		reply += " " + r.Lang.Say("meetings.action.task", "Task", it.Task)
	}
	if it.Owner.ID != "" && it.Owner.ID != r.Sender.ID {
		return bot.Mentioning(reply, it.Owner), nil
	}
	return bot.Text(reply), nil
}

// parseAction splits "<text> [for <member>] [due <when>]": the last " due " starts the due
// time, and a last " for " followed by a single word, a quoted name or a name isMember knows
// (nil: none) names the member, so "paint for the door" stays text. Either may be missing.
func parseAction(raw string, isMember func(string) bool) (text, who, when string) {
	text = strings.TrimSpace(raw)
	if i := lastWordIndex(text, "due"); i >= 0 {
		text, when = strings.TrimSpace(text[:i]), strings.TrimSpace(text[i+len("due"):])
	}
	if i := lastWordIndex(text, "for"); i >= 0 {
		rest := strings.TrimSpace(text[i+len("for"):])
		if rest != "" && (!strings.ContainsAny(rest, " \t\n") || facts.Unquote(rest) != rest || isMember != nil && isMember(rest)) {
			text, who = strings.TrimSpace(text[:i]), rest
		}
	}
	return text, who, when
}

// lastWordIndex finds the last place word (ASCII, lower-case) stands alone after some text,
// ignoring ASCII case; -1 when it does not. A word at the very start is the text itself, not
// a keyword. It compares bytes, so offsets stay those of s whatever its encoding.
func lastWordIndex(s, word string) int {
	for i := len(s) - len(word); i > 0; i-- {
		if !asciiFold(s[i:i+len(word)], word) {
			continue
		}
		after := byte(' ')
		if i+len(word) < len(s) {
			after = s[i+len(word)]
		}
		if isSpace(s[i-1]) && isSpace(after) {
			return i
		}
	}
	return -1
}

// asciiFold reports whether s equals the lower-case ASCII word, ignoring ASCII case.
func asciiFold(s, word string) bool {
	for i := 0; i < len(word); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != word[i] {
			return false
		}
	}
	return true
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }
