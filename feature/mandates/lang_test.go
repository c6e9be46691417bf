package mandates_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
	"folkmoot/commands"
	"folkmoot/feature/mandates"
	"folkmoot/hooks"
	"folkmoot/vote"
)

// recalls stands in for the votes feature: it opens no vote but keeps what each recall asked
// for, and the environment, so a test can close the vote as the votes feature would.
type recalls struct {
	env   *commands.Env
	asked []hooks.LinkedVote
}

func (rc *recalls) opener(env *commands.Env) hooks.OpenVote {
	rc.env = env
	return func(_ context.Context, _ *sql.Tx, lv hooks.LinkedVote, _ time.Time) (vote.Vote, string, error) {
		rc.asked = append(rc.asked, lv)
		return vote.Vote{Number: len(rc.asked)}, "(vote)", nil
	}
}

// close closes the recall vote of the nth recall asked for (from 1) with an outcome, as the
// votes feature does, and returns what the room was told.
func (rc *recalls) close(t *testing.T, kit *apptest.Kit, room *apptest.Room, n int, outcome vote.Outcome) string {
	t.Helper()
	ctx := context.Background()
	c := hooks.VoteClosed{Room: room.Room, Link: rc.asked[n-1].Link, Vote: vote.Vote{Number: n, Outcome: outcome},
		At: kit.Clock.Now(), Loc: time.UTC}
	err := kit.App.DB.InTx(ctx, func(tx *sql.Tx) error {
		return mandates.Hooks{}.RecallLinks(rc.env)["mandate"](ctx, tx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(apptest.Texts(kit.Tick(t)), "\n")
}

// langMandates starts a kit of the mandates feature whose room speaks lang, with ana as room
// admin and bo, cy as known members.
func langMandates(t *testing.T, lang string) (*apptest.Kit, *apptest.Room, *recalls) {
	t.Helper()
	rc := &recalls{}
	kit := apptest.New(t, mandates.Feature(rc.opener, mandates.Hooks{}))
	room := kit.Room("assembly")
	room.Admin("ana")
	room.Say(t, "bo", "hello")
	room.Say(t, "cy", "hello")
	room.Speaks(t, lang)
	return kit, room, rc
}

// TestMandateAndRecallInSpanish: a mandate is given, reminded, asked to be recalled and
// recalled in Spanish; the vote's question is Spanish too.
func TestMandateAndRecallInSpanish(t *testing.T) {
	kit, room, rc := langMandates(t, "es")
	apptest.Has(t, "refused", room.SayOne(t, "bo", "!mandate cy comprar pintura until fri"),
		"Solo la persona facilitadora de la sala o quienes administran la sala o el bot pueden dar un mandato.")
	apptest.Has(t, "usage", room.SayOne(t, "ana", "!mandate bo comprar pintura"), "Di hasta cuándo dura el mandato")
	apptest.Has(t, "given", room.SayOne(t, "ana", "!mandate bo negociar el alquiler until 10 dec"),
		"Mandato #1: bo es la persona delegada para «negociar el alquiler» hasta el jue 10 dic 23:59 CET. Habrá recordatorios 3 días y 1 día antes del final. Se termina antes con !mandate end 1; cualquier miembro puede pedir revocarlo con !recall 1.")
	room.SayOne(t, "ana", "!mandate cy comprar pintura until 20 dec")
	apptest.Has(t, "not a number", room.SayOne(t, "cy", "!recall uno"), "«uno» no es un número de mandato")

	reminded := strings.Join(apptest.Texts(kit.Advance(t, 12*24*time.Hour+14*time.Hour)), "\n") // to 7 Dec 23:59
	apptest.Has(t, "reminder", reminded, "Recordatorio: el mandato #1 de bo para «negociar el alquiler» termina dentro de 3 días, el jue 10 dic 23:59 CET.")

	apptest.Has(t, "recall", room.SayOne(t, "cy", "!recall 1 no es lo que acordamos"),
		"cy pide revocar el mandato #1 de bo para «negociar el alquiler»: no es lo que acordamos. Si la votación sale adelante, el mandato termina en el acto.\n(vote)")
	if q := rc.asked[0].Question; q != "¿Revocar el mandato #1 de bo («negociar el alquiler»)?" {
		t.Errorf("question %q", q)
	}
	apptest.Has(t, "recalled", rc.close(t, kit, room, 1, vote.Passed),
		"El mandato #1 de bo para «negociar el alquiler» queda revocado: la votación #1 salió adelante; ha terminado.")
	room.SayOne(t, "bo", "!recall 2")
	apptest.Has(t, "kept", rc.close(t, kit, room, 2, vote.Rejected), "La votación #2 no ha revocado el mandato #2: cy mantiene «comprar pintura» hasta ")
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "Mandatos activos:\n• #2 cy: «comprar pintura», hasta ",
		"Terminados en los últimos 90 días:\n• #1 bo: «negociar el alquiler», revocado por la votación #1 el ")
}

// TestMandateAndRecallInArabic: the same in Arabic, whose plurals and numbers differ.
func TestMandateAndRecallInArabic(t *testing.T) {
	kit, room, rc := langMandates(t, "ar")
	apptest.Has(t, "refused", room.SayOne(t, "bo", "!mandate cy شراء الطلاء until fri"),
		"لا يمنح التفويض إلا ميسّر الغرفة أو مشرفو الغرفة أو مشرفو البوت.")
	apptest.Has(t, "given", room.SayOne(t, "ana", "!mandate bo التفاوض على الإيجار until 10 dec"),
		"التفويض رقم 1: bo مندوب لـ «التفاوض على الإيجار» حتى ", "تذكيران حين يبقى على النهاية 3 أيام ويوم واحد.",
		"ينتهي مبكرًا بالأمر !mandate end 1؛ ويمكن لأي عضو أن يطلب سحبه بالأمر !recall 1.")
	room.SayOne(t, "ana", "!mandate cy شراء الطلاء until 20 dec")

	reminded := strings.Join(apptest.Texts(kit.Advance(t, 12*24*time.Hour+14*time.Hour)), "\n")
	apptest.Has(t, "reminder", reminded, "تذكير: يبقى على انتهاء التفويض رقم 1 الممنوح لـ bo بشأن «التفاوض على الإيجار» 3 أيام، ")

	apptest.Has(t, "recall", room.SayOne(t, "cy", "!recall 1"),
		"يطلب cy سحب التفويض رقم 1 الممنوح لـ bo بشأن «التفاوض على الإيجار». إن أُقرّ التصويت، ينتهي التفويض فورًا.")
	// The question is stored as worded, its placeholders in bidi isolates; a reply shows
	// them as the network needs.
	iso := func(s string) string { return "\u2068" + s + "\u2069" }
	if q := rc.asked[0].Question; q != "هل يُسحب التفويض رقم "+iso("1")+" الممنوح لـ "+iso("bo")+" («"+iso("التفاوض على الإيجار")+"»)؟" {
		t.Errorf("question %q", q)
	}
	apptest.Has(t, "recalled", rc.close(t, kit, room, 1, vote.Passed),
		"سُحب التفويض رقم 1 الممنوح لـ bo بشأن «التفاوض على الإيجار»: أُقرّ التصويت رقم 1؛ وقد انتهى.")
	room.SayOne(t, "bo", "!recall 2")
	apptest.Has(t, "kept", rc.close(t, kit, room, 2, vote.Rejected), "لم يسحب التصويت رقم 2 التفويض رقم 2: يحتفظ cy بـ «شراء الطلاء» حتى ")
	apptest.Has(t, "list", room.SayOne(t, "ana", "!mandates"), "التفويضات السارية:\n• رقم 2 cy: «شراء الطلاء»، حتى ",
		"انتهت في آخر 90 يومًا:\n• رقم 1 bo: «التفاوض على الإيجار»، سُحب بالتصويت رقم 1 في ")
}
