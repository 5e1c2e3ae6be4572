package duckdb

import (
	"database/sql/driver"
	"sync"

	"github.com/paulmach/orb"
)

// A spatial join calls ST_Intersects once for each pair of rows whose
// boxes overlap, so the same polygon reaches it thousands of times.
// Decoding its WKB takes about 9 µs for a country outline of 1 KB, more
// than a test of one point against it. decodeShared keeps the geometries
// it has decoded from large WKB values, by their bytes, for callers that
// only read them.
const (
	// minSharedWKB is the smallest WKB value that decodeShared keeps:
	// a point (21 bytes) decodes faster than a map lookup hashes it.
	minSharedWKB = 256
	// maxSharedWKB bounds the bytes of WKB that decodeShared keeps. It
	// drops all of them when a new one would pass this bound.
	maxSharedWKB = 64 << 20
)

var sharedGeometries struct {
	mu    sync.Mutex
	bytes int
	byWKB map[string]orb.Geometry
}

// decodeShared returns the geometry of a WKB value, as decode does. The
// caller must not change it, since later calls return the same value.
func decodeShared(v driver.Value) (orb.Geometry, error) {
	data, ok := v.([]byte)
	if !ok || len(data) < minSharedWKB || len(data) > maxSharedWKB {
		return decode(v)
	}
	cache := &sharedGeometries
	cache.mu.Lock()
	g, found := cache.byWKB[string(data)]
	cache.mu.Unlock()
	if found {
		return g, nil
	}
	g, err := decode(v)
	if err != nil {
		return nil, err
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.byWKB == nil || cache.bytes+len(data) > maxSharedWKB {
		cache.byWKB, cache.bytes = map[string]orb.Geometry{}, 0
	}
	if _, found := cache.byWKB[string(data)]; !found {
		cache.byWKB[string(data)] = g
		cache.bytes += len(data)
	}
	return g, nil
}
