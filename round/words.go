package round

import (
	"embed"

	"folkmoot/words"
)

// wording is what the round package says (events, summaries, refusals), in every shipped
// language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }
