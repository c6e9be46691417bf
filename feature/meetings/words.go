package meetings

import (
	"embed"

	"folkmoot/words"
)

// wording is what meetings, minutes and digests say in the room, and the commands' help, in
// every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
