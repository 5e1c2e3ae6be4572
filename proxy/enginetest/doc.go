// Package enginetest tests pgway's own protocol engine in package proxy
// against the DuckDB provider, with real clients and with PostgreSQL as
// the oracle. The tests live apart from package proxy so that proxy's own
// test binary does not link DuckDB, which takes seconds to link.
package enginetest
