package snowflake

import (
	"context"
	"testing"

	"pgway/internal/snowflakeemu"
)

// BenchmarkStream1M streams one million rows of two columns from the
// emulator, 2,000 rows per chunk. The emulator builds its result before
// the first row arrives, so the time includes DuckDB's query and the
// Arrow encoding as well as the provider's decoding.
func BenchmarkStream1M(b *testing.B) {
	_, conn := startEmulator(b, snowflakeemu.Options{ChunkRows: 2000})
	s := openSession(b, conn)
	ctx := context.Background()
	st, err := s.Prepare(ctx, "SELECT RANGE::NUMBER(18,0) AS N, 'row ' || RANGE AS LABEL FROM RANGE(1000000)")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		rows, err := s.Execute(ctx, st, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		if n != 1000000 {
			b.Fatalf("read %d rows", n)
		}
	}
}
