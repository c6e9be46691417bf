// Package task is the assembly's tasks with no store and no bot runtime: what a task is
// (stored.go), and what people type about tasks: "!task add <text> [for <member>] [due
// <when>]" taken apart, and task numbers.
package task

import (
	"embed"
	"strconv"
	"strings"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/words"
)

// wording is what task says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

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
// What follows "for" is the member when it is one word (a name or an ID), a quoted name
// (`for "Mary Jane"`, “smart” quotes too), or a name isMember knows (`for Mary Jane`, when a
// member is called that); otherwise it stays part of the text, so "buy paint for the hall"
// keeps its words. The due time is everything after the last "due". A text in quotes is
// taken whole, so a task may say "for" or "due" itself: `"ask for the due date" for bo`.
// isMember may be nil: then only one word or a quoted name is a member. A refusal is in l;
// the keywords "for" and "due" are English in every language.
func SplitAdd(l *words.Lang, raw string, isMember func(string) bool) (Parts, error) {
	// Broken UTF-8 is made valid first: two parts cut from it could otherwise join into a
	// character (a bidi override) when shown side by side.
	raw = strings.Join(strings.Fields(bot.Inert(strings.ToValidUTF8(raw, "\uFFFD"))), " ")
	ws := splitWords(raw)
	end := len(ws) // the words from end on are taken by for or due
	var p Parts
	for range 2 {
		if p.For == "" {
			if i := lastKeyword(ws[:end], "for"); i >= 0 && i+1 < end {
				tail := ws[i+1 : end]
				who := raw[tail[0].start:tail[len(tail)-1].end]
				switch {
				case len(tail) == 1:
					p.For, end = tail[0].text, i
					continue
				case isMember != nil && isMember(who):
					p.For, end = who, i
					continue
				}
			}
		}
		if p.Due == "" {
			if i := lastKeyword(ws[:end], "due"); i >= 0 {
				if i+1 == end {
					return p, Error(l.Say("task.due_missing"))
				}
				p.Due, end = raw[ws[i+1].start:ws[end-1].end], i
			}
		}
	}
	switch {
	case end > 0 && ws[0].quoted && end > 1:
		return p, Error(l.Say("task.after_quote"))
	case end > 0 && ws[0].quoted:
		p.Text = ws[0].text
	case end > 0:
		p.Text = raw[ws[0].start:ws[end-1].end]
	}
	text, err := CleanText(l, p.Text)
	p.Text = text
	return p, err
}

// word is a word of a text, or a phrase in quotes, with where it stands in the text.
type word struct {
	text       string // without its quotes
	quoted     bool
	start, end int // byte offsets in the text, quotes included
}

// quoteFamilies are the quotes that may open and close a phrase: any of a family closes a
// phrase another of it opened, since phones and keyboards pair them differently.
var quoteFamilies = []string{`"“”„«»`, `'‘’‚`, "「」", "『』"}

// splitWords splits single-spaced text into words, keeping a quoted phrase as one word. A quote
// opens a phrase only at the start of a word and only when a quote of its family closes it
// at the end of a word; otherwise it is an ordinary character (rock 'n' roll, Ana’s door).
func splitWords(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		if s[i] == ' ' {
			i++
			continue
		}
		if w, ok := quoted(s, i); ok {
			out = append(out, w)
			i = w.end
			continue
		}
		end := strings.IndexByte(s[i:], ' ')
		if end < 0 {
			end = len(s) - i
		}
		out = append(out, word{text: s[i : i+end], start: i, end: i + end})
		i += end
	}
	return out
}

// quoted reads a phrase in quotes starting at i, if one does.
func quoted(s string, i int) (word, bool) {
	open, size := utf8.DecodeRuneInString(s[i:])
	for _, family := range quoteFamilies {
		if !strings.ContainsRune(family, open) {
			continue
		}
		for j := i + size; j < len(s); {
			r, n := utf8.DecodeRuneInString(s[j:])
			if strings.ContainsRune(family, r) && j > i+size && (j+n == len(s) || s[j+n] == ' ') {
				return word{text: s[i+size : j], quoted: true, start: i, end: j + n}, true
			}
			j += n
		}
	}
	return word{}, false
}

// lastKeyword is the index of the last unquoted word that is kw in any case, or -1.
func lastKeyword(ws []word, kw string) int {
	for i := len(ws) - 1; i >= 0; i-- {
		if !ws[i].quoted && strings.EqualFold(ws[i].text, kw) {
			return i
		}
	}
	return -1
}

// CleanText makes a person's task text one inert line, and refuses an empty or long one, in
// l.
func CleanText(l *words.Lang, s string) (string, error) {
	s = strings.Join(strings.Fields(bot.Inert(s)), " ")
	switch {
	case s == "":
		return "", Error(l.Say("task.empty"))
	case utf8.RuneCountInString(s) > MaxText:
		return "", Error(l.Say("task.too_long", "Max", MaxText))
	}
	return s, nil
}

// ParseNumber reads a task number as typed: "3" or "#3".
func ParseNumber(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	return n, err == nil && n > 0
}
