// Package conformance holds scripted conversations that every transport must answer the
// same way, formatting aside: the console, Matrix (against Dendrite) and XMPP (against
// Prosody) each run them through a Driver of their own.
package conformance

import (
	"strings"
	"testing"
)

// Speaker is who says a line: an ordinary member, or a room admin of the transport (Matrix
// power level 50+, XMPP moderator, console /admin).
type Speaker int

// The speakers a conversation uses.
const (
	Member Speaker = iota
	Admin
)

// Step is one line said in the room and what the answer must contain.
type Step struct {
	As   Speaker
	Say  string
	Want []string // each must appear in the answer
}

// Conversation is a named script.
type Conversation struct {
	Name  string
	Steps []Step
}

// Driver says a line in a fresh room of its transport and returns the bot's answer as plain
// text. It fails the test when no answer comes in time.
type Driver interface {
	Say(t *testing.T, as Speaker, text string) string
}

// Conversations are the scripts; features add theirs here.
var Conversations = []Conversation{
	{Name: "help", Steps: []Step{
		{As: Member, Say: "!help", Want: []string{"folkmoot commands", "!status", "!help basics"}},
		{As: Member, Say: "!help tz", Want: []string{"!tz [<zone or city>]", "Examples:"}},
	}},
	{Name: "status", Steps: []Step{
		{As: Member, Say: "!status", Want: []string{"Status of this room:", "Timezone"}},
	}},
	{Name: "unknown command", Steps: []Step{
		{As: Member, Say: "!stauts", Want: []string{"Unknown command", "Did you mean", "!status"}},
	}},
	{Name: "permission refusal", Steps: []Step{
		{As: Member, Say: "!tz Asia/Tokyo", Want: []string{"Only", "room admins or bot admins may use !tz"}},
		{As: Admin, Say: "!tz Asia/Tokyo", Want: []string{"now Asia/Tokyo"}},
	}},
	{Name: "time error", Steps: []Step{
		{As: Member, Say: `!vote new "Paint the door?" --closes soonish`, Want: []string{"I couldn't read the time “soonish”", "Try: in 90m"}},
		{As: Member, Say: `!vote new "Paint the door?" --closes 2020-01-01 10:00`, Want: []string{"That time is in the past"}},
		{As: Admin, Say: "!tz Mars/Base", Want: []string{"I don't know the timezone", "Europe/Berlin"}},
	}},
	{Name: "nothing changed by bad input", Steps: []Step{
		{As: Member, Say: "!votes", Want: []string{"No vote is open"}},
	}},
	{Name: "a vote from opening to result", Steps: []Step{
		{As: Member, Say: `!vote new "Paint the door green?" --closes in 2 hours`, Want: []string{"Vote #1", "“Paint the door green?” is open", "!agree"}},
		{As: Member, Say: "!agree", Want: []string{"agree on #1 recorded"}},
		{As: Admin, Say: "!vote show 1", Want: []string{"agree", "1 agree"}},
		{As: Member, Say: "!vote close 1", Want: []string{"is closed: PASSED"}},
	}},
}

// Run plays every conversation through the driver.
func Run(t *testing.T, d Driver) {
	for _, c := range Conversations {
		t.Run(c.Name, func(t *testing.T) {
			for _, s := range c.Steps {
				got := Normalize(d.Say(t, s.As, s.Say))
				for _, w := range s.Want {
					if !strings.Contains(got, w) {
						t.Fatalf("%q answered:\n%s\nwant it to contain %q", s.Say, got, w)
					}
				}
			}
		})
	}
}

// Normalize removes the formatting transports add (Markdown code ticks, emphasis), so
// answers compare as text.
func Normalize(s string) string {
	return strings.NewReplacer("`", "", "**", "", "__", "").Replace(s)
}
