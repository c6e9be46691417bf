package matrix

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"folkmoot/bot"
)

func TestParsePollResponse(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		pollID  string
		options []string
		ok      bool
	}{
		{"msc3381", `{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"org.matrix.msc3381.poll.response":{"answers":["a"]}}`, "$p", []string{"a"}, true},
		{"stable", `{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"m.selections":["a","b"]}`, "$p", []string{"a", "b"}, true},
		{"retraction", `{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"m.selections":[]}`, "$p", []string{}, true},
		{"null answers mean a retraction", `{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"org.matrix.msc3381.poll.response":{}}`, "$p", []string{}, true},
		{"not a reference", `{"m.relates_to":{"rel_type":"m.annotation","event_id":"$p"},"m.selections":["a"]}`, "", nil, false},
		{"no poll", `{"m.selections":["a"]}`, "", nil, false},
		{"no answers at all", `{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"}}`, "", nil, false},
		{"not JSON", `{`, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pollID, options, ok := parsePollResponse([]byte(tt.raw))
			if pollID != tt.pollID || ok != tt.ok || !slices.Equal(options, tt.options) || (ok && options == nil) {
				t.Errorf("got %q %v %v, want %q %v %v", pollID, options, ok, tt.pollID, tt.options, tt.ok)
			}
		})
	}
}

func FuzzParsePollResponse(f *testing.F) {
	f.Add(`{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"m.selections":["a"]}`)
	f.Add(`{"m.relates_to":{"rel_type":"m.reference","event_id":"$p"},"org.matrix.msc3381.poll.response":{"answers":["a"]}}`)
	f.Fuzz(func(t *testing.T, raw string) {
		pollID, options, ok := parsePollResponse([]byte(raw))
		if ok && (pollID == "" || options == nil) {
			t.Errorf("accepted %q with poll %q options %v", raw, pollID, options)
		}
		if !ok && (pollID != "" || options != nil) {
			t.Errorf("rejected %q but returned data", raw)
		}
	})
}

func TestPollStart(t *testing.T) {
	opts := []bot.PollOption{{ID: "y", Text: "Yes"}, {ID: "n", Text: "No"}}
	c, err := pollStart(bot.Poll{Question: "Picnic?", Options: opts, MaxSelections: 5})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(c)
	var back map[string]any
	_ = json.Unmarshal(raw, &back)
	start, _ := back["org.matrix.msc3381.poll.start"].(map[string]any)
	if start["kind"] != kindUndisclosed || start["max_selections"] != 2.0 {
		t.Errorf("poll start = %s", raw)
	}
	if back["org.matrix.msc1767.text"] != "Picnic?\n1. Yes\n2. No" {
		t.Errorf("fallback = %q", back["org.matrix.msc1767.text"])
	}
	for _, bad := range []bot.Poll{
		{Question: "", Options: opts},
		{Question: "Only one?", Options: opts[:1]},
		{Question: "No IDs?", Options: []bot.PollOption{{Text: "a"}, {Text: "b"}}},
	} {
		if _, err := pollStart(bad); err == nil {
			t.Errorf("pollStart(%+v) accepted", bad)
		}
	}
}

// An event derived from what it is about (a poll's start from its outbox item, a poll's end
// from the poll) has one transaction ID for every attempt, and each its own.
func TestStableTxn(t *testing.T) {
	a, b := stableTxn("folkmoot-poll-end-", "$abc:example.org"), stableTxn("folkmoot-poll-end-", "$abd:example.org")
	if a != stableTxn("folkmoot-poll-end-", "$abc:example.org") {
		t.Error("two attempts to end one poll have different transaction IDs")
	}
	if a == b {
		t.Error("two polls share the transaction ID of their end")
	}
	if strings.Trim(a, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		t.Errorf("transaction ID %q is not plain", a)
	}
}
