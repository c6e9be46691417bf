package matrix_test

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"

	"folkmoot/bot/matrix"
)

// A meeting run start to end in an encrypted room on the real core: at !meeting end the
// minutes (pdf, html, txt) and the full log are written to the digests folder and posted
// as encrypted files, which a member downloads and decrypts, and the reply sums it up.
func TestIntegrationMeetingMinutes(t *testing.T) {
	t.Parallel()
	srv := matrix.DendriteServer(t)
	in := newInstall(t, srv)
	f := in.start(t, nil)
	as := newAssembly(t, srv, f.folkmoot)

	mustContain(t, "!meeting start", as.ask(t, as.admin, "!meeting start Plenary"), "Meeting 1 (“Plenary”) started")
	items := []struct {
		who       *matrix.Person
		cmd, text string
	}{
		{as.member, "!note", "the boiler needs a service"},
		{as.admin, "!decided", "we hire a plumber in March"},
		{as.member, "!dissent", "a plumber costs more than the parts"},
	}
	for _, it := range items {
		as.ask(t, it.who, it.cmd+" "+it.text)
	}
	talk := as.member.Say(t, as.room, "just talking, for the log")
	// A reaction is kept in the log too, as what its member said then.
	as.admin.Send(t, as.room, event.EventReaction, &event.ReactionEventContent{
		RelatesTo: event.RelatesTo{Type: event.RelAnnotation, EventID: talk, Key: "👍🏽"}})

	ended := as.ask(t, as.admin, "!meeting end")
	mustContain(t, "!meeting end", ended, "Meeting 1 (“Plenary”) ended", "1 decision", "1 dissent", "2 present")
	if strings.Contains(ended, "could not") {
		t.Errorf("!meeting end reports a problem:\n%s", ended)
	}

	// The files are posted before the reply, so the member's client has them all by now.
	files := map[string]*event.MessageEventContent{}
	var names []string
	for _, ext := range []string{".pdf", ".html", ".log.txt", ".txt"} {
		c := as.botMessage(t, as.member, 10*time.Second, "the "+ext+" file", func(c *event.MessageEventContent) bool {
			return c.MsgType == event.MsgFile && strings.HasSuffix(c.FileName, ext) &&
				(ext == ".log.txt" || !strings.HasSuffix(c.FileName, ".log.txt"))
		})
		if c.File == nil || c.URL != "" {
			t.Errorf("%s: want an encrypted file (file set, no url), got file %v url %q", c.FileName, c.File != nil, c.URL)
		}
		if !strings.Contains(c.FileName, "plenary") {
			t.Errorf("the file %q is not named after the meeting", c.FileName)
		}
		files[ext] = c
		names = append(names, c.FileName)
	}
	t.Logf("posted: %v", names)

	pdf, encrypted := as.member.Download(t, files[".pdf"])
	if !encrypted || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the PDF (encrypted %v) starts with %q, want %%PDF", encrypted, pdf[:min(len(pdf), 8)])
	}
	txt, _ := as.member.Download(t, files[".txt"])
	fullLog, _ := as.member.Download(t, files[".log.txt"])
	for _, it := range items {
		mustContain(t, "the text minutes", string(txt), it.text)
	}
	mustContain(t, "the log", string(fullLog), "just talking, for the log", as.member.ID().Localpart(), "(reacted 👍🏽)")

	// The digests folder holds the same four files.
	var onDisk []string
	root := filepath.Join(in.dataDir, "digests")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			onDisk = append(onDisk, d.Name())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(onDisk)
	slices.Sort(names)
	if !slices.Equal(onDisk, names) {
		t.Errorf("the digests folder holds %v, want the posted %v", onDisk, names)
	}
}
