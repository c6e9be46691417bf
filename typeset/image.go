package typeset

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	_ "image/jpeg" // some colour fonts store JPEG glyphs
	_ "image/png"
)

// picture is a colour bitmap glyph (an emoji) drawn as an image; its box is in thousandths
// of the type size from the pen on the baseline, y upwards.
type picture struct {
	face       int16
	gid        uint16
	x, y, w, h float32
	data       []byte // PNG or JPEG as stored in the font
}

type imageKey struct {
	face int16
	gid  uint16
}

// maxPicture bounds a glyph image's decoded size (a colour emoji is 136 × 128 pixels).
const maxPicture = 1024

// glyphImage returns the document's image for a bitmap glyph, made on first use; false when
// the font has no usable picture for it (nothing is drawn, the text layer stays).
func (d *Document) glyphImage(df *docFace, fi int16, gid uint16) (int, bool) {
	key := imageKey{fi, gid}
	if i, ok := d.imageOf[key]; ok {
		return i, i >= 0
	}
	d.imageOf[key] = -1
	pic, ok := df.font.picture(gid)
	if !ok {
		return -1, false
	}
	k := 1000 / float32(pic.ppem)
	d.images = append(d.images, picture{face: fi, gid: gid, data: pic.data,
		x: float32(pic.bearingX) * k, y: float32(int(pic.bearingY)-int(pic.height)) * k,
		w: float32(pic.width) * k, h: float32(pic.height) * k})
	i := len(d.images) - 1
	d.imageOf[key] = i
	return i, true
}

// encoded is a picture as a PDF image: zlib-compressed RGB and alpha planes.
type encoded struct {
	rgb, alpha []byte
	w, h       int
}

// maxEncoded bounds the pictures a font keeps encoded (Noto Color Emoji has about 3,700).
const maxEncoded = 1024

// encodedPicture returns a glyph's picture encoded for PDF, from the font's cache when a
// document used it before. A picture that does not decode is one transparent pixel.
func (f *Font) encodedPicture(gid uint16, data []byte) encoded {
	f.picMu.Lock()
	e, ok := f.encoded[gid]
	f.picMu.Unlock()
	if ok {
		return e
	}
	rgb, alpha, w, h, ok := decodePicture(data)
	if !ok {
		rgb, alpha, w, h = []byte{0, 0, 0}, []byte{0}, 1, 1
	}
	e = encoded{rgb: deflate(rgb), alpha: deflate(alpha), w: w, h: h}
	f.picMu.Lock()
	if f.encoded == nil || len(f.encoded) >= maxEncoded {
		f.encoded = map[uint16]encoded{}
	}
	f.encoded[gid] = e
	f.picMu.Unlock()
	return e
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	z := zlib.NewWriter(&out)
	z.Write(b)
	z.Close()
	return out.Bytes()
}

// decodePicture turns a glyph image into 8-bit RGB and alpha planes for an image XObject and
// its soft mask.
func decodePicture(data []byte) (rgb, alpha []byte, w, h int, ok bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPicture || cfg.Height > maxPicture {
		return nil, nil, 0, 0, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, nil, 0, 0, false
	}
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	rgb = make([]byte, 0, 3*w*h)
	alpha = make([]byte, 0, w*h)
	if n, isNRGBA := img.(*image.NRGBA); isNRGBA { // what PNG decodes to with alpha
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := n.Pix[n.PixOffset(b.Min.X, y):n.PixOffset(b.Max.X, y)]
			for i := 0; i+3 < len(row); i += 4 {
				rgb = append(rgb, row[i], row[i+1], row[i+2])
				alpha = append(alpha, row[i+3])
			}
		}
		return rgb, alpha, w, h, true
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
		}
	}
	return rgb, alpha, w, h, true
}
