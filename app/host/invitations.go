package host

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	"folkmoot/bot"
	"folkmoot/config"
)

// answerInvitation decides whether the bot joins a room it is invited into: bot admins may
// invite it anywhere, and on Matrix so may the user IDs autojoin_from matches. The transport
// joins or declines from the outbox.
func answerInvitation(ctx context.Context, cfg *config.Config, msg bot.Message) []bot.Reply {
	accept := mayInvite(cfg, msg.Room.Protocol, msg.Sender.ID)
	log := zerolog.Ctx(ctx).Info().Str("inviter", msg.Sender.ID)
	if accept {
		log.Msg("accepted an invitation")
	} else {
		log.Msg("declined an invitation from someone neither a bot admin nor in autojoin_from")
	}
	return []bot.Reply{{Join: &bot.JoinAnswer{Accept: accept, InvitedBy: msg.Sender.ID}, Notice: true}}
}

// mayInvite reports whether a member may bring the bot into a room.
func mayInvite(cfg *config.Config, p bot.Protocol, inviter string) bool {
	// A JID's address is case-insensitive (its resource is gone from a bare JID); a Matrix
	// user ID is not.
	same := func(a string) bool { return a == inviter || (p == bot.XMPP && strings.EqualFold(a, inviter)) }
	if slices.ContainsFunc(cfg.Admins, same) {
		return true
	}
	if p == bot.Matrix && cfg.Matrix != nil {
		for _, glob := range cfg.Matrix.AutojoinFrom {
			if ok, err := path.Match(glob, inviter); err == nil && ok {
				return true
			}
		}
	}
	return false
}
