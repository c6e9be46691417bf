package minutes

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"folkmoot/words"
)

// maxTitleBytes bounds the title part of a file name: with the date and extension the whole
// stays far below the 255-byte limit of common file systems, in any script.
const maxTitleBytes = 96

// FileName makes a safe file name for minutes, "<YYYY-MM-DD-HHMM>-<title>.<ext>", from the
// meeting's start (in the location it carries) and its title. Letters and digits of any
// script are kept (lower-cased) so the name stays readable; everything else becomes a single
// dash, so the result has no path separators, no "..", no control characters and no leading
// dot. An empty ext gives a name without extension. A title with nothing to keep is named
// "minutes"; FileNameIn names it in the room's language.
func FileName(start time.Time, title, ext string) string { return FileNameIn(nil, start, title, ext) }

// FileNameIn is FileName with the name of a title with nothing to keep in l: the catalog's
// word ("minutes", "acta", "محضر"), made safe as any title is.
func FileNameIn(l *words.Lang, start time.Time, title, ext string) string {
	var b strings.Builder
	b.WriteString(start.Format("2006-01-02-1504"))
	b.WriteByte('-')
	slug := slugify(title)
	if slug == "" {
		slug = slugify(l.Say("minutes.file.untitled"))
	}
	if slug == "" { // a translation with no letter: the name still has one
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
// joins the runs with dashes. It keeps a character with its marks or not at all, in NFC, so
// the name neither ends in half a letter nor differs between systems that compose
// differently; a zero-width non-joiner or joiner stays where it shapes a word (inside a
// Persian, Sorani or Indic word), and drops elsewhere (emoji, which are left out). Greek
// capitals lower-case to a final sigma at a word's end.
func slugify(s string) string {
	rs := []rune(norm.NFC.String(lower.String(clean(s))))
	var b strings.Builder
	dash := false
	for i := 0; i < len(rs); {
		r := rs[i]
		if isJoiner(r) { // outside a word it joins nothing: gone, without a dash
			i++
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			dash = b.Len() > 0
			i++
			continue
		}
		j := i + 1 // the letter with its marks, and a joiner inside a word with the letter after it
		for j < len(rs) {
			switch {
			case unicode.In(rs[j], unicode.Mn, unicode.Mc, unicode.Me):
				j++
				continue
			case isJoiner(rs[j]) && j+1 < len(rs) && joinsWord(rs[i], rs[j+1]):
				j += 2
				continue
			}
			break
		}
		n := 0
		for _, c := range rs[i:j] {
			n += utf8.RuneLen(c)
		}
		if dash {
			n++
		}
		if b.Len()+n > maxTitleBytes {
			break
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(string(rs[i:j]))
		i = j
	}
	return b.String()
}

// lower lower-cases as Unicode says for any language: Σ at a word's end becomes ς.
var lower = cases.Lower(language.Und)

// joinsWord reports whether a joiner between a and b is part of a word: both letters of a
// script whose words use one (Arabic, Syriac, the Indic scripts).
func joinsWord(a, b rune) bool {
	if !unicode.IsLetter(b) {
		return false
	}
	for _, sc := range joinerScripts {
		if unicode.Is(sc, a) && unicode.Is(sc, b) {
			return true
		}
	}
	return false
}

var joinerScripts = []*unicode.RangeTable{unicode.Arabic, unicode.Syriac, unicode.Devanagari, unicode.Bengali,
	unicode.Gurmukhi, unicode.Gujarati, unicode.Oriya, unicode.Tamil, unicode.Telugu, unicode.Kannada,
	unicode.Malayalam, unicode.Sinhala}

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
