package xmpp

import (
	"testing"

	"folkmoot/config"
)

// A mediated invitation is honoured only from a room service the bot's server vouches for:
// any other room could claim any inviter.
func TestVouchedRoomService(t *testing.T) {
	tr := &Transport{domain: "example.org", cfg: &config.XMPP{Rooms: []config.XMPPRoom{{JID: "assembly@muc.partner.net"}}}}
	tests := []struct {
		room string
		want bool
	}{
		{"r@conference.example.org", true},
		{"r@example.org", true},
		{"r@muc.partner.net", true},
		{"r@conference.evil.example", false},
		{"r@example.org.evil.net", false},
		{"no-domain", false},
	}
	for _, tt := range tests {
		if got := tr.vouchedRoomService(tt.room); got != tt.want {
			t.Errorf("vouchedRoomService(%q) = %v, want %v", tt.room, got, tt.want)
		}
	}
}
