// Command duckdb_stream reads a generated result of five columns through
// pgx and prints how many rows per second arrived. It reads each row's raw
// column bytes without decoding them, so the time measured is the server's
// and the gateway's, not pgx's decoding. The row count is written into the
// query as a literal: DuckDB describes the result of a table function whose
// arguments are parameters only once it runs, which pgx's extended
// protocol cannot wait for.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// Queries returning int8, int8, text, timestamptz and float8 columns, by
// warehouse. %d is the row count.
var Queries = map[string]string{
	"postgres": `select i, i * 2, md5(i::text), now(), i::float8 / 3
from generate_series(1, %d::int8) as i`,
	"duckdb": `select i, i * 2, md5(i::text), now(), i::float8 / 3
from generate_series(1, %d::int8) as i`,
}

func main() {
	dsn := flag.String("dsn", "", "libpq connection string (required)")
	rows := flag.Int64("rows", 1_000_000, "number of rows to read")
	dialect := flag.String("dialect", "duckdb", "query dialect: duckdb or postgres")
	flag.Parse()
	query, ok := Queries[*dialect]
	if *dsn == "" || !ok {
		fmt.Fprintln(os.Stderr, "duckdb_stream: -dsn is required and -dialect must be duckdb or postgres")
		os.Exit(2)
	}
	if err := run(*dsn, query, *rows); err != nil {
		fmt.Fprintf(os.Stderr, "duckdb_stream: %v\n", err)
		os.Exit(1)
	}
}

func run(dsn, query string, want int64) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)

	start := time.Now()
	rows, err := conn.Query(ctx, fmt.Sprintf(query, want))
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	var count, bytes int64
	var first time.Duration
	for rows.Next() {
		if count == 0 {
			first = time.Since(start)
		}
		for _, v := range rows.RawValues() {
			bytes += int64(len(v))
		}
		count++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read rows: %w", err)
	}
	elapsed := time.Since(start)
	if count != want {
		return fmt.Errorf("read %d rows, want %d", count, want)
	}
	fmt.Printf("rows=%d seconds=%.2f rows_per_second=%.0f first_row_ms=%.1f value_bytes=%d\n",
		count, elapsed.Seconds(), float64(count)/elapsed.Seconds(), first.Seconds()*1000, bytes)
	return nil
}
