package votes

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/facts"
	"folkmoot/store"
	"folkmoot/vote"
)

const voteColumns = `id, room, number, question, kind, max_choices, quorum, quorum_percent, quorum_majority, secret, hide_results,
	opened_by, opened_by_name, opened_at, closes_at, closed_at, link_kind, link_id, poll_id, poll_state,
	outcome, voters, eligible, result, body`

const (
	voteInsert = `INSERT INTO votes (room, number, question, kind, max_choices, quorum, quorum_percent, quorum_majority, secret, hide_results,
		opened_by, opened_by_name, opened_at, closes_at, link_kind, link_id, body)
		SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM votes WHERE room = ?
		RETURNING id, number`
	voteOptionInsert = `INSERT INTO vote_options (vote, position, key, label) VALUES (?, ?, ?, ?)`
	voteOptions      = `SELECT key, label, final_count FROM vote_options WHERE vote = ? ORDER BY position`
	electorateInsert = `INSERT OR IGNORE INTO vote_electorate (vote, member, name) VALUES (?, ?, ?)`
	electorateSelect = `SELECT member, name FROM vote_electorate WHERE vote = ? ORDER BY member`
	electorateDelete = `DELETE FROM vote_electorate WHERE vote = ? AND member = ?`
	votesLinked      = `SELECT ` + voteColumns + ` FROM votes WHERE link_kind = ? AND link_id = ? ORDER BY id`
	voteByID         = `SELECT ` + voteColumns + ` FROM votes WHERE id = ?`
	voteByNumber     = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND number = ?`
	voteByPoll       = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND poll_id = ? AND poll_id <> ''`
	votesOpen        = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND closed_at IS NULL ORDER BY number`
	voteOpenLinked   = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND closed_at IS NULL AND link_kind = ? AND link_id = ? ORDER BY number LIMIT 1`
	votesClosingIn   = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND closed_at IS NULL AND closes_at >= ? AND closes_at < ? ORDER BY closes_at, number`
	voteClosingLast  = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND closed_at IS NULL AND closes_at >= ? AND closes_at < ? ORDER BY closes_at DESC, number DESC LIMIT 1`
	votesClosed      = `SELECT ` + voteColumns + ` FROM votes WHERE room = ? AND closed_at IS NOT NULL AND closed_at >= ? AND closed_at < ? ORDER BY closed_at, id`
	voteSetPoll      = `UPDATE votes SET poll_id = ?, poll_state = CASE WHEN closed_at IS NULL THEN 'open' ELSE 'ended' END
		WHERE id = ? AND poll_id = ''`
	votePollEnded = `UPDATE votes SET poll_state = 'ended' WHERE id = ? AND poll_state = 'ending'`
	voteSetCloses = `UPDATE votes SET closes_at = ? WHERE id = ? AND closed_at IS NULL`
	voteClose     = `UPDATE votes SET closed_at = ?, outcome = ?, voters = ?, eligible = ?, result = ?,
		poll_state = CASE WHEN poll_id <> '' THEN 'ending' ELSE poll_state END
		WHERE id = ? AND closed_at IS NULL`
	voteOptionCount = `UPDATE vote_options SET final_count = ? WHERE vote = ? AND key = ?`
	voteAccepts     = `SELECT closed_at IS NULL AND closes_at > ? FROM votes WHERE id = ?`
	ballotCurrent   = `SELECT member, name, choices, reason, cast_at FROM ballots WHERE vote = ? AND member = ? AND current = 1`
	ballotRetire    = `UPDATE ballots SET current = 0 WHERE vote = ? AND member = ? AND current = 1`
	ballotInsert    = `INSERT INTO ballots (vote, member, name, choices, reason, via, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	ballotsCurrent  = `SELECT member, name, choices, reason, cast_at FROM ballots WHERE vote = ? AND current = 1 ORDER BY id`
	ballotsOfMember = `SELECT member, name, choices, reason, cast_at FROM ballots WHERE vote = ? AND member = ? ORDER BY id`
	policySelect    = `SELECT opens FROM vote_policy WHERE room = ?`
	policySet       = `INSERT INTO vote_policy (room, opens) VALUES (?, ?) ON CONFLICT (room) DO UPDATE SET opens = excluded.opens`

	// A room's default quorum is a row of the key-value table (voteQuorumNamespace).
	quorumGet    = `SELECT value FROM kv WHERE namespace = ? AND key = ?`
	quorumSet    = `INSERT INTO kv (namespace, key, value) VALUES (?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value`
	quorumDelete = `DELETE FROM kv WHERE namespace = ? AND key = ?`
)

// createVote stores a new vote with its options and the members who may vote in it, giving
// it the room's next number. v.ID and v.Number are set. Run it in the transaction that also
// schedules the vote's jobs.
func createVote(ctx context.Context, q store.Querier, v *vote.Vote, electorate []bot.Member) error {
	r := v.Rules
	err := q.QueryRowContext(ctx, voteInsert, v.Room.Key(), v.Question, string(r.Kind), max(r.MaxChoices, 1), r.Quorum.N,
		r.Quorum.Percent, r.Quorum.Majority, r.Secret, v.HideResults, v.OpenedBy.ID, v.OpenedBy.Name, v.OpenedAt.UnixMilli(),
		v.ClosesAt.UnixMilli(), v.LinkKind, v.LinkID, string(v.Body), v.Room.Key()).Scan(&v.ID, &v.Number)
	if err != nil {
		return fmt.Errorf("create vote: %w", err)
	}
	for i, o := range r.Options {
		if _, err := q.ExecContext(ctx, voteOptionInsert, v.ID, i, o.Key, o.Label); err != nil {
			return fmt.Errorf("create vote option: %w", err)
		}
	}
	for _, m := range electorate {
		if m.Anonymous || m.ID == "" {
			continue
		}
		if _, err := q.ExecContext(ctx, electorateInsert, v.ID, m.ID, m.Name); err != nil {
			return fmt.Errorf("record electorate: %w", err)
		}
	}
	return nil
}

// ByID loads a vote by its database ID (the scheduler's jobs refer to it so);
// vote.ErrNotFound when there is none.
func ByID(ctx context.Context, q store.Querier, id int64) (vote.Vote, error) {
	return oneVote(ctx, q, voteByID, id)
}

// ByNumber loads a room's vote by the number people type; vote.ErrNotFound when there is
// none.
func ByNumber(ctx context.Context, q store.Querier, room bot.Room, number int) (vote.Vote, error) {
	return oneVote(ctx, q, voteByNumber, room.Key(), number)
}

// byPoll finds the vote a native poll belongs to.
func byPoll(ctx context.Context, q store.Querier, room bot.Room, pollID string) (vote.Vote, error) {
	return oneVote(ctx, q, voteByPoll, room.Key(), pollID)
}

// openVotes lists a room's open votes by number.
func openVotes(ctx context.Context, q store.Querier, room bot.Room) ([]vote.Vote, error) {
	return manyVotes(ctx, q, votesOpen, room.Key())
}

// openVotesClosing lists the open votes of a room that close in [from, to), by closing time
// then number.
func openVotesClosing(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]vote.Vote, error) {
	return manyVotes(ctx, q, votesClosingIn, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// lastOpenVoteClosing is the open vote of a room that closes last in [from, to) (the higher
// number among those closing at once); vote.ErrNotFound when none does.
func lastOpenVoteClosing(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) (vote.Vote, error) {
	return oneVote(ctx, q, voteClosingLast, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// openLinkedVote finds the open vote tied to an object (a mandate's recall), if any.
func openLinkedVote(ctx context.Context, q store.Querier, room bot.Room, kind, id string) (vote.Vote, bool, error) {
	v, err := oneVote(ctx, q, voteOpenLinked, room.Key(), kind, id)
	if errors.Is(err, vote.ErrNotFound) {
		return vote.Vote{}, false, nil
	}
	return v, err == nil, err
}

// Closed lists the votes of a room closed in [from, to), with their results: what
// the minutes read (app gives it to the meetings feature).
func Closed(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]vote.Vote, error) {
	return manyVotes(ctx, q, votesClosed, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// setVotePoll records the native poll posted for a vote, unless one is recorded already
// (set says whether this call did); for a vote closed meanwhile, as ended (its caller queues
// the end).
func setVotePoll(ctx context.Context, q store.Querier, voteID int64, pollID string) (set bool, err error) {
	res, err := q.ExecContext(ctx, voteSetPoll, pollID, voteID)
	if err != nil {
		return false, fmt.Errorf("record poll: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// votePollID is the native poll recorded for a vote, "" for none yet.
func votePollID(ctx context.Context, q store.Querier, voteID int64) (string, error) {
	var id string
	if err := q.QueryRowContext(ctx, `SELECT poll_id FROM votes WHERE id = ?`, voteID).Scan(&id); err != nil {
		return "", fmt.Errorf("read the vote's poll: %w", err)
	}
	return id, nil
}

// setVoteCloses moves an open vote's closing time; vote.ErrClosed when it is closed.
func setVoteCloses(ctx context.Context, q store.Querier, voteID int64, closesAt time.Time) error {
	res, err := q.ExecContext(ctx, voteSetCloses, closesAt.UnixMilli(), voteID)
	if err != nil {
		return fmt.Errorf("extend vote: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return vote.ErrClosed
	}
	return nil
}

// storeClose stores a vote's close through q, the closing transaction: its result, once (vote.ErrClosed when it closed
// already), the end of its pending jobs, the result as a notice when announce is set, and
// the end of its native poll, queued in the outbox so no poll stays open after its vote and
// nothing here waits on the network.
func storeClose(ctx context.Context, q store.Querier, v vote.Vote, at time.Time, res vote.Result, text string, announce bool) error {
	r, err := q.ExecContext(ctx, voteClose, at.UnixMilli(), string(res.Outcome), res.Voters, res.Eligible, text, v.ID)
	if err != nil {
		return fmt.Errorf("close vote: %w", err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		return vote.ErrClosed
	}
	for _, c := range res.Counts {
		if _, err := q.ExecContext(ctx, voteOptionCount, c.N, v.ID, c.Key); err != nil {
			return fmt.Errorf("store count: %w", err)
		}
	}
	if err := cancelVoteJobs(ctx, q, v); err != nil {
		return err
	}
	if announce {
		if err := store.PutReply(ctx, q, v.Room, bot.Notice(text)); err != nil {
			return err
		}
	}
	// The poll may have been recorded since v was read (the outbox posts it apart): ask
	// again here.
	pollID, err := votePollID(ctx, q, v.ID)
	if err != nil || pollID == "" {
		return err
	}
	if err := store.PutReply(ctx, q, v.Room, bot.Reply{Doc: bot.TextDoc(text), EndsPoll: pollID}); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, votePollEnded, v.ID); err != nil {
		return fmt.Errorf("record poll ended: %w", err)
	}
	return nil
}

// castBallot records a member's ballot as their current one; the previous one, returned
// when there was one, stays in the history but no longer counts. A vote that is closed, or
// whose closing time is not after b.At, refuses it with vote.ErrClosed. Run it in a
// transaction; the unique index on current ballots keeps one per member regardless.
func castBallot(ctx context.Context, q store.Querier, voteID int64, b vote.Ballot, via string) (prev vote.Ballot, replaced bool, err error) {
	var accepts sql.NullBool
	if err := q.QueryRowContext(ctx, voteAccepts, b.At.UnixMilli(), voteID).Scan(&accepts); errors.Is(err, sql.ErrNoRows) {
		return prev, false, vote.ErrNotFound
	} else if err != nil {
		return prev, false, fmt.Errorf("cast ballot: %w", err)
	}
	if !accepts.Bool {
		return prev, false, vote.ErrClosed
	}
	old, err := store.All(ctx, q, "ballots", scanBallot, ballotCurrent, voteID, b.Member)
	if err != nil {
		return prev, false, fmt.Errorf("cast ballot: %w", err)
	}
	if _, err := q.ExecContext(ctx, ballotRetire, voteID, b.Member); err != nil {
		return prev, false, fmt.Errorf("cast ballot: %w", err)
	}
	if _, err := q.ExecContext(ctx, ballotInsert, voteID, b.Member, b.Name, strings.Join(b.Choices, " "), b.Reason, via, b.At.UnixMilli()); err != nil {
		return prev, false, fmt.Errorf("cast ballot: %w", err)
	}
	if len(old) == 1 {
		return old[0], true, nil
	}
	return prev, false, nil
}

// recordVoice records a ballot that no member typed, whatever the vote's closing time says:
// an assembly's result as its voice in its council's vote (recorded as the two close
// together; via "assembly"), or a delegate's ballot withdrawn when their mandate ends (via
// "mandate").
func recordVoice(ctx context.Context, q store.Querier, voteID int64, b vote.Ballot, via string) error {
	if _, err := q.ExecContext(ctx, ballotRetire, voteID, b.Member); err != nil {
		return fmt.Errorf("record voice: %w", err)
	}
	if _, err := q.ExecContext(ctx, ballotInsert, voteID, b.Member, b.Name, strings.Join(b.Choices, " "), b.Reason, via, b.At.UnixMilli()); err != nil {
		return fmt.Errorf("record voice: %w", err)
	}
	return nil
}

// Ballots lists a vote's current ballots, withdrawn ones included (with no choices): the
// count, and the blocks and stand-asides a meeting's minutes name.
func Ballots(ctx context.Context, q store.Querier, voteID int64) ([]vote.Ballot, error) {
	return store.All(ctx, q, "ballots", scanBallot, ballotsCurrent, voteID)
}

// ballotHistory lists every ballot a member cast in a vote, oldest first.
func ballotHistory(ctx context.Context, q store.Querier, voteID int64, member string) ([]vote.Ballot, error) {
	return store.All(ctx, q, "ballots", scanBallot, ballotsOfMember, voteID, member)
}

// storedElectorate lists the members recorded as eligible when the vote opened.
func storedElectorate(ctx context.Context, q store.Querier, voteID int64) ([]bot.Member, error) {
	return store.All(ctx, q, "electorate", func(rows store.Scanner) (bot.Member, error) {
		var m bot.Member
		err := rows.Scan(&m.ID, &m.Name)
		return m, err
	}, electorateSelect, voteID)
}

// readBox reads, in one go, what a vote's count is made from (vote.Counted); live is who the
// transport lists in the room now, nil when it cannot tell.
func readBox(ctx context.Context, q store.Querier, v vote.Vote, live []bot.Member) (vote.Box, error) {
	box := vote.Box{Live: live, Listed: live != nil}
	var err error
	if v.Body == vote.Members {
		if box.Seen, err = facts.RoomMembers(ctx, q, v.Room); err != nil {
			return box, err
		}
	}
	if box.Ballots, err = Ballots(ctx, q, v.ID); err != nil {
		return box, err
	}
	box.Opening, err = storedElectorate(ctx, q, v.ID)
	return box, err
}

// readClosing reads what a vote's close is decided from (vote.Close): its ballot box, the
// room's default quorum and, for a vote of assemblies, each assembly's own vote.
func readClosing(ctx context.Context, q store.Querier, v vote.Vote, live []bot.Member) (vote.Closing, error) {
	quorum, err := roomQuorum(ctx, q, v.Room)
	if err != nil {
		return vote.Closing{}, err
	}
	c := vote.Closing{RoomQuorum: quorum}
	if v.Body == vote.Assemblies {
		if c.Asked, err = manyVotes(ctx, q, votesLinked, linkCouncilVote, strconv.FormatInt(v.ID, 10)); err != nil {
			return c, err
		}
	}
	c.Box, err = readBox(ctx, q, v, live)
	return c, err
}

// votePolicy is who may open votes in a room: "members" (the default) or "facilitators".
func votePolicy(ctx context.Context, q store.Querier, room bot.Room) (string, error) {
	var p string
	err := q.QueryRowContext(ctx, policySelect, room.Key()).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "members", nil
	}
	if err != nil {
		return "", fmt.Errorf("read vote policy: %w", err)
	}
	return p, nil
}

// setVotePolicy sets who may open votes in a room.
func setVotePolicy(ctx context.Context, q store.Querier, room bot.Room, policy string) error {
	if _, err := q.ExecContext(ctx, policySet, room.Key(), policy); err != nil {
		return fmt.Errorf("set vote policy: %w", err)
	}
	return nil
}

// voteKindNamespace keeps each room's default kind of vote, when it is not consensus.
const voteKindNamespace = "vote-kind"

// roomKind is the kind of a room's votes that name none: consensus unless the room chose
// majority.
func roomKind(ctx context.Context, q store.Querier, room bot.Room) (vote.Kind, error) {
	v, ok, err := store.GetKV(ctx, q, voteKindNamespace, room.Key())
	if err != nil || !ok {
		return vote.Consensus, err
	}
	return vote.Kind(v), nil
}

// saveRoomKind sets the kind of a room's votes that name none.
func saveRoomKind(ctx context.Context, q store.Querier, room bot.Room, k vote.Kind) error {
	if k == vote.Consensus {
		return store.DeleteKV(ctx, q, voteKindNamespace, room.Key())
	}
	return store.SetKV(ctx, q, voteKindNamespace, room.Key(), string(k))
}

// voteQuorumNamespace keeps each room's default quorum in the key-value table, beside the
// room's other small settings, so that it needs no table of its own.
const voteQuorumNamespace = "vote-quorum"

// roomQuorum is a room's default quorum as typed ("50%", "5", "majority"), "" when none.
func roomQuorum(ctx context.Context, q store.Querier, room bot.Room) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, quorumGet, voteQuorumNamespace, room.Key()).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read room quorum: %w", err)
	}
	return v, nil
}

// saveRoomQuorum sets a room's default quorum; "" removes it.
func saveRoomQuorum(ctx context.Context, q store.Querier, room bot.Room, spec string) error {
	var err error
	if spec == "" {
		_, err = q.ExecContext(ctx, quorumDelete, voteQuorumNamespace, room.Key())
	} else {
		_, err = q.ExecContext(ctx, quorumSet, voteQuorumNamespace, room.Key(), spec)
	}
	if err != nil {
		return fmt.Errorf("set room quorum: %w", err)
	}
	return nil
}

func oneVote(ctx context.Context, q store.Querier, query string, args ...any) (vote.Vote, error) {
	vs, err := manyVotes(ctx, q, query, args...)
	if err != nil {
		return vote.Vote{}, err
	}
	if len(vs) == 0 {
		return vote.Vote{}, vote.ErrNotFound
	}
	return vs[0], nil
}

// manyVotes reads the votes a query finds, each with its options.
func manyVotes(ctx context.Context, q store.Querier, query string, args ...any) ([]vote.Vote, error) {
	out, err := store.All(ctx, q, "votes", scanVote, query, args...)
	if err != nil {
		return nil, err
	}
	// Options are read after the rows are closed: one connection in a transaction.
	for i := range out {
		if err := loadOptions(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scanVote reads one row of the votes table, without its options.
func scanVote(rows store.Scanner) (vote.Vote, error) {
	var v vote.Vote
	var room, kind, outcome, body string
	var opened, closes int64
	var closed sql.NullInt64
	err := rows.Scan(&v.ID, &room, &v.Number, &v.Question, &kind, &v.Rules.MaxChoices, &v.Rules.Quorum.N, &v.Rules.Quorum.Percent, &v.Rules.Quorum.Majority,
		&v.Rules.Secret, &v.HideResults, &v.OpenedBy.ID, &v.OpenedBy.Name, &opened, &closes, &closed, &v.LinkKind, &v.LinkID,
		&v.PollID, &v.PollState, &outcome, &v.Voters, &v.Eligible, &v.Result, &body)
	if err != nil {
		return v, err
	}
	v.Room, _ = bot.ParseRoomKey(room)
	v.Rules.Kind, v.Outcome, v.Body = vote.Kind(kind), vote.Outcome(outcome), vote.Body(body)
	v.OpenedAt, v.ClosesAt = time.UnixMilli(opened), time.UnixMilli(closes)
	if closed.Valid {
		v.ClosedAt = time.UnixMilli(closed.Int64)
	}
	return v, nil
}

func loadOptions(ctx context.Context, q store.Querier, v *vote.Vote) error {
	rows, err := q.QueryContext(ctx, voteOptions, v.ID)
	if err != nil {
		return fmt.Errorf("read vote options: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var o vote.Option
		var n sql.NullInt64
		if err := rows.Scan(&o.Key, &o.Label, &n); err != nil {
			return fmt.Errorf("read vote options: %w", err)
		}
		v.Rules.Options = append(v.Rules.Options, o)
		if n.Valid {
			v.FinalCounts = append(v.FinalCounts, vote.Count{Option: o, N: int(n.Int64)})
		}
	}
	return rows.Err()
}

// scanBallot reads one ballot.
func scanBallot(rows store.Scanner) (vote.Ballot, error) {
	var b vote.Ballot
	var choices string
	var at int64
	if err := rows.Scan(&b.Member, &b.Name, &choices, &b.Reason, &at); err != nil {
		return b, err
	}
	b.Choices, b.At = strings.Fields(choices), time.UnixMilli(at)
	return b, nil
}

const (
	massMentionsPrune = `DELETE FROM mass_mentions WHERE at <= ?`
	massMentionsSince = `SELECT at FROM mass_mentions WHERE member = ? AND at > ? ORDER BY at`
	massMentionPut    = `INSERT INTO mass_mentions (member, room, at) VALUES (?, ?, ?)`
)

// takeMassMention records that member has the bot mention everyone (a vote's reminder) in a
// room at at, unless they had limit such messages posted in the window before it, over every
// room: then it records nothing and says when the next may go out. Rows older than the window
// are forgotten on the way, so the table stays as small as an hour's reminders. Run it in
// the transaction of the reminder, so two at once cannot both take the last one.
func takeMassMention(ctx context.Context, q store.Querier, member string, room bot.Room, at time.Time, window time.Duration, limit int) (bool, time.Time, error) {
	since := at.Add(-window).UnixMilli()
	if _, err := q.ExecContext(ctx, massMentionsPrune, since); err != nil {
		return false, time.Time{}, fmt.Errorf("prune mass mentions: %w", err)
	}
	recent, err := times(ctx, q, "mass mentions", massMentionsSince, member, since)
	if err != nil {
		return false, time.Time{}, err
	}
	if len(recent) >= limit {
		// The next may go out when enough of these have left the window.
		return false, recent[len(recent)-limit].Add(window), nil
	}
	if _, err := q.ExecContext(ctx, massMentionPut, member, room.Key(), at.UnixMilli()); err != nil {
		return false, time.Time{}, fmt.Errorf("record mass mention: %w", err)
	}
	return true, time.Time{}, nil
}

// times runs a query of one column of unix milliseconds.
func times(ctx context.Context, q store.Querier, what, query string, args ...any) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var ms int64
		if err := rows.Scan(&ms); err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		out = append(out, time.UnixMilli(ms))
	}
	return out, rows.Err()
}
