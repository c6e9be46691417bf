package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/feature/archive"
)

// TestArchiveCommandLine: `folkmoot archive` writes the site of the rooms that opted in from
// the data directory, and says where to write it when nothing does.
func TestArchiveCommandLine(t *testing.T) {
	data := t.TempDir()
	kit := apptest.NewAt(t, data, apptest.Start, app.Features()...)
	// The command line finds the kit\'s database where a deployment would say it is.
	if u := kit.Config.DatabaseURL; u != "" {
		t.Setenv("FOLKMOOT_DATABASE_URL", u)
	}
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!archive public on", "now in the public archive")
	room.Say(t, "ana", "!meeting start Plenary")
	room.Say(t, "ana", "!meeting end")

	out := filepath.Join(t.TempDir(), "site")
	code, said := folkmoot("archive", "--data", data, "--out", out)
	if code != 0 || !strings.Contains(said, "Wrote the public archive of 1 rooms (1 meetings") {
		t.Fatalf("archive: exit %d: %s", code, said)
	}
	for _, f := range []string{"index.html", archive.RoomFolder(room.Room) + "/index.html", archive.RoomFolder(room.Room) + "/feed.atom"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	if code, said := folkmoot("archive", "--data", data); code == 0 || !strings.Contains(said, "say where with --out") {
		t.Errorf("archive without a folder: exit %d: %s", code, said)
	}
}
