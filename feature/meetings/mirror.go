package meetings

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/config"
	"folkmoot/meeting"
	"folkmoot/minutes"
	"folkmoot/phrase"
	"folkmoot/store"
	"folkmoot/words"
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

// options are the renderers' options from the config: the paper, the fonts loaded at start
// (the same chain: minutes.LoadFonts keeps it), and the log for a script no font covers.
func options(ctx context.Context, cfg *config.Config) minutes.Options {
	fonts, _ := minutes.LoadFonts(cfg.Digests.Fonts) // its problems were logged at start
	return minutes.Options{Paper: minutes.ParsePaper(cfg.Digests.Paper), Fonts: fonts,
		Warn: func(msg string) { zerolog.Ctx(ctx).Warn().Str("component", "print").Msg(msg) }}
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
// new meeting's files: <room>/<YYYY>/<YYYY-MM-DD-HHMM>-<title>, free in every extension; a
// meeting without a title is named by l's word for minutes.
func minutesBase(l *words.Lang, cfg *config.Config, m meeting.Meeting, loc *time.Location) (string, error) {
	start := m.Start.In(loc)
	rel := filepath.Join(RoomDir(m.Room), start.Format("2006"))
	dir := filepath.Join(digestsDir(cfg), rel)
	exts := append(formats(cfg), logExt)
	name, err := minutes.UniqueFileName(minutes.FileNameIn(l, start, m.Title, ""), func(base string) bool {
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

// failure is one file of the minutes that could not be made: which format, and why.
type failure struct {
	Ext string
	Err error
	// Rendering says the renderer failed (an error or a panic): the same input fails the same
	// way, so trying again is no use; otherwise writing failed, which a later try may not.
	Rendering bool
}

// writeMinutes renders a meeting's minutes in every configured format and writes them, with
// the full log, beside each other under base (relative to the digests folder). Each file is
// made on its own: one that fails (a renderer's error or panic, a write error) costs that
// file only, and is returned among the failures; err is set only when no file could be
// written at all (the folder).
func writeMinutes(ctx context.Context, cfg *config.Config, q store.Querier, meetingID int64, mm *minutes.Meeting, base string) ([]output, []failure, error) {
	abs := filepath.Join(digestsDir(cfg), base)
	dir := filepath.Dir(abs)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, fmt.Errorf("minutes folder: %w", err)
	}
	cleanTemps(dir)
	var out []output
	var failed []failure
	for _, f := range formats(cfg) {
		data, err := safely(func() ([]byte, error) { return renderMeeting(mm, f, options(ctx, cfg)) })
		if err != nil {
			failed = append(failed, failure{Ext: f, Err: fmt.Errorf("render %s: %w", f, err), Rendering: true})
			continue
		}
		o, err := writeFile(abs+"."+f, f, func(w *bufio.Writer) error { _, err := w.Write(data); return err })
		if err != nil {
			failed = append(failed, failure{Ext: f, Err: err})
			continue
		}
		out = append(out, o)
	}
	o, err := writeFile(abs+"."+logExt, logExt, func(w *bufio.Writer) error {
		_, err := safely(func() ([]byte, error) { return nil, writeLog(ctx, q, w, meetingID, mm.Location) })
		return err
	})
	if err != nil {
		failed = append(failed, failure{Ext: logExt, Err: err})
	} else {
		out = append(out, o)
	}
	return out, failed, nil
}

// safely runs a renderer, turning its panic into an error: a bug in one format must cost
// that file, not the others, the answer or the process.
func safely(render func() ([]byte, error)) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, &panicError{value: p, stack: debug.Stack()}
		}
	}()
	return render()
}

// panicError is a renderer's panic: its message is short, for a command line or a room's
// reference; the stack goes to the log only.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

// logFailure logs a file that could not be made, with the stack of a panic.
func logFailure(ev *zerolog.Event, err error) *zerolog.Event {
	var pe *panicError
	if errors.As(err, &pe) {
		ev = ev.Bytes("stack", pe.stack)
	}
	return ev.Err(err)
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
	return MeetingLog(ctx, q, meetingID, func(l meeting.LogLine) error {
		w.WriteString(l.At.In(loc).Format("15:04"))
		w.WriteByte(' ')
		w.WriteString(oneLine(l.Member.Display()))
		w.WriteString(": ")
		w.WriteString(oneLine(l.Text))
		_, err := w.WriteString("\n")
		return err
	})
}

// oneLine makes a person's text inert and keeps it on one line, as the minutes do: each
// line break of any kind (U+2028 and U+2029 too) shows as " ⏎ " rather than starting a line
// of the log, and invisible characters are dropped.
func oneLine(s string) string { return minutes.OneLine(s) }

// tempPrefix starts the name of a file being written; a stop can leave one behind.
const tempPrefix = ".minutes-"

// staleTemp is how old a temporary file must be to count as left behind by a stop: no file
// takes that long to write.
const staleTemp = 10 * time.Minute

// cleanTemps removes the temporary files a stop left in dir (kill -9 while writing). Their
// age is the file system's, so one being written right now is never touched.
func cleanTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), tempPrefix) || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleTemp {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeFile writes a file whole or not at all: into a temporary file, synced, then renamed
// over the name and the folder synced, so a stop at any moment leaves the old file, the new
// one, or none, never half of one; a second write of the same minutes replaces the first.
func writeFile(path, ext string, fill func(*bufio.Writer) error) (output, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPrefix+"*")
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
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
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

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) { // some file systems cannot sync a folder
		return err
	}
	return nil
}

// missingFiles lists the extensions of a meeting's files that are not on disk under base.
func missingFiles(cfg *config.Config, base string) []string {
	abs := filepath.Join(digestsDir(cfg), base)
	var missing []string
	for _, ext := range append(formats(cfg), logExt) {
		if st, err := os.Stat(abs + "." + ext); err != nil || !st.Mode().IsRegular() {
			missing = append(missing, ext)
		}
	}
	return missing
}

// formatName names a file's format for the room, in l.
func formatName(l *words.Lang, ext string) string {
	switch ext {
	case "pdf", "html":
		return strings.ToUpper(ext)
	case "txt":
		return l.Say("meetings.format.text")
	case logExt:
		return l.Say("meetings.format.log")
	}
	return ext
}

// attach queues the files to be posted in the room after the reply, where the transport can
// post files; it reports whether it can. The outbox posts them, so no upload holds up the
// command's transaction and a stop loses none.
func attach(r *commands.Request, files []output, caption string) bool {
	if _, ok := r.Transport.(bot.Uploader); !ok || len(files) == 0 {
		return false
	}
	for _, f := range files {
		name := filepath.Base(f.Path)
		r.Also(bot.Reply{Notice: true, File: &bot.FileRef{Path: f.Path, Name: name, MIMEType: mimeTypes[f.Ext], Caption: caption,
			Unposted: r.Lang.Say("meetings.files.unposted", "File", name)}})
	}
	return true
}

// fileList names written files for the room, in l: "plenary.pdf, .html, .txt and .log.txt".
func fileList(l *words.Lang, files []output) string {
	if len(files) == 0 {
		return ""
	}
	first := files[0].Path
	base := strings.TrimSuffix(first, "."+files[0].Ext)
	parts := []string{filepath.Base(first)}
	for _, f := range files[1:] {
		parts = append(parts, strings.TrimPrefix(f.Path, base))
	}
	return phrase.List(l, parts)
}
