package timeparse

import (
	"testing"
	"time"
)

// A zone is loaded once and shared; a name the tz database lacks is refused every time.
func TestLoadLocationLoadsEachZoneOnce(t *testing.T) {
	tests := []struct {
		name   string
		wantOK bool
	}{
		{"Europe/Berlin", true},
		{"Asia/Kolkata", true},
		{"", true}, // UTC, as time.LoadLocation has it
		{"Not/A_Zone", false},
		{"Europe/Berlin🌻", false},
		{"../../etc/passwd", false},
	}
	for _, tt := range tests {
		first, err := LoadLocation(tt.name)
		if (err == nil) != tt.wantOK {
			t.Fatalf("LoadLocation(%q): %v, want ok %v", tt.name, err, tt.wantOK)
		}
		again, _ := LoadLocation(tt.name)
		if first != again {
			t.Errorf("LoadLocation(%q) loaded the zone again", tt.name)
		}
		if want, _ := time.LoadLocation(tt.name); tt.wantOK && first.String() != want.String() {
			t.Errorf("LoadLocation(%q) = %v, want %v", tt.name, first, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = LoadLocation("Europe/Berlin") }); n != 0 {
		t.Errorf("a loaded zone costs %v allocations", n)
	}
}
