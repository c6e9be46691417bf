package roles

import (
	"embed"

	"folkmoot/words"
)

// wording is what the role commands say, and their help, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
