package enginetest

import (
	"bufio"
	"compress/gzip"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// copyBenchRows is the number of rows of the cities file that
// BenchmarkCopyFromCities copies.
const copyBenchRows = 100000

// citiesCSV returns the header and the first rows of the demo's GeoNames
// cities file (name, country, admin1, admin2, lat, lng) as CSV.
func citiesCSV(b *testing.B, rows int) string {
	b.Helper()
	f, err := os.Open("../../providers/duckdb/demo/geonames-cities.csv.gz")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var out strings.Builder
	scanner := bufio.NewScanner(z)
	for n := 0; n <= rows && scanner.Scan(); n++ {
		out.WriteString(scanner.Text())
		out.WriteByte('\n')
	}
	if err := scanner.Err(); err != nil {
		b.Fatal(err)
	}
	return out.String()
}

// BenchmarkCopyFromCities copies 100,000 rows of the cities file in CSV
// through COPY ... FROM STDIN into a table with NOT NULL and CHECK
// constraints, a varchar(2) column and numeric(8,5) columns, through
// pgway on a DuckDB file and on PostgreSQL directly. Each iteration
// empties the table first.
func BenchmarkCopyFromCities(b *testing.B) {
	ctx := context.Background()
	data := citiesCSV(b, copyBenchRows)
	gw := benchTypedConn(b, false).PgConn()
	pg, err := pgconn.Connect(ctx, oracleDSN())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		pg.Exec(context.Background(), "drop table if exists bench_copy_cities").ReadAll()
		pg.Close(context.Background())
	})
	targets := []struct {
		name string
		conn *pgconn.PgConn
	}{{"pgway-duckdb", gw}, {"postgres", pg}}
	for _, target := range targets {
		exec := func(b *testing.B, sql string) {
			if _, err := target.conn.Exec(ctx, sql).ReadAll(); err != nil {
				b.Fatalf("%s: %v", sql, err)
			}
		}
		exec(b, "drop table if exists bench_copy_cities")
		exec(b, "create table bench_copy_cities (name text not null, country varchar(2) check (country <> ''), "+
			"admin1 text, admin2 text, lat numeric(8,5), lng numeric(8,5))")
		b.Run(target.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				exec(b, "truncate bench_copy_cities")
				b.StartTimer()
				tag, err := target.conn.CopyFrom(ctx, strings.NewReader(data), "copy bench_copy_cities from stdin with (format csv, header)")
				if err != nil {
					b.Fatal(err)
				}
				if tag.RowsAffected() != copyBenchRows {
					b.Fatalf("tag %s, want COPY %d", tag, copyBenchRows)
				}
			}
		})
	}
}
