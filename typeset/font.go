package typeset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// maxFontFile bounds what a font file may cost: the largest font worth printing with (a CJK
// collection) is about 30 MB.
const maxFontFile = 128 << 20

// outline says how a font draws its glyphs, which decides how it is embedded.
type outline uint8

const (
	outlineTrueType outline = iota // glyf/loca: subset and embedded as CIDFontType2
	outlineBitmap                  // colour bitmaps (CBDT, sbix): drawn as images
)

// Font is one face of a font file. It is parsed lazily: LoadFont and ParseFont read only the
// tables needed to check the file and to answer which characters it has; the shaping tables are
// read the first time a document uses the face. A Font is safe for concurrent use.
type Font struct {
	name string // PostScript name, else the file's base name
	path string // the file it came from, "" for bytes handed over by the caller
	data []byte // the file's bytes once loaded (nil until then for a path)
	idx  int    // face index in a collection
	kind outline
	bold bool     // the face is a bold weight (OS/2 usWeightClass >= 600)
	bbox [4]int16 // head's xMin, yMin, xMax, yMax, in font units
	cmap font.Cmap

	once sync.Once
	ft   *font.Font
	raw  map[string][]byte // the tables a TrueType subset is made of
	pics *bitmapIndex      // where a colour font's pictures are
	err  error

	picMu   sync.Mutex
	encoded map[uint16]encoded // pictures encoded for PDF, shared by documents
}

// Name is the font's PostScript name (or its file name): for logs.
func (f *Font) Name() string { return f.name }

// Path is the file the font was read from; empty for a font parsed from bytes.
func (f *Font) Path() string { return f.path }

// Has reports whether the font maps r to a glyph.
func (f *Font) Has(r rune) bool {
	_, ok := f.cmap.Lookup(r)
	return ok
}

// ParseFont reads a font from bytes (the face at index in a collection, 0 for a single font).
// A malformed font gives an error naming it; nothing in it can panic the caller.
func ParseFont(name string, data []byte, index int) (*Font, error) {
	f := &Font{name: name, data: data, idx: index}
	if err := f.check(bytes.NewReader(data)); err != nil {
		return nil, err
	}
	return f, nil
}

// LoadFont reads the face at index of a font file (0 for a single font). The file is checked
// now; its bytes are read again, whole, only when a document first needs the face.
func LoadFont(path string, index int) (*Font, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", path, err)
	}
	if !st.Mode().IsRegular() || st.Size() > maxFontFile {
		return nil, fmt.Errorf("font %s: not a regular file under %d MB", path, maxFontFile>>20)
	}
	f := &Font{name: filepath.Base(path), path: path, idx: index}
	if err := f.check(fh); err != nil {
		return nil, err
	}
	return f, nil
}

// check reads the table directory, the names, the character map and the outline format: the
// little that tells a usable font from a broken one without loading it.
func (f *Font) check(r ot.Resource) (err error) {
	label := f.name
	if f.path != "" {
		label = f.path
	}
	defer func() {
		if p := recover(); p != nil { // a parser bug on a hostile file must not stop the caller
			err = fmt.Errorf("font %s: malformed (%v)", label, p)
		}
	}()
	lds, err := ot.NewLoaders(r)
	if err != nil {
		return fmt.Errorf("font %s: not a font file: %w", label, err)
	}
	if f.idx < 0 || f.idx >= len(lds) {
		return fmt.Errorf("font %s: no face %d (the file has %d)", label, f.idx, len(lds))
	}
	ld := lds[f.idx]
	raw, err := ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		return fmt.Errorf("font %s: no character map: %w", label, err)
	}
	cm, _, err := tables.ParseCmap(raw)
	if err != nil {
		return fmt.Errorf("font %s: bad character map: %w", label, err)
	}
	if f.cmap, _, err = font.ProcessCmap(cm, 0); err != nil {
		return fmt.Errorf("font %s: bad character map: %w", label, err)
	}
	head, err := ld.RawTable(ot.MustNewTag("head"))
	if err != nil || len(head) < 54 {
		return fmt.Errorf("font %s: no head table", label)
	}
	if upem := binary.BigEndian.Uint16(head[18:]); upem < 16 || upem > 16384 {
		return fmt.Errorf("font %s: units per em %d out of range", label, upem)
	}
	for i := range f.bbox {
		f.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	switch {
	case ld.HasTable(ot.MustNewTag("glyf")) && ld.HasTable(ot.MustNewTag("loca")):
		f.kind = outlineTrueType
	case ld.HasTable(ot.MustNewTag("CFF ")) || ld.HasTable(ot.MustNewTag("CFF2")):
		return fmt.Errorf("font %s: CFF (PostScript) outlines, which typeset does not subset: "+
			"use a TrueType font (for Chinese, Japanese and Korean: fonts-droid-fallback)", label)
	case ld.HasTable(ot.MustNewTag("CBDT")) && ld.HasTable(ot.MustNewTag("CBLC")):
		f.kind = outlineBitmap
	default:
		return fmt.Errorf("font %s: neither TrueType outlines nor colour bitmaps (CBDT)", label)
	}
	if os2, err := ld.RawTable(ot.MustNewTag("OS/2")); err == nil && len(os2) >= 6 {
		f.bold = binary.BigEndian.Uint16(os2[4:]) >= 600
	}
	if raw, err := ld.RawTable(ot.MustNewTag("name")); err == nil {
		if names, _, err := tables.ParseName(raw); err == nil {
			if ps := postScriptName(names.Name(6)); ps != "" {
				f.name = ps
			}
		}
	}
	return nil
}

// postScriptName keeps the characters a PDF name may carry without escapes.
func postScriptName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7f && !strings.ContainsRune("[](){}<>/%#", r) {
			return r
		}
		return -1
	}, s)
	if len(s) > 63 {
		s = s[:63]
	}
	return s
}

// load reads the whole font once. go-text gets a view of the font without what it would keep
// in memory and typeset does not need from it: the colour bitmaps (read from the file per
// picture instead) and, for large fonts such as CJK ones, the outlines (go-text parses every
// outline eagerly: 13 MB for Droid Sans Fallback; shaping those scripts needs none, and the
// subset is made from the raw tables kept here). A font read from a file keeps no copy of it.
func (f *Font) load() (*font.Font, error) {
	f.once.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				f.ft, f.err = nil, fmt.Errorf("font %s: malformed (%v)", f.name, p)
			}
		}()
		data := f.data
		if data == nil {
			b, err := readFile(f.path)
			if err != nil {
				f.err = fmt.Errorf("font %s: %w", f.path, err)
				return
			}
			data = b
		}
		lds, err := ot.NewLoaders(bytes.NewReader(data))
		if err == nil && f.idx >= len(lds) {
			err = errors.New("face index out of range")
		}
		if err != nil {
			f.err = fmt.Errorf("font %s: %w", f.name, err)
			return
		}
		ld := lds[f.idx]
		raw := func(tag string) []byte {
			b, _ := ld.RawTable(ot.MustNewTag(tag))
			return b
		}
		drop := map[string]bool{"CBDT": true, "CBLC": true, "EBDT": true, "EBLC": true, "sbix": true, "SVG ": true}
		switch f.kind {
		case outlineTrueType:
			f.raw = map[string][]byte{}
			for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cvt ", "fpgm", "prep", "OS/2", "post"} {
				if b := raw(tag); len(b) > 0 {
					f.raw[tag] = b
				}
			}
			if _, _, err := checkTrueType(f.raw); err != nil {
				f.err = fmt.Errorf("font %s: %w", f.name, err)
				return
			}
			if len(f.raw["glyf"]) > bigOutlines {
				drop["glyf"], drop["loca"] = true, true
			}
		case outlineBitmap:
			off, n, ok := tableAt(data, f.idx, "CBDT")
			if !ok {
				f.err = fmt.Errorf("font %s: no CBDT table", f.name)
				return
			}
			if f.pics, err = readBitmapIndex(raw("CBLC"), off, n); err != nil {
				f.err = fmt.Errorf("font %s: %w", f.name, err)
				return
			}
		}
		view := map[string][]byte{}
		for _, tag := range ld.Tables() {
			if !drop[tag.String()] {
				view[tag.String()] = raw(tag.String())
			}
		}
		vld, err := ot.NewLoader(bytes.NewReader(writeSFNT(view)))
		if err != nil {
			f.err = fmt.Errorf("font %s: %w", f.name, err)
			return
		}
		if f.ft, err = font.NewFont(vld); err != nil {
			f.err = fmt.Errorf("font %s: %w", f.name, err)
		}
	})
	return f.ft, f.err
}

// bigOutlines is the size of a glyf table beyond which go-text is not given the outlines.
const bigOutlines = 1 << 20

func readFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxFontFile {
		return nil, fmt.Errorf("larger than %d MB", maxFontFile>>20)
	}
	b := make([]byte, st.Size())
	if _, err := fh.ReadAt(b, 0); err != nil {
		return nil, err
	}
	return b, nil
}

// scriptName names the Unicode script of r ("Arabic", "Han"), for reports.
func scriptName(r rune) string {
	for _, name := range scriptOrder {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	for name, t := range unicode.Scripts {
		if unicode.Is(t, r) {
			return name
		}
	}
	return "Unknown"
}

// scriptOrder lists the scripts looked up first by scriptName: the common ones, so naming
// the script of most characters needs no walk over every table.
var scriptOrder = []string{"Latin", "Common", "Inherited", "Arabic", "Hebrew", "Han", "Cyrillic", "Greek", "Devanagari"}
