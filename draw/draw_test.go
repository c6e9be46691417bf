package draw

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

// The function the README documents, pinned: a change to it changes every past draw's check.
func TestOrderIsTheDocumentedFunction(t *testing.T) {
	seed := strings.Repeat("ab", 32)
	// The values were computed by the README's script (Python's hashlib), not by this package.
	if got, want := Commit(seed), "271a413bd339c5709fdceaec41f14f11e9fbfb5042d72d331c65f32b284cd09a"; got != want {
		t.Errorf("Commit = %s, want %s", got, want)
	}
	candidates := []string{"@ana:example.org", "bo@example.org", "@zoë:example.org", "@رێزان:example.org"}
	got := Order(seed, []string{"sunflower", "🌻 Zoë"}, candidates)
	want := []string{"bo@example.org", "@رێزان:example.org", "@zoë:example.org", "@ana:example.org"}
	if !slices.Equal(got, want) {
		t.Errorf("Order = %q, want %q", got, want)
	}
	if k := Key(seed, nil); k != hash("folkmoot-draw-v1\n"+seed) {
		t.Errorf("Key without salts = %s, want the hash of the version and the seed", k)
	}
}

func TestOrderDependsOnEverySaltAndNotOnTheListsOrder(t *testing.T) {
	seed := strings.Repeat("0f", 32)
	var candidates []string
	for _, c := range "abcdefghijklmnop" {
		candidates = append(candidates, "@"+string(c)+":example.org")
	}
	base := Order(seed, []string{"one"}, candidates)
	reversed := slices.Clone(candidates)
	slices.Reverse(reversed)
	if !slices.Equal(base, Order(seed, []string{"one"}, reversed)) {
		t.Error("the order must not depend on the order the candidates are given in")
	}
	if slices.Equal(base, Order(seed, []string{"one", "two"}, candidates)) {
		t.Error("a second salt must change the order")
	}
	if slices.Equal(base, Order(seed, []string{"One"}, candidates)) {
		t.Error("a salt's every character counts")
	}
	if slices.Equal(base, Order(strings.Repeat("f0", 32), []string{"one"}, candidates)) {
		t.Error("the seed must change the order")
	}
	if sorted := slices.Sorted(slices.Values(base)); !slices.Equal(sorted, candidates) {
		t.Error("the order must hold every candidate once")
	}
}

func TestNewSeedAndCommit(t *testing.T) {
	seed, err := NewSeed(bytes.NewReader(bytes.Repeat([]byte{0xab}, 32)))
	if err != nil || seed != strings.Repeat("ab", 32) {
		t.Fatalf("NewSeed = %q, %v", seed, err)
	}
	if _, err := NewSeed(bytes.NewReader([]byte{1, 2})); err == nil {
		t.Error("a short read must fail, not give a weak seed")
	}
	d := Draw{Seed: seed, Commitment: Commit(seed), Candidates: []string{"a", "b"}, Salts: []Salt{{Text: "x"}}}
	d.Order = Order(d.Seed, d.SaltTexts(), d.Candidates)
	if s, o := d.Check(); !s || !o {
		t.Errorf("Check of an honest draw = %v, %v", s, o)
	}
	d.Order[0], d.Order[1] = d.Order[1], d.Order[0]
	if _, o := d.Check(); o {
		t.Error("Check must catch an order that does not follow")
	}
	d.Seed = strings.Repeat("cd", 32)
	if s, _ := d.Check(); s {
		t.Error("Check must catch a seed that is not the committed one")
	}
}

func TestSeatedAndNextAfterDeclines(t *testing.T) {
	d := Draw{Seats: 2, Order: []string{"a", "b", "c", "d"}}
	check := func(seated []string, next string) {
		t.Helper()
		if got := d.Seated(); !slices.Equal(got, seated) {
			t.Errorf("Seated = %q, want %q", got, seated)
		}
		if got := d.Next(); got != next {
			t.Errorf("Next = %q, want %q", got, next)
		}
	}
	check([]string{"a", "b"}, "c")
	d.Declined = []string{"a"}
	check([]string{"b", "c"}, "d")
	d.Declined = append(d.Declined, "c", "d")
	check([]string{"b"}, "")
}

func TestNormalizeSalt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  sunflower  seeds ", "sunflower seeds"},
		{"line\none\ttab", "line one tab"},
		{"Zoe\u0308 🌻", "Zoë 🌻"}, // decomposed ë is hashed composed
		{"رێزان", "رێزان"},
		{"\u0000\u0007", ""},
	}
	for _, tt := range tests {
		if got := NormalizeSalt(tt.in); got != tt.want {
			t.Errorf("NormalizeSalt(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSorted(t *testing.T) {
	got := Sorted([]string{"bo@x", "@ana:x", "bo@x", "@Zoë:x"})
	if want := []string{"@Zoë:x", "@ana:x", "bo@x"}; !slices.Equal(got, want) {
		t.Errorf("Sorted = %q, want %q", got, want)
	}
}

func TestSeatedWithParity(t *testing.T) {
	d := Draw{Seats: 2, Order: []string{"a", "b", "g1", "c", "g2"}, Parity: "women", GroupSide: []string{"g1", "g2"}}
	if got := d.Seated(); !slices.Equal(got, []string{"a", "g1"}) {
		t.Errorf("Seated = %q, want a and g1", got)
	}
	d.Declined = []string{"g1"} // the group's seat passes to the next of the group
	if got := d.Seated(); !slices.Equal(got, []string{"a", "g2"}) {
		t.Errorf("after g1 declines: %q", got)
	}
	d.Declined = append(d.Declined, "g2") // nobody of the group left: the order fills the seats
	if got := d.Seated(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after g2 declines: %q", got)
	}
}
