package xmpp

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

var t0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func TestSeenRecordCatchUp(t *testing.T) {
	rec := seenRecord{First: t0.Add(300 * time.Millisecond), At: t0.Add(5 * time.Minute), IDs: []string{"a", "b"}}
	now := t0.Add(10 * time.Minute)
	window := 15 * time.Minute
	tests := []struct {
		name string
		id   string
		said time.Time
		want bool
	}{
		{"said while away", "c", t0.Add(6 * time.Minute), true},
		{"already handled", "b", t0.Add(6 * time.Minute), false},
		{"before the first join", "c", t0.Add(-time.Second), false},
		{"older than the window", "c", now.Add(-16 * time.Minute), false},
		{"well before the last handled message", "c", t0.Add(4 * time.Minute), false},
		{"just before the last handled one (clock skew)", "c", t0.Add(5*time.Minute - 10*time.Second), true},
		{"no ID, after the last handled", "", t0.Add(6 * time.Minute), true},
		{"no ID, at the last handled", "", t0.Add(5 * time.Minute), false},
		{"no stamp", "c", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := rec.catchUp(tc.id, tc.said, now, window); got != tc.want {
				t.Fatalf("catchUp(%q, %v) = %v, want %v", tc.id, tc.said, got, tc.want)
			}
		})
	}
	// Said in the second of the first join, before any other message: the first join's
	// history (noted as seen) tells whether it came before the bot.
	if !(seenRecord{First: t0.Add(300 * time.Millisecond)}).catchUp("c", t0, now, window) {
		t.Fatal("a message stamped with the second of the first join, unseen, must be caught up")
	}
	if (seenRecord{}).catchUp("c", t0, now, window) {
		t.Fatal("a room never joined must not run its history")
	}
}

func TestSeenRecordKeepsRecentIDs(t *testing.T) {
	var rec seenRecord
	for i := range seenIDs + 10 {
		rec.add(string(rune('A'+i%26))+string(rune('a'+i/26)), t0.Add(time.Duration(i)*time.Second))
	}
	if len(rec.IDs) != seenIDs || rec.has("Aa") || !rec.has(rec.IDs[seenIDs-1]) {
		t.Fatalf("kept %d IDs (%v), want the latest %d", len(rec.IDs), rec.IDs[:3], seenIDs)
	}
	if want := t0.Add(time.Duration(seenIDs+9) * time.Second); !rec.At.Equal(want) {
		t.Fatalf("At = %v, want %v", rec.At, want)
	}
}

func TestLedgerHistorySince(t *testing.T) {
	ctx := context.Background()
	kv := newMemKV()
	l, err := loadLedger(ctx, kv, zerolog.Nop(), t0)
	if err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	if got := l.historySince("r@c", now, 15*time.Minute); !got.Equal(now.Add(-time.Minute - 2*time.Second)) {
		t.Fatalf("first join: since %v, want a minute back (to note it as seen)", got)
	}
	l.joined(ctx, "r@c", t0)
	l.handled(ctx, "r@c", "m1", now.Add(-5*time.Minute+500*time.Millisecond))
	if got := l.historySince("r@c", now, 15*time.Minute); !got.Equal(now.Add(-5*time.Minute - 2*time.Second)) {
		t.Fatalf("since the last message seen: %v", got)
	}
	l.handled(ctx, "r@c", "m0", now.Add(-time.Hour))
	if got := l.historySince("r@c", now, 15*time.Minute); !got.Equal(now.Add(-5*time.Minute - 2*time.Second)) {
		t.Fatalf("an older message must not move it back: %v", got)
	}
	if err := l.writing(ctx, "k", pendingRecord{Room: "r@c", OriginID: "o", At: now.Add(-30 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	if got := l.historySince("r@c", now, 15*time.Minute); !got.Equal(now.Add(-30*time.Minute - 2*time.Second)) {
		t.Fatalf("an unconfirmed reply must be looked for: since %v", got)
	}

	// A new process finds the same records; old unconfirmed replies are dropped.
	if err := l.writing(ctx, "old", pendingRecord{Room: "r@c", OriginID: "x", At: now.Add(-8 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	again, err := loadLedger(ctx, kv, zerolog.Nop(), now)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := again.pendingFor("k"); !ok {
		t.Fatal("the unconfirmed reply was not remembered")
	}
	if _, ok := again.pendingFor("old"); ok {
		t.Fatal("a week-old unconfirmed reply should be dropped")
	}
	if !again.seenIn("r@c").has("m1") {
		t.Fatal("the messages seen were not remembered")
	}
	again.settled(ctx, "k")
	if saved, _ := kv.List(ctx, kvPending); len(saved) != 0 {
		t.Fatalf("settled replies stay in the store: %v", saved)
	}
}

func TestLedgerQueuedIsNotCaughtUpTwice(t *testing.T) {
	ctx := context.Background()
	l, _ := loadLedger(ctx, newMemKV(), zerolog.Nop(), t0)
	l.joined(ctx, "r@c", t0)
	said, now := t0.Add(time.Minute), t0.Add(2*time.Minute)
	l.queued("r@c", "m", true)
	if l.catchUp("r@c", "m", said, now, time.Hour) {
		t.Fatal("a message waiting in the queue must not be queued again by a rejoin")
	}
	l.queued("r@c", "m", false)
	if !l.catchUp("r@c", "m", said, now, time.Hour) {
		t.Fatal("once out of the queue unhandled (a stop), it is caught up next time")
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
			if err := tr.ledger.writing(ctx, "k", pendingRecord{Room: testRoom, OriginID: "fm-first", At: t0.Add(-tc.age)}); err != nil {
				t.Fatal(err)
			}
			if tc.roomHas {
				tg.r.noteOwn("fm-first")
			}
			err = tr.sendOnce(ctx, tg, "k", outgoing{to: testRoom, typ: "groupchat", body: "echo"})
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("sendOnce: %v, want %q", err, tc.wantErr)
			}
			p, pending := tr.ledger.pendingFor("k")
			if reposted := pending && p.At.Equal(t0); reposted != tc.reposted || pending && p.OriginID != "fm-first" {
				t.Errorf("pending %+v (%v); want reposted %v under the first origin-id", p, pending, tc.reposted)
			}
		})
	}
}
