// Package vote holds the rules of folkmoot's timed votes, free of chat and storage: the
// kinds and their options, reading the option people type, counting ballots (the latest per
// member) and wording the result. Loomio's decisions are the model: consensus with
// stand-asides and blocks, reasons that travel with the count, quorum, hidden results.
package vote

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"folkmoot/bot"
	"folkmoot/words"
)

// Kind is how a vote decides.
type Kind string

// The kinds of vote.
const (
	Consensus Kind = "consensus"
	Majority  Kind = "majority"
	Choice    Kind = "choice"
)

// Option keys of the consensus and majority kinds; choice options are keyed "1", "2" ...
const (
	Agree   = "agree"
	Aside   = "aside"
	Object  = "object"
	Block   = "block"
	Yes     = "yes"
	No      = "no"
	Abstain = "abstain"
)

// Limits that keep a vote readable in a chat room.
const (
	MinOptions  = 2
	MaxOptions  = 20
	MaxLabel    = 100
	MaxQuestion = 300
	MaxReason   = 500
)

// Error is a problem with what someone typed; its message is safe for the room, in the
// language of whoever asked. It is worded when read: Read fails on most of the runs of words
// it is tried on, and those errors are never shown.
type Error struct{ say func() string }

// Error returns the room-safe message.
func (e *Error) Error() string { return e.say() }

// errSay makes an Error that says what say words.
func errSay(say func() string) *Error { return &Error{say: say} }

// Option is one answer of a vote. Key is what is stored, counted and used as the native
// poll's option ID; Label is what people read.
type Option struct {
	Key   string
	Label string
}

// ParseKind reads a kind name as typed (any case); an error is worded in l.
func ParseKind(l *words.Lang, s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case Consensus, Majority, Choice:
		return k, nil
	}
	return "", errSay(func() string { return l.Say("vote.error.kind", "Typed", clip(s, 30)) })
}

// Name is the kind in l, for a sentence: "consensus vote".
func (k Kind) Name(l *words.Lang) string {
	switch k {
	case Consensus:
		return l.Say("vote.kind.consensus")
	case Majority:
		return l.Say("vote.kind.majority")
	case Choice:
		return l.Say("vote.kind.choice")
	}
	return string(k)
}

// Short is the kind in l in one word, for a list: "consensus".
func (k Kind) Short(l *words.Lang) string {
	switch k {
	case Consensus:
		return l.Say("vote.short.consensus")
	case Majority:
		return l.Say("vote.short.majority")
	case Choice:
		return l.Say("vote.short.choice")
	}
	return string(k)
}

// FixedOptions are the options of the consensus and majority kinds (nil for choice).
func FixedOptions(k Kind) []Option {
	switch k {
	case Consensus:
		return []Option{{Agree, "agree"}, {Aside, "stand aside"}, {Object, "object"}, {Block, "block"}}
	case Majority:
		return []Option{{Yes, "yes"}, {No, "no"}, {Abstain, "abstain"}}
	}
	return nil
}

// ParseOptions reads the options of a choice vote, "pizza|soup|salad": 2 to 20 distinct,
// non-empty labels, keyed "1", "2" ... in the order given. An error is worded in l.
func ParseOptions(l *words.Lang, spec string) ([]Option, error) {
	var out []Option
	seen := map[string]bool{}
	for _, part := range strings.Split(spec, "|") {
		label := strings.Join(strings.Fields(part), " ")
		if label == "" {
			continue
		}
		if utf8.RuneCountInString(label) > MaxLabel {
			return nil, errSay(func() string { return l.Say("vote.error.option_long", "Option", clip(label, 30), "Max", MaxLabel) })
		}
		if seen[strings.ToLower(label)] {
			return nil, errSay(func() string { return l.Say("vote.error.option_twice", "Option", clip(label, 30)) })
		}
		seen[strings.ToLower(label)] = true
		out = append(out, Option{Key: strconv.Itoa(len(out) + 1), Label: label})
	}
	if len(out) < MinOptions || len(out) > MaxOptions {
		got := len(out)
		return nil, errSay(func() string {
			return l.Say("vote.error.options_count", "Min", MinOptions, "Max", MaxOptions, "Got", got)
		})
	}
	// Ballots may name an option by its number, so a label that is another option's number
	// ("2|1": is "1" the first option or the one called 1?) could be read either way.
	for i, o := range out {
		if n, err := strconv.Atoi(o.Label); err == nil && n >= 1 && n <= len(out) && n != i+1 {
			label := o.Label
			return nil, errSay(func() string { return l.Say("vote.error.option_number", "Option", label, "Number", n) })
		}
	}
	return out, nil
}

// Quorum is how many members must vote for a decision: a number, or a percentage of the
// eligible members. The zero Quorum requires nothing.
type Quorum struct {
	N        int
	Percent  bool
	Majority bool // more than half of the eligible members
}

// ParseQuorum reads "5", "40%" or "majority" (more than half); an error is worded in l.
func ParseQuorum(l *words.Lang, s string) (Quorum, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "majority") {
		return Quorum{N: 1, Majority: true}, nil
	}
	pct := strings.HasSuffix(t, "%")
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(t, "%")))
	if err != nil || n < 1 || (pct && n > 100) || n > 100000 {
		return Quorum{}, errSay(func() string { return l.Say("vote.error.quorum", "Typed", clip(s, 30)) })
	}
	return Quorum{N: n, Percent: pct}, nil
}

// IsZero reports whether no quorum is set.
func (q Quorum) IsZero() bool { return q.N == 0 }

// Required is the number of voters the quorum asks for among eligible members; a
// percentage rounds up and asks for at least one.
func (q Quorum) Required(eligible int) int {
	if q.Majority {
		return eligible/2 + 1
	}
	if !q.Percent {
		return q.N
	}
	return max(1, int(math.Ceil(float64(q.N)*float64(eligible)/100-1e-9)))
}

// Text is the quorum for a sentence in l: "5", "40%", "majority".
func (q Quorum) Text(l *words.Lang) string {
	if q.Majority {
		return l.Say("vote.quorum.majority")
	}
	return q.String()
}

// String is the quorum as typed ("5", "40%"), "" when none.
func (q Quorum) String() string {
	switch {
	case q.IsZero():
		return ""
	case q.Majority:
		return "majority"
	case q.Percent:
		return strconv.Itoa(q.N) + "%"
	}
	return strconv.Itoa(q.N)
}

// Rules are what a vote is counted by.
type Rules struct {
	Kind       Kind
	Options    []Option
	MaxChoices int // choice votes: how many options a ballot may pick (1 when unset)
	Quorum     Quorum
	Secret     bool
}

// Option finds an option by key.
func (r Rules) Option(key string) (Option, bool) {
	for _, o := range r.Options {
		if o.Key == key {
			return o, true
		}
	}
	return Option{}, false
}

// Label is an option key's label as stored, or the key itself when unknown. A fixed
// option's stored label is English; Text words it in a room's language.
func (r Rules) Label(key string) string {
	if o, ok := r.Option(key); ok {
		return o.Label
	}
	return key
}

// Text is an option as the room reads it in l: a fixed option's word in l ("stand aside",
// "a un lado"), a choice option's label as its author typed it.
func (r Rules) Text(l *words.Lang, key string) string {
	if r.Kind != Choice {
		switch key {
		case Agree:
			return l.Say("vote.option.agree")
		case Aside:
			return l.Say("vote.option.aside")
		case Object:
			return l.Say("vote.option.object")
		case Block:
			return l.Say("vote.option.block")
		case Yes:
			return l.Say("vote.option.yes")
		case No:
			return l.Say("vote.option.no")
		case Abstain:
			return l.Say("vote.option.abstain")
		}
	}
	return r.Label(key)
}

// maxChoices is how many options one ballot may pick.
func (r Rules) maxChoices() int {
	if r.Kind != Choice || r.MaxChoices < 1 {
		return 1
	}
	return min(r.MaxChoices, len(r.Options))
}

// typedWords are, by language, the words people type for the fixed options (the catalog's
// vote.typed: "agree|agreed", "sí|si"), each to its option key; made once per language.
var typedWords sync.Map // tag -> map[string]string

// typed is the fixed option that the words t (lower case, single spaces) name in l or in
// English, "" when none.
func typed(l *words.Lang, t string) string {
	for _, lang := range []*words.Lang{words.For(words.English), l} {
		if lang == nil {
			continue
		}
		if key := typedIn(lang)[t]; key != "" {
			return key
		}
	}
	return ""
}

func typedIn(l *words.Lang) map[string]string {
	if m, ok := typedWords.Load(l.Tag); ok {
		return m.(map[string]string)
	}
	m := map[string]string{}
	for key, list := range map[string]string{
		Agree: l.Say("vote.typed.agree"), Aside: l.Say("vote.typed.aside"), Object: l.Say("vote.typed.object"),
		Block: l.Say("vote.typed.block"), Yes: l.Say("vote.typed.yes"), No: l.Say("vote.typed.no"),
		Abstain: l.Say("vote.typed.abstain"),
	} {
		for _, w := range strings.Split(list, "|") {
			if w = strings.ToLower(strings.Join(strings.Fields(w), " ")); w != "" {
				m[w] = key
			}
		}
	}
	made, _ := typedWords.LoadOrStore(l.Tag, m)
	return made.(map[string]string)
}

// Read turns what someone typed into option keys. Consensus and majority votes take their
// options' words in English and in l ("agree", "stand aside", "sí"). Choice votes take an
// option's label or number, and several separated by commas when the vote allows more than
// one. An unknown option is an error, worded in l, that lists the valid ones.
func (r Rules) Read(l *words.Lang, typedText string) ([]string, error) {
	t := strings.ToLower(strings.Join(strings.Fields(typedText), " "))
	if r.Kind != Choice {
		if key := typed(l, t); key != "" {
			t = key
		}
		if _, ok := r.Option(t); ok {
			return []string{t}, nil
		}
		return nil, r.unknown(l, typedText)
	}
	if key, ok := r.readChoice(t); ok {
		return []string{key}, nil // a whole label, even one with a comma in it
	}
	var keys []string
	for _, part := range strings.Split(t, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, ok := r.readChoice(part)
		if !ok {
			return nil, r.unknown(l, part)
		}
		if !contains(keys, key) {
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		return nil, r.unknown(l, typedText)
	}
	if most := r.maxChoices(); len(keys) > most {
		picked := len(keys)
		return nil, errSay(func() string { return l.Count("vote.error.too_many", most, "Picked", picked) })
	}
	return keys, nil
}

// readChoice matches a label first (so an option called "2" means that option), then a number.
func (r Rules) readChoice(t string) (string, bool) {
	for _, o := range r.Options {
		if strings.EqualFold(o.Label, t) {
			return o.Key, true
		}
	}
	if _, ok := r.Option(strings.TrimPrefix(t, "#")); ok {
		return strings.TrimPrefix(t, "#"), true
	}
	return "", false
}

func (r Rules) unknown(l *words.Lang, typed string) error {
	return errSay(func() string {
		return l.Say("vote.error.unknown", "Typed", clip(strings.TrimSpace(typed), 40), "Options", r.OptionList(l))
	})
}

// NeedsReason reports whether a ballot with these keys must give a reason: a block always does.
func NeedsReason(keys []string) bool { return contains(keys, Block) }

// CleanReason puts a reason on one line (so it cannot pass for a line of the bot's own) and
// cuts it to MaxReason characters; cut reports whether it was cut.
func CleanReason(s string) (reason string, cut bool) {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= MaxReason {
		return s, false
	}
	return string([]rune(s)[:MaxReason-1]) + "…", true
}

// CleanQuestion puts a question on one line and refuses an empty or overlong one, saying
// why in l.
func CleanQuestion(l *words.Lang, s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", errSay(func() string { return l.Say("vote.error.no_question") })
	}
	if n := utf8.RuneCountInString(s); n > MaxQuestion {
		return "", errSay(func() string { return l.Say("vote.error.long_question", "Length", n, "Max", MaxQuestion) })
	}
	return s, nil
}

// Ballot is one member's answer. Choices empty means a withdrawn answer (a native poll's
// retraction), which counts as not voting.
type Ballot struct {
	Member  string // the stable ID
	Name    string // for showing
	Choices []string
	Reason  string
	At      time.Time
}

// Display is the member's name when it shows something, else the ID, inert as
// bot.Member.Display words it.
func (b Ballot) Display() string { return bot.DisplayName(b.Name, b.Member) }

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// clip echoes typed input on one line, cut short so it cannot flood the room.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
