package facts

import (
	"errors"
	"strings"
	"testing"

	"folkmoot/bot"
	"folkmoot/words"
)

// TestProblemsSpeakTheRoomsLanguage: a name not found, or one that fits several members, is
// worded in the language it is shown in (the engine asks SayIn), its Error staying English;
// refusals take the room's language as their first argument.
func TestProblemsSpeakTheRoomsLanguage(t *testing.T) {
	d := testDirectory()
	es, ar := words.For("es"), words.For("ar")
	_, err := d.Resolve("bo")
	var p words.Problem
	if !errors.As(err, &p) {
		t.Fatalf("ambiguous: %v", err)
	}
	if got := err.Error(); !strings.HasPrefix(got, "“bo” could be bo (@bo:a.org) or Bo (@bo:b.org). Which one?") {
		t.Errorf("English: %q", got)
	}
	if got := p.SayIn(es); got != "«bo» puede ser bo (@bo:a.org) o Bo (@bo:b.org). ¿Quién es? Vuelve a decirlo con su ID, por ejemplo @bo:a.org." {
		t.Errorf("Spanish: %q", got)
	}
	_, err = d.Resolve("nadie")
	if !errors.As(err, &p) || !strings.HasPrefix(p.SayIn(es), "No conozco a nadie llamado «nadie» en esta sala.") {
		t.Errorf("unknown in Spanish: %v", err)
	}
	if _, err = d.Resolve(""); !errors.As(err, &p) || p.SayIn(ar) != "حدّد العضو: اسمه أو معرّفه." {
		t.Errorf("none in Arabic: %v", err)
	}
	many := make([]bot.Member, 11)
	for i := range many {
		many[i] = bot.Member{ID: "@sam" + string(rune('a'+i)) + ":example.org", Name: "Sam"}
	}
	_, err = NewDirectory(many).Resolve("sam")
	unisolated := strings.NewReplacer("\u2068", "", "\u2069", "") // Arabic isolates each value
	if !errors.As(err, &p) || !strings.Contains(unisolated.Replace(p.SayIn(ar)), "أو 3 أشخاص آخرين") || !strings.Contains(err.Error(), "or 3 others") {
		t.Errorf("candidates beyond the first eight: %v / %q", err, p.SayIn(ar))
	}
	fs := []bot.Member{{ID: "@ana:example.org", Name: "ana"}, {ID: "@bo:example.org", Name: "bo"}}
	if got := NotFacilitator(nil, fs, "!tz"); got != "Only the facilitator (ana, bo), room admins or bot admins may use !tz." {
		t.Errorf("English refusal: %q", got)
	}
	if got := NotFacilitator(ar, fs, "!tz"); got != "لا يستطيع استخدام \u2068!tz\u2069 إلا \u2068الميسّر (\u2068ana، bo\u2069)\u2069 أو مشرفو الغرفة أو مشرفو البوت." {
		t.Errorf("Arabic refusal: %q", got)
	}
}
