package meetings_test

import (
	"testing"

	"folkmoot/app/apptest"
)

// A command that is refused during a meeting still has its line in the meeting's log: the
// refusal undoes the command's own change, not what the meeting recorded of the message.
func TestRefusedCommandStaysInTheMeetingLog(t *testing.T) {
	m := newMeeting(t)
	m.one(t, "ana", "!meeting start")
	m.one(t, "Zoë 🌻", "!link notaurl the plan رێزان", "not a web address")
	m.one(t, "ana", "!meeting end")
	apptest.Has(t, "meeting log", m.read(t, ".log.txt"), "notaurl the plan رێزان")
}
