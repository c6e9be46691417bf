package typeset

import (
	"bytes"
	"fmt"
	"sort"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
)

// pdfFont is what a document embeds of one face: the glyphs it used, renumbered from 1 in
// the order first used (0 stays .notdef), their widths, and the text each glyph stands for.
type pdfFont struct {
	used   bool
	newID  []uint16  // glyph ID in the font -> ID in the subset (and CID); 0 while unused
	old    []uint16  // ID in the subset -> glyph ID in the font
	widths []float32 // ID in the subset -> advance in thousandths of an em (W array)
	text   []string  // ID in the subset -> its characters, "" while unknown
}

func (pf *pdfFont) init() {
	pf.newID = nil
	pf.old = []uint16{0}
	pf.widths = []float32{0}
	pf.text = []string{""}
}

// sub returns the subset ID of a glyph, adding it on first use.
func (pf *pdfFont) sub(df *docFace, id uint16) uint16 {
	if int(id) < len(pf.newID) {
		if s := pf.newID[id]; s != 0 || id == 0 {
			return s
		}
	} else {
		n := max(int(id)+1, 2*len(pf.newID), 256)
		pf.newID = append(pf.newID, make([]uint16, n-len(pf.newID))...)
	}
	if id == 0 {
		return 0
	}
	if len(pf.old) >= 0xffff { // a subset cannot hold more: draw .notdef
		return 0
	}
	s := uint16(len(pf.old))
	pf.newID[id] = s
	pf.old = append(pf.old, id)
	w := float32(0)
	if df.face != nil {
		w = roundWidth(df.face.HorizontalAdvance(font.GID(id)) * 1000 / df.upem)
	}
	pf.widths = append(pf.widths, w)
	pf.text = append(pf.text, "")
	return s
}

// roundWidth keeps W arrays short: whole thousandths; the TJ adjustments carry the rest.
func roundWidth(w float32) float32 {
	if w < 0 {
		return float32(int(w - 0.5))
	}
	return float32(int(w + 0.5))
}

// mapCluster records the characters of a cluster's glyphs for the ToUnicode map and reports
// whether the map now expresses the cluster: one glyph for the whole cluster (a letter, a
// ligature), or one glyph per character each the character's own glyph. A glyph already
// standing for other text, or glyphs that cannot be told apart (reordered, substituted,
// several for one letter), need an ActualText span.
//
// A right-to-left ligature's characters are recorded reversed, as extractors reverse them:
// they read glyphs as placed left to right and then reverse right-to-left words.
func (pf *pdfFont) mapCluster(df *docFace, glyphs []glyph, text []rune, rtl bool) bool {
	if len(glyphs) == 1 {
		if rtl && len(text) > 1 {
			text = reversed(text)
		}
		return pf.mapGlyph(df, glyphs[0].id, text)
	}
	if len(glyphs) != len(text) {
		return false
	}
	for _, reversed := range []bool{false, true} {
		ok := true
		for i, r := range text {
			g := glyphs[i]
			if reversed {
				g = glyphs[len(glyphs)-1-i]
			}
			if gid, has := df.face.NominalGlyph(r); !has || uint16(gid) != g.id {
				ok = false
				break
			}
		}
		if ok {
			all := true
			for i := range text {
				g := glyphs[i]
				if reversed {
					g = glyphs[len(glyphs)-1-i]
				}
				all = pf.mapGlyph(df, g.id, text[i:i+1]) && all
			}
			return all
		}
	}
	return false
}

func (pf *pdfFont) mapGlyph(df *docFace, id uint16, text []rune) bool {
	s := pf.sub(df, id)
	if pf.text[s] == "" {
		if s == 0 {
			return false // .notdef stands for nothing
		}
		pf.text[s] = string(text)
		return true
	}
	return eqRunes(pf.text[s], text)
}

func eqRunes(s string, rs []rune) bool {
	i := 0
	for _, r := range s {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return i == len(rs)
}

// toUnicode builds the ToUnicode CMap of a subset.
func (pf *pdfFont) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var ids []int
	for i, t := range pf.text {
		if t != "" {
			ids = append(ids, i)
		}
	}
	for len(ids) > 0 {
		n := min(len(ids), 100) // at most 100 entries per block
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, id := range ids[:n] {
			b.WriteByte('<')
			writeHex4(&b, uint16(id))
			b.WriteString("> <")
			for _, u := range utf16.Encode([]rune(pf.text[id])) {
				writeHex4(&b, u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		ids = ids[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// widthArray writes the W array: runs of consecutive IDs with their widths.
func (pf *pdfFont) widthArray() string {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := 0; i < len(pf.widths); {
		j := i
		for j < len(pf.widths) && j-i < 500 {
			j++
		}
		fmt.Fprintf(&b, "%d[", i)
		for k := i; k < j; k++ {
			if k > i {
				b.WriteByte(' ')
			}
			b.WriteString(num(float64(pf.widths[k])))
		}
		b.WriteString("]")
		i = j
	}
	b.WriteByte(']')
	return b.String()
}

// subsetTag is the six capital letters before a subset font's name, derived from the glyphs
// it holds so the same document gives the same bytes.
func (pf *pdfFont) subsetTag(name string) string {
	h := uint32(2166136261)
	ids := append([]uint16(nil), pf.old...)
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	for _, id := range ids {
		h = (h ^ uint32(id)) * 16777619
	}
	for i := 0; i < len(name); i++ {
		h = (h ^ uint32(name[i])) * 16777619
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = byte('A' + h%26)
		h /= 26
	}
	return string(tag)
}
