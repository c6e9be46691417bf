package archive_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTool finds a tool the test drives. Without it the test skips, unless
// FOLKMOOT_REQUIRE_SERVERS=1 says the environment promised it (CI, scripts/test.sh;
// scripts/print-tools.sh installs it).
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	msg := fmt.Sprintf("%s not installed (scripts/print-tools.sh installs it)", name)
	if os.Getenv("FOLKMOOT_REQUIRE_SERVERS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// chromium runs headless Chromium offline on a page of the site, with args.
func chromium(t *testing.T, page string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
		"--user-data-dir=" + filepath.Join(t.TempDir(), "profile")}, args...)
	cmd := exec.CommandContext(ctx, needTool(t, "chromium"), append(all, "file://"+page)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, msg)
	}
}

// TestSiteInABrowser: headless Chromium opens the site's index and a meeting page from
// file://, takes a screenshot of each and prints each to PDF; the PDFs have pages and
// their text has the page's words, a member's markup printed as text.
func TestSiteInABrowser(t *testing.T) {
	needTool(t, "chromium")
	needTool(t, "pdfinfo")
	needTool(t, "pdftotext")
	kit, room, _ := publicKit(t)
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := buildWith(kit, dir); err != nil {
		t.Fatal(err)
	}
	meetings, _ := filepath.Glob(filepath.Join(dir, roomFolder(room), "meetings", "*.html"))
	if len(meetings) != 1 {
		t.Fatalf("meeting pages: %v", meetings)
	}
	pages := []struct {
		name, path string
		want       []string
	}{
		{"index", filepath.Join(dir, "index.html"), []string{"Public archive", "Rooms", "assembly", "2026"}},
		{"meeting", meetings[0], []string{"<script>alert(1)</script>", "Zoë", "paint it <i>green</i>"}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			out := t.TempDir()
			png, pdf := filepath.Join(out, "shot.png"), filepath.Join(out, "page.pdf")
			chromium(t, pg.path, "--window-size=1024,1400", "--screenshot="+png)
			chromium(t, pg.path, "--print-to-pdf="+pdf)
			b, err := os.ReadFile(png)
			if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("screenshot: %d bytes, %v", len(b), err)
			}
			info := run(t, "pdfinfo", pdf)
			if !strings.Contains(info, "Pages:") || strings.Contains(info, "Pages:          0") {
				t.Errorf("pdfinfo: %s", info)
			}
			text := strings.Join(strings.Fields(run(t, "pdftotext", "-enc", "UTF-8", pdf, "-")), " ")
			for _, want := range pg.want {
				if !strings.Contains(text, want) {
					t.Errorf("printed page lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// run runs a tool with a deadline and returns its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, needTool(t, name), args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}
