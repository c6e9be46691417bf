package facts

import (
	"embed"

	"folkmoot/words"
)

// wording is what the room's facts make folkmoot say, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
