package words

import (
	"strings"
	"testing"
	"testing/fstest"
)

func catalogOf(files map[string]string) *Catalog {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["lang/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	c := NewCatalog()
	c.Add(fsys)
	return c
}

var whole = map[string]string{
	"en.yaml": "greet: \"Hello, {{.Name}}.\"\nvotes:\n  open:\n    one: \"{{.Count}} open vote\"\n    other: \"{{.Count}} open votes\"\n",
	"es.yaml": "greet: \"Hola, {{.Name}}.\"\nvotes:\n  open:\n    one: \"{{.Count}} votación abierta\"\n    many: \"{{.Count}} de votaciones abiertas\"\n    other: \"{{.Count}} votaciones abiertas\"\n",
	"ar.yaml": "greet: \"مرحبا {{.Name}}.\"\nvotes:\n  open:\n    zero: \"لا تصويت\"\n    one: \"تصويت واحد\"\n    two: \"تصويتان\"\n    few: \"{{.Count}} تصويتات\"\n    many: \"{{.Count}} تصويتًا\"\n    other: \"{{.Count}} تصويت\"\n",
}

func TestSayAndCount(t *testing.T) {
	c := catalogOf(whole)
	tests := []struct {
		lang, got, want string
	}{
		{"en", c.For("en").Say("greet", "Name", "Zoë 🌻"), "Hello, Zoë 🌻."},
		{"es-MX", c.For("es-MX").Say("greet", "Name", "Ana"), "Hola, Ana."},
		{"unknown falls back to English", c.For("xx").Say("greet", "Name", "Ana"), "Hello, Ana."},
		{"en 1", c.For("en").Count("votes.open", 1), "1 open vote"},
		{"en 3", c.For("en").Count("votes.open", 3), "3 open votes"},
		{"ar 0", c.For("ar").Count("votes.open", 0), "لا تصويت"},
		{"ar 2", c.For("ar").Count("votes.open", 2), "تصويتان"},
		{"ar 5 isolated", c.For("ar").Count("votes.open", 5), fsi + "5" + pdi + " تصويتات"},
		{"ar 11", c.For("ar").Count("votes.open", 11), fsi + "11" + pdi + " تصويتًا"},
		{"ar 100", c.For("ar").Count("votes.open", 100), fsi + "100" + pdi + " تصويت"},
		{"ar name isolated", c.For("ar").Say("greet", "Name", "Ana"), "مرحبا " + fsi + "Ana" + pdi + "."},
		{"missing id names itself", c.For("en").Say("no.such"), "no.such"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.lang, tt.got, tt.want)
		}
	}
}

func TestNilLangSpeaksTheProgramsEnglish(t *testing.T) {
	var l *Lang
	if got := l.Say("no.such.message"); got != "no.such.message" {
		t.Errorf("got %q", got)
	}
}

func TestPseudoWrapsEveryMessage(t *testing.T) {
	if got := Pseudo().Say("no.such"); got != "⟦no.such⟧" {
		t.Errorf("got %q", got)
	}
}

func TestFind(t *testing.T) {
	for typed, want := range map[string]string{"es": "es", "ES": "es", "es-MX": "es", "kmr": "ku", "Kurmanji": "ku", "ckb": "ckb", "Deutsch": "de", "العربية": "ar", "de-AT": "de"} {
		if l, ok := Find(typed); !ok || l.Tag != want {
			t.Errorf("Find(%q) = %q, %v; want %q", typed, l.Tag, ok, want)
		}
	}
	for _, typed := range []string{"", "xx", "klingon", "🌻", "e"} {
		if l, ok := Find(typed); ok {
			t.Errorf("Find(%q) = %q; want none", typed, l.Tag)
		}
	}
}

func TestCheckFindsWhatATranslatorMightBreak(t *testing.T) {
	complete := map[string]string{}
	for _, l := range Shipped {
		complete[l.Tag+".yaml"] = "greet: \"{{.Name}}!\"\n"
	}
	if problems := catalogOf(complete).Check(); len(problems) != 0 {
		t.Fatalf("a complete catalog has problems: %v", problems)
	}
	tests := []struct {
		name, file, text, want string
	}{
		{"missing", "fr.yaml", "other: \"x\"\n", "fr: greet has no translation"},
		{"dropped placeholder", "fr.yaml", "greet: \"Bonjour !\"\n", "fr: greet has the placeholders [], English [Name]"},
		{"added placeholder", "de.yaml", "greet: \"{{.Name}} {{.Extra}}\"\n", "de: greet has the placeholders [Extra Name], English [Name]"},
		{"syntax error", "es.yaml", "greet: \"{{.Name\"\n", "lang/es.yaml: message greet"},
		{"bad yaml", "es.yaml", "greet: [\n", "lang/es.yaml"},
		{"unknown language", "xx.yaml", "greet: \"x\"\n", "not the tag of a shipped language"},
		{"stale", "ku.yaml", "greet: \"{{.Name}}!\"\ngone: \"x\"\n", "ku: gone is not an English message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range complete {
				files[k] = v
			}
			files[tt.file] = tt.text
			problems := strings.Join(catalogOf(files).Check(), "\n")
			if !strings.Contains(problems, tt.want) {
				t.Errorf("problems %q do not contain %q", problems, tt.want)
			}
		})
	}
}

func TestCheckWantsEveryPluralFormALanguageUses(t *testing.T) {
	files := map[string]string{}
	for _, l := range Shipped {
		files[l.Tag+".yaml"] = "n:\n  one: \"{{.Count}}\"\n  other: \"{{.Count}}\"\n"
	}
	problems := strings.Join(catalogOf(files).Check(), "\n")
	for _, form := range []string{"zero", "two", "few", "many"} {
		if !strings.Contains(problems, `ar: n lacks the plural form "`+form+`"`) {
			t.Errorf("Arabic's %s form is not asked for: %s", form, problems)
		}
	}
	if strings.Contains(problems, "de: ") {
		t.Errorf("German needs only one and other: %s", problems)
	}
}
