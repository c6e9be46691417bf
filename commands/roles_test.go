package commands_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/bot"
	"folkmoot/bot/bottest"
	"folkmoot/rotation"
)

// rlRoom starts a kit whose room has ana as room admin and the named members in the pool of
// every role.
func rlRoom(t *testing.T, members ...string) (*bottest.Kit, *bottest.Room) {
	t.Helper()
	kit := bottest.New(t)
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, m := range members {
		rlHas(t, m+" joins", room.SayOne(t, m, "!join"), "is now in the pool")
	}
	return kit, room
}

// rlHas fails unless got contains every part.
func rlHas(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s: %q lacks %q", what, got, p)
		}
	}
}

// rlLacks fails if got contains any part.
func rlLacks(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(got, p) {
			t.Errorf("%s: %q has %q", what, got, p)
		}
	}
}

// rlHolder reads who !roles says holds a role ("" for nobody).
func rlHolder(t *testing.T, room *bottest.Room, role string) string {
	t.Helper()
	for _, line := range strings.Split(room.SayOne(t, "zed", "!roles"), "\n") {
		rest, ok := strings.CutPrefix(line, "• "+role+": ")
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, "nobody") {
			return ""
		}
		name, _, _ := strings.Cut(rest, " since ")
		return name
	}
	t.Fatalf("!roles has no line for %s", role)
	return ""
}

// rlMentions lists the IDs a posted reply mentions.
func rlMentions(p bottest.Posted) []string {
	var ids []string
	for _, m := range p.Reply.AllMentions() {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestRolesStartWithFourDefaults(t *testing.T) {
	room := bottest.New(t).Room("assembly")
	got := room.SayOne(t, "ana", "!roles")
	rlHas(t, "roles", got, "• facilitator: nobody yet", "• notetaker: nobody yet", "• mediator: nobody yet",
		"• timekeeper: nobody yet", "Pool: nobody yet. Say !join to take part in every role")
	rlHas(t, "status", room.SayOne(t, "ana", "!status"), "• Roles: facilitator nobody · notetaker nobody · mediator nobody · timekeeper nobody")
	rlHas(t, "role alone shows", room.SayOne(t, "bo", "!role"), "• facilitator: nobody yet")
}

func TestJoinAndLeaveThePool(t *testing.T) {
	_, room := rlRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!join cook", "I don't know a role “cook” in this room. Roles here: facilitator, notetaker, mediator, timekeeper."},
		{"bo", "!join facilitator cook", "I don't know a role “cook”"},
		{"bo", "!join Note-Takers", "bo is now in the pool for notetaker"},
		{"bo", "!join notetaker", "You are already in the pool for notetaker."},
		{"bo", "!join", "bo is now in the pool for facilitator, mediator, timekeeper, and will be chosen in turn. (Already in: notetaker.)"},
		{"bo", "!leave mediator", "bo left the pool for mediator and won't be chosen for it."},
		{"bo", "!leave mediator", "You were not in the pool for mediator."},
		{"cy", "!join all", "cy is now in the pool for facilitator, notetaker, mediator, timekeeper"},
		{"cy", "!leave", "cy left the pool for facilitator, notetaker, mediator, timekeeper"},
	}
	for _, tt := range tests {
		rlHas(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	// The refused "!join facilitator cook" changed nothing: bo joined facilitator later.
	rlHas(t, "pool", room.SayOne(t, "ana", "!roles"), "Pool: bo (facilitator, notetaker, timekeeper).")
}

func TestAnonymousMembersCannotJoin(t *testing.T) {
	_, room := rlRoom(t)
	anon := bot.Member{ID: "assembly@conf.example.org/eve", Name: "eve", Anonymous: true}
	got := bottest.Texts(room.SayAs(t, anon, "!join"))
	if len(got) != 1 || !strings.Contains(got[0], "can't see your real address") {
		t.Fatalf("anonymous join: %q", got)
	}
	rlHas(t, "pool", room.SayOne(t, "ana", "!roles"), "Pool: nobody yet")
}

func TestRotateAnnouncesAndMakesTheFacilitator(t *testing.T) {
	_, room := rlRoom(t, "bo", "cy", "dee", "eve")
	rlHas(t, "member rotates", room.SayOne(t, "bo", "!rotate"), "Only the room's facilitator, room admins or bot admins may use !rotate.")
	posted := room.SayAs(t, bottest.Member("ana"), "!rotate")
	if len(posted) != 1 {
		t.Fatalf("rotate: %d replies", len(posted))
	}
	notice := posted[0].Reply.Text()
	rlHas(t, "notice", notice, "Roles rotated:", "• facilitator: ", "• notetaker: ", "(next in line: ",
		"you may !decline [reason] until Wed 25 Nov 22:00 CET", "!why <role> explains a choice")
	if got := rlMentions(posted[0]); len(got) != 4 {
		t.Errorf("mentions %v, want the 4 chosen", got)
	}
	// Four roles, four members: nobody holds two.
	seen := map[string]bool{}
	for _, role := range []string{"facilitator", "notetaker", "mediator", "timekeeper"} {
		h := rlHolder(t, room, role)
		if h == "" || seen[h] {
			t.Fatalf("%s held by %q (seen %v)", role, h, seen)
		}
		seen[h] = true
	}
	facilitator := rlHolder(t, room, "facilitator")
	rlHas(t, "facilitator changes tz", room.SayOne(t, facilitator, "!tz UTC"), "now UTC")
	other := "bo"
	if facilitator == "bo" {
		other = "cy"
	}
	rlHas(t, "other changes tz", room.SayOne(t, other, "!tz Asia/Tokyo"), "Only the facilitator ("+facilitator+")")
	rlHas(t, "status", room.SayOne(t, "ana", "!status"), "• Roles: facilitator "+facilitator)
	rlHas(t, "rotate unknown", room.SayOne(t, "ana", "!rotate cook"), "I don't know a role “cook”")
}

func TestRotationIsFairOverTime(t *testing.T) {
	kit, room := rlRoom(t)
	members := []string{"bo", "cy", "dee", "eve"}
	for _, m := range members {
		room.SayOne(t, m, "!join facilitator")
	}
	count := map[string]int{}
	prev := ""
	for week := range 8 {
		room.SayOne(t, "ana", "!rotate facilitator")
		h := rlHolder(t, room, "facilitator")
		if h == prev {
			t.Errorf("week %d: %s chosen twice in a row", week, h)
		}
		count[h]++
		prev = h
		kit.Advance(t, 7*24*time.Hour)
	}
	for _, m := range members {
		if count[m] != 2 {
			t.Errorf("%s held facilitator %d times in 8 weeks, want 2 (%v)", m, count[m], count)
		}
	}
}

func TestDeclineAsksTheNextInLine(t *testing.T) {
	_, room := rlRoom(t)
	for _, m := range []string{"bo", "cy", "dee"} {
		room.SayOne(t, m, "!join facilitator")
	}
	room.SayOne(t, "ana", "!rotate facilitator")
	first := rlHolder(t, room, "facilitator")
	rlHas(t, "nothing to decline", room.SayOne(t, "ana", "!decline"), "There is nothing for you to decline")
	rlHas(t, "wrong role", room.SayOne(t, first, "!decline notetaker"), "You have nothing to decline for notetaker")

	posted := room.SayAs(t, bottest.Member(first), "!decline I'm travelling")
	text := bottest.Texts(posted)[0]
	rlHas(t, "decline", text, first+" declined facilitator (I'm travelling). ", " is asked instead and may !decline until Wed 25 Nov 22:00 CET.")
	second := rlHolder(t, room, "facilitator")
	if second == first || second == "" {
		t.Fatalf("after %s declined, facilitator is %q", first, second)
	}
	if m := rlMentions(posted[0]); len(m) != 1 || m[0] != bottest.Member(second).ID {
		t.Errorf("mentions %v, want %s", m, second)
	}
	rlHas(t, "why", room.SayOne(t, "ana", "!why facilitator"), "facilitator: chosen "+second, first+" (declined)")

	room.SayOne(t, second, "!decline")
	third := rlHolder(t, room, "facilitator")
	if third == first || third == second || third == "" {
		t.Fatalf("third pick %q after %s and %s declined", third, first, second)
	}
	got := room.SayOne(t, third, "!decline")
	rlHas(t, "last declines", got, "Nobody else in its pool can take it now; it stays empty until it rotates (!rotate facilitator).")
	if h := rlHolder(t, room, "facilitator"); h != "" {
		t.Errorf("facilitator %q after everyone declined", h)
	}
	// Declined terms are not terms.
	rlHas(t, "history", room.SayOne(t, "ana", "!history facilitator"), "Nobody has held facilitator here yet.")
}

func TestDeclineWindowCloses(t *testing.T) {
	kit, room := rlRoom(t)
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	rlHas(t, "roles", room.SayOne(t, "ana", "!roles"), "bo since Wed 25 Nov 10:00 CET (may decline until Wed 25 Nov 22:00 CET)")
	if got := kit.Advance(t, 12*time.Hour); len(got) != 0 {
		t.Errorf("closing the window said %q", bottest.Texts(got))
	}
	rlLacks(t, "roles after", room.SayOne(t, "ana", "!roles"), "may decline")
	rlHas(t, "late decline", room.SayOne(t, "bo", "!decline"), "There is nothing for you to decline")
	if h := rlHolder(t, room, "facilitator"); h != "bo" {
		t.Errorf("facilitator %q, want bo", h)
	}
}

func TestConsentWindowSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	kit := bottest.NewAt(t, dir, bottest.Start)
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	chosen := rlHolder(t, room, "facilitator")
	kit.Close()

	kit2 := bottest.NewAt(t, dir, bottest.Start.Add(time.Hour))
	room2 := kit2.Room("a")
	rlHas(t, "decline after restart", room2.SayOne(t, chosen, "!decline"), "is asked instead")
	other := rlHolder(t, room2, "facilitator")
	kit2.Advance(t, 12*time.Hour)
	rlHas(t, "window closed", room2.SayOne(t, other, "!decline"), "There is nothing for you to decline")
}

func TestAwayMembersAreNeverChosen(t *testing.T) {
	kit, room := rlRoom(t)
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	tests := []struct{ in, want string }{
		{"!away", "Say until when. Usage: !away until <when> [reason]"},
		{"!away until someday soon", "I couldn't read the time “someday soon”"},
		{"!away until 2020-01-01 10:00", "That time is in the past"},
		{"!away until fri visiting family", "cy is away until Fri 27 Nov 23:59 CET and won't be chosen"},
	}
	for _, tt := range tests {
		rlHas(t, tt.in, room.SayOne(t, "cy", tt.in), tt.want)
	}
	rlHas(t, "roles", room.SayOne(t, "ana", "!roles"), "Away: cy until Fri 27 Nov 23:59 CET (visiting family).")
	rlHas(t, "status", room.SayOne(t, "ana", "!status"), "• Away: cy until Fri 27 Nov 23:59 CET (visiting family)")
	for i := range 3 {
		room.SayOne(t, "ana", "!rotate facilitator")
		if h := rlHolder(t, room, "facilitator"); h != "bo" {
			t.Fatalf("rotation %d chose %q while cy is away", i, h)
		}
		kit.Advance(t, 13*time.Hour)
	}
	why := room.SayOne(t, "ana", "!why facilitator")
	rlHas(t, "why", why, "chosen bo", "nobody else left", "Skipped: cy (away).")
	rlHas(t, "back", room.SayOne(t, "cy", "!back"), "Welcome back, cy")
	rlHas(t, "back again", room.SayOne(t, "cy", "!back"), "You were not marked away.")
	room.SayOne(t, "ana", "!rotate facilitator")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("after cy came back, chose %q", h)
	}
}

func TestAwayForADuration(t *testing.T) {
	_, room := rlRoom(t)
	rlHas(t, "for", room.SayOne(t, "bo", "!away for 2 days"), "bo is away until Fri 27 Nov 10:00 CET")
}

func TestSwapAndAccept(t *testing.T) {
	_, room := rlRoom(t)
	room.SayOne(t, "bo", "!join facilitator")
	room.Say(t, "cy", "hello") // cy is known to the room, but not in the pool
	room.SayOne(t, "ana", "!rotate facilitator")
	tests := []struct{ who, in, want string }{
		{"cy", "!swap facilitator bo", "You can only offer a role you hold, and you don't hold facilitator: it is held by bo."},
		{"bo", "!swap facilitator", "Say which role and to whom."},
		{"bo", "!swap cook cy", "I don't know a role “cook”"},
		{"bo", "!swap facilitator nobody-here", "I don't know a member “nobody-here”"},
		{"bo", "!swap facilitator bo", "You can't swap with yourself"},
		{"cy", "!accept", "Nobody has offered you a swap (offers lapse after 12 hours)."},
	}
	for _, tt := range tests {
		rlHas(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	offer := room.SayAs(t, bottest.Member("bo"), "!swap facilitator cy")
	rlHas(t, "offer", offer[0].Reply.Text(), "cy: bo offers you their seat as facilitator. Say !accept to take it over, or !decline swap, before Wed 25 Nov 22:00 CET.")
	if m := rlMentions(offer[0]); len(m) != 1 || m[0] != "cy@example.org" {
		t.Errorf("offer mentions %v", m)
	}
	rlHas(t, "accept", room.SayOne(t, "cy", "!accept"), "cy is now facilitator, taking over from bo.")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("facilitator %q after the swap", h)
	}
	rlHas(t, "accept twice", room.SayOne(t, "cy", "!accept"), "Nobody has offered you a swap")
	// bo's term was handed over: it cannot be declined any more.
	rlHas(t, "bo declines", room.SayOne(t, "bo", "!decline"), "There is nothing for you to decline")
	hist := room.SayOne(t, "ana", "!history facilitator")
	rlHas(t, "history", hist, "• facilitator: cy, since Wed 25 Nov 10:00 CET (by a swap)", "• facilitator: bo, Wed 25 Nov 10:00 CET to Wed 25 Nov 10:00 CET (handed over to cy)")
	rlHas(t, "why", room.SayOne(t, "ana", "!why facilitator"), "chosen bo")

	room.SayOne(t, "cy", "!swap facilitator bo")
	rlHas(t, "decline swap", room.SayOne(t, "bo", "!decline"), "bo declined the offer: cy stays facilitator.")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("facilitator %q after a declined swap", h)
	}
}

func TestScheduledRotationSurvivesRestartAndFiresOnce(t *testing.T) {
	dir := t.TempDir()
	kit := bottest.NewAt(t, dir, bottest.Start)
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "bo", "!join")
	room.SayOne(t, "cy", "!join")
	rlHas(t, "every", room.SayOne(t, "ana", "!role every facilitator every monday 19:00"),
		"Facilitator: It rotates every Monday at 19:00, next Mon 30 Nov 19:00 CET.")
	rlHas(t, "every without every", room.SayOne(t, "ana", "!role every notetaker monday 19:00"), "every Monday at 19:00")
	rlHas(t, "roles", room.SayOne(t, "ana", "!roles"), "rotates every Monday at 19:00, next Mon 30 Nov 19:00 CET")
	rlHas(t, "status", room.SayOne(t, "ana", "!status"), "next rotation Mon 30 Nov 19:00 CET")
	kit.Close()

	kit2 := bottest.NewAt(t, dir, bottest.Start)
	if got := kit2.Advance(t, 5*24*time.Hour); len(got) != 0 {
		t.Fatalf("before Monday: %q", bottest.Texts(got))
	}
	got := kit2.Advance(t, 9*time.Hour) // Mon 30 Nov 19:00 CET
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("Monday 19:00: want one notice, got %q", bottest.Texts(got))
	}
	rlHas(t, "notice", got[0].Reply.Text(), "Roles rotated:", "• facilitator: ", "• notetaker: ")
	rlLacks(t, "notice", got[0].Reply.Text(), "mediator")
	if again := kit2.Advance(t, time.Hour); len(again) != 0 {
		t.Fatalf("fired twice: %q", bottest.Texts(again))
	}
	if next := kit2.Advance(t, 7*24*time.Hour); len(next) != 1 || !strings.Contains(next[0].Reply.Text(), "Roles rotated:") {
		t.Fatalf("next week: %q", bottest.Texts(next))
	}
	room2 := kit2.Room("a")
	room2.Admin("ana")
	rlHas(t, "off", room2.SayOne(t, "ana", "!role every facilitator off"), "Facilitator: It rotates by hand (!rotate facilitator).")
	room2.SayOne(t, "ana", "!role every notetaker off")
	if next := kit2.Advance(t, 7*24*time.Hour); len(next) != 0 {
		t.Fatalf("after off: %q", bottest.Texts(next))
	}
}

func TestForecastComesTrue(t *testing.T) {
	kit, room := rlRoom(t, "bo", "cy", "dee", "eve", "fay")
	room.SayOne(t, "ana", "!role every facilitator every monday 19:00")
	room.SayOne(t, "ana", "!rotate")
	kit.Advance(t, 13*time.Hour)
	roles := room.SayOne(t, "ana", "!roles")
	_, after, _ := strings.Cut(roles, "• facilitator: ")
	_, next, ok := strings.Cut(after, "next in line: ")
	if !ok {
		t.Fatalf("no forecast in %q", roles)
	}
	next, _, _ = strings.Cut(next, " — ")
	monday := time.Date(2026, 11, 30, 18, 0, 0, 0, time.UTC) // 19:00 CET
	got := kit.Advance(t, monday.Sub(kit.Clock.Now()))
	if len(got) != 1 || !strings.Contains(got[0].Reply.Text(), "• facilitator: "+next+" ") {
		t.Fatalf("forecast %q, rotation said %q", next, bottest.Texts(got))
	}
}

func TestRoleAddRemoveAndSeats(t *testing.T) {
	_, room := rlRoom(t)
	tests := []struct{ who, in, want string }{
		{"bo", "!role add cook", "Only the room's facilitator, room admins or bot admins may use !role."},
		{"ana", "!role add", "Say the new role's name."},
		{"ana", "!role add Notetaker", "There is already a role “notetaker”."},
		{"ana", "!role add note-takers", "There is already a role “notetaker”."},
		{"ana", "!role add delegate", "“delegate” can't be a role's name"},
		{"ana", "!role add 2cook", "A role's name is one word"},
		{"ana", "!role add cook --seats lots", "--seats takes a number from 1 to 20, not “lots”."},
		{"ana", "!role add cook every blursday", "I couldn't read the time “every blursday”"},
		{"ana", "!role every cook friday 18:00", "I don't know a role “cook”"},
		{"ana", "!role remove cook", "I don't know a role “cook”"},
		{"ana", "!role every mediator", "Say the role and its schedule"},
		{"ana", "!role dance", "“dance” is not one of add, remove, every"},
		{"ana", "!role remove mediator --seats 2", "--seats goes with !role add <name>"},
		{"ana", "!role add cook --seats 2 every friday 18:00", "Added the role cook (2 seats). It rotates every Friday at 18:00, next Fri 27 Nov 18:00 CET. Members join its pool with !join cook."},
		{"ana", "!role remove mediator", "Removed the role mediator; its history stays (!history mediator)."},
		{"ana", "!role add mediator", "Added the role mediator, with its earlier history. It rotates by hand (!rotate mediator)."},
	}
	for _, tt := range tests {
		rlHas(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	for _, m := range []string{"bo", "cy", "dee"} {
		room.SayOne(t, m, "!join cook")
	}
	got := room.SayOne(t, "ana", "!rotate cook")
	rlHas(t, "two seats", got, "• cook: ")
	line := strings.Split(got, "\n")[1]
	// Two seats are filled, and the next rotation fills two as well.
	if n := strings.Count(line, ", "); n != 2 || !strings.Contains(line, "(next in line: ") {
		t.Errorf("two seats, two next: %q", line)
	}
	rlHas(t, "roles", room.SayOne(t, "ana", "!roles"), "• cook (2 seats): ", "rotates every Friday at 18:00")
	rlHas(t, "remove held", room.SayOne(t, "ana", "!role remove cook"), "no longer holds it.")
	rlLacks(t, "roles after remove", room.SayOne(t, "ana", "!roles"), "cook")
	rlHas(t, "history of removed", room.SayOne(t, "ana", "!history cook"), "History of cook, latest first:")
}

func TestWhyAndHistory(t *testing.T) {
	_, room := rlRoom(t)
	if got := room.SayOne(t, "bo", "!why"); got != rotation.Explanation {
		t.Errorf("why alone: %q", got)
	}
	rlHas(t, "why unknown", room.SayOne(t, "bo", "!why cook"), "I don't know a role “cook”")
	rlHas(t, "why delegate", room.SayOne(t, "bo", "!why delegate"), "Delegates are not chosen by rotation")
	rlHas(t, "why before", room.SayOne(t, "bo", "!why facilitator"), "Facilitator has not been filled by rotation yet; !rotate facilitator chooses.")
	rlHas(t, "history empty", room.SayOne(t, "bo", "!history"), "Nobody has held a role here yet.")
	rlHas(t, "history unknown", room.SayOne(t, "bo", "!history cook"), "I don't know a role “cook”")
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	first := rlHolder(t, room, "facilitator")
	why := room.SayOne(t, "dee", "!why facilitator")
	rlHas(t, "why", why, "Latest choice for facilitator, Wed 25 Nov 10:00 CET:\nfacilitator: chosen "+first+" (0 terms in less than a day in the pool")
	rlLacks(t, "why shows names", why, "@example.org")
	room.SayOne(t, "ana", "!rotate facilitator")
	second := rlHolder(t, room, "facilitator")
	hist := room.SayOne(t, "dee", "!history")
	rlHas(t, "history", hist, "History of the roles, latest first:\n• facilitator: "+second+", since Wed 25 Nov 10:00 CET\n• facilitator: "+first+", Wed 25 Nov 10:00 CET to Wed 25 Nov 10:00 CET")
}

func TestHistoryIsCapped(t *testing.T) {
	kit, room := rlRoom(t, "bo", "cy")
	for range 5 {
		room.SayOne(t, "ana", "!rotate")
		kit.Advance(t, 24*time.Hour)
	}
	got := room.SayOne(t, "ana", "!history")
	if n := strings.Count(got, "\n• "); n != 15 {
		t.Errorf("history shows %d terms, want 15:\n%s", n, got)
	}
	rlHas(t, "older", got, "(Older terms are not shown; !history <role> shows one role.)")
}

func TestNewRoomLeavesNobodyOut(t *testing.T) {
	// Several rooms, so several draws: the outcome must not depend on luck.
	kit := bottest.New(t)
	for i := range 12 {
		room := kit.Room(fmt.Sprintf("room-%d", i))
		room.Admin("ana")
		room.SayOne(t, "ana", "!join")
		room.SayOne(t, "bo", "!join")
		room.SayOne(t, "cy", "!join facilitator notetaker")
		got := room.SayOne(t, "ana", "!rotate")
		holds := map[string]bool{}
		for _, line := range strings.Split(got, "\n") {
			if _, rest, ok := strings.Cut(line, "• "); ok {
				_, rest, _ = strings.Cut(rest, ": ")
				who, _, _ := strings.Cut(rest, " (next")
				holds[who] = true
			}
		}
		for _, m := range []string{"ana", "bo", "cy"} {
			if !holds[m] {
				t.Errorf("room %d: %s holds no role after the first rotation:\n%s", i, m, got)
			}
		}
	}
}
