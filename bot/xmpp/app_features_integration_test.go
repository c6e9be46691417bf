package xmpp_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folkmoot/bot/xmpp"
)

// Issues 13, 14 and 15 on XMPP, through the real core on the real clock: turns are short and
// every wait has a deadline.

// assembly is a non-anonymous room owned by alice with bob and carol in it and folkmoot
// running on dir.
type assembly struct {
	srv               xmpp.Server
	room, dir         string
	alice, bob, carol *xmpp.Person
	bot               *folkmoot
}

func newAssembly(t *testing.T, prefix string) *assembly {
	t.Helper()
	a := &assembly{srv: xmpp.ProsodyServer(t), dir: t.TempDir()}
	a.room = a.srv.NewRoomJID(prefix)
	a.alice = a.srv.Connect(t, "alice")
	a.alice.CreateRoom(a.room, "alice", "anyone")
	a.bob = a.srv.Connect(t, "bob")
	a.bob.Join(a.room, "bob")
	a.carol = a.srv.Connect(t, "carol")
	a.carol.Join(a.room, "carol")
	a.bot = startFolkmoot(t, a.srv, a.dir, a.room)
	a.alice.WaitBot(a.room, false, 30*time.Second)
	return a
}

// restart stops folkmoot and starts another on the same data dir.
func (a *assembly) restart(t *testing.T) {
	t.Helper()
	a.bot.stop(t)
	a.alice.WaitBot(a.room, true, 10*time.Second)
	a.bot = startFolkmoot(t, a.srv, a.dir, a.room)
	a.alice.WaitBot(a.room, false, 30*time.Second)
}

// addressed reports whether a notice addresses nick by nick (and not by address).
func addressed(body, nick string) bool {
	return (strings.Contains(body, " "+nick+" ") || strings.HasPrefix(body, nick)) && !strings.Contains(body, nick+"@")
}

// A listening round: the floor goes to bob, !done passes it to carol, carol's time runs out
// with thanks, and a restart in the middle of a turn resumes it.
func TestIntegrationAppRound(t *testing.T) {
	a := newAssembly(t, "round")
	start := time.Now()
	a.alice.Say(t, a.room, "!round budget --each 10s --pause 5s --with bob@localhost carol@localhost")
	floor := a.bob.WaitFromBot(t, a.room, "has the floor", 15*time.Second)
	if !addressed(floor.Body, "bob") || !strings.Contains(floor.Body, "bob has the floor") {
		t.Fatalf("the floor notice should address bob by nick: %q", floor.Body)
	}
	a.bob.Say(t, a.room, "!done")
	a.carol.WaitFromBot(t, a.room, "carol has the floor", 15*time.Second)
	thanks := a.carol.WaitFromBot(t, a.room, "Time — thank you, carol", 25*time.Second)
	t.Logf("round of two in %v; the last notice: %q", time.Since(start).Round(time.Millisecond), thanks.Body)

	a.bob.Drain()
	a.alice.Say(t, a.room, "!round again --each 2m --with bob@localhost carol@localhost")
	a.bob.WaitFromBot(t, a.room, "bob has the floor", 15*time.Second)
	began := time.Now()
	a.restart(t)
	t.Logf("restart in %v", time.Since(began).Round(time.Millisecond))
	a.carol.Say(t, a.room, "!queue")
	back := a.carol.WaitFromBot(t, a.room, "still has the floor", 20*time.Second)
	if !strings.Contains(back.Body, "bob still has the floor") {
		t.Fatalf("after the restart: %q, want bob still holding the floor", back.Body)
	}
	a.alice.Ask(t, a.room, "!round stop", "is over (stopped early)")
}

// A meeting's minutes are written to the digests folder and posted as files (XEP-0363
// upload, XEP-0066 links) that can be downloaded back.
func TestIntegrationAppMeeting(t *testing.T) {
	a := newAssembly(t, "meeting")
	a.alice.Ask(t, a.room, "!meeting start plenary", "plenary")
	a.bob.Say(t, a.room, "we need new tables")
	a.alice.React(a.room, "tables-1", "👍🏽") // kept in the log, as what alice said then
	a.alice.Ask(t, a.room, "!topic tables")
	a.bob.Ask(t, a.room, "!idea borrow tables from the school")
	a.alice.Ask(t, a.room, "!decided buy six tables")
	a.alice.Say(t, a.room, "!meeting end")
	a.alice.WaitFromBot(t, a.room, "Minutes of meeting 1", 60*time.Second)
	links := map[string]string{}
	for len(links) < 4 {
		m := a.alice.WaitFromBot(t, a.room, "", 60*time.Second)
		if m.OOB == "" {
			continue
		}
		if m.Body != m.OOB {
			t.Errorf("a file link's body should be the URL alone: %q vs %q", m.Body, m.OOB)
		}
		ext := strings.TrimPrefix(filepath.Ext(m.OOB), ".")
		if strings.HasSuffix(m.OOB, ".log.txt") {
			ext = "log.txt"
		}
		links[ext] = m.OOB
	}
	t.Logf("posted: %v", links)
	checks := []struct {
		ext  string
		want func([]byte) bool
	}{
		{"pdf", func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF")) }},
		{"txt", func(b []byte) bool { return bytes.Contains(b, []byte("buy six tables")) }},
		{"html", func(b []byte) bool { return bytes.Contains(b, []byte("borrow tables from the school")) }},
		{"log.txt", func(b []byte) bool {
			return bytes.Contains(b, []byte("we need new tables")) && bytes.Contains(b, []byte("(reacted 👍🏽)"))
		}},
	}
	for _, c := range checks {
		url, ok := links[c.ext]
		if !ok {
			t.Errorf("no .%s posted", c.ext)
			continue
		}
		if b := download(t, url); !c.want(b) {
			t.Errorf(".%s downloaded from %s does not hold what it should: %.200q", c.ext, url, b)
		}
	}

	found := map[string]bool{}
	err := filepath.WalkDir(filepath.Join(a.dir, "digests"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			name := d.Name()
			switch {
			case strings.HasSuffix(name, ".log.txt"):
				found["log.txt"] = true
			default:
				found[strings.TrimPrefix(filepath.Ext(name), ".")] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatalf("digests folder: %v", err)
	}
	for _, ext := range []string{"pdf", "html", "txt", "log.txt"} {
		if !found[ext] {
			t.Errorf("the digests folder has no .%s: %v", ext, found)
		}
	}
}

// download fetches an uploaded file back.
func download(t *testing.T, url string) []byte {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("download %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download %s: %s", url, resp.Status)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("download %s: %v", url, err)
	}
	return b
}

// Tasks for a member by bare JID, the task list, and a reminder that fires in the room.
func TestIntegrationAppTasksAndReminders(t *testing.T) {
	a := newAssembly(t, "tasks")
	a.alice.Ask(t, a.room, "!task add repaint the notice board for bob@localhost due in 2 hours", "Task #1", "repaint the notice board", "bob")
	list := a.bob.Ask(t, a.room, "!tasks", "#1", "repaint the notice board", "bob")
	if strings.Contains(list, "bob@localhost") {
		t.Errorf("!tasks should name bob by nick: %q", list)
	}
	set := time.Now()
	a.alice.Ask(t, a.room, "!remind in 10 seconds water the plants", "water the plants")
	fired := a.alice.WaitFromBot(t, a.room, "water the plants", 30*time.Second)
	t.Logf("reminder fired %v after it was set: %q", time.Since(set).Round(time.Millisecond), fired.Body)
	if d := time.Since(set); d < 9*time.Second {
		t.Fatalf("the reminder fired after %v, before its time", d)
	}
}
