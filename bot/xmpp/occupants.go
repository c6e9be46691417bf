package xmpp

import (
	"slices"
	"strings"

	"folkmoot/bot"
)

// occupant is one person present in a room, as the room's presence told us.
type occupant struct {
	Nick        string
	JID         string // bare real JID; "" when the room hides it from the bot
	Role        string // moderator, participant, visitor, none
	Affiliation string // owner, admin, member, outcast, none
}

// admin reports facilitator-level rights: moderator role, or owner/admin affiliation.
func (o *occupant) admin() bool {
	return o.Role == "moderator" || o.Affiliation == "owner" || o.Affiliation == "admin"
}

// mucPresence is the part of an occupant presence the tracker needs, independent of the
// wire format so it can be tested without a server.
type mucPresence struct {
	Nick        string // the resource of room@service/nick
	Unavailable bool
	Role        string
	Affiliation string
	JID         string // real JID as sent (full or bare), "" when hidden
	NewNick     string // set with status 303: the occupant is changing nick to this
}

// changeKind says what a presence did to the occupant list.
type changeKind int

const (
	changeNone changeKind = iota
	changeJoined
	changeUpdated
	changeLeft
	changeRenamed
)

// change is the tracker's account of one presence, for logs and tests.
type change struct {
	Kind changeKind
	Nick string
	From string // the old nick of a rename
}

// occupants tracks who is in one room, keyed by nick, with the real JID when visible.
// A nick change (XEP-0045 §7.6: unavailable with status 303 and the new nick, then the new
// nick's presence) moves the entry, so the person stays the same member.
type occupants struct {
	room   string
	byNick map[string]*occupant
}

func newOccupants(room string) *occupants {
	return &occupants{room: room, byNick: map[string]*occupant{}}
}

// reset forgets everyone: a fresh join sends the whole list again.
func (o *occupants) reset() {
	o.byNick = map[string]*occupant{}
}

// apply records one occupant presence.
func (o *occupants) apply(p mucPresence) change {
	if p.Nick == "" {
		return change{}
	}
	old, known := o.byNick[p.Nick]
	if p.Unavailable {
		delete(o.byNick, p.Nick)
		if !known {
			return change{}
		}
		if p.NewNick != "" && p.NewNick != p.Nick {
			old.Nick = p.NewNick
			o.byNick[p.NewNick] = old
			return change{Kind: changeRenamed, Nick: p.NewNick, From: p.Nick}
		}
		return change{Kind: changeLeft, Nick: p.Nick}
	}
	occ := &occupant{Nick: p.Nick, JID: bareJID(p.JID), Role: p.Role, Affiliation: p.Affiliation}
	o.byNick[p.Nick] = occ
	if !known {
		return change{Kind: changeJoined, Nick: p.Nick}
	}
	if occ.JID == "" {
		occ.JID = old.JID // a later presence may come without the JID we already saw
	}
	return change{Kind: changeUpdated, Nick: p.Nick}
}

// member is who sent a message from nick: the real JID when known, else the occupant JID
// flagged Anonymous so the core keeps them from votes and roles.
func (o *occupants) member(nick string) bot.Member {
	if occ, ok := o.byNick[nick]; ok && occ.JID != "" {
		return bot.Member{ID: occ.JID, Name: nick}
	}
	return bot.Member{ID: o.room + "/" + nick, Name: nick, Anonymous: true}
}

// find returns the occupants that are the member: by real JID, or by occupant JID
// (room/nick) for an anonymous member.
func (o *occupants) find(id string) []*occupant {
	if room, nick, ok := strings.Cut(id, "/"); ok {
		if strings.EqualFold(room, o.room) {
			if occ, ok := o.byNick[nick]; ok {
				return []*occupant{occ}
			}
		}
		return nil
	}
	return o.withJID(id)
}

// nicksOf lists, sorted, the nicks of the occupants whose real JID the room shows as jid. An
// occupant JID (room/nick) matches nothing: only a real JID says who someone is, and a nick
// may have passed to someone else.
func (o *occupants) nicksOf(jid string) []string {
	var out []string
	for _, occ := range o.withJID(jid) {
		out = append(out, occ.Nick)
	}
	return out
}

// withJID lists, sorted by nick, the occupants whose real JID the room shows as jid (its
// resource aside). Neither "" nor the room's own JID matches: those would pick out hidden
// occupants, whom only their occupant JID names.
func (o *occupants) withJID(jid string) []*occupant {
	jid = bareJID(jid)
	if jid == "" || jid == o.room {
		return nil
	}
	var out []*occupant
	for _, occ := range o.byNick {
		if occ.JID == jid {
			out = append(out, occ)
		}
	}
	slices.SortFunc(out, func(a, b *occupant) int { return strings.Compare(a.Nick, b.Nick) })
	return out
}

// isAdmin reports whether any presence of the member has facilitator-level rights.
func (o *occupants) isAdmin(id string) bool {
	for _, occ := range o.find(id) {
		if occ.admin() {
			return true
		}
	}
	return false
}

// nick is the member's current nick in the room, or "" when not present.
func (o *occupants) nick(id string) string {
	found := o.find(id)
	if len(found) == 0 {
		return ""
	}
	return found[0].Nick
}

// members lists, once each, the occupants whose real JID is visible, leaving out self (the
// bot's own JID): the room's members for a vote's electorate and "not voted yet".
func (o *occupants) members(self string) []bot.Member {
	seen := map[string]bool{bareJID(self): true}
	var out []bot.Member
	for _, occ := range o.byNick {
		if occ.JID == "" || seen[occ.JID] {
			continue
		}
		seen[occ.JID] = true
		out = append(out, bot.Member{ID: occ.JID, Name: occ.Nick})
	}
	slices.SortFunc(out, func(a, b bot.Member) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// hidden counts occupants whose real JID the bot cannot see.
func (o *occupants) hidden() int {
	n := 0
	for _, occ := range o.byNick {
		if occ.JID == "" {
			n++
		}
	}
	return n
}

// bareJID strips the resource and lowercases local part and domain, which XMPP compares
// case-insensitively. Resources (nicks) stay as they are.
func bareJID(jid string) string {
	b, _, _ := strings.Cut(jid, "/")
	return strings.ToLower(b)
}

// resource returns what follows the first "/" of a JID, the nick of an occupant JID.
func resource(jid string) string {
	_, r, _ := strings.Cut(jid, "/")
	return r
}
