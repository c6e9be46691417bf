package timeparse

import (
	"math"
	"time"
)

// Seasonal markers: the two equinoxes and two solstices, computed with Meeus,
// Astronomical Algorithms (2nd ed.), chapter 27: a polynomial for the mean
// moment (table 27.B, years 1000 to 3000), corrected by 24 periodic terms
// (table 27.C). That is within a minute of the published moments for our
// century, far inside what a reminder at 09:00 on that day needs.

// marker is one of the four moments, in calendar order.
type marker int

const (
	marchEquinox marker = iota
	juneSolstice
	septemberEquinox
	decemberSolstice
)

// Sets of markers, as a bit per marker.
const (
	equinoxes = 1<<marchEquinox | 1<<septemberEquinox
	solstices = 1<<juneSolstice | 1<<decemberSolstice
	allMarks  = equinoxes | solstices
)

// Years the formulas cover; Next finds nothing after the last.
const (
	firstSeasonYear = 1000
	lastSeasonYear  = 3000
)

// meanJDE are table 27.B's coefficients of Y = (year-2000)/1000, per marker.
var meanJDE = [4][5]float64{
	{2451623.80984, 365242.37404, 0.05169, -0.00411, -0.00057},
	{2451716.56767, 365241.62603, 0.00325, 0.00888, -0.00030},
	{2451810.21715, 365242.01767, -0.11575, 0.00337, 0.00078},
	{2451900.05952, 365242.74049, -0.06223, -0.00823, 0.00032},
}

// periodic is table 27.C: A, B (degrees), C (degrees per Julian century).
var periodic = [24][3]float64{
	{485, 324.96, 1934.136}, {203, 337.23, 32964.467}, {199, 342.08, 20.186},
	{182, 27.85, 445267.112}, {156, 73.14, 45036.886}, {136, 171.52, 22518.443},
	{77, 222.54, 65928.934}, {74, 296.72, 3034.906}, {70, 243.58, 9037.513},
	{58, 119.81, 33718.147}, {52, 297.17, 150.678}, {50, 21.02, 2281.226},
	{45, 247.54, 29929.562}, {44, 325.15, 31555.956}, {29, 60.93, 4443.417},
	{18, 155.12, 67555.328}, {17, 288.79, 4562.452}, {16, 198.04, 62894.029},
	{14, 199.76, 31436.921}, {12, 95.39, 14577.848}, {12, 287.11, 31931.756},
	{12, 320.81, 34777.259}, {9, 227.73, 1222.114}, {8, 15.45, 16859.074},
}

// seasonMoment is the instant (UTC) of marker m in year y, 1000 <= y <= 3000.
func seasonMoment(y int, m marker) time.Time {
	c := meanJDE[m]
	Y := float64(y-2000) / 1000
	jde0 := c[0] + Y*(c[1]+Y*(c[2]+Y*(c[3]+Y*c[4])))
	T := (jde0 - 2451545.0) / 36525
	W := rad(35999.373*T - 2.47)
	dLambda := 1 + 0.0334*math.Cos(W) + 0.0007*math.Cos(2*W)
	S := 0.0
	for _, p := range periodic {
		S += p[0] * math.Cos(rad(p[1]+p[2]*T))
	}
	jde := jde0 + 0.00001*S/dLambda
	// JDE counts Terrestrial Time; civil clocks run ΔT behind it.
	unix := (jde-2440587.5)*86400 - deltaT(float64(y)+float64(m)*0.25+0.22)
	sec, frac := math.Modf(unix)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC()
}

// deltaT is TT-UT in seconds for a decimal year: the Espenak-Meeus
// polynomials near now, their long-term parabola elsewhere. Its error (a few
// seconds now, minutes centuries away) is below what the day of a reminder
// can notice.
func deltaT(y float64) float64 {
	u := (y - 1820) / 100
	switch {
	case y >= 1986 && y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*t*t*t*t + 0.00002373599*t*t*t*t*t
	case y >= 1961 && y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y >= 2005 && y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y >= 2050 && y < 2150:
		return -20 + 32*u*u - 0.5628*(2150-y)
	}
	return -20 + 32*u*u
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

// nextSeason is the first occurrence after `after`: the recurrence's clock on
// the local date (in loc) of the next selected marker. The local date, not
// UTC's, so a December solstice at 20:50 UTC is a 22 December reminder in
// Auckland.
func (r *Recurrence) nextSeason(after time.Time, loc *time.Location) time.Time {
	// A marker's local date is within a day of its UTC one, so it falls in the
	// same year, and the year before `after` can't hold the answer.
	for y := max(after.In(loc).Year(), firstSeasonYear); y <= lastSeasonYear; y++ {
		for m := marchEquinox; m <= decemberSolstice; m++ {
			if r.seasons&(1<<m) == 0 {
				continue
			}
			ly, lm, ld := seasonMoment(y, m).In(loc).Date()
			if t := at(ly, lm, ld, r.clk, loc); t.After(after) {
				return t
			}
		}
	}
	return time.Time{}
}

// seasonWords are the words for the sets of markers, canonical first.
var seasonWords = map[int]string{solstices: "solstice", equinoxes: "equinox", allMarks: "season"}
