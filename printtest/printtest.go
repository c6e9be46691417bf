// Package printtest finds the print tools that the tests of printed output drive (poppler's
// pdftotext and pdfinfo, headless Chromium) and runs them with a deadline. Without a tool a
// test skips, unless FOLKMOOT_REQUIRE_SERVERS=1 says the environment promised it (make test
// runs scripts/print-tools.sh first).
package printtest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// deadline bounds one run of a tool.
const deadline = 2 * time.Minute

// Tool is the path of a command-line tool, or skips (fails where promised) without it.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	SkipOrFail(t, fmt.Sprintf("%s not installed (scripts/print-tools.sh installs it)", name))
	return ""
}

// SkipOrFail skips the test for a missing tool or font, or fails it where the environment
// promised everything.
func SkipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// Run runs a tool with args and returns what it wrote to its standard output; anything on
// its standard error (a "Syntax Error" of poppler's) fails the test: the file must read
// cleanly.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	cmd := exec.CommandContext(ctx, Tool(t, name), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("%s %v complained:\n%s", name, args, stderr.String())
	}
	return string(out)
}

// Chromium runs headless Chromium on url with args (--print-to-pdf=…, --screenshot=…),
// offline: without the background-networking flags it tries to reach the internet, and
// without --no-pdf-header-footer it stamps the date and URL on every printed page.
func Chromium(t testing.TB, url string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
		"--user-data-dir=" + filepath.Join(t.TempDir(), "profile")}, args...)
	cmd := exec.CommandContext(ctx, Tool(t, "chromium"), append(all, url)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, msg)
	}
}
