package timeparse

import (
	"embed"

	"folkmoot/words"
)

// wording is how times are written, and read, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
