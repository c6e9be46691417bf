package meetings_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/feature/meetings"
)

// uploader is the kit's transport with file uploads, as Matrix and XMPP have.
type uploader struct {
	*apptest.Transport
	mu    sync.Mutex
	files []bot.File
	data  map[string][]byte
	fail  error // what every upload answers, when set
}

func (u *uploader) Upload(_ context.Context, _ bot.Room, f bot.File) (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.fail != nil {
		return "", u.fail
	}
	data, err := io.ReadAll(f.Content)
	if err != nil {
		return "", err
	}
	if u.data == nil {
		u.data = map[string][]byte{}
	}
	u.files = append(u.files, f)
	u.data[f.Name] = data
	return "", nil
}

// meeting is a kit room whose every message also goes through the meetings' log hook,
// as the road (app/host) calls it.
type meeting struct {
	kit  *apptest.Kit
	room *apptest.Room
	via  bot.Transport
}

// own is meetings alone, as a test runs it: no other feature's hooks, so the minutes and
// digests hold what meetings record themselves. Tests that need the others live in app/.
func own() feature.Feature { return meetings.Feature(meetings.Hooks{}) }

func newMeeting(t *testing.T) *meeting {
	kit := apptest.New(t, own())
	room := kit.Room("assembly")
	room.Admin("ana")
	return &meeting{kit: kit, room: room, via: kit.Transport}
}

// say lets the bot handle a message; the road runs the log hook (Feature.OnMessage).
func (m *meeting) say(t *testing.T, who, text string) []string {
	t.Helper()
	return m.room.Say(t, who, text)
}

// one says text and wants one answer containing parts.
func (m *meeting) one(t *testing.T, who, text string, parts ...string) string {
	t.Helper()
	got := m.say(t, who, text)
	if len(got) != 1 {
		t.Fatalf("%s says %q: want one answer, got %q", who, text, got)
	}
	apptest.Has(t, who+" says "+text, got[0], parts...)
	return got[0]
}

func (m *meeting) digests() string { return filepath.Join(m.kit.Config.DataDir, "digests") }

// files lists the files under the digests folder, relative to it.
func (m *meeting) files(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(m.digests(), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(m.digests(), p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

func (m *meeting) read(t *testing.T, suffix string) string {
	t.Helper()
	for _, f := range m.files(t) {
		if strings.HasSuffix(f, suffix) && (suffix == ".log.txt" || !strings.HasSuffix(f, ".log.txt")) {
			data, err := os.ReadFile(filepath.Join(m.digests(), f))
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("no file ending %q among %q", suffix, m.files(t))
	return ""
}

func TestMinutesRegenerate(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start First")
	m.one(t, "bo", "!note kept")
	m.one(t, "ana", "!meeting end")
	m.one(t, "ana", "!meeting start Second")
	m.one(t, "bo", "!note other")
	m.kit.Advance(t, time.Hour)
	m.one(t, "ana", "!meeting end")
	before := len(m.files(t))
	if err := os.Remove(filepath.Join(m.digests(), m.files(t)[0])); err != nil { // lost on disk
		t.Fatal(err)
	}
	// A summary and where the files are, as at the end: not the whole minutes in the room.
	got := m.one(t, "bo", "!minutes 1", "Minutes of meeting 1", "“First”", "2 present", "first.pdf, .html, .txt and .log.txt")
	apptest.Lacks(t, "minutes 1", got, "other", "Note: kept")
	if lines := strings.Count(got, "\n") + 1; lines > 3 {
		t.Errorf("!minutes posts %d lines:\n%s", lines, got)
	}
	if after := len(m.files(t)); after != before {
		t.Errorf("%d files after regenerating, want the %d rewritten in place", after, before)
	}
	apptest.Has(t, "the minutes rewritten", m.read(t, "first.txt"), "Note: kept")
	m.one(t, "bo", "!minutes", "meeting 2", "second.pdf")
	m.one(t, "bo", "!minutes last", "meeting 2")
	for _, bad := range []string{"!minutes 9", "!minutes x", "!minutes 1 2"} {
		m.one(t, "bo", bad, "")
		if len(m.files(t)) != before {
			t.Fatalf("%s wrote files", bad)
		}
	}
	m.one(t, "bo", "!minutes 9", "no meeting 9")
}

func TestUndoKeepsDissent(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	m.one(t, "ana", "!topic Budget")
	m.one(t, "cy", "!dissent the budget ignores the repairs")
	m.one(t, "bo", "!undo", "Only the notetaker")
	m.one(t, "ana", "!undo", "Took back the topic “Budget”")
	m.one(t, "ana", "!undo", "There is nothing left to take back: dissent stays in the minutes and is never taken back.")
	m.one(t, "ana", "!meeting end")
	apptest.Has(t, "minutes", m.read(t, ".txt"), "Dissent: the budget ignores the repairs")
	apptest.Lacks(t, "minutes", m.read(t, ".txt"), "Budget")
}

func TestOneMeetingAtATime(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "bo", "!meeting start Mine", "Only")
	m.one(t, "ana", "!meeting start Plenary", "started")
	m.one(t, "ana", "!meeting start Another", "Meeting 1 (“Plenary”) is still running", "one meeting at a time")
	m.one(t, "ana", "!meeting end", "ended")
	m.one(t, "ana", "!meeting end", "No meeting is running")
	m.one(t, "ana", "!meeting start Another", "Meeting 2")
	other := m.kit.Room("other")
	other.Admin("ana")
	apptest.Has(t, "other room", other.SayOne(t, "ana", "!meeting start"), "Meeting 1", "started")
}

func TestBadInputStoresNothing(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!note before", "No meeting is running")
	m.one(t, "ana", "!meeting start")
	tests := []struct{ say, want string }{
		{"!note", "Usage"},
		{"!topic", "Usage"},
		{"!link notaurl the plan", "not a web address"},
		{"!link javascript:alert(1)", "not a web address"},
		{"!action", "Usage"},
		{"!action fix the gate for nobodyknown", "don't know a member"},
		{"!action fix the gate due someday soon", "couldn't read"},
		{"!note " + strings.Repeat("x", 2001), "under 2000"},
		{"!meeting start " + strings.Repeat("t", 201), "under 200"},
	}
	for _, tc := range tests {
		m.one(t, "ana", tc.say, tc.want)
	}
	got := m.one(t, "ana", "!meeting", "nothing recorded")
	apptest.Lacks(t, "meeting", got, "note", "action")
}

func TestUploads(t *testing.T) {
	kit := apptest.New(t, own())
	up := &uploader{Transport: kit.Transport}
	kit.App.Add(up) // replaces the plain transport of the same protocol
	room := kit.Room("assembly")
	room.Admin("ana")
	say := func(text string) []string {
		msg := bot.Message{Room: room.Room, Sender: apptest.Member("ana"), Text: text, Time: kit.Clock.Now()}
		kit.App.Bot.Deliver(context.Background(), up, msg)
		kit.App.Bot.Flush(context.Background())
		return apptest.Texts(kit.Transport.Take())
	}
	say("!meeting start Plenary")
	say("!note uploaded")
	got := say("!meeting end")
	if len(got) != 1 || !strings.Contains(got[0], "Meeting 1") || strings.Contains(got[0], "Files:") {
		t.Fatalf("end with uploads: %q", got)
	}
	var names []string
	for _, f := range up.files {
		names = append(names, f.Name)
	}
	if len(names) != 4 || !strings.HasSuffix(names[0], "plenary.pdf") || !strings.HasSuffix(names[3], "plenary.log.txt") {
		t.Fatalf("uploaded %q, want the minutes in pdf, html, txt and the log", names)
	}
	if !bytes.HasPrefix(up.data[names[0]], []byte("%PDF")) || !bytes.Contains(up.data[names[2]], []byte("Note: uploaded")) {
		t.Error("the uploaded files are not the minutes")
	}

	// The files go through the outbox: a passing failure is tried again, and nothing is
	// lost; a refusal for good is said in the room, the files kept on disk.
	up.mu.Lock()
	up.fail = errors.New("server unreachable")
	up.mu.Unlock()
	say("!meeting start Second")
	got = say("!meeting end")
	if len(got) != 1 || !strings.Contains(got[0], "Meeting 2") || strings.Contains(got[0], "Files:") {
		t.Fatalf("end while uploads fail: %q", got)
	}
	up.mu.Lock()
	up.fail = nil
	up.mu.Unlock()
	kit.Advance(t, time.Minute)
	if len(up.files) != 8 || !strings.HasSuffix(up.files[4].Name, "second.pdf") {
		t.Fatalf("after the network came back, uploaded %d files", len(up.files))
	}
	up.mu.Lock()
	up.fail = fmt.Errorf("larger than the server takes: %w", bot.ErrUndeliverable)
	up.mu.Unlock()
	say("!meeting start Third")
	got = say("!meeting end")
	if len(got) != 5 || !strings.Contains(got[0], "Meeting 3") || !strings.Contains(got[1], "third.pdf could not be posted here; it is kept in the digests folder.") {
		t.Fatalf("end with uploads refused for good: %q", got)
	}
	n := 0
	filepath.WalkDir(filepath.Join(kit.Config.DataDir, "digests"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(p, "third.") {
			n++
		}
		return nil
	})
	if n != 4 {
		t.Errorf("%d files of the third meeting on disk, want 4 kept despite the refused upload", n)
	}
}

func TestDigestCommand(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start Plenary")
	m.one(t, "ana", "!decided we open the yard on sundays")
	m.one(t, "cy", "!dissent sundays are for rest")
	m.one(t, "ana", "!meeting end")
	m.kit.Advance(t, 24*time.Hour)
	m.one(t, "bo", "!digest --format txt", "Digest", "1 meeting", "1 decision", "1 dissent", "digest-since-2026-11-19.txt",
		"Decided: we open the yard on sundays", "cy: sundays are for rest")
	m.one(t, "bo", "!digest month --format html", ".html")
	m.one(t, "bo", "!digest since 2026-11-01", ".pdf")
	m.one(t, "bo", "!digest since 1 nov --format txt", "1 meeting")
	m.one(t, "bo", "!digest since 2026-11-26 --format txt", "0 meetings")
	for _, tc := range []struct{ say, want string }{
		{"!digest since 2027-01-01", "still to come"},
		{"!digest since whenever", "couldn't read"},
		{"!digest yesterday", "Usage"},
		// A refusal quotes only the word it could not read, and says what works.
		{"!digest someday soon", "I couldn't read “someday”; say week, month or since <date>"},
		{"!digest week soon 🌧", "After week I expected nothing more, not “soon”"},
		{"!digest since 1 nov someday soon", "I couldn't read the date at “someday”, after “1 nov”. Write it like 2026-11-01, 1 nov or 1 nov 2025."},
		{"!digest --format docx", "pdf, html or txt"},
		{"!digest every monday 08:00", "Only"},
	} {
		m.one(t, "bo", tc.say, tc.want)
	}
	if pdfs := 0; true {
		for _, f := range m.files(t) {
			if strings.HasSuffix(f, ".pdf") {
				pdfs++
			}
		}
		if pdfs != 2 {
			t.Errorf("want the meeting's PDF and one digest PDF, got %d in %q", pdfs, m.files(t))
		}
	}
}

func TestScheduledDigest(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!digest every monday 08:00 --format txt", "every Monday", "Mon 30 Nov 08:00")
	m.one(t, "ana", "!meeting start Plenary")
	m.one(t, "ana", "!decided we paint the gate green")
	m.one(t, "ana", "!meeting end")
	posted := apptest.Texts(m.kit.Advance(t, 5*24*time.Hour)) // Mon 30 Nov 10:00 Berlin
	if !apptest.Contains(posted, "Digest", "1 meeting", "1 decision", ".txt") {
		t.Fatalf("no digest posted on Monday: %q", posted)
	}
	posted = apptest.Texts(m.kit.Advance(t, 7*24*time.Hour))
	if !apptest.Contains(posted, "Digest", "0 meetings") {
		t.Fatalf("the next Monday's digest covers only its week: %q", posted)
	}
	m.one(t, "ana", "!digest every off", "No more")
	if posted := m.kit.Advance(t, 7*24*time.Hour); len(posted) != 0 {
		t.Fatalf("a digest after off: %q", apptest.Texts(posted))
	}
}

// A reaction during a meeting is in its log, as what its member said then, and makes them
// present without counting a line; one outside a meeting, or privately, is not kept.
func TestReactionsAreLogged(t *testing.T) {
	m := newMeeting(t)
	m.room.React(t, "bo", "m0", "🎉")
	m.one(t, "ana", "!meeting start")
	m.say(t, "ana", "shall we paint the gate green?")
	if got := m.room.React(t, "Zoë 🌻", m.kit.LastMessageID(), "👍🏽"); len(got) != 0 {
		t.Errorf("a reaction was answered: %q", apptest.Texts(got))
	}
	m.room.React(t, "bo", m.kit.LastMessageID(), strings.Repeat("<b>x</b>", 20))
	m.one(t, "ana", "!meeting end", "3 present", "2 lines said") // ana's question and the !meeting end
	log := m.read(t, ".log.txt")
	for _, want := range []string{"Zoë 🌻: (reacted 👍🏽)", "bo: (reacted <b>x</b><b>x</b><b>x</b><b>x</b…)"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "🎉") {
		t.Errorf("a reaction before the meeting is in its log:\n%s", log)
	}
}

func TestOnMessageWithoutMeetingStoresNothing(t *testing.T) {
	m := newMeeting(t)
	m.say(t, "bo", "hello")
	m.one(t, "ana", "!meeting start")
	m.one(t, "ana", "!meeting end", "1 present, 1 line said")
	if log := m.read(t, ".log.txt"); strings.Contains(log, "hello") {
		t.Errorf("a line said before the meeting is in its log: %q", log)
	}
}

// A digest on a schedule repeats at most every limits.reminder_min_interval: one every
// minute would make and post a file every minute for ever.
func TestDigestScheduleNotTooOften(t *testing.T) {
	m := newMeeting(t)
	for _, every := range []string{"!digest every cron * * * * *", "!digest every cron */30 * * * *", "!digest every cron 0,1 8 * * *"} {
		m.one(t, "ana", every, "That schedule repeats every", "a digest repeats at most every 1 hour here (limits.reminder_min_interval in folkmoot's config)",
			"like every monday 08:00")
	}
	m.one(t, "ana", "!digest every cron 0 * * * *", "A digest (pdf) will be posted")
}
