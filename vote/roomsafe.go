package vote

// RoomSafe marks the error's text as fit to show in the room: it says what rule was broken.
func (e *Error) RoomSafe() {}
