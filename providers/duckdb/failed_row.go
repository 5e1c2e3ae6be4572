package duckdb

import (
	"context"

	"pgway/providers"
)

// FindFailedRow finds the first row of args that fails by bisection:
// each probe inserts a prefix of the rows with the query appender in a
// transaction of its own and rolls it back. A batch of n rows takes
// about log2(n) probes of at most n rows each.
func (s *session) FindFailedRow(ctx context.Context, stmt providers.Statement, args []any) (int, error) {
	st, ok := stmt.(*statement)
	if !ok || st.session != s || s.readOnly || s.rejectChanges {
		return -1, providers.ErrRowsNotInsertable
	}
	query, ok := insertSelectQuery(st)
	if !ok {
		return -1, providers.ErrRowsNotInsertable
	}
	types, ok := appendedTypes(st, args)
	if !ok {
		return -1, providers.ErrRowsNotInsertable
	}
	c, err := s.probeConn()
	if err != nil {
		return -1, err
	}
	if s.changesSelfReferencing(c, st) {
		return -1, providers.ErrRowsNotInsertable
	}
	if _, err := s.applySettings(c); err != nil {
		return -1, err
	}

	width := len(types)
	// insert returns the error of the first n rows, and the error of a
	// failed BEGIN or ROLLBACK as fatal.
	insert := func(n int) (insertErr, fatal error) {
		if err := s.run(ctx, c, "BEGIN TRANSACTION"); err != nil {
			return nil, err
		}
		insertErr = s.appendRows(ctx, c, query, types, args[:n*width])
		return insertErr, s.run(context.WithoutCancel(ctx), c, "ROLLBACK")
	}
	last, err := insert(len(args) / width)
	if err != nil || last == nil {
		return -1, err
	}
	// The first lo rows insert and the first hi rows do not.
	lo, hi := 0, len(args)/width
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		insertErr, err := insert(mid)
		switch {
		case err != nil:
			return -1, err
		case insertErr != nil:
			hi, last = mid, insertErr
		default:
			lo = mid
		}
	}
	return hi - 1, last
}

// probeConn returns an idle connection other than the transaction's, so
// that probes neither run in nor end the session's transaction. Outside
// a transaction it prefers the connection of the session's temporary
// tables, which other connections cannot read.
func (s *session) probeConn() (*conn, error) {
	tx := s.txConn()
	s.mu.Lock()
	if t := s.temporary; t != nil && !t.busy && t != tx {
		s.mu.Unlock()
		return t, nil
	}
	for _, c := range s.conns {
		if !c.busy && c != tx {
			s.mu.Unlock()
			return c, nil
		}
	}
	n := len(s.conns)
	s.mu.Unlock()
	if n >= maxConnections {
		return nil, providers.ErrRowsNotInsertable
	}
	return s.connect()
}
