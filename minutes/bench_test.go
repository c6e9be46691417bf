package minutes

import (
	"io"
	"testing"
)

// The digest benchmarks render 100 meetings of 200 items each: goals are under 2 s for PDF
// and under 200 ms for HTML and text (see the package's report).
func benchDigest(b *testing.B, render func(*Digest) error) {
	dg := bigDigest(100, 200)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := render(&dg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDigestPDF(b *testing.B) {
	benchDigest(b, func(dg *Digest) error { return WriteDigestPDF(io.Discard, dg, Options{}) })
}

func BenchmarkDigestHTML(b *testing.B) {
	benchDigest(b, func(dg *Digest) error { return WriteDigestHTML(io.Discard, dg, Options{}) })
}

func BenchmarkDigestText(b *testing.B) {
	benchDigest(b, func(dg *Digest) error { return WriteDigestText(io.Discard, dg) })
}

// BenchmarkMeetingEnd5000 is what `!meeting end` costs after a meeting of 5,000 log lines:
// the minutes in all three formats (goal: under 1 s).
func BenchmarkMeetingEnd5000(b *testing.B) {
	m := longMeeting(5000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteMeetingText(io.Discard, &m); err != nil {
			b.Fatal(err)
		}
		if err := WriteMeetingHTML(io.Discard, &m, Options{}); err != nil {
			b.Fatal(err)
		}
		if err := WriteMeetingPDF(io.Discard, &m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
