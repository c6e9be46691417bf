package minutes

import (
	"time"

	"folkmoot/words"
)

// A chart's labels, shared by the PDF and the SVG of the HTML page so both label the same
// points: every point's date under the axis and its value over the point, where they fit.

// maxValueLabels bounds the points whose values are written over them: beyond it the line
// shows a trend, and the axis gives the range.
const maxValueLabels = 12

// labelSpots chooses which labels to show so that none overlaps another: label i is w[i]
// wide and centred on x[i] (sorted), kept between lo and hi. The first and the last are
// shown (they give the range), then the others from left to right wherever they fit with
// gap to spare. It returns which are shown and where each would start.
func labelSpots(x, w []float64, lo, hi, gap float64) (show []bool, at []float64) {
	n := len(x)
	show, at = make([]bool, n), make([]float64, n)
	for i := range x {
		at[i] = min(max(x[i]-w[i]/2, lo), hi-w[i])
	}
	if n == 0 {
		return show, at
	}
	over := func(i, j int) bool { return at[i] < at[j]+w[j]+gap && at[j] < at[i]+w[i]+gap }
	show[0] = true
	last := n - 1
	if last > 0 && !over(0, last) {
		show[last] = true
	}
	prev := 0
	for i := 1; i < last; i++ {
		if !over(prev, i) && (!show[last] || !over(i, last)) {
			show[i] = true
			prev = i
		}
	}
	return show, at
}

// chartDates are the date labels of a chart's points, in l.
func chartDates(l *words.Lang, pts []Point, zone *time.Location) []string {
	out := make([]string, len(pts))
	for i, pt := range pts {
		out[i] = when(l, pt.At, zone, shortDay)
	}
	return out
}
