package cli

import (
	"context"
	"fmt"

	"folkmoot/app"
	"folkmoot/bot/matrix"
	"folkmoot/bot/xmpp"
)

// AddNetworks connects the transports the config enables (Matrix, XMPP) to a.
func AddNetworks(ctx context.Context, a *app.App) error {
	if cfg := a.Config.Matrix; cfg != nil {
		t, err := matrix.New(cfg, a.DB.Path(), a.DB, a.Log.With().Str("protocol", "matrix").Logger(), a.Now)
		if err != nil {
			return fmt.Errorf("matrix: %w", err)
		}
		a.OnClose(t.Close)
		a.Add(t)
	}
	if cfg := a.Config.XMPP; cfg != nil {
		t, err := xmpp.New(cfg, a.DB, a.Log.With().Str("protocol", "xmpp").Logger(), a.Now)
		if err != nil {
			return fmt.Errorf("xmpp: %w", err)
		}
		a.Add(t)
	}
	return nil
}
