package enginetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestMalformedBinaryParams checks that a parameter whose binary value
// does not fit its type fails as in PostgreSQL, and that the session goes
// on: too short a value runs out of message (08P01), too long a one is
// malformed (22P03).
func TestMalformedBinaryParams(t *testing.T) {
	gw := connectDemo(t, startDemo(t))
	pgConn, _ := connectRecorded(t, oracleDSN())
	cases := []struct {
		sql   string
		oid   uint32
		value []byte
		code  string
	}{
		{"select $1::int4 + 1", pgtype.Int4OID, []byte{0, 1, 2}, "08P01"},
		{"select $1::int4 + 1", pgtype.Int4OID, []byte{0, 1, 2, 3, 4}, "22P03"},
		{"select $1::int8", pgtype.Int8OID, []byte{0, 0, 0, 1}, "08P01"},
		{"select $1::float8", pgtype.Float8OID, []byte{1}, "08P01"},
		{"select $1::bool", pgtype.BoolOID, []byte{0, 1}, "22P03"},
		{"select $1::date", pgtype.DateOID, []byte{0, 0}, "08P01"},
		{"select $1::timestamptz", pgtype.TimestamptzOID, make([]byte, 9), "22P03"},
	}
	for _, c := range cases {
		for name, conn := range map[string]*pgconn.PgConn{"pgway": gw.PgConn(), "PostgreSQL": pgConn.PgConn()} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			result := conn.ExecParams(ctx, c.sql, [][]byte{c.value}, []uint32{c.oid}, []int16{pgtype.BinaryFormatCode}, nil).Read()
			var pgErr *pgconn.PgError
			if !errors.As(result.Err, &pgErr) || pgErr.Code != c.code {
				t.Errorf("%s of %d bytes on %s: %v, want SQLSTATE %s", c.sql, len(c.value), name, result.Err, c.code)
			}
			if _, err := conn.Exec(ctx, "select 1").ReadAll(); err != nil {
				t.Errorf("%s on %s: the session failed after the error: %v", c.sql, name, err)
			}
			cancel()
		}
	}
}
