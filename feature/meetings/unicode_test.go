package meetings_test

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
	"folkmoot/feature/meetings"
)

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

// One emoji used to lose the minutes: fpdf panicked on any character above U+FFFF, and PDF
// came first, so no file was written and !minutes failed for good.
func TestAnEmojiKeepsTheMinutes(t *testing.T) {
	m := newMeeting(t)
	zoe := bot.Member{ID: "zoe@example.org", Name: "Zoë 🌻"}
	m.one(t, "ana", "!meeting start Plenum 🌧 会议", "started")
	m.one(t, "bo", "!note rain 🌧", "Noted")
	m.room.SayAs(t, zoe, "!idea a rain barrel 🛢️ for the 👩‍👩‍👧 in رێزان's yard")
	m.one(t, "ana", "!decided we buy 𝕏 barrels", "Decided")
	end := m.one(t, "ana", "!meeting end", "Meeting 1", "ended", ".pdf, .html, .txt and .log.txt")
	apptest.Lacks(t, "end", end, "Something went wrong", "could not")
	if files := m.files(t); len(files) != 4 {
		t.Fatalf("files %q, want the minutes in pdf, html, txt and the log", files)
	}
	for _, ext := range []string{"plenum-会议.txt", ".html", ".log.txt"} {
		apptest.Has(t, ext, m.read(t, ext), "rain 🌧", "Zoë 🌻", "👩‍👩‍👧", "𝕏 barrels")
	}
	if text := pdfText(t, []byte(m.read(t, ".pdf"))); text != "" {
		apptest.Has(t, "the PDF's text", text, "Plenum 🌧 会议", "rain 🌧", "Zoë 🌻", "👩‍👩‍👧", "𝕏 barrels")
	}
	again := m.one(t, "bo", "!minutes", "Minutes of meeting 1")
	apptest.Lacks(t, "minutes again", again, "Something went wrong", "could not")
}

// A story, a task and a vote with emoji reach the digest, in every format and on the
// command line.
func TestAnEmojiKeepsTheDigest(t *testing.T) {
	dir := t.TempDir()
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute) // the command line reads the real clock
	kit := apptest.NewAt(t, dir, start, app.Features()...)
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

// Each file of the minutes is written on its own: one that cannot be written costs that file
// only, the room hears which, and that the others are there.
func TestOneFormatFailingKeepsTheOthers(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start Plenary")
	m.one(t, "bo", "!note kept")
	m.one(t, "ana", "!meeting end", "ended")
	var pdf string
	for _, f := range m.files(t) {
		if strings.HasSuffix(f, ".pdf") {
			pdf = filepath.Join(m.digests(), f)
		}
	}
	// The PDF's name is taken by a folder: writing it fails, the others do not.
	if err := os.Remove(pdf); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(pdf, "in-the-way"), 0o755); err != nil {
		t.Fatal(err)
	}
	got := m.one(t, "bo", "!minutes 1", "Minutes of meeting 1", "The PDF of meeting 1 could not be made (ref ",
		"The HTML, text and full log are there.", ".html, .txt and .log.txt in the digests folder")
	apptest.Lacks(t, "minutes", got, "Something went wrong", "plenary.pdf")
	apptest.Has(t, "status", m.one(t, "ana", "!status"), "minutes of meeting 1 (“Plenary”) are missing", "!minutes 1 makes them again")
}

// kill -9 during !meeting end left the meeting ended and no files, with half-written
// temporary files, a notice in UTC and nothing in !status. Now a job added with the end
// writes the minutes at the next start, cleans the temporary files, and says so in the
// room's time.
func TestMinutesLostAtTheEndAreMadeAtTheNextStart(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!meeting start Plenary", "started")
	room.Answers(t, "bo", "!note the gate 🚪 squeaks", "Noted")
	kit.Advance(t, 50*time.Minute)
	// The folder cannot be made while the meeting ends, as if folkmoot died before writing.
	digests := filepath.Join(dir, "digests")
	if err := os.WriteFile(digests, []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	room.Answers(t, "ana", "!meeting end", "Meeting 1", "could not be written", "!minutes 1 tries again")
	apptest.Has(t, "status", room.SayOne(t, "bo", "!status"), "The minutes of meeting 1 are not written yet: folkmoot writes them Wed 25 Nov 10:52 CET, or now with !minutes 1.")
	kit.Close()

	// The stop: the folder is back, with a temporary file a write left half-done.
	if err := os.Remove(digests); err != nil {
		t.Fatal(err)
	}
	yearDir := filepath.Join(digests, meetings.RoomDir(room.Room), "2026")
	if err := os.MkdirAll(yearDir, 0o755); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(yearDir, ".minutes-123456")
	if err := os.WriteFile(leftover, []byte("half a PDF"), 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // the file system's clock: a stop an hour ago
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	kit = apptest.NewAt(t, dir, apptest.Start.Add(3*time.Hour), app.Features()...)
	room = kit.Room("assembly")
	posted := apptest.Texts(kit.Tick(t))
	if !apptest.Contains(posted, "The minutes of meeting 1 (“Plenary”), which ended Wed 25 Nov 10:50 CET, were missing", "plenary.pdf, .html, .txt and .log.txt") {
		t.Fatalf("no notice of the minutes made at the start: %q", posted)
	}
	entries, _ := os.ReadDir(yearDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 4 || strings.Contains(strings.Join(names, " "), ".minutes-") {
		t.Fatalf("files %q, want the four minutes and no temporary file", names)
	}
	data, err := os.ReadFile(filepath.Join(yearDir, "2026-11-25-1000-plenary.txt"))
	if err != nil || !strings.Contains(string(data), "the gate 🚪 squeaks") {
		t.Fatalf("the text minutes (%v):\n%s", err, data)
	}
	apptest.Lacks(t, "status", room.SayOne(t, "bo", "!status"), "minutes")
	if posted := kit.Advance(t, time.Hour); len(posted) != 0 {
		t.Fatalf("the job ran again: %q", apptest.Texts(posted))
	}
}

// Minutes missing from the digests folder (removed, or lost before folkmoot kept a job for
// them) are made again at the next !meeting start, and !status says they are missing.
func TestMissingMinutesAreMadeAtTheNextMeeting(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start First")
	m.one(t, "bo", "!note kept")
	m.one(t, "ana", "!meeting end")
	for _, f := range m.files(t) {
		if err := os.Remove(filepath.Join(m.digests(), f)); err != nil {
			t.Fatal(err)
		}
	}
	m.one(t, "bo", "!status", "The minutes of meeting 1 (“First”) are missing from the digests folder: !minutes 1 makes them again.")
	start := m.say(t, "ana", "!meeting start Second")
	if !apptest.Contains(start, "Meeting 2", "The minutes of meeting 1 (“First”), which ended", "were missing", "first.pdf, .html, .txt and .log.txt") {
		t.Fatalf("start: %q", start)
	}
	if n := len(m.files(t)); n != 4 {
		t.Fatalf("%d files, want the first meeting's four", n)
	}
	apptest.Lacks(t, "status", m.one(t, "bo", "!status"), "missing")
}

// A scheduled digest that fails for a reason a retry cannot mend is given up with one notice
// and goes on next week; it used to be retried every quarter of an hour for weeks.
func TestAFailingScheduledDigestIsGivenUp(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!digest every monday 08:00 --format txt", "every Monday")
	// The room's folder is a file: writing any digest fails, and will again.
	if err := os.MkdirAll(m.digests(), 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(m.digests(), meetings.RoomDir(m.room.Room))
	if err := os.WriteFile(dir, []byte("in the way"), 0o644); err != nil {
		t.Fatal(err)
	}
	posted := apptest.Texts(m.kit.Advance(t, 5*24*time.Hour)) // Mon 30 Nov 08:00 Berlin
	if len(posted) != 1 || !strings.Contains(posted[0], "Something went wrong with the scheduled digest due Mon 30 Nov 08:00 CET") ||
		!strings.Contains(posted[0], "The next one is due Mon 7 Dec 08:00 CET.") {
		t.Fatalf("notices %q, want one saying the digest was given up and when the next is", posted)
	}
	if more := m.kit.Advance(t, 24*time.Hour); len(more) != 0 {
		t.Fatalf("retried: %q", apptest.Texts(more))
	}
	status := m.one(t, "ana", "!status")
	apptest.Lacks(t, "status", status, "Delayed", "the the")
	var tries int
	if err := m.kit.App.DB.QueryRow(`SELECT SUM(attempts) FROM jobs WHERE kind = 'meeting.digest'`).Scan(&tries); err != nil || tries != 1 {
		t.Fatalf("%d tries (%v), want 1", tries, err)
	}
	// Mended: the next Monday's digest comes.
	if err := os.Remove(dir); err != nil {
		t.Fatal(err)
	}
	posted = apptest.Texts(m.kit.Advance(t, 6*24*time.Hour))
	if !apptest.Contains(posted, "Digest", ".txt") {
		t.Fatalf("the next digest: %q", posted)
	}
}

// Every file keeps one line per message: a line or paragraph separator, a carriage return
// or a form feed in a message cannot forge a line of the log, and invisible characters (the
// byte-order mark, zero-width spaces) reach no file.
func TestOneLinePerMessageInEveryFile(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	forged := "the rain\u2028" + "10:01 ana: I resign\u2029" + "10:02 cy: me too\r10:03 dee: and me\fend"
	m.say(t, "bo", forged)
	m.one(t, "bo", "!note \uFEFFhidden\u200Bword and a\u2028line", "Noted")
	m.one(t, "ana", "!meeting end")
	log := m.read(t, ".log.txt")
	for _, l := range strings.Split(strings.TrimRight(log, "\n"), "\n") {
		if strings.Contains(l, "I resign") && !strings.HasPrefix(l, "10:00 bo: the rain ⏎ 10:01 ana: I resign ⏎ 10:02 cy: me too ⏎ 10:03 dee: and me ⏎ end") {
			t.Errorf("a forged line in the log: %q", l)
		}
	}
	if n := strings.Count(log, "\n"); n != 3 {
		t.Errorf("%d lines in the log, want 3 (the message, the note, the end):\n%s", n, log)
	}
	for _, ext := range []string{".log.txt", ".txt", ".html"} {
		got := m.read(t, ext)
		for _, bad := range []string{"\u2028", "\u2029", "\r", "\f", "\uFEFF", "\u200B"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s keeps %q", ext, bad)
			}
		}
	}
	apptest.Has(t, "text minutes", m.read(t, "minutes.txt"), "Note: hiddenword and a line")
}

// A meeting without !topic has no topic to count: the summary used to say "1 topic" for the
// "General" heading the minutes gather untopical items under.
func TestSummaryCountsOnlyTopicsGiven(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	m.one(t, "bo", "!note no topic here")
	end := m.one(t, "ana", "!meeting end", "0 decisions, 0 dissents, 0 actions; 2 present")
	apptest.Lacks(t, "end", end, "topic")
	m.one(t, "ana", "!meeting start")
	m.one(t, "ana", "!topic The gate")
	m.one(t, "ana", "!meeting end", "1 topic, 0 decisions")
}
