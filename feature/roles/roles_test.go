package roles_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/feature/roles"
	"folkmoot/rotation"
	"folkmoot/schedule"
)

// rlRoom starts a kit whose room has ana as room admin and the named members in the pool of
// every role.
func rlRoom(t *testing.T, members ...string) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, own())
	room := kit.Room("assembly")
	room.Admin("ana")
	for _, m := range members {
		apptest.Has(t, m+" joins", room.SayOne(t, m, "!join"), "is now in the pool")
	}
	return kit, room
}

// rlHolder reads who !roles says holds a role ("" for nobody).
func rlHolder(t *testing.T, room *apptest.Room, role string) string {
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
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	// The refused "!join facilitator cook" changed nothing: bo joined facilitator later.
	apptest.Has(t, "pool", room.SayOne(t, "ana", "!roles"), "Pool: bo (facilitator, notetaker, timekeeper).")
}

func TestAnonymousMembersCannotJoin(t *testing.T) {
	_, room := rlRoom(t)
	anon := bot.Member{ID: "assembly@conf.example.org/eve", Name: "eve", Anonymous: true}
	got := apptest.Texts(room.SayAs(t, anon, "!join"))
	if len(got) != 1 || !strings.Contains(got[0], "can't see your real address") {
		t.Fatalf("anonymous join: %q", got)
	}
	apptest.Has(t, "pool", room.SayOne(t, "ana", "!roles"), "Pool: nobody yet")
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
	apptest.Has(t, "nothing to decline", room.SayOne(t, "ana", "!decline"), "There is nothing for you to decline")
	apptest.Has(t, "wrong role", room.SayOne(t, first, "!decline notetaker"), "You have nothing to decline for notetaker")

	posted := room.SayAs(t, apptest.Member(first), "!decline I'm travelling")
	text := apptest.Texts(posted)[0]
	apptest.Has(t, "decline", text, first+" declined facilitator (I'm travelling). ", " is asked instead and may !decline until Wed 25 Nov 22:00 CET.")
	second := rlHolder(t, room, "facilitator")
	if second == first || second == "" {
		t.Fatalf("after %s declined, facilitator is %q", first, second)
	}
	if m := apptest.MentionIDs(posted[0]); len(m) != 1 || m[0] != apptest.Member(second).ID {
		t.Errorf("mentions %v, want %s", m, second)
	}
	apptest.Has(t, "why", room.SayOne(t, "ana", "!why facilitator"), "facilitator: chosen "+second, first+" (declined)")

	room.SayOne(t, second, "!decline")
	third := rlHolder(t, room, "facilitator")
	if third == first || third == second || third == "" {
		t.Fatalf("third pick %q after %s and %s declined", third, first, second)
	}
	got := room.SayOne(t, third, "!decline")
	apptest.Has(t, "last declines", got, "Nobody else in its pool can take it now; it stays empty until it rotates (!rotate facilitator).")
	if h := rlHolder(t, room, "facilitator"); h != "" {
		t.Errorf("facilitator %q after everyone declined", h)
	}
	// Declined terms are not terms.
	apptest.Has(t, "history", room.SayOne(t, "ana", "!history facilitator"), "Nobody has held facilitator here yet.")
}

func TestDeclineWindowCloses(t *testing.T) {
	kit, room := rlRoom(t)
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	apptest.Has(t, "roles", room.SayOne(t, "ana", "!roles"), "bo since Wed 25 Nov 10:00 CET (may decline until Wed 25 Nov 22:00 CET)")
	if got := kit.Advance(t, 12*time.Hour); len(got) != 0 {
		t.Errorf("closing the window said %q", apptest.Texts(got))
	}
	apptest.Lacks(t, "roles after", room.SayOne(t, "ana", "!roles"), "may decline")
	apptest.Has(t, "late decline", room.SayOne(t, "bo", "!decline"), "There is nothing for you to decline")
	if h := rlHolder(t, room, "facilitator"); h != "bo" {
		t.Errorf("facilitator %q, want bo", h)
	}
}

func TestConsentWindowSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	kit := apptest.NewAt(t, dir, apptest.Start, own())
	room := kit.Room("a")
	room.Admin("ana")
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	chosen := rlHolder(t, room, "facilitator")
	kit.Close()

	kit2 := apptest.NewAt(t, dir, apptest.Start.Add(time.Hour), own())
	room2 := kit2.Room("a")
	apptest.Has(t, "decline after restart", room2.SayOne(t, chosen, "!decline"), "is asked instead")
	other := rlHolder(t, room2, "facilitator")
	kit2.Advance(t, 12*time.Hour)
	apptest.Has(t, "window closed", room2.SayOne(t, other, "!decline"), "There is nothing for you to decline")
}

func TestAwayForADuration(t *testing.T) {
	_, room := rlRoom(t)
	apptest.Has(t, "for", room.SayOne(t, "bo", "!away for 2 days"), "bo is away until Fri 27 Nov 10:00 CET")
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
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	offer := room.SayAs(t, apptest.Member("bo"), "!swap facilitator cy")
	apptest.Has(t, "offer", offer[0].Reply.Text(), "cy: bo offers you their seat as facilitator. Say !accept to take it over, or !decline swap, before Wed 25 Nov 22:00 CET.")
	if m := apptest.MentionIDs(offer[0]); len(m) != 1 || m[0] != "cy@example.org" {
		t.Errorf("offer mentions %v", m)
	}
	apptest.Has(t, "accept", room.SayOne(t, "cy", "!accept"), "cy is now facilitator, taking over from bo.")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("facilitator %q after the swap", h)
	}
	apptest.Has(t, "accept twice", room.SayOne(t, "cy", "!accept"), "Nobody has offered you a swap")
	// bo's term was handed over: it cannot be declined any more.
	apptest.Has(t, "bo declines", room.SayOne(t, "bo", "!decline"), "There is nothing for you to decline")
	hist := room.SayOne(t, "ana", "!history facilitator")
	apptest.Has(t, "history", hist, "• facilitator: cy, since Wed 25 Nov 10:00 CET (by a swap)", "• facilitator: bo, Wed 25 Nov 10:00 CET to Wed 25 Nov 10:00 CET (handed over to cy)")
	apptest.Has(t, "why", room.SayOne(t, "ana", "!why facilitator"), "chosen bo")

	room.SayOne(t, "cy", "!swap facilitator bo")
	apptest.Has(t, "decline swap", room.SayOne(t, "bo", "!decline"), "bo declined the offer: cy stays facilitator.")
	if h := rlHolder(t, room, "facilitator"); h != "cy" {
		t.Fatalf("facilitator %q after a declined swap", h)
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
		t.Fatalf("forecast %q, rotation said %q", next, apptest.Texts(got))
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
		{"ana", "!role add cook every blursday", "I couldn't read the time at “blursday”: after “every” I expected"},
		{"ana", "!role every cook friday 18:00", "I don't know a role “cook”"},
		{"ana", "!role remove cook", "I don't know a role “cook”"},
		{"ana", "!role every mediator", "Say the role and its schedule"},
		{"ana", "!role dance", "“dance” is not one of add, remove, every"},
		{"ana", "!role remove mediator --seats 2", "--seats and --parity go with !role add <name>"},
		{"ana", "!role add cook --seats 2 every friday 18:00", "Added the role cook (2 seats). Cook rotates every Friday at 18:00, next Fri 27 Nov 18:00 CET. Members join its pool with !join cook."},
		{"ana", "!role remove mediator", "Removed the role mediator; its history stays (!history mediator)."},
		{"ana", "!role add mediator", "Added the role mediator, with its earlier history. Mediator rotates by hand (!rotate mediator)."},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, room.SayOne(t, tt.who, tt.in), tt.want)
	}
	for _, m := range []string{"bo", "cy", "dee"} {
		room.SayOne(t, m, "!join cook")
	}
	got := room.SayOne(t, "ana", "!rotate cook")
	apptest.Has(t, "two seats", got, "• cook: ")
	line := strings.Split(got, "\n")[1]
	// Two seats are filled, and the next rotation fills two as well.
	if n := strings.Count(line, ", "); n != 2 || !strings.Contains(line, "(next in line: ") {
		t.Errorf("two seats, two next: %q", line)
	}
	apptest.Has(t, "roles", room.SayOne(t, "ana", "!roles"), "• cook (2 seats): ", "rotates every Friday at 18:00")
	apptest.Has(t, "remove held", room.SayOne(t, "ana", "!role remove cook"), "no longer holds it.")
	apptest.Lacks(t, "roles after remove", room.SayOne(t, "ana", "!roles"), "cook")
	apptest.Has(t, "history of removed", room.SayOne(t, "ana", "!history cook"), "History of cook, latest first:")
}

func TestWhyAndHistory(t *testing.T) {
	_, room := rlRoom(t)
	if got := room.SayOne(t, "bo", "!why"); got != rotation.Explanation(nil) {
		t.Errorf("why alone: %q", got)
	}
	apptest.Has(t, "why unknown", room.SayOne(t, "bo", "!why cook"), "I don't know a role “cook”")
	apptest.Has(t, "why delegate", room.SayOne(t, "bo", "!why delegate"), "Delegates are not chosen by rotation")
	apptest.Has(t, "why before", room.SayOne(t, "bo", "!why facilitator"), "Facilitator has not been filled by rotation yet; !rotate facilitator chooses.")
	apptest.Has(t, "history empty", room.SayOne(t, "bo", "!history"), "Nobody has held a role here yet.")
	apptest.Has(t, "history unknown", room.SayOne(t, "bo", "!history cook"), "I don't know a role “cook”")
	room.SayOne(t, "bo", "!join facilitator")
	room.SayOne(t, "cy", "!join facilitator")
	room.SayOne(t, "ana", "!rotate facilitator")
	first := rlHolder(t, room, "facilitator")
	why := room.SayOne(t, "dee", "!why facilitator")
	apptest.Has(t, "why", why, "Latest choice for facilitator, Wed 25 Nov 10:00 CET:\nfacilitator: chosen "+first+" (0 terms in less than a day in the pool")
	apptest.Lacks(t, "why shows names", why, "@example.org")
	room.SayOne(t, "ana", "!rotate facilitator")
	second := rlHolder(t, room, "facilitator")
	hist := room.SayOne(t, "dee", "!history")
	apptest.Has(t, "history", hist, "History of the roles, latest first:\n• facilitator: "+second+", since Wed 25 Nov 10:00 CET\n• facilitator: "+first+", Wed 25 Nov 10:00 CET to Wed 25 Nov 10:00 CET")
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
	apptest.Has(t, "older", got, "(Older terms are not shown; !history <role> shows one role.)")
}

func TestNewRoomLeavesNobodyOut(t *testing.T) {
	// Several rooms, so several draws: the outcome must not depend on luck.
	kit := apptest.New(t, own())
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

// A scheduled rotation whose schedule no role has any more (one the sync missed) ends its
// job when it fires, silently and for good, instead of firing for ever.
func TestRotationJobWithoutItsRolesEnds(t *testing.T) {
	kit, room := rlRoom(t, "bo", "cy")
	ctx := context.Background()
	tx, err := kit.App.DB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = schedule.Add(ctx, tx, schedule.Job{Room: room.Room, Kind: "role.rotate", Ref: "every day 10:00",
		Spec: "every day 10:00", Timezone: "UTC", Title: "a rotation nobody has", Due: kit.Clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if said := kit.Advance(t, 2*time.Hour); len(said) != 0 {
		t.Fatalf("the orphaned rotation said %q", apptest.Texts(said))
	}
	var pending int
	if err := kit.App.DB.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'role.rotate' AND state = 'pending'`).Scan(&pending); err != nil {
		t.Fatal(err)
	}
	if pending != 0 {
		t.Fatalf("%d orphaned rotation jobs still pending", pending)
	}
}

// A rotation on a schedule repeats at most every limits.reminder_min_interval, when the
// role is added with it as when its schedule is set.
func TestRotationScheduleNotTooOften(t *testing.T) {
	kit := apptest.New(t, own())
	room := kit.Room("a")
	room.Admin("ana")
	for _, say := range []string{"!role every facilitator cron * * * * *", "!role every facilitator cron */10 * * * *", "!role add cook cron 0,30 * * * *"} {
		apptest.Has(t, say, room.SayOne(t, "ana", say), "That schedule repeats every", "a rotation repeats at most every 1 hour here (limits.reminder_min_interval in folkmoot's config)")
	}
	apptest.Has(t, "nothing added", room.SayOne(t, "ana", "!roles"), "")
	apptest.Lacks(t, "nothing added", room.SayOne(t, "ana", "!roles"), "cook", "every minute")
}

// own is roles alone, as a test runs it: no mandate exists here, so !history has no
// delegate terms to name. Tests that need the other features live in app/.
func own() feature.Feature { return roles.Feature(roles.Hooks{}) }
