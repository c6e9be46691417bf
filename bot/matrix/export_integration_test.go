package matrix

import (
	"io"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot/matrix/matrixtest"
)

// This file lends the Dendrite helpers (matrixtest's) to the external package matrix_test,
// whose tests run the real folkmoot core: folkmoot/app imports this package, so those tests
// cannot live inside it.

// EventPollResponse is the stable m.poll.response type, which mautrix v0.31 does not declare.
var EventPollResponse = eventPollResponse

// Server is the test Dendrite, for matrix_test (see matrixtest).
type Server = matrixtest.Server

// DendriteServer returns the test Dendrite, skipping (or failing under
// FOLKMOOT_REQUIRE_SERVERS=1) when scripts/dendrite.sh has not been started. It adds the poll
// types to mautrix's table first, as the adapter does: the people connected next read it.
func DendriteServer(t *testing.T) Server {
	t.Helper()
	registerPollTypes()
	return matrixtest.Dendrite(t)
}

// Logger writes a log into the test output until the test ends (FOLKMOOT_TEST_LOG=debug
// shows more). With capture, every line down to debug also goes to capture as JSON, so a
// test can check what the bot logged.
func Logger(t *testing.T, capture io.Writer) zerolog.Logger { return matrixtest.Logger(t, capture) }

// LogLines keeps log lines (give it to Logger as capture) so that tests can count them.
type LogLines = matrixtest.LogLines

// Person is a real Matrix client (goolm crypto) in a test.
type Person = matrixtest.Person

// WaitFor polls cond until it holds, failing the test after timeout (never a fixed sleep).
func WaitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	matrixtest.WaitFor(tb, timeout, what, cond)
}
