package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain_Subcommands(t *testing.T) {
	dir := t.TempDir()
	xmppOnlyNone := filepath.Join(dir, "none.yaml")
	if err := os.WriteFile(xmppOnlyNone, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("timezone: Mars/Base\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		stdin      string
		wantCode   int
		wantOut    string
		wantErrOut string
	}{
		{name: "no args", args: nil, wantCode: 2, wantErrOut: "Usage:"},
		{name: "unknown", args: []string{"frobnicate"}, wantCode: 2, wantErrOut: `unknown command "frobnicate"`},
		{name: "version", args: []string{"version"}, wantOut: "folkmoot "},
		{name: "config example", args: []string{"config", "example"}, wantOut: "command_prefix:"},
		{name: "commands", args: []string{"commands"}, wantOut: "| `!help [all\\|section\\|command]` |"},
		{name: "run without networks", args: []string{"run", "--config", xmppOnlyNone}, wantCode: 1, wantErrOut: "configures neither matrix nor xmpp"},
		{name: "run with a bad key", args: []string{"run", "--config", bad}, wantCode: 1, wantErrOut: "timezone: not an IANA timezone"},
		{name: "run with a missing file", args: []string{"run", "--config", filepath.Join(dir, "nope.yaml")}, wantCode: 1, wantErrOut: "read config"},
		{name: "console", args: []string{"console", "--data", dir}, stdin: "!help\n!status\n!nonsense\n!tz Mars/Base\n", wantOut: "I don't know the timezone “Mars/Base”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(tt.args, strings.NewReader(tt.stdin), &out, &errOut)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.wantCode, errOut.String())
			}
			if !strings.Contains(out.String(), tt.wantOut) || !strings.Contains(errOut.String(), tt.wantErrOut) {
				t.Fatalf("stdout %q\nstderr %q\nwant %q / %q", out.String(), errOut.String(), tt.wantOut, tt.wantErrOut)
			}
		})
	}
}

func TestConsoleDoneWhen(t *testing.T) {
	// The walking skeleton's "done when": help, a status, a did-you-mean, a timezone error.
	var out, errOut bytes.Buffer
	code := Main([]string{"console", "--data", t.TempDir()}, strings.NewReader("!help\n!status\n!nonsense\n!tz Mars/Base\n!stauts\n"), &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	for _, want := range []string{"folkmoot commands", "Status of this room:", "Unknown command `!nonsense`", "I don't know the timezone “Mars/Base”", "Did you mean `!status`?"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("console output lacks %q:\n%s", want, out.String())
		}
	}
}
