package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/commands"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// eveningWords are what a member of each language types in the evening: tomorrow at 18:00,
// and Friday at 18:00, in the room's time grammar.
var eveningWords = map[string]struct{ tomorrow, friday string }{
	"en":  {"tomorrow 18:00", "fri 18:00"},
	"es":  {"mañana 18:00", "viernes 18h"},
	"fr":  {"demain 18h", "vendredi 18h"},
	"de":  {"morgen 18 Uhr", "Freitag 18 Uhr"},
	"ar":  {"غدا ١٨:٠٠", "الجمعة ١٨:٠٠"},
	"ckb": {"سبەی ١٨:٠٠", "هەینی ١٨:٠٠"},
	"ku":  {"sibê 18:00", "În 18:00"},
}

// TestAnEveningInEveryLanguage runs a short assembly evening in each shipped language, as
// a console room would: the facilitator switches the room's language; help, a vote closing
// at a time typed in the language, ballots by the language's own command names, its result
// by the clock, a task due at a time typed in the language, and a meeting whose minutes are
// written in it. Every answer differs from the English one (what stays alike is only names,
// numbers and commands), and the dates are the language's.
func TestAnEveningInEveryLanguage(t *testing.T) {
	english := evening(t, "en")
	for _, lang := range words.Shipped[1:] {
		t.Run(lang.Tag, func(t *testing.T) {
			said := evening(t, lang.Tag)
			if len(said) != len(english) {
				t.Fatalf("%d answers, English has %d:\n%q", len(said), len(english), said)
			}
			for i := range said {
				if said[i] == english[i] {
					t.Errorf("answer %d is the English one: %q", i, said[i])
				}
			}
		})
	}
}

// evening runs the evening in lang and returns what the room heard, without the bidi
// isolates (which a right-to-left room's answers carry around names and numbers).
func evening(t *testing.T, tag string) []string {
	t.Helper()
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	l := words.For(tag)
	loc := kit.Config.Location()
	now := kit.Clock.Now()
	var heard []string
	say := func(who, text string, parts ...string) string {
		t.Helper()
		got := apptest.WithoutIsolates(strings.Join(room.Say(t, who, text), "\n"))
		apptest.Has(t, who+" says "+text, got, parts...)
		heard = append(heard, got)
		return got
	}
	plain := func(s string) string { return apptest.WithoutIsolates(s) }

	if tag != "en" {
		apptest.Has(t, "!lang", room.SayOne(t, "ana", "!lang "+tag), l.Name)
	}
	say("bo", "!help", plain(commands.SectionTitle(l, "Votes")))
	// The vote closes tomorrow at 18:00, typed in the room's words and said in its dates.
	tomorrow := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day()+1, 18, 0, 0, 0, loc)
	say("ana", `!vote new "Paint the door green?" --closes `+eveningWords[tag].tomorrow,
		plain(timeparse.Format(l, tomorrow, now, loc)))
	agree, block := localName(t, kit, l, "agree"), localName(t, kit, l, "block")
	say("bo", "!"+agree)
	say("cy", "!"+block+" too bright")
	closed := apptest.WithoutIsolates(strings.Join(apptest.Texts(kit.Advance(t, tomorrow.Sub(now)+time.Minute)), "\n"))
	if closed == "" {
		t.Fatal("the vote's close said nothing")
	}
	heard = append(heard, closed)
	// A task due on Friday at 18:00, typed in the room's words.
	say("ana", "!task add sweep the yard for bo due "+eveningWords[tag].friday)
	// A meeting, and its minutes in the room's language.
	say("ana", "!meeting start")
	say("bo", "!note the roof leaks")
	say("ana", "!decided we mend the roof")
	ended := room.SayAs(t, apptest.Member("ana"), "!meeting end")
	var html string
	err := filepath.WalkDir(kit.Config.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".html") {
			data, err := os.ReadFile(path)
			html = string(data)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := "ltr"
	if l.RTL {
		dir = "rtl"
	}
	apptest.Has(t, "the HTML minutes", html, `<html lang="`+tag+`" dir="`+dir+`">`)
	heard = append(heard, apptest.WithoutIsolates(strings.Join(apptest.Texts(ended), "\n")))
	return heard
}

// localName is the first name the room's language gives a command beside its English one
// (!sí for !yes), or its English name where the language has none.
func localName(t *testing.T, kit *apptest.Kit, l *words.Lang, command string) string {
	t.Helper()
	c, ok := kit.App.Env.Registry.Lookup(nil, command)
	if !ok {
		t.Fatalf("no command %s", command)
	}
	for _, n := range kit.App.Env.Registry.NamesIn(l, c) {
		if n != command {
			return n
		}
	}
	return command
}

// TestScheduledJobsFollowTheRoomsLanguage: what is scheduled before the room switches its
// language is named in the new one (its title is a message of the catalog, not a text).
func TestScheduledJobsFollowTheRoomsLanguage(t *testing.T) {
	room := apptest.New(t, app.Features()...).Room("assembly")
	room.Admin("ana")
	room.SayOne(t, "ana", "!remind fri 18:00 bring the chairs")
	apptest.Has(t, "English", room.SayOne(t, "ana", "!status"), "the reminder #1 “bring the chairs”")
	room.SayOne(t, "ana", "!lang es")
	apptest.Has(t, "Spanish", room.SayOne(t, "ana", "!status"), "el recordatorio #1 «bring the chairs»")
}

// TestABallotByALanguagesNameIsNotLogged: a ballot cast with a name of the room's language
// (!acuerdo) is kept out of the meeting's log as any ballot is, its reason with it.
func TestABallotByALanguagesNameIsNotLogged(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Speaks(t, "es")
	room.SayOne(t, "ana", "!meeting start")
	room.SayOne(t, "ana", `!vote new "¿Pintamos la puerta?"`)
	room.SayOne(t, "bo", "!acuerdo razón-5e1b")
	room.Say(t, "ana", "!meeting end")
	var log string
	err := filepath.WalkDir(kit.Config.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".log.txt") {
			data, err := os.ReadFile(path)
			log = string(data)
			return err
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "log", log, "bo: (un voto, no se registra)")
	apptest.Lacks(t, "log", log, "razón-5e1b", "acuerdo")
}
