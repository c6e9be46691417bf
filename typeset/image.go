package typeset

import (
	"bytes"
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
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
		}
	}
	return rgb, alpha, w, h, true
}
