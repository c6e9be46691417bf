package meetings_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
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
