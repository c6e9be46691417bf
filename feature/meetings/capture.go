package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/meeting"
	"folkmoot/store"
	"folkmoot/timeparse"
)

// itemCommands are the commands that record an item in the running meeting. Only !action
// needs the task recorder, so the rest are plain values.
func itemCommands(record ActionRecorder) []*commands.Command {
	action := &commands.Command{
		Name:     "action",
		Section:  SectionMeetings,
		Synopsis: "<text> [for <member>] [due <when>]",
		Help:     "Records an action in the meeting, with who takes it on and by when; it becomes a task.",
		Examples: []string{"action ask the landlord about the yard for bo due fri 18:00"},
		Run: func(ctx context.Context, r *commands.Request) (bot.Reply, error) {
			return runAction(ctx, r, record)
		},
	}
	return []*commands.Command{cmdTopic, cmdNote, cmdIdea, cmdLink, cmdDecided, cmdDissent, action}
}

var cmdTopic = &commands.Command{
	Name: "topic", Section: SectionMeetings, Synopsis: "<text>",
	Help:     "Opens the next topic of the meeting; what follows is recorded under it.",
	Examples: []string{"topic The courtyard"}, Who: "facilitator-level or the notetaker",
	Guard: notetakerOrFacilitator, Run: simpleItem(meeting.ItemTopic),
}

var cmdNote = &commands.Command{
	Name: "note", Aliases: []string{"info"}, Section: SectionMeetings, Synopsis: "<text>",
	Help: "Records a note in the meeting.", Examples: []string{"note the yard floods after heavy rain"},
	Run: simpleItem(meeting.ItemNote),
}

var cmdIdea = &commands.Command{
	Name: "idea", Section: SectionMeetings, Synopsis: "<text>",
	Help: "Records an idea in the meeting.", Examples: []string{"idea a rain garden by the wall"},
	Run: simpleItem(meeting.ItemIdea),
}

var cmdLink = &commands.Command{
	Name: "link", Section: SectionMeetings, Synopsis: "<url> [text]",
	Help: "Records a link in the meeting, with what it is.", Examples: []string{"link https://example.org/yard-plan the plan of the yard"},
	Run: runLink,
}

var cmdDecided = &commands.Command{
	Name: "decided", Aliases: []string{"agreed"}, Section: SectionMeetings, Synopsis: "<text>",
	Help:     "Records a decision in the meeting. Votes that close during the meeting are added by themselves.",
	Examples: []string{"decided we plant three trees in spring"}, Who: "facilitator-level or the notetaker",
	Guard: notetakerOrFacilitator, Run: simpleItem(meeting.ItemDecision),
}

var cmdDissent = &commands.Command{
	Name: "dissent", Section: SectionMeetings, Synopsis: "<text>",
	Help:     "Records your opposing view in the meeting; it stays in the minutes and is never removed.",
	Examples: []string{"dissent three trees will shade the vegetable beds"},
	Run:      simpleItem(meeting.ItemDissent),
}

var cmdPresent = &commands.Command{
	Name: "present", Section: SectionMeetings,
	Help:     "Marks you present at the meeting (anyone who speaks is marked present too).",
	Examples: []string{"present"}, Run: runPresent,
}

var cmdUndo = &commands.Command{
	Name: "undo", Section: SectionMeetings,
	Help:     "Takes back the last item recorded in the meeting; dissent is never taken back.",
	Examples: []string{"undo"}, Who: "facilitator-level or the notetaker",
	Guard: notetakerOrFacilitator, Run: runUndo,
}

// itemText reads an item's free text: required, and of bounded length.
func itemText(r *commands.Request, from int) (string, error) {
	text := strings.TrimSpace(r.Args.Rest(from))
	if text == "" {
		return "", commands.Usagef("say what to record")
	}
	if n := len([]rune(text)); n > maxText {
		return "", commands.Userf("That is %d characters; please keep an item under %d (split it in two).", n, maxText)
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
			return bot.Text(fmt.Sprintf("Topic: “%s”.", clip(text, 120))), nil
		case meeting.ItemDecision:
			return bot.Text(fmt.Sprintf("Decided: “%s”.", clip(text, 120))), nil
		case meeting.ItemDissent:
			return bot.Text(fmt.Sprintf("Dissent of %s recorded; it stays in the minutes.", r.Sender.Display())), nil
		}
		if kind == meeting.ItemNote {
			return bot.Text("Noted."), nil
		}
		return bot.Text(fmt.Sprintf("%s noted.", upper(meeting.KindWord(kind)))), nil
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
		return m, commands.Userf("No meeting is running here; the facilitator-level starts one with %smeeting start [title].", r.Prefix())
	}
	return m, err
}

func runLink(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Reply{}, commands.Usagef("say the address")
	}
	raw := r.Args.Words[0]
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(raw) > maxText {
		return bot.Reply{}, commands.Userf("“%s” is not a web address; links start with https:// or http://.", clip(raw, 60))
	}
	text := strings.TrimSpace(r.Args.Rest(1))
	if n := len([]rune(text)); n > maxText {
		return bot.Reply{}, commands.Userf("Please keep a link's text under %d characters.", maxText)
	}
	it := meeting.Item{Kind: meeting.ItemLink, Text: text, URL: raw, By: r.Sender, At: r.At}
	if _, err := record(ctx, r, &it, nil); err != nil {
		return bot.Reply{}, err
	}
	return bot.Text("Link noted."), nil
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
	return bot.Text(fmt.Sprintf("%s is present.", r.Sender.Display())), nil
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
			return nothingToUndo(ctx, tx, m.ID)
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
	reply := fmt.Sprintf("Took back the %s “%s”.", meeting.KindWord(it.Kind), clip(text, 120))
	if it.Task != "" {
		reply += fmt.Sprintf(" Its task %s stays; close it with the task commands if it is not wanted.", it.Task)
	}
	return bot.Text(reply), nil
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
		return bot.Reply{}, commands.Usagef("say what is to be done")
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
	reply := fmt.Sprintf("Action: “%s”", clip(text, 120))
	if it.Owner.ID != "" {
		reply += " — " + it.Owner.Display()
	} else {
		reply += " — nobody yet"
	}
	if !it.Due.IsZero() {
		reply += ", due " + r.Time(it.Due)
	}
	reply += "."
	if it.Task != "" {
		reply += " Task " + it.Task + "."
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

// upper capitalises a word of ASCII.
func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
