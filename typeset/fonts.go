package typeset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Fonts is the fallback chain: for each word, the first family that has every character of it;
// for a word no single family covers, the first family for each of its clusters. A family
// listed for a script (Family.Scripts) is tried first for words in that script, so Arabic
// goes to an Arabic font even when the default font has a few Arabic letters. The first
// family is the default: it also draws the replacement glyph for text no font covers.
// Fonts is safe for concurrent use; documents share one.
type Fonts struct {
	families []Family

	mu       sync.Mutex
	reported map[string]bool // scripts FirstSeen has returned
}

// Family is a regular face and its bold face, with the scripts it is meant for.
type Family struct {
	Regular *Font
	Bold    *Font // nil: bold text is drawn with Regular, emboldened by stroking its outlines
	// Scripts names the scripts (as in unicode.Scripts: "Arabic", "Han") and "Emoji" whose
	// words try this family before the chain's order. Empty: only the chain's order.
	Scripts []string
}

// NewFonts makes a chain of the default family followed by more. A family without a regular
// face is an error; the default must be an outline font (it draws the replacement glyph).
// Like every face, the default is parsed only when a document first needs it: parsed, DejaVu
// Sans alone holds 3 MB, which a bot that prints once a week should not carry from its start.
func NewFonts(def Family, more ...Family) (*Fonts, error) {
	if def.Regular == nil {
		return nil, errors.New("typeset: the default family has no regular face")
	}
	if def.Regular.kind == outlineBitmap {
		return nil, fmt.Errorf("typeset: the default font %s has only bitmap glyphs", def.Regular.name)
	}
	fs := &Fonts{families: []Family{def}}
	for _, fa := range more {
		if fa.Regular == nil {
			return nil, errors.New("typeset: a family has no regular face")
		}
		fs.families = append(fs.families, fa)
	}
	return fs, nil
}

// Load reads every face of the chain now and returns the errors of those that cannot be used,
// for the caller to log at start; the chain goes on without them. Without Load a face is read
// when a document first needs it, and its error shows in that document's Problems. Loading
// is not free: fonts-noto-core's 150 families take 80 MB and 2 s, where the lazy way costs
// only the scripts printed (6.5 MB for those of the mixed-script digest).
func (fs *Fonts) Load() []error {
	var errs []error
	for _, fa := range fs.families {
		for _, f := range []*Font{fa.Regular, fa.Bold} {
			if f != nil {
				if _, err := f.load(); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	return errs
}

// FirstSeen returns the gaps (a document's Gaps) not returned before by this chain, so a
// missing script is logged once per process, not once per document.
func (fs *Fonts) FirstSeen(gaps []Gap) []Gap {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.reported == nil {
		fs.reported = map[string]bool{}
	}
	var out []Gap
	for _, g := range gaps {
		if !fs.reported[g.Script] {
			fs.reported[g.Script] = true
			out = append(out, g)
		}
	}
	return out
}

// Families returns the chain, default first.
func (fs *Fonts) Families() []Family { return append([]Family(nil), fs.families...) }

// face returns a family's face for a weight and whether it must be emboldened.
func (fa Family) face(bold bool) (*Font, bool) {
	if !bold {
		return fa.Regular, false
	}
	if fa.Bold != nil {
		return fa.Bold, false
	}
	return fa.Regular, !fa.Regular.bold && fa.Regular.kind != outlineBitmap
}

func (fa Family) isFor(script string) bool {
	for _, s := range fa.Scripts {
		if s == script {
			return true
		}
	}
	return false
}

// Gap is a script no font in the chain covers, with the Debian package that would.
type Gap struct {
	Script  string // as in unicode.Scripts ("Tamil"), or "Emoji"
	Package string // a Debian package with a font for it
}

func (g Gap) String() string {
	return fmt.Sprintf("no font for %s text (Debian package %s)", g.Script, g.Package)
}

// Coverage checks the chain against a sample of each script the assemblies write and returns
// those no family covers: the caller logs them once at start.
func (fs *Fonts) Coverage() []Gap {
	var gaps []Gap
	for _, s := range samples {
		covered := false
		for _, fa := range fs.families {
			if fa.Regular.Has(s.r) {
				covered = true
				break
			}
		}
		if !covered {
			gaps = append(gaps, Gap{Script: s.script, Package: packageFor(s.script)})
		}
	}
	return gaps
}

var samples = []struct {
	script string
	r      rune
}{
	{"Latin", 'ŋ'}, {"Greek", 'λ'}, {"Cyrillic", 'ж'}, {"Arabic", 'ێ'}, {"Hebrew", 'ש'},
	{"Han", '社'}, {"Devanagari", 'क'}, {"Ethiopic", 'ሰ'}, {"Emoji", '🌻'}, {"Symbols", '⚖'},
}

// packageFor names a Debian package with a font for a script.
func packageFor(script string) string {
	switch script {
	case "Han", "Hiragana", "Katakana", "Bopomofo", "Hangul":
		return "fonts-droid-fallback"
	case "Emoji":
		return "fonts-noto-color-emoji"
	case "Latin", "Greek", "Cyrillic":
		return "fonts-dejavu-core"
	}
	return "fonts-noto-core"
}

// systemFont is a font file the discovery knows, by name, with the scripts it is for.
type systemFont struct {
	regular, bold string
	scripts       []string
}

// systemFonts lists, per script, the Debian fonts to prefer (the first one found wins) and
// why: Noto Sans matches DejaVu Sans's weight and proportions; Droid Sans Fallback is the
// CJK font with TrueType outlines (fonts-noto-cjk's are CFF: see the package note);
// Noto Color Emoji draws emoji as colour bitmaps, Symbola as outlines where it is missing.
var systemFonts = []systemFont{
	{"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", []string{"Arabic"}},
	{"NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf", []string{"Arabic"}},
	{"Amiri-Regular.ttf", "Amiri-Bold.ttf", []string{"Arabic"}},
	{"NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf", []string{"Hebrew"}},
	{"NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf", []string{"Devanagari"}},
	{"NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf", []string{"Ethiopic"}},
	{"DroidSansFallbackFull.ttf", "", []string{"Han", "Hiragana", "Katakana", "Bopomofo", "Hangul"}},
	{"wqy-zenhei.ttc", "", []string{"Han", "Hiragana", "Katakana", "Bopomofo", "Hangul"}},
	{"NotoColorEmoji.ttf", "", []string{"Emoji"}},
	{"NotoSansSymbols2-Regular.ttf", "", nil},
	{"NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Bold.ttf", nil},
	{"NotoSansMath-Regular.ttf", "", nil},
	{"Symbola_hint.ttf", "", []string{"Emoji"}},
	{"Symbola.ttf", "", []string{"Emoji"}},
}

// SystemDirs are the folders SystemFonts searches when given none.
var SystemDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}

// SystemFonts finds fonts for the scripts the default font lacks in dirs (SystemDirs when
// none), searched recursively: the fonts of systemFonts by file name, one per script, then
// every other "NotoSans<Script>-Regular.ttf" (fonts-noto-core's other scripts). Only the
// files' directories and character maps are read now. A file that cannot be used is an error
// in errs, and the search carries on without it.
func SystemFonts(dirs ...string) (fams []Family, errs []error) {
	if len(dirs) == 0 {
		dirs = SystemDirs
	}
	files := map[string]string{} // base name -> first path found
	var names []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && path == dir {
					return filepath.SkipDir
				}
				errs = append(errs, fmt.Errorf("font folder: %w", err))
				return nil
			}
			if d.Type().IsRegular() && isFontFile(d.Name()) {
				if _, ok := files[d.Name()]; !ok {
					files[d.Name()] = path
					names = append(names, d.Name())
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("font folder %s: %w", dir, err))
		}
	}
	covered := map[string]bool{}
	used := map[string]bool{}
	add := func(regular, bold string, scripts []string) {
		used[regular], used[bold] = true, true
		path, ok := files[regular]
		if !ok {
			return
		}
		fa, err := loadFamily(path, files[bold])
		if err != nil {
			errs = append(errs, err)
			return
		}
		fa.Scripts = scripts
		fams = append(fams, fa)
		for _, s := range scripts {
			covered[s] = true
		}
	}
	for _, sf := range systemFonts {
		if len(sf.scripts) > 0 && allCovered(covered, sf.scripts) {
			continue
		}
		add(sf.regular, sf.bold, sf.scripts)
	}
	sort.Strings(names)
	for _, n := range names {
		script, ok := strings.CutPrefix(n, "NotoSans")
		script, ok2 := strings.CutSuffix(script, "-Regular.ttf")
		if !ok || !ok2 || used[n] || script == "" || strings.ContainsAny(script, "-_") ||
			strings.HasSuffix(script, "UI") || strings.HasPrefix(script, "Mono") || strings.HasPrefix(script, "Display") {
			continue
		}
		add(n, "NotoSans"+script+"-Bold.ttf", []string{script})
	}
	return fams, errs
}

func allCovered(covered map[string]bool, scripts []string) bool {
	for _, s := range scripts {
		if !covered[s] {
			return false
		}
	}
	return true
}

func isFontFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ttf", ".otf", ".ttc", ".otc":
		return true
	}
	return false
}

// loadFamily loads a regular face and, when bold is not empty, its bold face; a bold face
// that cannot be used leaves the family with an emboldened regular one, not without a family.
func loadFamily(regular, bold string) (Family, error) {
	r, err := LoadFont(regular, 0)
	if err != nil {
		return Family{}, err
	}
	fa := Family{Regular: r}
	if bold != "" {
		if b, err := LoadFont(bold, 0); err == nil {
			fa.Bold = b
		} else {
			return fa, err
		}
	}
	return fa, nil
}

// FontFiles loads the operator's extra fonts: each path is a font file or a folder searched
// recursively. A file named like "X-Bold.ttf" beside "X-Regular.ttf" becomes that family's
// bold face; every other file is a family of its own. Unusable files are errors in errs.
func FontFiles(paths ...string) (fams []Family, errs []error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("font %s: %w", p, err))
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && isFontFile(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("font folder %s: %w", p, err))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	isBold := map[string]bool{}
	for _, f := range files {
		if b := boldSibling(f); b != "" && contains(files, b) {
			isBold[b] = true
		}
	}
	for _, f := range files {
		if isBold[f] {
			continue
		}
		b := boldSibling(f)
		if !contains(files, b) {
			b = ""
		}
		fa, err := loadFamily(f, b)
		if err != nil {
			errs = append(errs, err)
		}
		if fa.Regular != nil {
			fa.Scripts = scriptsOf(fa.Regular)
			fams = append(fams, fa)
		}
	}
	return fams, errs
}

// scriptsOf lists the sample scripts beyond Latin, Greek and Cyrillic a font has: an
// operator's font for Arabic is then tried first for Arabic words, as a system one would be.
func scriptsOf(f *Font) []string {
	var out []string
	for _, s := range samples {
		switch s.script {
		case "Latin", "Greek", "Cyrillic":
			continue
		}
		if f.Has(s.r) {
			out = append(out, s.script)
		}
	}
	return out
}

// boldSibling names the bold face beside a "-Regular" file, or "".
func boldSibling(path string) string {
	dir, base := filepath.Split(path)
	ext := filepath.Ext(base)
	stem, ok := strings.CutSuffix(strings.TrimSuffix(base, ext), "-Regular")
	if !ok {
		return ""
	}
	return filepath.Join(dir, stem+"-Bold"+ext)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
