package minutes

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// anyText turns fuzz bytes into text drawn from the whole of Unicode: a byte below 0x80 is
// itself (so spaces, newlines and markup stay common), any other starts a character chosen
// by it and the next two bytes from every plane; 0xFF passes the next byte on raw, so
// invalid UTF-8 comes too. The fuzzer's own mutations rarely make valid 4-byte UTF-8.
func anyText(data []byte) string {
	var b strings.Builder
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c == 0xFF && i+1 < len(data):
			i++
			b.WriteByte(data[i])
		default:
			r := rune(c & 0x7F)
			for k := 0; k < 2 && i+1 < len(data); k++ {
				i++
				r = r<<7 | rune(data[i]&0x7F)
			}
			b.WriteRune(r % (utf8.MaxRune + 1))
		}
	}
	return b.String()
}

// oddNumbers are the stored values renderers must survive.
var oddNumbers = []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64, 1e308, -1e308,
	math.SmallestNonzeroFloat64, math.Copysign(0, -1), 0, 1, -1, 12.5}

// anyNumber is a number from fuzz bytes: one of oddNumbers or any float64 bit pattern.
func anyNumber(data []byte, i int) float64 {
	if len(data) == 0 {
		return 0
	}
	if i < len(data) && data[i]%2 == 0 {
		return oddNumbers[int(data[i]/2)%len(oddNumbers)]
	}
	var b [8]byte
	for k := range b {
		b[k] = data[(i+k)%len(data)]
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(b[:]))
}

// checkOutputs asserts what every rendering of input promises.
func checkOutputs(t *testing.T, input string, out map[string][]byte) {
	t.Helper()
	for name, b := range out {
		switch {
		case strings.HasSuffix(name, ".pdf"):
			if !bytes.HasPrefix(b, []byte("%PDF")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
				t.Fatalf("%s is not a whole PDF", name)
			}
			continue
		case strings.HasSuffix(name, ".txt"):
			for _, l := range strings.Split(string(b), "\n") {
				if width(l) > TextWidth {
					t.Fatalf("%s: line of %d columns: %q", name, width(l), l)
				}
			}
		case strings.HasSuffix(name, ".html"):
			s := string(b)
			if strings.Contains(strings.ToLower(s), "<script") {
				t.Fatalf("%s: live <script", name)
			}
			if o, c := strings.Count(s, "<bdi>"), strings.Count(s, "</bdi>"); o != c {
				t.Fatalf("%s: unbalanced <bdi>: %d opened, %d closed", name, o, c)
			}
		}
		if !utf8.Valid(b) {
			t.Fatalf("%s is not valid UTF-8", name)
		}
		for _, r := range string(b) {
			if isBidi(r) || invisible(r) || r == '\u2028' || r == '\u2029' || r == '\u0085' || r == '\r' {
				t.Fatalf("%s contains %U", name, r)
			}
		}
		for _, bad := range []string{"NaN", "Inf", "%!"} {
			if bytes.Contains(b, []byte(bad)) && !strings.Contains(input, bad) {
				t.Fatalf("%s contains %q", name, bad)
			}
		}
	}
}

// FuzzRenderMeeting puts any text into every string of a meeting, and any number into
// its speaking times, and renders the minutes as PDF, HTML and text.
func FuzzRenderMeeting(f *testing.F) {
	for _, s := range wholeUnicode {
		f.Add([]byte(s))
	}
	f.Add([]byte{0xC0, 0x3C, 0x0E, 0x81, 0x10, 0x00, ' ', 0xFF, 0xFE, '\n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := anyText(data)
		m := hostileMeeting(s)
		m.Rounds = append(m.Rounds, Round{Topic: s, Turns: []Turn{{Member: s, Seconds: anyNumber(data, 0)},
			{Member: "b", Seconds: anyNumber(data, 1)}, {Member: "c", Seconds: anyNumber(data, 2)}}})
		out := map[string][]byte{}
		var err error
		if out["m.pdf"], err = MeetingPDF(&m, Options{}); err != nil {
			t.Fatal(err)
		}
		if out["m.html"], err = MeetingHTML(&m, Options{}); err != nil {
			t.Fatal(err)
		}
		if out["m.txt"], err = MeetingText(&m); err != nil {
			t.Fatal(err)
		}
		checkOutputs(t, s, out)
	})
}

// FuzzRenderDigest puts any text into every string of a digest and any numbers into its
// measures, and renders it as PDF, HTML and text.
func FuzzRenderDigest(f *testing.F) {
	for _, s := range wholeUnicode {
		f.Add([]byte(s))
	}
	f.Add([]byte{0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := anyText(data)
		dg := hostileDigest(s)
		ms := Measure{Name: s, Unit: s}
		for i := range min(len(data), 20) {
			ms.Points = append(ms.Points, Point{At: dg.From.Add(time.Duration(i) * time.Hour), Value: anyNumber(data, i)})
		}
		dg.Measures = append(dg.Measures, ms)
		out := map[string][]byte{}
		var err error
		if out["d.pdf"], err = DigestPDF(&dg, Options{}); err != nil {
			t.Fatal(err)
		}
		if out["d.html"], err = DigestHTML(&dg, Options{}); err != nil {
			t.Fatal(err)
		}
		if out["d.txt"], err = DigestText(&dg); err != nil {
			t.Fatal(err)
		}
		checkOutputs(t, s, out)
	})
}

// FuzzOneLine checks a log line stays one line, inert, whatever a message holds.
func FuzzOneLine(f *testing.F) {
	for _, s := range append(wholeUnicode, "a\u2028b\u2029c\r\nd\re\vf\fg\u0085h") {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range []string{string(data), anyText(data)} {
			got := OneLine(s)
			if !utf8.ValidString(got) {
				t.Fatalf("OneLine(%q) = %q: not UTF-8", s, got)
			}
			for _, r := range got {
				if r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u0085' || r == '\u2028' || r == '\u2029' ||
					isBidi(r) || invisible(r) || (r < 0x20 && r != ' ') {
					t.Fatalf("OneLine(%q) = %q keeps %U", s, got, r)
				}
			}
		}
	})
}

// FuzzFileNameUnicode gives FileName titles from every plane.
func FuzzFileNameUnicode(f *testing.F) {
	for _, s := range wholeUnicode {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		title := anyText(data)
		checkFileName(t, title, "pdf")
		if got := FileName(time.Time{}, title, "pdf"); !strings.HasSuffix(got, ".pdf") || len(got) <= len("0001-01-01-0000-.pdf") {
			t.Fatalf("FileName(%q) = %q: no name part", title, got)
		}
	})
}
