package votes_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/config"
)

// Reminders that mention everyone who has not voted are limited per member and hour over
// every vote and room (limits.mass_mentions_per_hour), not only per vote; the count outlives
// a restart, and others are not held up by it.
func TestMassMentionsAreLimitedPerMemberAcrossVotes(t *testing.T) {
	dir := t.TempDir()
	edit := func(c *config.Config) { c.Limits.MassMentionsPerHour = 2 }
	kit := apptest.NewWith(t, dir, apptest.Start, edit, features()...)
	room, other := kit.Room("a"), kit.Room("b")
	for _, r := range []*apptest.Room{room, other} {
		r.Say(t, "bo", "hello")
		r.Say(t, "Zoë 🌻", "hello")
	}
	for _, q := range []string{"Q1?", "Q2?", "Q3?"} {
		room.Answers(t, "ana", `!vote new "`+q+`"`, "Vote #")
	}
	other.Answers(t, "ana", `!vote new "Paint the gate 🌻?"`, "Vote #1")
	room.Answers(t, "رێزان", "!vote remind 1", "Not voted yet")
	room.Answers(t, "رێزان", "!vote remind 2", "Not voted yet")
	refused := "You had 2 reminders that mention everyone who has not voted posted in the last hour, the most one member may " +
		"(limits.mass_mentions_per_hour in folkmoot's config); your next can go out Wed 25 Nov 11:00 CET"
	room.Answers(t, "رێزان", "!vote remind 3", refused)
	other.Answers(t, "رێزان", "!vote remind 1", refused)
	room.Answers(t, "bo", "!vote remind 3", "Not voted yet") // another member

	kit.Close()
	kit = apptest.NewWith(t, dir, apptest.Start.Add(59*time.Minute), edit, features()...)
	kit.Room("b").Answers(t, "رێزان", "!vote remind 1", "your next can go out Wed 25 Nov 11:00 CET")
	kit.Advance(t, time.Minute)
	kit.Room("b").Answers(t, "رێزان", "!vote remind 1", "Not voted yet")
}
