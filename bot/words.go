package bot

import (
	"embed"

	"folkmoot/words"
)

// wording is what the runtime says itself, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
