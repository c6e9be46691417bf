package console_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/timeparse"
	"folkmoot/words"
)

// TestConsoleEveningInEveryLanguage: at the terminal, the room switches to each shipped
// language, and a vote typed with that language's "tomorrow 18:00" is opened, answered and
// its close dated in it; the meeting's end names its minutes in it.
func TestConsoleEveningInEveryLanguage(t *testing.T) {
	tomorrow := map[string]string{"es": "mañana 18:00", "fr": "demain 18h", "de": "morgen 18 Uhr", "ar": "غدا ١٨:٠٠", "ckb": "سبەی ١٨:٠٠", "ku": "sibê 18:00"}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) // start's clock
	closes := time.Date(2026, 11, 26, 18, 0, 0, 0, berlin)
	english := start(t)
	english.say(t, "!meeting start")
	englishEnd := english.say(t, "!meeting end")
	if !strings.Contains(englishEnd, "Files:") {
		t.Fatalf("the English meeting's end names no files: %q", englishEnd)
	}
	for _, lang := range words.Shipped[1:] {
		t.Run(lang.Tag, func(t *testing.T) {
			l := words.For(lang.Tag)
			s := start(t)
			if got := s.say(t, "!lang "+lang.Tag); !strings.Contains(got, lang.Name) {
				t.Fatalf("!lang %s: %q", lang.Tag, got)
			}
			opened := plain(s.say(t, `!vote new "Paint the door?" --closes `+tomorrow[lang.Tag]))
			if want := plain(timeparse.Format(l, closes, now, berlin)); !strings.Contains(opened, want) {
				t.Errorf("the vote does not close %q:\n%s", want, opened)
			}
			s.say(t, "!meeting start")
			if end := s.say(t, "!meeting end"); end == englishEnd || strings.Contains(end, "Files:") {
				t.Errorf("the meeting's end is in English:\n%s", end)
			}
		})
	}
}

// plain is console output without the bidi isolates around names and numbers.
func plain(s string) string { return strings.NewReplacer("\u2068", "", "\u2069", "").Replace(s) }
