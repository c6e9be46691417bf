package words

// Problem is an error a room may read, worded in the room's language when it is shown: the
// command engine shows SayIn(the room's language), and Error is the English, for logs and
// for callers with no room.
type Problem struct{ say func(l *Lang) string }

// Problemf is the Problem that the message id words, with its placeholders as name, value
// pairs (as Say takes them).
func Problemf(id string, pairs ...any) Problem {
	return Problem{func(l *Lang) string { return l.Say(id, pairs...) }}
}

// ProblemFunc is the Problem that say words, for a problem made of several messages.
func ProblemFunc(say func(l *Lang) string) Problem { return Problem{say} }

// Error is the problem in English.
func (p Problem) Error() string { return p.say(nil) }

// RoomSafe marks the problem as fit to show in the room (the engine's commands.RoomSafe).
func (Problem) RoomSafe() {}

// SayIn words the problem in l.
func (p Problem) SayIn(l *Lang) string { return p.say(l) }
