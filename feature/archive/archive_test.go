package archive_test

import (
	"context"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/facts"
	"folkmoot/feature/archive"
	"folkmoot/mandate"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

func TestArchiveCommand(t *testing.T) {
	kit := apptest.New(t, archive.Feature(archive.Sources{}))
	room := kit.Room("assembly")
	room.Admin("ana")
	steps := []struct{ who, say, want string }{
		{"bo", "!archive", "This room is not in the public archive (the default). The facilitator-level opts in with !archive public on."},
		{"bo", "!archive public on", "!archive public"}, // refused: facilitator-level
		{"ana", "!archive public", "not in the public archive"},
		{"ana", "!archive public maybe", "Say on or off. Usage: !archive public on|off"},
		{"ana", "!archive public on", "This room is now in the public archive"},
		{"ana", "!archive public on", "This room is in the public archive already."},
		{"bo", "!archive", "No folder is configured for the archive: the operator writes it with folkmoot archive --out <folder>."},
		{"ana", "!archive public off", "This room is out of the public archive"},
		{"ana", "!archive public off", "This room is not in the public archive."},
	}
	for _, s := range steps {
		room.Answers(t, s.who, s.say, s.want)
	}
	if public, _ := archive.IsPublic(context.Background(), kit.App.DB, room.Room); public {
		t.Error("the room is still public")
	}
}

// hostile are members' texts that must stay text on every page.
var hostile = []string{"<script>alert(1)</script>", "Zoë 🌻", "رێزان", "会议记录", "e\u0301te\u0301", `"quoted" & 'single'`}

// fakeSources stand for meetings, votes and mandates: one ended meeting and one running in
// each room, a secret vote, a recalled mandate, all with hostile text. asked records which
// rooms were read.
func fakeSources(asked map[string]bool) archive.Sources {
	title := strings.Join(hostile, " ")
	start := time.Date(2026, 11, 18, 18, 0, 0, 0, time.UTC)
	return archive.Sources{
		Meetings: func(_ context.Context, _ store.Querier, room bot.Room, _, _ time.Time) ([]meeting.Meeting, error) {
			asked[room.Key()] = true
			return []meeting.Meeting{
				{ID: 1, Room: room, Number: 1, Title: title, Start: start, End: start.Add(2 * time.Hour)},
				{ID: 2, Room: room, Number: 2, Title: "still running", Start: start.AddDate(0, 0, 7)},
			}, nil
		},
		Minutes: func(_ context.Context, l *words.Lang, _ store.Querier, m meeting.Meeting, loc *time.Location, _ time.Time) (minutes.Meeting, error) {
			return minutes.Meeting{Assembly: m.Room.ID, Title: m.Title, Start: m.Start, End: m.End, Location: loc, Lang: l,
				Present: []minutes.Person{{Name: "Zoë 🌻", Lines: 3}},
				Topics: []minutes.Topic{{Title: "<b>rent</b>", Items: []minutes.Item{
					{Kind: minutes.Decision, At: m.Start.Add(time.Hour), By: "رێزان", Text: "paint it <i>green</i>"},
					{Kind: minutes.Link, At: m.Start.Add(time.Hour), Text: "see", URL: "javascript:alert(1)"},
				}}}}, nil
		},
		Decisions: func(_ context.Context, _ store.Querier, room bot.Room, _, _ time.Time) ([]vote.Vote, error) {
			return []vote.Vote{{Number: 1, Room: room, Question: "<script>who</script> cleans?", ClosedAt: start.Add(90 * time.Minute),
				Rules: vote.Rules{Kind: vote.Majority, Secret: true}, Outcome: vote.Passed, Voters: 3, Eligible: 4,
				FinalCounts: []vote.Count{{Option: vote.Option{Key: "yes"}, N: 2}, {Option: vote.Option{Key: "no"}, N: 1}}}}, nil
		},
		Mandates: func(_ context.Context, _ store.Querier, room bot.Room) ([]mandate.Mandate, error) {
			return []mandate.Mandate{{Number: 1, Member: bot.Member{ID: "zoe@example.org", Name: "Zoë 🌻"}, Scope: "talk to <the> landlord",
				Start: start, Ends: start.AddDate(0, 1, 0), EndedAt: start.AddDate(0, 0, 3), EndReason: mandate.Recalled}}, nil
		},
		EndWords: func(l *words.Lang, m mandate.Mandate, _ facts.Roster) string { return "recalled by vote #2" },
		Digest: func(_ context.Context, l *words.Lang, _ store.Querier, room bot.Room, from, to, now time.Time, loc *time.Location) (minutes.Digest, error) {
			return minutes.Digest{Assembly: room.ID, From: from, To: to, Now: now, Location: loc, Lang: l}, nil
		},
	}
}

// publicKit is a kit whose room "assembly" is public and "private" is not.
func publicKit(t *testing.T) (*apptest.Kit, *apptest.Room, *apptest.Room) {
	kit := apptest.New(t, archive.Feature(archive.Sources{}))
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!archive public on", "now in the public archive")
	other := kit.Room("private")
	other.Say(t, "ana", "hello")
	return kit, room, other
}

func TestSiteIsInertAndWhole(t *testing.T) {
	kit, room, other := publicKit(t)
	asked := map[string]bool{}
	dir := filepath.Join(t.TempDir(), "site")
	rep, err := archive.Build(context.Background(), kit.App.DB, kit.Config, fakeSources(asked), dir, kit.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rooms != 1 || rep.Meetings != 1 {
		t.Errorf("report %+v, want 1 room and 1 ended meeting", rep)
	}
	if asked[other.Room.Key()] || !asked[room.Room.Key()] {
		t.Errorf("rooms read: %v", asked)
	}
	pages := checkSite(t, dir)
	folder := filepath.Join(dir, archive.RoomFolder(room.Room))
	for _, want := range []string{"index.html", "decisions.html", "mandates.html", "feed.atom", "digests/2026-11.html"} {
		if _, ok := pages[filepath.Join(folder, want)]; !ok {
			t.Errorf("no %s", want)
		}
	}
	var all strings.Builder
	for path, text := range pages {
		if strings.Contains(text, "<script") || strings.Contains(text, "<b>rent") || strings.Contains(text, "<i>green") ||
			strings.Contains(text, `href="javascript:`) {
			t.Errorf("%s lets a member's markup through", path)
		}
		if strings.Contains(text, "still running") {
			t.Errorf("%s shows a meeting that has not ended", path)
		}
		if strings.Contains(path, archive.RoomFolder(other.Room)) || strings.Contains(text, other.Room.ID) {
			t.Errorf("%s shows the private room", path)
		}
		all.WriteString(html.UnescapeString(text))
	}
	for _, want := range append(hostile, "secret ballot: only the counts are published", "2 yes", "recalled by vote #2",
		"talk to <the> landlord", "paint it <i>green</i>") {
		apptest.Has(t, "site", all.String(), want)
	}
	decisions := pages[filepath.Join(folder, "decisions.html")]
	apptest.Has(t, "decisions", decisions, "&lt;script&gt;who&lt;/script&gt; cleans?", `href="meetings/0001-`)
}

func TestSiteInTheRoomsLanguage(t *testing.T) {
	kit, room, _ := publicKit(t)
	if err := facts.SetRoomLanguage(context.Background(), kit.App.DB, room.Room, "ckb", kit.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := archive.Build(context.Background(), kit.App.DB, kit.Config, fakeSources(map[string]bool{}), dir, kit.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, archive.RoomFolder(room.Room), "mandates.html"))
	if err != nil {
		t.Fatal(err)
	}
	apptest.Has(t, "Sorani page", string(b), `lang="ckb" dir="rtl"`, "ڕاسپاردەکان")
}

// TestBuildReplacesOnlyAnArchive: a build replaces its own folder, and refuses one that holds
// other files.
func TestBuildReplacesOnlyAnArchive(t *testing.T) {
	kit, _, _ := publicKit(t)
	dir := t.TempDir()
	src := fakeSources(map[string]bool{})
	if err := os.WriteFile(filepath.Join(dir, "thesis.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := archive.Build(context.Background(), kit.App.DB, kit.Config, src, dir, kit.Clock.Now()); err == nil || !strings.Contains(err.Error(), "holds other files") {
		t.Fatalf("built over someone's folder: %v", err)
	}
	site := filepath.Join(dir, "site")
	for range 2 {
		if _, err := archive.Build(context.Background(), kit.App.DB, kit.Config, src, site, kit.Clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestRoomFolder(t *testing.T) {
	tests := []struct {
		room bot.Room
		want string // its readable start
	}{
		{bot.Room{Protocol: bot.Matrix, ID: "!abc:example.org"}, "matrix-abc-example-org-"},
		{bot.Room{Protocol: bot.Matrix, ID: "!ABC:example.org"}, "matrix-abc-example-org-"},
		{bot.Room{Protocol: bot.XMPP, ID: "رێزان@conference.example.org"}, "xmpp-رێزان-conference-example-org-"},
		{bot.Room{Protocol: bot.XMPP, ID: "../../etc@x"}, "xmpp-etc-x-"},
		{bot.Room{Protocol: bot.Console, ID: "🌻"}, "console-"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		got := archive.RoomFolder(tc.room)
		if !strings.HasPrefix(got, tc.want) || strings.ContainsAny(got, `/\.:`) || seen[got] || got != archive.RoomFolder(tc.room) {
			t.Errorf("RoomFolder(%v) = %q, want %q… unique, stable and safe", tc.room, got, tc.want)
		}
		seen[got] = true
	}
}

// buildWith builds the site of the kit's public rooms from fakeSources into dir.
func buildWith(kit *apptest.Kit, dir string) (archive.Report, error) {
	return archive.Build(context.Background(), kit.App.DB, kit.Config, fakeSources(map[string]bool{}), dir, kit.Clock.Now())
}

// roomFolder is a kit room's folder in the site.
func roomFolder(r *apptest.Room) string { return archive.RoomFolder(r.Room) }
