package tasks_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// A task and its reminders in the room's language: added, listed, reminded a day before and
// at the due time, done; the commands and their keywords (for, due) stay English.
func TestTaskInTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		lang                               string
		add, list, before, due, done, none []string
	}{
		{
			lang:   "es",
			add:    []string{"Tarea #1: «pintar la puerta» para bo, con plazo hasta el sáb 28 nov 12:00 CET. Un recordatorio 1 día antes y otro al vencimiento."},
			list:   []string{"Tareas abiertas:\n• #1 «pintar la puerta» — bo, para el sáb 28 nov 12:00 CET"},
			before: []string{"bo: Recordatorio: la tarea #1 «pintar la puerta» vence en 1 día, el sáb 28 nov 12:00 CET."},
			due:    []string{"bo: La tarea #1 «pintar la puerta» vence ahora. ¿Hecha? !task done 1. ¿No va a hacerse? !task drop 1 <motivo>."},
			done:   []string{"La tarea #1 «pintar la puerta» está hecha: pintada de verde."},
			none:   []string{"No hay tareas abiertas. Añade una con !task add <texto> [for <persona>] [due <cuándo>]."},
		},
		{
			lang:   "ar",
			add:    []string{"المهمة #1: «pintar la puerta» لـbo، موعدها السبت 28 نوفمبر 12:00 CET.", "تذكير حين يبقى على الموعد يوم واحد، وآخر عند حلوله."},
			list:   []string{"المهام المفتوحة:\n• #", "— bo، موعدها"},
			before: []string{"تذكير: يبقى على موعد المهمة #1 «pintar la puerta» يوم واحد، السبت 28 نوفمبر 12:00 CET."},
			due:    []string{"حان الآن موعد المهمة #", "أُنجزت؟ !task done 1. لن تُنجز؟ !task drop 1 <السبب>."},
			done:   []string{"أُنجزت المهمة #", "«pintar la puerta»: pintada de verde."},
			none:   []string{"لا توجد مهام مفتوحة. أضف مهمة بالأمر !task add <النص> [for <عضو>] [due <متى>]."},
		},
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("assembly")
			room.Say(t, "bo", "hello")
			room.Speaks(t, tt.lang)
			hasWords(t, "add", room.SayOne(t, "cy", "!task add pintar la puerta for bo due sat 12:00"), tt.add...)
			hasWords(t, "list", room.SayOne(t, "cy", "!tasks"), tt.list...)
			got := apptest.Texts(until(t, kit, time.Date(2026, 11, 27, 12, 0, 0, 0, berlin)))
			if len(got) != 1 {
				t.Fatalf("the day before: %q", got)
			}
			hasWords(t, "the day before", got[0], tt.before...)
			got = apptest.Texts(until(t, kit, time.Date(2026, 11, 28, 12, 0, 0, 0, berlin)))
			if len(got) != 1 {
				t.Fatalf("at the due time: %q", got)
			}
			hasWords(t, "at the due time", got[0], tt.due...)
			hasWords(t, "done", room.SayOne(t, "bo", "!task done 1 pintada de verde"), tt.done...)
			hasWords(t, "none", room.SayOne(t, "bo", "!tasks"), tt.none...)
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
