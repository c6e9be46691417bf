package reminders_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// Reminders in the room's language: set, listed, posted at their time, cancelled; the
// commands and the times as typed stay English.
func TestRemindersInTheRoomsLanguage(t *testing.T) {
	tests := []struct {
		lang                                  string
		once, every, list, fired, cancel, bad []string
	}{
		{
			lang:   "es",
			once:   []string{"Recordatorio #1 para la sala el vie 27 nov 18:00 CET (en 2 días y 8 horas): «meter las mesas». Cancélalo con !remind cancel 1."},
			every:  []string{"Recordatorio #2 para ti, ", " (hora de Europe/Berlin), el primero el lun 30 nov 19:00 CET", ": «asamblea»."},
			list:   []string{"Recordatorios pendientes (horas de Europe/Berlin):\n• #1 vie 27 nov 18:00 CET: «meter las mesas»\n• #2 lun 30 nov 19:00 CET, después ", ", para bo: «asamblea»"},
			fired:  []string{"Recordatorio: meter las mesas"},
			cancel: []string{"El recordatorio #2 «asamblea» queda cancelado."},
			bad:    []string{"No hay ningún recordatorio pendiente #7 en esta sala (!reminders los muestra)."},
		},
		{
			lang:   "ar",
			once:   []string{"التذكير #1 للغرفة في الجمعة 27 نوفمبر 18:00 CET (", "): «meter las mesas». ألغِه بالأمر !remind cancel 1."},
			every:  []string{"التذكير #2 لك، ", " (بتوقيت Europe/Berlin)، أول مرة في الاثنين 30 نوفمبر 19:00 CET"},
			list:   []string{"التذكيرات المعلّقة (الأوقات بتوقيت Europe/Berlin):\n• #1 الجمعة 27 نوفمبر 18:00 CET: «meter las mesas»", "، لـbo: «asamblea»"},
			fired:  []string{"تذكير: meter las mesas"},
			cancel: []string{"أُلغي التذكير #2 «asamblea»."},
			bad:    []string{"لا يوجد تذكير معلّق #7 في هذه الغرفة (يعرضها !reminders)."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("a")
			room.Speaks(t, tt.lang)
			hasWords(t, "once", room.SayOne(t, "ana", "!remind fri 18:00 meter las mesas"), tt.once...)
			hasWords(t, "every", room.SayOne(t, "bo", "!remind me every monday 19:00 asamblea"), tt.every...)
			hasWords(t, "list", room.SayOne(t, "cy", "!reminders"), tt.list...)
			got := until(t, kit, time.Date(2026, 11, 27, 18, 0, 0, 0, berlin))
			if len(got) != 1 {
				t.Fatalf("at 18:00: %q", got)
			}
			hasWords(t, "fired", got[0], tt.fired...)
			hasWords(t, "cancel", room.SayOne(t, "bo", "!remind cancel 2"), tt.cancel...)
			hasWords(t, "no such", room.SayOne(t, "bo", "!remind cancel 7"), tt.bad...)
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
