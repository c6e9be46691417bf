package app_test

import (
	"testing"
	"time"

	"folkmoot/app"
	"folkmoot/app/apptest"
)

// said is what the bot said in one room, of everything it said.
func said(posted []apptest.Posted, room string) []string {
	var out []string
	for _, p := range posted {
		if p.Room.ID == room {
			out = append(out, p.Reply.Text())
		}
	}
	return out
}

// Two assemblies and a council link with both sides' consent; an assembly's decisions are
// told in its council, a secret vote's counts alone; a link that would loop is refused, and
// leaving tells both sides.
func TestCouncilsLinkAndHearDecisions(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, north, region := kit.Room("council"), kit.Room("north"), kit.Room("region")
	for _, r := range []*apptest.Room{council, north, region} {
		r.Admin("ana")
		r.Say(t, "ana", "hello")
	}
	north.Say(t, "bo", "hello")
	north.Say(t, "cy", "hello") // who does not vote: the votes close on time

	got := council.SayAs(t, apptest.Member("ana"), "!council invite north")
	apptest.Has(t, "invited", said(got, "council")[0], "north is invited to be an assembly of this council")
	apptest.Has(t, "told", said(got, "north")[0], "The council council invites this assembly", "!council join council")
	apptest.Has(t, "not yet", council.SayOne(t, "bo", "!council"), "• invited as an assembly: north (not yet accepted)")

	got = north.SayAs(t, apptest.Member("ana"), "!council join council")
	apptest.Has(t, "joined", said(got, "north")[0], "This room is now an assembly of the council council")
	apptest.Has(t, "council told", said(got, "council")[0], "north accepted: it is now an assembly of this council.")
	apptest.Has(t, "links", north.SayOne(t, "bo", "!council"), "• council: council")

	// A decision of the assembly reaches the council, naming it.
	north.Say(t, "ana", `!vote new "Paint the door green?" --closes in 1h`)
	north.Say(t, "ana", "!agree")
	north.Say(t, "bo", "!block green clashes with the street")
	closed := kit.Advance(t, time.Hour)
	mirrored := said(closed, "council")
	if len(mirrored) != 1 || !apptest.Contains(mirrored, "From the assembly north:", "“Paint the door green?” is closed", "green clashes with the street") {
		t.Fatalf("in the council: %q", mirrored)
	}
	north.Say(t, "ana", `!vote new "Who cleans?" --secret --kind majority --closes in 1h`)
	north.Say(t, "bo", "!no it is always me")
	closed = kit.Advance(t, time.Hour)
	if m := said(closed, "council"); len(m) != 1 || apptest.Contains(m, "bo") || apptest.Contains(m, "always me") {
		t.Errorf("a secret vote's ballots crossed: %q", m)
	}

	// An ended meeting's summary: its title, its decisions and how many tasks, not who said what.
	north.Say(t, "ana", "!meeting start Spring cleaning")
	north.Say(t, "bo", "!note I think the shed is a mess")
	north.Say(t, "ana", "!decided we clean the shed on Saturday")
	north.Say(t, "ana", "!action buy bin bags for bo")
	got = north.SayAs(t, apptest.Member("ana"), "!meeting end")
	if m := said(got, "council"); !apptest.Contains(m, "From north: the meeting “Spring cleaning” has ended.", "• decided: we clean the shed on Saturday", "1 task was given.") ||
		apptest.Contains(m, "the shed is a mess") {
		t.Errorf("the meeting's summary in the council: %q", m)
	}

	// A council's decision goes down to its assemblies.
	council.Say(t, "ana", `!vote new "Share the tools between assemblies?" --closes in 1h`)
	council.Say(t, "ana", "!agree")
	if m := said(kit.Advance(t, time.Hour), "north"); !apptest.Contains(m, "From the council council:", "Share the tools between assemblies?") {
		t.Errorf("in the assembly: %q", m)
	}

	// Confederal layers, never a loop.
	region.Say(t, "ana", "!council invite council")
	council.Say(t, "ana", "!council join region")
	apptest.Has(t, "loop", council.SayOne(t, "ana", "!council invite region"), "region is already above this room")
	apptest.Has(t, "loop down", north.SayOne(t, "ana", "!council invite region"), "region is already above this room")

	got = north.SayAs(t, apptest.Member("ana"), "!council leave council")
	apptest.Has(t, "left", said(got, "north")[0], "The link with council is ended")
	apptest.Has(t, "council told of leaving", said(got, "council")[0], "north ended its link with this room")
	north.Say(t, "ana", `!vote new "Another?" --closes in 1h`)
	north.Say(t, "ana", "!agree")
	if m := said(kit.Advance(t, time.Hour), "council"); len(m) != 0 {
		t.Errorf("a decision crossed a link that was ended: %q", m)
	}
}

// Bad input is answered with what to do instead, and nothing is linked.
func TestCouncilInputIsChecked(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, north := kit.Room("council"), kit.Room("north")
	council.Admin("ana")
	north.Admin("ana")
	north.Say(t, "bo", "hello")
	tests := []struct {
		room    *apptest.Room
		who, in string
		want    string
	}{
		{council, "bo", "!council invite north", "Only the room's facilitator"},
		{council, "ana", "!council invite", "Say the room"},
		{council, "ana", "!council invite nowhere", "folkmoot has heard no one in nowhere"},
		{council, "ana", "!council invite council", "A room cannot be its own council."},
		{council, "ana", "!council invite #assembly:example.org", "is a Matrix room alias"},
		{council, "ana", "!council invite https://matrix.to/#/#assembly:example.org", "is a Matrix room alias"},
		{council, "ana", "!council invite xmpp:nowhere@conference.example.org?join", "folkmoot has heard no one in nowhere@conference.example.org:"},
		{north, "ana", "!council join council", "council has not invited this room"},
		{north, "ana", "!council leave council", "This room has no link with council"},
		{north, "ana", "!council frob", "Say invite, join or leave"},
	}
	for _, tt := range tests {
		apptest.Has(t, tt.in, tt.room.SayOne(t, tt.who, tt.in), tt.want)
	}
	apptest.Has(t, "nothing linked", council.SayOne(t, "bo", "!council"), "This room has no council links.")
}

// A delegate's mandate toward a council: the council sees who speaks for which assembly,
// and a recall ends the delegate's standing there at once.
func TestDelegatesToACouncil(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, north := kit.Room("council"), kit.Room("north")
	for _, r := range []*apptest.Room{council, north} {
		r.Admin("ana")
		r.Say(t, "ana", "hello")
	}
	for _, who := range []string{"bo", "cy", "dee"} {
		north.Say(t, who, "hello")
	}
	apptest.Has(t, "not yet a council", north.SayOne(t, "ana", "!mandate bo --to council speak for us for 3 months"),
		"council is not a council of this assembly")
	council.Say(t, "ana", "!council invite north")
	north.Say(t, "ana", "!council join council")

	got := north.SayAs(t, apptest.Member("ana"), "!mandate bo --to council speak for us on the compost plan for 3 months")
	apptest.Has(t, "given", said(got, "north")[0], "bo speaks for this assembly in the council council while the mandate stands.")
	apptest.Has(t, "council told", said(got, "council")[0], "From the assembly north: bo is its delegate to this council for “speak for us on the compost plan”")
	apptest.Has(t, "delegates", council.SayOne(t, "ana", "!delegates"), "• bo for north: “speak for us on the compost plan”")

	north.Say(t, "cy", "!recall 1 bo agreed to the landfill")
	for _, who := range []string{"ana", "cy", "dee"} {
		north.Say(t, who, "!yes")
	}
	closed := kit.Advance(t, 49*time.Hour)
	if m := said(closed, "council"); !apptest.Contains(m, "From the assembly north: bo no longer speaks for it in this council", "recalled by vote #1") {
		t.Fatalf("in the council at the recall: %q", m)
	}
	apptest.Has(t, "no delegate left", council.SayOne(t, "ana", "!delegates"), "No one holds a delegate's mandate toward this council.")
}

// linkedAssemblies makes a council and its assemblies, each with ana as facilitator and the
// named members heard in it, linked with both sides' consent.
func linkedAssemblies(t *testing.T, kit *apptest.Kit, members []string, names ...string) (*apptest.Room, []*apptest.Room) {
	t.Helper()
	council := kit.Room("council")
	council.Admin("ana")
	council.Say(t, "ana", "hello")
	var rooms []*apptest.Room
	for _, name := range names {
		r := kit.Room(name)
		r.Admin("ana")
		for _, who := range append([]string{"ana"}, members...) {
			r.Say(t, who, "hello")
		}
		council.Say(t, "ana", "!council invite "+name)
		r.Say(t, "ana", "!council join council")
		rooms = append(rooms, r)
	}
	return council, rooms
}

// A vote of assemblies: the council's question opens in each assembly under its own rules;
// each assembly's result is one voice; for consensus one assembly's block blocks; an
// assembly that did not decide by the close counts as not voting, and the result says so.
func TestVoteOfAssemblies(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, rooms := linkedAssemblies(t, kit, []string{"bo"}, "north", "south", "east")
	north, south := rooms[0], rooms[1]
	rooms[2].Say(t, "ana", "!vote policy quorum 2") // east: nobody votes, no decision

	got := council.SayAs(t, apptest.Member("ana"), `!vote new "Share one tool library?" --assemblies --closes in 24h`)
	apptest.Has(t, "opened", said(got, "council")[0], "A vote of assemblies: each of the 3 assemblies (east, north, south) decides in its own room")
	for _, name := range []string{"north", "south", "east"} {
		if m := said(got, name); len(m) != 1 || !apptest.Contains(m, "The council council asks every assembly this question (its vote #1)", "“Share one tool library?”") {
			t.Errorf("asked in %s: %q", name, m)
		}
	}
	apptest.Has(t, "no ballot in the council", council.SayOne(t, "ana", "!agree"), "Vote #1 is a vote of assemblies")

	north.Say(t, "ana", "!agree")
	north.Say(t, "bo", "!agree")
	south.Say(t, "ana", "!agree")
	south.Say(t, "bo", `!block our shed is <b>too small</b> 🌻`)
	closed := kit.Advance(t, 24*time.Hour)
	m := said(closed, "council")
	result := ""
	for _, line := range m {
		if apptest.Contains([]string{line}, "Each assembly:") {
			result = line
		}
	}
	apptest.Has(t, "the council's result", result,
		"“Share one tool library?” is closed: BLOCKED",
		"• north: PASSED", "• south: BLOCKED", "bo: our shed is <b>too small</b> 🌻",
		"2 of 3 assemblies decided", "• east: no decision (nobody voted)", "Counted as not voting: east.")
	if !apptest.Contains(said(closed, "south"), "BLOCKED") {
		t.Errorf("south's own result: %q", said(closed, "south"))
	}

	// Bad input changes nothing.
	apptest.Has(t, "both", council.SayOne(t, "ana", `!vote new "X?" --assemblies --delegates`), "not both")
	apptest.Has(t, "no assemblies", north.SayOne(t, "ana", `!vote new "X?" --assemblies`), "no linked assemblies")
	apptest.Has(t, "nothing opened", north.SayOne(t, "ana", "!votes"), "No vote is open.")
}

// A vote of delegates counts only standing delegates: someone without a mandate toward the
// council cannot vote, and a delegate whose mandate ends before the close no longer counts.
func TestVoteOfDelegatesCountsOnlyStandingOnes(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, rooms := linkedAssemblies(t, kit, []string{"bo", "cy"}, "north", "south")
	north, south := rooms[0], rooms[1]
	apptest.Has(t, "none yet", council.SayOne(t, "ana", `!vote new "Pool the funds?" --delegates`), "No delegate holds a mandate")
	north.Say(t, "ana", "!mandate bo --to council speak for us on funds for 3 months")
	south.Say(t, "ana", "!mandate cy --to council speak for us on funds for 3 months")

	opened := council.SayOne(t, "ana", `!vote new "Pool the funds?" --delegates --kind majority --closes in 24h`)
	apptest.Has(t, "opened", opened, "only the 2 standing delegates vote (bo, cy)")
	apptest.Has(t, "not a delegate", council.SayOne(t, "ana", "!yes"), "Only the standing delegates toward this council vote in #1")
	council.Say(t, "bo", "!yes")
	council.Say(t, "cy", "!no")
	south.Say(t, "ana", "!mandate end 1")
	closed := said(kit.Advance(t, 24*time.Hour), "council")
	if !apptest.Contains(closed, "“Pool the funds?” is closed: PASSED", "1 of 1") {
		t.Errorf("the close counts only bo: %q", closed)
	}
	apptest.Has(t, "secret refused", council.SayOne(t, "ana", `!vote new "X?" --delegates --secret`), "cannot be secret")
}

// A choice put to the assemblies: the council reads the options, each assembly picks from
// them in its own room, and the council's winner is the option most assemblies picked.
func TestChoiceOfAssemblies(t *testing.T) {
	kit := apptest.New(t, app.Features()...)
	council, rooms := linkedAssemblies(t, kit, []string{"bo"}, "north", "south", "east")
	got := council.SayAs(t, apptest.Member("ana"), `!vote new "Which evening?" --assemblies --options "mon|thu" --quorum 60% --closes in 1h`)
	apptest.Has(t, "the options", said(got, "council")[0], "Options:", "mon", "thu", "A vote of assemblies",
		"Quorum: 2 assemblies must decide.")
	apptest.Has(t, "asked", said(got, "north")[0], "Which evening?", "mon", "thu")
	rooms[0].Say(t, "ana", "!vote 1 thu")
	rooms[1].Say(t, "bo", "!vote 1 thu")
	rooms[2].Say(t, "ana", "!vote 1 mon")
	closed := said(kit.Advance(t, time.Hour), "council")
	if !apptest.Contains(closed, "“Which evening?” is closed: “thu” WINS", "1 mon · 2 thu — 3 of 3 assemblies decided", "• east: “mon” WINS") {
		t.Errorf("the council's result: %q", closed)
	}
}
