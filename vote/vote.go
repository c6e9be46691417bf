// Package vote holds the rules of folkmoot's timed votes, free of chat and storage: the
// kinds and their options, reading the option people type, counting ballots (the latest per
// member) and wording the result. Loomio's decisions are the model: consensus with
// stand-asides and blocks, reasons that travel with the count, quorum, hidden results.
package vote

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"folkmoot/bot"
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

// Error is a problem with what someone typed; its message is safe for the room.
type Error struct{ msg string }

// Error returns the room-safe message.
func (e *Error) Error() string { return e.msg }

func errf(format string, args ...any) *Error { return &Error{msg: fmt.Sprintf(format, args...)} }

// Option is one answer of a vote. Key is what is stored, counted and used as the native
// poll's option ID; Label is what people read.
type Option struct {
	Key   string
	Label string
}

// ParseKind reads a kind name as typed (any case).
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case Consensus, Majority, Choice:
		return k, nil
	}
	return "", errf("“%s” is not a kind of vote: use consensus, majority or choice.", clip(s, 30))
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
// non-empty labels, keyed "1", "2" ... in the order given.
func ParseOptions(spec string) ([]Option, error) {
	var out []Option
	seen := map[string]bool{}
	for _, part := range strings.Split(spec, "|") {
		label := strings.Join(strings.Fields(part), " ")
		if label == "" {
			continue
		}
		if utf8.RuneCountInString(label) > MaxLabel {
			return nil, errf("The option “%s” is too long: keep each option under %d characters.", clip(label, 30), MaxLabel)
		}
		if seen[strings.ToLower(label)] {
			return nil, errf("The option “%s” is given twice.", clip(label, 30))
		}
		seen[strings.ToLower(label)] = true
		out = append(out, Option{Key: strconv.Itoa(len(out) + 1), Label: label})
	}
	if len(out) < MinOptions || len(out) > MaxOptions {
		return nil, errf("A choice vote needs %d to %d options separated by |, like --options \"pizza|soup|salad\" (got %d).", MinOptions, MaxOptions, len(out))
	}
	// Ballots may name an option by its number, so a label that is another option's number
	// ("2|1": is "1" the first option or the one called 1?) could be read either way.
	for i, o := range out {
		if n, err := strconv.Atoi(o.Label); err == nil && n >= 1 && n <= len(out) && n != i+1 {
			return nil, errf("The option “%s” is also the number of option %d, so a ballot “%s” could mean either: "+
				"put number options in their own place (1|2|3) or give them words (“1 day|2 days”).", o.Label, n, o.Label)
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

// ParseQuorum reads "5", "40%" or "majority" (more than half).
func ParseQuorum(s string) (Quorum, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "majority") {
		return Quorum{N: 1, Majority: true}, nil
	}
	pct := strings.HasSuffix(t, "%")
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(t, "%")))
	if err != nil || n < 1 || (pct && n > 100) || n > 100000 {
		return Quorum{}, errf("I couldn't read the quorum “%s”: give a number of members like 5, a share of the members like 40%%, or majority.", clip(s, 30))
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

// Label is an option key's label, or the key itself when unknown.
func (r Rules) Label(key string) string {
	if o, ok := r.Option(key); ok {
		return o.Label
	}
	return key
}

// maxChoices is how many options one ballot may pick.
func (r Rules) maxChoices() int {
	if r.Kind != Choice || r.MaxChoices < 1 {
		return 1
	}
	return min(r.MaxChoices, len(r.Options))
}

// aliases are the other words people type for the fixed options.
var aliases = map[string]string{
	"stand-aside": Aside, "standaside": Aside, "stand aside": Aside, "objection": Object,
	"agreed": Agree, "blocked": Block, "y": Yes, "n": No, "abstention": Abstain,
}

// Read turns what someone typed into option keys. Choice votes take an option's label or
// number, and several separated by commas when the vote allows more than one. An unknown
// option is an error that lists the valid ones.
func (r Rules) Read(typed string) ([]string, error) {
	t := strings.ToLower(strings.Join(strings.Fields(typed), " "))
	if r.Kind != Choice {
		if a, ok := aliases[t]; ok {
			t = a
		}
		if _, ok := r.Option(t); ok {
			return []string{t}, nil
		}
		return nil, r.unknown(typed)
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
			return nil, r.unknown(part)
		}
		if !contains(keys, key) {
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		return nil, r.unknown(typed)
	}
	if most := r.maxChoices(); len(keys) > most {
		return nil, errf("This vote allows %s; you picked %d.", plural(most, "option", "options"), len(keys))
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

func (r Rules) unknown(typed string) error {
	return errf("“%s” is not an option of this vote. The options are: %s.", clip(strings.TrimSpace(typed), 40), r.OptionList())
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

// CleanQuestion puts a question on one line and refuses an empty or overlong one.
func CleanQuestion(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", errf("The vote needs a question, in quotes, like \"Buy a projector?\"")
	}
	if n := utf8.RuneCountInString(s); n > MaxQuestion {
		return "", errf("The question is %d characters long; keep it under %d (details can go in the discussion).", n, MaxQuestion)
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

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
