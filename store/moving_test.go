package store_test

import (
	"time"

	"folkmoot/bot"
)

// The rooms and time the store's tests share; they stood in roles_test.go, which moved to
// feature/roles. A bridge for the merge of issue 20, like moving.go.
var (
	roleRoom  = bot.Room{Protocol: bot.XMPP, ID: "assembly@conference.example.org"}
	otherRoom = bot.Room{Protocol: bot.Matrix, ID: "!other:example.org"}
	rt0       = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
)
