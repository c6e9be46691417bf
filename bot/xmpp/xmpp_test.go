package xmpp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
)

// nopKV is a bot.KV that stores nothing; these tests never connect.
type nopKV struct{}

func (nopKV) Get(context.Context, string, string) (string, bool, error) { return "", false, nil }
func (nopKV) Set(context.Context, string, string, string) error         { return nil }
func (nopKV) Delete(context.Context, string, string) error              { return nil }
func (nopKV) List(context.Context, string) (map[string]string, error)   { return nil, nil }

func TestNewRefusesPlainTextOffLoopback(t *testing.T) {
	tests := []struct {
		server string
		ok     bool
	}{
		{"127.0.0.1:5222", true},
		{"[::1]:5222", true},
		{"localhost:5222", true},
		{"xmpp.example.org:5222", false},
		{"", false},
	}
	for _, tc := range tests {
		cfg := &config.XMPP{JID: "bot@example.org", Password: "x", Server: tc.server, TLS: "none"}
		_, err := New(cfg, nopKV{}, zerolog.Nop(), time.Now)
		if (err == nil) != tc.ok {
			t.Errorf("server %q: err = %v, want ok %v", tc.server, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "xmpp.tls") {
			t.Errorf("error should name the key: %v", err)
		}
	}
}

func TestSendWhileDisconnectedFails(t *testing.T) {
	cfg := &config.XMPP{JID: "bot@example.org", Password: "x", TLS: "starttls",
		Rooms: []config.XMPPRoom{{JID: "a@conference.example.org", Nick: "folkmoot"}}}
	tr, err := New(cfg, nopKV{}, zerolog.Nop(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	room := bot.Room{Protocol: bot.XMPP, ID: "a@conference.example.org"}
	if err := tr.Send(context.Background(), room, bot.Text("hi")); !errors.Is(err, errNotConnected) {
		t.Fatalf("Send = %v, want errNotConnected", err)
	}
	if _, err := tr.Upload(context.Background(), room, bot.File{Name: "f"}); !errors.Is(err, errNotConnected) {
		t.Fatalf("Upload = %v, want errNotConnected", err)
	}
	if ok, err := tr.IsRoomAdmin(context.Background(), room, bot.Member{ID: "ana@example.org"}); ok || err != nil {
		t.Fatalf("IsRoomAdmin for an absent member = %v, %v; want false, nil", ok, err)
	}
	if err := tr.Send(context.Background(), bot.Room{Protocol: bot.Matrix, ID: "!x:y"}, bot.Text("hi")); err == nil {
		t.Fatal("Send to a Matrix room must fail")
	}
}

func TestServerAddr(t *testing.T) {
	tests := []struct {
		server, mode, want string
	}{
		{"xmpp.example.org:5333", "starttls", "xmpp.example.org:5333"},
		{"xmpp.example.org", "starttls", "xmpp.example.org:5222"},
		{"xmpp.example.org", "direct", "xmpp.example.org:5223"},
		{"", "starttls", ""}, // SRV records decide
	}
	for _, tc := range tests {
		if got := serverAddr(tc.server, tc.mode); got != tc.want {
			t.Errorf("serverAddr(%q, %s) = %q; want %q", tc.server, tc.mode, got, tc.want)
		}
	}
}

func TestIsPermanent(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{errors.New("auth failure: not-authorized"), true},
		{errors.New("starttls handshake: tls: failed to verify certificate: x509: certificate signed by unknown authority"), true},
		{errors.New("xmpp: no matching SASL mechanisms found"), true},
		{errNotDirectTLS, true},
		{fmt.Errorf("login to x: %w: Unable to authorize you", errAuth), true},
		{errors.New("dial tcp 127.0.0.1:5222: connect: connection refused"), false},
		{errTimeout, false},
	}
	for _, tc := range tests {
		if got := isPermanent(tc.err); got != tc.want {
			t.Errorf("isPermanent(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
