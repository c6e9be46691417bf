package reminders_test

import (
	"folkmoot/feature"
	"folkmoot/feature/reminders"
)

// features is what these tests run: the reminders feature alone. !tz (basics) moving
// repeating reminders is tested with every feature in app/reminders_cross_test.go.
func features() []feature.Feature { return []feature.Feature{reminders.Feature()} }
