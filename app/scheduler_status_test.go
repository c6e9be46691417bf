package app_test

import (
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

func TestStatusShowsADelayedJobUntilItRuns(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.SayOne(t, "ana", `!vote new "Paint the door?"`)
	apptest.Lacks(t, "status before", room.SayOne(t, "ana", "!status"), "Delayed")
	// The closing failed twice for a passing reason; its next try is in 10 minutes.
	retry := kit.Clock.Now().Add(10 * time.Minute).UnixMilli()
	res, err := kit.App.DB.Exec(`UPDATE jobs SET attempts = 2, last_error = 'database is locked', retry_at = ?
		WHERE state = 'pending' AND kind = 'vote.close'`, retry)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d closing jobs, want 1", n)
	}
	apptest.Has(t, "status", room.SayOne(t, "ana", "!status"), "Delayed: the closing of vote #1 (ref job", "failed 2 times; next try")
	kit.Advance(t, 49*time.Hour)
	apptest.Lacks(t, "status after the close", room.SayOne(t, "ana", "!status"), "Delayed")
}

// A job whose title carries its own article is named once: not "the the scheduled digest".
func TestStatusNamesADelayedDigestOnce(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Answers(t, "ana", "!digest every monday 08:00", "A digest")
	// Rows written before the title lost its article still read once.
	res, err := kit.App.DB.Exec(`UPDATE jobs SET title = 'the scheduled digest', attempts = 747, last_error = 'database is locked', retry_at = ?
		WHERE state = 'pending' AND kind = 'meeting.digest'`, kit.Clock.Now().Add(10*time.Minute).UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%d digest jobs, want 1", n)
	}
	got := room.SayOne(t, "ana", "!status")
	apptest.Has(t, "status", got, "Delayed: the scheduled digest (ref job")
	apptest.Lacks(t, "status", got, "the the")
}
