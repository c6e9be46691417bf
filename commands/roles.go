package commands

import (
	"context"

	"folkmoot/bot"
)

// Rotating roles. (Placeholder until the rotation feature lands.)

func roleCommands() []*Command { return nil }

func roleJobKinds() []JobKind { return nil }

func statusRoles(context.Context, *Request) ([]string, error) { return nil, nil }

// currentFacilitators lists who holds the facilitator role in the room.
func currentFacilitators(ctx context.Context, env *Env, room bot.Room) ([]bot.Member, error) {
	return nil, nil
}
