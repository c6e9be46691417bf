package commands

import (
	"embed"

	"folkmoot/words"
)

// wording is what the engine says itself (unknown commands, usage lines, options that do not
// fit), in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
