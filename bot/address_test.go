package bot

import "testing"

func TestStripAddress(t *testing.T) {
	names := []string{"folkmoot", "folkmoot:example.org"}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"folkmoot: help", "help", true},
		{"@folkmoot, help", "help", true},
		{"@folkmoot help", "help", true},
		{"folkmoot is great", "folkmoot is great", false},
		{"@folkmoot:example.org: !help", "!help", true},
		{"folkmoots are here", "folkmoots are here", false},
		{"FOLKMOOT:", "", true},
		{"hello", "hello", false},
	}
	for _, tt := range tests {
		got, ok := StripAddress(tt.in, names...)
		if got != tt.want || ok != tt.ok {
			t.Errorf("StripAddress(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
