package bot

import (
	"sync"
	"time"
)

// Limiter is the flood limit: a token bucket per key (a room and a member), in memory (a
// restart forgets it, which is harmless). Each key may act burst times at once, and once
// more every refill. A person in a real conversation never meets the limit; a script
// flooding the room does, is told once, and is then ignored until the bucket fills again.
type Limiter struct {
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

// NewLimiter makes a limiter of burst actions at once, one more every refill.
func NewLimiter(burst int, refill time.Duration) *Limiter {
	return &Limiter{burst: float64(burst), refill: refill}
}

// Verdict is what the limiter says about one action.
type Verdict int

// The verdicts: go ahead; say once that it is too much; ignore it.
const (
	Allowed Verdict = iota
	TellSlowDown
	Ignore
)

// Take spends a token of key's bucket at now.
func (l *Limiter) Take(key string, now time.Time) Verdict {
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
		return Allowed
	}
	if b.told {
		return Ignore
	}
	b.told = true
	return TellSlowDown
}

// sweep forgets full buckets now and then, so the map stays the size of the active members.
func (l *Limiter) sweep(now time.Time) {
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
