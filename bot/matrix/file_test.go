package matrix

import (
	"errors"
	"io"
	"testing"

	"folkmoot/bot"
)

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A file is read whole up to maxUpload; a larger one is undeliverable, in any room, which
// UploadPrivate must know before it gives up on a direct room.
func TestReadUpload(t *testing.T) {
	tests := []struct {
		name    string
		size    int64
		tooLong bool
	}{
		{"empty", 0, false},
		{"small", 934, false},
		{"at the limit", maxUpload, false},
		{"a byte over", maxUpload + 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := readUpload(bot.File{Name: "data.txt", Content: io.LimitReader(zeros{}, tc.size)})
			if tc.tooLong {
				if !errors.Is(err, bot.ErrUndeliverable) {
					t.Fatalf("err = %v, want undeliverable", err)
				}
				return
			}
			if err != nil || int64(len(data)) != tc.size {
				t.Fatalf("read %d bytes, err %v; want %d", len(data), err, tc.size)
			}
		})
	}
}
