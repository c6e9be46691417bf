package round

import (
	"testing"

	"folkmoot/words"
)

// TestRangeRefusalsAreInTheCatalog: outOfRange names its message through a variable, which
// the app's scan of literal IDs cannot see.
func TestRangeRefusalsAreInTheCatalog(t *testing.T) {
	for _, id := range rangeIDs {
		if !words.Has(id) {
			t.Errorf("%s is not in the catalog", id)
		}
	}
}
