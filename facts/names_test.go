package facts

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"folkmoot/bot"
)

var (
	ana    = bot.Member{ID: "@ana:example.org", Name: "Ana"}
	jose   = bot.Member{ID: "@jose:example.org", Name: "José"}
	zoe    = bot.Member{ID: "@zoe:example.org", Name: "Zoë 🌻"}
	rezan  = bot.Member{ID: "rezan@xmpp.example.org", Name: "رێزان"}
	mj     = bot.Member{ID: "@mj:example.org", Name: "Mary Jane"}
	mary   = bot.Member{ID: "@mary:example.org", Name: "Mary"}
	li     = bot.Member{ID: "@li:example.org", Name: "李小龍"}
	amelie = bot.Member{ID: "@amelie:example.org", Name: "Ame\u0301lie"} // decomposed é
	boA    = bot.Member{ID: "@bo:a.org", Name: "bo"}
	boB    = bot.Member{ID: "@bo:b.org", Name: "Bo"}
)

func testDirectory() *Directory {
	return NewDirectory([]bot.Member{ana, jose, zoe, rezan, mj, mary, li, amelie, boA, boB})
}

func TestResolve(t *testing.T) {
	d := testDirectory()
	tests := []struct {
		typed string
		want  bot.Member
		err   string
	}{
		{typed: "jose", want: jose},
		{typed: "JOSÉ", want: jose},
		{typed: "Jose\u0301", want: jose}, // typed decomposed
		{typed: "amélie", want: amelie},   // typed composed, named decomposed
		{typed: "Mary Jane", want: mj},
		{typed: "mary  jane", want: mj},
		{typed: `"Mary Jane"`, want: mj},
		{typed: "“Mary Jane”", want: mj},
		{typed: "«Mary Jane»", want: mj},
		{typed: "'mary jane'", want: mj},
		{typed: "Mary", want: mary},
		{typed: "Zoë 🌻", want: zoe},
		{typed: "zoe", want: zoe}, // without the emoji
		{typed: "رێزان", want: rezan},
		{typed: "\u200fرێزان\u200e", want: rezan}, // with the marks an RTL keyboard adds
		{typed: "rezan", want: rezan},             // the name part of the address
		{typed: "李小龍", want: li},
		{typed: "ａｎａ", want: ana}, // full-width
		{typed: "@ana", want: ana},
		{typed: "ana:", want: ana},
		{typed: "@ANA:example.org", want: ana},
		{typed: "@new:example.org", want: bot.Member{ID: "@new:example.org"}},
		{typed: "nobody", err: "I don't know a member “nobody” in this room."},
		{typed: `"nobody"`, err: "I don't know a member “nobody” in this room."},
		{typed: `"Mary Jane`, want: mj}, // a quote left open
		{typed: `"`, err: "Say which member: their name or their ID."},
		{typed: "bo", err: "“bo” could be bo (@bo:a.org) or Bo (@bo:b.org). Which one? Say it again with their ID, like @bo:a.org."},
		{typed: "“BO”", err: "“BO” could be bo (@bo:a.org) or Bo (@bo:b.org)."},
		{typed: "@bo:b.org", want: boB},
		{typed: "", err: "Say which member: their name or their ID."},
	}
	for _, tt := range tests {
		t.Run(tt.typed, func(t *testing.T) {
			got, err := d.Resolve(tt.typed)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Resolve(%q) = %v, %v; want the error %q", tt.typed, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Resolve(%q) = %v, %v; want %v", tt.typed, got, err, tt.want)
			}
		})
	}
}

// An exact name wins over one that only matches without accents: José and Jose are two
// people, "jose" asks which.
func TestResolveAccentsAsked(t *testing.T) {
	other := bot.Member{ID: "@jose2:example.org", Name: "Jose"}
	d := NewDirectory([]bot.Member{jose, other})
	for typed, want := range map[string]bot.Member{"José": jose, "Jose": other} {
		if got, err := d.Resolve(typed); err != nil || got != want {
			t.Errorf("Resolve(%q) = %v, %v; want %v", typed, got, err, want)
		}
	}
	_, err := d.Resolve("JOSE")
	if err == nil || !strings.Contains(err.Error(), "could be José (@jose:example.org) or Jose (@jose2:example.org)") {
		t.Errorf("Resolve(JOSE) = %v", err)
	}
}

func TestAmbiguousListIsBounded(t *testing.T) {
	var ms []bot.Member
	for i := range 30 {
		ms = append(ms, bot.Member{ID: fmt.Sprintf("@alex%d:example.org", i), Name: "Alex"})
	}
	_, err := NewDirectory(ms).Resolve("alex")
	if err == nil || !strings.Contains(err.Error(), "@alex7:example.org) or 22 others. Which one?") || strings.Contains(err.Error(), "alex8:") {
		t.Fatalf("Resolve among 30 Alexes: %v", err)
	}
}

func TestLeadingAndList(t *testing.T) {
	d := testDirectory()
	tests := []struct {
		words []string
		want  bot.Member
		n     int
		err   string
	}{
		{words: strings.Fields("Mary Jane negotiate the rent"), want: mj, n: 2},
		{words: strings.Fields("mary negotiate the rent"), want: mary, n: 1},
		{words: []string{"Mary Jane", "negotiate"}, want: mj, n: 1}, // quoted: one word
		{words: strings.Fields("Zoë 🌻 talks"), want: zoe, n: 2},
		{words: strings.Fields("nobody at all"), n: 1, err: "I don't know a member “nobody”"},
		{words: nil, err: "Say which member"},
	}
	for _, tt := range tests {
		m, n, err := d.Leading(tt.words)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || n != tt.n {
				t.Errorf("Leading(%q) = %v, %d, %v; want %d and the error %q", tt.words, m, n, err, tt.n, tt.err)
			}
			continue
		}
		if err != nil || m != tt.want || n != tt.n {
			t.Errorf("Leading(%q) = %v, %d, %v; want %v, %d", tt.words, m, n, err, tt.want, tt.n)
		}
	}
	got, err := d.List("ana, Mary Jane and @bo:a.org zoe")
	if err != nil || len(got) != 4 || got[0] != ana || got[1] != mj || got[2] != boA || got[3] != zoe {
		t.Errorf("List = %v, %v", got, err)
	}
	if _, err := d.List("ana, nobody"); err == nil || !strings.Contains(err.Error(), "“nobody”") {
		t.Errorf("List with a stranger: %v", err)
	}
}

func TestUnquote(t *testing.T) {
	for in, want := range map[string]string{`"bo"`: "bo", "“bo”": "bo", "„bo“": "bo", "«bo»": "bo", "‘bo’": "bo",
		"'bo'": "bo", `"bo`: `"bo`, `"`: `"`, "bo": "bo", "「李」": "李"} {
		if got := Unquote(in); got != want {
			t.Errorf("Unquote(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzResolve: whatever is typed, Resolve answers without panicking, and what it says is
// inert and bounded.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"jose", "“Mary Jane”", "\u202ebo", "bo\nfake line", "Zoë 🌻", "رێزان", `"`, "@x:y", "a@b"} {
		f.Add(s)
	}
	d := testDirectory()
	f.Fuzz(func(t *testing.T, typed string) {
		_, err := d.Resolve(typed)
		if err == nil {
			return
		}
		msg := err.Error()
		if strings.ContainsFunc(msg, func(r rune) bool { return unicode.IsControl(r) || r == '\u202e' || r == '\u2066' }) {
			t.Fatalf("Resolve(%q) says %q", typed, msg)
		}
		if utf8.RuneCountInString(msg) > utf8.RuneCountInString(typed)+600 {
			t.Fatalf("Resolve(%q) says %d runes", typed, utf8.RuneCountInString(msg))
		}
		d.Knows(typed)
		d.NameLength(strings.Fields(typed))
	})
}

func TestRosterTellsNamesApart(t *testing.T) {
	book := NewRoster([]bot.Member{
		{ID: "@zoe1:example.org", Name: "Zoë"},
		{ID: "@zoe2:example.org", Name: "Zoe\u0308"}, // looks the same, decomposed
		{ID: "@ana:example.org", Name: "ana"},        // her own name part: fine
		{ID: "@eve:example.org", Name: "ANA"},        // the same name, another case
		{ID: "@mallory:example.org", Name: "@bo:example.org"},
		{ID: "@bo:example.org", Name: "Bo Smith"},
		{ID: "@blank:example.org", Name: "\u200b \u2066"},
		{ID: "@li:example.org", Name: "李小龍"},
		{ID: "@rezan:example.org", Name: "رێزان"},
		{ID: "@trent:example.org", Name: "bo"}, // bo's name part
	})
	want := map[string]string{
		"@zoe1:example.org": "@zoe1:example.org", "@zoe2:example.org": "@zoe2:example.org",
		"@ana:example.org": "@ana:example.org", "@eve:example.org": "@eve:example.org",
		"@mallory:example.org": "@mallory:example.org", "@bo:example.org": "Bo Smith",
		"@blank:example.org": "@blank:example.org", "@li:example.org": "李小龍", "@rezan:example.org": "رێزان",
		"@trent:example.org": "@trent:example.org",
	}
	for id, name := range want {
		if got := book.Name(id); got != name {
			t.Errorf("Name(%s) = %q, want %q", id, got, name)
		}
	}
}
