package minutes

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"folkmoot/typeset"
)

// DejaVu Sans covers Latin, Greek and Cyrillic; it is embedded so the binary prints the same
// minutes on any machine, with or without system fonts. Licence: fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// Fonts is the fallback chain the PDF minutes are set in: the embedded DejaVu Sans, then the
// operator's fonts (digests.fonts), then the system's fonts for the scripts DejaVu lacks. It
// also remembers what it has told the operator, so each missing script and each broken
// font is logged once per process, not once per document. Safe for concurrent use.
type Fonts struct {
	chain *typeset.Fonts

	mu   sync.Mutex
	told map[string]bool
}

// fontSets holds the chains made so far, by their extra paths: font files are read once per
// process, and the chain the start-up logged is the one every document then uses.
var (
	fontSetsMu sync.Mutex
	fontSets   = map[string]*fontSet{}
)

type fontSet struct {
	fonts    *Fonts
	problems []error
}

// LoadFonts returns the chain for the extra font files or folders (digests.fonts), with the
// fonts that could not be used (missing, unreadable, malformed, or of a kind typeset cannot
// embed): the chain goes on without them, and the caller logs them at start. The system's
// fonts are found in typeset.SystemDirs. The result is made once per list of paths and
// shared; later calls return the same chain and problems.
func LoadFonts(extra []string) (*Fonts, []error) {
	key := strings.Join(extra, "\x00")
	fontSetsMu.Lock()
	defer fontSetsMu.Unlock()
	if s, ok := fontSets[key]; ok {
		return s.fonts, s.problems
	}
	fonts, problems := newFonts(extra, typeset.SystemDirs)
	fontSets[key] = &fontSet{fonts: fonts, problems: problems}
	return fonts, problems
}

// newFonts builds a chain from the embedded faces, the extra paths and the system folders
// (none: no system fonts).
func newFonts(extra, systemDirs []string) (*Fonts, []error) {
	var problems []error
	regular, err := typeset.ParseFont("DejaVuSans", fontRegular, 0)
	if err != nil { // the embedded font is checked by the tests: this cannot happen
		panic(fmt.Sprintf("minutes: embedded DejaVu Sans: %v", err))
	}
	def := typeset.Family{Regular: regular}
	if bold, err := typeset.ParseFont("DejaVuSans-Bold", fontBold, 0); err == nil {
		def.Bold = bold
	} else {
		problems = append(problems, err)
	}
	var more []typeset.Family
	if len(extra) > 0 {
		fams, errs := typeset.FontFiles(extra...)
		more = append(more, fams...)
		problems = append(problems, errs...)
	}
	if len(systemDirs) > 0 {
		fams, errs := typeset.SystemFonts(systemDirs...)
		more = append(more, fams...)
		problems = append(problems, errs...)
	}
	chain, err := typeset.NewFonts(def, more...)
	if err != nil {
		panic(fmt.Sprintf("minutes: font chain: %v", err))
	}
	return &Fonts{chain: chain, told: map[string]bool{}}, problems
}

// Coverage lists the scripts the assemblies write that no font of the chain covers, each
// with the Debian package that would: for the start-up log.
func (f *Fonts) Coverage() []typeset.Gap { return f.chain.Coverage() }

// Names lists the chain's fonts, default first: for the start-up log.
func (f *Fonts) Names() []string {
	var out []string
	for _, fa := range f.chain.Families() {
		out = append(out, fa.Regular.Name())
	}
	return out
}

// report tells warn, once per process, each script a document met that no font covers and
// each font that failed to load while it was set.
func (f *Fonts) report(d *typeset.Document, warn func(string)) {
	if warn == nil { // nobody to tell: what is missing stays untold for a caller who listens
		return
	}
	gaps := f.chain.FirstSeen(d.Gaps())
	problems := d.Problems()
	for _, g := range gaps {
		warn(fmt.Sprintf("the minutes have %s text that no font covers: it prints as a replacement mark (install the Debian package %s)",
			g.Script, g.Package))
	}
	for _, err := range problems {
		msg := "a font could not be used for the minutes: " + err.Error()
		f.mu.Lock()
		seen := f.told[msg]
		f.told[msg] = true
		f.mu.Unlock()
		if !seen {
			warn(msg)
		}
	}
}
