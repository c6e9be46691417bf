package story

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"folkmoot/phrase"
	"folkmoot/words"
)

// sparkRunes are the eight heights of a text sparkline, lowest first.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// sparkGap stands in a sparkline for a value that is not a number at all (an infinity or NaN
// stored before readings were checked): it has no height.
const sparkGap = '·'

// Sparkline draws values as a line of block characters (▁▂▅▇), scaled from the lowest to
// the highest finite value; a flat series is drawn at mid height. Any float64 is safe: one
// that is not finite is drawn as a gap.
func Sparkline(values []float64) string {
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	for _, v := range values {
		if finite(v) {
			lo, hi, any = math.Min(lo, v), math.Max(hi, v), true
		}
	}
	var b strings.Builder
	for _, v := range values {
		switch {
		case !any || !finite(v):
			b.WriteRune(sparkGap)
		case hi > lo:
			// halves, so that the range of two huge values of opposite sign does not overflow
			i := int(math.Round((v/2 - lo/2) / (hi/2 - lo/2) * float64(len(sparkRunes)-1)))
			b.WriteRune(sparkRunes[min(max(i, 0), len(sparkRunes)-1)])
		default:
			b.WriteRune(sparkRunes[len(sparkRunes)/2])
		}
	}
	return b.String()
}

// finite reports whether v is a number (neither infinite nor NaN).
func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// MaxReading bounds a reading's size: 12 digits before the point, far beyond any count or
// measure of a neighbourhood, and well inside what a float64 holds exactly to the thousandth,
// so every sum, difference and chart of readings stays finite.
const MaxReading = 1e12

// InRange reports whether a reading is a finite number of at most MaxReading either way.
func InRange(v float64) bool { return finite(v) && math.Abs(v) <= MaxReading }

// ParseValue reads a measured number as people type it: 14, 2.5, 2,5 (a decimal comma),
// -3, +1e3. Infinities and NaN are not measures.
func ParseValue(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || !unicode.IsDigit(rune(s[len(s)-1])) && s[len(s)-1] != '.' {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// FormatValue words a value as the minutes do (phrase.Number), in l.
func FormatValue(l *words.Lang, v float64) string { return phrase.Number(l, v) }

// FormatChange shows a change with its sign, in l: +3, −2.5, no change; “change unknown”
// when a reading stored before they were checked makes it no number.
func FormatChange(l *words.Lang, d float64) string {
	switch {
	case !finite(d):
		return l.Say("story.change.unknown")
	case math.Abs(d) < 0.0005:
		return l.Say("story.change.none")
	case d > 0:
		return "+" + FormatValue(l, d)
	}
	return "−" + FormatValue(l, -d)
}
