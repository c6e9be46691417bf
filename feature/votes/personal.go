package votes

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of votes, and how it is forgotten. A secret vote's ballots never
// leave the database, not even to their caster: a file can be forwarded.
const (
	dataBallots = `SELECT v.number, v.question, b.choices, b.reason, b.cast_at,
			COALESCE((SELECT group_concat(label, ', ') FROM (SELECT o.label FROM vote_options o
				WHERE o.vote = v.id AND (' ' || b.choices || ' ') LIKE ('% ' || o.key || ' %') ORDER BY o.position) AS labels), '')
		FROM ballots b JOIN votes v ON v.id = b.vote
		WHERE v.room = ? AND b.member = ? AND v.secret = 0 AND b.via IN ('command', 'poll')
		ORDER BY v.number, b.id`
	dataSecretVotes = `SELECT COUNT(DISTINCT b.vote) FROM ballots b JOIN votes v ON v.id = b.vote
		WHERE v.room = ? AND b.member = ? AND v.secret = 1`
	dataOpened = `SELECT number, question, opened_at FROM votes WHERE room = ? AND opened_by = ? ORDER BY number`
	// A ballot still counting in an open vote: forgotten, its caster could vote again and count twice.
	forgetOpenBallots = `SELECT v.number FROM ballots b JOIN votes v ON v.id = b.vote
		WHERE v.room = ? AND v.closed_at IS NULL AND b.member = ? AND b.current = 1 AND b.choices <> '' ORDER BY v.number`
	forgetNames = `SELECT DISTINCT name FROM (SELECT b.name FROM ballots b JOIN votes v ON v.id = b.vote WHERE v.room = ?1 AND b.member = ?2
		UNION SELECT e.name FROM vote_electorate e JOIN votes v ON v.id = e.vote WHERE v.room = ?1 AND e.member = ?2
		UNION SELECT opened_by_name FROM votes WHERE room = ?1 AND opened_by = ?2) AS names WHERE length(name) > 1`
	forgetBallots = `UPDATE ballots SET member = ?3, name = ?3
		WHERE member = ?2 AND vote IN (SELECT id FROM votes WHERE room = ?1)`
	forgetElectorate = `UPDATE vote_electorate SET member = ?3, name = ?3
		WHERE member = ?2 AND vote IN (SELECT id FROM votes WHERE room = ?1)`
	forgetOpener = `UPDATE votes SET opened_by = ?3, opened_by_name = ?3 WHERE room = ?1 AND opened_by = ?2`
	// The result as posted names voters in an open vote: the name gives way to the pseudonym,
	// and the decision stays what it was.
	forgetResult       = `UPDATE votes SET result = replace(result, ?2, ?3) WHERE room = ?1 AND instr(result, ?2) > 0`
	forgetMassMentions = `DELETE FROM mass_mentions WHERE room = ? AND member = ?`
)

// personalData is what votes keep about a member: their ballots in votes that are not
// secret, with reasons, and the votes they opened.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	ballots, err := store.All(ctx, q, "a member's ballots", func(row store.Scanner) (string, error) {
		var number, at int64
		var question, choices, reason, labels string
		if err := row.Scan(&number, &question, &choices, &reason, &at, &labels); err != nil {
			return "", err
		}
		if choices == "" {
			labels = l.Say("votes.data.withdrawn")
		}
		line := l.Say("votes.data.ballot", "Number", number, "Question", question, "Choice", labels, "When", d.Time(time.UnixMilli(at)))
		if reason != "" {
			line += "\n  " + l.Say("votes.data.reason", "Reason", reason)
		}
		return line, nil
	}, dataBallots, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	secret, err := store.Count(ctx, q, "a member's secret votes", dataSecretVotes, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	if secret > 0 {
		ballots = append(ballots, l.Say("votes.data.secret", "Count", secret))
	}
	opened, err := store.All(ctx, q, "the votes a member opened", func(row store.Scanner) (string, error) {
		var number, at int64
		var question string
		err := row.Scan(&number, &question, &at)
		return l.Say("votes.data.opened_line", "Number", number, "Question", question, "When", d.Time(time.UnixMilli(at))), err
	}, dataOpened, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	var out []feature.DataSection
	if len(ballots) > 0 {
		out = append(out, feature.DataSection{Title: l.Say("votes.data.ballots"), Lines: ballots})
	}
	if len(opened) > 0 {
		out = append(out, feature.DataSection{Title: l.Say("votes.data.opened"), Lines: opened})
	}
	return out, nil
}

// forgetData puts the pseudonym in the place of the member in every ballot, electorate and
// vote of the room, so every tally stays what it was; it waits while the member's ballot
// counts in an open vote.
func forgetData(ctx context.Context, tx *sql.Tx, l *words.Lang, room bot.Room, member, pseudonym string) error {
	open, err := store.All(ctx, tx, "open ballots", store.Text, forgetOpenBallots, room.Key(), member)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		for i := range open {
			open[i] = "#" + open[i]
		}
		return commands.Userf("%s", l.Say("votes.data.wait", "Votes", strings.Join(open, ", ")))
	}
	names, err := store.All(ctx, tx, "a member's names in votes", store.Text, forgetNames, room.Key(), member)
	if err != nil {
		return err
	}
	if err := store.ExecEach(ctx, tx, "forget in votes", []string{forgetBallots, forgetElectorate, forgetOpener}, room.Key(), member, pseudonym); err != nil {
		return err
	}
	for _, name := range append(names, member) {
		if _, err := tx.ExecContext(ctx, forgetResult, room.Key(), name, pseudonym); err != nil {
			return fmt.Errorf("forget in vote results: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, forgetMassMentions, room.Key(), member); err != nil {
		return fmt.Errorf("forget mass mentions: %w", err)
	}
	return nil
}
