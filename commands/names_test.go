package commands

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"folkmoot/bot"
	"folkmoot/config"
	"folkmoot/words"
)

// A feature's names for its commands, as a feature's lang/*.yaml gives them: Spanish and
// French name vote and yes, German says nothing of them. The messages join the program's
// catalog of this test binary only.
func init() {
	words.Add(fstest.MapFS{
		"lang/en.yaml": {Data: []byte(`help:
  vote: {names: "vote", synopsis: "<question>", examples: "vote \"Paint it?\""}
  "yes": {names: "yes"}
  ballot: {names: "ballot"}
  twin: {names: "twin"}
`)},
		"lang/es.yaml": {Data: []byte(`help:
  vote: {names: "vote votar votación"}
  "yes": {names: "yes sí si"}
  ballot: {names: "ballot vote"}
  twin: {names: "twin votar"}
`)},
		"lang/fr.yaml": {Data: []byte(`help:
  vote: {names: "vote voter"}
  "yes": {names: "yes oui"}
`)},
	})
}

// namedCommands are vote, with the alias poll, and yes, a ballot.
func namedCommands() []*Command {
	return []*Command{
		{Name: "vote", Aliases: []string{"poll"}, Section: "Votes", Run: say("vote ran")},
		{Name: "yes", Section: "Votes", Ballot: true, Run: say("yes ran")},
	}
}

func say(text string) func(context.Context, *Request) (bot.Reply, error) {
	return func(context.Context, *Request) (bot.Reply, error) { return bot.Text(text), nil }
}

// TestNamesInTheRoomsLanguage: a room speaking Spanish runs !votar and !sí, with or without
// accents and in any case; English names and aliases work in every room; a name of Spanish
// is no name in French or English.
func TestNamesInTheRoomsLanguage(t *testing.T) {
	reg, err := NewRegistry(namedCommands())
	if err != nil {
		t.Fatal(err)
	}
	es, fr, de := words.For("es"), words.For("fr"), words.For("de")
	tests := []struct {
		l     *words.Lang
		typed string
		want  string // "" for none
	}{
		{es, "votar", "vote"}, {es, "VOTACIÓN", "vote"}, {es, "votacion", "vote"}, {es, "sí", "yes"}, {es, "si", "yes"},
		{es, "vote", "vote"}, {es, "poll", "vote"}, {fr, "voter", "vote"}, {fr, "oui", "yes"}, {de, "vote", "vote"},
		{fr, "votar", ""}, {de, "votar", ""}, {nil, "votar", ""}, {nil, "sí", ""}, {es, "oui", ""},
	}
	for _, tt := range tests {
		c, ok := reg.Lookup(tt.l, tt.typed)
		got := ""
		if ok {
			got = c.Name
		}
		if got != tt.want {
			t.Errorf("Lookup(%v, %q) = %q, want %q", tt.l.Tag, tt.typed, got, tt.want)
		}
	}
	vote, _ := reg.Lookup(nil, "vote")
	if got := strings.Join(reg.NamesIn(es, vote), " "); got != "votar votación" {
		t.Errorf("NamesIn(es, vote) = %q", got)
	}
	if got := reg.NamesIn(words.For("en"), vote); len(got) != 0 {
		t.Errorf("NamesIn(en, vote) = %q", got)
	}
}

// TestLanguageNamesRefusedWhenTaken: a name a language gives a command that is another
// command's English name, or another command's name in that language, is refused by
// Names().Check; a room speaking the language finds the command named first.
func TestLanguageNamesRefusedWhenTaken(t *testing.T) {
	checked := func(cmds ...*Command) (*Registry, error) {
		reg, err := NewRegistry(cmds)
		if err != nil {
			t.Fatal(err)
		}
		return reg, reg.Names().Check()
	}
	ballot := &Command{Name: "ballot", Section: "Votes", Run: noop} // es: "vote"
	if _, err := checked(append(namedCommands(), ballot)...); err == nil || !strings.Contains(err.Error(), `"vote"`) {
		t.Errorf("a Spanish name that is another command's English name: %v", err)
	}
	twin := &Command{Name: "twin", Section: "Votes", Run: noop} // es: "votar", vote's too
	reg, err := checked(append(namedCommands(), twin)...)
	if err == nil || !strings.Contains(err.Error(), `"votar"`) {
		t.Errorf("a Spanish name two commands share: %v", err)
	}
	if c, ok := reg.Lookup(words.For("es"), "votar"); !ok || c.Name != "vote" {
		t.Errorf("votar, named by vote first, finds %v", c)
	}
	if _, err := checked(ballot); err != nil {
		t.Errorf("ballot alone, whose Spanish name names nothing else: %v", err)
	}
}

// TestSuggestInTheRoomsLanguage: a slip is answered with the nearest name, English or the
// room's language's, as the nearest is written; one suggestion per command.
func TestSuggestInTheRoomsLanguage(t *testing.T) {
	reg, err := NewRegistry(namedCommands())
	if err != nil {
		t.Fatal(err)
	}
	es := words.For("es")
	tests := []struct {
		l           *words.Lang
		typed, want string
	}{
		{es, "votr", "votar"}, {es, "votacon", "votación"}, {nil, "votr", "vote"}, {es, "voet", "vote"},
	}
	for _, tt := range tests {
		if got := reg.Suggest(tt.l, tt.typed); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
	if got := reg.Nearest(es, "vota", 3); len(got) != 1 {
		t.Errorf("Nearest lists a command twice: %q", got)
	}
	got := UnknownCommand(es, reg, "!", "votr", "3 sí")
	if want := "No conozco el comando `!votr`. ¿Querías decir `!votar`? No se ha hecho nada: si es así, escribe `!votar 3 sí`."; got != want {
		t.Errorf("UnknownCommand in Spanish:\n got %q\nwant %q", got, want)
	}
}

// TestEngineRunsNamesInTheRoomsLanguage: the engine looks a name up in the language of the
// message's room, and the meeting log's question (is this a ballot?) is answered for a name of
// any language, so a secret choice is never logged.
func TestEngineRunsNamesInTheRoomsLanguage(t *testing.T) {
	lang := "es"
	env := &Env{
		Config: &config.Config{CommandPrefix: "!"},
		Settings: func(context.Context, *sql.Tx, bot.Room) (*time.Location, *words.Lang) {
			return time.UTC, words.For(lang)
		},
	}
	engine, err := New(env, namedCommands())
	if err != nil {
		t.Fatal(err)
	}
	run := func(text string) string {
		t.Helper()
		replies, err := engine.Run(context.Background(), nil, nil, bot.Message{Text: text})
		if err != nil || len(replies) != 1 {
			t.Fatalf("%s: %v %v", text, replies, err)
		}
		return replies[0].Text()
	}
	for text, want := range map[string]string{"!votar": "vote ran", "!Sí": "yes ran", "!vote": "vote ran", "!poll": "vote ran"} {
		if got := run(text); got != want {
			t.Errorf("es %s -> %q, want %q", text, got, want)
		}
	}
	if got := run("!votr"); !strings.Contains(got, "¿Querías decir `!votar`?") {
		t.Errorf("es !votr -> %q", got)
	}
	lang = "fr"
	if got := run("!votar"); !strings.Contains(got, "Commande inconnue") {
		t.Errorf("fr !votar -> %q", got)
	}
	if c := env.Invoked(words.For("es"), bot.Message{Text: "!sí"}); c == nil || c.Name != "yes" {
		t.Errorf("Invoked(es, !sí) = %v, want the ballot yes", c)
	}
	if c := env.Invoked(words.For("fr"), bot.Message{Text: "!sí"}); c != nil {
		t.Errorf("Invoked(fr, !sí) = %v", c.Name)
	}
}

// TestEngineWordsItsOwnProblems: a usage line, an option that does not fit and a command too
// long are said in the room's language; English stays as it was.
func TestEngineWordsItsOwnProblems(t *testing.T) {
	lang := "en"
	env := &Env{
		Config: &config.Config{CommandPrefix: "!"},
		Settings: func(context.Context, *sql.Tx, bot.Room) (*time.Location, *words.Lang) {
			return time.UTC, words.For(lang)
		},
	}
	cmd := &Command{Name: "vote", Section: "Votes",
		Flags: []Flag{{Name: "closes"}}, Run: say("ran")}
	if _, err := New(env, []*Command{cmd}); err != nil {
		t.Fatal(err)
	}
	engine := &Engine{env: env}
	tests := []struct{ lang, text, want string }{
		{"en", "!vote --frob", "Unknown option --frob (accepted: --closes). Usage: !vote <question> — e.g. !vote \"Paint it?\""},
		{"en", "!vote --closes", "--closes needs a value. Usage: !vote <question>"},
		{"en", "!vote " + strings.Repeat("x", 5000), "That command is 5 KB long; commands are limited to 4 KB. Nothing was done."},
		{"es", "!vote --frob", "Opción desconocida --frob (se aceptan: --closes). Uso: !vote <question> — p. ej. !vote \"Paint it?\""},
		{"es", "!vote --closes 1 --closes 2", "--closes aparece dos veces; ponla solo una vez. Uso:"},
		{"ar", "!vote --frob", "خيار غير معروف --\u2068frob\u2069"},
		{"de", "!vote " + strings.Repeat("x", 5000), "Dieser Befehl ist 5 KB lang"},
	}
	for _, tt := range tests {
		lang = tt.lang
		replies, err := engine.Run(context.Background(), nil, nil, bot.Message{Text: tt.text})
		if err != nil || len(replies) != 1 || !strings.Contains(replies[0].Doc.Blocks[0].Lines[0][0].Text, tt.want) {
			t.Errorf("%s %.30s -> %v %v, want %q", tt.lang, tt.text, replies, err, tt.want)
		}
	}
}
