package basics

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// zoneAbbrevs maps the abbreviations people type to a zone that keeps them all year (with
// summer time). An abbreviation covers many places, so the answer is a question.
var zoneAbbrevs = map[string]string{
	"cet": "Europe/Berlin", "cest": "Europe/Berlin", "met": "Europe/Berlin", "mez": "Europe/Berlin",
	"gmt": "Europe/London", "bst": "Europe/London", "wet": "Europe/Lisbon", "west": "Europe/Lisbon",
	"eet": "Europe/Athens", "eest": "Europe/Athens", "msk": "Europe/Moscow",
	"est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
	"cst": "America/Chicago", "cdt": "America/Chicago", "mst": "America/Denver", "mdt": "America/Denver",
	"pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pt": "America/Los_Angeles",
	"ist": "Asia/Kolkata", "jst": "Asia/Tokyo", "kst": "Asia/Seoul", "aest": "Australia/Sydney",
	"aedt": "Australia/Sydney", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
}

// offsetZones are a well-known city for a whole-hour offset from GMT, as people write it
// ("GMT+1"); the fixed Etc/GMT zone is offered too, for a room that wants no summer time.
var offsetZones = map[int]string{
	-10: "Pacific/Honolulu", -9: "America/Anchorage", -8: "America/Los_Angeles", -7: "America/Denver",
	-6: "America/Chicago", -5: "America/New_York", -4: "America/Halifax", -3: "America/Sao_Paulo",
	0: "Europe/London", 1: "Europe/Berlin", 2: "Europe/Athens", 3: "Europe/Moscow", 4: "Asia/Dubai",
	5: "Asia/Karachi", 7: "Asia/Bangkok", 8: "Asia/Shanghai", 9: "Asia/Tokyo", 10: "Australia/Sydney",
	12: "Pacific/Auckland",
}

// zoneGuess is what a typed timezone most likely means: a zone to suggest, and why it is
// only a guess (none when the city's name says it): the abbreviation or offset as typed, in
// upper case, and for an offset the command that sets the fixed zone instead.
type zoneGuess struct {
	zone  string
	why   guessed
	typed string
	fixed string // "!tz Etc/GMT-1"
}

// guessed is why a zone is only a guess.
type guessed int

const (
	byCity       guessed = iota // the city's name says it
	abbreviation                // CET is used in many places
	fixedOffset                 // GMT+1 has no summer time; the city suggested has
)

// guessZone reads what people type for a timezone that is no IANA name: a city ("berlin",
// "new york"), an abbreviation ("CET") or an offset ("GMT+1"). ok is false when nothing fits.
// The command for the fixed offset is named with the room's prefix.
func guessZone(typed, prefix string) (zoneGuess, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(typed), " "))
	if z, ok := zoneAbbrevs[t]; ok {
		return zoneGuess{zone: z, why: abbreviation, typed: strings.ToUpper(t)}, true
	}
	if h, ok := gmtOffset(t); ok {
		etc := "Etc/GMT"
		if h != 0 {
			etc += fmt.Sprintf("%+d", -h) // the Etc zones count the other way round
		}
		if z, ok := offsetZones[h]; ok {
			return zoneGuess{zone: z, why: fixedOffset, typed: strings.ToUpper(t), fixed: prefix + "tz " + etc}, true
		}
		return zoneGuess{zone: etc}, true
	}
	city := strings.NewReplacer(" ", "_", "-", "_", ".", "").Replace(t)
	best := ""
	for _, z := range zoneNames {
		last := z[strings.LastIndex(z, "/")+1:]
		if strings.EqualFold(last, city) && (best == "" || len(z) < len(best)) {
			best = z
		}
	}
	return zoneGuess{zone: best}, best != ""
}

// gmtOffset reads "gmt+1", "utc-5", "+2" or "utc +01:00" as whole hours east of GMT.
func gmtOffset(t string) (int, bool) {
	t = strings.NewReplacer(" ", "", "−", "-").Replace(t) // phones type a minus sign
	for _, p := range []string{"gmt", "utc"} {
		t = strings.TrimPrefix(t, p)
	}
	if t == "" || (t[0] != '+' && t[0] != '-') {
		return 0, false
	}
	sign := 1
	if t[0] != '+' {
		sign = -1
	}
	t = t[1:]
	t = strings.TrimSuffix(strings.TrimSuffix(t, ":00"), "00")
	h, err := strconv.Atoi(t)
	if err != nil || h > 14 {
		return 0, false
	}
	return sign * h, true
}

// exactZone loads an IANA name typed in any case ("europe/berlin", "america/new_york").
func exactZone(name string) (*time.Location, bool) {
	if strings.EqualFold(name, "utc") {
		return time.UTC, true
	}
	if !strings.Contains(name, "/") {
		return nil, false // "CET", "EST": read as abbreviations, which ask first
	}
	parts := strings.Split(name, "/")
	for i, p := range parts {
		sub := strings.Split(strings.ToLower(p), "_")
		for j, s := range sub {
			if s != "" {
				sub[j] = strings.ToUpper(s[:1]) + s[1:]
			}
		}
		parts[i] = strings.Join(sub, "_")
	}
	for _, c := range []string{name, strings.Join(parts, "/")} {
		if loc, err := time.LoadLocation(c); err == nil {
			return loc, true
		}
	}
	return nil, false
}
