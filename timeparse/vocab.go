package timeparse

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folkmoot/words"
)

// The grammar is written once, in English tokens. A room's language reads
// into it: each word of the catalog's timeparse.read.* lists stands for the
// English token its key names (es "viernes" is "fri", de "Stunden" is
// "hour"), so the rules never learn a language and a translator adds words
// without Go. English is read in every room, the room's language on top; no
// other language is, since "do" is Thursday in German and Sunday in Spanish.

// readKey is one timeparse.read.* list and what its words read as.
type readKey struct {
	id    string // after "timeparse.read."
	canon string // the English tokens its words stand for, space-separated
}

// readKeys are the lists every language gives, in the order their readings
// rank when one word is in two lists (es "mar" is Tuesday before March).
var readKeys = func() []readKey {
	keys := []readKey{}
	for _, k := range weekdayKeys {
		keys = append(keys, readKey{"weekday." + k, k})
	}
	for _, k := range monthKeys {
		keys = append(keys, readKey{"month." + k, k})
	}
	for _, k := range []string{"today", "tomorrow", "overmorrow", "next", "this", "in", "for", "until", "every",
		"from", "at", "am", "pm", "morning", "noon", "afternoon", "evening", "night", "midnight",
		"solstice", "equinox", "season"} {
		keys = append(keys, readKey{k, k})
	}
	for _, k := range []string{"second", "minute", "hour", "day", "week", "month", "year"} {
		keys = append(keys, readKey{"unit." + k, k})
	}
	return append(keys,
		readKey{"daily", "every day"},
		readKey{"alternate", "other"}, // "other" is a plural form's name to the catalog
		readKey{"workday", "weekday"},
		readKey{"filler", "the"},
		readKey{"a", "a"},
		readKey{"oclock", "uhr"},
		readKey{"ordinal", "th"},
	)
}()

// affixKeys list what a language glues to its words (Arabic's article):
// a word not in the lists is read again without them.
const (
	prefixKey = "timeparse.read.prefixes"
	suffixKey = "timeparse.read.suffixes"
)

// grammarWords are the English words the rules read, each under its key: an
// English word of a list reads as itself (so "h" stays the "h" of "18h"),
// any other word as its key's tokens. TestEnglishListsAreTheGrammar keeps
// en.yaml and these the same.
var grammarWords = func() map[string]string {
	m := map[string]string{}
	for w, wd := range weekdays {
		m[w] = "weekday." + weekdayKeys[wd]
	}
	for w, mo := range months {
		m[w] = "month." + monthKeys[mo-1]
	}
	for w, u := range units {
		m[w] = "unit." + map[unit]string{{d: time.Second}: "second", {d: time.Minute}: "minute", {d: time.Hour}: "hour",
			{days: 1}: "day", {days: 7}: "week", {months: 1}: "month", {months: 12}: "year"}[u]
	}
	for w, c := range dayParts {
		m[w] = map[clock]string{{12, 0}: "noon", {24, 0}: "midnight", {9, 0}: "morning", {14, 0}: "afternoon",
			{18, 0}: "evening", {21, 0}: "night"}[c]
	}
	for key, ws := range map[string][]string{
		"today": {"today", "tonight"}, "tomorrow": {"tomorrow", "tmrw"}, "overmorrow": {"overmorrow"},
		"next": {"next"}, "this": {"this"}, "in": {"in"}, "for": {"for"}, "until": {"until", "till", "til"},
		"every": {"every"}, "from": {"from", "starting"}, "at": {"at"}, "alternate": {"other"}, "am": {"am"}, "pm": {"pm"},
		"solstice": {"solstice", "solstices"}, "equinox": {"equinox", "equinoxes"}, "season": {"season", "seasons"},
		"workday": {"weekday", "weekdays"}, "filler": {"on", "the", "of", "and"}, "a": {"a", "an"},
		"oclock": {"uhr"}, "ordinal": {"st", "nd", "rd", "th"},
	} {
		for _, w := range ws {
			m[w] = key
		}
	}
	return m
}()

// reading is what a word stands for in the grammar.
type reading struct {
	toks []string // English tokens: one ("fri"), or a few ("every day" for "täglich")
	// count is how many of a unit a word means when typed without a number:
	// Arabic "ساعة" is an hour, "ساعتين" two (written "ساعتين=2" in the list).
	count int
}

// vphrase is a list entry of several tokens ("a las", "jusqu'à", "يوم عمل").
type vphrase struct {
	toks []string // folded
	r    reading
}

// vocab is one language's words, English's included, built once.
type vocab struct {
	exact   map[string][]reading // as typed, lower-cased: the room's readings first, then English's
	loose   map[string][]reading // folded (accents, Arabic letter forms): the room's
	enLoose map[string][]reading // English's, when the room's have none
	phrases map[string][]vphrase // by their first folded token, longest first
	// prefixes and suffixes are glued to words (Arabic "ال", "و"): folded, longest first.
	prefixes, suffixes []string
}

// vocabs caches each language's vocabulary by tag: parsing is per command,
// building is once.
var vocabs sync.Map

// vocabFor is the vocabulary of the room's language (nil is English).
func vocabFor(l *words.Lang) *vocab {
	tag := words.English
	if l != nil {
		tag = l.Tag
	}
	if v, ok := vocabs.Load(tag); ok {
		return v.(*vocab)
	}
	// words.For, not l: a test's pseudo-language wraps every message, and
	// its words are English's.
	lang := words.For(tag)
	v := buildVocab(lang, lang.Tag != words.English)
	got, _ := vocabs.LoadOrStore(tag, v)
	return got.(*vocab)
}

// buildVocab reads a language's lists; withEnglish adds English's under them.
func buildVocab(l *words.Lang, withEnglish bool) *vocab {
	v := &vocab{exact: map[string][]reading{}, loose: map[string][]reading{}, phrases: map[string][]vphrase{}}
	v.prefixes = affixes(l.Say(prefixKey))
	v.suffixes = affixes(l.Say(suffixKey))
	v.add(l)
	// A word typed without its prefix ("جمعة" for "الجمعة") reads as with
	// it, unless the language lists it for something else; readings strips
	// what is typed with one ("بالجمعة", "هەینییەک").
	for w, rs := range v.exact {
		f := fold(w)
		for _, p := range v.prefixes {
			if rest, ok := strings.CutPrefix(f, p); ok && utf8.RuneCountInString(rest) >= 2 && v.loose[rest] == nil {
				v.loose[rest] = slices.Clip(rs)
			}
		}
	}
	if withEnglish {
		en := vocabFor(nil)
		for w, rs := range en.exact {
			for _, r := range rs {
				v.exact[w] = addReading(v.exact[w], r)
			}
		}
		v.enLoose = en.loose
		for first, ps := range en.phrases {
			v.phrases[first] = append(v.phrases[first], ps...)
		}
	}
	for first, ps := range v.phrases {
		sortLongestFirst(ps)
		v.phrases[first] = ps
	}
	return v
}

// add reads every list of l into v.
func (v *vocab) add(l *words.Lang) {
	for _, k := range readKeys {
		for _, entry := range strings.Fields(l.Say("timeparse.read." + k.id)) {
			if entry == "-" { // the language has no word for it
				continue
			}
			r := reading{toks: strings.Fields(k.canon)}
			if w, n, ok := strings.Cut(entry, "="); ok {
				if c, err := strconv.Atoi(n); err == nil && c > 0 && c < 1000 {
					entry, r.count = w, c
				}
			}
			toks := entryTokens(entry)
			switch {
			case len(toks) == 0:
			case len(toks) == 1:
				if grammarWords[toks[0]] == k.id {
					r.toks = toks[:1] // an English word of the grammar reads as itself
				}
				v.exact[toks[0]] = addReading(v.exact[toks[0]], r)
				f := fold(toks[0])
				v.loose[f] = addReading(v.loose[f], r)
			default:
				for i := range toks {
					toks[i] = fold(toks[i])
				}
				v.phrases[toks[0]] = append(v.phrases[toks[0]], vphrase{toks: toks, r: r})
			}
		}
	}
}

// entryTokens are the tokens of a list entry, as typed input is read: "_"
// joins the words of a phrase, and the signs the lexer drops are dropped
// ("Fr." is "fr").
func entryTokens(entry string) []string {
	var toks []string
	for i, w := range strings.Fields(strings.ReplaceAll(entry, "_", " ")) {
		for _, t := range tokenize(normalizeWord(w), i) {
			if t.kind != tSym || !noise[t.text] {
				toks = append(toks, t.text)
			}
		}
	}
	return toks
}

// affixes reads a prefixes or suffixes list, folded, longest first.
func affixes(list string) []string {
	var out []string
	for _, a := range strings.Fields(list) {
		if a != "-" {
			out = append(out, fold(normalizeWord(a)))
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func sortLongestFirst(ps []vphrase) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && len(ps[j].toks) > len(ps[j-1].toks); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// addReading appends r unless rs has the same tokens already.
func addReading(rs []reading, r reading) []reading {
	for _, have := range rs {
		if strings.Join(have.toks, " ") == strings.Join(r.toks, " ") {
			return rs
		}
	}
	return append(rs, r)
}

// readings of one typed word: the room's and English's as typed; else the
// room's with accents or Arabic letter forms dropped ("manana", "غدا" for
// "غداً"), then English's; else without a listed prefix or suffix.
func (v *vocab) readings(text string) []reading {
	if rs := v.exact[text]; rs != nil {
		return rs
	}
	f := fold(text)
	if rs := v.loose[f]; rs != nil {
		return rs
	}
	if rs := v.enLoose[f]; rs != nil {
		return rs
	}
	for _, p := range v.prefixes {
		if rest, ok := strings.CutPrefix(f, p); ok && rest != "" {
			if rs := v.loose[rest]; rs != nil {
				return rs
			}
		}
	}
	for _, s := range v.suffixes {
		if rest, ok := strings.CutSuffix(f, s); ok && rest != "" {
			if rs := v.loose[rest]; rs != nil {
				return rs
			}
		}
	}
	return nil
}

// phraseAt is the longest phrase starting at raw[k], and its length.
func (v *vocab) phraseAt(raw []token, folded []string, k int) (vphrase, int) {
	for _, ph := range v.phrases[folded[k]] {
		n := len(ph.toks)
		if k+n > len(raw) {
			continue
		}
		match := true
		for i := 1; i < n && match; i++ {
			match = folded[k+i] == ph.toks[i]
		}
		if match {
			return ph, n
		}
	}
	return vphrase{}, 0
}

// read turns raw tokens into the grammar's: each word or phrase of the
// vocabulary becomes the English tokens it stands for, keeping what was
// typed for echoes; a word in two lists keeps its second reading as alt.
func (v *vocab) read(raw []token) []token {
	folded := make([]string, len(raw))
	for i, t := range raw {
		folded[i] = t.text
		if t.kind == tWord {
			folded[i] = fold(t.text)
		}
	}
	out := make([]token, 0, len(raw))
	for k := 0; k < len(raw); {
		t := raw[k]
		if t.kind != tWord {
			out = append(out, t)
			k++
			continue
		}
		var rs []reading
		n := 1
		if ph, m := v.phraseAt(raw, folded, k); m > 0 {
			rs, n = []reading{ph.r}, m
		} else {
			rs = v.readings(t.text)
		}
		typed := t.typed
		for i := k + 1; i < k+n; i++ {
			if raw[i].word != raw[i-1].word {
				typed += " "
			}
			typed += raw[i].typed
		}
		out = append(out, readAs(t, rs, typed)...)
		k += n
	}
	return out
}

// readAs is the token t (typed as typed) read as its first reading, with
// its second as alt.
func readAs(t token, rs []reading, typed string) []token {
	t.typed = typed
	if len(rs) == 0 {
		return []token{t}
	}
	r := rs[0]
	if len(r.toks) > 1 { // "täglich": every day
		out := make([]token, len(r.toks))
		for i, c := range r.toks {
			out[i] = token{kind: tWord, text: c, word: t.word}
		}
		out[0].typed = typed
		return out
	}
	t.text = r.toks[0]
	for _, r2 := range rs {
		if r2.count > 0 {
			t.count = r2.count
			break
		}
	}
	for _, r2 := range rs[1:] {
		if len(r2.toks) == 1 && r2.toks[0] != t.text {
			t.alt = r2.toks[0]
			break
		}
	}
	return []token{t}
}

// foldRunes are the letters people type for one another: the Arabic and
// Kurdish forms of one letter, which keyboards and habits mix.
var foldRunes = map[rune]string{
	'ß': "ss", 'œ': "oe", 'ı': "i",
	'ٱ': "ا", 'ة': "ه", 'ە': "ه", 'ھ': "ه", 'ى': "ی", 'ي': "ی", 'ێ': "ی", 'ك': "ک",
	'ۆ': "و", 'ڵ': "ل", 'ڕ': "ر", 'ڤ': "ف",
}

// fold is a word without what people leave out or type differently:
// accents and other combining marks (é, ñ, the Arabic vowel signs and
// tanwin of "غداً"), the Arabic tatweel, and the letter forms of foldRunes.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc), r == 'ـ':
		case foldRunes[r] != "":
			b.WriteString(foldRunes[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
