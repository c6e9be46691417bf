package app

import (
	"context"
	"fmt"

	"folkmoot/bot"
	"folkmoot/bot/matrix"
	"folkmoot/bot/xmpp"
)

// AddNetworks connects the transports the config enables.
func (a *App) AddNetworks(ctx context.Context) error {
	if cfg := a.Config.Matrix; cfg != nil {
		t, err := matrix.New(cfg, a.DB.Path(), a.DB, a.Log.With().Str("protocol", "matrix").Logger(), a.Now)
		if err != nil {
			return fmt.Errorf("matrix: %w", err)
		}
		a.closers = append(a.closers, t.Close)
		a.Add(t)
	}
	if cfg := a.Config.XMPP; cfg != nil {
		t, err := xmpp.New(cfg, a.DB, a.Config.Admins, a.Log.With().Str("protocol", "xmpp").Logger())
		if err != nil {
			return fmt.Errorf("xmpp: %w", err)
		}
		a.Add(t)
	}
	return nil
}

// Add registers a transport, and routes its native poll responses to the votes.
func (a *App) Add(t bot.Transport) {
	if p, ok := t.(bot.Poller); ok {
		p.OnPollResponse(func(ctx context.Context, r bot.PollResponse) {
			a.Dispatcher.HandlePollResponse(ctx, t, r)
		})
	}
	a.Bot.Add(t)
}
