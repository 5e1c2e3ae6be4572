package catalog

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"

	"pgway/config"
)

// testMirror returns a mirror whose refreshes call syncMirror.
func testMirror(syncMirror func(context.Context, *config.Connection, func(map[string]uint32)) (map[string]uint32, bool, error)) *Mirror {
	m := &Manager{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	mr := newMirror(m, &config.Connection{Name: "c"})
	mr.syncMirror = syncMirror
	return mr
}

func TestRefreshShared(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 8)
	mr := testMirror(func(context.Context, *config.Connection, func(map[string]uint32)) (map[string]uint32, bool, error) {
		calls.Add(1)
		started <- struct{}{}
		<-release
		return map[string]uint32{"geometry": 17000}, false, nil
	})
	ctx := context.Background()
	first := make(chan error, 1)
	go func() { first <- mr.Refresh(ctx) }()
	<-started

	// Requests made while the first refresh runs share the one after it.
	var requests []*refresh
	for range 4 {
		mr.mu.Lock()
		requests = append(requests, mr.requestLocked())
		mr.mu.Unlock()
	}
	for _, r := range requests[1:] {
		if r != requests[0] {
			t.Fatalf("requests during a refresh got different refreshes")
		}
	}
	close(release)
	if err := <-first; err != nil {
		t.Errorf("first Refresh: %v", err)
	}
	if err := requests[0].wait(ctx); err != nil {
		t.Errorf("shared Refresh: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("5 refresh requests ran %d refreshes, want 2", n)
	}
	if oid := mr.TypeOID("geometry"); oid != 17000 {
		t.Errorf("TypeOID(geometry) = %d, want 17000", oid)
	}
}

func TestWaitRetriesFailedFirstRefresh(t *testing.T) {
	var calls atomic.Int32
	mr := testMirror(func(context.Context, *config.Connection, func(map[string]uint32)) (map[string]uint32, bool, error) {
		if calls.Add(1) == 1 {
			return nil, false, errors.New("catalog cluster down")
		}
		return map[string]uint32{}, false, nil
	})
	release := mr.Acquire()
	defer release()
	if err := mr.Wait(context.Background()); err != nil {
		t.Errorf("Wait after a failed first refresh: %v", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("ran %d refreshes, want 2", n)
	}
	if !mr.inUse() {
		t.Errorf("mirror not in use while a session holds it")
	}
	release()
	if mr.inUse() {
		t.Errorf("mirror in use after its only session released it")
	}
}

func TestGenerationCountsChanges(t *testing.T) {
	results := []struct {
		changed bool
		err     error
	}{
		{false, errors.New("catalog cluster down")}, // no first success yet
		{false, nil},                        // the first success counts without changes
		{false, nil},                        // nothing changed
		{true, nil},                         // a change
		{true, errors.New("revoke failed")}, // a change committed before an error
	}
	var call atomic.Int32
	mr := testMirror(func(context.Context, *config.Connection, func(map[string]uint32)) (map[string]uint32, bool, error) {
		r := results[call.Add(1)-1]
		return map[string]uint32{}, r.changed, r.err
	})
	want := []uint64{0, 1, 1, 2, 3}
	ctx := context.Background()
	for i := range results {
		err := mr.Refresh(ctx)
		if (err != nil) != (results[i].err != nil) {
			t.Fatalf("refresh %d: error %v, want %v", i+1, err, results[i].err)
		}
		if got := mr.Generation(); got != want[i] {
			t.Errorf("Generation after refresh %d = %d, want %d", i+1, got, want[i])
		}
	}
}
