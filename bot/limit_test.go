package bot

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	l := NewLimiter(10, 6*time.Second)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	for i := 0; i < 10; i++ {
		if v := l.Take("r|ana", now); v != Allowed {
			t.Fatalf("command %d refused", i+1)
		}
	}
	if v := l.Take("r|ana", now); v != TellSlowDown {
		t.Fatalf("the first command over the limit: %v, want a word", v)
	}
	if v := l.Take("r|ana", now); v != Ignore {
		t.Fatalf("the next: %v, want silence", v)
	}
	if v := l.Take("r|bo", now); v != Allowed {
		t.Fatal("another member is limited too")
	}
	if v := l.Take("r|ana", now.Add(6*time.Second)); v != Allowed {
		t.Fatal("no token after the refill time")
	}
}
