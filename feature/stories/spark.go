package stories

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// sparkRunes are the eight heights of a text sparkline, lowest first.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as a line of block characters (▁▂▅▇), scaled from the lowest to
// the highest; a flat series is drawn at mid height.
func Sparkline(values []float64) string {
	if len(values) == 0 {
		return ""
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range values {
		i := len(sparkRunes) / 2
		if hi > lo {
			// halves, so that the range of two huge values of opposite sign does not overflow
			i = int(math.Round((v/2 - lo/2) / (hi/2 - lo/2) * float64(len(sparkRunes)-1)))
		}
		b.WriteRune(sparkRunes[i])
	}
	return b.String()
}

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

// formatValue shows a number without needless digits: 14, 2.5, 0.333.
func formatValue(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}

// formatChange shows a change with its sign: +3, −2.5, no change.
func formatChange(d float64) string {
	switch {
	case math.Abs(d) < 0.0005:
		return "no change"
	case d > 0:
		return "+" + formatValue(d)
	}
	return "−" + formatValue(-d)
}
