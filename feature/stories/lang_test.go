package stories_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/feature/stories"
)

// Stories and measures in the room's language: told, listed by month, measured, charted; the
// commands, the measures' names and the month as typed stay what they were.
func TestStoriesAndMeasuresInTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		lang                                                        string
		told, listed, noneMarch, badMonth, measured, changed, chart []string
	}{
		{
			lang:      "es",
			told:      []string{"Historia registrada, contada por ana el mié 25 nov 10:00 CET. Aparecerá en el resumen."},
			listed:    []string{"Historias contadas en noviembre de 2026:\n• mié 25 nov 10:00 CET, contada por ana: los niños plantaron flores"},
			noneMarch: []string{"No se ha contado ninguna historia en marzo de 2026. Cuenta una con !story <texto>."},
			badMonth:  []string{"No he podido leer el mes «someday». Prueba: !stories march, !stories mar 2026, !stories 2026-03."},
			measured:  []string{"Registrado lluvia: 23,5 mm."},
			changed:   []string{"Registrado lluvia: 20 mm (−3,5 desde el mié 25 nov 10:00 CET)."},
			chart:     []string{"Medidas (la última, el cambio desde la lectura anterior, las últimas lecturas):\n• lluvia: 20 mm (−3,5 desde el mié 25 nov 10:00 CET) █▁"},
		},
		{
			lang:      "ar",
			told:      []string{"سُجّلت القصة، رواها ana في الأربعاء 25 نوفمبر 10:00 CET. ستظهر في الملخص."},
			listed:    []string{"القصص المروية في نوفمبر 2026:\n• الأربعاء 25 نوفمبر 10:00 CET، رواها ana: los niños plantaron flores"},
			noneMarch: []string{"لم تُروَ أي قصة في مارس 2026. اروِ قصة بالأمر !story <النص>."},
			badMonth:  []string{"لم أستطع قراءة الشهر «someday». جرّب: !stories march، !stories mar 2026، !stories 2026-03."},
			measured:  []string{"سُجّل lluvia: "},
			changed:   []string{"سُجّل lluvia: ", " منذ الأربعاء 25 نوفمبر 10:00 CET)."},
			chart:     []string{"القياسات (الأحدث، والتغيّر منذ القراءة السابقة، وآخر القراءات):\n• lluvia: ", "█▁"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			kit := apptest.New(t, stories.Feature())
			room := kit.Room("a")
			room.Speaks(t, tt.lang)
			hasWords(t, "told", room.SayOne(t, "ana", "!story los niños plantaron flores"), tt.told...)
			hasWords(t, "listed", room.SayOne(t, "bo", "!stories november"), tt.listed...)
			hasWords(t, "none in march", room.SayOne(t, "bo", "!stories march"), tt.noneMarch...)
			hasWords(t, "bad month", room.SayOne(t, "bo", "!stories someday"), tt.badMonth...)
			hasWords(t, "measured", room.SayOne(t, "ana", "!measure lluvia 23,5 mm"), tt.measured...)
			kit.Advance(t, time.Hour)
			hasWords(t, "changed", room.SayOne(t, "ana", "!measure lluvia 20"), tt.changed...)
			hasWords(t, "chart", room.SayOne(t, "bo", "!measures"), tt.chart...)
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
