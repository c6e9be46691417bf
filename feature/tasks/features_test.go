package tasks_test

import (
	"folkmoot/feature"
	"folkmoot/feature/tasks"
)

// features is what these tests run: the tasks feature alone. !status, which shows the
// tasks' line among every feature's, is tested with every feature in app/tasks_cross_test.go.
func features() []feature.Feature { return []feature.Feature{tasks.Feature()} }
