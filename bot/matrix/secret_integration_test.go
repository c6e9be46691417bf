package matrix_test

import (
	"strings"
	"testing"

	"folkmoot/bot/matrix"
)

// No log line at any level pairs a member with a secret choice: the whole debug log of a
// secret vote, cast by command with reasons, holds neither the reasons nor a member beside
// a choice (a secret ballot cast by command is not logged at all).
func TestIntegrationSecretVoteLeavesNoTraceInTheLog(t *testing.T) {
	srv := matrix.DendriteServer(t)
	logs := &matrix.LogLines{}
	f := startFolkmoot(t, srv, logs)
	as := newAssembly(t, srv, f)
	as.ask(t, as.admin, `!vote new "Secret?" --secret --closes 2h`)
	as.ask(t, as.member, "!vote 1 object unguessable-7f3c")
	as.ask(t, as.admin, "!agree unguessable-9c1d")
	if got := as.ask(t, as.admin, "!vote close 1"); !strings.Contains(got, "closed") {
		t.Fatalf("close: %q", got)
	}
	if n := logs.Count("unguessable"); n != 0 {
		t.Errorf("%d log lines carry a secret ballot's reason", n)
	}
	for _, who := range []string{as.member.ID().String(), as.admin.ID().String()} {
		for _, choice := range []string{"object", "agree"} {
			if n := logs.Count(who, choice); n != 0 {
				t.Errorf("%d log lines pair %s with %q", n, who, choice)
			}
		}
	}
	if logs.Count("vote closed") == 0 {
		t.Error("the log lacks the vote's close: the capture did not work")
	}
}
