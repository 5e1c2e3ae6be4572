// Package routing resolves the database name a client gives to one of the
// configured connections.
package routing

import (
	"sync/atomic"

	"pgway/config"
)

// Registry maps connection names to connections. Lookups never block and
// Replace swaps the whole set at once, so a reload never shows a half-loaded
// set to a session that is starting.
type Registry struct {
	byName atomic.Pointer[map[string]*config.Connection]
}

// NewRegistry returns a registry that holds conns.
func NewRegistry(conns []config.Connection) *Registry {
	r := &Registry{}
	r.Replace(conns)
	return r
}

// Replace swaps the registry's connections for conns. Sessions that already
// hold a connection keep their copy.
func (r *Registry) Replace(conns []config.Connection) {
	byName := make(map[string]*config.Connection, len(conns))
	for i := range conns {
		c := conns[i]
		byName[c.Name] = &c
	}
	r.byName.Store(&byName)
}

// Lookup returns the connection named name.
func (r *Registry) Lookup(name string) (*config.Connection, bool) {
	c, ok := (*r.byName.Load())[name]
	return c, ok
}

// Len returns the number of connections.
func (r *Registry) Len() int {
	return len(*r.byName.Load())
}
