package votes

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/phrase"
	"folkmoot/timeparse"
	"folkmoot/vote"
	"folkmoot/words"
)

// Votes opened together (an agenda voted on at once, the tools review's vote per tool) close
// together, and a closing-soon notice per vote would mention the same members once per vote:
// six votes, six mentions of everyone at the same minute. A room wants one notice that lists
// them and mentions each member who has not voted once. So the votes of a room that close in
// the same minute form a batch, and the notice of the batch's last vote (by closing time,
// then number) tells of them all; the others stay silent. Its notice comes at the same offset
// before a close less than a minute later, so it comes before every vote of the batch closes.
// Limiting the mentions instead (limits.mass_mentions_per_hour) would still post one notice
// per vote, and those past the limit would lose the mention that is their point.

// soonNotice is the closing-soon notice due at due for vote v: v's own, or the batch's when
// other votes close in the same minute. ok is false when there is nothing to say: another
// vote of the batch tells of v, or everyone has voted on each. late is how late the notice
// comes (an outage).
func soonNotice(ctx context.Context, env *commands.Env, tx *sql.Tx, v vote.Vote, due time.Time, late time.Duration) (reply bot.Reply, ok bool, err error) {
	batch, err := closingWith(ctx, tx, v, v.ClosesAt.Sub(due))
	if err != nil || len(batch) == 0 {
		return bot.Reply{}, false, err // the batch's last vote tells of v
	}
	live := facts.Live(ctx, env.TransportFor(v.Room), v.Room)
	var counts []soonCount
	for _, u := range batch {
		res, missing, err := currentTally(ctx, tx, u, live)
		if err != nil {
			return bot.Reply{}, false, err
		}
		counts = append(counts, soonCount{u, res, missing})
	}
	if !slices.ContainsFunc(counts, func(c soonCount) bool { return len(c.missing) > 0 }) {
		return bot.Reply{}, false, nil // everyone has voted: "closes in 1 hour" would tell nobody anything
	}
	l := env.RoomLang(ctx, tx, v.Room)
	note := ""
	if late > time.Minute {
		// After an outage the notice no longer comes at the moment it was meant for: say so.
		note = "\n" + l.Say("votes.soon.late", "Late", phrase.Duration(l, late))
	}
	now, loc, prefix := env.Now(), env.Location(ctx, tx, v.Room), env.Config.CommandPrefix
	if len(counts) == 1 {
		reply = reminder(l, prefix, v, counts[0].res, counts[0].missing, now, loc, note)
	} else {
		reply = batchReminder(l, prefix, counts, now, loc, note)
	}
	reply.Notice = true
	return reply, true, nil
}

// soonCount is one vote of a batch with its count so far and who has not voted.
type soonCount struct {
	v       vote.Vote
	res     vote.Result
	missing []bot.Member
}

// closingWith lists the open votes of v's room that close in the same minute as v, v among
// them, by closing time then number; nil when another vote of the batch, the last to close,
// tells of v. A vote that closes before the notice of the batch's last vote (ahead stands for
// the notices' offset before the close) tells of itself alone. Only the last vote reads the
// whole batch: every notice of a batch of n reading it would cost n².
func closingWith(ctx context.Context, tx *sql.Tx, v vote.Vote, ahead time.Duration) ([]vote.Vote, error) {
	from := v.ClosesAt.Truncate(time.Minute)
	to := from.Add(time.Minute)
	last, err := lastOpenVoteClosing(ctx, tx, v.Room, from, to)
	if err != nil {
		return nil, err // v itself is open and closes in that minute, so there is a last one
	}
	if last.ID != v.ID {
		if last.ClosesAt.Add(-ahead).Before(v.ClosesAt) {
			return nil, nil // the last one's notice, before v closes, tells of v
		}
		return []vote.Vote{v}, nil // the last one's notice would come after v closed
	}
	return openVotesClosing(ctx, tx, v.Room, from, to)
}

// batchReminder is the one notice of votes that close together, in l: when, each vote with
// its turnout and who has not voted on it, and each of those mentioned once.
func batchReminder(l *words.Lang, prefix string, counts []soonCount, now time.Time, loc *time.Location, late string) bot.Reply {
	closes := counts[len(counts)-1].v.ClosesAt
	at := timeparse.Format(l, closes, now, loc)
	head := l.Count("votes.soon.batch", len(counts), "In", phrase.Relative(l, closes, now), "At", at)
	if timeparse.Overdue(closes, now) {
		head = l.Count("votes.soon.batch_now", len(counts), "At", at)
	}
	lines := []string{head}
	var mention []bot.Member
	seen := map[string]bool{}
	poll := false
	for _, c := range counts {
		turnout := vote.TurnoutLine(l, c.v.Rules, c.res, false)
		if len(c.missing) == 0 {
			lines = append(lines, l.Say("votes.soon.line_all", "Ref", c.v.Ref(), "Question", c.v.Question, "Turnout", turnout))
		} else {
			names := make([]string, len(c.missing))
			for i, m := range c.missing {
				names[i] = m.Display()
				if !seen[m.ID] {
					seen[m.ID] = true
					mention = append(mention, m)
				}
			}
			lines = append(lines, l.Say("votes.soon.line_missing", "Ref", c.v.Ref(), "Question", c.v.Question, "Turnout", turnout,
				"Names", strings.Join(names, l.Say("phrase.list.comma"))))
		}
		poll = poll || c.v.PollID != ""
	}
	if poll {
		lines = append(lines, l.Say("votes.soon.how_poll", "Prefix", prefix))
	} else {
		lines = append(lines, l.Say("votes.soon.how", "Prefix", prefix))
	}
	return bot.Mentioning(strings.Join(lines, "\n")+late, mention...)
}
