package votes_test

import (
	"testing"

	"folkmoot/app/apptest"
)

// --closes reads the times newcomers type (issue 19), and the vote's longest run
// (votes.max_duration, 90 days by default) still bounds calendar months. The kit's clock is
// Wed 25 Nov 2026 10:00 in Europe/Berlin.
func TestClosesReadsClocksAndMonths(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"French clock", `!vote new "Paint the door?" --closes at 18h`, "it closes Wed 25 Nov 18:00 CET"},
		{"German clock", `!vote new "Paint the door?" --closes fri 18 Uhr`, "it closes Fri 27 Nov 18:00 CET"},
		{"next weekday", `!vote new "Paint the door?" --closes next friday 18:00`, "it closes Fri 27 Nov 18:00 CET"},
		{"in 18h", `!vote new "Paint the door?" --closes in 18h`, "it closes Thu 26 Nov 04:00 CET"},
		{"48h", `!vote new "Paint the door?" --closes 48h`, "it closes Fri 27 Nov 10:00 CET"},
		{"months within the bound", `!vote new "Paint the door?" --closes in 2 months`, "it closes Mon 25 Jan 2027 10:00 CET"},
		{"bare 18h is asked about", `!vote new "Paint the door?" --closes 18h`, "“18h” could be 18:00 or in 18 hours; say “at 18h” or “in 18h”."},
		{"months beyond the bound", `!vote new "Paint the door?" --closes in 3 months`, "That is too far ahead; keep it within 90 days."},
		{"a year", `!vote new "Paint the door?" --closes in a year`, "That is too far ahead; keep it within 90 days."},
		{"absurd", `!vote new "Paint the door?" --closes in 99999999 years`, "That is too far ahead; keep it under 100 years."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			kit.Room("a").Answers(t, "ana", tt.in, tt.want)
		})
	}
	kit := apptest.New(t, features()...)
	room := kit.Room("a")
	room.Answers(t, "ana", `!vote new "Paint the door?" --closes 18h`, "could be 18:00")
	room.Answers(t, "ana", "!votes", "No vote is open")
	room.Answers(t, "ana", `!vote new "Paint the door?" --closes in 1h`, "Vote #1")
	room.Answers(t, "ana", "!vote extend 1 in 2 months", "now closes Mon 25 Jan 2027 10:00 CET")
}
