package commands

// Nearest lists up to n command names close to a mistyped one, nearest first.
func (r *Registry) Nearest(name string, n int) []string {
	names := r.ranked(name)
	return names[:min(n, len(names))]
}

// Synopsis is how a command is typed: "!vote close <id>", for usage lines and help.
func Synopsis(prefix string, c *Command) string {
	s := prefix + c.FullName()
	if c.Synopsis != "" {
		s += " " + c.Synopsis
	}
	return s
}
