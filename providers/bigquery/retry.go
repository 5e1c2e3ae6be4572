package bigquery

import (
	"context"
	"errors"
	"slices"
	"time"

	"google.golang.org/api/googleapi"
)

// retryDelays are the waits before the second and third attempts of a
// dry run or a cancel that failed with an error BigQuery marks as
// transient. The client library retries its own requests.
var retryDelays = []time.Duration{250 * time.Millisecond, time.Second}

// transientReasons are the error reasons after which BigQuery's
// documentation recommends retrying the request.
var transientReasons = []string{"backendError", "internalError", "rateLimitExceeded"}

// withRetry calls do until it succeeds, fails with an error that is not
// transient, runs out of attempts, or ctx ends.
func withRetry(ctx context.Context, do func() error) error {
	err := do()
	for _, delay := range retryDelays {
		if err == nil || !transient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(delay):
		}
		err = do()
	}
	return err
}

func transient(err error) bool {
	var apiErr *googleapi.Error
	if !errors.As(err, &apiErr) {
		return false
	}
	switch apiErr.Code {
	case 500, 502, 503, 504:
		return true
	}
	for _, item := range apiErr.Errors {
		if slices.Contains(transientReasons, item.Reason) {
			return true
		}
	}
	return false
}
