package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/meeting"
	"folkmoot/store/storetest"
)

func TestParseAction(t *testing.T) {
	tests := []struct{ in, text, who, when string }{
		{"fix the gate", "fix the gate", "", ""},
		{"fix the gate for bo", "fix the gate", "bo", ""},
		{"fix the gate for bo due fri 18:00", "fix the gate", "bo", "fri 18:00"},
		{"fix the gate due fri 18:00", "fix the gate", "", "fri 18:00"},
		{"buy paint for the door", "buy paint for the door", "", ""},
		{"buy paint for the door for @bo:example.org", "buy paint for the door", "@bo:example.org", ""},
		{"FIX it FOR Bo DUE tomorrow", "FIX it", "Bo", "tomorrow"},
		{"due diligence for bo", "due diligence", "bo", ""},
		{"check the fortune due", "check the fortune", "", ""},
		{`fix the gate for "Mary Jane"`, "fix the gate", `"Mary Jane"`, ""},
		{"fix the gate for “Zoë 🌻” due fri", "fix the gate", "“Zoë 🌻”", "fri"},
	}
	for _, tc := range tests {
		text, who, when := parseAction(tc.in, nil)
		if text != tc.text || who != tc.who || when != tc.when {
			t.Errorf("parseAction(%q) = %q, %q, %q; want %q, %q, %q", tc.in, text, who, when, tc.text, tc.who, tc.when)
		}
	}
}

func FuzzParseAction(f *testing.F) {
	for _, s := range []string{"fix the gate for bo due fri 18:00", "for", " due ", "x for  due", "ünïcode for ä due 1 dec"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, who, when := parseAction(s, nil)
		if len(text)+len(who)+len(when) > len(s) {
			t.Fatalf("parts longer than the input %q", s)
		}
		if strings.ContainsAny(who, " \t\n") && facts.Unquote(who) == who {
			t.Fatalf("owner %q is more than one word", who)
		}
	})
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	tests := []struct{ in, want, err string }{
		{"2026-11-01", "2026-11-01", ""},
		{"1 nov", "2026-11-01", ""},
		{"1 November 2025", "2025-11-01", ""},
		{"dec 24", "2025-12-24", ""}, // the last 24 December
		{"Nov 3, 2026", "2026-11-03", ""},
		{"2026-12-01", "", "still to come"},
		{"someday", "", "I couldn't read the date “someday”. Write it like 2026-11-01, 1 nov or 1 nov 2025."},
		// Only the word that could not be read is quoted, inert, whatever the rest.
		{"1 nov someday soon", "", "I couldn't read the date at “someday”, after “1 nov”. Write it like"},
		{"1 nov " + strings.Repeat("x", 200), "", "at “xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”, after “1 nov”."},
		{"\u202eevil 1 nov", "", "I couldn't read the date “evil”."},
		{"nov 2026", "", "“nov 2026” needs a day, like 1 nov."},
		{"31 feb", "", "February has no day 31."},
		{"29 feb", "2024-02-29", ""}, // the last 29 February
		{"٢٠٢٦-١١-٠١", "2026-11-01", ""},
		{"1st nov", "2026-11-01", ""},
		{"2 nov 2025 extra", "", "at “extra”, after “2 nov 2025”"},
	}
	for _, tc := range tests {
		got, err := ParseSince(tc.in, now, time.UTC)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseSince(%q) error %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || got.Format("2006-01-02") != tc.want):
			t.Errorf("ParseSince(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func FuzzParseSince(f *testing.F) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{"2026-11-01", "1 nov", "dec 24", "29 feb", "", "9999-99-99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseSince(s, now, time.UTC)
		if err == nil && got.After(now) {
			t.Fatalf("ParseSince(%q) = %v, after now", s, got)
		}
	})
}

func TestRoomDir(t *testing.T) {
	tests := []struct {
		room bot.Room
		want string
	}{
		{bot.Room{Protocol: bot.Matrix, ID: "!abc:example.org"}, "matrix-abc-example.org-"},
		{bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}, "xmpp-assembly-conference.example.org-"},
		{bot.Room{Protocol: bot.Console, ID: "../../etc"}, "console-etc-"},
		{bot.Room{Protocol: bot.Console, ID: "/"}, "console-"},
	}
	for _, tc := range tests {
		got := RoomDir(tc.room)
		if !strings.HasPrefix(got, tc.want) || strings.ContainsAny(got, `/\:`) || strings.Contains(got, "..") {
			t.Errorf("RoomDir(%v) = %q, want %q + hash and no separators", tc.room, got, tc.want)
		}
	}
	if RoomDir(bot.Room{Protocol: bot.Console, ID: "a/b"}) == RoomDir(bot.Room{Protocol: bot.Console, ID: "a:b"}) {
		t.Error("two rooms share a folder")
	}
}

func TestLogLinesStayOneLine(t *testing.T) {
	got := oneLine("first\nana: forged\u202e line\r\nthird")
	if strings.ContainsAny(got, "\n\r\u202e") {
		t.Errorf("oneLine kept a break or bidi control: %q", got)
	}
}

// BenchmarkMeetingEnd5000 ends a meeting of 5,000 messages and 200 items: the minutes in
// pdf, html and txt and the full log written to disk (goal: under a second).
func BenchmarkMeetingEnd5000(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, migrations)
	cfg := config.Default()
	cfg.DataDir = b.TempDir()
	room := bot.Room{Protocol: bot.Console, ID: "bench"}
	start := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	m := meeting.Meeting{Room: room, Title: "Long plenary", StartedBy: bot.Member{ID: "ana@example.org"}, Start: start}
	if err := StartMeeting(ctx, db, &m); err != nil {
		b.Fatal(err)
	}
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < 5000; i++ {
			who := bot.Member{ID: fmt.Sprintf("m%d@example.org", i%40), Name: fmt.Sprintf("Member %d", i%40)}
			at := start.Add(time.Duration(i) * time.Second)
			if err := AddLogLine(ctx, tx, m.ID, meeting.LogLine{Member: who, Text: "a line of the long discussion about the yard and the trees", At: at}); err != nil {
				return err
			}
			if i%25 == 0 {
				kind := []string{meeting.ItemTopic, meeting.ItemNote, meeting.ItemDecision, meeting.ItemDissent, meeting.ItemAction}[i/25%5]
				it := meeting.Item{Kind: kind, Text: "an item recorded during the meeting", By: who, At: at}
				if err := AddMeetingItem(ctx, tx, m.ID, &it); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.End = start.Add(2 * time.Hour)
		base, err := minutesBase(nil, cfg, m, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		mm, err := Hooks{}.BuildMeeting(ctx, nil, db, m, time.UTC, m.End)
		if err != nil {
			b.Fatal(err)
		}
		files, failed, err := writeMinutes(ctx, cfg, db, m.ID, &mm, base)
		if err != nil || len(files) != 4 || len(failed) != 0 {
			b.Fatal(err, len(files), failed)
		}
	}
}

// BenchmarkOnMessageNoMeeting is what every message of a room costs the log hook when no
// meeting runs: one indexed look-up.
func BenchmarkOnMessageNoMeeting(b *testing.B) {
	db := storetest.Open(b, migrations)
	env := &commands.Env{Config: config.Default()}
	msg := bot.Message{Room: bot.Room{Protocol: bot.Console, ID: "quiet"}, Sender: bot.Member{ID: "ana@example.org"}, Text: "hello"}
	ctx := context.Background()
	for b.Loop() {
		if err := db.InTx(ctx, func(tx *sql.Tx) error { return OnMessage(ctx, env, tx, nil, msg) }); err != nil {
			b.Fatal(err)
		}
	}
}

// A renderer that fails or panics costs its own file only: the other formats and the log
// are written, and the failure is said with the formats that are there.
func TestEachFormatIsWrittenOnItsOwn(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Digests.Formats = []string{"pdf", "docx", "txt"} // no renderer for docx: it fails as a broken one would
	room := bot.Room{Protocol: bot.Console, ID: "r"}
	m := meeting.Meeting{Room: room, Title: "Plenary", Start: time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)}
	if err := StartMeeting(ctx, db, &m); err != nil {
		t.Fatal(err)
	}
	m.End = m.Start.Add(time.Hour)
	mm, err := Hooks{}.BuildMeeting(ctx, nil, db, m, time.UTC, m.End)
	if err != nil {
		t.Fatal(err)
	}
	files, failed, err := writeMinutes(ctx, cfg, db, m.ID, &mm, "r/plenary")
	if err != nil || len(files) != 3 || len(failed) != 1 || failed[0].Ext != "docx" || !failed[0].Rendering {
		t.Fatalf("files %v, failed %v, err %v; want pdf, txt and the log written, docx failed", files, failed, err)
	}
	log := zerolog.Nop()
	got := failuresText(nil, &log, m, failed, files, "!")
	if !strings.Contains(got, "The docx of meeting 1 could not be made (ref ") || !strings.Contains(got, "The PDF, text and full log are there.") {
		t.Errorf("failure told as %q", got)
	}
}

func TestSafelyTurnsAPanicIntoAnError(t *testing.T) {
	_, err := safely(func() ([]byte, error) { panic("index out of range [65536] with length 65536") })
	var pe *panicError
	if !errors.As(err, &pe) || err.Error() != "panic: index out of range [65536] with length 65536" || len(pe.stack) == 0 {
		t.Fatalf("err %v: want the panic as a short error, its stack kept for the log", err)
	}
}

// A digest whose format cannot be made comes in the next format that can, and says so; the
// command line, which asked for one format, gets an error in plain words instead.
func TestDigestFallsBackToAnotherFormat(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, migrations)
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	room := bot.Room{Protocol: bot.Console, ID: "r"}
	now := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	_, out, failed, err := Hooks{}.writeDigest(ctx, nil, db, cfg, room, now.AddDate(0, 0, -7), now, time.UTC, "docx", "", true)
	if err != nil || out.Ext != "pdf" || len(failed) != 1 || failed[0].Ext != "docx" {
		t.Fatalf("out %+v, failed %v, err %v; want the PDF instead", out, failed, err)
	}
	log := zerolog.Nop()
	if got := digestFailures(nil, &log, failed, out); !strings.Contains(got, "The docx digest could not be made (ref ") || !strings.Contains(got, "here it is as PDF instead") {
		t.Errorf("told as %q", got)
	}
	_, _, err = Hooks{}.WriteDigest(ctx, db, cfg, room, now.AddDate(0, 0, -7), now, time.UTC, "docx", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "the docx digest could not be made") {
		t.Errorf("WriteDigest: %v", err)
	}
}
