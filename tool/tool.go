// Package tool is the register of digital tools an assembly depends on: what a tool entry
// is and how its name is matched. Pure domain: no database, no bot runtime.
package tool

import (
	"strings"
	"time"

	"folkmoot/bot"
)

// Tool is one digital tool in a room's register: what the assembly depends on and who
// controls it.
type Tool struct {
	Name       string
	Controller string
	AddedBy    string
	AddedAt    time.Time
}

// Key folds a tool's name for lookup: case and spacing do not make another tool.
func Key(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// Limits of an entry.
const (
	MaxName       = 60
	MaxController = 120
)

// ParseEntry splits "<name> — <controller>" at the first dash standing alone (an em or en
// dash, "--" or "-"), as one inert line each; ok is false when there is no such dash.
func ParseEntry(raw string) (name, controller string, ok bool) {
	raw = strings.Join(strings.Fields(bot.Inert(raw)), " ")
	for _, sep := range []string{" — ", " – ", " -- ", " - "} {
		if name, controller, ok := strings.Cut(raw, sep); ok {
			return strings.TrimSpace(name), strings.TrimSpace(controller), true
		}
	}
	return raw, "", false
}
