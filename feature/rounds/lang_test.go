package rounds_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/commands"
	"folkmoot/words"
)

// speaks sets the room's language as a facilitator's !lang would.
func speaks(t *testing.T, kit *apptest.Kit, room *apptest.Room, tag string) {
	t.Helper()
	room.Speaks(t, tag)
}

// unisolated is a text without the bidi isolates a right-to-left language puts around each
// placeholder's value (words.Say adds them; the room's document may or may not keep them),
// so the Arabic test reads the words alone.
func unisolated(s string) string { return strings.NewReplacer("\u2068", "", "\u2069", "").Replace(s) }

// answersRTL is room.Answers for a right-to-left room: the answer has every part, isolates aside.
func answersRTL(t *testing.T, room *apptest.Room, who, text string, parts ...string) apptest.Posted {
	t.Helper()
	p := room.SayAs(t, apptest.Member(who), text)
	if len(p) != 1 {
		t.Fatalf("%s says %s: want one answer, got %q", who, text, apptest.Texts(p))
	}
	apptest.Has(t, who+" says "+text, unisolated(p[0].Reply.Text()), parts...)
	return p[0]
}

// noticeRTL is notice for a right-to-left room.
func noticeRTL(t *testing.T, kit *apptest.Kit, d time.Duration, want ...string) apptest.Posted {
	t.Helper()
	got := kit.Advance(t, d)
	if len(got) != 1 || !got[0].Reply.Notice {
		t.Fatalf("after %v: want one notice, got %q", d, apptest.Texts(got))
	}
	apptest.Has(t, "notice", unisolated(got[0].Reply.Text()), want...)
	return got[0]
}

// TestRoundAndQueueInSpanish: a short listening round, its notices by the clock and its
// summary, then the queue with a timed turn, !queue and !stats, and the refusals, all in
// Spanish.
func TestRoundAndQueueInSpanish(t *testing.T) {
	kit, room := rdRoom(t)
	speaks(t, kit, room, "es")
	room.Answers(t, "ana", "!round presupuesto --each 1m --pause 10s",
		"Ronda de escucha «presupuesto»: quien quiera participar tiene 1 minuto para decir !in.")
	room.Answers(t, "bo", "!in", "bo se ha apuntado (va 1).")
	room.Answers(t, "cy", "!in", "cy se ha apuntado (van 2).")
	mentions(t, notice(t, kit, time.Minute, "Orden de la ronda «presupuesto»: bo, cy.\n🎙 bo tiene la palabra (1:00)."), "bo")
	notice(t, kit, 30*time.Second, "Tiempo restante: 30 segundos.")
	notice(t, kit, 30*time.Second, "Se acabó el tiempo. Gracias, bo.\n10 segundos de silencio.")
	mentions(t, notice(t, kit, 10*time.Second, "🎙 cy tiene la palabra (1:00)."), "cy")
	room.Answers(t, "bo", "!done", "Ahora solo cy tiene la palabra.")
	kit.Advance(t, 20*time.Second)
	room.Answers(t, "cy", "!done", "Gracias, cy.\nLa ronda «presupuesto» ha terminado:\n1. bo — 1:00\n2. cy — 0:20\n"+
		"Hablaron: 2 · pasaron: 0 · tiempo usado: 1:20.")

	room.Answers(t, "bo", "!hand las cifras", "bo está en el puesto 1 de la lista de turnos: «las cifras».")
	room.Answers(t, "dan", "!hand direct", "dan está en el puesto 1 de la lista de turnos (respuesta directa).")
	room.Answers(t, "ana", "!queue timer 1m", "Cada turno de la lista dura ahora 1 minuto.")
	room.Answers(t, "ana", "!queue mode alto", "Di progressive u order.")
	room.Answers(t, "ana", "!queue", "La lista de turnos:\n1. dan (respuesta directa)\n2. bo: «las cifras»", "Cada turno dura 1 minuto.")
	mentions(t, room.SayAs(t, apptest.Member("ana"), "!next")[0], "dan")
	notice(t, kit, 30*time.Second, "Tiempo restante: 30 segundos.")
	notice(t, kit, 30*time.Second, "Se acabó el tiempo. Gracias, dan.")
	room.Answers(t, "cy", "!next", "Solo quien tiene la palabra, la persona facilitadora de la sala, quienes administran la sala o el bot pueden usar !next.")
	room.Answers(t, "ana", "!queue clear", "Se ha vaciado la lista de turnos (1 mano bajada).")
	room.Answers(t, "cy", "!stats", "Turnos en rondas y en la lista de turnos hasta ahora (todavía no ha empezado ninguna reunión en esta sala):\n"+
		"bo — 1 turno, 1:00\ndan — 1 turno, 1:00\ncy — 1 turno, 0:20\n",
		"Total 2:20; desigualdad del tiempo de palabra (Gini, 0 = todo el mundo habló lo mismo): 0,")
	room.Answers(t, "cy", "!stats week", "Turnos en rondas y en la lista de turnos en los últimos 7 días:")
}

// TestRoundAndQueueInArabic: the same in Arabic, right to left: every placeholder in bidi
// isolates, the plural forms of seconds, turns and hands (two, few, many and zero among
// them), and the mention of whoever gets the floor.
func TestRoundAndQueueInArabic(t *testing.T) {
	kit, room := rdRoom(t)
	speaks(t, kit, room, "ar")
	p := answersRTL(t, room, "ana", "!round --with bo cy --each 1m --pause 10s", "ترتيب المداخلات: bo، cy.\n🎙 الكلمة الآن لـ bo (1:00).")
	mentions(t, p, "bo")
	noticeRTL(t, kit, 30*time.Second, "الوقت المتبقي: 30 ثانية.")
	noticeRTL(t, kit, 30*time.Second, "انتهى الوقت — شكرًا، bo.\n10 ثوانٍ من الصمت.")
	mentions(t, noticeRTL(t, kit, 10*time.Second, "🎙 الكلمة الآن لـ cy (1:00)."), "cy")
	kit.Advance(t, 5*time.Second)
	answersRTL(t, room, "cy", "!pass", "مرّر cy دوره.\nانتهت الجولة:\n1. bo — 1:00\n2. cy — تمرير\n"+
		"المداخلات: 1 · التمرير: 1 · الوقت المستخدم: 1:05.")

	answersRTL(t, room, "bo", "!hand", "bo في المرتبة 1 في قائمة المتحدثين.")
	answersRTL(t, room, "dan", "!hand خطة الحديقة", "dan في المرتبة 2 في قائمة المتحدثين: «خطة الحديقة».")
	answersRTL(t, room, "ana", "!next", "🎙 الكلمة الآن لـ bo.")
	kit.Advance(t, 90*time.Second)
	mentions(t, answersRTL(t, room, "bo", "!done", "شكرًا، bo.\n🎙 الكلمة الآن لـ dan: «خطة الحديقة»."), "dan")
	answersRTL(t, room, "cy", "!done", "الكلمة الآن لـ dan فقط.")
	answersRTL(t, room, "ana", "!queue clear", "أُفرغت قائمة المتحدثين (لم يكن فيها أي طلب).")
	answersRTL(t, room, "cy", "!stats", "المداخلات في الجولات وقائمة المتحدثين حتى الآن (لم يبدأ أي اجتماع في هذه الغرفة بعد):\n"+
		"bo — مداخلتان، 2:30\ncy — لا مداخلات، 0:05\ndan — مداخلة واحدة، 0:00\n"+
		"المجموع 2:35؛ عدم المساواة في وقت الكلام (معامل جيني، 0 = تحدّث الجميع بالتساوي): 0.")
	answersRTL(t, room, "cy", "!stats year", "اكتب meeting أو week أو month.")
	answersRTL(t, room, "cy", "!stats month", "المداخلات في الجولات وقائمة المتحدثين خلال آخر 30 يومًا:")
	answersRTL(t, room, "ana", "!silence", "الكلمة الآن لـ dan: يمكن أن يبدأ الصمت حين تنتهي المداخلة.")
}

// TestHelpIsInEveryLanguage: every command and subcommand of rounds has its summary in the
// catalog, in Spanish and Arabic different from the English.
func TestHelpIsInEveryLanguage(t *testing.T) {
	reg, err := commands.NewRegistry(own().Commands) // which names each subcommand's parent
	if err != nil {
		t.Fatal(err)
	}
	var all []*commands.Command
	for _, c := range reg.Commands() {
		all = append(all, c)
		all = append(all, c.Subcommands...)
	}
	for _, c := range all {
		en := c.HelpText(words.For("en"))
		if en == "" {
			t.Errorf("%s has no help", c.FullName())
		}
		for _, tag := range []string{"es", "ar"} {
			if got := c.HelpText(words.For(tag)); got == en || strings.HasPrefix(got, "help.") {
				t.Errorf("%s in %s: %q", c.FullName(), tag, got)
			}
		}
	}
	if got := commands.SectionTitle(words.For("es"), "Rounds and queue"); got != "Rondas y lista de turnos" {
		t.Errorf("section: %q", got)
	}
}
