package timeparse

// RoomSafe marks the error's text as fit to show in the room: it says which forms are accepted.
func (e *Error) RoomSafe() {}
