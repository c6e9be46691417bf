package tasks

import (
	"embed"

	"folkmoot/words"
)

// wording is what tasks says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
