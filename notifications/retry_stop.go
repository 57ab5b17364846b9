package notifications

import "context"

type retryStopKey struct{}

// withRetryStop returns ctx carrying stop: once stop closes, post makes no further attempt
// (it returns the last attempt's error instead of waiting to retry) but never cuts short an
// attempt in flight, whose fate would then be unknown. A draining dispatcher uses it to
// hand back a batch SendGrid refused for now, rather than wait out a Retry-After.
func withRetryStop(ctx context.Context, stop <-chan struct{}) context.Context {
	return context.WithValue(ctx, retryStopKey{}, stop)
}

// retryStop is ctx's stop channel; nil (never ready) when it has none.
func retryStop(ctx context.Context) <-chan struct{} {
	stop, _ := ctx.Value(retryStopKey{}).(<-chan struct{})
	return stop
}

// retryStopped reports whether ctx's stop channel has closed.
func retryStopped(ctx context.Context) bool {
	select {
	case <-retryStop(ctx):
		return true
	default:
		return false
	}
}
