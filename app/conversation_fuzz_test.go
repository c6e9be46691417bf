package app_test

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/bot"
	"folkmoot/phrase"
)

// The conversation fuzzer drives whole conversations through the test kit: random sequences
// of commands from a small grammar (valid and invalid arguments), several members, an
// admin, and clock jumps. After every step it checks what must always hold, whatever people
// type: nothing panics or fails inside; a vote closes and is announced once, and no ballot
// after its close counts; a mandate ends once; a rotation never gives someone a second role
// while someone free waits in its pool; nothing scheduled stays in the past unfired; what is
// for one member alone reaches only them.

var (
	fuzzMembers = []string{"ana", "bo", "cy", "dee", "eli"}
	// The admin speaks more often: most changes need the facilitator level.
	fuzzSpeakers = []string{"ana", "ana", "ana", "bo", "cy", "dee", "eli"}
	fuzzIDs      = []string{"1", "2", "3", "#1", "99", "x", "0", "-1"}
	fuzzWhens    = []string{"2h", "fri 18:00", "15 dec", "tomorrow 10:00", "yesterday", "9999-12-31 18:00", "soon", "in 30 minutes", "1h"}
	fuzzRoles    = []string{"facilitator", "notetaker", "mediator", "timekeeper", "kitchen", "nonsense"}
	fuzzJumps    = []time.Duration{time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour, 25 * time.Hour, 72 * time.Hour}
)

// fuzzCommands is the grammar: %i an id, %w a time, %m a member, %r a role.
var fuzzCommands = []string{
	"!help", "!help vote", "!status", "!tz", "!tz Asia/Tokyo", "!tz Mars/Base", "!whoami", "!nonsense",
	"!roles", "!role add %r", "!role add %r every monday 19:00", "!role remove %r", "!role every %r off",
	"!role every %r every day 10:00", "!role add %r --seats 2", "!join", "!join %r", "!leave", "!leave %r",
	"!away until %w", "!away until %w on holiday", "!back", "!rotate", "!rotate %r", "!why", "!why %r",
	"!decline", "!decline %r busy", "!decline swap", "!swap %r %m", "!accept", "!accept %r", "!history", "!history %r",
	"!mandate %m negotiate the rent until %w", "!mandate %m until %w", "!mandate end %i", "!mandates", "!recall %i not what we agreed", "!recall",
	`!vote new "Paint the door?"`, `!vote new "Paint the door?" --closes %w`, `!vote new "New roof?" --kind majority --closes %w`,
	`!vote new "Which colour?" --kind choice --options "red|green|blue" --max 2 --closes %w`, `!vote new "Quorate?" --quorum 60% --closes %w`,
	`!vote new "Secret?" --secret --closes %w`, `!vote new "Hidden?" --hide-results`, `!vote new`, `!vote new "" --kind nonsense`,
	"!vote %i agree", "!vote %i yes", "!vote %i no", "!vote %i 1 2", "!vote %i block", "!vote %i", "!vote show %i", "!vote list",
	"!vote close %i", "!vote extend %i %w", "!vote remind %i", "!vote policy facilitators", "!vote policy members", "!vote policy", "!votes",
	"!agree", "!aside away", "!object too dear", "!block the hall is booked", "!block", "!yes", "!no", "!abstain",
	"!task add paint the board for %m due %w", "!task add sweep", "!task done %i", "!task drop %i no need", "!task take %i",
	"!task give %i %m", "!task", "!tasks",
	"!remind %w water the plants", "!remind me %w call the landlord", "!remind every monday 09:00 bins out", "!remind cancel %i", "!reminders",
	"!round budget --each 1m --signup 1m", "!round stop", "!in", "!done", "!pass", "!next", "!extend", "!hand", "!hand down", "!queue",
}

// fuzzStep reads the next byte of the fuzzer's input (0 once it is used up).
type fuzzStep struct {
	data []byte
	pos  int
}

func (s *fuzzStep) next() int {
	if s.pos >= len(s.data) {
		return 0
	}
	s.pos++
	return int(s.data[s.pos-1])
}

func (s *fuzzStep) pick(list []string) string { return list[s.next()%len(list)] }

func (s *fuzzStep) command() string {
	cmd := s.pick(fuzzCommands)
	for _, ph := range []struct {
		mark string
		list []string
	}{{"%i", fuzzIDs}, {"%w", fuzzWhens}, {"%m", fuzzMembers}, {"%r", fuzzRoles}} {
		for strings.Contains(cmd, ph.mark) {
			cmd = strings.Replace(cmd, ph.mark, s.pick(ph.list), 1)
		}
	}
	return cmd
}

var (
	closedRe       = regexp.MustCompile(`(Vote #\d+) .* is closed:`)
	mandateEndedRe = regexp.MustCompile(`The mandate of .* has ended`)
)

// conversation runs one fuzzed conversation and checks the invariants after every step.
func conversation(t *testing.T, data []byte) {
	kit := apptest.New(t)
	room := kit.Room("assembly")
	room.Admin("ana")
	var members []bot.Member
	for _, name := range fuzzMembers {
		members = append(members, apptest.Member(name))
	}
	kit.Transport.SetMembers(room.Room, members...)
	// Everyone is in every role's pool from the start, so rotations have people to choose.
	for _, name := range fuzzMembers {
		for _, p := range room.SayAs(t, apptest.Member(name), "!join") {
			t.Logf("%s says !join\n  → %s", name, phrase.Clip(p.Reply.Text(), 160))
		}
	}
	announced := map[string]int{}
	mandatesEnded := map[string]int{}
	in := &fuzzStep{data: data}
	const maxSteps = 40
	for step := 0; step < maxSteps && in.pos < len(in.data); step++ {
		var said []apptest.Posted
		var what string
		switch op := in.next(); {
		case op%5 == 0:
			d := fuzzJumps[in.next()%len(fuzzJumps)]
			what = "the clock moves " + d.String()
			said = kit.Advance(t, d)
		case op%17 == 1:
			// Room admins change: bo, cy, dee or eli gains or loses the admin level.
			who := fuzzMembers[1+in.next()%(len(fuzzMembers)-1)]
			admin := in.next()%2 == 0
			what = fmt.Sprintf("%s's admin level is now %v", who, admin)
			kit.Transport.SetAdmin(room.Room, apptest.Member(who).ID, admin)
		case op%11 == 2:
			// A private message to the bot within the room, as on XMPP.
			who := fuzzSpeakers[in.next()%len(fuzzSpeakers)]
			what = who + " says privately " + in.command()
			said = room.SayPrivately(t, apptest.Member(who), strings.TrimPrefix(what, who+" says privately "))
			said = append(said, kit.Tick(t)...)
		default:
			who := fuzzSpeakers[in.next()%len(fuzzSpeakers)]
			what = who + " says " + in.command()
			said = room.SayAs(t, apptest.Member(who), strings.TrimPrefix(what, who+" says "))
			said = append(said, kit.Tick(t)...)
		}
		// What is said to one member alone goes to whoever spoke, never to anyone else, and
		// never into the room.
		for _, p := range kit.Transport.TakePrivate() {
			if speaker, _, _ := strings.Cut(what, " says"); p.Reply.To != apptest.Member(speaker).ID {
				t.Fatalf("step %d, %s: told %s privately: %q", step, what, p.Reply.To, p.Reply.Text())
			}
		}
		t.Logf("%s", what) // the transcript, shown when a check fails
		for _, p := range said {
			text := p.Reply.Text()
			t.Logf("  → %s", strings.ReplaceAll(phrase.Clip(text, 160), "\n", " ⏎ "))
			if strings.Contains(text, "Something went wrong") || strings.Contains(text, "Only you see this message") {
				t.Fatalf("step %d, %s: %q", step, what, text)
			}
			// The close is announced by a notice (the closing job) or as the answer to
			// !vote close; showing a closed vote later repeats its result, which is fine.
			announces := p.Reply.Notice || strings.Contains(what, "!vote close") && !strings.Contains(text, "is already closed")
			if m := closedRe.FindStringSubmatch(text); m != nil && announces {
				if announced[m[1]]++; announced[m[1]] > 1 {
					t.Fatalf("step %d, %s: %s announced closed twice: %q", step, what, m[1], text)
				}
			}
			if m := mandateEndedRe.FindString(text); m != "" {
				if mandatesEnded[m]++; mandatesEnded[m] > 1 {
					t.Fatalf("step %d, %s: a mandate ended twice: %q", step, what, text)
				}
			}
		}
		checkInvariants(t, kit, fmt.Sprintf("step %d, %s", step, what), strings.HasSuffix(what, " says !rotate"))
	}
}

func checkInvariants(t *testing.T, kit *apptest.Kit, where string, rotated bool) {
	t.Helper()
	db := kit.App.DB
	now := kit.Clock.Now().UnixMilli()
	count := func(what, query string, args ...any) {
		t.Helper()
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %s: %v", where, what, err)
		}
		if n != 0 {
			t.Fatalf("%s: %s (%d)\nterms now:\n%s", where, what, n, dumpTerms(t, kit))
		}
	}
	count("a ballot cast after its vote closed",
		`SELECT COUNT(*) FROM ballots b JOIN votes v ON v.id = b.vote WHERE v.closed_at IS NOT NULL AND b.cast_at > v.closed_at`)
	count("a scheduled job left in the past",
		`SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND coalesce(retry_at, due_at) <= ?`, now)
	count("a failed job", `SELECT COUNT(*) FROM jobs WHERE state = 'failed'`)
	count("an open vote past its close", `SELECT COUNT(*) FROM votes WHERE closed_at IS NULL AND closes_at <= ?`, now)
	count("an active mandate past its end", `SELECT COUNT(*) FROM mandates WHERE ended_at IS NULL AND ends_at <= ?`, now)
	if rotated {
		// Right after a rotation: nobody holds two roles (by rotation) while a member of one
		// of those roles' pools holds none and is not away.
		count("someone holds two roles while someone free waits in the pool", `
			WITH holding AS (
				SELECT room, member, role FROM role_terms
				WHERE ended_at IS NULL AND state = 'held' AND role <> 'delegate'),
			doubled AS (
				SELECT h.room, h.member, h.role FROM holding h
				WHERE (SELECT COUNT(DISTINCT role) FROM holding o WHERE o.room = h.room AND o.member = h.member) > 1
				AND EXISTS (SELECT 1 FROM role_terms r WHERE r.room = h.room AND r.member = h.member AND r.role = h.role
					AND r.ended_at IS NULL AND r.state = 'held' AND r.via = 'rotation'))
			SELECT COUNT(*) FROM doubled d JOIN role_pool p ON p.room = d.room AND p.role = d.role AND p.left_at IS NULL
			WHERE p.member NOT IN (SELECT member FROM holding h WHERE h.room = p.room)
			AND p.member NOT IN (SELECT member FROM role_away a WHERE a.room = p.room AND a.since <= ? AND a.until > ?)`, now, now)
		// The spread (rotation.Situation.Plan): whoever holds a seat the rotation filled
		// holds at most one role more than anyone who could have taken it: in its pool, not
		// away, not holding it, not its outgoing holder. Every held role counts, as the
		// rotation counts them (a mandate's delegate role too).
		count("someone holds two roles more than someone who could have taken one of them", `
			WITH holding AS (
				SELECT room, member, role FROM role_terms WHERE ended_at IS NULL AND state = 'held'),
			load AS (SELECT room, member, COUNT(*) AS n FROM holding GROUP BY room, member),
			seats AS (
				SELECT t.room, t.role, t.member, k.outgoing FROM role_terms t JOIN role_picks k ON k.id = t.pick
				WHERE t.ended_at IS NULL AND t.state = 'held' AND t.via = 'rotation')
			SELECT COUNT(*) FROM seats x
			JOIN load lx ON lx.room = x.room AND lx.member = x.member
			JOIN role_pool p ON p.room = x.room AND p.role = x.role AND p.left_at IS NULL
			WHERE p.member NOT IN (SELECT member FROM holding h WHERE h.room = p.room AND h.role = x.role)
			AND instr(char(10) || x.outgoing || char(10), char(10) || p.member || char(10)) = 0
			AND p.member NOT IN (SELECT member FROM role_away a WHERE a.room = p.room AND a.since <= ? AND a.until > ?)
			AND lx.n > 1 + coalesce((SELECT n FROM load l WHERE l.room = p.room AND l.member = p.member), 0)`, now, now)
	}
}

func FuzzConversation(f *testing.F) {
	seeds := [][]byte{
		{},
		[]byte("a vote from opening to close"),
		{1, 0, 40, 2, 1, 64, 3, 2, 66, 0, 4}, // a vote, ballots, clock jumps
		{1, 0, 22, 1, 1, 17, 1, 2, 17, 1, 3, 17, 1, 0, 24, 0}, // join and rotate
		{1, 0, 37, 1, 0, 1, 0, 5, 0, 5, 0, 5},                 // a mandate that runs out
		{6, 0, 40, 2, 0, 0, 3, 1, 64, 0, 0, 5, 4, 1, 66, 0},   // ballots around the close
		[]byte("\x01\x00\x17\x01\x01\x17\x01\x02\x17\x01\x03\x17\x01\x04\x17\x01\x00\x18\x00\x03\x01\x00\x18"),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 200 {
			data = data[:200]
		}
		conversation(t, data)
	})
}

// TestRandomConversations runs a fixed set of pseudo-random conversations on every go test,
// longer than the seeds, so the invariants are checked without the fuzzing engine.
func TestRandomConversations(t *testing.T) {
	for seed := int64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(seed), 0))
			data := make([]byte, 120)
			for i := range data {
				data[i] = byte(r.IntN(256))
			}
			conversation(t, data)
		})
	}
}

// dumpTerms lists the held role terms, for a failure's message.
func dumpTerms(t *testing.T, kit *apptest.Kit) string {
	rows, err := kit.App.DB.Query(`SELECT role, member, via, state FROM role_terms WHERE ended_at IS NULL`)
	if err != nil {
		return err.Error()
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var role, member, via, state string
		if err := rows.Scan(&role, &member, &via, &state); err != nil {
			return err.Error()
		}
		fmt.Fprintf(&b, "  %s: %s (%s, %s)\n", role, member, via, state)
	}
	return b.String()
}
