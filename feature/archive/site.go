package archive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/facts"
	"folkmoot/mandate"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/store"
	"folkmoot/vote"
	"folkmoot/words"
)

// Sources are what the archive reads of the other features; app wires them (the meetings',
// votes' and mandates' own functions). Each reads through q, so a scheduled build reads in
// its job's transaction.
type Sources struct {
	// Meetings lists a room's meetings that started in [from, to), oldest first.
	Meetings func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]meeting.Meeting, error)
	// Minutes fills a meeting's minutes as the room's minutes show them, worded in l: a
	// secret vote with its count alone.
	Minutes func(ctx context.Context, l *words.Lang, q store.Querier, m meeting.Meeting, loc *time.Location, now time.Time) (minutes.Meeting, error)
	// Decisions lists a room's votes closed in [from, to), oldest first, with their results.
	Decisions func(ctx context.Context, q store.Querier, room bot.Room, from, to time.Time) ([]vote.Vote, error)
	// Mandates lists every mandate of a room, by number.
	Mandates func(ctx context.Context, q store.Querier, room bot.Room) ([]mandate.Mandate, error)
	// EndWords says in l how an ended mandate ended ("recalled by vote #4").
	EndWords func(l *words.Lang, m mandate.Mandate, book facts.Roster) string
	// Digest gathers a room's meetings that started in [from, to) into a digest, worded in l.
	Digest func(ctx context.Context, l *words.Lang, q store.Querier, room bot.Room, from, to, now time.Time, loc *time.Location) (minutes.Digest, error)
}

// marker is the file that marks a folder as an archive folkmoot wrote: a build replaces
// only such a folder (or an empty one), never a folder of someone's other files.
const marker = ".folkmoot-archive"

// Report says what a build wrote.
type Report struct {
	Rooms, Meetings, Pages int
}

// Build writes the public archive of every room that opted in into dir, from what is stored,
// as of now: it writes a fresh site beside dir and puts it in dir's place, so a reader never
// sees half a site and a room that opted out is gone. Rooms not public are never read.
func Build(ctx context.Context, q store.Querier, cfg *config.Config, src Sources, dir string, now time.Time) (Report, error) {
	var rep Report
	dir = filepath.Clean(dir)
	if err := ours(dir); err != nil {
		return rep, err
	}
	rooms, err := PublicRooms(ctx, q)
	if err != nil {
		return rep, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return rep, fmt.Errorf("archive: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".new-")
	if err != nil {
		return rep, fmt.Errorf("archive: %w", err)
	}
	defer os.RemoveAll(tmp) // after the swap it is gone already; on failure, the half site
	s := &site{cfg: cfg, src: src, root: tmp, now: now, q: q}
	var listed []roomSummary
	for _, room := range rooms {
		sum, err := s.room(ctx, room)
		if err != nil {
			return rep, fmt.Errorf("archive: room %s: %w", room.Key(), err)
		}
		listed = append(listed, sum)
		rep.Meetings += sum.Meetings
	}
	if err := s.index(listed); err != nil {
		return rep, err
	}
	if err := s.write(marker, []byte("folkmoot's public archive: this folder is written again at each build\n")); err != nil {
		return rep, err
	}
	rep.Rooms, rep.Pages = len(listed), s.pages
	return rep, swap(tmp, dir)
}

// ours refuses to replace a folder that holds files and is not an archive.
func ours(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
		return fmt.Errorf("archive: %s holds other files (it has no %s); choose an empty folder", dir, marker)
	}
	return nil
}

// swap puts the new site in dir's place and removes the old one.
func swap(tmp, dir string) error {
	old := ""
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("archive: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return fmt.Errorf("archive: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// site is one build in progress.
type site struct {
	cfg   *config.Config
	src   Sources
	q     store.Querier
	root  string
	now   time.Time
	pages int
}

// write writes one file of the site, rel being slash-separated under the root.
func (s *site) write(rel string, data []byte) error {
	path := filepath.Join(s.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	s.pages++
	return nil
}

// roomSummary is what the site's index says of a room.
type roomSummary struct {
	Folder   string
	Name     string
	Years    []int
	Meetings int
}

// archived is one meeting as the archive shows it.
type archived struct {
	m    meeting.Meeting
	mm   minutes.Meeting
	file string // relative to the room's folder
}

// room writes a room's pages: its index, a page per ended meeting, its decisions, its
// register of mandates, its digests and its feed.
func (s *site) room(ctx context.Context, room bot.Room) (roomSummary, error) {
	l := facts.Lang(ctx, s.q, room, s.cfg.Language)
	loc := facts.Location(ctx, s.q, room, s.cfg.Location())
	folder := RoomFolder(room)
	sum := roomSummary{Folder: folder, Name: room.ID}
	var ms []archived
	if s.src.Meetings != nil && s.src.Minutes != nil {
		all, err := s.src.Meetings(ctx, s.q, room, time.Unix(0, 0), s.now.Add(time.Millisecond))
		if err != nil {
			return sum, err
		}
		for _, m := range all {
			if m.Running() || m.End.After(s.now) {
				continue // minutes are published once the meeting has ended
			}
			mm, err := s.src.Minutes(ctx, l, s.q, m, loc, s.now)
			if err != nil {
				return sum, err
			}
			if s.cfg.Assembly != "" {
				mm.Assembly = s.cfg.Assembly
			}
			a := archived{m: m, mm: mm, file: meetingFile(m, &mm)}
			page, err := minutes.MeetingHTML(&a.mm, minutes.Options{Paper: minutes.ParsePaper(s.cfg.Digests.Paper)})
			if err != nil {
				return sum, err
			}
			if err := s.write(folder+"/"+a.file, page); err != nil {
				return sum, err
			}
			ms = append(ms, a)
		}
	}
	sum.Meetings = len(ms)
	for _, a := range ms {
		if y := a.m.Start.In(loc).Year(); !slices.Contains(sum.Years, y) {
			sum.Years = append(sum.Years, y)
		}
	}
	slices.Sort(sum.Years)
	p := pageWords{l: l, loc: loc}
	decisions, err := s.decisions(ctx, room, p, ms)
	if err != nil {
		return sum, err
	}
	register, err := s.mandates(ctx, room, p)
	if err != nil {
		return sum, err
	}
	digests, err := s.digests(ctx, room, l, loc, ms)
	if err != nil {
		return sum, err
	}
	pages := []struct {
		name string
		data func() ([]byte, error)
	}{
		{"index.html", func() ([]byte, error) { return roomPage(p, room, ms, digests, s.now) }},
		{"decisions.html", func() ([]byte, error) { return decisionsPage(p, room, decisions, s.now) }},
		{"mandates.html", func() ([]byte, error) { return mandatesPage(p, room, register, s.now) }},
		{"feed.atom", func() ([]byte, error) { return feed(p, room, s.cfg.Assembly, ms, decisions, s.now) }},
	}
	for _, pg := range pages {
		data, err := pg.data()
		if err != nil {
			return sum, err
		}
		if err := s.write(folder+"/"+pg.name, data); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// digest is one month's digest page.
type digest struct {
	Year  int
	Month time.Month
	File  string
}

// digests writes a digest for each month a meeting ended in, as the room's digests read.
func (s *site) digests(ctx context.Context, room bot.Room, l *words.Lang, loc *time.Location, ms []archived) ([]digest, error) {
	if s.src.Digest == nil {
		return nil, nil
	}
	var out []digest
	for _, a := range ms {
		st := a.m.Start.In(loc)
		from := time.Date(st.Year(), st.Month(), 1, 0, 0, 0, 0, loc)
		if len(out) > 0 && out[len(out)-1].Year == from.Year() && out[len(out)-1].Month == from.Month() {
			continue
		}
		to := from.AddDate(0, 1, 0)
		if to.After(s.now) {
			to = s.now
		}
		dg, err := s.src.Digest(ctx, l, s.q, room, from, to, to, loc)
		if err != nil {
			return nil, err
		}
		if s.cfg.Assembly != "" {
			dg.Assembly = s.cfg.Assembly
		}
		page, err := minutes.DigestHTML(&dg, minutes.Options{Paper: minutes.ParsePaper(s.cfg.Digests.Paper)})
		if err != nil {
			return nil, err
		}
		d := digest{Year: from.Year(), Month: from.Month(), File: "digests/" + from.Format("2006-01") + ".html"}
		if err := s.write(RoomFolder(room)+"/"+d.File, page); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// decision is one line of a room's decisions: a vote's result, or a decision recorded in a
// meeting.
type decision struct {
	At      time.Time
	Title   string
	Result  string
	Counts  []string
	Turnout string
	Secret  bool
	Meeting string // the meeting's page, for a decision recorded there
	Number  int    // the meeting's number
}

// decisions are the room's closed votes and the decisions its meetings recorded, oldest
// first. A vote is shown by its verdict and counts, never by who voted how.
func (s *site) decisions(ctx context.Context, room bot.Room, p pageWords, ms []archived) ([]decision, error) {
	var out []decision
	if s.src.Decisions != nil {
		votes, err := s.src.Decisions(ctx, s.q, room, time.Unix(0, 0), s.now.Add(time.Millisecond))
		if err != nil {
			return nil, err
		}
		for _, v := range votes {
			d := decision{At: v.ClosedAt, Title: v.Title(p.l), Result: vote.Verdict(p.l, v.Rules, v.Final()), Secret: v.Rules.Secret}
			for _, c := range v.FinalCounts {
				d.Counts = append(d.Counts, strconv.Itoa(c.N)+" "+v.Rules.Text(p.l, c.Key))
			}
			if v.Eligible > 0 {
				d.Turnout = vote.TurnoutLine(p.l, v.Rules, v.Final(), true)
			}
			out = append(out, d)
		}
	}
	for _, a := range ms {
		for _, tp := range a.mm.Topics {
			for _, it := range tp.Items {
				if it.Kind == minutes.Decision && it.Vote == nil {
					out = append(out, decision{At: it.At, Title: it.Text, Meeting: a.file, Number: a.m.Number})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b decision) int { return a.At.Compare(b.At) })
	return out, nil
}

// held is one line of the register of mandates.
type held struct {
	Number           int
	Holder, Scope    string
	From, Until, End time.Time
	Ended            string // how it ended, "" while in force
}

// mandates is the register: who held which mandate, from when to when, and how it ended.
func (s *site) mandates(ctx context.Context, room bot.Room, p pageWords) ([]held, error) {
	if s.src.Mandates == nil {
		return nil, nil
	}
	all, err := s.src.Mandates(ctx, s.q, room)
	if err != nil {
		return nil, err
	}
	book, err := facts.LoadRoster(ctx, s.q, room)
	if err != nil {
		return nil, err
	}
	out := make([]held, 0, len(all))
	for _, md := range all {
		holder := md.Member.Name
		if holder == "" || !bot.Shows(bot.Inert(holder)) {
			holder = book.Member(md.Member.ID).Display()
		}
		h := held{Number: md.Number, Holder: holder, Scope: md.Scope, From: md.Start, Until: md.Ends, End: md.EndedAt}
		if !md.Active() {
			h.Ended = p.l.Say("archive.site.ended")
			if s.src.EndWords != nil {
				h.Ended = s.src.EndWords(p.l, md, book)
			}
		}
		out = append(out, h)
	}
	return out, nil
}

// index writes the site's index, in the configured language, titled with the assembly's
// name when there is one.
func (s *site) index(rooms []roomSummary) error {
	p := pageWords{l: words.For(s.cfg.Language), loc: s.cfg.Location()}
	title := s.cfg.Assembly
	if title == "" {
		title = p.Say("archive.site.title")
	}
	page, err := indexPage(p, title, rooms, s.now)
	if err != nil {
		return err
	}
	return s.write("index.html", page)
}
