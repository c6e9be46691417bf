package xmpp

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/bot/bottest"
	"folkmoot/config"
	"folkmoot/store/storetest"
)

var t0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

// Nothing said before the bot first joined a room is run: older stamps tell by themselves;
// within the margin of whole-second stamps, the first join's history tells by ID.
func TestFirstJoinSaidBefore(t *testing.T) {
	first := firstJoin{At: t0.Add(300 * time.Millisecond), Before: []string{"a"}}
	tests := []struct {
		name string
		id   string
		said time.Time
		want bool
	}{
		{"said while away", "c", t0.Add(6 * time.Minute), false},
		{"well before the first join", "c", t0.Add(-3 * time.Second), true},
		{"in the join's second, shown by its history", "a", t0, true},
		{"in the join's second, not in its history: said after", "c", t0, false},
		{"a second before the join, not in its history (server clock behind)", "c", t0.Add(-time.Second), false},
		{"stamped after the join, in its history (server clock ahead)", "a", t0.Add(5 * time.Second), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := first.saidBefore(tc.id, tc.said); got != tc.want {
				t.Fatalf("saidBefore(%q, %v) = %v, want %v", tc.id, tc.said, got, tc.want)
			}
		})
	}
}

// The first join's history notes the IDs its stamps cannot place, the latest when there
// are too many; later joins note none.
func TestFirstJoinNotesOnlyWhatTimeCannotTell(t *testing.T) {
	r := newRoom(testRoom, "folkmoot", false)
	r.firstJoin, r.joinedAt = true, t0.Add(300*time.Millisecond)
	r.noteHistory("old", t0.Add(-3*time.Second))
	r.noteHistory("", t0)
	for i := range firstBeforeCap + 5 {
		r.noteHistory(fmt.Sprint("close-", i), t0)
	}
	if len(r.firstBefore) != firstBeforeCap || r.firstBefore[0] != "close-5" || slices.Contains(r.firstBefore, "old") {
		t.Fatalf("noted %d IDs from %q; want the latest %d close to the join", len(r.firstBefore), r.firstBefore[0], firstBeforeCap)
	}
	r = newRoom(testRoom, "folkmoot", false)
	r.joinedAt = t0
	r.noteHistory("close", t0)
	if len(r.firstBefore) != 0 {
		t.Fatalf("a later join noted %q", r.firstBefore)
	}
}

func TestHistorySince(t *testing.T) {
	ctx := context.Background()
	kv := newMemKV()
	l, err := loadRecords(ctx, kv, zerolog.Nop(), t0)
	if err != nil {
		t.Fatal(err)
	}
	const window = 15 * time.Minute
	now := t0.Add(time.Hour)
	if got := l.historySince("r@c", now, window); !got.Equal(now.Add(-time.Minute - 2*time.Second)) {
		t.Fatalf("first join: since %v, want a minute back (to tell what came before the bot)", got)
	}
	l.joinedFirst(ctx, "r@c", firstJoin{At: t0.Add(300 * time.Millisecond), Before: []string{"a"}})
	if got := l.historySince("r@c", t0.Add(5*time.Minute), window); !got.Equal(t0.Add(-2 * time.Second)) {
		t.Fatalf("soon after the first join: since %v, want the first join (whole seconds, with the margin)", got)
	}
	if got := l.historySince("r@c", now, window); !got.Equal(now.Add(-window - 2*time.Second)) {
		t.Fatalf("long after the first join: since %v, want the catch-up window", got)
	}
	l.joinedFirst(ctx, "r@c", firstJoin{At: now})
	if f, _ := l.firstJoinOf("r@c"); !f.At.Equal(t0.Add(300 * time.Millisecond)) {
		t.Fatalf("a later join moved the first join to %v", f.At)
	}
	if err := l.writing(ctx, "k", pendingRecord{Room: "r@c", OriginID: "o", At: now.Add(-30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if got := l.historySince("r@c", now, window); !got.Equal(now.Add(-30*time.Minute - 2*time.Second)) {
		t.Fatalf("an unconfirmed reply must be looked for: since %v", got)
	}
	if got := l.historySince("other@c", now, window); !got.Equal(now.Add(-time.Minute - 2*time.Second)) {
		t.Fatalf("another room's reply moved its history: since %v", got)
	}

	// A new process finds the same records; old unconfirmed replies are dropped.
	if err := l.writing(ctx, "old", pendingRecord{Room: "r@c", OriginID: "x", At: now.Add(-8 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	again, err := loadRecords(ctx, kv, zerolog.Nop(), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.pendingFor("k"); !ok {
		t.Fatal("the unconfirmed reply was not remembered")
	}
	if _, ok := again.pendingFor("old"); ok {
		t.Fatal("a week-old unconfirmed reply should be dropped")
	}
	if f, ok := again.firstJoinOf("r@c"); !ok || !f.At.Equal(t0.Add(300*time.Millisecond)) || !slices.Equal(f.Before, []string{"a"}) {
		t.Fatalf("first join %+v (%v) not remembered", f, ok)
	}
	again.settled(ctx, "k")
	if saved, _ := kv.List(ctx, kvPending); len(saved) != 0 {
		t.Fatalf("settled replies stay in the store: %v", saved)
	}
}

// Records of the rooms seen, as versions that kept a ledger of their own wrote them, still
// give the first join; the rest of them is the runtime's now.
func TestOldSeenRecordsGiveTheFirstJoin(t *testing.T) {
	ctx := context.Background()
	kv := newMemKV()
	_ = kv.Set(ctx, kvFirst, "R@C", `{"first":"2026-11-29T10:00:00.3Z","at":"2026-11-29T11:00:00Z","ids":["m1","m2"]}`)
	_ = kv.Set(ctx, kvFirst, "never@c", `{"at":"2026-11-29T11:00:00Z","ids":["m3"]}`)
	_ = kv.Set(ctx, kvFirst, "broken@c", `{"first":`)
	l, err := loadRecords(ctx, kv, zerolog.Nop(), t0)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := l.firstJoinOf("r@c"); !ok || !f.At.Equal(t0.Add(300*time.Millisecond)) || len(f.Before) != 0 {
		t.Fatalf("old record read as %+v (%v), want its first join alone", f, ok)
	}
	for _, room := range []string{"never@c", "broken@c"} {
		if f, ok := l.firstJoinOf(room); ok {
			t.Errorf("%s: %+v taken for a first join", room, f)
		}
	}
}

func TestHistoryCovers(t *testing.T) {
	sent := t0.Add(10*time.Second + 400*time.Millisecond)
	tests := []struct {
		name   string
		count  int
		oldest time.Time
		want   bool
	}{
		{"short history is complete", 3, t0.Add(11 * time.Second), true},
		{"full history from before", typicalHistory, t0.Add(9 * time.Second), true},
		{"full history from the same second", typicalHistory, t0.Add(10 * time.Second), false},
		{"full history from after", typicalHistory, t0.Add(12 * time.Second), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoom("r@c", "folkmoot", false)
			r.histCount, r.histOldest = tc.count, tc.oldest
			if got := r.historyCovers(sent); got != tc.want {
				t.Fatalf("historyCovers = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReplyKeyIsStable(t *testing.T) {
	a := replyKey("r@c", "m1", "echo: x")
	if a != replyKey("r@c", "m1", "echo: x") {
		t.Fatal("the same reply must have the same key in every process")
	}
	for _, other := range []string{replyKey("r@d", "m1", "echo: x"), replyKey("r@c", "m2", "echo: x"), replyKey("r@c", "m1", "echo: y"), replyKey("r@c", "m1echo: x", "")} {
		if other == a {
			t.Fatal("different replies share a key")
		}
	}
}

func FuzzPrivateID(f *testing.F) {
	f.Add("ana", "", "id-1")
	f.Add("ana", "ana@example.org", "id:2")
	f.Add("a:b/c", "x@y", "")
	f.Add("", "", "x")
	f.Add("mallory", "", "jid=YmVuQGV4YW1wbGUub3Jn:1")
	f.Add("mallory", "", "jid=:1")
	f.Fuzz(func(t *testing.T, nick, jid, id string) {
		in := privateRef{nick: nick, jid: jid, id: id}
		s := privateID(in)
		out, ok := parsePrivateID(s)
		if nick != "" && (!ok || out != in) {
			t.Fatalf("round trip of %+v = %+v, %v", in, out, ok)
		}
		if old, _, ok := oldParsePrivateID(s); nick != "" && (!ok || old != nick) {
			t.Fatalf("a version from before the JID reads %q as %q, %v; want private to %q", s, old, ok, nick)
		}
		if _, ok := parsePrivateID(id); ok && len(id) < 5 {
			t.Fatalf("%q read as a private ID", id)
		}
	})
}

// oldParsePrivateID is parsePrivateID as versions from before the JID have it (copied
// from them): only "pm:<b64 nick>:", and everything after it is the ID. Whatever they read as
// private they answer privately by nick; anything else they post in the room.
func oldParsePrivateID(s string) (nick, id string, ok bool) {
	rest, ok := strings.CutPrefix(s, "pm:")
	if !ok {
		return "", "", false
	}
	enc, id, ok := strings.Cut(rest, ":")
	raw, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || len(raw) == 0 {
		return "", "", false
	}
	return string(raw), id, true
}

// After a downgrade, a version from before the JID still answers a reply queued now
// privately, to the right nick, never in the room.
func TestOlderVersionsReadPrivateIDsAsPrivate(t *testing.T) {
	for _, ref := range []privateRef{
		{nick: "ben", jid: "ben@example.org", id: "p:1"},
		{nick: "cleo", id: "p2"},
		{nick: "mallory", id: "jid=YmVuQGV4YW1wbGUub3Jn:3"},
	} {
		s := privateID(ref)
		if nick, _, ok := oldParsePrivateID(s); !ok || nick != ref.nick {
			t.Errorf("%q: the old parser reads nick %q, private %v; want private to %q", s, nick, ok, ref.nick)
		}
	}
}

// What this and earlier versions wrote is read back; an author's own ID never passes for a
// JID.
func TestParsePrivateID(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name, in string
		want     privateRef
		ok       bool
	}{
		{"with the JID", "pm:" + b64("ben") + ":jid=" + b64("ben@example.org") + ":p:1", privateRef{"ben", "ben@example.org", "p:1"}, true},
		{"nick only, queued by an earlier version", "pm:" + b64("ben") + ":p:1", privateRef{"ben", "", "p:1"}, true},
		{"nick only, an ID like the field", "pm:" + b64("ben") + ":jid=:jid=x:1", privateRef{"ben", "", "jid=x:1"}, true},
		{"nick only, an earlier ID like the field but no base64", "pm:" + b64("ben") + ":jid=a.b:1", privateRef{"ben", "", "jid=a.b:1"}, true},
		{"no nick", "pm::p1", privateRef{}, false},
		{"a room message", "fm-0123", privateRef{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parsePrivateID(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("parsePrivateID(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// A retry of a reply whose earlier attempt the room does not show yet waits while that attempt
// may still be on its way (a connection cut right after the write); later it is posted again
// under the same origin-id, and a reply the room shows is never posted again.
func TestARecentAttemptIsGivenTimeToArrive(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		age      time.Duration
		roomHas  bool
		wantErr  string // "" for no error
		reposted bool
	}{
		{"the room shows it", time.Second, true, "", false},
		{"too recent to tell", 2 * time.Second, false, "looking again shortly", false},
		{"long enough ago", time.Minute, false, "connection closed", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, _ := joinedTransport(t)
			tr.clock = newFakeClock(t0)
			tg, err := tr.target(xroom)
			if err != nil {
				t.Fatal(err)
			}
			if err := tr.records.writing(ctx, "k", pendingRecord{Room: testRoom, OriginID: "fm-first", At: t0.Add(-tc.age)}); err != nil {
				t.Fatal(err)
			}
			if tc.roomHas {
				tg.r.noteOwn("fm-first")
			}
			err = tr.sendOnce(ctx, tg, "k", outgoing{to: testRoom, typ: "groupchat", body: "echo"})
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("sendOnce: %v, want %q", err, tc.wantErr)
			}
			p, pending := tr.records.pendingFor("k")
			if reposted := pending && p.At.Equal(t0); reposted != tc.reposted || pending && p.OriginID != "fm-first" {
				t.Errorf("pending %+v (%v); want reposted %v under the first origin-id", p, pending, tc.reposted)
			}
		})
	}
}

// take returns what was delivered since the last take.
func (in *recordingInbox) take() []bot.Message {
	in.mu.Lock()
	defer in.mu.Unlock()
	got := in.got
	in.got = nil
	return got
}

// roomLine is a message of testRoom from nick with these IDs ("" for none) and, unless stamp
// is zero, the delay stamp of the room's history.
func roomLine(nick, body, id, originID, stanzaID string, stamp time.Time) string {
	var b strings.Builder
	b.WriteString(`<message from='` + testRoom + `/` + xmlEscape(nick) + `' type='groupchat'`)
	if id != "" {
		b.WriteString(` id='` + id + `'`)
	}
	b.WriteString(`><body>` + xmlEscape(body) + `</body>`)
	if originID != "" {
		b.WriteString(`<origin-id xmlns='urn:xmpp:sid:0' id='` + originID + `'/>`)
	}
	if stanzaID != "" {
		b.WriteString(`<stanza-id xmlns='urn:xmpp:sid:0' id='` + stanzaID + `' by='` + testRoom + `'/>`)
	}
	if !stamp.IsZero() {
		b.WriteString(`<delay xmlns='urn:xmpp:delay' from='` + testRoom + `' stamp='` + stamp.UTC().Format(time.RFC3339) + `'/>`)
	}
	return b.String() + `</message>`
}

// joinWithHistory has the bot join testRoom on c, and the room answer with the bot's own
// presence, this history and its subject; it returns the join the bot sent.
func joinWithHistory(t *testing.T, tr *Transport, c *conn, fs *fakeServer, history ...string) joinPresence {
	t.Helper()
	tr.mu.Lock()
	tr.joinLocked(c, tr.rooms[testRoom])
	tr.mu.Unlock()
	j := readJoin(t, fs.next())
	fs.send(`<presence id='` + j.ID + `' from='` + testRoom + `/folkmoot'><x xmlns='http://jabber.org/protocol/muc#user'>` +
		`<item affiliation='none' role='participant'/><status code='110'/></x></presence>`)
	for _, h := range history {
		fs.send(h)
	}
	fs.send(`<message from='` + testRoom + `' type='groupchat'><subject>Assemblée 🌻 رێزان</subject></message>`)
	fs.sync()
	return j
}

// The adapter hands the runtime what it hears, history with its stable ID and the server's
// time, and keeps back only what XMPP alone can tell: the first join's history (said before
// the bot came, even within the join's second), history without any ID (the runtime could
// not tell that it ran), and a correction.
func TestHistoryGoesToTheRuntimeWithItsIDAndStamp(t *testing.T) {
	clk := newFakeClock(t0.Add(300 * time.Millisecond))
	tr, c, fs := pipeTransport(t, clk, config.XMPPRoom{JID: testRoom, Nick: "folkmoot"})
	logs := &bottest.LogLines{}
	tr.log = zerolog.New(logs).Level(zerolog.DebugLevel)
	in := &recordingInbox{}
	tr.in, tr.runCtx = in, context.Background()

	joinWithHistory(t, tr, c, fs,
		roomLine("ana", "!echo old", "i-old", "", "s-old", t0.Add(-30*time.Second)),
		roomLine("Zoë 🌻", "!echo just before", "i-before", "", "s-before", t0), // the join's second
	)
	fs.send(roomLine("ana", "!echo live", "", "", "", time.Time{}))
	fs.sync()
	got := in.take()
	if len(got) != 1 || got[0].Text != "!echo live" || got[0].History || got[0].ID != "" || !got[0].Time.Equal(clk.Now()) {
		t.Fatalf("after the first join delivered %+v; want only the live message, without ID, at the bot's time", got)
	}
	if f, ok := tr.records.firstJoinOf(testRoom); !ok || !f.At.Equal(clk.Now()) || !slices.Equal(f.Before, []string{"s-before"}) {
		t.Fatalf("first join recorded as %+v (%v)", f, ok)
	}

	clk.Advance(10 * time.Minute)
	j := joinWithHistory(t, tr, c, fs,
		roomLine("ana", "!echo old", "i-old", "", "s-old", t0.Add(-30*time.Second)),
		roomLine("Zoë 🌻", "!echo just before", "i-before", "", "s-before", t0),
		roomLine("ana", "!echo live", "", "", "", t0),
		roomLine("رێزان", "!echo away", "i-away", "o-away", "s-away", t0.Add(5*time.Minute)),
		roomLine("ana", "!echo by id", "i-id", "o-id", "", t0.Add(6*time.Minute)),
		roomLine("ana", "!echo by origin", "", "o-origin", "", t0.Add(7*time.Minute)),
		`<message from='`+testRoom+`/ana' type='groupchat' id='i-fix'><body>!echo fixed</body><replace xmlns='urn:xmpp:message-correct:0' id='i-id'/>`+
			`<delay xmlns='urn:xmpp:delay' stamp='`+t0.Add(8*time.Minute).Format(time.RFC3339)+`'/></message>`,
	)
	if want := t0.Add(-2 * time.Second).Format(time.RFC3339); j.History.Since != want {
		t.Fatalf("the rejoin asked for history since %s, want the first join's second, less the margin (%s)", j.History.Since, want)
	}
	got = in.take()
	want := []struct {
		id, text string
		said     time.Time
	}{
		{"s-away", "!echo away", t0.Add(5 * time.Minute)},
		{"i-id", "!echo by id", t0.Add(6 * time.Minute)},
		{"o-origin", "!echo by origin", t0.Add(7 * time.Minute)},
	}
	if len(got) != len(want) {
		t.Fatalf("the rejoin delivered %+v; want %+v", got, want)
	}
	for i, w := range want {
		if g := got[i]; g.ID != w.id || g.Text != w.text || !g.Time.Equal(w.said) || !g.History || g.Room != xroom {
			t.Errorf("delivery %d: %+v; want history %q (%s) said at %v", i, g, w.text, w.id, w.said)
		}
	}
	if logs.Count("skipped history without an ID") != 1 || logs.Count("skipped history said before the bot first joined", "s-before") != 1 ||
		logs.Count("skipped history said before the bot first joined", "s-old") != 1 {
		t.Errorf("the skipped history is not logged as such:\n%s", logs)
	}
}

// Whatever a room's history brings again, the runtime runs each message once: one handled
// live, one handled from an earlier join's history, and one still waiting to be handled when
// a rejoin's history brings it again.
func TestTheRuntimeRunsHistoryOnce(t *testing.T) {
	clk := newFakeClock(t0)
	tr, c, fs := pipeTransport(t, clk, config.XMPPRoom{JID: testRoom, Nick: "folkmoot"})
	var mu sync.Mutex
	runs := map[string]int{}
	release := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	b := bot.New(bot.HandlerFunc(func(_ context.Context, _ *sql.Tx, _ bot.Transport, msg bot.Message) ([]bot.Reply, error) {
		mu.Lock()
		runs[msg.ID]++
		mu.Unlock()
		if msg.ID == "s-slow" {
			<-release
		}
		return nil, nil
	}), storetest.Open(t), zerolog.Nop(), clk.Now)
	b.Add(tr, 15*time.Minute)
	in := b.Inbox(tr)
	tr.in, tr.runCtx = in, context.Background()
	count := func(id string) int {
		in.Settle()
		mu.Lock()
		defer mu.Unlock()
		return runs[id]
	}

	joinWithHistory(t, tr, c, fs)
	clk.Advance(time.Minute)
	fs.send(roomLine("ana", "!echo live", "i-live", "", "s-live", time.Time{}))
	fs.sync()
	clk.Advance(time.Minute)
	joinWithHistory(t, tr, c, fs,
		roomLine("ana", "!echo live", "i-live", "", "s-live", t0.Add(time.Minute)),
		roomLine("ana", "!echo away", "i-away", "", "s-away", t0.Add(90*time.Second)),
	)
	if count("s-live") != 1 || count("s-away") != 1 {
		t.Fatalf("runs %v after a rejoin; want each once", runs)
	}

	fs.send(roomLine("ana", "!echo slow", "i-slow", "", "s-slow", time.Time{}))
	fs.sync()
	clk.Advance(time.Minute)
	history := []string{
		roomLine("ana", "!echo live", "i-live", "", "s-live", t0.Add(time.Minute)),
		roomLine("ana", "!echo away", "i-away", "", "s-away", t0.Add(90*time.Second)),
		roomLine("ana", "!echo slow", "i-slow", "", "s-slow", t0.Add(2*time.Minute)),
	}
	joinWithHistory(t, tr, c, fs, history...) // while s-slow is still being handled
	free()
	joinWithHistory(t, tr, c, fs, history...)
	for _, id := range []string{"s-live", "s-away", "s-slow"} {
		if n := count(id); n != 1 {
			t.Errorf("%s ran %d times, want once (all runs: %v)", id, n, runs)
		}
	}
}
