package mandates

import (
	"embed"

	"folkmoot/words"
)

// wording is what the mandate commands and their notices say, and their help, in every
// shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
