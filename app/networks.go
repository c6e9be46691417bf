package app

import (
	"context"
	"errors"
)

// AddNetworks connects the transports the config enables.
func (a *App) AddNetworks(ctx context.Context) error {
	if a.Config.Matrix != nil {
		return errors.New("matrix: not built into this folkmoot yet")
	}
	if a.Config.XMPP != nil {
		return errors.New("xmpp: not built into this folkmoot yet")
	}
	return nil
}
