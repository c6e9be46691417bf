package archive_test

import (
	"bytes"
	"folkmoot/printtest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteInABrowser: headless Chromium opens the site's index and a meeting page from
// file://, takes a screenshot of each and prints each to PDF; the PDFs have pages and
// their text has the page's words, a member's markup printed as text.
func TestSiteInABrowser(t *testing.T) {
	printtest.Tool(t, "chromium")
	printtest.Tool(t, "pdfinfo")
	printtest.Tool(t, "pdftotext")
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
			printtest.Chromium(t, "file://"+pg.path, "--window-size=1024,1400", "--screenshot="+png)
			printtest.Chromium(t, "file://"+pg.path, "--print-to-pdf="+pdf)
			b, err := os.ReadFile(png)
			if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
				t.Errorf("screenshot: %d bytes, %v", len(b), err)
			}
			info := printtest.Run(t, "pdfinfo", pdf)
			if !strings.Contains(info, "Pages:") || strings.Contains(info, "Pages:          0") {
				t.Errorf("pdfinfo: %s", info)
			}
			text := strings.Join(strings.Fields(printtest.Run(t, "pdftotext", "-enc", "UTF-8", pdf, "-")), " ")
			for _, want := range pg.want {
				if !strings.Contains(text, want) {
					t.Errorf("printed page lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// run runs a tool with a deadline and returns its standard output.
