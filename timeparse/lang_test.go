package timeparse

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"folkmoot/words"
)

// TestRoomLanguagesRead: each room reads its language's words, on top of
// English, against now = Wed 25 Nov 2026 10:00 CET.
func TestRoomLanguagesRead(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"es", "mañana 18:00", "2026-11-26 18:00:00"},
		{"es", "manana 18:00", "2026-11-26 18:00:00"},
		{"es", "Mañana 18:00", "2026-11-26 18:00:00"},
		{"es", "viernes 18h", "2026-11-27 18:00:00"},
		{"es", "en 2 horas", "2026-11-25 12:00:00"},
		{"es", "vie 18:30", "2026-11-27 18:30:00"},
		{"es", "el viernes a las 18:00", "2026-11-27 18:00:00"},
		{"es", "el viernes a las 18:00 horas", "2026-11-27 18:00:00"},
		{"es", "a las 18 horas", "2026-11-25 18:00:00"},
		{"es", "dentro de 90 minutos", "2026-11-25 11:30:00"},
		{"es", "en una hora", "2026-11-25 11:00:00"},
		{"es", "pasado mañana 9:00", "2026-11-27 09:00:00"},
		{"es", "el próximo viernes 18:00", "2026-11-27 18:00:00"},
		{"es", "el viernes que viene a las 18:00", "2026-11-27 18:00:00"},
		{"es", "mañana por la mañana", "2026-11-26 09:00:00"},
		{"es", "viernes 6 de la tarde", "2026-11-27 18:00:00"},
		{"es", "el 5 de diciembre a las 18:30", "2026-12-05 18:30:00"},
		{"es", "5 mar 18:00", "2027-03-05 18:00:00"}, // "mar" after a day is March
		{"es", "mar 18:00", "2026-12-01 18:00:00"},   // alone, Tuesday
		{"es", "esta noche", "2026-11-25 21:00:00"},
		{"es", "MIÉRCOLES 18:00", "2026-11-25 18:00:00"},
		{"es", "miercoles 18:00", "2026-11-25 18:00:00"},
		{"es", "do 18:00", "2026-11-29 18:00:00"}, // domingo
		{"es", "fri 18:00", "2026-11-27 18:00:00"},
		{"es", "tomorrow 18:00", "2026-11-26 18:00:00"},

		{"fr", "vendredi 18h", "2026-11-27 18:00:00"},
		{"fr", "demain 9h", "2026-11-26 09:00:00"},
		{"fr", "dans 2 heures", "2026-11-25 12:00:00"},
		{"fr", "vendredi prochain 18h", "2026-11-27 18:00:00"},
		{"fr", "ce soir 20h", "2026-11-25 20:00:00"},
		{"fr", "ce soir", "2026-11-25 18:00:00"},
		{"fr", "après-demain 9h", "2026-11-27 09:00:00"},
		{"fr", "apres-demain 9h", "2026-11-27 09:00:00"},
		{"fr", "le 5 décembre à 18h30", "2026-12-05 18:30:00"},
		{"fr", "le 1er décembre à 18h", "2026-12-01 18:00:00"},
		{"fr", "dans une heure", "2026-11-25 11:00:00"},
		{"fr", "dans un an", "2027-11-25 10:00:00"},
		{"fr", "in an hour", "2026-11-25 11:00:00"},
		{"fr", "à 18 heures", "2026-11-25 18:00:00"},
		{"fr", "vendredi à 18 heures", "2026-11-27 18:00:00"},
		{"fr", "l'après-midi", "2026-11-25 14:00:00"},
		{"fr", "mar 18h", "2026-12-01 18:00:00"},
		{"fr", "5 mars 18h", "2027-03-05 18:00:00"},

		{"de", "Freitag 18 Uhr", "2026-11-27 18:00:00"},
		{"de", "morgen 9 Uhr", "2026-11-26 09:00:00"},
		{"de", "in 2 Stunden", "2026-11-25 12:00:00"},
		{"de", "am Freitag um 18 Uhr", "2026-11-27 18:00:00"},
		{"de", "18:00 am Freitag", "2026-11-27 18:00:00"},
		{"de", "nächsten Freitag 18 Uhr", "2026-11-27 18:00:00"},
		{"de", "übermorgen 9 Uhr", "2026-11-27 09:00:00"},
		{"de", "uebermorgen 9 Uhr", "2026-11-27 09:00:00"},
		{"de", "heute Abend", "2026-11-25 18:00:00"},
		{"de", "morgen früh", "2026-11-26 09:00:00"},
		{"de", "9 Uhr abends", "2026-11-25 21:00:00"},
		{"de", "in einer Stunde", "2026-11-25 11:00:00"},
		{"de", "5. Dezember 18:30", "2026-12-05 18:30:00"},
		{"de", "Do 18 Uhr", "2026-11-26 18:00:00"}, // Donnerstag
		{"de", "9 am", "2026-11-26 09:00:00"},      // English "am" is still read
		{"de", "in 3 Mo", "2027-02-25 10:00:00"},   // after a number, "mo" is months

		{"ar", "الجمعة ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "غدا ٩:٠٠", "2026-11-26 09:00:00"},
		{"ar", "غداً ٩:٠٠", "2026-11-26 09:00:00"},
		{"ar", "غدًا ٩:٠٠", "2026-11-26 09:00:00"},
		{"ar", "يوم الجمعة ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "جمعة ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "الجمعه ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "الجمعة، ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "بعد ساعتين", "2026-11-25 12:00:00"},
		{"ar", "بعد ساعة", "2026-11-25 11:00:00"},
		{"ar", "بعد ٣ ساعات", "2026-11-25 13:00:00"},
		{"ar", "الجمعة القادمة ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ar", "الجمعة الساعة ٦ مساءً", "2026-11-27 18:00:00"},
		{"ar", "الجمعة مساءً", "2026-11-27 18:00:00"},
		{"ar", "بعد غد ٩:٠٠", "2026-11-27 09:00:00"},
		{"ar", "٥ ديسمبر ١٨:٣٠", "2026-12-05 18:30:00"},
		{"ar", "٥ كانون الأول ١٨:٣٠", "2026-12-05 18:30:00"},
		{"ar", "fri 18:00", "2026-11-27 18:00:00"},

		// بەیانی is read as tomorrow, as it is said; the morning is سەرلەبەیانی.
		{"ckb", "هەینی ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ckb", "بەیانی 9:00", "2026-11-26 09:00:00"},
		{"ckb", "سبەی ٩:٠٠", "2026-11-26 09:00:00"},
		{"ckb", "ڕۆژی هەینی ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ckb", "ههینی ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ckb", "هەینی ۱۸:۰۰", "2026-11-27 18:00:00"},
		{"ckb", "دوای ٢ کاتژمێر", "2026-11-25 12:00:00"},
		{"ckb", "دوای کاتژمێرێک", "2026-11-25 11:00:00"},
		{"ckb", "هەینیی داهاتوو ١٨:٠٠", "2026-11-27 18:00:00"},
		{"ckb", "هەینی ئێوارە", "2026-11-27 18:00:00"},
		{"ckb", "سبەی سەرلەبەیانی", "2026-11-26 09:00:00"},
		{"ckb", "٥ی کانوونی یەکەم ١٨:٣٠", "2026-12-05 18:30:00"},

		// sibê is read as tomorrow; the morning is sibeh.
		{"ku", "În 18:00", "2026-11-27 18:00:00"},
		{"ku", "sibê 9:00", "2026-11-26 09:00:00"},
		{"ku", "piştî 2 saetan", "2026-11-25 12:00:00"},
		{"ku", "piştî saetekê", "2026-11-25 11:00:00"},
		{"ku", "Îna bê 18:00", "2026-11-27 18:00:00"},
		{"ku", "Înê 18:00", "2026-11-27 18:00:00"},
		{"ku", "ine 18:00", "2026-11-27 18:00:00"},
		{"ku", "În êvarê", "2026-11-27 18:00:00"},
		{"ku", "5 kanûn 18:30", "2026-12-05 18:30:00"},
		{"ku", "li 18:00", "2026-11-25 18:00:00"},
		{"ku", "in 2 hours", "2026-11-25 12:00:00"}, // English "in", not În
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.in, func(t *testing.T) {
			l := words.For(tt.lang)
			got, err := ParseAt(l, tt.in, now, berlin)
			if err != nil || local(got) != tt.want {
				t.Fatalf("ParseAt(%s, %q) = %s, %v; want %s", tt.lang, tt.in, local(got), err, tt.want)
			}
		})
	}
}

// TestEnglishStaysReadInEveryRoom: the English forms of every test read the
// same in every room.
func TestEnglishStaysReadInEveryRoom(t *testing.T) {
	for _, lang := range words.Shipped {
		l := words.For(lang.Tag)
		for _, in := range []string{"tomorrow 18:00", "fri 6pm", "in 2 hours", "next friday 18h", "5 dec 18:30",
			"on the 5th of december at 6:30 pm", "sunday evening", "in an hour", "2026-12-05 18:30", "18 Uhr"} {
			want, err := ParseAt(nil, in, now, berlin)
			if err != nil {
				t.Fatalf("ParseAt(nil, %q): %v", in, err)
			}
			if got, err := ParseAt(l, in, now, berlin); err != nil || !got.Equal(want) {
				t.Errorf("ParseAt(%s, %q) = %s, %v; want %s", lang.Tag, in, local(got), err, local(want))
			}
		}
		for _, in := range []string{"every monday 19:00", "every day 08:00", "every 2 weeks on tue 19:00", "every solstice 19:00"} {
			want, _ := ParseEvery(nil, in, now, berlin)
			if got, err := ParseEvery(l, in, now, berlin); err != nil || got.String() != want.String() {
				t.Errorf("ParseEvery(%s, %q) = %v, %v; want %v", lang.Tag, in, got, err, want)
			}
		}
	}
}

// TestOnlyTheRoomsLanguageIsRead: a word of another language is not read,
// least of all where it means something else there.
func TestOnlyTheRoomsLanguageIsRead(t *testing.T) {
	tests := []struct{ lang, in string }{
		{"en", "do 18:00"},
		{"en", "viernes 18h"},
		{"en", "mañana 18:00"},
		{"es", "Freitag 18 Uhr"},
		{"de", "viernes 18h"},
		{"fr", "mañana 18:00"},
		{"ar", "هەینی ١٨:٠٠"},
		{"ckb", "الخميس ١٨:٠٠"},
		{"ku", "vendredi 18h"},
	}
	for _, tt := range tests {
		if got, err := ParseAt(words.For(tt.lang), tt.in, now, berlin); err == nil {
			t.Errorf("ParseAt(%s, %q) = %s, want an error", tt.lang, tt.in, local(got))
		}
	}
	// "do" is Thursday in German, Sunday in Spanish.
	de, _ := ParseAt(words.For("de"), "do 18:00", now, berlin)
	es, _ := ParseAt(words.For("es"), "do 18:00", now, berlin)
	if local(de) != "2026-11-26 18:00:00" || local(es) != "2026-11-29 18:00:00" {
		t.Errorf("“do 18:00” is %s in German and %s in Spanish", local(de), local(es))
	}
}

// TestRoomLanguagesRecur: "every" in each language, for weekdays, days and
// the other schedules.
func TestRoomLanguagesRecur(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"es", "cada lunes 19:00", "every mon 19:00"},
		{"es", "todos los lunes a las 19:00", "every mon 19:00"},
		{"es", "cada día 08:00", "every day 08:00"},
		{"es", "todos los días 8:00", "every day 08:00"},
		{"es", "diariamente 8:00", "every day 08:00"},
		{"es", "cada día laborable 9:00", "every weekday 09:00"},
		{"es", "cada 2 semanas el martes 19:00", "every 2 weeks on tue 19:00 from 2026-12-01"},
		{"es", "cada mes el día 1 10:00", "every month on the 1st 10:00"},
		{"es", "cada año el 1 de marzo 09:00", "every year on 1 mar 09:00"},
		{"fr", "chaque lundi 19h", "every mon 19:00"},
		{"fr", "tous les lundis 19h", "every mon 19:00"},
		{"fr", "tous les jours 8h", "every day 08:00"},
		{"fr", "chaque mois le 1er 10h", "every month on the 1st 10:00"},
		{"fr", "toutes les 2 semaines le mardi 19h", "every 2 weeks on tue 19:00 from 2026-12-01"},
		{"de", "jeden Montag 19 Uhr", "every mon 19:00"},
		{"de", "jeden Tag 8 Uhr", "every day 08:00"},
		{"de", "täglich 8 Uhr", "every day 08:00"},
		{"de", "alle 2 Wochen am Dienstag 19 Uhr", "every 2 weeks on tue 19:00 from 2026-12-01"},
		{"de", "jede zweite Woche am Dienstag 19 Uhr", "every 2 weeks on tue 19:00 from 2026-12-01"},
		{"de", "jeden Monat am 1. um 10 Uhr", "every month on the 1st 10:00"},
		{"ar", "كل يوم اثنين ١٩:٠٠", "every mon 19:00"},
		{"ar", "كل اثنين ١٩:٠٠", "every mon 19:00"},
		{"ar", "كل يوم ٨:٠٠", "every day 08:00"},
		{"ar", "يومياً ٨:٠٠", "every day 08:00"},
		{"ar", "كل أسبوعين يوم الثلاثاء ١٩:٠٠", "every 2 weeks on tue 19:00 from 2026-12-01"},
		{"ar", "كل شهر يوم ١ الساعة ١٠:٠٠", "every month on the 1st 10:00"},
		{"ckb", "هەموو دووشەممەیەک ١٩:٠٠", "every mon 19:00"},
		{"ckb", "هەموو ڕۆژێک ٨:٠٠", "every day 08:00"},
		{"ckb", "ڕۆژانە ٨:٠٠", "every day 08:00"},
		{"ku", "her Duşem 19:00", "every mon 19:00"},
		{"ku", "her roj 08:00", "every day 08:00"},
		{"ku", "rojane 8:00", "every day 08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.in, func(t *testing.T) {
			l := words.For(tt.lang)
			r, err := ParseEvery(l, tt.in, now, berlin)
			if err != nil || r.String() != tt.want {
				t.Fatalf("ParseEvery(%s, %q) = %v, %v; want %s", tt.lang, tt.in, r, err, tt.want)
			}
			s, err := Parse(l, tt.in, now, berlin)
			if err != nil || s.Every == nil || s.Every.String() != tt.want {
				t.Fatalf("Parse(%s, %q) = %+v, %v; want %s", tt.lang, tt.in, s, err, tt.want)
			}
		})
	}
}

// TestErrorsSpeakTheRoomsLanguage: what a room reads when its time is not
// understood, in Spanish and Arabic (Arabic's placeholders come in bidi
// isolates, so the checks are on the words around them).
func TestErrorsSpeakTheRoomsLanguage(t *testing.T) {
	es, ar := words.For("es"), words.For("ar")
	tests := []struct {
		l     *words.Lang
		in    string
		every bool
		want  []string
	}{
		{es, "xyz", false, []string{"No entendí la hora «xyz». Prueba: en 90m, en 2 horas, en 3 meses, 48h, mañana 18:00,"}},
		{es, "mañana 25:00", false, []string{"No existe 25:00; usa de 00:00 a 23:59."}},
		{es, "viernes", false, []string{"Añade una hora del día, por ejemplo «viernes 18:00»."}},
		{es, "mañana 18:00 por favor", false, []string{"No entendí la hora en «por»: después de «mañana 18:00» esperaba que terminara ahí."}},
		{es, "vie 5 manzanas", false, []string{"después de «vie 5» esperaba una hora del día (5pm, 5:00, 5h)."}},
		{es, "en 0m", false, []string{"Una duración tiene que ser mayor que cero."}},
		{es, "hoy 09:00", false, []string{"Ese momento ya pasó: mié 25 nov 09:00 CET."}},
		{es, "cada lunes 19:00", false, []string{"«cada lunes 19:00» se repite; aquí necesito un solo momento"}},
		{es, "18h", false, []string{"«18h» puede ser las 18:00 o dentro de 18 horas; di «a las 18h» o «en 18h»."}},
		{es, "a las 9", false, []string{"«a las 9» puede ser 09:00 o 21:00"}},
		{es, "31 feb 10:00", false, []string{"No existe el 31 de feb."}},
		{es, "cada martes", true, []string{"Añade una hora del día, por ejemplo «cada martes 19:00»."}},
		{es, "cada blursday 19:00", true, []string{"después de «cada» esperaba un día o una frecuencia (día, día laborable"}},
		{es, "mañana 18:00", true, []string{"«mañana 18:00» es un solo momento; aquí necesito uno que se repita"}},
		{ar, "xyz", false, []string{"لم أفهم الوقت", "xyz", "جرّب:", "بعد ٩٠ دقيقة، بعد ساعتين"}},
		{ar, "غدا ٢٥:٠٠", false, []string{"لا يوجد الوقت", "25:00", "استخدم من 00:00 إلى 23:59."}},
		{ar, "الجمعة", false, []string{"أضف وقتًا من اليوم، مثل", "الجمعة 18:00"}},
		{ar, "غدا ١٨:٠٠ لو سمحت", false, []string{"لم أفهم الوقت عند", "سمحت", "كنت أتوقع", "ألّا يأتي شيء بعده"}},
		{ar, "كل يوم اثنين", true, []string{"أضف وقتًا من اليوم، مثل", "كل يوم اثنين 19:00"}},
		{ar, "18h", false, []string{"قد تعني الساعة", "أو أن يمضي", "ساعة", "قل «الساعة"}},
	}
	for _, tt := range tests {
		var err error
		if tt.every {
			_, err = ParseEvery(tt.l, tt.in, now, berlin)
		} else {
			_, err = ParseAt(tt.l, tt.in, now, berlin)
		}
		for _, want := range tt.want {
			checkErr(t, err, want)
		}
	}
	_, err := ParseDuration(es, "5")
	checkErr(t, err, "Añade una unidad a «5», por ejemplo 5m o 5h (unidades: s, m (minutos), h, d, sem).")
	_, err = ParseDuration(ar, "abc")
	checkErr(t, err, "لم أفهم المدة")
	_, err = ParseSpan(es, "3 meses por favor")
	checkErr(t, err, "No entendí la duración en «por»")
	err = CheckWithin(es, now.Add(-1), now, 0)
	checkErr(t, err, "Ese momento ya pasó.")
}

// TestHintsReadInTheirLanguage: every form an error offers a room reads in
// that room, English's in English.
func TestHintsReadInTheirLanguage(t *testing.T) {
	for _, lang := range words.Shipped {
		l := words.For(lang.Tag)
		comma := l.Say("timeparse.expect.comma")
		forms := func(id string) []string {
			list := l.Say(id)
			for _, units := range []string{l.Say("timeparse.hint.duration_units"), l.Say("timeparse.hint.span_units")} {
				if i := strings.Index(list, units); i > 0 {
					list = list[:strings.LastIndex(list[:i], " (")] // the units in brackets
				}
			}
			return strings.Split(list, comma)
		}
		check := func(id string, parse func(string) error) {
			for _, f := range forms(id) {
				if err := parse(f); err != nil {
					t.Errorf("%s %s: %q does not read: %v", lang.Tag, id, f, err)
				}
			}
		}
		check("timeparse.hint.at", func(s string) error { _, err := ParseAt(l, s, now, berlin); return err })
		check("timeparse.hint.every", func(s string) error { _, err := ParseEvery(l, s, now, berlin); return err })
		check("timeparse.hint.all", func(s string) error { _, err := Parse(l, s, now, berlin); return err })
		check("timeparse.hint.duration", func(s string) error { _, err := ParseDuration(l, s); return err })
		check("timeparse.hint.span", func(s string) error { _, err := ParseSpan(l, s); return err })
	}
}

// TestEnglishListsAreTheGrammar: en.yaml's lists hold every English word
// the rules read, under its key, so translators see the whole of it there.
func TestEnglishListsAreTheGrammar(t *testing.T) {
	en := words.For("en")
	listed := map[string]string{}
	for _, k := range readKeys {
		for _, w := range strings.Fields(en.Say("timeparse.read." + k.id)) {
			listed[w] = k.id
		}
	}
	for w, key := range grammarWords {
		if listed[w] != key {
			t.Errorf("the grammar reads %q as %s, but en.yaml lists it under %q", w, key, listed[w])
		}
	}
}

// TestEveryLanguageHasItsLists: each language's lists load, and each key
// has a word or says "-".
func TestEveryLanguageHasItsLists(t *testing.T) {
	for _, lang := range words.Shipped {
		l := words.For(lang.Tag)
		for _, k := range readKeys {
			if list := strings.Fields(l.Say("timeparse.read." + k.id)); len(list) == 0 {
				t.Errorf("%s: timeparse.read.%s is empty; write \"-\" for none", lang.Tag, k.id)
			}
		}
		if v := vocabFor(l); len(v.exact) == 0 {
			t.Errorf("%s: no words", lang.Tag)
		}
	}
}

// TestMessagesTheCodeNamesExist: every timeparse.* ID in the code is in the
// English catalog (app's test sees only literal Say calls).
func TestMessagesTheCodeNamesExist(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	id := regexp.MustCompile(`"(timeparse\.[a-z_.]+[a-z_])"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range id.FindAllStringSubmatch(string(src), -1) {
			if !words.Has(m[1]) {
				t.Errorf("%s names %s, which en.yaml lacks", f, m[1])
			}
		}
	}
	for _, k := range readKeys {
		if !words.Has("timeparse.read." + k.id) {
			t.Errorf("en.yaml lacks timeparse.read.%s", k.id)
		}
	}
}

// TestPseudoLanguageReadsEnglish: the tests' pseudo-language wraps every
// message; its words are English's, unwrapped.
func TestPseudoLanguageReadsEnglish(t *testing.T) {
	got, err := ParseAt(words.Pseudo(), "tomorrow 18:00", now, berlin)
	if err != nil || local(got) != "2026-11-26 18:00:00" {
		t.Fatalf("ParseAt(pseudo) = %s, %v", local(got), err)
	}
	_, err = ParseAt(words.Pseudo(), "xyz", now, berlin)
	checkErr(t, err, words.Open+"I couldn't read the time")
}

// TestSchedulesAreDescribedInTheRoomsLanguage: DescribeIn says a schedule
// as the room reads it; Describe stays English.
func TestSchedulesAreDescribedInTheRoomsLanguage(t *testing.T) {
	isolates := strings.NewReplacer("\u2068", "", "\u2069", "")
	tests := []struct{ lang, in, want string }{
		{"es", "every monday 19:00", "cada lunes a las 19:00"},
		{"es", "every year on 1 mar 09:00", "cada año el 1 de marzo a las 09:00"},
		{"fr", "every month on the 1st 10:00", "chaque mois le 1er à 10:00"},
		{"fr", "every month on the 15th 10:00", "chaque mois le 15 à 10:00"},
		{"de", "every 2 weeks on tue 19:00", "alle 2 Wochen am Dienstag um 19:00"},
		{"de", "every year on 1 mar 09:00", "jedes Jahr am 1. März um 09:00"},
		{"ar", "every 2 weeks on tue 19:00", "كل أسبوعين يوم الثلاثاء الساعة 19:00"},
		{"ar", "every 3 weeks on fri 19:00", "كل 3 أسابيع يوم الجمعة الساعة 19:00"},
		{"ckb", "every day 08:00", "هەموو ڕۆژێک کاتژمێر 08:00"},
		{"ku", "every monday 19:00", "her Duşem saet 19:00"},
		{"en", "every monday 19:00", "every Monday at 19:00"},
	}
	for _, tt := range tests {
		r, err := ParseEvery(nil, tt.in, now, berlin)
		if err != nil {
			t.Fatal(err)
		}
		if got := isolates.Replace(r.DescribeIn(words.For(tt.lang))); got != tt.want {
			t.Errorf("DescribeIn(%s) of %q = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
	for _, lang := range words.Shipped {
		for _, in := range []string{"every day 08:00", "every weekday 09:00", "every sun 10:00", "every 4 weeks on sat 10:00",
			"every month on the 2nd 10:00", `cron "0 19 * * 1"`, "every year on 31 dec 23:00", "every solstice 19:00",
			"every equinox 19:00", "every season 19:00"} {
			r, _ := ParseEvery(nil, in, now, berlin)
			if got := r.DescribeIn(words.For(lang.Tag)); got == "" || strings.Contains(got, "timeparse.") {
				t.Errorf("DescribeIn(%s) of %q = %q", lang.Tag, in, got)
			}
		}
	}
}
