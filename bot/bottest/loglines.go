// Package bottest holds what the adapters' tests share: a log capture to count lines in.
package bottest

import (
	"strings"
	"sync"
)

// LogLines keeps log lines so that tests can count or read them; give it to a zerolog
// logger as its writer (zerolog writes each line in one call).
type LogLines struct {
	mu    sync.Mutex
	lines []string
}

// Write keeps one line.
func (l *LogLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.lines = append(l.lines, string(p))
	l.mu.Unlock()
	return len(p), nil
}

// Count is how many lines contain every part.
func (l *LogLines) Count(parts ...string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			n++
		}
	}
	return n
}

// String is every line kept, in order.
func (l *LogLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "")
}
