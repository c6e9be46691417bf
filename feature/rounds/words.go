package rounds

import (
	"embed"
	"errors"

	"folkmoot/commands"
	"folkmoot/round"
	"folkmoot/words"
)

// wording is what rounds says (replies, refusals, !stats, !status and every command's
// help), in every shipped language; the events themselves are worded by package round.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// roomError words a refusal of package round in the room's language; other errors pass.
func roomError(r *commands.Request, err error) error {
	var refused *round.Error
	if errors.As(err, &refused) {
		return commands.Userf("%s", refused.Message(r.Lang, r.Prefix()))
	}
	return err
}
