// Command stream reads a generated result of five columns through pgx and
// prints how many rows per second arrived. It reads each row's raw column
// bytes without decoding them, so the time measured is the server's and the
// gateway's, not pgx's decoding.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
)

// StreamQuery returns n rows of five columns: int8, int8, text, timestamptz
// and float8. bench/stream.sh runs the same query with psql COPY.
const StreamQuery = `select i, i * 2, md5(i::text), now(), i::float8 / 3
from generate_series(1, $1::int8) as i`

func main() {
	dsn := flag.String("dsn", "", "libpq connection string (required)")
	rows := flag.Int64("rows", 1_000_000, "number of rows to read")
	flag.Parse()
	if *dsn == "" {
		fmt.Fprintln(os.Stderr, "stream: -dsn is required")
		os.Exit(2)
	}
	if err := run(*dsn, *rows); err != nil {
		fmt.Fprintf(os.Stderr, "stream: %v\n", err)
		os.Exit(1)
	}
}

func run(dsn string, want int64) error {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)

	start := time.Now()
	rows, err := conn.Query(ctx, StreamQuery, want)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	var count, bytes int64
	for rows.Next() {
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
	fmt.Printf("rows=%d seconds=%.2f rows_per_second=%.0f value_bytes=%d\n",
		count, elapsed.Seconds(), float64(count)/elapsed.Seconds(), bytes)
	return nil
}
