package matrix

import (
	"context"
	"testing"
	"time"

	"maunium.net/go/mautrix/event"
)

// Download fetches the file of an m.file (or m.image...) message as the person's client
// would: an encrypted file is downloaded and decrypted with the key its event carries, a
// plain one downloaded as it is. encrypted reports which it was.
func (p *Person) Download(t *testing.T, c *event.MessageEventContent) (data []byte, encrypted bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if c.File != nil {
		data, err := p.p.cli.DownloadBytes(ctx, c.File.URL.ParseOrIgnore())
		if err != nil {
			t.Fatalf("%s downloads %s: %v", p.ID(), c.FileName, err)
		}
		if err := c.File.DecryptInPlace(data); err != nil {
			t.Fatalf("%s decrypts %s: %v", p.ID(), c.FileName, err)
		}
		return data, true
	}
	data, err := p.p.cli.DownloadBytes(ctx, c.URL.ParseOrIgnore())
	if err != nil {
		t.Fatalf("%s downloads %s: %v", p.ID(), c.FileName, err)
	}
	return data, false
}
