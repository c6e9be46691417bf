package rules

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/store"
)

// change is one recorded change of a rule.
type change struct {
	ID              int64
	Rule            string
	Value, Previous string
	How             string // howCommand, howVote, howEmergency
	By              string
	At              time.Time
	Vote            int // 0 when no vote decided or confirms it
	State           string
}

// How a rule was changed, and where its change stands.
const (
	howCommand   = "command"
	howVote      = "vote"
	howEmergency = "emergency"

	inForce = "in force"
	pending = "pending"
	lapsed  = "lapsed"
)

// proposal is a change put to a vote.
type proposal struct {
	ID          int64
	Rule, Value string
	By          string
	Vote        int
}

const (
	changeInsert = `INSERT INTO rule_changes (room, rule, value, previous, how, by, at, vote, state)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?) RETURNING id`
	changeColumns = `id, rule, value, previous, how, by, at, COALESCE(vote, 0), state`
	latestChanges = `SELECT ` + changeColumns + ` FROM rule_changes c WHERE room = ? AND state <> 'lapsed'
		AND id = (SELECT MAX(id) FROM rule_changes d WHERE d.room = c.room AND d.rule = c.rule AND d.state <> 'lapsed')`
	changeByID    = `SELECT ` + changeColumns + ` FROM rule_changes WHERE room = ? AND id = ?`
	changesIn     = `SELECT ` + changeColumns + ` FROM rule_changes WHERE room = ? AND at >= ? AND at <= ? ORDER BY id`
	changeSettle  = `UPDATE rule_changes SET state = ?, vote = ? WHERE id = ? AND state = 'pending'`
	changeVote    = `UPDATE rule_changes SET vote = ? WHERE id = ?`
	proposalAdd   = `INSERT INTO rule_proposals (room, rule, value, by, at) VALUES (?, ?, ?, ?, ?) RETURNING id`
	proposalVote  = `UPDATE rule_proposals SET vote = ? WHERE id = ?`
	proposalOpen  = `SELECT id, rule, value, by, vote FROM rule_proposals WHERE room = ? AND rule = ? AND state = 'open'`
	proposalByID  = `SELECT id, rule, value, by, vote FROM rule_proposals WHERE room = ? AND id = ? AND state = 'open'`
	proposalClose = `UPDATE rule_proposals SET state = ? WHERE id = ?`
	proposalsOpen = `SELECT id, rule, value, by, vote FROM rule_proposals WHERE room = ? AND state = 'open'`
)

// record stores a change of a rule and returns its ID.
func record(ctx context.Context, q store.Querier, room bot.Room, c change) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, changeInsert, room.Key(), c.Rule, c.Value, c.Previous, c.How, c.By, c.At.UnixMilli(), c.Vote, c.State).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record rule change: %w", err)
	}
	return id, nil
}

// latest is the change in force (or pending) of each rule of a room that has one, by rule.
func latest(ctx context.Context, q store.Querier, room bot.Room) (map[string]change, error) {
	changes, err := store.All(ctx, q, "rule changes", scanChange, latestChanges, room.Key())
	out := map[string]change{}
	for _, c := range changes {
		out[c.Rule] = c
	}
	return out, err
}

// changesBetween lists a room's rule changes made in [from, to], oldest first.
func changesBetween(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]change, error) {
	return store.All(ctx, q, "rule changes", scanChange, changesIn, room.Key(), from.UnixMilli(), to.UnixMilli())
}

// changeWithID loads one change of a room.
func changeWithID(ctx context.Context, q store.Querier, room bot.Room, id int64) (change, error) {
	return store.First(ctx, q, "rule changes", scanChange, sql.ErrNoRows, changeByID, room.Key(), id)
}

// scanChange reads one row of rule_changes.
func scanChange(row store.Scanner) (change, error) {
	var c change
	var at int64
	err := row.Scan(&c.ID, &c.Rule, &c.Value, &c.Previous, &c.How, &c.By, &at, &c.Vote, &c.State)
	c.At = time.UnixMilli(at)
	return c, err
}

// settle ends an emergency change's wait: in force or lapsed, with its vote.
func settle(ctx context.Context, tx *sql.Tx, id int64, state string, voteNumber int) error {
	if _, err := tx.ExecContext(ctx, changeSettle, state, voteNumber, id); err != nil {
		return fmt.Errorf("settle rule change: %w", err)
	}
	return nil
}

// setChangeVote records the vote that confirms a change.
func setChangeVote(ctx context.Context, tx *sql.Tx, id int64, voteNumber int) error {
	if _, err := tx.ExecContext(ctx, changeVote, voteNumber, id); err != nil {
		return fmt.Errorf("record confirming vote: %w", err)
	}
	return nil
}

// addProposal stores a proposal; the unique index refuses a second open one on a rule.
func addProposal(ctx context.Context, tx *sql.Tx, room bot.Room, p proposal, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, proposalAdd, room.Key(), p.Rule, p.Value, p.By, at.UnixMilli()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add rule proposal: %w", err)
	}
	return id, nil
}

// setProposalVote records the vote a proposal was put to.
func setProposalVote(ctx context.Context, tx *sql.Tx, id int64, voteNumber int) error {
	if _, err := tx.ExecContext(ctx, proposalVote, voteNumber, id); err != nil {
		return fmt.Errorf("record proposal vote: %w", err)
	}
	return nil
}

// openProposal is the open proposal on a rule, if any.
func openProposal(ctx context.Context, q store.Querier, room bot.Room, rule string) (proposal, bool, error) {
	return oneProposal(ctx, q, proposalOpen, room.Key(), rule)
}

// openProposals are a room's proposals being voted on, by rule.
func openProposals(ctx context.Context, q store.Querier, room bot.Room) (map[string]proposal, error) {
	ps, err := store.All(ctx, q, "rule proposals", scanProposal, proposalsOpen, room.Key())
	out := map[string]proposal{}
	for _, p := range ps {
		out[p.Rule] = p
	}
	return out, err
}

// openProposalByID is an open proposal by ID.
func openProposalByID(ctx context.Context, q store.Querier, room bot.Room, id int64) (proposal, bool, error) {
	return oneProposal(ctx, q, proposalByID, room.Key(), id)
}

// oneProposal reads the proposal a query finds, if any.
func oneProposal(ctx context.Context, q store.Querier, query string, args ...any) (proposal, bool, error) {
	p, err := store.First(ctx, q, "rule proposals", scanProposal, sql.ErrNoRows, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	return p, err == nil, err
}

// scanProposal reads one row of rule_proposals.
func scanProposal(row store.Scanner) (proposal, error) {
	var p proposal
	return p, row.Scan(&p.ID, &p.Rule, &p.Value, &p.By, &p.Vote)
}

// closeProposal marks a proposal passed or failed.
func closeProposal(ctx context.Context, tx *sql.Tx, id int64, state string) error {
	if _, err := tx.ExecContext(ctx, proposalClose, state, id); err != nil {
		return fmt.Errorf("close rule proposal: %w", err)
	}
	return nil
}

// byVoteNamespace keeps, per room, whether its rules change only by vote.
const byVoteNamespace = "rules-by-vote"

// byVote reports whether a room changes its rules by vote.
func byVote(ctx context.Context, q store.Querier, room bot.Room) (bool, error) {
	_, on, err := store.GetKV(ctx, q, byVoteNamespace, room.Key())
	return on, err
}

// setByVote turns a room's rules by vote on or off.
func setByVote(ctx context.Context, q store.Querier, room bot.Room, on bool) error {
	if on {
		return store.SetKV(ctx, q, byVoteNamespace, room.Key(), "on")
	}
	return store.DeleteKV(ctx, q, byVoteNamespace, room.Key())
}
