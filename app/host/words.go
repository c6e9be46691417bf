package host

import (
	"embed"

	"folkmoot/words"
)

// wording is what the road says itself (a flood of commands, a member's own room), in every
// shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
