package matrix

import (
	"context"
	"maps"
	"sync"
)

// memKV is a tiny in-memory bot.KV for tests; the real one is folkmoot's store.
type memKV struct {
	mu sync.Mutex
	m  map[string]map[string]string
}

func newMemKV() *memKV { return &memKV{m: map[string]map[string]string{}} }

func (kv *memKV) Get(_ context.Context, ns, key string) (string, bool, error) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	v, ok := kv.m[ns][key]
	return v, ok, nil
}

func (kv *memKV) Set(_ context.Context, ns, key, value string) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	if kv.m[ns] == nil {
		kv.m[ns] = map[string]string{}
	}
	kv.m[ns][key] = value
	return nil
}

func (kv *memKV) Delete(_ context.Context, ns, key string) error {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	delete(kv.m[ns], key)
	return nil
}

func (kv *memKV) List(_ context.Context, ns string) (map[string]string, error) {
	kv.mu.Lock()
	defer kv.mu.Unlock()
	return maps.Clone(kv.m[ns]), nil
}
