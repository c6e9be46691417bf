package typeset

import (
	"encoding/binary"
	"errors"
	"io"
	"os"
)

// Colour bitmap glyphs (CBLC/CBDT, as in Noto Color Emoji) are read here rather than by go-text,
// which would keep the whole 11 MB CBDT table in memory for the life of the process: typeset
// keeps the small index (CBLC) and reads a glyph's picture from the file when a document first
// uses it.

// bitmapIndex locates the pictures of the largest strike of a CBLC table.
type bitmapIndex struct {
	cblc    []byte
	strike  int    // offset of the chosen BitmapSize record
	ppem    uint8  // its pixels per em
	cbdtOff uint32 // where CBDT starts in the file (or in Font.data)
	cbdtLen uint32
}

// bitmapPicture is one glyph's picture and its box in pixels of the strike.
type bitmapPicture struct {
	data                []byte
	bearingX, bearingY  int8
	width, height, ppem uint8
}

func readBitmapIndex(cblc []byte, cbdtOff, cbdtLen uint32) (*bitmapIndex, error) {
	if len(cblc) < 8 {
		return nil, errors.New("CBLC table too short")
	}
	n := int(binary.BigEndian.Uint32(cblc[4:]))
	if n <= 0 || 8+48*n > len(cblc) {
		return nil, errors.New("CBLC table without strikes")
	}
	bi := &bitmapIndex{cblc: cblc, cbdtOff: cbdtOff, cbdtLen: cbdtLen, strike: -1}
	for i := range n {
		rec := 8 + 48*i
		if ppem := cblc[rec+44]; bi.strike < 0 || ppem > bi.ppem {
			bi.strike, bi.ppem = rec, ppem
		}
	}
	if bi.ppem == 0 {
		return nil, errors.New("CBLC strike of 0 pixels per em")
	}
	return bi, nil
}

// locate finds a glyph's data in CBDT: its offset and length, the image format, and for
// formats whose metrics live in the index (2, 5), those.
func (bi *bitmapIndex) locate(gid uint16) (off, length uint32, imageFormat uint16, big []byte, ok bool) {
	c := bi.cblc
	rec := c[bi.strike:]
	arr := int(binary.BigEndian.Uint32(rec))
	count := int(binary.BigEndian.Uint32(rec[8:]))
	u16 := func(o int) int {
		if o < 0 || o+2 > len(c) {
			return -1
		}
		return int(binary.BigEndian.Uint16(c[o:]))
	}
	u32 := func(o int) int64 {
		if o < 0 || o+4 > len(c) {
			return -1
		}
		return int64(binary.BigEndian.Uint32(c[o:]))
	}
	for i := range min(count, 4096) {
		e := arr + 8*i
		first, last := u16(e), u16(e+2)
		sub := u32(e + 4)
		if first < 0 || last < 0 || sub < 0 || int(gid) < first || int(gid) > last {
			continue
		}
		h := arr + int(sub)
		idxFormat, imgFormat, base := u16(h), u16(h+2), u32(h+4)
		if idxFormat < 0 || imgFormat < 0 || base < 0 {
			return 0, 0, 0, nil, false
		}
		k := int(gid) - first
		var a, b int64
		switch idxFormat {
		case 1:
			a, b = u32(h+8+4*k), u32(h+8+4*k+4)
		case 3:
			a, b = int64(u16(h+8+2*k)), int64(u16(h+8+2*k+2))
		case 2:
			size := u32(h + 8)
			a, b = size*int64(k), size*int64(k+1)
			if h+20 <= len(c) {
				big = c[h+12 : h+20]
			}
		case 4:
			n := int(u32(h + 8))
			for j := 0; j < n && j < 65536; j++ {
				if u16(h+12+4*j) == int(gid) {
					a, b = int64(u16(h+12+4*j+2)), int64(u16(h+12+4*j+6))
					break
				}
			}
		case 5:
			size := u32(h + 8)
			n := int(u32(h + 20))
			for j := 0; j < n && j < 65536; j++ {
				if u16(h+24+2*j) == int(gid) {
					a, b = size*int64(j), size*int64(j+1)
					break
				}
			}
			if h+20 <= len(c) {
				big = c[h+12 : h+20]
			}
		default:
			return 0, 0, 0, nil, false
		}
		if a < 0 || b <= a || base+b > int64(bi.cbdtLen) {
			return 0, 0, 0, nil, false
		}
		return uint32(base + a), uint32(b - a), uint16(imgFormat), big, true
	}
	return 0, 0, 0, nil, false
}

// picture reads a glyph's PNG and metrics from the font's bytes or its file.
func (f *Font) picture(gid uint16) (bitmapPicture, bool) {
	bi := f.pics
	if bi == nil {
		return bitmapPicture{}, false
	}
	off, n, format, big, ok := bi.locate(gid)
	if !ok || n > 4<<20 {
		return bitmapPicture{}, false
	}
	rec := make([]byte, n)
	if f.data != nil {
		end := uint64(bi.cbdtOff) + uint64(off) + uint64(n)
		if end > uint64(len(f.data)) {
			return bitmapPicture{}, false
		}
		copy(rec, f.data[bi.cbdtOff+off:])
	} else {
		fh, err := os.Open(f.path)
		if err != nil {
			return bitmapPicture{}, false
		}
		_, err = fh.ReadAt(rec, int64(bi.cbdtOff)+int64(off))
		fh.Close()
		if err != nil && err != io.EOF {
			return bitmapPicture{}, false
		}
	}
	p := bitmapPicture{ppem: bi.ppem}
	var body []byte
	switch format {
	case 17: // small metrics, length, PNG
		if len(rec) < 9 {
			return bitmapPicture{}, false
		}
		p.height, p.width, p.bearingX, p.bearingY = rec[0], rec[1], int8(rec[2]), int8(rec[3])
		body = rec[9:]
	case 18: // big metrics, length, PNG
		if len(rec) < 12 {
			return bitmapPicture{}, false
		}
		p.height, p.width, p.bearingX, p.bearingY = rec[0], rec[1], int8(rec[2]), int8(rec[3])
		body = rec[12:]
	case 19: // length, PNG; the metrics are in the index
		if len(rec) < 4 || len(big) < 8 {
			return bitmapPicture{}, false
		}
		p.height, p.width, p.bearingX, p.bearingY = big[0], big[1], int8(big[2]), int8(big[3])
		body = rec[4:]
	default:
		return bitmapPicture{}, false
	}
	if len(body) < 4 {
		return bitmapPicture{}, false
	}
	if dl := binary.BigEndian.Uint32(rec[len(rec)-len(body)-4:]); int(dl) <= len(body) {
		body = body[:dl]
	}
	p.data = body
	return p, p.width > 0 && p.height > 0
}

// tableAt finds a table of face index in a font file's bytes: its offset and length.
func tableAt(data []byte, index int, tag string) (off, length uint32, ok bool) {
	base := 0
	if len(data) >= 12 && string(data[:4]) == "ttcf" {
		n := int(binary.BigEndian.Uint32(data[8:]))
		if index >= n || 12+4*index+4 > len(data) {
			return 0, 0, false
		}
		base = int(binary.BigEndian.Uint32(data[12+4*index:]))
	}
	if base+12 > len(data) {
		return 0, 0, false
	}
	n := int(binary.BigEndian.Uint16(data[base+4:]))
	for i := range n {
		e := base + 12 + 16*i
		if e+16 > len(data) {
			return 0, 0, false
		}
		if string(data[e:e+4]) == tag {
			off, length = binary.BigEndian.Uint32(data[e+8:]), binary.BigEndian.Uint32(data[e+12:])
			return off, length, uint64(off)+uint64(length) <= uint64(len(data))
		}
	}
	return 0, 0, false
}
