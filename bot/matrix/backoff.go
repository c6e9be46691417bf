package matrix

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
)

// Backoff bounds for an unreachable homeserver.
const (
	minBackoff = time.Second
	maxBackoff = time.Minute
)

// Limits for waiting out M_LIMIT_EXCEEDED while sending: longer waits are left to the
// core's outbox, so one room's rate limit does not hold a handler for minutes.
const (
	maxRateLimitRetries = 5
	maxRateLimitWait    = 30 * time.Second
)

// backoff is the wait before retry number attempt (0-based): 1 s, 2 s, 4 s ... 60 s.
func backoff(attempt int) time.Duration {
	if attempt > 6 {
		return maxBackoff
	}
	return min(minBackoff<<attempt, maxBackoff)
}

// retryAfter reports whether err is M_LIMIT_EXCEEDED and how long the server asked us to
// wait (retry_after_ms in the body, else the Retry-After header, else one second).
func retryAfter(err error) (time.Duration, bool) {
	if err == nil || !errors.Is(err, mautrix.MLimitExceeded) {
		return 0, false
	}
	var httpErr mautrix.HTTPError
	if errors.As(err, &httpErr) {
		if httpErr.RespError != nil {
			if ms, ok := httpErr.RespError.ExtraData["retry_after_ms"].(float64); ok && ms >= 0 {
				return time.Duration(ms) * time.Millisecond, true
			}
		}
		if httpErr.Response != nil {
			if d, ok := parseRetryAfterHeader(httpErr.Response.Header); ok {
				return d, true
			}
		}
	}
	return time.Second, true
}

// parseRetryAfterHeader reads a Retry-After header given in seconds.
func parseRetryAfterHeader(h http.Header) (time.Duration, bool) {
	s, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || s < 0 {
		return 0, false
	}
	return time.Duration(s) * time.Second, true
}

// rateLimited runs op, waiting out M_LIMIT_EXCEEDED as the server asks, a few times. wait is
// the transport's sleep (injected in tests).
func rateLimited(ctx context.Context, wait func(context.Context, time.Duration) bool, op func() error) error {
	for attempt := 0; ; attempt++ {
		err := op()
		d, limited := retryAfter(err)
		if !limited || attempt >= maxRateLimitRetries || d > maxRateLimitWait {
			return err
		}
		zerolog.Ctx(ctx).Debug().Dur("retry_after", d).Msg("rate limited by the homeserver; waiting")
		if !wait(ctx, d) {
			return errors.Join(err, ctx.Err())
		}
	}
}

// connState tracks whether the homeserver answers, so a long outage logs two lines (down,
// back up) instead of one per retry, and computes the backoff.
type connState struct {
	log     zerolog.Logger
	mu      sync.Mutex
	failing bool
	everUp  bool
	attempt int
}

// down records a failure and returns how long to wait before the next try.
func (c *connState) down(err error) time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, limited := retryAfter(err)
	if !limited {
		d = backoff(c.attempt)
		c.attempt++
	}
	if !c.failing {
		c.failing = true
		msg := "homeserver unreachable; retrying with backoff"
		if limited {
			msg = "homeserver is rate-limiting us; waiting as asked"
		}
		c.log.Warn().Err(err).Dur("retry_in", d).Msg(msg)
	} else {
		c.log.Debug().Err(err).Dur("retry_in", d).Msg("still failing")
	}
	return d
}

// up records a successful sync.
func (c *connState) up() {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.failing && c.everUp:
		c.log.Info().Msg("reconnected to the homeserver")
	case !c.everUp:
		c.log.Info().Msg("connected to the homeserver")
	}
	c.failing, c.everUp, c.attempt = false, true, 0
}
