// Package task reads what people type about tasks, with no store and no bot runtime:
// "!task add <text> [for <member>] [due <when>]" taken apart, and task numbers.
package task

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"folkmoot/bot"
)

// MaxText is the most characters a task's text may have; details belong in the discussion.
const MaxText = 300

// Error is a mistake in what was typed; its text is safe for the room.
type Error string

func (e Error) Error() string { return string(e) }

// RoomSafe marks the error as showable in the room.
func (Error) RoomSafe() {}

// Parts are the pieces of "!task add": the text, who it is for and when it is due, as typed.
type Parts struct {
	Text string
	For  string // a member as typed, "" for nobody yet
	Due  string // a time as typed, "" for no due time
}

// SplitAdd takes "<text> [for <member>] [due <when>]" apart (for and due in either order).
// "for" takes one word (a name or an ID), so "buy paint for the hall" keeps its words; the
// due time is everything after the last " due ". A text in quotes is taken whole, so a task
// may say "for" or "due" itself: `"ask for the due date" for bo`.
func SplitAdd(raw string) (Parts, error) {
	raw = strings.Join(strings.Fields(bot.Inert(raw)), " ")
	var p Parts
	var quoted bool
	if raw != "" && strings.ContainsRune(`"'`, rune(raw[0])) {
		if end := strings.IndexByte(raw[1:], raw[0]); end >= 0 {
			p.Text, raw, quoted = raw[1:end+1], " "+raw[end+2:], true
		}
	} else {
		raw = " " + raw
	}
	for range 2 {
		if p.For == "" {
			if i := lastWord(raw, " for "); i >= 0 {
				if who := strings.TrimSpace(raw[i+5:]); who != "" && !strings.ContainsAny(who, " \t") {
					p.For, raw = who, raw[:i]
					continue
				}
			}
		}
		if p.Due == "" {
			if i := lastWord(raw, " due "); i >= 0 {
				p.Due, raw = strings.TrimSpace(raw[i+5:]), raw[:i]
				if p.Due == "" {
					return p, Error("Say when it is due after “due”, like due fri 18:00 or due 5 dec.")
				}
			}
		}
	}
	if strings.HasSuffix(strings.ToLower(raw), " due") {
		return p, Error("Say when it is due after “due”, like due fri 18:00 or due 5 dec.")
	}
	if !quoted {
		p.Text = raw
	} else if strings.TrimSpace(raw) != "" {
		return p, Error("After the quoted text, only “for <member>” and “due <when>” may follow.")
	}
	text, err := CleanText(p.Text)
	p.Text = text
	return p, err
}

// CleanText makes a person's task text one inert line, and refuses an empty or long one.
func CleanText(s string) (string, error) {
	s = strings.Join(strings.Fields(bot.Inert(s)), " ")
	switch {
	case s == "":
		return "", Error("Say what the task is, like: buy paint for the hall for bo due fri.")
	case utf8.RuneCountInString(s) > MaxText:
		return "", Error("Please keep a task under " + strconv.Itoa(MaxText) + " characters; details can go in the discussion.")
	}
	return s, nil
}

// lastWord is the index of the last occurrence of sub (" for ") ignoring ASCII case.
func lastWord(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// ParseNumber reads a task number as typed: "3" or "#3".
func ParseNumber(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	return n, err == nil && n > 0
}
