package basics_test

import (
	"testing"

	"folkmoot/app/apptest"
	"folkmoot/bot"
)

// speaking is a room of a kit of basics that speaks lang.
func speaking(t *testing.T, kit *apptest.Kit, name, lang string) *apptest.Room {
	t.Helper()
	room := kit.Room(name)
	room.Speaks(t, lang)
	return room
}

// TestHelpInSpanishAndArabic: the help screens, a command's help and the lists speak the
// room's language, and a command's help shows its names in that language.
func TestHelpInSpanishAndArabic(t *testing.T) {
	kit := apptest.New(t, own()...)
	es := speaking(t, kit, "asamblea", "es")
	es.Answers(t, "ana", "!help", "Comandos de folkmoot — empieza por estos:", "!status — Resume la sala",
		"Secciones — escribe !help <sección>:", "Lo básico (!help basics): help, status, tz", "!help all lista todos los comandos; !help <comando> explica uno, con ejemplos.")
	es.Answers(t, "ana", "!help tz", "!tz [<zona o ciudad>]", "Muestra la zona horaria de la sala o la cambia", "También: !zona, !timezone",
		"Quién: cualquiera para consultar; nivel de facilitación para cambiar.", "Ejemplos:", "!tz Europe/Madrid",
		"«Nivel de facilitación» significa quien tiene el rol de facilitación (nadie todavía: mira !roles)")
	es.Answers(t, "ana", "!help all", "Comandos de folkmoot", "Lo básico:", "!seasons — Lista los próximos solsticios", "Escribe !help vote (o cualquier otro comando)")
	es.Answers(t, "ana", "!help lo básico", "Lo básico:", "!whoami — Muestra la identidad", "; !help lista las secciones.")
	es.Answers(t, "ana", "!help frob", "No existe el comando !frob. Secciones: !help basics; !help all lista todos los comandos.")

	ar := speaking(t, kit, "جمعية", "ar")
	ar.Answers(t, "ana", "!help", "أوامر folkmoot — ابدأ بهذه:", "الأقسام — اكتب !help <القسم>:", "الأساسيات (!help basics)")
	ar.Answers(t, "ana", "!help tz", "!tz [<منطقة أو مدينة>]", "يعرض المنطقة الزمنية للغرفة", "أيضًا: !توقيت، !timezone", "من: الجميع للعرض؛ مستوى الميسّر للتغيير.", "أمثلة:")
	ar.Answers(t, "ana", "!help whoami", "يعرض الهوية التي يعتمدها البوت لك", "أيضًا: !هويتي")

	// English stays as it was beside them.
	en := kit.Room("assembly")
	en.Answers(t, "ana", "!help tz", "Also: !timezone", "Who: anyone to show; facilitator-level to change.")
	apptest.Lacks(t, "English help", en.SayOne(t, "ana", "!help tz"), "!zona", "!توقيت")
}

// TestNamesInTheRoomsLanguage: a room runs its commands by the names of its language as well
// as the English ones, with or without accents; another room does not know them; a slip is
// answered with the nearest name as the room's language writes it.
func TestNamesInTheRoomsLanguage(t *testing.T) {
	kit := apptest.New(t, own()...)
	es := speaking(t, kit, "asamblea", "es")
	es.Answers(t, "ana", "!ayuda", "Comandos de folkmoot — empieza por estos:")
	es.Answers(t, "ana", "!Estado", "Estado de esta sala:", "Zona horaria Europe/Berlin (hora actual: mié 25 nov 10:00 CET)", "No hay nada programado.")
	es.Answers(t, "ana", "!quiensoy", "Eres ana@example.org (se te muestra como ana).")
	es.Answers(t, "ana", "!ayuda zona", "!tz [<zona o ciudad>]")
	es.Answers(t, "ana", "!help", "Comandos de folkmoot")
	es.Answers(t, "ana", "!ayudq todo", "No conozco el comando `!ayudq`. ¿Querías decir `!ayuda`? No se ha hecho nada: si es así, escribe `!ayuda todo`.")
	es.Answers(t, "ana", "!estadp", "¿Querías decir `!estado`?")
	es.Answers(t, "ana", "!help ayudq", "No existe el comando !ayudq. Los más parecidos: !ayuda")

	de := speaking(t, kit, "versammlung", "de")
	de.Answers(t, "ana", "!hilfe", "folkmoot-Befehle — fang mit diesen an:")
	de.Answers(t, "ana", "!ayuda", "Unbekannter Befehl `!ayuda`.")
	kit.Room("assembly").Answers(t, "ana", "!ayuda", "Unknown command `!ayuda`. Say `!help` for the list.")
}

// TestRefusalsInArabic: the engine's refusals, the anonymity rule and a guard's words speak
// the room's language.
func TestRefusalsInArabic(t *testing.T) {
	kit := apptest.New(t, own()...)
	ar := speaking(t, kit, "جمعية", "ar")
	ar.Answers(t, "ana", "!tz Europe/Paris", "لا يستطيع استخدام !tz إلا ميسّر الغرفة أو مشرفو الغرفة أو مشرفو البوت.")
	ar.Answers(t, "ana", "!lang es", "لا يستطيع استخدام !lang إلا")
	anon := bot.Member{ID: "room@conf.example.org/ana", Name: "ana", Anonymous: true}
	got := apptest.Texts(ar.SayAs(t, anon, "!whoami"))
	if len(got) != 1 {
		t.Fatalf("anonymous whoami: %q", got)
	}
	apptest.Has(t, "anonymous whoami", got[0], "لكنني لا أرى عنوانك الحقيقي")
	ar.Answers(t, "ana", "!tz --frob", "خيار غير معروف --frob (هذا الأمر لا يقبل خيارات). الاستخدام: !tz [<منطقة أو مدينة>] — مثلًا !tz Asia/Beirut")
	ar.Answers(t, "ana", "!توقيت", "المنطقة الزمنية لهذه الغرفة هي Europe/Berlin")
}

// TestTimezoneInSpanish: a guess is answered in the room's language, and its word for yes
// accepts it.
func TestTimezoneInSpanish(t *testing.T) {
	kit := apptest.New(t, own()...)
	es := speaking(t, kit, "asamblea", "es")
	es.Admin("ana")
	es.Answers(t, "ana", "!tz CET", "¿Querías decir Europe/Berlin? Escribe !tz Europe/Berlin (o !tz sí). CET se usa en muchos lugares; Europe/Berlin la sigue, con su horario de verano.")
	es.Answers(t, "ana", "!tz sí", "La zona horaria de esta sala es ahora Europe/Berlin")
	es.Answers(t, "ana", "!tz GMT-5", "GMT-5 es un desfase fijo; America/New_York añade el horario de verano donde lo hay (para el desfase fijo, escribe !tz Etc/GMT+5).")
	es.Answers(t, "ana", "!zona atlantis", "No conozco la zona horaria «atlantis». Indica una ciudad (!tz madrid)")
	es.Answers(t, "ana", "!seasons", "Los próximos solsticios y equinoccios en Europe/Berlin:", "Solsticio de diciembre: lun 21 dic 2026 (dentro de 26 días)",
		"!remind every equinox 10:00 intercambio de semillas")
}
