package minutes

import (
	"bytes"
	"io"
	"strings"
)

// TextWidth is the column limit of the plain-text renderer: safe for email and boards.
const TextWidth = 72

// MeetingText renders the minutes of one meeting as plain text wrapped at TextWidth columns.
func MeetingText(m *Meeting) ([]byte, error) {
	var b bytes.Buffer
	err := WriteMeetingText(&b, m)
	return b.Bytes(), err
}

// WriteMeetingText writes MeetingText's output to w.
func WriteMeetingText(w io.Writer, m *Meeting) error { return writeText(w, meetingDoc(m)) }

// DigestText renders a digest as plain text wrapped at TextWidth columns.
func DigestText(dg *Digest) ([]byte, error) {
	var b bytes.Buffer
	err := WriteDigestText(&b, dg)
	return b.Bytes(), err
}

// WriteDigestText writes DigestText's output to w.
func WriteDigestText(w io.Writer, dg *Digest) error { return writeText(w, digestDoc(dg)) }

// textOut collects lines; every line is our own prefix plus cleaned text, so no person's
// text can start a line that looks like a heading or a list item of its own.
type textOut struct {
	b    bytes.Buffer
	prev blockKind
	any  bool
}

func (t *textOut) line(s string) {
	t.b.WriteString(strings.TrimRight(s, " "))
	t.b.WriteByte('\n')
}

// gap puts one blank line between blocks, except inside a run of items or of paragraphs.
func (t *textOut) gap(k blockKind) {
	if t.any && !(k == t.prev && (k == bItem || k == bPara)) {
		t.b.WriteByte('\n')
	}
	t.prev, t.any = k, true
}

func (t *textOut) wrapped(first, rest, s string) {
	for i, l := range wrap(s, TextWidth-width(first), TextWidth-width(rest)) {
		if i == 0 {
			t.line(first + l)
		} else {
			t.line(rest + l)
		}
	}
}

func writeText(w io.Writer, d *document) error {
	t := &textOut{}
	for i := range d.blocks {
		bl := &d.blocks[i]
		t.gap(bl.kind)
		switch bl.kind {
		case bTitle, bSection, bSub:
			under := map[blockKind]string{bTitle: "=", bSection: "-", bSub: "~"}[bl.kind]
			// Continuation lines are indented like everywhere else: a long title cannot
			// wrap into a line that passes for an underline or a heading of its own.
			lines := wrap(bl.text.String(), TextWidth, TextWidth-2)
			longest := 0
			for i, l := range lines {
				if i > 0 {
					l = "  " + l
				}
				t.line(l)
				longest = max(longest, width(l))
			}
			t.line(strings.Repeat(under, longest))
		case bPara:
			t.wrapped("", "  ", bl.text.String())
		case bItem:
			t.wrapped("- ", "  ", bl.text.String())
			for _, s := range bl.sub {
				t.wrapped("    ", "      ", s.String())
			}
		case bTable:
			textTable(t, bl.table)
		case bChart:
			t.wrapped("", "  ", d.say("minutes.measures.trend")+" "+sparkline(d, sortedPoints(bl.chart), 48))
		}
	}
	_, err := w.Write(t.b.Bytes())
	return err
}

// textTable lays a table out in columns two spaces apart, narrowing the widest column until
// the row fits and wrapping cells inside their column.
func textTable(t *textOut, tb *table) {
	n := len(tb.head)
	ws := make([]int, n)
	for c, h := range tb.head {
		ws[c] = width(h)
	}
	cells := make([][]string, len(tb.rows))
	for r, row := range tb.rows {
		cells[r] = make([]string, n)
		for c := 0; c < n && c < len(row); c++ {
			cells[r][c] = row[c].String()
			ws[c] = max(ws[c], width(cells[r][c]))
		}
	}
	avail := TextWidth - 2*(n-1)
	for sum(ws) > avail {
		widest := 0
		for c := range ws {
			if ws[c] > ws[widest] {
				widest = c
			}
		}
		if ws[widest] <= 6 {
			break
		}
		ws[widest]--
	}
	row := func(vals []string) {
		cols := make([][]string, n)
		height := 1
		for c := range n {
			// A cell's continuation lines are indented, so they never pass for a new row.
			cols[c] = wrap(vals[c], ws[c], ws[c]-2)
			for i := 1; i < len(cols[c]); i++ {
				cols[c][i] = "  " + cols[c][i]
			}
			height = max(height, len(cols[c]))
		}
		for i := range height {
			var b strings.Builder
			for c := range n {
				v := ""
				if i < len(cols[c]) {
					v = cols[c][i]
				}
				pad := strings.Repeat(" ", max(ws[c]-width(v), 0))
				if c > 0 {
					b.WriteString("  ")
				}
				if c < len(tb.right) && tb.right[c] {
					b.WriteString(pad + v)
				} else {
					b.WriteString(v + pad)
				}
			}
			t.line(b.String())
		}
	}
	row(tb.head)
	rule := make([]string, n)
	for c := range n {
		rule[c] = strings.Repeat("-", ws[c])
	}
	t.line(strings.Join(rule, "  "))
	for _, r := range cells {
		row(r)
	}
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// sparkline draws values as block characters, at most n of them (later points win), with
// their range in d's words.
func sparkline(d *document, pts []Point, n int) string {
	if len(pts) > n {
		pts = pts[len(pts)-n:]
	}
	lo, hi := bounds(pts)
	bars := []rune("▁▂▃▄▅▆▇█")
	out := make([]rune, 0, len(pts))
	for _, p := range pts {
		i := 0
		if hi > lo {
			i = int(frac(p.Value, lo, hi) * float64(len(bars)-1))
		}
		out = append(out, bars[i])
	}
	return string(out) + " " + d.say("minutes.measures.range", "Low", number(d.l, lo), "High", number(d.l, hi))
}

// frac is where v lies between lo and hi, from 0 to 1. It halves before it subtracts, so
// values near the float64 limit (a measure stored as 1e308 beside -1e308) give a position
// rather than Inf/Inf = NaN; anything not a number lies at 0.
func frac(v, lo, hi float64) float64 {
	f := (v/2 - lo/2) / (hi/2 - lo/2)
	if !(f > 0) { // NaN included
		return 0
	}
	return min(f, 1)
}

// bounds returns the lowest and highest value of the points.
func bounds(pts []Point) (lo, hi float64) {
	for i, p := range pts {
		if i == 0 || p.Value < lo {
			lo = p.Value
		}
		if i == 0 || p.Value > hi {
			hi = p.Value
		}
	}
	return lo, hi
}
