package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"folkmoot/app"
	"folkmoot/config"
)

// A font the operator names that is missing or is not a font is said once at start, naming
// the file; folkmoot starts all the same.
func TestBadFontsAreLoggedAtStart(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.ttf")
	if err := os.WriteFile(junk, []byte("not a font at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing", "Amiri.ttf")
	cfg, err := config.Parse([]byte("data_dir: "+filepath.Join(dir, "data")+"\ndigests: {fonts: ["+junk+", "+missing+"]}\n"),
		func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	a, err := app.New(context.Background(), cfg, zerolog.New(&logs), time.Now)
	if err != nil {
		t.Fatalf("a bad font stopped the start: %v", err)
	}
	defer a.Close()
	for _, want := range []string{junk, missing} {
		found := false
		for _, l := range strings.Split(logs.String(), "\n") {
			found = found || (strings.Contains(l, `"level":"warn"`) && strings.Contains(l, want) &&
				strings.Contains(l, "cannot be used"))
		}
		if !found {
			t.Errorf("no warning naming %s at start:\n%s", want, logs.String())
		}
	}
}
