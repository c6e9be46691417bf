package xmpp_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot/xmpp"
)

// !mydata on the real core in a non-anonymous room: the room is told only that the data went
// privately; the member gets, in private messages within the room, a caption and two links
// (XEP-0066) to the server's upload service, whose files hold their ballot in the open vote,
// their note and their task, and neither their secret ballot nor anything of another member.
// The other occupants get no private message, and the room no link.
func TestIntegrationMyDataComesAsPrivateLinks(t *testing.T) {
	a := newAssembly(t, "mydata")
	room, bob := a.room, a.bob
	const (
		openReason   = "open-reason-3b7e"
		secretReason = "secret-reason-9d41"
		aliceReason  = "alice-reason-77aa"
		bobNote      = "bob-note-5c1f"
		aliceNote    = "alice-note-2e8b"
	)

	a.alice.Ask(t, room, `!vote new "Paint the hall?" --closes in 2h`, "Vote #1")
	a.alice.Ask(t, room, `!vote new "Treasurer for a year?" --secret --closes in 2h`, "Vote #2")
	bob.Ask(t, room, "!vote 1 agree "+openReason, "bob")
	a.alice.Ask(t, room, "!vote 1 aside "+aliceReason, "alice")
	bob.Ask(t, room, "!vote 2 object "+secretReason, "secret ballot", "privately")
	bob.WaitPrivateFromBot(t, room, "Your secret ballot", 15*time.Second)
	a.alice.Ask(t, room, "!meeting start Plenary", "Plenary")
	bob.Ask(t, room, "!note "+bobNote, "Noted")
	a.alice.Ask(t, room, "!note "+aliceNote, "Noted")
	a.alice.Ask(t, room, "!task add fix the gate for "+a.srv.JID("bob")+" due in 2 hours", "Task #1")

	// What the bot said in the room before !mydata may name bob's open ballot and note: the
	// check of the room below reads what came after.
	seen := map[*xmpp.Person]int{}
	for _, p := range []*xmpp.Person{a.alice, a.bob, a.carol} {
		seen[p] = len(p.FromBot(room))
	}
	said := bob.Ask(t, room, "!mydata", "sent you your data privately")
	apptest.Lacks(t, "the room's answer", said, openReason, bobNote, "fix the gate", "http")

	links := map[string]string{}
	xmpp.WaitFor(t, 30*time.Second, "the two links of bob's data", func() bool {
		for _, m := range bob.PrivateFromBot(room) {
			for _, ext := range []string{".txt", ".json"} {
				if m.OOB != "" && strings.HasSuffix(m.OOB, ext) {
					if m.Body != m.OOB {
						t.Errorf("a file link's body should be the URL alone: %q vs %q", m.Body, m.OOB)
					}
					links[ext] = m.OOB
				}
			}
		}
		return len(links) == 2
	})
	t.Logf("bob was sent %v", links)
	if n := bob.CountPrivateFromBot(room, "Your data in folkmoot"); n != 1 {
		t.Errorf("bob got the caption %d times, want once", n)
	}
	txt := string(download(t, links[".txt"]))
	apptest.Has(t, "bob's text file", txt, a.srv.JID("bob"), "#1 Paint the hall?: agree", openReason,
		"Secret votes you voted in: 1", bobNote, "fix the gate")
	apptest.Lacks(t, "bob's text file", txt, "Treasurer", "object", secretReason,
		a.srv.JID("alice"), aliceReason, "stand aside", aliceNote)
	js := download(t, links[".json"])
	var doc struct {
		Member   string `json:"member"`
		Sections []struct {
			Title string   `json:"title"`
			Lines []string `json:"lines"`
		} `json:"sections"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatalf("the JSON file does not parse: %v\n%s", err, js)
	}
	if doc.Member != a.srv.JID("bob") || len(doc.Sections) == 0 {
		t.Errorf("the JSON file is of %q with %d sections, want bob's", doc.Member, len(doc.Sections))
	}
	apptest.Has(t, "bob's JSON file", string(js), openReason, bobNote)
	apptest.Lacks(t, "bob's JSON file", string(js), secretReason, aliceReason, aliceNote)

	// Answers to alice and carol come through the room after anything the bot sent before.
	a.alice.Ask(t, room, "!tasks", "fix the gate")
	a.carol.Ask(t, room, "!tasks", "fix the gate")
	for _, p := range []*xmpp.Person{a.alice, a.carol} {
		if n := p.CountPrivateFromBot(room, ""); n != 0 {
			t.Errorf("another occupant got %d private messages from the bot", n)
		}
	}
	for _, p := range []*xmpp.Person{a.alice, a.bob, a.carol} {
		for _, body := range p.FromBot(room)[seen[p]:] {
			for _, leak := range []string{links[".txt"], links[".json"], "Your data in folkmoot", openReason, secretReason, bobNote, "http"} {
				if strings.Contains(body, leak) {
					t.Errorf("the room was shown %q: %q", leak, body)
				}
			}
		}
	}
}
