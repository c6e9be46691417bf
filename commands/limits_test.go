package commands

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	l := rateLimiter{burst: 10, refill: 6 * time.Second}
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 10; i++ {
		if v := l.take("r|ana", now); v != allowed {
			t.Fatalf("command %d refused", i+1)
		}
	}
	if v := l.take("r|ana", now); v != tellSlowDown {
		t.Fatalf("the first command over the limit: %v, want a word", v)
	}
	if v := l.take("r|ana", now); v != ignore {
		t.Fatalf("the next: %v, want silence", v)
	}
	if v := l.take("r|bo", now); v != allowed {
		t.Fatal("another member is limited too")
	}
	if v := l.take("r|ana", now.Add(6*time.Second)); v != allowed {
		t.Fatal("no token after the refill time")
	}
}
