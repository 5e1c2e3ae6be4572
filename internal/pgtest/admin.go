package pgtest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// adminTimeout bounds each administrative call, connection included.
const adminTimeout = 30 * time.Second

// Exec runs sql on database db as the superuser over the Unix socket. Without
// arguments pgx uses the simple query protocol, so sql may contain several statements.
func (s *Server) Exec(db, sql string) error {
	return s.withAdmin(db, func(ctx context.Context, conn *pgx.Conn) error {
		_, err := conn.Exec(ctx, sql)
		return err
	})
}

// CreateRole creates a LOGIN role whose password is stored as a SCRAM-SHA-256 verifier.
func (s *Server) CreateRole(name, password string) error {
	sql := fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD %s", quoteIdent(name), quoteLiteral(password))
	if err := s.Exec("postgres", sql); err != nil {
		return fmt.Errorf("create role %q: %w", name, err)
	}
	return nil
}

// CreateDatabase creates a database owned by owner, or by postgres when owner is empty.
func (s *Server) CreateDatabase(name, owner string) error {
	sql := "CREATE DATABASE " + quoteIdent(name)
	if owner != "" {
		sql += " OWNER " + quoteIdent(owner)
	}
	if err := s.Exec("postgres", sql); err != nil {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	return nil
}

// TerminateBackends ends every client backend connected to database db, except
// the one this call uses, and waits until they have exited.
func (s *Server) TerminateBackends(db string) error {
	err := s.withAdmin("postgres", func(ctx context.Context, conn *pgx.Conn) error {
		var pids []int32
		err := conn.QueryRow(ctx, `
			SELECT coalesce(array_agg(pid), '{}') FROM pg_stat_activity
			WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
			db).Scan(&pids)
		if err != nil {
			return err
		}
		if len(pids) == 0 {
			return nil
		}

		_, err = conn.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM unnest($1::int4[]) AS pid", pids)
		if err != nil {
			return err
		}
		return waitForExit(ctx, conn, pids)
	})
	if err != nil {
		return fmt.Errorf("terminate backends on %q: %w", db, err)
	}
	return nil
}

// waitForExit polls pg_stat_activity because pg_terminate_backend only sends a signal.
func waitForExit(ctx context.Context, conn *pgx.Conn, pids []int32) error {
	for {
		var left int
		err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1)", pids).Scan(&left)
		if err != nil {
			return err
		}
		if left == 0 {
			return nil
		}

		select {
		case <-ctx.Done():
			return fmt.Errorf("%d of %d backends still running: %w", left, len(pids), ctx.Err())
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func (s *Server) withAdmin(db string, fn func(context.Context, *pgx.Conn) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), adminTimeout)
	defer cancel()

	conn, err := pgx.Connect(ctx, s.AdminDSN(db))
	if err != nil {
		return fmt.Errorf("connect to %q as postgres over the Unix socket: %w", db, err)
	}
	defer conn.Close(context.Background())
	return fn(ctx, conn)
}

func quoteIdent(name string) string {
	return pgx.Identifier{name}.Sanitize()
}

// quoteLiteral quotes s as an SQL string constant. It relies on
// standard_conforming_strings, on by default since PostgreSQL 9.1, so a
// backslash needs no escape.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
