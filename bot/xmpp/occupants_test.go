package xmpp

import (
	"testing"

	"folkmoot/bot"
)

const testRoom = "assembly@conference.example.org"

func TestOccupantsNickChangeKeepsMember(t *testing.T) {
	tests := []struct {
		name   string
		jid    string // real JID shown to the bot, "" in a semi-anonymous room
		wantID string // Member.ID after the rename
		anon   bool
	}{
		{"non-anonymous room", "Ana@Example.org/phone", "ana@example.org", false},
		{"semi-anonymous room", "", testRoom + "/ana2", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOccupants(testRoom)
			o.apply(mucPresence{Nick: "ana", Role: "participant", Affiliation: "member", JID: tc.jid})
			got := o.apply(mucPresence{Nick: "ana", Unavailable: true, Role: "participant", Affiliation: "member", JID: tc.jid, NewNick: "ana2"})
			if got.Kind != changeRenamed || got.From != "ana" || got.Nick != "ana2" {
				t.Fatalf("status 303: got %+v, want renamed ana -> ana2", got)
			}
			if got := o.apply(mucPresence{Nick: "ana2", Role: "participant", Affiliation: "member", JID: tc.jid}); got.Kind != changeUpdated {
				t.Fatalf("the new nick's presence: got %v, want updated (same occupant)", got.Kind)
			}
			m := o.member("ana2")
			if m.ID != tc.wantID || m.Anonymous != tc.anon || m.Name != "ana2" {
				t.Fatalf("member after rename = %+v, want ID %q anonymous %v name ana2", m, tc.wantID, tc.anon)
			}
			if _, still := o.byNick["ana"]; still {
				t.Fatal("old nick still listed as an occupant")
			}
		})
	}
}

func TestOccupantsLeave(t *testing.T) {
	o := newOccupants(testRoom)
	o.apply(mucPresence{Nick: "ana", Role: "participant", JID: "ana@example.org/x"})
	if got := o.apply(mucPresence{Nick: "ana", Unavailable: true, Role: "none"}); got.Kind != changeLeft {
		t.Fatalf("leave: got %v, want left", got.Kind)
	}
	// Someone else taking the nick must not inherit Ana's identity.
	o.apply(mucPresence{Nick: "ana", Role: "participant"})
	if m := o.member("ana"); !m.Anonymous || m.ID != testRoom+"/ana" {
		t.Fatalf("new ana = %+v, want anonymous occupant JID", m)
	}
	if got := o.apply(mucPresence{Nick: "nobody", Unavailable: true}); got.Kind != changeNone {
		t.Fatalf("unknown nick leaving: got %v, want none", got.Kind)
	}
}

func TestOccupantsAdmin(t *testing.T) {
	o := newOccupants(testRoom)
	o.apply(mucPresence{Nick: "mod", Role: "moderator", Affiliation: "none", JID: "mod@example.org/a"})
	o.apply(mucPresence{Nick: "own", Role: "participant", Affiliation: "owner", JID: "own@example.org/a"})
	o.apply(mucPresence{Nick: "adm", Role: "participant", Affiliation: "admin", JID: "adm@example.org/a"})
	o.apply(mucPresence{Nick: "mem", Role: "participant", Affiliation: "member", JID: "mem@example.org/a"})
	o.apply(mucPresence{Nick: "anon", Role: "moderator"})
	// In a semi-anonymous room the bot sees affiliations even where it cannot see JIDs.
	o.apply(mucPresence{Nick: "hidden-owner", Role: "participant", Affiliation: "owner"})
	o.apply(mucPresence{Nick: "hidden-admin", Role: "participant", Affiliation: "admin"})
	o.apply(mucPresence{Nick: "hidden-member", Role: "participant", Affiliation: "member"})
	tests := []struct {
		id   string
		want bool
	}{
		{"mod@example.org", true},
		{"OWN@example.org", true},
		{"adm@example.org", true},
		{"mem@example.org", false},
		{"gone@example.org", false},
		{testRoom + "/anon", true},
		{testRoom + "/mem", false},
		{testRoom + "/hidden-owner", true},
		{testRoom + "/hidden-admin", true},
		{testRoom + "/hidden-member", false},
		{"other@conference.example.org/anon", false},
		{"", false}, // no ID must pass for the hidden moderator
		{testRoom, false},
	}
	for _, tc := range tests {
		if got := o.isAdmin(tc.id); got != tc.want {
			t.Errorf("isAdmin(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
}

func TestOccupantsRoleChangeKeepsJID(t *testing.T) {
	o := newOccupants(testRoom)
	o.apply(mucPresence{Nick: "ana", Role: "participant", JID: "ana@example.org/a"})
	if got := o.apply(mucPresence{Nick: "ana", Role: "moderator"}); got.Kind != changeUpdated {
		t.Fatalf("role change: got %v, want updated", got.Kind)
	}
	want := bot.Member{ID: "ana@example.org", Name: "ana"}
	if m := o.member("ana"); m != want {
		t.Fatalf("member = %+v, want %+v", m, want)
	}
	if !o.isAdmin("ana@example.org") {
		t.Fatal("moderator after the role change should be admin")
	}
}

func TestOccupantsHiddenAndNick(t *testing.T) {
	o := newOccupants(testRoom)
	o.apply(mucPresence{Nick: "ana", Role: "participant", JID: "ana@example.org/a"})
	o.apply(mucPresence{Nick: "x", Role: "participant"})
	if n := o.hidden(); n != 1 {
		t.Fatalf("hidden = %d, want 1", n)
	}
	if n := o.nick("ana@example.org"); n != "ana" {
		t.Fatalf("nick = %q, want ana", n)
	}
	if n := o.nick(""); n != "" {
		t.Fatalf("nick of no ID = %q, want none (not the hidden occupant's)", n)
	}
	// With several clients in the room, the member is always named by the same one.
	o.apply(mucPresence{Nick: "ana-phone", Role: "participant", JID: "ana@example.org/b"})
	o.apply(mucPresence{Nick: "a", Role: "participant", JID: "ana@example.org/c"})
	for range 20 {
		if n := o.nick("ana@example.org"); n != "a" {
			t.Fatalf("nick with three clients = %q, want the first by sort, a", n)
		}
	}
	o.reset()
	if n := o.nick("ana@example.org"); n != "" {
		t.Fatalf("nick after reset = %q, want empty", n)
	}
}

func TestOccupantMembers(t *testing.T) {
	o := newOccupants("assembly@conference.example.org")
	for _, p := range []mucPresence{
		{Nick: "folkmoot", JID: "folkmoot@example.org/bot", Role: "participant"},
		{Nick: "ana", JID: "ana@example.org/phone", Role: "participant"},
		{Nick: "ana-laptop", JID: "ana@example.org/laptop", Role: "participant"},
		{Nick: "bo", JID: "Bo@Example.org/x", Role: "moderator"},
		{Nick: "ghost", Role: "participant"}, // real JID hidden
	} {
		o.apply(p)
	}
	got := o.members("folkmoot@example.org")
	want := []bot.Member{{ID: "ana@example.org", Name: got[0].Name}, {ID: "bo@example.org", Name: "bo"}}
	if len(got) != 2 || got[0].ID != want[0].ID || got[1] != want[1] {
		t.Fatalf("members = %+v, want ana once, bo, and neither the bot nor the hidden occupant", got)
	}
}
