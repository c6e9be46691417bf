package typeset

import (
	gbidi "github.com/go-text/typesetting/bidi"
	"golang.org/x/text/unicode/bidi"
)

// Direction is the direction of a paragraph.
type Direction int8

const (
	Auto Direction = iota // from the first letter with a direction (only in Config)
	LTR                   // left to right
	RTL                   // right to left
)

// firstStrong is the paragraph direction by rules P2 and P3 of the bidi algorithm: that of
// the first letter with a direction, skipping isolated text; LTR when there is none.
func firstStrong(text []rune) Direction {
	depth := 0
	for _, r := range text {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.LRI, bidi.RLI, bidi.FSI:
			depth++
		case bidi.PDI:
			if depth > 0 {
				depth--
			}
		case bidi.L:
			if depth == 0 {
				return LTR
			}
		case bidi.R, bidi.AL:
			if depth == 0 {
				return RTL
			}
		}
	}
	return LTR
}

// levels computes the embedding level of every rune of a paragraph (rule L2's input) with
// go-text's bidi algorithm. That library reports one level per run of one direction, so a
// number at level 2 right after text at level 0 is reported at level 0; refineLevels restores
// the levels such numbers have (digits after right-to-left text in a left-to-right paragraph).
func levels(p *gbidi.Paragraph, text []rune, dir Direction, out []int8) []int8 {
	out = out[:0]
	if len(text) == 0 {
		return out
	}
	if dir != RTL && !anyRTL(text) { // most paragraphs: all at level 0, no algorithm to run
		for range text {
			out = append(out, 0)
		}
		return out
	}
	def := gbidi.LeftToRight
	if dir == RTL {
		def = gbidi.RightToLeft
	}
	runs := p.Segment(text, def)
	for i := 0; i < runs.NumRuns(); i++ {
		r := runs.Run(i)
		for j := r.Start; j < r.End; j++ {
			out = append(out, int8(r.Level))
		}
	}
	for len(out) < len(text) { // never expected: keep the slices aligned whatever happens
		out = append(out, int8(def-gbidi.LeftToRight))
	}
	if dir == LTR {
		refineLevels(text, out)
	}
	return out
}

// refineLevels sets the even levels of a left-to-right paragraph without explicit embeddings:
// 2 for the numbers rules W2 to W7 and I1 put there (Arabic digits, and European digits whose
// preceding strong letter is right to left, with the separators and terminators those rules
// attach to them), 0 for everything else: no other rune can be at an even level above 0.
func refineLevels(text []rune, lv []int8) {
	for _, r := range text {
		switch class(r) {
		case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
			return // explicit levels: the library's runs are all there is
		}
	}
	for i := range lv {
		if lv[i]%2 == 0 {
			lv[i] = 0
		}
	}
	prevStrong := bidi.L
	i := 0
	for i < len(text) {
		c := class(text[i])
		if !isNumberish(c) {
			switch c {
			case bidi.L, bidi.R, bidi.AL:
				prevStrong = c
			}
			i++
			continue
		}
		j := i
		for j < len(text) && isNumberish(class(text[j])) {
			j++
		}
		numberLevels(text[i:j], lv[i:j], prevStrong)
		i = j
	}
}

// anyRTL reports whether text has a character that can take an odd level or set levels
// explicitly; below U+0590 (Hebrew) there is none.
func anyRTL(text []rune) bool {
	for _, r := range text {
		if r < 0x590 {
			continue
		}
		switch class(r) {
		case bidi.R, bidi.AL, bidi.AN, bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF,
			bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
			return true
		}
	}
	return false
}

func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

func isNumberish(c bidi.Class) bool {
	switch c {
	case bidi.EN, bidi.AN, bidi.ES, bidi.ET, bidi.CS, bidi.NSM, bidi.BN:
		return true
	}
	return false
}

// numberLevels resolves one stretch of digits, separators and terminators (W4 to W7) and sets
// level 2 where the result is a number and the reported level is even.
func numberLevels(text []rune, lv []int8, prevStrong bidi.Class) {
	n := len(text)
	t := make([]bidi.Class, n)
	for k, r := range text {
		t[k] = class(r)
		if t[k] == bidi.EN && prevStrong == bidi.AL { // W2
			t[k] = bidi.AN
		}
		if t[k] == bidi.NSM && k > 0 { // W1
			t[k] = t[k-1]
		}
	}
	for k := 1; k+1 < n; k++ { // W4: one separator between two numbers of a kind
		if (t[k] == bidi.ES || t[k] == bidi.CS) && t[k-1] == bidi.EN && t[k+1] == bidi.EN {
			t[k] = bidi.EN
		} else if t[k] == bidi.CS && t[k-1] == bidi.AN && t[k+1] == bidi.AN {
			t[k] = bidi.AN
		}
	}
	for k := 0; k < n; k++ { // W5: terminators next to European digits
		if t[k] != bidi.ET {
			continue
		}
		e := k
		for e < n && t[e] == bidi.ET {
			e++
		}
		if (k > 0 && t[k-1] == bidi.EN) || (e < n && t[e] == bidi.EN) {
			for m := k; m < e; m++ {
				t[m] = bidi.EN
			}
		}
		k = e - 1
	}
	for k := range t {
		num := t[k] == bidi.AN || (t[k] == bidi.EN && prevStrong != bidi.L) // W7
		if num && lv[k]%2 == 0 {
			lv[k] = 2
		}
	}
}

// visualOrder returns the indexes of items (clusters of a line, in logical order, with their
// levels) in the order they are drawn from left to right: rule L2, reversing every maximal
// sequence at each level from the highest down to the lowest odd one.
func visualOrder(lv []int8, order []int) []int {
	order = order[:0]
	hi, lo := int8(0), int8(127)
	for i, l := range lv {
		order = append(order, i)
		hi, lo = max(hi, l), min(lo, l)
	}
	if lo%2 == 0 {
		lo++
	}
	for level := hi; level >= lo; level-- {
		for i := 0; i < len(lv); {
			if lv[order[i]] < level {
				i++
				continue
			}
			j := i
			for j < len(lv) && lv[order[j]] >= level {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}
