package privacy

import (
	"strings"
	"testing"
)

func TestRetentionSettings(t *testing.T) {
	tests := []struct {
		rawLog string
		bad    string // what the error names; "" when the value is fine
	}{
		{"", ""},
		{"1y", ""},
		{"6mo", ""},
		{"90d", ""},
		{"1 year", ""},
		{"12h", "less than a day"},
		{"soon", "not a length of time"},
	}
	for _, tc := range tests {
		t.Run(tc.rawLog, func(t *testing.T) {
			err := (&Settings{RawLog: tc.rawLog}).check()
			switch {
			case tc.bad == "" && err != nil:
				t.Fatalf("check(%q) = %v", tc.rawLog, err)
			case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad) || !strings.Contains(err.Error(), "retention.raw_log")):
				t.Fatalf("check(%q) = %v, want an error naming retention.raw_log: %s", tc.rawLog, err, tc.bad)
			}
		})
	}
}
