package commands

import (
	"sync"
	"time"
)

// maxCommandBytes bounds what one command may ask the bot to read; anything longer is
// refused before it is parsed, so no message costs unbounded work.
const maxCommandBytes = 4096

// rateLimiter keeps a token bucket per room and member, in memory (a restart forgets it,
// which is harmless): each may run burst commands at once, and one more every refill. A
// person in a real conversation never meets the limit; a script flooding the room does, is
// told once, and is then ignored until the bucket fills again.
type rateLimiter struct {
	burst   float64
	refill  time.Duration
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
	told   bool // the member was told they are going too fast
}

// verdict is what the limiter says about one command.
type verdict int

const (
	allowed verdict = iota
	tellSlowDown
	ignore
)

// take spends a token of key's bucket at now.
func (l *rateLimiter) take(key string, now time.Time) verdict {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	l.sweep(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+float64(now.Sub(b.at))/float64(l.refill))
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		b.told = false
		return allowed
	}
	if b.told {
		return ignore
	}
	b.told = true
	return tellSlowDown
}

// sweep forgets full buckets now and then, so the map stays the size of the active members.
func (l *rateLimiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k, b := range l.buckets {
		if now.Sub(b.at) >= time.Duration(l.burst)*l.refill {
			delete(l.buckets, k)
		}
	}
}
