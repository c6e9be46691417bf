package matrix

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"maunium.net/go/mautrix"
	"maunium.net/go/mautrix/event"
	"maunium.net/go/mautrix/id"

	"folkmoot/bot"
	"folkmoot/config"
)

func TestMessageContent(t *testing.T) {
	ana := bot.Member{ID: "@ana:example.org", Name: "Ana"}
	ben := bot.Member{ID: "@ben:example.org"}
	tests := []struct {
		name         string
		reply        bot.Reply
		msgType      event.MessageType
		body         string
		formattedHas []string // substrings of formatted_body; nil means no HTML
		mentions     []id.UserID
		inReplyTo    id.EventID
	}{
		{name: "plain text", reply: bot.Text("Vote closed."), msgType: event.MsgText, body: "Vote closed.", formattedHas: []string{"Vote closed."}},
		{
			name:    "a right-to-left room's reply says its direction",
			reply:   bot.Say(bot.P(bot.At(bot.Member{ID: "@ana:example.org", Name: "Ana"}), ": سُجّل صوتك في ⁨#1⁩")),
			msgType: event.MsgText, body: "Ana: سُجّل صوتك في ⁨#1⁩",
			formattedHas: []string{`<div dir="rtl"><a href="https://matrix.to/#/@ana:example.org">Ana</a>: سُجّل`, "</div>"},
			mentions:     []id.UserID{"@ana:example.org"},
		},
		{name: "reply", reply: bot.Reply{Doc: bot.TextDoc("ok"), InReplyTo: "$cmd"}, msgType: event.MsgText, body: "ok", formattedHas: []string{"ok"}, inReplyTo: "$cmd"},
		{name: "notice", reply: bot.Notice("Rotation: Ana chairs."), msgType: event.MsgNotice, body: "Rotation: Ana chairs.", formattedHas: []string{"Rotation"}},
		{
			name:    "styled blocks keep a plain body",
			reply:   bot.Say(bot.P(bot.B("Results:"), " yes 3"), bot.Items(bot.L("ana"), bot.L("ben"))),
			msgType: event.MsgText, body: "Results: yes 3\n• ana\n• ben",
			formattedHas: []string{"<strong>Results:</strong> yes 3<ul><li>ana</li><li>ben</li></ul>"},
		},
		{
			name:    "a person's text is never markup",
			reply:   bot.Say(bot.P("Question: ", bot.Q("<b>x</b> **x** *x* `x` <script>x</script>"))),
			msgType: event.MsgText, body: "Question: <b>x</b> **x** *x* `x` <script>x</script>",
			formattedHas: []string{"Question: &lt;b&gt;x&lt;/b&gt; **x** *x* `x` &lt;script&gt;x&lt;/script&gt;"},
		},
		{
			name:    "mention by ID in the text becomes a pill",
			reply:   bot.Mentioning("your turn, @ana:example.org", ana),
			msgType: event.MsgText, body: "your turn, @ana:example.org",
			formattedHas: []string{`your turn, <a href="https://matrix.to/#/@ana:example.org">@ana:example.org</a>`},
			mentions:     []id.UserID{"@ana:example.org"},
		},
		{
			name:    "mention by name",
			reply:   bot.Say(bot.P(bot.At(ana), " speaks next")),
			msgType: event.MsgText, body: "Ana speaks next",
			formattedHas: []string{`<a href="https://matrix.to/#/@ana:example.org">Ana</a> speaks next`},
			mentions:     []id.UserID{"@ana:example.org"},
		},
		{
			name:    "mention absent from the text goes in front",
			reply:   bot.Mentioning("the vote closes in 5 minutes", ana, ben),
			msgType: event.MsgText, body: "Ana, @ben:example.org: the vote closes in 5 minutes",
			formattedHas: []string{`<a href="https://matrix.to/#/@ana:example.org">Ana</a>, <a href="https://matrix.to/#/@ben:example.org">@ben:example.org</a>: the vote`},
			mentions:     []id.UserID{"@ana:example.org", "@ben:example.org"},
		},
		{
			name:    "an addressee outside the document goes in front",
			reply:   bot.Reply{Doc: bot.TextDoc("the vote closes in 5 minutes"), Mentions: []bot.Member{ana}},
			msgType: event.MsgText, body: "Ana: the vote closes in 5 minutes",
			formattedHas: []string{`<a href="https://matrix.to/#/@ana:example.org">Ana</a>: the vote`},
			mentions:     []id.UserID{"@ana:example.org"},
		},
		{
			name:    "only the addressees the document does not show go in front",
			reply:   bot.Reply{Doc: bot.NewDoc(bot.P(bot.At(ana), " chairs")), Mentions: []bot.Member{ana, ben}},
			msgType: event.MsgText, body: "@ben:example.org: Ana chairs",
			formattedHas: []string{`<a href="https://matrix.to/#/@ben:example.org">@ben:example.org</a>: <a href="https://matrix.to/#/@ana:example.org">Ana</a> chairs`},
			mentions:     []id.UserID{"@ana:example.org", "@ben:example.org"},
		},
		{
			name:    "text with HTML characters is escaped around pills",
			reply:   bot.Mentioning("<3 @ben:example.org\nbye", ben),
			msgType: event.MsgText, body: "<3 @ben:example.org\nbye",
			formattedHas: []string{`&lt;3 <a href="https://matrix.to/#/@ben:example.org">@ben:example.org</a><br>bye`},
			mentions:     []id.UserID{"@ben:example.org"},
		},
		{
			name: "a name that looks like HTML cannot corrupt an earlier pill",
			reply: bot.Mentioning("href and a", bot.Member{ID: "@h:example.org", Name: "href"},
				bot.Member{ID: "@a:example.org", Name: "a"}),
			msgType: event.MsgText, body: "href and a",
			formattedHas: []string{`<a href="https://matrix.to/#/@h:example.org">href</a> and <a href="https://matrix.to/#/@a:example.org">a</a>`},
			mentions:     []id.UserID{"@h:example.org", "@a:example.org"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := messageContent(tt.reply)
			if c.MsgType != tt.msgType || c.Body != tt.body {
				t.Errorf("got %s %q, want %s %q", c.MsgType, c.Body, tt.msgType, tt.body)
			}
			if tt.formattedHas == nil && (c.FormattedBody != "" || c.Format != "") {
				t.Errorf("unexpected HTML %q", c.FormattedBody)
			}
			for _, want := range tt.formattedHas {
				if c.Format != event.FormatHTML || !strings.Contains(c.FormattedBody, want) {
					t.Errorf("formatted_body %q does not contain %q", c.FormattedBody, want)
				}
			}
			if c.Mentions == nil || len(c.Mentions.UserIDs) != len(tt.mentions) {
				t.Fatalf("m.mentions = %+v, want %v", c.Mentions, tt.mentions)
			}
			for _, u := range tt.mentions {
				if !c.Mentions.Has(u) {
					t.Errorf("m.mentions lacks %s", u)
				}
			}
			if got := c.RelatesTo.GetReplyTo(); got != tt.inReplyTo {
				t.Errorf("in_reply_to = %q, want %q", got, tt.inReplyTo)
			}
		})
	}
}

func TestMatrixRoom(t *testing.T) {
	tests := []struct {
		room bot.Room
		ok   bool
	}{
		{bot.Room{Protocol: bot.Matrix, ID: "!abc:example.org"}, true},
		{bot.Room{Protocol: bot.XMPP, ID: "!abc:example.org"}, false},
		{bot.Room{Protocol: bot.Matrix, ID: "#alias:example.org"}, false},
	}
	for _, tt := range tests {
		if _, err := matrixRoom(tt.room); (err == nil) != tt.ok {
			t.Errorf("matrixRoom(%v) error = %v, want ok=%v", tt.room, err, tt.ok)
		}
	}
}

// A queued reply keeps one transaction ID for every attempt in a room (the homeserver stores
// a retried send once), another in another room, and no two replies share one.
func TestAReplysTransactionIDIsStable(t *testing.T) {
	tr := &Transport{cli: &mautrix.Client{}}
	a := bot.Reply{Doc: bot.TextDoc("Zoë 🌻 agreed"), Key: "k1"}
	room, other := id.RoomID("!a:example.org"), id.RoomID("!direct:example.org")
	if tr.txnFor(a, room) != tr.txnFor(a, room) {
		t.Fatal("two attempts of one reply got two transaction IDs")
	}
	if tr.txnFor(a, room) == tr.txnFor(a, other) {
		t.Fatal("one reply in two rooms shares a transaction ID")
	}
	if tr.txnFor(a, room) == tr.txnFor(bot.Reply{Key: "k2"}, room) {
		t.Fatal("two replies share a transaction ID")
	}
}

// TestLoadStateKeepsWhatTheSyncStored: a room's state fetched while the sync runs may be
// older than what the sync already stored. The snapshot fills in what the store does not
// know (a member never seen, the encryption) and never takes a member back from "joined,
// named" to the snapshot's "invited, nameless" – the member would be shown by their ID.
func TestLoadStateKeepsWhatTheSyncStored(t *testing.T) {
	const room = id.RoomID("!assembly:example.org")
	bob, dana := id.UserID("@bob:example.org"), id.UserID("@dana:example.org")
	stale := `[
	 {"type":"m.room.encryption","state_key":"","content":{"algorithm":"m.megolm.v1.aes-sha2"},"sender":"@ana:example.org","event_id":"$1"},
	 {"type":"m.room.member","state_key":"@bob:example.org","content":{"membership":"invite"},"sender":"@ana:example.org","event_id":"$2"},
	 {"type":"m.room.member","state_key":"@dana:example.org","content":{"membership":"join","displayname":"Zoë 🌻"},"sender":"@dana:example.org","event_id":"$3"}]`
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/state") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(stale))
	}))
	defer hs.Close()
	cfg := &config.Matrix{Homeserver: hs.URL, UserID: "@folkmoot:example.org", AccessToken: "token", Encryption: new(bool)}
	tr, err := New(cfg, filepath.Join(t.TempDir(), "folkmoot.db"), newMemKV(), zerolog.Nop(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	must(t, tr.state.SetMember(ctx, room, bob, &event.MemberEventContent{Membership: event.MembershipJoin, Displayname: "Bob"}))

	encrypted, err := tr.loadState(ctx, room)
	if err != nil {
		t.Fatal(err)
	}
	if !encrypted {
		t.Error("the room's encryption was not learned from its state")
	}
	if m := tr.member(ctx, room, bob); m.Name != "Bob" {
		t.Errorf("bob, joined in the store, is shown as %q after a stale snapshot; want Bob", m.Name)
	}
	if m := tr.member(ctx, room, dana); m.Name != "Zoë 🌻" {
		t.Errorf("dana, unknown to the store, is shown as %q; want the snapshot's Zoë 🌻", m.Name)
	}
}
