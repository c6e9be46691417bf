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

// The console says where its data is and whether it goes on from an earlier session; --fresh
// starts anew and keeps the earlier data aside, and leaves a folder that is not folkmoot's
// alone.
func TestConsoleSaysWhereItsDataIs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "folkmoot-data")
	run := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		var out, errOut bytes.Buffer
		code := Main(append([]string{"console", "--data", dir}, args...), strings.NewReader(stdin), &out, &errOut)
		return out.String(), errOut.String(), code
	}
	first, _, _ := run("!tz Asia/Tokyo\n")
	if !strings.HasPrefix(first, "Data: "+dir+", new") {
		t.Fatalf("a first run says %q", first)
	}
	second, _, _ := run("!tz\n")
	if want := "Data: " + dir + ", from an earlier session, which goes on here (--fresh starts anew"; !strings.HasPrefix(second, want) {
		t.Errorf("a second run says %q, want %q", strings.SplitN(second, "\n", 2)[0], want)
	}
	if !strings.Contains(second, "Asia/Tokyo") {
		t.Errorf("the second run forgot the first's timezone:\n%s", second)
	}
	fresh, _, code := run("!tz\n", "--fresh")
	if code != 0 || !strings.HasPrefix(fresh, "Data: "+dir+", new (the earlier session is kept in "+dir+".old-") {
		t.Fatalf("--fresh (exit %d) says %q", code, fresh)
	}
	if strings.Contains(fresh, "Asia/Tokyo") {
		t.Errorf("--fresh kept the earlier timezone:\n%s", fresh)
	}
	kept, _ := filepath.Glob(dir + ".old-*/folkmoot.db")
	if len(kept) != 1 {
		t.Errorf("the earlier data is not kept aside: %v", kept)
	}

	// A folder that is not folkmoot's data is never moved.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "thesis.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code = Main([]string{"console", "--data", other, "--fresh"}, strings.NewReader(""), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "holds no folkmoot.db, so it is not folkmoot's data; leaving it alone") {
		t.Errorf("--fresh on another folder: exit %d, %q", code, errOut.String())
	}
	if _, err := os.Stat(filepath.Join(other, "thesis.txt")); err != nil {
		t.Errorf("--fresh touched a folder that is not folkmoot's: %v", err)
	}
	// A folder that does not exist yet is simply new.
	out.Reset()
	if code := Main([]string{"console", "--data", filepath.Join(other, "new"), "--fresh"}, strings.NewReader(""), &out, &errOut); code != 0 ||
		!strings.HasPrefix(out.String(), "Data: "+filepath.Join(other, "new")+", new.") {
		t.Errorf("--fresh on a new folder: exit %d, %q", code, out.String())
	}
}

// A database_url whose server cannot be reached stops the start at once, naming the host,
// with a non-zero exit and without the password.
func TestUnreachableDatabaseStopsTheStart(t *testing.T) {
	t.Setenv("FOLKMOOT_DATABASE_URL", "postgres://folkmoot:s3cret@127.0.0.1:1/folkmoot?connect_timeout=2")
	var out, errOut bytes.Buffer
	code := Main([]string{"console"}, strings.NewReader("!help\n"), &out, &errOut)
	if code == 0 || !strings.Contains(errOut.String(), "cannot reach the PostgreSQL server 127.0.0.1:1") ||
		strings.Contains(errOut.String()+out.String(), "s3cret") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}
