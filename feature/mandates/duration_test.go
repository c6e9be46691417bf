package mandates_test

import (
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// Mandates run for months: "for 3 months", "for a year" are calendar months and years, in
// the room's timezone, and end on the day they say (the kit's clock is Wed 25 Nov 2026 10:00
// in Europe/Berlin).
func TestMandateForMonthsAndYears(t *testing.T) {
	tests := []struct{ in, want string }{
		{"!mandate bo negotiate the hall rent for 3 months", "Mandate #1: bo is delegate for “negotiate the hall rent” until Thu 25 Feb 2027 10:00 CET."},
		{"!mandate bo speak for us at the district council for a year", "Mandate #1: bo is delegate for “speak for us at the district council” until Thu 25 Nov 2027 10:00 CET."},
		{"!mandate bo keep the keys for 1 year", "until Thu 25 Nov 2027 10:00 CET."},
		{"!mandate bo keep the keys for 6mo", "until Tue 25 May 2027 10:00 CEST."}, // summer time: the wall clock stays
		{"!mandate bo buy paint for 2 weeks", "until Wed 9 Dec 10:00 CET."},
		{"!mandate bo buy paint for 2 days", "until Fri 27 Nov 10:00 CET."},
		{"!mandate bo buy paint until 15 dec", "until Tue 15 Dec 23:59 CET."}, // until forms unchanged
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, room := mdRoom(t)
			apptest.Has(t, tt.in, room.SayOne(t, "ana", tt.in), tt.want)
		})
	}
}

// A month is added on the calendar: from 31 Jan, a month is 28 Feb.
func TestMandateMonthEndsOnTheMonthsLastDay(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	kit := apptest.NewAt(t, t.TempDir(), time.Date(2027, 1, 31, 18, 0, 0, 0, berlin), features()...)
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	apptest.Has(t, "31 Jan", room.SayOne(t, "ana", "!mandate bo buy paint for a month"), "until Sun 28 Feb 18:00 CET.")
}

// Absurd or empty lengths are refused, saying why, and nothing is stored.
func TestMandateLengthsAreBounded(t *testing.T) {
	_, room := mdRoom(t)
	tests := []struct{ in, want string }{
		{"!mandate bo buy paint for 99999999 years", "That is too far ahead; keep it under 100 years."},
		{"!mandate bo buy paint for 100 years", "too far ahead"},
		{"!mandate bo buy paint for 0 months", "A duration must be more than zero."},
		{"!mandate bo buy paint for the garden", "Say until when the mandate runs"},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, "ana", tt.in), tt.want)
	}
	apptest.Has(t, "nothing stored", room.SayOne(t, "ana", "!mandates"), "No mandate is active, and none ended")
}
