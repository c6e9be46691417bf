package votes_test

import (
	"strings"
	"testing"
	"time"

	"folkmoot/app/apptest"
)

// plain drops the bidi isolates a right-to-left language puts around each placeholder (where
// the reply keeps them), so a test can look for a sentence as it reads.
var plain = strings.NewReplacer("\u2068", "", "\u2069", "").Replace

// TestVotesSpeakTheRoomsLanguage runs a consensus vote that is blocked and a majority vote
// with a quorum in a Spanish and an Arabic room, from the opening to the results the clock
// brings: every answer and notice is in the room's language, the options are typed in it
// (`!vote 1 bloqueo …`, `!vote 2 نعم`), and a vote shown later reads as the room heard it.
func TestVotesSpeakTheRoomsLanguage(t *testing.T) {
	type step struct{ who, say string }
	tests := []struct {
		lang                  string
		consensus, majority   string
		ballots               []step
		opening, openMajority []string
		answers               []string // one per ballot, in order
		blocked, soon, passed []string
	}{{
		lang:      "es",
		consensus: "¿Pintamos la puerta de verde?", majority: "¿Compramos pintura?",
		ballots: []step{
			{"bo", "!agree"},
			{"cy", "!vote 1 bloqueo los vecinos son dueños de la puerta"},
			{"dee", "!vote 1 a un lado"},
			{"bo", "!vote 2 sí"},
			{"cy", "!yes me parece bien"},
			{"dee", "!no"},
		},
		opening: []string{"La votación #1 «¿Pintamos la puerta de verde?» está abierta.",
			"Una votación por consenso abierta por ana; se cierra el mié 25 nov 12:00 CET.",
			"Vota: !acuerdo · !aparte (hacerse a un lado) · !objeción · !bloqueo <motivo>",
			"Si hay varias votaciones abiertas: !vote 1 <opción> [motivo].", "Sin quórum: decide aunque vote muy poca gente."},
		openMajority: []string{"Una votación por mayoría abierta por ana", "Vota: !sí · !no · !abstención",
			"Quórum: para que haya decisión deben votar 3 miembros."},
		answers: []string{
			"bo: voto registrado en #1: de acuerdo.\nRecuento hasta ahora: 1 de acuerdo · 0 a un lado · 0 objeción · 0 bloqueo — participación: 1 de 4 miembros.",
			"cy: voto registrado en #1: bloqueo.",
			"dee: voto registrado en #1: a un lado.",
			"bo: voto registrado en #2: sí.\nRecuento hasta ahora: 1 sí · 0 no · 0 abstención — participación: 1 de 4 miembros (quórum 3: aún no alcanzado).",
			"cy: voto registrado en #2: sí.",
			"(quórum 3: alcanzado)",
		},
		blocked: []string{"La votación #1 «¿Pintamos la puerta de verde?» se ha cerrado: BLOQUEADA.",
			"Recuento: 1 de acuerdo · 1 a un lado · 0 objeción · 1 bloqueo — participación: 3 de 4 miembros.",
			"Bloqueo de cy: «los vecinos son dueños de la puerta»", "dee se hace a un lado (sin motivo)"},
		soon: []string{"La votación #2 «¿Compramos pintura?» se cierra en 1 hora, el mié 25 nov 13:00 CET.",
			"Aún no han votado: ana. Opciones: sí, no, abstención — !vote 2 <opción> [motivo]."},
		passed: []string{"La votación #2 «¿Compramos pintura?» se ha cerrado: APROBADA.",
			"Recuento: 2 sí · 1 no · 0 abstención — participación: 3 de 4 miembros (quórum 3: alcanzado)."},
	}, {
		lang:      "ar",
		consensus: "هل نطلي الباب بالأخضر؟", majority: "هل نشتري الطلاء؟",
		ballots: []step{
			{"bo", "!agree"},
			{"cy", "!vote 1 حظر الجيران يملكون الباب"},
			{"dee", "!vote 1 تنحي"},
			{"bo", "!vote 2 نعم"},
			{"cy", "!yes لا بأس"},
			{"dee", "!no"},
		},
		opening: []string{"التصويت #1 «هل نطلي الباب بالأخضر؟» مفتوح.",
			"تصويت بالتوافق بمبادرة من ana؛ يُغلق في الأربعاء 25 نوفمبر 12:00 CET.",
			"للتصويت: !موافق · !تنحي · !اعتراض · !حظر <السبب>",
			"إذا كان أكثر من تصويت مفتوحًا: !vote 1 <الخيار> [السبب].", "بلا نصاب"},
		openMajority: []string{"تصويت بالأغلبية بمبادرة من ana", "للتصويت: !نعم · !لا · !امتناع",
			"النصاب: يجب أن يصوّت 3 أعضاء ليُتّخذ قرار."},
		answers: []string{
			"bo: سُجّل صوتك في #1: موافقة.\nالنتيجة حتى الآن: موافقة: 1 · تنحٍّ: 0 · اعتراض: 0 · اعتراض مانع: 0 — صوّت 1 من أصل 4 أعضاء.",
			"cy: سُجّل صوتك في #1: اعتراض مانع.",
			"dee: سُجّل صوتك في #1: تنحٍّ.",
			"bo: سُجّل صوتك في #2: نعم.\nالنتيجة حتى الآن: نعم: 1 · لا: 0 · امتناع: 0 — صوّت 1 من أصل 4 أعضاء (النصاب 3: لم يتحقّق بعد).",
			"cy: سُجّل صوتك في #2: نعم.",
			"(النصاب 3: تحقّق)",
		},
		blocked: []string{"أُغلق التصويت #1 «هل نطلي الباب بالأخضر؟»: أُوقف باعتراض مانع.",
			"النتيجة: موافقة: 1 · تنحٍّ: 1 · اعتراض: 0 · اعتراض مانع: 1 — صوّت 3 من أصل 4 أعضاء.",
			"اعتراض مانع من cy: «الجيران يملكون الباب»", "تنحٍّ من dee (دون ذكر سبب)"},
		soon: []string{"يُغلق التصويت #2 «هل نشتري الطلاء؟» بعد ساعة واحدة، في الأربعاء 25 نوفمبر 13:00 CET.",
			"لم يصوّتوا بعد: ana. الخيارات: نعم، لا، امتناع — !vote 2 <الخيار> [السبب]."},
		passed: []string{"أُغلق التصويت #2 «هل نشتري الطلاء؟»: أُقِرّ.",
			"النتيجة: نعم: 2 · لا: 1 · امتناع: 0 — صوّت 3 من أصل 4 أعضاء (النصاب 3: تحقّق)."},
	}}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			kit := apptest.New(t, features()...)
			room := kit.Room("assembly")
			room.Speaks(t, tt.lang)
			for _, m := range []string{"bo", "cy", "dee"} {
				room.Say(t, m, "👋") // four members the room has seen
			}
			opening := room.SayOne(t, "ana", `!vote new "`+tt.consensus+`" --closes in 2h`)
			apptest.Has(t, "opening", plain(opening), tt.opening...)
			apptest.Has(t, "majority opening", plain(room.SayOne(t, "ana", `!vote new "`+tt.majority+`" --kind majority --quorum 3 --closes in 3h`)), tt.openMajority...)
			for i, b := range tt.ballots {
				apptest.Has(t, b.say, plain(room.SayOne(t, b.who, b.say)), tt.answers[i])
			}

			// The consensus vote closes on time, blocked; the majority vote's closing-soon
			// notice falls at the same moment and mentions who has not voted.
			posted := kit.Advance(t, 2*time.Hour)
			if len(posted) != 2 {
				t.Fatalf("after 2 h: %q", apptest.Texts(posted))
			}
			apptest.Has(t, "blocked", plain(posted[0].Reply.Text()), tt.blocked...)
			apptest.Has(t, "closing soon", plain(posted[1].Reply.Text()), tt.soon...)
			if m := posted[1].Reply.AllMentions(); len(m) != 1 || m[0].ID != apptest.Member("ana").ID {
				t.Errorf("closing-soon mentions %+v, want ana", m)
			}
			posted = kit.Advance(t, time.Hour)
			if len(posted) != 1 {
				t.Fatalf("after 3 h: %q", apptest.Texts(posted))
			}
			apptest.Has(t, "passed", plain(posted[0].Reply.Text()), tt.passed...)
			apptest.Lacks(t, "passed", posted[0].Reply.Text(), "PASSED", "Count:", "members voted")

			// A closed vote shown later reads as the room heard it.
			apptest.Has(t, "show", plain(room.SayOne(t, "ana", "!vote show 1")), tt.blocked[2:]...)
		})
	}
}
