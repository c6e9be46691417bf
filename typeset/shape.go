package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	gbidi "github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
)

// A paragraph is shaped word by word ("tokens": text up to and including its spaces, in one
// style, script and direction), each word once per document: spaces break Arabic joining and
// kerning does not cross them, and the same words recur on every page of a digest.

// glyph is one shaped glyph; lengths are in thousandths of the type size (PDF glyph space).
type glyph struct {
	id     uint16 // glyph ID in its face
	adv    float32
	dx, dy float32
}

// cluster is what may not be split: one or more characters drawn by one or more glyphs.
type cluster struct {
	start, end int32 // runes of the paragraph
	g0, g1     int32 // its glyphs in the paragraph's glyph list, in drawing order
	adv        float32
	face       int16 // index in Document.faces; noFace: drawn as the replacement glyph
	level      int8
	flags      uint8
}

const noFace = -1

const (
	fSpace     uint8 = 1 << iota // whitespace: hangs at the end of a line
	fBreak                       // a line may break after it (UAX #14)
	fMandatory                   // a line must break after it
	fBold                        // drawn bold
	fFake                        // emboldened by stroking (a family without a bold face)
	fMissing                     // no font has it: the replacement glyph stands in
)

// token is the shaped form of a word, cached per document; rune and glyph indexes are
// relative to the word.
type token struct {
	clusters []cluster
	glyphs   []glyph
}

// tokenKey identifies a word's shape: its weight, direction and script, and its text.
func tokenKey(b []byte, t *paraText, i, j int, rtl bool) []byte {
	flags := byte(0)
	if rtl {
		flags |= 1
	}
	if t.bold[i] {
		flags |= 2
	}
	sc := uint32(t.script[i])
	b = append(b, flags, byte(sc>>24), byte(sc>>16), byte(sc>>8), byte(sc))
	for _, r := range t.runes[i:j] {
		b = utf8.AppendRune(b, r)
	}
	return b
}

// maxCachedToken and maxTokens bound the cache: long unbroken text is shaped but not kept.
const (
	maxCachedToken = 64
	maxTokens      = 1 << 15
)

// shaper holds a document's shaping state: faces, caches and buffers, reused between
// paragraphs. Not safe for concurrent use, like the Document that owns it.
type shaper struct {
	fonts   *Fonts
	faces   []*docFace
	byFont  map[*Font]int16
	tokens  map[string]*token // by tokenKey
	key     []byte
	buf     *harfbuzz.Buffer
	seg     segmenter.Segmenter
	bidi    gbidi.Paragraph
	lang    language.Language
	missing map[string]bool
	gaps    []Gap
	errs    []error
}

// docFace is a font as one document uses it: shaping objects, and what the PDF embeds.
type docFace struct {
	font   *Font
	ft     *font.Font
	face   *font.Face
	hb     *harfbuzz.Font
	upem   float32
	space  glyph // the face's space, for spaces no word carries
	pdf    pdfFont
	failed bool
}

func newShaper(fs *Fonts, lang string) *shaper {
	return &shaper{fonts: fs, byFont: map[*Font]int16{}, tokens: map[string]*token{},
		buf: harfbuzz.NewBuffer(), lang: language.NewLanguage(lang), missing: map[string]bool{}}
}

// faceOf returns the document's face for a font, loading the font the first time; noFace when
// it cannot be loaded (the error is kept for Problems, and the chain does without it).
func (s *shaper) faceOf(f *Font) int16 {
	if i, ok := s.byFont[f]; ok {
		if s.faces[i].failed {
			return noFace
		}
		return i
	}
	i := int16(len(s.faces))
	df := &docFace{font: f}
	s.faces = append(s.faces, df)
	s.byFont[f] = i
	ft, err := f.load()
	if err != nil {
		df.failed = true
		s.errs = append(s.errs, err)
		return noFace
	}
	df.ft = ft
	df.face = font.NewFace(ft)
	df.hb = harfbuzz.NewFont(df.face)
	df.upem = float32(ft.Upem())
	df.hb.XScale = int32(ft.Upem()) << 6 // positions in 1/64 font units
	df.hb.YScale = df.hb.XScale
	df.pdf.init()
	if gid, ok := df.face.NominalGlyph(' '); ok {
		df.space = glyph{id: uint16(gid), adv: df.face.HorizontalAdvance(gid) * 1000 / df.upem}
	}
	return i
}

// shape turns prepared text into the paragraph's clusters and glyphs.
func (s *shaper) shape(t *paraText, p *Paragraph) {
	n := len(t.runes)
	for i := 0; i < n; {
		j := i + 1
		for j < n && sameToken(t, j) {
			j++
		}
		s.token(t, i, j, p)
		i = j
	}
	// break flags: after a cluster when the rune after it may start a line
	for k := range p.clusters {
		c := &p.clusters[k]
		if int(c.end) >= n {
			continue
		}
		if t.brk[c.end]&bBreak != 0 {
			c.flags |= fBreak
		}
		if t.brk[c.end]&bMust != 0 {
			c.flags |= fMandatory | fBreak
		}
	}
}

// sameToken reports whether rune j continues the token holding rune j-1.
func sameToken(t *paraText, j int) bool {
	if t.bold[j] != t.bold[j-1] || t.levels[j] != t.levels[j-1] || t.script[j] != t.script[j-1] {
		return false
	}
	if t.runes[j-1] == '\n' {
		return false
	}
	return !(isSpace(t.runes[j-1]) && !isSpace(t.runes[j]) && t.brk[j]&bGrapheme != 0)
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\u3000' || r == '\u00a0' }

// token appends the shaped runes [i, j) to p, from the cache when the word was seen before.
func (s *shaper) token(t *paraText, i, j int, p *Paragraph) {
	rtl := t.levels[i]%2 == 1
	var tk *token
	cache := j-i <= maxCachedToken
	if cache {
		s.key = tokenKey(s.key[:0], t, i, j, rtl)
		tk = s.tokens[string(s.key)] // no allocation for the lookup
	}
	if tk == nil {
		tk = s.shapeToken(t, i, j, rtl)
		if cache {
			if len(s.tokens) >= maxTokens {
				clear(s.tokens)
			}
			s.tokens[string(s.key)] = tk
		}
	}
	g0 := int32(len(p.glyphs))
	p.glyphs = append(p.glyphs, tk.glyphs...)
	for _, c := range tk.clusters {
		c.start += int32(i)
		c.end += int32(i)
		c.g0 += g0
		c.g1 += g0
		c.level = t.levels[i]
		if c.flags&fMissing != 0 {
			s.noteMissing(t.runes[c.start:c.end])
		}
		p.clusters = append(p.clusters, c)
	}
}

// noteMissing remembers the script of text no font has, once per script.
func (s *shaper) noteMissing(rs []rune) {
	for _, r := range rs {
		if unicode.IsSpace(r) || harfbuzz.IsDefaultIgnorable(r) || unicode.Is(unicode.Mn, r) {
			continue
		}
		name := scriptName(r)
		if isEmoji(rs) {
			name = "Emoji"
		}
		if !s.missing[name] {
			s.missing[name] = true
			s.gaps = append(s.gaps, Gap{Script: name, Package: packageFor(name)})
		}
		return
	}
}

// shapeToken chooses the fonts for the runes [i, j) and shapes them.
func (s *shaper) shapeToken(t *paraText, i, j int, rtl bool) *token {
	text := t.runes[i:j]
	for k, r := range text {
		if r == '\n' { // a line break draws nothing: shape it as a space
			text = append([]rune(nil), text...)
			text[k] = ' '
		}
	}
	bold := t.bold[i]
	script := t.script[i]
	sname := scriptLabel(script)
	tk := &token{}
	// cluster boundaries (relative)
	var bounds []int
	emoji := false
	for k := i; k < j; k++ {
		if k == i || t.brk[k]&bGrapheme != 0 {
			bounds = append(bounds, k-i)
		}
	}
	bounds = append(bounds, j-i)
	for b := 0; b+1 < len(bounds); b++ {
		if isEmoji(text[bounds[b]:bounds[b+1]]) {
			emoji = true
			break
		}
	}
	// the whole word in one face when one has it all: joining and kerning stay intact
	if !emoji {
		for _, fa := range s.candidates(sname) {
			f, fake := fa.face(bold)
			if covers(f, text) {
				if fi := s.faceOf(f); fi != noFace {
					s.shapeRun(tk, text, 0, len(text), fi, fake, bold, rtl, script)
					return tk
				}
			}
		}
	}
	// else cluster by cluster, runs of clusters sharing a face shaped together
	type pick struct {
		face int16
		fake bool
	}
	picks := make([]pick, len(bounds)-1)
	for b := range picks {
		cl := text[bounds[b]:bounds[b+1]]
		picks[b] = pick{face: noFace}
		if b > 0 && picks[b-1].face != noFace && weak(cl) && s.faces[picks[b-1].face].font.kind != outlineBitmap &&
			covers(s.faces[picks[b-1].face].font, cl) {
			picks[b] = picks[b-1]
			continue
		}
		label := sname
		if isEmoji(cl) {
			label = "Emoji"
		}
		cands := s.candidates(label)
		for pass := 0; pass < 2 && picks[b].face == noFace; pass++ {
			for _, fa := range cands {
				f, fake := fa.face(bold)
				ok := covers(f, cl)
				if pass == 1 { // no face has it all: one with its first character
					ok = f.Has(cl[0])
				}
				if ok {
					if fi := s.faceOf(f); fi != noFace {
						picks[b] = pick{face: fi, fake: fake}
						break
					}
				}
			}
		}
	}
	for b := 0; b < len(picks); {
		e := b + 1
		for e < len(picks) && picks[e] == picks[b] {
			e++
		}
		if picks[b].face == noFace {
			for k := b; k < e; k++ {
				s.replacement(tk, bounds[k], bounds[k+1], bold)
			}
		} else {
			s.shapeRun(tk, text, bounds[b], bounds[e], picks[b].face, picks[b].fake, bold, rtl, script)
		}
		b = e
	}
	return tk
}

// candidates lists the families to try for a script: those meant for it, then the chain.
func (s *shaper) candidates(script string) []Family {
	fams := s.fonts.families
	var out []Family
	for _, fa := range fams {
		if fa.isFor(script) {
			out = append(out, fa)
		}
	}
	if len(out) == 0 {
		return fams
	}
	for _, fa := range fams {
		if !fa.isFor(script) {
			out = append(out, fa)
		}
	}
	return out
}

// covers reports whether f has every character of text that needs a glyph.
func covers(f *Font, text []rune) bool {
	for _, r := range text {
		if r == '\n' || harfbuzz.IsDefaultIgnorable(r) || (r >= 0xfe00 && r <= 0xfe0f) {
			continue
		}
		if !f.Has(r) {
			return false
		}
	}
	return true
}

// weak reports a cluster of digits, punctuation or spaces: it stays in the face before it.
func weak(cl []rune) bool {
	sc := language.LookupScript(cl[0])
	return (sc == language.Common || sc == language.Inherited) && !isEmoji(cl)
}

// isEmoji reports a cluster drawn in emoji style: a pictograph of the supplementary planes,
// or any character followed by the emoji variation selector, a skin tone or a joiner.
func isEmoji(cl []rune) bool {
	for _, r := range cl {
		switch {
		case r == 0xfe0f, r == 0x200d && len(cl) > 1, r >= 0x1f3fb && r <= 0x1f3ff, r == 0x20e3:
			return true
		case r >= 0x1f000 && r <= 0x1faff, r >= 0x1f1e6 && r <= 0x1f1ff:
			return true
		}
	}
	return false
}

// scriptLabel names a script as unicode.Scripts does, for Family.Scripts.
func scriptLabel(sc language.Script) string {
	switch sc {
	case language.Arabic:
		return "Arabic"
	case language.Hebrew:
		return "Hebrew"
	case language.Han:
		return "Han"
	case language.Hiragana:
		return "Hiragana"
	case language.Katakana:
		return "Katakana"
	case language.Hangul:
		return "Hangul"
	case language.Bopomofo:
		return "Bopomofo"
	case language.Devanagari:
		return "Devanagari"
	case language.Ethiopic:
		return "Ethiopic"
	case language.Latin:
		return "Latin"
	case language.Greek:
		return "Greek"
	case language.Cyrillic:
		return "Cyrillic"
	}
	name := scriptNames[sc]
	if name == "" {
		name = sc.String()
	}
	return name
}

// scriptNames maps go-text's scripts to unicode.Scripts's names for the others, built once.
var scriptNames = func() map[language.Script]string {
	m := map[language.Script]string{}
	for name := range unicode.Scripts {
		if sc, err := language.ParseScript(strings.ReplaceAll(name, "_", " ")); err == nil {
			m[sc] = name
		}
	}
	return m
}()

// shapeRun shapes text[a:b] in one face and appends its clusters in logical order.
func (s *shaper) shapeRun(tk *token, text []rune, a, b int, fi int16, fake, bold, rtl bool, script language.Script) {
	df := s.faces[fi]
	buf := s.buf
	buf.Clear()
	buf.Props.Direction = harfbuzz.LeftToRight
	if rtl {
		buf.Props.Direction = harfbuzz.RightToLeft
	}
	buf.Props.Script = script
	buf.Props.Language = s.lang
	buf.AddRunes(text, a, b-a)
	buf.Shape(df.hb, nil)
	k := 1000 / df.upem / 64
	var flags uint8
	if bold {
		flags |= fBold
	}
	if fake {
		flags |= fFake
	}
	// group glyphs by cluster; harfbuzz gives them in visual order
	type group struct{ start, g0, g1 int }
	var groups []group
	base := len(tk.glyphs)
	for gi, info := range buf.Info {
		pos := buf.Pos[gi]
		id := uint16(0)
		if info.Glyph <= 0xffff {
			id = uint16(info.Glyph)
		}
		tk.glyphs = append(tk.glyphs, glyph{id: id, adv: float32(pos.XAdvance) * k,
			dx: float32(pos.XOffset) * k, dy: float32(pos.YOffset) * k})
		if n := len(groups); n > 0 && groups[n-1].start == info.Cluster {
			groups[n-1].g1 = base + gi + 1
			continue
		}
		groups = append(groups, group{start: info.Cluster, g0: base + gi, g1: base + gi + 1})
	}
	if rtl {
		for x, y := 0, len(groups)-1; x < y; x, y = x+1, y-1 {
			groups[x], groups[y] = groups[y], groups[x]
		}
	}
	if len(groups) > 0 {
		groups[0].start = a // characters the shaper dropped (joiners) go with the first cluster
	}
	for gi, g := range groups {
		end := b
		if gi+1 < len(groups) {
			end = groups[gi+1].start
		}
		if g.start < a || end > b || end <= g.start { // never expected from a monotone shaper
			continue
		}
		c := cluster{start: int32(g.start), end: int32(end), g0: int32(g.g0), g1: int32(g.g1), face: fi, flags: flags}
		for _, gl := range tk.glyphs[g.g0:g.g1] {
			c.adv += gl.adv
		}
		if allSpace(text[g.start:end]) {
			c.flags |= fSpace
		}
		tk.clusters = append(tk.clusters, c)
	}
}

// replacement appends a cluster no font has: the default face's U+FFFD, or its .notdef.
func (s *shaper) replacement(tk *token, a, b int, bold bool) {
	f, fake := s.fonts.families[0].face(bold)
	fi := s.faceOf(f)
	if fi == noFace {
		fi, fake = s.faceOf(s.fonts.families[0].Regular), false
	}
	c := cluster{start: int32(a), end: int32(b), face: fi, flags: fMissing}
	if bold {
		c.flags |= fBold
	}
	if fake {
		c.flags |= fFake
	}
	g := glyph{}
	if fi != noFace {
		df := s.faces[fi]
		gid, _ := df.face.NominalGlyph('\uFFFD')
		if gid > 0xffff {
			gid = 0
		}
		g = glyph{id: uint16(gid), adv: df.face.HorizontalAdvance(gid) * 1000 / df.upem}
	}
	c.g0 = int32(len(tk.glyphs))
	tk.glyphs = append(tk.glyphs, g)
	c.g1 = c.g0 + 1
	c.adv = g.adv
	tk.clusters = append(tk.clusters, c)
}

func allSpace(rs []rune) bool {
	for _, r := range rs {
		if !isSpace(r) {
			return false
		}
	}
	return true
}
