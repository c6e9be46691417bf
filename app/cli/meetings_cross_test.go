package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
	"folkmoot/app/cli"
	"folkmoot/bot"
)

// Tests of the meetings' digest on the command line (folkmoot digest), with the whole app:
// they live beside the command line, the one package besides the adapters and the main that
// may reach the protocol libraries.

func TestCommandLineDigest(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute) // the command line reads the real clock
	kit := apptest.NewAt(t, dir, start, app.Features()...)
	// The command line finds the kit\'s database where a deployment would say it is.
	if u := kit.Config.DatabaseURL; u != "" {
		t.Setenv("FOLKMOOT_DATABASE_URL", u)
	}
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!meeting start Plenary", "started")
	room.Answers(t, "ana", "!decided we print the minutes for the notice board", "Decided")
	room.Answers(t, "ana", "!meeting end", "ended")

	out := t.TempDir()
	since := start.AddDate(0, 0, -1).Format("2006-01-02")
	for _, format := range []string{"pdf", "txt"} {
		var stdout, stderr bytes.Buffer
		code := cli.Main([]string{"digest", "--data", dir, "--room", "console:assembly", "--since", since, "--format", format, "--out", out},
			nil, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("digest --format %s: exit %d: %s", format, code, stderr.String())
		}
		path := strings.TrimSpace(stdout.String())
		data, err := os.ReadFile(path)
		if err != nil || filepath.Dir(path) != out {
			t.Fatalf("digest written to %q (%v), want a file in %s", path, err, out)
		}
		if format == "pdf" && !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("the PDF digest starts %q", data[:min(len(data), 8)])
		}
		if format == "txt" && !bytes.Contains(data, []byte("we print the minutes for the notice board")) {
			t.Errorf("the text digest lacks the decision:\n%s", data)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := cli.Main([]string{"digest", "--data", dir}, nil, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "--room") {
		t.Errorf("digest without a room: exit %d, %q", code, stderr.String())
	}
}

// A story, a task and a vote with emoji reach the digest, in every format and on the
// command line.
func TestAnEmojiKeepsTheDigest(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute) // the command line reads the real clock
	kit := apptest.NewAt(t, dir, start, app.Features()...)
	// The command line finds the kit\'s database where a deployment would say it is.
	if u := kit.Config.DatabaseURL; u != "" {
		t.Setenv("FOLKMOOT_DATABASE_URL", u)
	}
	room := kit.Room("assembly")
	room.Admin("ana")
	room.SayAs(t, bot.Member{ID: "zoe@example.org", Name: "Zoë 🌻"}, "!story the 🐝 came back to the 🌻")
	room.Say(t, "ana", "!task add fix the 🚲 shed")
	room.Say(t, "ana", `!vote new "Paint the door 🎨?"`)
	room.Say(t, "ana", "!measure bees 🐝 12")
	room.Answers(t, "ana", "!meeting start Plenum 🌧", "started")
	room.Answers(t, "ana", "!decided we keep the 🐝", "Decided")
	room.Answers(t, "ana", "!meeting end", "ended")
	kit.Advance(t, time.Hour)
	for _, format := range []string{"pdf", "html", "txt"} {
		got := room.SayOne(t, "bo", "!digest --format "+format)
		apptest.Has(t, "digest "+format, got, "Digest", "1 meeting", "."+format)
		apptest.Lacks(t, "digest "+format, got, "Something went wrong", "could not")
	}
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := cli.Main([]string{"digest", "--data", dir, "--room", "console:assembly", "--since", start.AddDate(0, 0, -1).Format("2006-01-02"),
		"--format", "pdf", "--out", out}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("folkmoot digest --format pdf: exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(strings.TrimSpace(stdout.String()))
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("the PDF digest: %v", err)
	}
	if text := pdfText(t, data); text != "" {
		apptest.Has(t, "the PDF digest's text", text, "the 🐝 came back to the 🌻", "Zoë 🌻", "we keep the 🐝")
	}
}

// pdfText is the text layer of a PDF (pdftotext), or "" without poppler-utils.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
			t.Fatal("pdftotext not installed (scripts/print-tools.sh installs it)")
		}
		t.Log("pdftotext not installed: the PDF's text layer is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "m.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
