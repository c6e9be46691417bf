package schedule

import (
	"embed"

	"folkmoot/words"
)

// wording is what the scheduler says itself (a job delayed, given up or missed), in every
// shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
