package timeparse

import (
	"strings"
	"testing"
	"unicode"
)

// TestDigitsOfEveryScript: a decimal digit of any script is read as the
// digit it is; invisible bidi marks around it change nothing.
func TestDigitsOfEveryScript(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Arabic-Indic", "fri ١٨:٠٠", "2026-11-27 18:00:00"},
		{"Persian and Sorani", "fri ۱۸:۳۰", "2026-11-27 18:30:00"},
		{"Devanagari", "fri १८:००", "2026-11-27 18:00:00"},
		{"fullwidth digits and colon", "fri １８：００", "2026-11-27 18:00:00"},
		{"fullwidth letters", "ｆｒｉ 18:00", "2026-11-27 18:00:00"},
		{"mathematical bold", "fri 𝟏𝟖:𝟎𝟎", "2026-11-27 18:00:00"},
		{"bidi marks an RTL keyboard inserts", "fri \u200f١٨:٠٠\u200f", "2026-11-27 18:00:00"},
		{"zero-width joiner inside a word", "fr\u200di 18:00", "2026-11-27 18:00:00"},
		{"Arabic relative", "in ٩٠m", "2026-11-25 11:30:00"},
		{"Arabic date", "٢٠٢٦-١٢-٠٥ ١٨:٣٠", "2026-12-05 18:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAt(nil, tt.in, now, berlin)
			if err != nil || local(got) != tt.want {
				t.Fatalf("ParseAt(nil, %q) = %s, %v; want %s", tt.in, local(got), err, tt.want)
			}
		})
	}
	r, err := ParseEvery(nil, "every monday ١٩:٠٠", now, berlin)
	if err != nil || r.String() != "every mon 19:00" {
		t.Errorf("Arabic-Indic recurrence = %v, %v", r, err)
	}
	r, err = ParseEvery(nil, `cron "٠ ١٩ * * ١"`, now, berlin)
	if err != nil || r.String() != `cron "0 19 * * 1"` {
		t.Errorf("Arabic-Indic cron = %v, %v", r, err)
	}
	if d, err := ParseDuration(nil, "٣m"); err != nil || d.Minutes() != 3 {
		t.Errorf("ParseDuration(nil, ٣m) = %v, %v", d, err)
	}
}

// TestOtherNumeralsAreRefused: numerals that are not decimal digits are
// refused clearly, never read as a number.
func TestOtherNumeralsAreRefused(t *testing.T) {
	for in, want := range map[string]string{
		"fri 1²:00":  "I couldn't read the time at “1²:00”: after “fri 1” I expected a time of day",
		"in ②h":      "I couldn't read the time at “②h”: after “in” I expected a number and a unit",
		"fri Ⅻ:00":   "I couldn't read the time at “Ⅻ:00”: after “fri” I expected a time of day",
		"in ½ hour":  "I couldn't read the time at “½”",
		"fri 18:0٠٠": "after “fri 18:” I expected two digits of minutes (18:00).",
	} {
		got, err := ParseAt(nil, in, now, berlin)
		if err == nil {
			t.Errorf("ParseAt(nil, %q) = %s, want an error", in, local(got))
			continue
		}
		checkErr(t, err, want)
	}
}

// TestDigitRangesAreWholeRuns keeps digitValue's assumption true as Unicode
// grows: each range of decimal digits is whole runs of 0 to 9.
func TestDigitRangesAreWholeRuns(t *testing.T) {
	check := func(lo, hi, stride uint32) {
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("digit range %U-%U (stride %d) is not whole runs of ten", lo, hi, stride)
		}
	}
	for _, r := range unicode.Digit.R16 {
		check(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Digit.R32 {
		check(r.Lo, r.Hi, r.Stride)
	}
	for r, want := range map[rune]rune{'٠': 0, '٩': 9, '۷': 7, '७': 7, '９': 9, '𝟎': 0, '𝟗': 9, '𝟘': 0, '𝟿': 9, '꧕': 5} {
		if got := digitValue(r); got != want {
			t.Errorf("digitValue(%q) = %d, want %d", r, got, want)
		}
	}
}

// TestEchoesAreInert: an echoed word cannot turn the answer around or hide
// characters in it.
func TestEchoesAreInert(t *testing.T) {
	for in, want := range map[string]string{
		"\u202eyadot 18:00": "I couldn't read the time “yadot”",
		"Zoë🌻\u0000 18:00":  "I couldn't read the time “Zoë🌻”",
		"رێزان 18:00":       "I couldn't read the time “رێزان”",
		"fri 18:00 \u2066x": "after “fri 18:00” I expected nothing more",
	} {
		_, err := ParseAt(nil, in, now, berlin)
		checkErr(t, err, want)
		if strings.ContainsAny(err.Error(), "\u202e\u2066\x00") {
			t.Errorf("echo keeps invisible characters: %q", err)
		}
	}
}
