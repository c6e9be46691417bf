package app

import (
	"github.com/rs/zerolog"

	"folkmoot/config"
	"folkmoot/minutes"
)

// logFonts checks the PDF's fonts at start (the embedded DejaVu Sans, digests.fonts, the
// system's: each one's tables and character map, not its outlines) and tells the operator
// now, not at the first minutes, which font cannot be used and which script no font covers,
// with the Debian package that would.
func logFonts(cfg *config.Config, log zerolog.Logger) {
	fonts, problems := minutes.LoadFonts(cfg.Digests.Fonts)
	log = log.With().Str("component", "print").Logger()
	for _, err := range problems {
		log.Warn().Err(err).Msg("a font for the PDF minutes cannot be used; they are printed without it")
	}
	for _, g := range fonts.Coverage() {
		log.Info().Str("script", g.Script).Str("package", g.Package).
			Msgf("no font for %s text: the PDF minutes print it as a replacement mark until the Debian package %s is installed", g.Script, g.Package)
	}
	names := fonts.Names()
	log.Debug().Int("count", len(names)).Strs("first", names[:min(len(names), 10)]).Msg("fonts for the PDF minutes")
}
