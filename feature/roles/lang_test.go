package roles_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// langRoom starts a kit whose room speaks lang, with ana as room admin.
func langRoom(t *testing.T, lang string) (*apptest.Kit, *apptest.Room) {
	t.Helper()
	kit := apptest.New(t, own())
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Speaks(t, lang)
	return kit, room
}

// holderIn reads who !roles says holds a role, from the line that starts with prefix.
func holderIn(t *testing.T, room *apptest.Room, prefix, since string) string {
	t.Helper()
	for _, line := range strings.Split(apptest.WithoutIsolates(room.SayOne(t, "zed", "!roles")), "\n") {
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			name, _, _ := strings.Cut(rest, since)
			return name
		}
	}
	t.Fatalf("!roles has no line starting %q", prefix)
	return ""
}

// other is the one of two members who is not m.
func other(m, a, b string) string {
	if m == a {
		return b
	}
	return a
}

// TestRotationInSpanish: a Spanish room joins the pools by the roles' Spanish names, sees
// them in Spanish, rotates, declines, asks why and reads the history in Spanish; a
// scheduled rotation words its notice in Spanish too.
func TestRotationInSpanish(t *testing.T) {
	kit, room := langRoom(t, "es")
	apptest.Has(t, "join all", room.SayOne(t, "bo", "!join"),
		"bo está ahora en la rotación de: facilitación, toma de actas, mediación, control del tiempo; se le elegirá por turnos.")
	apptest.Has(t, "join by Spanish name", room.SayOne(t, "cy", "!join facilitación actas"),
		"cy está ahora en la rotación de: facilitación, toma de actas;")
	apptest.Has(t, "unknown", room.SayOne(t, "cy", "!join cocina"),
		"No conozco ningún rol «cocina» en esta sala. Roles de esta sala: facilitación, toma de actas, mediación, control del tiempo.")
	apptest.Has(t, "roles", room.SayOne(t, "ana", "!roles"), "Roles de esta sala:\n• facilitación: nadie todavía",
		"• toma de actas: nadie todavía", "En la rotación: bo (todos los roles), cy (facilitación, toma de actas).")

	notice := room.SayOne(t, "ana", "!rotate facilitacion")
	apptest.Has(t, "rotated", notice, "Roles rotados:\n• facilitación: ", "(después: ", "quien no quiera el rol puede rechazarlo con !decline [motivo] hasta el mié 25 nov 22:00 CET. !why <rol> explica una elección.")
	first := holderIn(t, room, "• facilitación: ", " desde ")
	second := other(first, "bo", "cy")
	apptest.Has(t, "decline", room.SayOne(t, first, "!decline estoy de viaje"),
		first+" ha rechazado el rol de facilitación (estoy de viaje). Se le propone a "+second+" en su lugar, que puede responder !decline hasta el mié 25 nov 22:00 CET.")
	why := room.SayOne(t, "dee", "!why facilitación")
	apptest.Has(t, "why", why, "Última elección para el rol de facilitación, el mié 25 nov 10:00 CET:\nfacilitación: se elige a "+second+" (0 veces en menos de un día en la rotación, parte justa 0,0, nunca lo tuvo).",
		"Se salta a: "+first+" (lo rechazó).")
	apptest.Has(t, "why alone", room.SayOne(t, "dee", "!why"), "Cómo se elige a quien asume un rol:\n1. Nunca a alguien ausente")
	apptest.Has(t, "history", room.SayOne(t, "dee", "!history facilitación"),
		"Historial de facilitación, lo más reciente primero:\n• facilitación: "+second+", desde el mié 25 nov 10:00 CET")
	apptest.Has(t, "away", room.SayOne(t, "cy", "!away until sunday"), "cy está ausente hasta el dom 29 nov 23:59 CET y no se le elegirá para ningún rol hasta entonces. Escribe !back para volver antes.")
	apptest.Has(t, "back", room.SayOne(t, "cy", "!back"), "¡Hola de nuevo, cy! Ya se te puede elegir otra vez.")

	apptest.Has(t, "schedule", room.SayOne(t, "ana", "!role every actas every monday 19:00"), "Toma de actas: rota cada lunes a las 19:00; la próxima vez, el lun 30 nov 19:00 CET.")
	posted := apptest.Texts(kit.Advance(t, 5*24*time.Hour+9*time.Hour)) // to Monday 19:00
	if !apptest.Contains(posted, "Roles rotados:\n• toma de actas: ", "quien no quiera el rol puede rechazarlo con !decline [motivo]") {
		t.Errorf("scheduled rotation: %q", posted)
	}
}

// TestRotationInArabic: the same in Arabic, with the roles typed and shown by their Arabic
// names.
func TestRotationInArabic(t *testing.T) {
	_, room := langRoom(t, "ar")
	apptest.Has(t, "join", room.SayOne(t, "bo", "!join الميسر"), "انضم bo إلى مجموعة التناوب على: الميسّر؛ وسيُختار حين يأتي دوره.")
	room.SayOne(t, "cy", "!join facilitator")
	notice := room.SayOne(t, "ana", "!rotate الميسّر")
	apptest.Has(t, "rotated", notice, "تم تناوب الأدوار:\n• الميسّر: ", "يمكن الاعتذار بالأمر !decline [السبب] حتى ")
	first := holderIn(t, room, "• الميسّر: ", " منذ ")
	second := other(first, "bo", "cy")
	apptest.Has(t, "decline", room.SayOne(t, first, "!decline"),
		"اعتذر "+first+" عن دور الميسّر. يُطلب من "+second+" تولّيه بدلًا منه")
	apptest.Has(t, "why", room.SayOne(t, "dee", "!why الميسر"), "آخر اختيار لدور الميسّر، ", "وقع الاختيار على", "تخطّاهم الاختيار: ", "(اعتذر)")
	apptest.Has(t, "history", room.SayOne(t, "dee", "!history"), "سجل الأدوار، الأحدث أولًا:\n• الميسّر: "+second+"، منذ ")
	apptest.Has(t, "unknown", room.SayOne(t, "dee", "!why مطبخ"), "لا أعرف دورًا باسم «مطبخ» في هذه الغرفة.")
}
