package meetings

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/minutes"
	"folkmoot/store"
)

// logExt is the extension of a meeting's full log beside its minutes.
const logExt = "log.txt"

// mimeTypes are the files' types for uploads.
var mimeTypes = map[string]string{
	"pdf": "application/pdf", "html": "text/html; charset=utf-8", "txt": "text/plain; charset=utf-8",
	logExt: "text/plain; charset=utf-8",
}

// output is one file written to the digests folder.
type output struct {
	Path string // absolute (or as configured) path on disk
	Ext  string
	Size int64
}

// options are the renderers' options from the config.
func options(cfg *config.Config) minutes.Options {
	if strings.EqualFold(cfg.Digests.Paper, "letter") {
		return minutes.Options{Paper: minutes.Letter}
	}
	return minutes.Options{Paper: minutes.A4}
}

// formats are the configured formats, pdf, html and txt when none is.
func formats(cfg *config.Config) []string {
	if len(cfg.Digests.Formats) == 0 {
		return []string{"pdf", "html", "txt"}
	}
	out := make([]string, 0, len(cfg.Digests.Formats))
	for _, f := range cfg.Digests.Formats {
		out = append(out, strings.ToLower(f))
	}
	return out
}

// digestsDir is the configured digests folder, <data_dir>/digests when none is.
func digestsDir(cfg *config.Config) string { return cfg.DigestsDir() }

// RoomDir is a room's folder name under the digests folder: its address with every
// character that is not a letter, digit, dot or dash made a dash (no separators, no ".."),
// and a short hash of the full address so two rooms never share a folder.
func RoomDir(room bot.Room) string {
	var b strings.Builder
	dash := false
	for _, r := range room.Key() {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '.' && b.Len() > 0 && !dash) {
			b.WriteRune(unicode.ToLower(r))
			dash = false
		} else if b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	slug := strings.Trim(strings.ReplaceAll(b.String(), "..", "-"), ".-")
	sum := sha256.Sum256([]byte(room.Key()))
	if slug == "" {
		return hex.EncodeToString(sum[:4])
	}
	return slug + "-" + hex.EncodeToString(sum[:4])
}

// minutesBase chooses the path, relative to the digests folder and without extension, of a
// new meeting's files: <room>/<YYYY>/<YYYY-MM-DD-HHMM>-<title>, free in every extension.
func minutesBase(cfg *config.Config, m store.Meeting, loc *time.Location) (string, error) {
	start := m.Start.In(loc)
	rel := filepath.Join(RoomDir(m.Room), start.Format("2006"))
	dir := filepath.Join(digestsDir(cfg), rel)
	exts := append(formats(cfg), logExt)
	name, err := minutes.UniqueFileName(minutes.FileName(start, m.Title, ""), func(base string) bool {
		for _, e := range exts {
			if _, err := os.Lstat(filepath.Join(dir, base+"."+e)); err == nil {
				return true
			}
		}
		return false
	})
	if err != nil {
		return "", err
	}
	return filepath.Join(rel, name), nil
}

// writeMinutes renders a meeting's minutes in every configured format and writes them, with
// the full log, beside each other under base (relative to the digests folder).
func writeMinutes(ctx context.Context, cfg *config.Config, q store.Querier, meetingID int64, mm *minutes.Meeting, base string) ([]output, error) {
	abs := filepath.Join(digestsDir(cfg), base)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("minutes folder: %w", err)
	}
	var out []output
	for _, f := range formats(cfg) {
		data, err := renderMeeting(mm, f, options(cfg))
		if err != nil {
			return out, err
		}
		o, err := writeFile(abs+"."+f, f, func(w *bufio.Writer) error { _, err := w.Write(data); return err })
		if err != nil {
			return out, err
		}
		out = append(out, o)
	}
	o, err := writeFile(abs+"."+logExt, logExt, func(w *bufio.Writer) error {
		return writeLog(ctx, q, w, meetingID, mm.Location)
	})
	if err != nil {
		return out, err
	}
	return append(out, o), nil
}

// renderMeeting renders minutes in one format.
func renderMeeting(mm *minutes.Meeting, format string, o minutes.Options) ([]byte, error) {
	switch format {
	case "pdf":
		return minutes.MeetingPDF(mm, o)
	case "html":
		return minutes.MeetingHTML(mm, o)
	case "txt":
		return minutes.MeetingText(mm)
	}
	return nil, fmt.Errorf("unknown minutes format %q", format)
}

// renderDigest renders a digest in one format.
func renderDigest(dg *minutes.Digest, format string, o minutes.Options) ([]byte, error) {
	switch format {
	case "pdf":
		return minutes.DigestPDF(dg, o)
	case "html":
		return minutes.DigestHTML(dg, o)
	case "txt":
		return minutes.DigestText(dg)
	}
	return nil, fmt.Errorf("unknown digest format %q", format)
}

// writeLog writes the full log, one line per message: "HH:MM name: text". Names and text
// are made inert and kept on one line each, so nobody's message passes for another's.
func writeLog(ctx context.Context, q store.Querier, w *bufio.Writer, meetingID int64, loc *time.Location) error {
	if loc == nil {
		loc = time.UTC
	}
	return store.MeetingLog(ctx, q, meetingID, func(l store.LogLine) error {
		w.WriteString(l.At.In(loc).Format("15:04"))
		w.WriteByte(' ')
		w.WriteString(oneLine(l.Member.Display()))
		w.WriteString(": ")
		w.WriteString(oneLine(l.Text))
		_, err := w.WriteString("\n")
		return err
	})
}

// oneLine makes a person's text inert and keeps it on one line: each line break shows as
// " ⏎ " rather than starting a line of the log.
func oneLine(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", " ⏎ ")
	return bot.Inert(s)
}

// writeFile writes a file whole or not at all: into a temporary file, then renamed.
func writeFile(path, ext string, fill func(*bufio.Writer) error) (output, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".minutes-*")
	if err != nil {
		return output{}, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	w := bufio.NewWriterSize(tmp, 64<<10)
	err = fill(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return output{}, fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return output{}, err
	}
	return output{Path: path, Ext: ext, Size: st.Size()}, nil
}

// upload posts the files into the room where the transport can; it returns the problems to
// tell the room (the files stay on disk either way). It runs after the state is committed.
func upload(ctx context.Context, t bot.Transport, room bot.Room, files []output, caption string) (uploaded bool, problems []error) {
	up, ok := t.(bot.Uploader)
	if !ok || len(files) == 0 {
		return false, nil
	}
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err == nil {
			_, err = up.Upload(ctx, room, bot.File{Name: filepath.Base(f.Path), MIMEType: mimeTypes[f.Ext],
				Content: bytes.NewReader(data), Size: int64(len(data)), Caption: caption})
		}
		if err != nil {
			problems = append(problems, fmt.Errorf("upload %s: %w", filepath.Base(f.Path), err))
		}
	}
	return len(problems) < len(files), problems
}

// fileList names written files for the room: "plenary.pdf, .html, .txt and .log.txt".
func fileList(files []output) string {
	if len(files) == 0 {
		return ""
	}
	first := files[0].Path
	base := strings.TrimSuffix(first, "."+files[0].Ext)
	parts := []string{filepath.Base(first)}
	for _, f := range files[1:] {
		parts = append(parts, strings.TrimPrefix(f.Path, base))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
