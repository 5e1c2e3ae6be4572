package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// BenchmarkWrites measures statements that change data through pgway on a
// DuckDB file, where each query string and batch outside a block runs in
// one DuckDB transaction, and the same statements on PostgreSQL directly.
// The cases are one INSERT, a query string of an INSERT and an UPDATE, a
// pgx batch of 10 INSERTs, and a one-row read, which begins no
// transaction. The INSERTs go to a log table that grows, and the UPDATE
// and the read use a table of 3 rows.
func BenchmarkWrites(b *testing.B) {
	ctx := context.Background()
	pg, err := pgx.Connect(ctx, oracleDSN())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		pg.Exec(context.Background(), "drop table if exists bench_writes, bench_writes_log")
		pg.Close(context.Background())
	})
	targets := []struct {
		name string
		conn *pgx.Conn
	}{{"pgway-duckdb", benchTypedConn(b, false)}, {"postgres", pg}}
	simple := pgx.QueryExecModeSimpleProtocol
	for _, target := range targets {
		conn := target.conn
		exec := func(b *testing.B, sql string, args ...any) {
			if _, err := conn.Exec(ctx, sql, args...); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		exec(b, "drop table if exists bench_writes", simple)
		exec(b, "drop table if exists bench_writes_log", simple)
		exec(b, "create table bench_writes (id integer, v text)", simple)
		exec(b, "create table bench_writes_log (id integer, v text)", simple)
		exec(b, "insert into bench_writes values (1, 'a'), (2, 'b'), (3, 'c')", simple)
		b.Run(target.name+"/insert", func(b *testing.B) {
			for b.Loop() {
				exec(b, "insert into bench_writes_log values (2, 'b')", simple)
			}
		})
		b.Run(target.name+"/insert-update-string", func(b *testing.B) {
			for b.Loop() {
				exec(b, "insert into bench_writes_log values (3, 'c'); update bench_writes set v = 'd' where id = 1", simple)
			}
		})
		b.Run(target.name+"/batch-10-inserts", func(b *testing.B) {
			for b.Loop() {
				batch := &pgx.Batch{}
				for i := range 10 {
					batch.Queue("insert into bench_writes_log values ($1, 'e')", i)
				}
				if err := conn.SendBatch(ctx, batch).Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(target.name+"/select-one-row", func(b *testing.B) {
			for b.Loop() {
				var v string
				if err := conn.QueryRow(ctx, "select v from bench_writes where id = 1").Scan(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
