package typeset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// subsetTrueType builds a TrueType font holding only the glyphs old lists, renumbered in that
// order (glyph i of the subset is old[i]); the components of composite glyphs are appended
// after them. The PDF then maps CID i to glyph i (CIDToGIDMap /Identity). Only the tables a PDF
// reader draws with are kept: no layout tables, no names. Every offset read from the font is
// checked, so a malformed font gives an error, not a panic.
func subsetTrueType(raw map[string][]byte, old []uint16) (out []byte, all []uint16, err error) {
	table := func(tag string) []byte { return raw[tag] }
	head, hhea, maxp := table("head"), table("hhea"), table("maxp")
	hmtx, glyf := table("hmtx"), table("glyf")
	offsets, numHM, err := checkTrueType(raw)
	if err != nil {
		return nil, nil, err
	}
	numGlyphs := len(offsets) - 1

	all = append([]uint16(nil), old...)
	index := make(map[uint16]uint16, len(all))
	for i, g := range all {
		if _, ok := index[g]; !ok {
			index[g] = uint16(i)
		}
	}
	var newGlyf []byte
	newLoca := make([]uint32, 0, len(all)+1)
	for i := 0; i < len(all); i++ {
		newLoca = append(newLoca, uint32(len(newGlyf)))
		g := int(all[i])
		if g >= numGlyphs {
			continue // an ID the font does not have: an empty glyph
		}
		data := glyf[offsets[g]:offsets[g+1]]
		start := len(newGlyf)
		newGlyf = append(newGlyf, data...)
		if len(data) >= 10 && int16(binary.BigEndian.Uint16(data)) < 0 {
			comp := newGlyf[start:]
			if err := remapComponents(comp, func(c uint16) (uint16, bool) {
				if n, ok := index[c]; ok {
					return n, true
				}
				if len(all) >= 0xffff {
					return 0, false
				}
				n := uint16(len(all))
				index[c] = n
				all = append(all, c)
				return n, true
			}); err != nil {
				newGlyf = newGlyf[:start] // a broken composite glyph draws as nothing
			}
		}
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	newLoca = append(newLoca, uint32(len(newGlyf)))
	n := len(all)

	locaB := make([]byte, 4*len(newLoca))
	for i, o := range newLoca {
		binary.BigEndian.PutUint32(locaB[4*i:], o)
	}
	hmtxB := make([]byte, 4*n)
	for i, g := range all {
		adv, lsb := metrics(hmtx, numHM, int(g))
		binary.BigEndian.PutUint16(hmtxB[4*i:], adv)
		binary.BigEndian.PutUint16(hmtxB[4*i+2:], lsb)
	}
	headB := append([]byte(nil), head[:54]...)
	binary.BigEndian.PutUint32(headB[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(headB[50:], 1)
	hheaB := append([]byte(nil), hhea[:36]...)
	binary.BigEndian.PutUint16(hheaB[34:], uint16(n))
	maxpB := append([]byte(nil), maxp...)
	binary.BigEndian.PutUint16(maxpB[4:], uint16(n))

	tables := map[string][]byte{
		"head": headB, "hhea": hheaB, "maxp": maxpB, "hmtx": hmtxB, "loca": locaB, "glyf": newGlyf,
		"cmap": emptyCmap, "post": post3(table("post")),
	}
	for _, tag := range []string{"cvt ", "fpgm", "prep", "OS/2"} {
		if b := table(tag); len(b) > 0 {
			tables[tag] = b
		}
	}
	return writeSFNT(tables), all, nil
}

// checkTrueType checks the tables a subset is made from, so a font that cannot be subset is
// refused when loaded, not when a document is written: it returns the glyph offsets and
// hmtx's count of full metrics.
func checkTrueType(raw map[string][]byte) (offsets []uint32, numHM int, err error) {
	head, hhea, maxp := raw["head"], raw["hhea"], raw["maxp"]
	if len(head) < 54 || len(hhea) < 36 || len(maxp) < 6 {
		return nil, 0, errors.New("missing or short head, hhea or maxp table")
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	if offsets, err = readLoca(raw["loca"], numGlyphs, longLoca, len(raw["glyf"])); err != nil {
		return nil, 0, err
	}
	numHM = int(binary.BigEndian.Uint16(hhea[34:]))
	if numHM == 0 || len(raw["hmtx"]) < 4*numHM {
		return nil, 0, errors.New("bad hmtx table")
	}
	return offsets, numHM, nil
}

// readLoca reads the glyph offsets and checks they stay inside glyf and never go back.
func readLoca(loca []byte, numGlyphs int, long bool, glyfLen int) ([]uint32, error) {
	size := 2
	if long {
		size = 4
	}
	if len(loca) < size*(numGlyphs+1) {
		return nil, errors.New("loca table shorter than the glyph count")
	}
	out := make([]uint32, numGlyphs+1)
	for i := range out {
		if long {
			out[i] = binary.BigEndian.Uint32(loca[4*i:])
		} else {
			out[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if out[i] > uint32(glyfLen) || (i > 0 && out[i] < out[i-1]) {
			return nil, fmt.Errorf("loca entry %d out of order or past glyf", i)
		}
	}
	return out, nil
}

// remapComponents rewrites the glyph IDs a composite glyph refers to.
func remapComponents(data []byte, remap func(uint16) (uint16, bool)) error {
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		more         = 0x0020
		haveXYScale  = 0x0040
		have2x2      = 0x0080
	)
	p := 10
	for {
		if p+4 > len(data) {
			return errors.New("composite glyph cut short")
		}
		flags := binary.BigEndian.Uint16(data[p:])
		c := binary.BigEndian.Uint16(data[p+2:])
		n, ok := remap(c)
		if !ok {
			return errors.New("too many glyphs")
		}
		binary.BigEndian.PutUint16(data[p+2:], n)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&have2x2 != 0:
			p += 8
		}
		if flags&more == 0 {
			return nil
		}
	}
}

// metrics reads a glyph's advance and left side bearing from hmtx.
func metrics(hmtx []byte, numHM, g int) (adv, lsb uint16) {
	if g < numHM {
		return binary.BigEndian.Uint16(hmtx[4*g:]), binary.BigEndian.Uint16(hmtx[4*g+2:])
	}
	adv = binary.BigEndian.Uint16(hmtx[4*(numHM-1):])
	if o := 4*numHM + 2*(g-numHM); o+2 <= len(hmtx) {
		lsb = binary.BigEndian.Uint16(hmtx[o:])
	}
	return adv, lsb
}

// emptyCmap is a format 4 cmap with only the closing segment: the PDF maps codes to glyphs
// itself, but some readers refuse a TrueType font without a cmap.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows, Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length, language
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2, searchRange, entrySelector, rangeShift
	0xff, 0xff, 0, 0, // endCode, reservedPad
	0xff, 0xff, 0, 1, 0, 0, // startCode, idDelta, idRangeOffset
}

// post3 keeps the post table's header as version 3 (no glyph names).
func post3(post []byte) []byte {
	b := make([]byte, 32)
	copy(b, post)
	binary.BigEndian.PutUint32(b, 0x00030000)
	return b
}

// writeSFNT writes tables as a TrueType file: sorted directory, each table 4-byte aligned,
// checksums, and head's checkSumAdjustment.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	sel := 0
	for 1<<(sel+1) <= n {
		sel++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<sel))
	binary.BigEndian.PutUint16(out[8:], uint16(sel))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<sel))
	headAt := -1
	for i, t := range tags {
		data := tables[t]
		off := len(out)
		if t == "head" {
			headAt = off
		}
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		e := out[12+16*i:]
		copy(e, t)
		binary.BigEndian.PutUint32(e[4:], checksum(out[off:]))
		binary.BigEndian.PutUint32(e[8:], uint32(off))
		binary.BigEndian.PutUint32(e[12:], uint32(len(data)))
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i+4 <= len(b); i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	if r := len(b) % 4; r != 0 {
		var last [4]byte
		copy(last[:], b[len(b)-r:])
		s += binary.BigEndian.Uint32(last[:])
	}
	return s
}
