package stories

import (
	"embed"

	"folkmoot/words"
)

// wording is what stories says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
