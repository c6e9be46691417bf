package bot

import "context"

// KV is a small persistent key-value store that transports use for their own state (the
// XMPP rooms they were invited to, a Matrix sync token): one SQLite file holds everything.
type KV interface {
	Get(ctx context.Context, namespace, key string) (value string, ok bool, err error)
	Set(ctx context.Context, namespace, key, value string) error
	Delete(ctx context.Context, namespace, key string) error
	List(ctx context.Context, namespace string) (map[string]string, error)
}
