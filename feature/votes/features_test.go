package votes_test

import (
	"folkmoot/feature"
	"folkmoot/feature/votes"
)

// features is what these tests run: the votes feature alone, without the links other
// features give it (app's tests cover a recall and a tools review closing).
func features() []feature.Feature { return []feature.Feature{votes.Feature(votes.Hooks{})} }
