package rounds

import (
	"embed"
	"errors"
	"strings"

	"folkmoot/bot"
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

// facilitatorsText names the room's facilitators in l for a refusal: "the facilitator
// (ana)", or "the room's facilitator" when it has none, as facts.FacilitatorsText does in
// English.
func facilitatorsText(l *words.Lang, facilitators []bot.Member) string {
	if len(facilitators) == 0 {
		return l.Say("rounds.facilitators.none")
	}
	names := make([]string, len(facilitators))
	for i, f := range facilitators {
		names[i] = f.Display()
	}
	return l.Say("rounds.facilitators.named", "Names", strings.Join(names, l.Say("phrase.list.comma")))
}

// roomError words a refusal of package round in the room's language; other errors pass.
func roomError(r *commands.Request, err error) error {
	var refused *round.Error
	if errors.As(err, &refused) {
		return commands.Userf("%s", refused.Message(r.Lang, r.Prefix()))
	}
	return err
}
