package minutes

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// coverage is the set of characters a font has a glyph for. fpdf reads only a font's BMP
// character map (cmap format 4) and panics on any character above U+FFFF, so only the BMP
// is tracked: every other character is, for the PDF, one the font cannot draw.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r>>6]&(1<<(uint(r)&63)) != 0
}

func (c *coverage) add(r int) { c[r>>6] |= 1 << (uint(r) & 63) }

// errNoCmap says a font has no Unicode BMP character map; the embedded fonts all have one.
var errNoCmap = errors.New("font without a Unicode BMP character map (cmap format 4)")

// parseCoverage reads the characters a TrueType font maps to a glyph, from the same cmap
// subtable fpdf uses (platform 3 encoding 1, or platform 0, format 4), so what it reports
// drawable is exactly what fpdf draws.
func parseCoverage(ttf []byte) (*coverage, error) {
	be := binary.BigEndian
	at := func(b []byte, off, n int) []byte {
		if off < 0 || n < 0 || off+n > len(b) {
			return nil
		}
		return b[off : off+n]
	}
	head := at(ttf, 0, 12)
	if head == nil {
		return nil, errNoCmap
	}
	var cmap []byte
	for i := range int(be.Uint16(head[4:])) {
		rec := at(ttf, 12+16*i, 16)
		if rec == nil {
			return nil, errNoCmap
		}
		if string(rec[:4]) == "cmap" {
			cmap = at(ttf, int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:])))
		}
	}
	if len(cmap) < 4 {
		return nil, errNoCmap
	}
	var sub []byte
	for i := range int(be.Uint16(cmap[2:])) {
		rec := at(cmap, 4+8*i, 8)
		if rec == nil {
			break
		}
		platform, encoding, off := be.Uint16(rec), be.Uint16(rec[2:]), int(be.Uint32(rec[4:]))
		if (platform == 3 && encoding == 1) || platform == 0 {
			if f := at(cmap, off, 14); f != nil && be.Uint16(f) == 4 {
				sub = cmap[off:]
				break
			}
		}
	}
	if sub == nil {
		return nil, errNoCmap
	}
	segs := int(be.Uint16(sub[6:])) / 2
	ends, starts := at(sub, 14, 2*segs), at(sub, 16+2*segs, 2*segs)
	deltas, offsets := at(sub, 16+4*segs, 2*segs), at(sub, 16+6*segs, 2*segs)
	if ends == nil || starts == nil || deltas == nil || offsets == nil {
		return nil, errNoCmap
	}
	rangeBase := 16 + 6*segs // where idRangeOffset[0] is: offsets count from their own slot
	c := &coverage{}
	for i := range segs {
		start, end := int(be.Uint16(starts[2*i:])), int(be.Uint16(ends[2*i:]))
		delta, offset := int(be.Uint16(deltas[2*i:])), int(be.Uint16(offsets[2*i:]))
		for r := start; r <= end && r < 0xFFFF; r++ {
			glyph := (r + delta) & 0xFFFF
			if offset != 0 {
				g := at(sub, rangeBase+2*i+offset+2*(r-start), 2)
				if g == nil {
					continue
				}
				if glyph = int(be.Uint16(g)); glyph != 0 {
					glyph = (glyph + delta) & 0xFFFF
				}
			}
			if glyph != 0 && r != 0 {
				c.add(r)
			}
		}
	}
	return c, nil
}

// The embedded faces' coverage, read once on first use.
var (
	coverOnce                  sync.Once
	coverRegular, coverBold    *coverage
	errCoverRegular, errCoverB error
)

// faceCoverage is the coverage of the regular or bold face.
func faceCoverage(bold bool) (*coverage, error) {
	coverOnce.Do(func() {
		coverRegular, errCoverRegular = parseCoverage(fontRegular)
		coverBold, errCoverB = parseCoverage(fontBold)
	})
	if bold {
		return coverBold, errCoverB
	}
	return coverRegular, errCoverRegular
}

// replacement is what the PDF draws for a character no embedded font has: visible, so a
// reader sees something is there, while the text layer keeps the original (ActualText).
const replacement = "\uFFFD"

// fontRun is a stretch of text drawn one way: in the face (orig == "") or, where the face
// has no glyph, as one replacement mark standing for the characters in orig.
type fontRun struct {
	text string
	orig string
}

// fontRuns maps text to what the PDF can draw: runs the face covers, and one replacement per
// cluster it does not (an emoji with its joiners and modifiers, a flag's two letters, a CJK
// character). It is the one place that decides how a character is drawn: a fallback font
// (issue 21) slots in here, as a run in another face before falling back to a replacement.
// The runs are appended to out (a buffer the caller reuses: this is on every word's path).
func fontRuns(out []fontRun, s string, cov *coverage) []fontRun {
	if cov == nil {
		cov = &coverage{}
	}
	start := 0 // start of the pending covered run
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r >= ' ' && r < 0x7F) || (cov.has(r) && n > 1) { // n == 1 for U+FFFD: a bad byte
			i += n
			continue
		}
		if start < i {
			out = append(out, fontRun{text: s[start:i]})
		}
		end := clusterEnd(s, i)
		out = append(out, fontRun{text: replacement, orig: s[i:end]})
		i, start = end, end
	}
	if start < len(s) {
		out = append(out, fontRun{text: s[start:]})
	}
	return out
}

// clusterEnd finds where the cluster starting at i ends: its first character with what
// joins onto it (marks, variation selectors, skin tones, tags, a keycap, a zero-width joiner
// and the character after it), and a regional indicator's partner. A rough stand-in for
// grapheme clusters, enough that one emoji shows as one replacement.
func clusterEnd(s string, i int) int {
	first, n := utf8.DecodeRuneInString(s[i:])
	i += n
	if isRegional(first) {
		if r, n := utf8.DecodeRuneInString(s[i:]); isRegional(r) {
			i += n
		}
	}
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\u200D': // a joiner takes the next character into the cluster
			i += n
			if i < len(s) {
				_, m := utf8.DecodeRuneInString(s[i:])
				i += m
			}
		case joinsOnto(r):
			i += n
		default:
			return i
		}
	}
	return i
}

// joinsOnto reports the characters drawn onto the one before them.
func joinsOnto(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me) || (r >= 0xFE00 && r <= 0xFE0F) ||
		(r >= 0xE0100 && r <= 0xE01EF) || (r >= 0x1F3FB && r <= 0x1F3FF) ||
		(r >= 0xE0020 && r <= 0xE007F) || r == 0x20E3
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }

// actualText is the PDF text string (UTF-16BE with its byte-order mark, in hex) of s, for a
// marked-content span's /ActualText: what a reader copies or extracts instead of the marks.
func actualText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	const hex = "0123456789ABCDEF"
	put := func(u uint16) {
		b.WriteByte(hex[u>>12])
		b.WriteByte(hex[u>>8&15])
		b.WriteByte(hex[u>>4&15])
		b.WriteByte(hex[u&15])
	}
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			put(uint16(0xD800 + r>>10))
			put(uint16(0xDC00 + r&0x3FF))
			continue
		}
		put(uint16(r))
	}
	b.WriteByte('>')
	return b.String()
}
