package tools_test

import (
	"strings"
	"testing"

	"folkmoot/app/apptest"
)

// The register and its review's schedule in the room's language; the tools' names and who
// controls them stay as typed.
func TestToolsInTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		lang                                 string
		empty, added, listed, scheduled, off []string
	}{
		{
			lang:      "es",
			empty:     []string{"El registro está vacío: primero añade las herramientas con !tool add <nombre> — <quién la controla>."},
			added:     []string{"En el registro: servidor Matrix — nuestra cooperativa. (!tools las muestra.)"},
			listed:    []string{"Herramientas digitales de las que depende esta asamblea, y quién las controla:\n• servidor Matrix — nuestra cooperativa", "Próxima revisión: lun 1 mar 2027 10:00 CET."},
			scheduled: []string{"Las herramientas digitales se revisarán ", " (hora de Europe/Berlin), la primera vez el lun 1 mar 2027 10:00 CET", "(mantener, sustituir o abandonar)"},
			off:       []string{"Las herramientas digitales ya no se revisan con un ritmo fijo."},
		},
		{
			lang:      "ar",
			empty:     []string{"السجل فارغ: أضف الأدوات أولًا بالأمر !tool add <الاسم> — <من يتحكم فيها>."},
			added:     []string{"في السجل: servidor Matrix — nuestra cooperativa. (يعرضها !tools.)"},
			listed:    []string{"الأدوات الرقمية التي تعتمد عليها هذه الجمعية، ومن يتحكم فيها:\n• servidor Matrix — nuestra cooperativa", "المراجعة التالية: الاثنين 1 مارس 2027 10:00 CET."},
			scheduled: []string{"ستُراجَع الأدوات الرقمية ", "(إبقاء أو استبدال أو ترك)"},
			off:       []string{"لم تعد الأدوات الرقمية تُراجَع وفق جدول."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			_, room := toolsRoom(t)
			room.Speaks(t, tt.lang)
			room.Say(t, "ana", "!tool remove folkmoot")
			hasWords(t, "empty", room.SayOne(t, "ana", "!tools review"), tt.empty...)
			hasWords(t, "added", room.SayOne(t, "bo", "!tool add servidor Matrix — nuestra cooperativa"), tt.added...)
			hasWords(t, "scheduled", room.SayOne(t, "ana", "!tools review every year on 1 mar 10:00"), tt.scheduled...)
			hasWords(t, "listed", room.SayOne(t, "bo", "!tools"), tt.listed...)
			hasWords(t, "off", room.SayOne(t, "ana", "!tools review off"), tt.off...)
		})
	}
}

// hasWords checks what the bot said for parts, reading past the bidi isolates (FSI … PDI) a
// right-to-left language puts around each placeholder's value, whether or not the room's
// transport keeps them.
func hasWords(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	apptest.Has(t, what, strings.NewReplacer("\u2068", "", "\u2069", "").Replace(got), parts...)
}
