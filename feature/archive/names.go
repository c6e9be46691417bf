package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"folkmoot/bot"
	"folkmoot/meeting"
	"folkmoot/minutes"
)

// maxSlug bounds the readable part of a room's folder name, in runes.
const maxSlug = 40

// RoomFolder is a room's folder in the archive: the readable letters and digits of its
// address (any script, lower-cased, NFC) joined by dashes, then a short hash of the room's
// key. The hash makes it stable and unique: two addresses that read alike ("A.b" and "a-b")
// still get two folders, and the name never holds a path separator, "..", a control
// character or a leading dot.
func RoomFolder(room bot.Room) string {
	var b strings.Builder
	dash := false
	n := 0
	for _, r := range norm.NFC.String(string(room.Protocol) + "-" + room.ID) {
		if n >= maxSlug {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) && b.Len() > 0 && !dash:
			b.WriteRune(unicode.ToLower(r))
			dash = false
			n++
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
			n++
		}
	}
	sum := sha256.Sum256([]byte(room.Key()))
	slug := strings.Trim(b.String(), "-")
	if slug == "" {
		slug = "room"
	}
	return slug + "-" + hex.EncodeToString(sum[:4])
}

// meetingFile is a meeting's page in its room's folder: its number first, so two meetings
// with the same start and title never share a name, then the minutes' own file name.
func meetingFile(m meeting.Meeting, mm *minutes.Meeting) string {
	return fmt.Sprintf("meetings/%04d-%s", m.Number, minutes.FileNameIn(mm.Lang, m.Start.In(locOf(mm)), m.Title, "html"))
}

// locOf is the minutes' time zone.
func locOf(mm *minutes.Meeting) *time.Location {
	if mm.Location == nil {
		return time.UTC
	}
	return mm.Location
}
