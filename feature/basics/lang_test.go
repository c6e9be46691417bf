package basics_test

import (
	"strings"
	"testing"

	"folkmoot/app/apptest"
)

// TestLanguage: !lang shows the room's language and the others; a facilitator switches the
// room and the answer is already in the new language; a language folkmoot does not speak
// is answered with those it does, and changes nothing; another room keeps its own.
func TestLanguage(t *testing.T) {
	kit := apptest.New(t, own()...)
	room := kit.Room("assembly")
	apptest.Has(t, "!lang", room.SayOne(t, "ana", "!lang"), "This room speaks English (en).", "Español (es)", "العربية (ar)", "Kurmancî (ku)", "`!lang es`")
	apptest.Has(t, "member", room.SayOne(t, "ana", "!lang es"), "Only the room's facilitator")
	room.Admin("ana")
	tests := []struct{ in, want string }{
		{"!lang xx", "I don't speak “xx”. I speak English (en), Español (es)"},
		{"!lang 🌻 Zoë", "I don't speak “🌻 Zoë”."},
		{"!lang", "This room speaks English (en)."},
		{"!lang es", "Esta sala habla ahora Español (es)."},
		{"!lang", "Esta sala habla Español (es)."},
		{"!language kmr", "Ev ode êdî bi Kurmancî (ku) diaxive."},
		{"!lang ckb", "ئێستا ئەم ژوورە بە"},
		{"!lang xx", "بە «"},
		{"!lang Deutsch", "Dieser Raum spricht jetzt Deutsch (de)."},
	}
	for _, tt := range tests {
		if got := room.SayOne(t, "ana", tt.in); !strings.Contains(got, tt.want) {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
	apptest.Has(t, "other room", kit.Room("other").SayOne(t, "ana", "!lang"), "This room speaks English (en).")
}

// TestLanguageNoLongerShipped: a room whose language a new release no longer ships speaks
// the configured default again from the start, and is told so once.
func TestLanguageNoLongerShipped(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, own()...)
	room := kit.Room("assembly")
	room.Speaks(t, "tlh")
	kit.Close()
	again := apptest.NewAt(t, dir, apptest.Start, own()...)
	told := apptest.Texts(again.Tick(t))
	if len(told) != 1 || !strings.Contains(told[0], "This room's language (tlh) is no longer available, so the room speaks English, the default, again.") {
		t.Fatalf("at start: %q", told)
	}
	apptest.Has(t, "!lang", again.Room("assembly").SayOne(t, "ana", "!lang"), "This room speaks English (en).")
	again.Close()
	if told := apptest.Texts(apptest.NewAt(t, dir, apptest.Start, own()...).Tick(t)); len(told) != 0 {
		t.Errorf("told again at the next start: %q", told)
	}
}

// TestIsolatesReachARightToLeftRoom: in Arabic, a member's name and a number keep their own
// direction inside the sentence: each is wrapped in bidi isolates (FSI … PDI) that reach the
// room, and a member's own stray isolates do not.
func TestIsolatesReachARightToLeftRoom(t *testing.T) {
	room := apptest.New(t, own()...).Room("assembly")
	room.Admin("ana")
	room.SayOne(t, "ana", "!lang ar")
	got := room.SayOne(t, "ana", "!lang xx\u2067")
	if !strings.Contains(got, "«\u2068xx\u2069»") {
		t.Errorf("the typed language is not isolated, or keeps its stray isolate: %q", got)
	}
}
