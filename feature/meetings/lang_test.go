package meetings_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/commands"
	"folkmoot/words"
)

// speaking is a meeting room set to speak tag.
func speaking(t *testing.T, tag string) *meeting {
	t.Helper()
	m := newMeeting(t)
	m.room.Speaks(t, tag)
	return m
}

// TestMeetingInSpanish: a meeting held in a Spanish room is answered in Spanish, and its
// minutes are written in Spanish in every format, as are the digest and the scheduled one.
func TestMeetingInSpanish(t *testing.T) {
	m := speaking(t, "es")
	m.one(t, "ana", "!meeting start Plenaria", "Empieza la reunión 1 («Plenaria»)", "!meeting end", "!decided")
	m.one(t, "ana", "!topic El patio", "Tema: «El patio».")
	m.one(t, "bo", "!note el patio se inunda", "Anotado.")
	m.one(t, "bo", "!idea un jardín de lluvia", "Idea anotada.")
	m.one(t, "bo", "!link https://example.org/plano el plano", "Enlace anotado.")
	m.one(t, "ana", "!decided plantamos tres árboles", "Acordado: «plantamos tres árboles».")
	m.one(t, "cy", "!dissent darán sombra a los huertos", "Disenso de cy registrado; queda en el acta.")
	m.one(t, "bo", "!action comprar semillas", "Acción: «comprar semillas» — aún sin responsable.")
	m.one(t, "bo", "!present", "bo está presente.")
	m.one(t, "bo", "!note", "qué quieres registrar")
	m.one(t, "bo", "!link notaurl", "«notaurl» no es una dirección web")
	m.one(t, "ana", "!meeting", "La reunión 1 («Plenaria») está en curso desde",
		"1 tema, 1 acuerdo, 1 disenso, 1 acción, 1 nota, 1 idea, 1 enlace hasta ahora, 3 personas presentes.")
	m.one(t, "bo", "!undo", "Solo la persona que toma el acta")
	m.one(t, "ana", "!undo", "Retirada la acción «comprar semillas».")
	m.one(t, "ana", "!meeting start Otra", "La reunión 1 («Plenaria») sigue en curso", "una reunión a la vez")
	m.one(t, "ana", "!meeting end", "La reunión 1 («Plenaria») terminó tras", "1 tema, 1 acuerdo, 1 disenso, 0 acciones; presentes: 3",
		"Archivos:", "plenaria.pdf, .html, .txt y .log.txt", "en la carpeta de resúmenes")
	m.one(t, "ana", "!meeting", "No hay ninguna reunión en curso.")
	m.one(t, "bo", "!minutes 9", "No hay ninguna reunión 9 en esta sala.")

	text := m.read(t, "plenaria.txt")
	apptest.Has(t, "the text minutes", text, "Presentes (3)", "de noviembre de 2026", "1. El patio", "Nota: el patio se inunda",
		"Idea: un jardín de lluvia", "Enlace: el plano <https://example.org/plano>", "Acordado: plantamos tres árboles",
		"Disenso: darán sombra a los huertos", "Desigualdad de mensajes", "Registro completo:")
	apptest.Lacks(t, "the text minutes", text, "Present (", "Decided:", "Note:", "Inequality")
	html := m.read(t, "plenaria.html")
	apptest.Has(t, "the HTML minutes", html, `<html lang="es" dir="ltr">`, "<h2>Presentes (3)</h2>", "<strong>Acordado: </strong>",
		`content: "página " counter(page) "/" counter(pages);`)
	pdf := m.read(t, "plenaria.pdf")
	if !strings.HasPrefix(pdf, "%PDF") || !strings.Contains(pdf, "/Lang (es)") {
		t.Error("the PDF minutes are not a Spanish PDF")
	}
	if got := pdfText(t, []byte(pdf)); got != "" {
		apptest.Has(t, "the PDF's text", got, "Presentes (3)", "Acordado:", "página 1/1")
	}

	// A meeting without a title is named by the room's word for minutes.
	m.one(t, "ana", "!meeting start", "Empieza la reunión 2 (sin título)")
	m.one(t, "ana", "!meeting end", "acta.pdf")

	m.kit.Advance(t, 24*time.Hour)
	m.one(t, "bo", "!digest --format txt", "Resumen del", "2 reuniones", "registrado: 1 acuerdo, 1 disenso", "0 tareas abiertas",
		"resumen-desde-", "Acuerdos", "Acordado: plantamos tres árboles", "Disenso registrado")
	m.one(t, "bo", "!digest someday", "No entendí «someday»; di week, month o since <fecha>")
	m.one(t, "ana", "!digest every monday 08:00 --format txt", "Se publicará un resumen (txt)")
	posted := apptest.Texts(m.kit.Advance(t, 5*24*time.Hour))
	if !apptest.Contains(posted, "Resumen del", "2 reuniones", "Archivo:", "en la carpeta de resúmenes") {
		t.Errorf("the scheduled digest is not in Spanish: %q", posted)
	}
	m.one(t, "ana", "!digest every off", "Ya no se publicarán resúmenes programados aquí.")
}

// TestMeetingInArabic: an Arabic room's meeting is answered in Arabic, and its minutes are
// right-to-left documents in Arabic.
func TestMeetingInArabic(t *testing.T) {
	m := speaking(t, "ar")
	m.one(t, "ana", "!meeting start الجمعية العامة", "بدأ الاجتماع", "«الجمعية العامة»")
	m.one(t, "ana", "!topic الفناء", "الموضوع: «الفناء».")
	m.one(t, "bo", "!note الفناء يغرق بعد المطر", "سُجّلت الملاحظة.")
	m.one(t, "ana", "!decided نزرع ثلاث أشجار", "تقرّر: «نزرع ثلاث أشجار».")
	m.one(t, "cy", "!dissent ستظلّل الأشجار الأحواض", "سُجّل رأي cy المخالف")
	m.one(t, "ana", "!meeting", "جارٍ منذ", "موضوع واحد، قرار واحد، رأي مخالف واحد، ملاحظة واحدة", "3 حاضرين")
	m.one(t, "ana", "!meeting end", "انتهى الاجتماع", "الملفات:", "في مجلد الملخصات")

	text := m.read(t, ".txt")
	apptest.Has(t, "the text minutes", text, "الحضور", "1. الفناء", "ملاحظة: الفناء يغرق بعد المطر", "تقرّر: نزرع ثلاث أشجار",
		"رأي مخالف: ستظلّل الأشجار الأحواض", "نوفمبر 2026")
	apptest.Lacks(t, "the text minutes", text, "Present (", "Decided:", "Note:", "Inequality")
	html := m.read(t, ".html")
	apptest.Has(t, "the HTML minutes", html, `<html lang="ar" dir="rtl">`, "<h2>الحضور (", "<strong>تقرّر: </strong>",
		`content: "صفحة " counter(page) " من " counter(pages);`)
	pdf := m.read(t, ".pdf")
	if !strings.HasPrefix(pdf, "%PDF") || !strings.Contains(pdf, "/Lang (ar)") {
		t.Error("the PDF minutes are not an Arabic PDF")
	}
	if got := pdfText(t, []byte(pdf)); got != "" {
		apptest.Has(t, "the PDF's text", bidiMarks.Replace(got), "الحضور", "تقرّر:", "صفحة 1 من 1")
	}
	m.one(t, "ana", "!meeting start", "بدأ الاجتماع", "بلا عنوان")
	m.one(t, "ana", "!meeting end", "محضر.pdf")
}

// bidiMarks are the direction marks and embeddings pdftotext writes around right-to-left
// runs, and the isolates of the document's own sentences: the text is the text without them.
var bidiMarks = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u200e", "", "\u200f", "", "\u2068", "", "\u2069", "")

// TestHelpInTheRoomsLanguage: every meeting command's help is in the catalog, in every
// shipped language, with the names a member of that language types for it.
func TestHelpInTheRoomsLanguage(t *testing.T) {
	top := own().Commands
	if _, err := commands.NewRegistry(top); err != nil { // it ties each subcommand to its command
		t.Fatal(err)
	}
	var cmds []*commands.Command
	for _, c := range top {
		cmds = append(cmds, c)
		cmds = append(cmds, c.Subcommands...)
	}
	if len(cmds) != 16 {
		t.Fatalf("%d commands and subcommands, want 16", len(cmds))
	}
	es := words.For("es")
	for _, c := range cmds {
		if c.HelpText(es) == c.HelpText(nil) || c.HelpText(nil) == "" {
			t.Errorf("%q: no help in the catalog, or none in Spanish", c.FullName())
		}
	}
	for _, c := range top {
		if names := es.Say("help." + c.Name + ".names"); !strings.HasPrefix(names, c.Name+" ") && names != c.Name {
			t.Errorf("%s: the Spanish names %q do not start with its English name", c.Name, names)
		}
	}
	var note *commands.Command
	for _, c := range top {
		if c.Name == "note" {
			note = c
		}
	}
	if got := note.HelpText(es); got != "Registra una nota en la reunión." {
		t.Errorf("!note's Spanish help: %q", got)
	}
	if got := words.For("ar").Say("help.note.names"); got != "note ملاحظة" {
		t.Errorf("!note's Arabic names: %q", got)
	}
	if got := commands.SectionTitle(words.For("de"), top[0].Section); got != "Treffen" {
		t.Errorf("the section's German title: %q", got)
	}
}
