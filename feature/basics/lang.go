package basics

import (
	"context"
	"embed"
	"strings"

	"folkmoot/bot"
	"folkmoot/commands"
	"folkmoot/facts"
	"folkmoot/words"
)

// wording is what basics says, in every shipped language.
//
//go:embed lang/*.yaml
var wording embed.FS

func init() { words.Add(wording) }

// cmdLang's help is in the catalog (help.lang).
var cmdLang = &commands.Command{
	Name:             "lang",
	Aliases:          []string{"language"},
	Section:          Section,
	Guard:            commands.Guard{Level: commands.FacilitatorLevel},
	ShowsWithoutArgs: true,
	Rules:            []string{"language"},
	Run:              runLang,
}

func runLang(ctx context.Context, r *commands.Request) (bot.Reply, error) {
	if len(r.Args.Words) == 0 {
		return bot.Text(r.Lang.Say("basics.lang.now", "Language", languageName(r.Lang.Language),
			"Languages", shippedList(), "Command", r.Prefix()+"lang es")), nil
	}
	typed := strings.Join(r.Args.Words, " ")
	chosen, ok := words.Find(typed)
	if !ok {
		return bot.Reply{}, commands.Userf("%s", r.Lang.Say("basics.lang.unknown", "Typed", bot.Inert(typed), "Languages", shippedList()))
	}
	if err := facts.SetRoomLanguage(ctx, r.Tx, r.Room, chosen.Tag, r.At); err != nil {
		return bot.Reply{}, err
	}
	// The answer is the first thing the room hears in its new language.
	return bot.Text(words.For(chosen.Tag).Say("basics.lang.set", "Language", languageName(chosen))), nil
}

// languageName is a language in its own words with its tag: "Español (es)".
func languageName(l words.Language) string { return l.Name + " (" + l.Tag + ")" }

// shippedList names every shipped language in its own words, with its tag.
func shippedList() string {
	names := make([]string, len(words.Shipped))
	for i, l := range words.Shipped {
		names[i] = languageName(l)
	}
	return strings.Join(names, ", ")
}
