package host

import (
	"testing"

	"folkmoot/bot"
	"folkmoot/config"
)

func TestMayInvite(t *testing.T) {
	cfg := config.Default()
	cfg.Admins = []string{"@root:example.org", "Root@example.org"}
	cfg.Matrix = &config.Matrix{AutojoinFrom: []string{"@*:example.org", "@ana:other.org", "[bad"}}
	tests := []struct {
		protocol bot.Protocol
		inviter  string
		want     bool
	}{
		{bot.Matrix, "@ben:example.org", true},
		{bot.Matrix, "@ana:other.org", true},
		{bot.Matrix, "@ben:other.org", false},
		{bot.Matrix, "@ben:example.org.evil", false},
		{bot.Matrix, "@ben:evil.org", false},
		{bot.Matrix, "@root:example.org", true},
		{bot.XMPP, "root@example.org", true}, // a JID's address is case-insensitive
		{bot.XMPP, "ben@example.org", false}, // autojoin_from is Matrix's
		{bot.XMPP, "@ben:example.org", false},
	}
	for _, tt := range tests {
		if got := mayInvite(cfg, tt.protocol, tt.inviter); got != tt.want {
			t.Errorf("mayInvite(%s, %s) = %v, want %v", tt.protocol, tt.inviter, got, tt.want)
		}
	}
	cfg.Admins, cfg.Matrix.AutojoinFrom = nil, nil
	if mayInvite(cfg, bot.Matrix, "@ben:example.org") {
		t.Error("with no admins and an empty autojoin_from, no one may invite the bot")
	}
}
