package app_test

// The public archive with the features it reads: a room that opted in holds a meeting, a
// vote, a secret vote and a mandate, and the site shows its minutes, decisions and mandates,
// a secret vote by its counts alone; a private room and private messages never show.

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/config"
	"folkmoot/feature/archive"
)

// archiveKit is a kit of every feature whose configuration writes the archive to dir, every
// day at 03:00.
func archiveKit(t *testing.T, dir string) *apptest.Kit {
	return apptest.NewWith(t, t.TempDir(), apptest.Start, func(c *config.Config) {
		c.SetSection("archive", &archive.Settings{Dir: dir, Every: "every day 03:00"})
	}, app.Features()...)
}

// readSite is every file of the site, its HTML unescaped, joined.
func readSite(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.WriteString(path + "\n" + html.UnescapeString(string(data)) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestArchiveOfAnAssembly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	kit := archiveKit(t, dir)
	room := kit.Room("assembly")
	room.Admin("ana")
	private := kit.Room("backroom")
	private.Admin("ana")
	for _, who := range []string{"Zoë 🌻", "رێزان", "bo"} {
		room.Say(t, who, "hello")
	}
	room.Answers(t, "ana", "!archive public on", "now in the public archive")
	room.Answers(t, "bo", "!archive public off", "!archive public") // facilitator-level

	room.Answers(t, "ana", "!meeting start Plenary <script>alert(1)</script> 会议", "started")
	kit.Advance(t, time.Minute)
	room.Answers(t, "Zoë 🌻", "!note the hall is booked — Zoë 🌻, رێزان, e\u0301te\u0301", "Noted")
	room.Answers(t, "ana", "!decided paint the door <b>green</b>", "Decided")
	room.Say(t, "ana", `!vote new "Buy a projector?" --kind majority --closes 30m`)
	room.Answers(t, "ana", "!vote 1 yes", "recorded")
	room.Answers(t, "Zoë 🌻", "!vote 1 no", "recorded")
	kit.Advance(t, 31*time.Minute)
	room.Say(t, "ana", "!meeting end")
	kit.Advance(t, 3*time.Minute)

	// A secret vote after the meeting, in which dee speaks only by ballot.
	room.Say(t, "ana", `!vote new "Who cleans?" --kind majority --secret --closes 30m`)
	room.Answers(t, "ana", "!vote 2 yes", "recorded")
	room.Answers(t, "dee", "!vote 2 no", "recorded")
	kit.Advance(t, 31*time.Minute)
	room.Answers(t, "ana", "!mandate bo talk to the landlord about the boiler until 20 dec", "Mandate #1")
	room.Answers(t, "ana", "!mandate end 1", "")
	room.SayPrivately(t, apptest.Member("ana"), "!whoami private words")

	private.Say(t, "ana", "!meeting start Backroom plans")
	private.Say(t, "ana", "!meeting end")

	// The job the opt-in scheduled writes the site at 03:00.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	next := time.Date(2026, 11, 26, 3, 1, 0, 0, berlin)
	kit.Advance(t, next.Sub(kit.Clock.Now()))
	site := readSite(t, dir)
	folder := archive.RoomFolder(room.Room)
	apptest.Has(t, "site", site, folder+"/index.html", folder+"/decisions.html", folder+"/mandates.html", folder+"/feed.atom",
		"Plenary <script>alert(1)</script> 会议", "the hall is booked — Zoë 🌻, رێزان, e\u0301te\u0301", "paint the door <b>green</b>",
		"Buy a projector?", "Who cleans?", "secret ballot: only the counts are published", "1 yes", "1 no",
		"talk to the landlord about the boiler", "bo")
	apptest.Lacks(t, "site", site, "dee", "Backroom", "backroom", archive.RoomFolder(private.Room), "private words")
	for _, ext := range []string{".html", ".atom"} {
		matches, _ := filepath.Glob(filepath.Join(dir, folder, "*"+ext))
		if len(matches) == 0 {
			t.Errorf("no %s page", ext)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "index", string(raw), folder+"/index.html#y2026")

	// Out again: the next writing, at once, drops the room.
	room.Answers(t, "ana", "!archive public off", "out of the public archive")
	kit.Advance(t, time.Minute)
	if _, err := os.Stat(filepath.Join(dir, folder)); !os.IsNotExist(err) {
		t.Errorf("the room's pages are still there: %v", err)
	}
	rooms, err := archive.PublicRooms(context.Background(), kit.App.DB)
	if err != nil || len(rooms) != 0 {
		t.Errorf("public rooms %v, %v", rooms, err)
	}
}

// TestArchiveRuleByVote: the archive is a rule of the room, which !rules shows and a vote
// changes.
func TestArchiveRuleByVote(t *testing.T) {
	kit := archiveKit(t, filepath.Join(t.TempDir(), "public"))
	room := kit.Room("assembly")
	room.Admin("ana")
	apptest.Has(t, "rules", room.SayOne(t, "bo", "!rules"), "archive")
	room.Answers(t, "ana", "!rules set archive on", "")
	room.Answers(t, "bo", "!archive", "This room is in the public archive", "The archive is written to")
}
