package bot

import "testing"

func TestStripAddress(t *testing.T) {
	names := []string{"folkmoot", "folkmoot:example.org"}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"folkmoot: help", "help", true},
		{"@folkmoot, help", "help", true},
		{"@folkmoot help", "help", true},
		{"folkmoot is great", "folkmoot is great", false},
		{"@folkmoot:example.org: !help", "!help", true},
		{"folkmoots are here", "folkmoots are here", false},
		{"FOLKMOOT:", "", true},
		{"hello", "hello", false},
	}
	for _, tt := range tests {
		got, ok := StripAddress(tt.in, names...)
		if got != tt.want || ok != tt.ok {
			t.Errorf("StripAddress(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// A room of another network is named as folkmoot writes it, bare, or by the link a client
// copies for it.
func TestParseRoomAddress(t *testing.T) {
	tests := []struct {
		in   string
		want Room
		ok   bool
	}{
		{"!abc:example.org", Room{Matrix, "!abc:example.org"}, true},
		{"matrix:!abc:example.org", Room{Matrix, "!abc:example.org"}, true},
		{"north@conference.example.org", Room{XMPP, "north@conference.example.org"}, true},
		{"xmpp:north@conference.example.org", Room{XMPP, "north@conference.example.org"}, true},
		{"north", Room{Console, "north"}, true},
		{"console:north", Room{Console, "north"}, true},
		{"", Room{}, false},
		// Links from clients.
		{"xmpp:north@conference.example.org?join", Room{XMPP, "north@conference.example.org"}, true},
		{"XMPP:north@conference.example.org?join", Room{XMPP, "north@conference.example.org"}, true},
		{"xmpp:caf%C3%A9@conference.example.org?join", Room{XMPP, "café@conference.example.org"}, true},
		{"matrix:roomid/abc:example.org?via=example.org", Room{Matrix, "!abc:example.org"}, true},
		{"matrix:roomid/abc:example.org/e/def?via=example.org", Room{Matrix, "!abc:example.org"}, true},
		{"https://matrix.to/#/!abc:example.org?via=example.org", Room{Matrix, "!abc:example.org"}, true},
		{"https://matrix.to/#/%21abc%3Aexample.org", Room{Matrix, "!abc:example.org"}, true},
		{"https://matrix.to/#/!abc:example.org/$event?via=example.org", Room{Matrix, "!abc:example.org"}, true},
		// An alias link gives the alias, which the commands refuse with what to say instead.
		{"https://matrix.to/#/#north:example.org", Room{Matrix, "#north:example.org"}, true},
		// A gateway's room keeps its "#" and "%" in our own form.
		{"xmpp:#chan%irc.example.org@irc.example.org", Room{XMPP, "#chan%irc.example.org@irc.example.org"}, true},
	}
	for _, tt := range tests {
		got, ok := ParseRoomAddress(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRoomAddress(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
