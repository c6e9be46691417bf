package meetings

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"folkmoot/bot"
	"folkmoot/feature"
	"folkmoot/store"
	"folkmoot/words"
)

// What a member's data holds of meetings (what they recorded, what they said while one ran,
// which they attended) and how it is forgotten.
const (
	dataItems = `SELECT m.number, i.kind, i.text, i.url, i.at, i.removed FROM meeting_items i JOIN meetings m ON m.id = i.meeting
		WHERE m.room = ? AND i.by_id = ? ORDER BY i.id`
	dataLog = `SELECT m.number, g.text, g.at FROM meeting_log g JOIN meetings m ON m.id = g.meeting
		WHERE m.room = ? AND g.member = ? ORDER BY g.id`
	dataPresent = `SELECT m.number, m.title, m.started_at, p.lines FROM meeting_present p JOIN meetings m ON m.id = p.meeting
		WHERE m.room = ? AND p.member = ? ORDER BY m.number`
	inRoom       = `IN (SELECT id FROM meetings WHERE room = ?1)`
	forgetLog    = `UPDATE meeting_log SET member = ?3, name = ?3, text = replace(text, ?2, ?3) WHERE member = ?2 AND meeting ` + inRoom
	forgetLogIDs = `UPDATE meeting_log SET text = replace(text, ?2, ?3) WHERE instr(text, ?2) > 0 AND meeting ` + inRoom
	forgetByID   = `UPDATE meeting_items SET by_id = ?3, by_name = ?3 WHERE by_id = ?2 AND meeting ` + inRoom
	forgetOwner  = `UPDATE meeting_items SET owner_id = ?3, owner_name = ?3 WHERE owner_id = ?2 AND meeting ` + inRoom
	forgetItems  = `UPDATE meeting_items SET text = replace(text, ?2, ?3) WHERE instr(text, ?2) > 0 AND meeting ` + inRoom
	forgetAttend = `UPDATE meeting_present SET member = ?3, name = ?3 WHERE member = ?2 AND meeting ` + inRoom
	forgetStart  = `UPDATE meetings SET started_by = ?3, started_by_name = ?3 WHERE room = ?1 AND started_by = ?2`
)

// personalData is what meetings keep about a member.
var personalData = &feature.PersonalData{Export: exportData, Forget: forgetData}

func exportData(ctx context.Context, q store.Querier, d feature.DataOf) ([]feature.DataSection, error) {
	l := d.Lang
	items, err := store.All(ctx, q, "a member's meeting items", func(row store.Scanner) (string, error) {
		var number, at int64
		var kind, text, url string
		var removed bool
		if err := row.Scan(&number, &kind, &text, &url, &at, &removed); err != nil {
			return "", err
		}
		if url != "" && url != text {
			text += " " + url
		}
		line := l.Say("meetings.data.item", "Number", number, "Kind", kind, "Text", text, "When", d.Time(time.UnixMilli(at)))
		if removed {
			line += " " + l.Say("meetings.data.removed")
		}
		return line, nil
	}, dataItems, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	said, err := store.All(ctx, q, "a member's meeting log", func(row store.Scanner) (string, error) {
		var number, at int64
		var text string
		err := row.Scan(&number, &text, &at)
		return l.Say("meetings.data.said", "Number", number, "Text", text, "When", d.Time(time.UnixMilli(at))), err
	}, dataLog, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	present, err := store.All(ctx, q, "a member's attendance", func(row store.Scanner) (string, error) {
		var number, at int64
		var title string
		var lines int
		err := row.Scan(&number, &title, &at, &lines)
		return l.Say("meetings.data.present", "Number", number, "Title", title, "When", d.Time(time.UnixMilli(at)), "Count", lines), err
	}, dataPresent, d.Room.Key(), d.Member)
	if err != nil {
		return nil, err
	}
	var out []feature.DataSection
	for _, s := range []feature.DataSection{
		{Title: l.Say("meetings.data.attended"), Lines: present},
		{Title: l.Say("meetings.data.items"), Lines: items},
		{Title: l.Say("meetings.data.log"), Lines: said},
	} {
		if len(s.Lines) > 0 {
			out = append(out, s)
		}
	}
	return out, nil
}

// forgetData puts the pseudonym in the place of the member's ID and name in the room's
// meetings: the log, the items, who was present and who started them; their ID also in what
// others said (a mention). Minutes written from now on show the pseudonym; files written
// before stay as they were.
func forgetData(ctx context.Context, tx *sql.Tx, _ *words.Lang, room bot.Room, member, pseudonym string) error {
	return store.ExecEach(ctx, tx, "forget in meetings", []string{forgetLog, forgetLogIDs, forgetByID, forgetOwner, forgetItems, forgetAttend, forgetStart}, room.Key(), member, pseudonym)
}

// logPrune deletes raw log lines of meetings that have ended; a running meeting keeps its log
// until its minutes are written.
const logPrune = `DELETE FROM meeting_log WHERE at < ? AND meeting IN (SELECT id FROM meetings WHERE ended_at IS NOT NULL)`

// PruneLog deletes the raw log lines said before a time in every room's ended meetings and
// returns how many went: the retention of raw logs. Minutes, items and attendance stay.
func PruneLog(ctx context.Context, tx *sql.Tx, before time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, logPrune, before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("prune meeting logs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
