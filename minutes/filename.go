package minutes

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxTitleBytes bounds the title part of a file name: with the date and extension the whole
// stays far below the 255-byte limit of common file systems, in any script.
const maxTitleBytes = 96

// FileName makes a safe file name for minutes, "<YYYY-MM-DD-HHMM>-<title>.<ext>", from the
// meeting's start (in the location it carries) and its title. Letters and digits of any
// script are kept (lower-cased) so the name stays readable; everything else becomes a single
// dash, so the result has no path separators, no "..", no control characters and no leading
// dot. An empty ext gives a name without extension.
func FileName(start time.Time, title, ext string) string {
	var b strings.Builder
	b.WriteString(start.Format("2006-01-02-1504"))
	b.WriteByte('-')
	slug := slugify(title)
	if slug == "" {
		slug = "minutes"
	}
	b.WriteString(slug)
	if e := cleanExt(ext); e != "" {
		b.WriteByte('.')
		b.WriteString(e)
	}
	return b.String()
}

// slugify keeps letters, digits and their marks (the vowel signs of Indic scripts too), and
// joins the runs with dashes. Zero-width joiners go without a dash: they sit inside a word.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range clean(s) {
		if isJoiner(r) {
			continue
		}
		keep := unicode.IsLetter(r) || unicode.IsDigit(r) || (b.Len() > 0 && !dash && unicode.In(r, unicode.Mn, unicode.Mc))
		if !keep {
			dash = b.Len() > 0
			continue
		}
		r = unicode.ToLower(r)
		if b.Len()+utf8.RuneLen(r)+1 > maxTitleBytes {
			break
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cleanExt keeps an extension's ASCII letters and digits, at most eight of them.
func cleanExt(ext string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(ext) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			if b.Len() == 8 {
				break
			}
		}
	}
	return b.String()
}

// maxTries bounds UniqueFileName: a thousand minutes of the same meeting means something
// else is wrong.
const maxTries = 1000

// ErrNoFreeName is returned when every candidate name up to maxTries is taken.
var ErrNoFreeName = errors.New("minutes: no free file name")

// UniqueFileName returns name when exists reports it free, else the first free of
// "<base>-2.<ext>", "<base>-3.<ext>" and so on.
func UniqueFileName(name string, exists func(string) bool) (string, error) {
	if !exists(name) {
		return name, nil
	}
	base, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		base, ext = name[:i], name[i:]
	}
	for n := 2; n <= maxTries; n++ {
		candidate := base + "-" + strconv.Itoa(n) + ext
		if !exists(candidate) {
			return candidate, nil
		}
	}
	return "", ErrNoFreeName
}
