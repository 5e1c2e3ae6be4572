package catalog

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"pgway/config"
	"pgway/providers"
)

// refreshTimeout bounds one refresh: describing the warehouse and
// applying the changes.
const refreshTimeout = 5 * time.Minute

// Mirror is the catalog database of one connection.
type Mirror struct {
	m    *Manager
	name string

	mu   sync.Mutex
	conn *config.Connection // the newest copy a session brought
	// sessions counts the sessions that use the mirror. Only mirrors in
	// use are refreshed periodically.
	sessions int
	// first is the first refresh, which sessions wait for before their
	// first catalog query; nil until a session acquires the mirror.
	first *refresh
	// running is the refresh under way, pending the one that starts
	// after it, which later requests share.
	running, pending *refresh
	// types are the OIDs of the mirror's PostGIS types by name, read by
	// the last refresh that succeeded.
	types map[string]uint32
	// typesKnown is closed when types is first set.
	typesKnown chan struct{}
	// syncMirror runs one refresh: Manager.sync, replaced in tests. It
	// reports whether the refresh changed the mirror database.
	syncMirror func(context.Context, *config.Connection, func(map[string]uint32)) (map[string]uint32, bool, error)
	// generation counts the refreshes that changed the mirror database,
	// plus one for the process's first successful refresh.
	generation atomic.Uint64
	// attachments are other packages' values kept with the mirror, by key.
	attachments map[any]any
}

// refresh is one run of bringing the mirror up to date, which every
// caller that asked for it waits for.
type refresh struct {
	done chan struct{}
	err  error
}

func newMirror(m *Manager, conn *config.Connection) *Mirror {
	return &Mirror{m: m, name: conn.Name, conn: conn, syncMirror: m.sync, typesKnown: make(chan struct{})}
}

func (mr *Mirror) setConnection(conn *config.Connection) {
	mr.mu.Lock()
	mr.conn = conn
	mr.mu.Unlock()
}

func (mr *Mirror) inUse() bool {
	mr.mu.Lock()
	defer mr.mu.Unlock()
	return mr.sessions > 0
}

// Acquire registers a session of an authorized user and starts the first
// refresh in the background if none has run. The session calls the
// returned function when it ends.
func (mr *Mirror) Acquire() (release func()) {
	mr.mu.Lock()
	mr.sessions++
	if mr.first == nil {
		mr.first = mr.requestLocked()
	}
	mr.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			mr.mu.Lock()
			mr.sessions--
			mr.mu.Unlock()
		})
	}
}

// Wait waits for the mirror's first refresh. A first refresh that failed
// is run again, so a catalog cluster that was down at first does not stay
// unusable.
func (mr *Mirror) Wait(ctx context.Context) error {
	mr.mu.Lock()
	if mr.first == nil {
		mr.first = mr.requestLocked()
	}
	first := mr.first
	mr.mu.Unlock()
	err := first.wait(ctx)
	if err == nil || ctx.Err() != nil {
		return err
	}
	mr.mu.Lock()
	if mr.first == first {
		mr.first = mr.requestLocked()
	}
	first = mr.first
	mr.mu.Unlock()
	return first.wait(ctx)
}

// Refresh brings the mirror up to date with the warehouse and waits for
// it. Callers that ask while a refresh runs share the one that starts
// after it, so a change made before the call is always seen.
func (mr *Mirror) Refresh(ctx context.Context) error {
	mr.mu.Lock()
	r := mr.requestLocked()
	mr.mu.Unlock()
	return r.wait(ctx)
}

// TypeOID returns the OID of a type that the postgis extension created in
// the mirror database, such as geometry, or 0 until the first refresh has
// installed postgis.
func (mr *Mirror) TypeOID(name string) uint32 {
	mr.mu.Lock()
	defer mr.mu.Unlock()
	return mr.types[name]
}

// Generation returns the number of refreshes that changed the mirror
// database, counting the process's first successful refresh as one. It is
// 0 until then, and a value computed from the mirror database is current
// while the generation it was computed at is.
func (mr *Mirror) Generation() uint64 {
	return mr.generation.Load()
}

// Attachment returns the value kept with the mirror under key, which
// create makes on the first call for that key. It lets other packages
// keep values computed from the mirror database, such as caches, for as
// long as the mirror lives. They compare Generation to tell whether such
// a value is current.
func (mr *Mirror) Attachment(key any, create func() any) any {
	mr.mu.Lock()
	defer mr.mu.Unlock()
	value, ok := mr.attachments[key]
	if !ok {
		if mr.attachments == nil {
			mr.attachments = map[any]any{}
		}
		value = create()
		mr.attachments[key] = value
	}
	return value
}

// WaitTypes waits until the OIDs of the mirror's PostGIS types are known,
// which happens early in the first refresh.
func (mr *Mirror) WaitTypes(ctx context.Context) error {
	select {
	case <-mr.typesKnown:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (mr *Mirror) setTypes(types map[string]uint32) {
	mr.mu.Lock()
	defer mr.mu.Unlock()
	mr.types = types
	select {
	case <-mr.typesKnown:
	default:
		close(mr.typesKnown)
	}
}

// requestLocked returns the refresh that serves a new request. mu must
// be held.
func (mr *Mirror) requestLocked() *refresh {
	if mr.running == nil {
		mr.running = &refresh{done: make(chan struct{})}
		go mr.run(mr.running)
		return mr.running
	}
	if mr.pending == nil {
		mr.pending = &refresh{done: make(chan struct{})}
	}
	return mr.pending
}

// run performs r and then the pending refresh, if one was requested
// meanwhile.
func (mr *Mirror) run(r *refresh) {
	for r != nil {
		mr.mu.Lock()
		conn := mr.conn
		mr.mu.Unlock()
		parent := mr.m.done
		if parent == nil {
			parent = context.Background()
		}
		ctx, cancel := context.WithTimeout(parent, refreshTimeout)
		types, changed, err := mr.syncMirror(ctx, conn, mr.setTypes)
		cancel()
		if err != nil && parent.Err() == nil {
			mr.m.log.Warn("catalog refresh failed", "connection", mr.name, "error", err)
		}
		if err == nil {
			mr.setTypes(types)
		}
		if changed || err == nil && mr.generation.Load() == 0 {
			mr.generation.Add(1)
		}
		mr.mu.Lock()
		r.err = err
		close(r.done)
		r, mr.pending = mr.pending, nil
		mr.running = r
		mr.mu.Unlock()
	}
}

func (r *refresh) wait(ctx context.Context) error {
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// describe opens a provider session for conn and describes its schemas.
// A provider that cannot describe itself gets an empty mirror.
func (m *Manager) describe(ctx context.Context, conn *config.Connection) (*providers.Snapshot, error) {
	session, err := providers.Open(ctx, conn)
	if err != nil {
		return nil, err
	}
	defer session.Close()
	introspector, ok := session.(providers.Introspector)
	if !ok {
		m.log.Warn("the provider cannot describe its schemas; its catalog mirror has no tables",
			"connection", conn.Name, "provider", conn.ProviderID)
		return &providers.Snapshot{}, nil
	}
	return introspector.Describe(ctx)
}
