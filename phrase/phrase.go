// Package phrase words what every feature says the same way: durations, counts, lists and
// people's text echoed back. One phraser each, so "in 2 days" reads alike everywhere, in
// the room's language (a nil *words.Lang is English).
package phrase

import (
	"embed"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"folkmoot/words"
)

// Plural is "1 vote" or "3 votes"; many is the plural form ("" adds an s).
func Plural(n int, one, many string) string {
	if many == "" {
		many = one + "s"
	}
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Duration phrases a span of time at the precision people use: minutes below an hour, hours
// and minutes below two, hours below two days (exactly one day is "1 day"), days and hours
// below two weeks, then whole weeks or days as typed (a limit of "90 days"), else weeks, below
// half a year, then months, then years (whole years as typed).
func Duration(l *words.Lang, d time.Duration) string { return duration(l, d, "phrase.unit.") }

// duration is Duration with its unit words from the messages units+"minute" and so on: after
// a preposition some languages change them (German "in 5 Tagen", Arabic "بعد يومين").
func duration(l *words.Lang, d time.Duration, units string) string {
	if d < 0 {
		d = -d
	}
	const day = 24 * time.Hour
	unit := func(n int, one string) string { return l.Count(units+one, n) }
	pair := func(first, second string) string { return l.Say(units+"pair", "First", first, "Second", second) }
	if d < 2*time.Hour {
		d = d.Round(time.Minute) // 59m40s is an hour, not "60 minutes"
	}
	switch {
	case d >= 365*day && d%(365*day) == 0:
		return unit(int(d/(365*day)), "year")
	case d >= 730*day:
		return unit(int(math.Round(d.Hours()/24/365.25)), "year")
	case d >= 26*7*day:
		return unit(int(math.Round(d.Hours()/24/30.44)), "month")
	case d >= 7*day && d%(7*day) == 0:
		return unit(int(d/(7*day)), "week")
	case d >= 14*day && d < 13*7*day && d%day == 0:
		return unit(int(d/day), "day")
	case d >= 14*day:
		return unit(int(math.Round(d.Hours()/24/7)), "week")
	case d >= 48*time.Hour || d == day:
		h := int((d + 30*time.Minute) / time.Hour)
		if h%24 == 0 {
			return unit(h/24, "day")
		}
		return pair(unit(h/24, "day"), unit(h%24, "hour"))
	case d >= 2*time.Hour:
		return unit(int((d+30*time.Minute)/time.Hour), "hour")
	case d >= time.Hour:
		d = d.Round(time.Minute)
		h, m := int(d/time.Hour), int((d%time.Hour)/time.Minute)
		if m == 0 {
			return unit(h, "hour")
		}
		return pair(unit(h, "hour"), unit(m, "minute"))
	}
	return unit(max(int(d.Round(time.Minute)/time.Minute), 1), "minute")
}

// Relative says how far t is from now: "in 2 days", "3 hours ago", "just now". A time at or
// before now never reads as "in …", so a late notice never promises what has passed.
func Relative(l *words.Lang, t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > 0 && d < time.Minute:
		return l.Say("phrase.relative.soon")
	case d > 0:
		return l.Say("phrase.relative.in", "Span", duration(l, d, "phrase.relative.unit."))
	case d > -time.Minute:
		return l.Say("phrase.relative.now")
	}
	return l.Say("phrase.relative.ago", "Span", duration(l, -d, "phrase.relative.unit."))
}

// Clip makes a person's text fit in n runes on one line: runs of white space (newlines
// included) become one space, and a longer text ends with "…".
func Clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// List joins items as people write them: "a", "a and b", "a, b and c".
func List(l *words.Lang, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return l.Say("phrase.list.last", "Rest", strings.Join(items[:len(items)-1], l.Say("phrase.list.comma")), "Last", items[len(items)-1])
}

// Either joins alternatives as people write them: "a", "a or b", "a, b or c".
func Either(l *words.Lang, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return l.Say("phrase.list.or", "Rest", strings.Join(items[:len(items)-1], l.Say("phrase.list.comma")), "Last", items[len(items)-1])
}

// UpperFirst capitalises the first letter (a rune, not a byte).
func UpperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// Summarise keeps the first n items of a long list and says how many more there are and
// where to see them: ["a", "b", "… and 40 more: !votes"]. A reply never grows with the room.
func Summarise(l *words.Lang, items []string, n int, seeAll string) []string {
	if len(items) <= n {
		return items
	}
	return append(items[:n:n], l.Count("phrase.more", len(items)-n, "Command", seeAll))
}

// Number words a measured value the same way in the room and on paper: without needless
// digits (14, 2.5, 0.333), a huge one in exponent form (1e+308, not 309 digits), and one that
// is not finite (stored before readings were checked) as what it is: ∞, −∞, "not a number".
func Number(l *words.Lang, v float64) string {
	switch {
	case math.IsNaN(v):
		return l.Say("phrase.number.nan")
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case math.Abs(v) >= 1e15: // rounding to the thousandth would overflow or lose digits
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	return strings.Replace(strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64), ".", l.Say("phrase.number.decimal"), 1)
}

// Near is a known word that a mistyped one may mean: Word is what is compared, Shown what is
// said ("vote" for the alias "poll"), Of the thing it names (of several words of one thing,
// only the nearest is said).
type Near struct{ Word, Shown, Of string }

// Nearest ranks the known words close enough to a mistyped one, nearest first, one per
// thing, as Shown. Case and accents do not count; two swapped letters ("stauts"), the
// commonest slip, come before a letter too many ("stats"), so distances are counted in half
// steps; a word the typed one begins (3 letters or more) is one step away.
func Nearest(typed string, known []Near) []string {
	typed = strings.ToLower(typed)
	if utf8.RuneCountInString(typed) < 2 {
		return nil // one letter is too little to guess from
	}
	type near struct {
		Near
		half int
	}
	var found []near
	bare := words.WithoutMarks(typed)
	for _, k := range known {
		w := strings.ToLower(k.Word)
		half := 2 * EditDistance(typed, w)
		if b := words.WithoutMarks(w); bare != typed || b != w {
			half = min(half, 2*EditDistance(bare, b))
		}
		if strings.HasPrefix(w, typed) && len(typed) >= 3 {
			half = min(half, 2)
		}
		if half > 0 && SameLetters(typed, w) {
			half = min(half, 1)
		}
		if half < 6 && (half+1)/2 <= max(1, len(typed)/2) {
			found = append(found, near{k, half})
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		if a.half != b.half {
			return a.half - b.half
		}
		return strings.Compare(a.Shown, b.Shown) // deterministic among equals
	})
	var out []string
	seen := map[string]bool{}
	for _, f := range found {
		if !seen[f.Of] {
			seen[f.Of] = true
			out = append(out, f.Shown)
		}
	}
	return out
}

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// SameLetters reports whether a and b hold the same letters, perhaps in another order.
func SameLetters(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	slices.Sort(ra)
	slices.Sort(rb)
	return slices.Equal(ra, rb)
}

// wording is what phrase says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
