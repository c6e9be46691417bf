// Package draws is sortition anyone can check: `!draw 3 from pool delegate` announces a draw
// with the commitment to a secret seed and the candidates, members add their own words until
// the draw (`!draw salt`), the draw reveals the seed and its order, and `!draw verify`
// recomputes it. The function is package draw's, and the README's script recomputes it
// without folkmoot.
package draws

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/draw"
	"folkmoot/facts"
	"folkmoot/feature"
	"folkmoot/phrase"
	"folkmoot/schedule"
	"folkmoot/store"
	"folkmoot/timeparse"
	"folkmoot/words"
)

// wording is what draws says, its commands' help among it, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// migrations are this feature's schema steps, numbered in the store's one sequence.
//
//go:embed migrations/*.sql
var migrations embed.FS

// SectionDraws is the help section of the draw commands.
const SectionDraws = "Draws"

// jobDraw is the scheduled draw; Ref and Payload are the draw's database ID.
const jobDraw = "draw.reveal"

// Bounds of when a draw happens: late enough for members to add their words, soon enough to
// be remembered.
const (
	minSaltWindow = time.Minute
	maxDrawAhead  = 30 * 24 * time.Hour
	maxPurpose    = 200
)

// Hooks are what draws reads of other features.
type Hooks struct {
	// PoolNow is who is in a role's pool at a moment, with the role's name as the room writes
	// it; an unknown role is a room-safe answer in l (the roles feature's).
	PoolNow func(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string, at time.Time) (string, []string, error)
	// Group is who is in the group a name finds and, of them, who shows their membership,
	// with the group's name as the room writes it; an unknown group is a room-safe answer in
	// l (the groups feature's). Without it, draws know no groups.
	Group func(ctx context.Context, q store.Querier, l *words.Lang, prefix string, room bot.Room, typed string) (name string, members, shown []string, err error)
	// Random is where seeds come from: crypto/rand when nil (tests give a fixed one).
	Random io.Reader
}

// Feature is checkable draws.
func Feature(h Hooks) feature.Feature {
	if h.Random == nil {
		h.Random = rand.Reader
	}
	f := &drawsFeature{hooks: h}
	facilitator := commands.Guard{Level: commands.FacilitatorLevel}
	return feature.Feature{
		Name:       "draws",
		Migrations: migrations,
		Config:     configSection(),
		Commands: []*commands.Command{{
			Name:    "draw",
			Section: SectionDraws,
			Flags:   parityFlag,
			Subcommands: []*commands.Command{
				{Name: "salt", Aliases: []string{"add-salt"}, NeedsIdentity: true, Run: runSalt},
				{Name: "verify", Aliases: []string{"check"}, Run: runVerify},
				{Name: "decline", NeedsIdentity: true, Run: runDecline},
				{Name: "cancel", Guard: facilitator, Run: runCancel},
				{Name: "", Guard: facilitator, NeedsIdentity: true, Flags: parityFlag, Run: f.runOpen},
			},
			Run: runList,
		}},
		Jobs: []feature.Job{
			// A draw must happen however late: its order is fixed by what was committed.
			{Name: jobDraw, AlwaysFire: true, Run: runDrawJob},
		},
	}
}

type drawsFeature struct{ hooks Hooks }

// parityFlag is --parity <group>: the seats are shared with the group.
var parityFlag = []commands.Flag{{Name: "parity"}}

// runOpen announces a draw: "<n> from members|pool <role> [at <time>] [for <purpose>]".
func (f *drawsFeature) runOpen(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	w := r.Args.Words
	if len(w) < 3 || !strings.EqualFold(w[1], "from") {
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.open.usage"))
	}
	seats, err := strconv.Atoi(w[0])
	if err != nil || seats < 1 || seats > draw.MaxSeats {
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.open.seats", "Typed", phrase.Clip(w[0], 20), "Max", draw.MaxSeats))
	}
	d := draw.Draw{Seats: seats, OpenedBy: r.Sender.ID, Opened: r.At}
	var candidates, notes []string
	rest := 3
	switch source := strings.ToLower(w[2]); source {
	case "members", "everyone", "all":
		d.Source = draw.SourceMembers
		members, err := facts.Members(ctx, r.Tx, r.Transport, r.Room)
		if err != nil {
			return bot.Reply{}, err
		}
		for _, m := range members {
			candidates = append(candidates, m.ID)
		}
	case "pool":
		if len(w) < 4 {
			return bot.Reply{}, commands.Usagef("%s", l.Say("draws.open.which_pool"))
		}
		role, pool, err := f.hooks.PoolNow(ctx, r.Tx, l, r.Prefix(), r.Room, w[3], r.At)
		if err != nil {
			return bot.Reply{}, err
		}
		d.Source, candidates, rest = draw.SourcePool+role, pool, 4
	case "group":
		if len(w) < 4 {
			return bot.Reply{}, commands.Usagef("%s", l.Say("draws.open.which_group"))
		}
		g, err := f.group(ctx, r, w[3])
		if err != nil {
			return bot.Reply{}, err
		}
		// A draw posts its candidates: only members who show their membership can be drawn
		// as the group's, and the others are told how to be among them.
		d.Source, candidates, rest = draw.SourceGroup+g.name, g.shown, 4
		notes = append(notes, g.hiddenNote(r))
	default:
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.open.source", "Typed", phrase.Clip(w[2], 30)))
	}
	if d.At, d.Purpose, err = whenAndWhy(r, r.Args.Rest(rest)); err != nil {
		return bot.Reply{}, err
	}
	if typed, ok := r.Args.Flags["parity"]; ok {
		if seats < 2 {
			return bot.Reply{}, commands.Userf("%s", l.Say("draws.open.parity_seats"))
		}
		g, err := f.group(ctx, r, typed)
		if err != nil {
			return bot.Reply{}, err
		}
		// Every candidate's side is posted: members of the group who keep it hidden stay out.
		candidates = slices.DeleteFunc(candidates, func(id string) bool { return slices.Contains(g.members, id) && !slices.Contains(g.shown, id) })
		d.Parity = g.name
		for _, id := range candidates {
			if slices.Contains(g.shown, id) {
				d.GroupSide = append(d.GroupSide, id)
			}
		}
		d.GroupSide = draw.Sorted(d.GroupSide)
		notes = append(notes, g.hiddenNote(r))
	}
	d.Candidates = draw.Sorted(candidates)
	switch n := len(d.Candidates); {
	case n == 0:
		return bot.Reply{}, commands.Userf("%s", l.Say("draws.open.nobody", "Source", sourceWords(l, d.Source)))
	case n < seats:
		return bot.Reply{}, commands.Userf("%s", l.Count("draws.open.too_few", n, "Seats", seats, "Source", sourceWords(l, d.Source)))
	case n > draw.MaxCandidates:
		return bot.Reply{}, commands.Userf("%s", l.Say("draws.open.too_many", "Count", n, "Max", draw.MaxCandidates))
	}
	if d.Seed, err = draw.NewSeed(f.hooks.Random); err != nil {
		return bot.Reply{}, err
	}
	d.Commitment = draw.Commit(d.Seed)
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if err := createDraw(ctx, tx, r.Room, &d); err != nil {
			return err
		}
		ref := strconv.FormatInt(d.ID, 10)
		_, err := schedule.Add(ctx, tx, schedule.Job{Room: r.Room, Kind: jobDraw, Ref: ref, Payload: ref,
			Title: schedule.Titled("draws.job.draw", "Number", d.Number), Due: d.At})
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	r.Log().Info().Int("draw", d.Number).Int("seats", seats).Int("candidates", len(d.Candidates)).Msg("draw announced")
	p := r.Prefix()
	lines := []string{
		l.Count("draws.open.announced", seats, "Number", d.Number, "Seats", seats, "Source", sourceWords(l, d.Source), "When", r.Time(d.At)),
	}
	if d.Purpose != "" {
		lines = append(lines, l.Say("draws.open.purpose", "Purpose", d.Purpose))
	}
	if d.Parity != "" {
		lines = append(lines, parityLine(l, book, d))
	}
	for _, n := range notes {
		if n != "" {
			lines = append(lines, n)
		}
	}
	lines = append(lines,
		l.Say("draws.open.commitment", "Commitment", d.Commitment),
		l.Count("draws.open.candidates", len(d.Candidates), "Count", len(d.Candidates), "Candidates", candidateList(book, d.Candidates)),
		l.Say("draws.open.how", "Salt", p+"draw salt", "Verify", p+"draw verify "+strconv.Itoa(d.Number)))
	return bot.Text(strings.Join(lines, "\n")), nil
}

// whenAndWhy reads "[at <time>|in <span>] [for <purpose>]": when the draw happens (after the
// salt window when not said) and what it is for.
func whenAndWhy(r *commands.Request, rest string) (time.Time, string, error) {
	l := r.Lang
	when, purpose := rest, ""
	if strings.HasPrefix(strings.ToLower(rest), "for ") {
		when, purpose = "", rest[len("for "):]
	} else if i := strings.Index(strings.ToLower(rest), " for "); i >= 0 {
		when, purpose = rest[:i], rest[i+len(" for "):]
	}
	purpose = strings.Join(strings.Fields(purpose), " ")
	if len([]rune(purpose)) > maxPurpose {
		return time.Time{}, "", commands.Userf("%s", l.Say("draws.open.purpose_too_long", "Max", maxPurpose))
	}
	when = strings.TrimSpace(when)
	if when == "" {
		return r.At.Add(settings(r.Config).SaltWindow.Duration), purpose, nil
	}
	if lower := strings.ToLower(when); strings.HasPrefix(lower, "at ") {
		when = when[len("at "):]
	}
	at, err := timeparse.ParseAt(l, when, r.At, r.Loc)
	if err != nil {
		return time.Time{}, "", err
	}
	if at.Sub(r.At) < minSaltWindow || at.Sub(r.At) > maxDrawAhead {
		return time.Time{}, "", commands.Userf("%s", l.Say("draws.open.when_range", "When", r.Time(at),
			"Min", phrase.Duration(l, minSaltWindow), "Max", phrase.Duration(l, maxDrawAhead)))
	}
	return at, purpose, nil
}

// group is a group as a draw reads it.
type group struct {
	name           string
	members, shown []string
}

// group finds the group a name finds, through the groups feature.
func (f *drawsFeature) group(ctx context.Context, r *commands.Request, typed string) (group, error) {
	if f.hooks.Group == nil {
		return group{}, commands.Userf("%s", r.Lang.Say("draws.open.no_groups"))
	}
	name, members, shown, err := f.hooks.Group(ctx, r.Tx, r.Lang, r.Prefix(), r.Room, typed)
	return group{name: name, members: members, shown: shown}, err
}

// hiddenNote tells how many of the group keep their membership hidden and so are not among
// the candidates; "" when none.
func (g group) hiddenNote(r *commands.Request) string {
	hidden := len(g.members) - len(g.shown)
	if hidden == 0 {
		return ""
	}
	return r.Lang.Count("draws.open.hidden", hidden, "Count", hidden, "Group", g.name, "Command", r.Prefix()+"group show "+g.name)
}

// parityLine says how a draw's seats keep parity, and which candidates are of the group.
func parityLine(l *words.Lang, book facts.Roster, d draw.Draw) string {
	members := l.Say("draws.open.parity_nobody")
	if len(d.GroupSide) > 0 {
		members = book.Names(d.GroupSide)
	}
	return l.Say("draws.open.parity", "Group", d.Parity, "Members", members)
}

// sourceWords says where a draw's candidates come from: "the members", "the pool of delegate".
func sourceWords(l *words.Lang, source string) string {
	if role, ok := strings.CutPrefix(source, draw.SourcePool); ok {
		return l.Say("draws.source.pool", "Role", role)
	}
	if name, ok := strings.CutPrefix(source, draw.SourceGroup); ok {
		return l.Say("draws.source.group", "Group", name)
	}
	return l.Say("draws.source.members")
}

// candidateList shows candidates in the draw's order, each with the ID the draw hashes: "ana
// (@ana:example.org), bo@example.org".
func candidateList(book facts.Roster, ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = withID(book, id)
	}
	return strings.Join(out, ", ")
}

// withID is a member's name with their ID, or the ID alone when they have no name.
func withID(book facts.Roster, id string) string {
	name, shown := book.Name(id), bot.Inert(id)
	if name == shown {
		return shown
	}
	return name + " (" + shown + ")"
}

// findDraw reads a draw number as typed ("3" or "#3") and loads it.
func findDraw(ctx context.Context, r *commands.Request, typed string) (draw.Draw, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(typed, "#"))
	if err != nil || n < 1 {
		return draw.Draw{}, commands.Userf("%s", r.Lang.Say("draws.not_a_number", "Typed", phrase.Clip(typed, 20), "Command", r.Prefix()+"draw"))
	}
	d, err := drawByNum(ctx, r.Tx, r.Room, n)
	if isNotFound(err) {
		return d, commands.Userf("%s", r.Lang.Say("draws.no_such", "Number", n, "Command", r.Prefix()+"draw"))
	}
	return d, err
}

// runSalt adds the sender's words to the open draw ("[<number>] <words>").
func runSalt(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	open, err := openDraws(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	words := r.Args.Words
	var d draw.Draw
	switch {
	case len(open) == 0:
		return bot.Reply{}, commands.Userf("%s", l.Say("draws.salt.none_open"))
	case len(words) > 1 && isDrawNumber(words[0], open):
		d, err = findDraw(ctx, r, words[0])
		if err != nil {
			return bot.Reply{}, err
		}
		words = words[1:]
	case len(open) > 1:
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.salt.which", "Numbers", numbers(open)))
	default:
		d = open[0]
	}
	// What is hashed is what the room sees: the text made inert as every chat output is.
	text := draw.NormalizeSalt(bot.Inert(strings.Join(words, " ")))
	switch {
	case text == "":
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.salt.usage"))
	case len([]rune(text)) > draw.MaxSaltRunes:
		return bot.Reply{}, commands.Userf("%s", l.Say("draws.salt.too_long", "Max", draw.MaxSaltRunes))
	}
	var added bool
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		added, err = addSalt(ctx, tx, d, draw.Salt{Member: r.Sender.ID, Text: text, At: r.At})
		return err
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !added {
		for _, s := range d.Salts {
			if s.Member == r.Sender.ID {
				return bot.Reply{}, commands.Userf("%s", l.Say("draws.salt.already", "Number", d.Number, "Salt", s.Text))
			}
		}
	}
	return bot.Text(l.Say("draws.salt.added", "Member", r.Sender.Display(), "Number", d.Number, "Salt", text,
		"Count", len(d.Salts)+1, "When", r.Time(d.At))), nil
}

// isDrawNumber reports whether a word names one of the open draws ("3", "#3").
func isDrawNumber(typed string, open []draw.Draw) bool {
	n, err := strconv.Atoi(strings.TrimPrefix(typed, "#"))
	if err != nil {
		return false
	}
	for _, d := range open {
		if d.Number == n {
			return true
		}
	}
	return false
}

// numbers lists draws' numbers: "#1, #3".
func numbers(ds []draw.Draw) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = "#" + strconv.Itoa(d.Number)
	}
	return strings.Join(out, ", ")
}

// runDrawJob holds a draw when it falls due: the order, the seats and the seed, told to the room.
func runDrawJob(ctx context.Context, env *commands.Env, tx *sql.Tx, job schedule.Job) error {
	id, err := strconv.ParseInt(job.Payload, 10, 64)
	if err != nil {
		return err
	}
	d, err := drawWithID(ctx, tx, job.Room, id)
	if isNotFound(err) || (err == nil && d.State != draw.Open) {
		return nil // cancelled, or drawn already
	}
	if err != nil {
		return err
	}
	d.Order = draw.Order(d.Seed, d.SaltTexts(), d.Candidates)
	d.Drawn = env.Now()
	if ok, err := recordDraw(ctx, tx, d); err != nil || !ok {
		return err
	}
	book, err := facts.LoadRoster(ctx, tx, job.Room)
	if err != nil {
		return err
	}
	l := env.RoomLang(ctx, tx, job.Room)
	seated := d.Seated()
	lines := []string{l.Count("draws.drawn.seated", len(seated), "Number", d.Number, "Source", sourceWords(l, d.Source), "Members", book.Names(seated))}
	if d.Purpose != "" {
		lines = append(lines, l.Say("draws.open.purpose", "Purpose", d.Purpose))
	}
	if next := slices.DeleteFunc(slices.Clone(d.Order), func(id string) bool { return slices.Contains(seated, id) }); len(next) > 0 {
		lines = append(lines, l.Say("draws.drawn.next", "Members", book.Names(next)))
	}
	lines = append(lines,
		l.Count("draws.drawn.seed", len(d.Salts), "Seed", d.Seed, "Count", len(d.Salts)),
		l.Say("draws.drawn.verify", "Command", env.Config.CommandPrefix+"draw verify "+strconv.Itoa(d.Number)))
	if job.Late > time.Minute {
		lines = append(lines, l.Say("draws.drawn.late", "When", timeparse.Format(l, d.At, env.Now(), env.Location(ctx, tx, job.Room))))
	}
	return store.PutReply(ctx, tx, job.Room, bot.Notice(strings.Join(lines, "\n"), book.Members(seated)...))
}

// runVerify recomputes a draw and shows everything needed to recompute it elsewhere.
func runVerify(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	if len(r.Args.Words) != 1 {
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.which"))
	}
	d, err := findDraw(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	var lines []string
	switch d.State {
	case draw.Open:
		lines = append(lines, l.Say("draws.verify.open", "Number", d.Number, "When", r.Time(d.At), "Commitment", d.Commitment))
	case draw.Cancelled:
		lines = append(lines, l.Say("draws.verify.cancelled", "Number", d.Number, "Seed", d.Seed, "Commitment", d.Commitment))
	default:
		seedOK, orderOK := d.Check()
		switch {
		case seedOK && orderOK:
			lines = append(lines, l.Count("draws.verify.ok", len(d.Salts), "Number", d.Number, "Count", len(d.Salts), "Candidates", len(d.Candidates)))
		case !seedOK:
			lines = append(lines, l.Say("draws.verify.bad_seed", "Number", d.Number))
		default:
			lines = append(lines, l.Say("draws.verify.bad_order", "Number", d.Number))
		}
		lines = append(lines, l.Say("draws.verify.seed", "Seed", d.Seed, "Commitment", d.Commitment))
	}
	lines = append(lines, l.Count("draws.open.candidates", len(d.Candidates), "Count", len(d.Candidates), "Candidates", candidateList(book, d.Candidates)))
	if d.Parity != "" {
		lines = append(lines, parityLine(l, book, d))
	}
	for i, s := range d.Salts {
		lines = append(lines, l.Say("draws.verify.salt", "Index", i+1, "Member", book.Name(s.Member), "Salt", s.Text))
	}
	if d.State == draw.Done {
		lines = append(lines, l.Say("draws.verify.order", "Members", candidateList(book, d.Order)))
		if len(d.Declined) > 0 {
			lines = append(lines, l.Say("draws.verify.declined", "Members", book.Names(d.Declined), "Seated", book.Names(d.Seated())))
		}
		lines = append(lines, l.Say("draws.verify.script", "Script", script(d)))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}

// script is the command line of the README's script that recomputes the draw.
func script(d draw.Draw) string {
	parts := []string{"python3 folkmoot-draw.py", d.Seed}
	for _, s := range d.SaltTexts() {
		parts = append(parts, shellQuote(s))
	}
	parts = append(parts, "--")
	for _, c := range d.Candidates {
		parts = append(parts, shellQuote(c))
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes a word for a POSIX shell: inside single quotes nothing is special but the
// single quote itself.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// runDecline passes the sender's seat in a draw to the next in its order.
func runDecline(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	var d draw.Draw
	var err error
	switch len(r.Args.Words) {
	case 0:
		recent, err := recentDraws(ctx, r.Tx, r.Room, r.At.Add(-recentLookback))
		if err != nil {
			return bot.Reply{}, err
		}
		var mine []draw.Draw
		for _, rd := range recent {
			if slices.Contains(rd.Seated(), r.Sender.ID) {
				mine = append(mine, rd)
			}
		}
		switch len(mine) {
		case 0:
			return bot.Reply{}, commands.Userf("%s", l.Say("draws.decline.no_seat"))
		case 1:
			d = mine[0]
		default:
			return bot.Reply{}, commands.Usagef("%s", l.Say("draws.decline.which", "Numbers", numbers(mine)))
		}
	case 1:
		if d, err = findDraw(ctx, r, r.Args.Words[0]); err != nil {
			return bot.Reply{}, err
		}
		if d.State != draw.Done || !slices.Contains(d.Seated(), r.Sender.ID) {
			return bot.Reply{}, commands.Userf("%s", l.Say("draws.decline.not_seated", "Number", d.Number))
		}
	default:
		return bot.Reply{}, commands.Usagef("%s", l.Say("draws.which"))
	}
	next := d.Next()
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error { return recordDecline(ctx, tx, d, r.Sender.ID, r.At) })
	if err != nil {
		return bot.Reply{}, err
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	if next == "" {
		return bot.Text(l.Say("draws.decline.nobody_left", "Member", r.Sender.Display(), "Number", d.Number)), nil
	}
	return bot.Mentioning(l.Say("draws.decline.passed", "Member", r.Sender.Display(), "Number", d.Number, "Next", book.Name(next)), book.Member(next)), nil
}

// runCancel cancels a draw before it happens, revealing its seed: nothing is left to hide.
func runCancel(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) != 1 {
		return bot.Reply{}, commands.Usagef("%s", r.Lang.Say("draws.which"))
	}
	d, err := findDraw(ctx, r, r.Args.Words[0])
	if err != nil {
		return bot.Reply{}, err
	}
	var ok bool
	err = store.Step(ctx, r.Tx, func(tx *sql.Tx) error {
		if ok, err = cancelDraw(ctx, tx, d); err != nil || !ok {
			return err
		}
		return schedule.Cancel(ctx, tx, r.Room, jobDraw, strconv.FormatInt(d.ID, 10))
	})
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("draws.cancel.too_late", "Number", d.Number, "Command", r.Prefix()+"draw verify "+strconv.Itoa(d.Number)))
	}
	return bot.Text(r.Lang.Say("draws.cancel.done", "Number", d.Number, "By", r.Sender.Display(), "Seed", d.Seed)), nil
}

// runList shows the draws to come and those of the last 30 days.
func runList(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	l := r.Lang
	open, err := openDraws(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	recent, err := recentDraws(ctx, r.Tx, r.Room, r.At.Add(-recentLookback))
	if err != nil {
		return bot.Reply{}, err
	}
	if len(open)+len(recent) == 0 {
		return bot.Text(l.Say("draws.list.none", "Command", r.Prefix()+"draw")), nil
	}
	book, err := facts.LoadRoster(ctx, r.Tx, r.Room)
	if err != nil {
		return bot.Reply{}, err
	}
	var lines []string
	for _, d := range open {
		lines = append(lines, l.Count("draws.list.open", d.Seats, "Number", d.Number, "Seats", d.Seats,
			"Source", sourceWords(l, d.Source), "When", r.Time(d.At), "Salts", len(d.Salts)))
	}
	for _, d := range recent {
		lines = append(lines, l.Say("draws.list.drawn", "Number", d.Number, "Source", sourceWords(l, d.Source),
			"When", r.Time(d.Drawn), "Members", book.Names(d.Seated())))
	}
	return bot.Text(strings.Join(lines, "\n")), nil
}
