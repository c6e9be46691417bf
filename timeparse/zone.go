package timeparse

import (
	"sync"
	"time"
)

// zones keeps each timezone loaded once. time.LoadLocation reads and parses the zone's file
// on every call (15 µs), and every scheduled job asks for its room's; the names are those of
// the tz database, so the map stays small.
var zones sync.Map // name -> *time.Location

// LoadLocation is time.LoadLocation, loading each zone once for the life of the process.
func LoadLocation(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
