package matrix

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"maunium.net/go/mautrix"
)

func TestBackoff(t *testing.T) {
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60, 60}
	for attempt, w := range want {
		if got := backoff(attempt); got != w*time.Second {
			t.Errorf("backoff(%d) = %s, want %s", attempt, got, w*time.Second)
		}
	}
	if got := backoff(1000); got != maxBackoff {
		t.Errorf("backoff(1000) = %s, want the cap", got)
	}
}

// limitErr is an M_LIMIT_EXCEEDED as mautrix returns it.
func limitErr(extra map[string]any, header string) error {
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
	if header != "" {
		resp.Header.Set("Retry-After", header)
	}
	data := map[string]any{"errcode": "M_LIMIT_EXCEEDED", "error": "slow down"}
	for k, v := range extra {
		data[k] = v
	}
	return mautrix.HTTPError{
		Response:  resp,
		RespError: &mautrix.RespError{ErrCode: "M_LIMIT_EXCEEDED", StatusCode: 429, ExtraData: data},
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		want    time.Duration
		limited bool
	}{
		{"nil", nil, 0, false},
		{"other error", errors.New("connection refused"), 0, false},
		{"forbidden", mautrix.HTTPError{RespError: &mautrix.RespError{ErrCode: "M_FORBIDDEN"}}, 0, false},
		{"retry_after_ms", limitErr(map[string]any{"retry_after_ms": 1500.0}, ""), 1500 * time.Millisecond, true},
		{"body wins over header", limitErr(map[string]any{"retry_after_ms": 200.0}, "9"), 200 * time.Millisecond, true},
		{"Retry-After header", limitErr(nil, "3"), 3 * time.Second, true},
		{"no hint", limitErr(nil, ""), time.Second, true},
		{"wrapped", fmt.Errorf("send: %w", limitErr(map[string]any{"retry_after_ms": 50.0}, "")), 50 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, limited := retryAfter(tt.err)
			if got != tt.want || limited != tt.limited {
				t.Errorf("retryAfter = %s, %v; want %s, %v", got, limited, tt.want, tt.limited)
			}
		})
	}
}

func TestRateLimited(t *testing.T) {
	tests := []struct {
		name      string
		errs      []error // what each call returns; nil ends
		wantCalls int
		wantWaits []time.Duration
		wantErr   bool
	}{
		{"success", []error{nil}, 1, nil, false},
		{"other errors are not retried", []error{errors.New("down")}, 1, nil, true},
		{
			"waits as asked, then succeeds",
			[]error{limitErr(map[string]any{"retry_after_ms": 100.0}, ""), limitErr(map[string]any{"retry_after_ms": 300.0}, ""), nil},
			3, []time.Duration{100 * time.Millisecond, 300 * time.Millisecond}, false,
		},
		{
			"a long wait is left to the outbox",
			[]error{limitErr(map[string]any{"retry_after_ms": 120000.0}, "")},
			1, nil, true,
		},
		{
			"gives up after a few tries",
			[]error{limitErr(nil, ""), limitErr(nil, ""), limitErr(nil, ""), limitErr(nil, ""), limitErr(nil, ""), limitErr(nil, ""), nil},
			maxRateLimitRetries + 1,
			[]time.Duration{time.Second, time.Second, time.Second, time.Second, time.Second}, true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var waits []time.Duration
			wait := func(_ context.Context, d time.Duration) bool { waits = append(waits, d); return true }
			calls := 0
			err := rateLimited(context.Background(), wait, func() error {
				calls++
				return tt.errs[calls-1]
			})
			if calls != tt.wantCalls || (err != nil) != tt.wantErr || fmt.Sprint(waits) != fmt.Sprint(tt.wantWaits) {
				t.Errorf("calls=%d err=%v waits=%v; want calls=%d err=%v waits=%v",
					calls, err, waits, tt.wantCalls, tt.wantErr, tt.wantWaits)
			}
		})
	}
}

func TestRateLimitedStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	err := rateLimited(ctx, sleep, func() error { calls++; return limitErr(nil, "") })
	if calls != 1 || !errors.Is(err, context.Canceled) {
		t.Errorf("calls=%d err=%v; want one call and context.Canceled", calls, err)
	}
}

// An outage logs one line going down and one coming back, however many retries it takes,
// and the backoff grows then resets.
func TestConnStateLogsOncePerChange(t *testing.T) {
	var buf bytes.Buffer
	c := connState{log: zerolog.New(&buf).Level(zerolog.InfoLevel)}
	c.up()
	var waits []time.Duration
	for range 4 {
		waits = append(waits, c.down(errors.New("connection refused")))
	}
	c.up()
	c.up()
	waits = append(waits, c.down(errors.New("connection refused")))
	c.up()
	if fmt.Sprint(waits) != fmt.Sprint([]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, time.Second}) {
		t.Errorf("waits = %v", waits)
	}
	log := buf.String()
	for msg, want := range map[string]int{
		"connected to the homeserver":   1,
		"homeserver unreachable":        2,
		"reconnected to the homeserver": 2,
	} {
		if got := strings.Count(log, `"message":"`+msg); got != want {
			t.Errorf("%q logged %d times, want %d:\n%s", msg, got, want, log)
		}
	}
	if d := c.down(limitErr(map[string]any{"retry_after_ms": 700.0}, "")); d != 700*time.Millisecond {
		t.Errorf("rate-limited sync waits %s, want the server's 700ms", d)
	}
}

// A process that may have lost its lease leaves a sync batch alone: decrypting it would write
// the crypto store a standby may already be using. The batch is refused before anything of
// it is read, so its token is not committed and the active process asks for it again.
func TestSyncBatchWaitsWhileNotActive(t *testing.T) {
	active := false
	tr := &Transport{}
	tr.ActWhile(func() bool { return active })
	s := &syncer{t: tr}
	if err := s.ProcessResponse(context.Background(), &mautrix.RespSync{}, "s1"); !errors.Is(err, errNotActive) {
		t.Fatalf("ProcessResponse while not active = %v, want errNotActive", err)
	}
	if s.batch() != "" {
		t.Errorf("the refused batch was taken up: %q", s.batch())
	}
}
