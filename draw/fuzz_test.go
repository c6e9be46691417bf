package draw

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Whatever a member types as a salt, what is hashed is one line of NFC text that normalizing
// again leaves as it is, and the draw still orders every candidate once.
func FuzzNormalizeSalt(f *testing.F) {
	for _, s := range []string{"sunflowers in november", "Zoe\u0308 🌻", "رێزان\u200f", "a\u0000b\nc\td", "  ", "\u202ehidden"} {
		f.Add(s)
	}
	candidates := []string{"@ana:example.org", "bo@example.org", "@رێزان:example.org"}
	f.Fuzz(func(t *testing.T, in string) {
		got := NormalizeSalt(in)
		if utf8.ValidString(in) && !norm.NFC.IsNormalString(got) {
			t.Errorf("NormalizeSalt(%q) = %q is not NFC", in, got)
		}
		if again := NormalizeSalt(got); again != got {
			t.Errorf("NormalizeSalt is not stable: %q then %q", got, again)
		}
		if strings.ContainsFunc(got, unicode.IsControl) || got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Errorf("NormalizeSalt(%q) = %q keeps a control, an edge space or a double space", in, got)
		}
		order := Order(strings.Repeat("ab", 32), []string{got}, candidates)
		if !slices.Equal(slices.Sorted(slices.Values(order)), Sorted(candidates)) {
			t.Errorf("Order lost or doubled a candidate: %q", order)
		}
	})
}
