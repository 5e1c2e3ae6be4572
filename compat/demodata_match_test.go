package compat

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoFingerprints are queries whose results show that two copies of the
// demo tables hold the same rows. Geometries are compared as the EWKB
// that both send in text form.
var demoFingerprints = []string{
	"SELECT count(*), count(admin1), count(admin2), min(name), max(name), min(lat), max(lat), min(lng), max(lng) FROM cities",
	"SELECT name, admin1, admin2, lat, lng, geom FROM cities WHERE country = 'PT' ORDER BY name, lat, lng",
	"SELECT id, name, geom FROM countries ORDER BY id, name",
}

// TestDemoDataMatches checks that the PostgreSQL copy of the demo tables,
// which the other tests take as the oracle, holds what each target holds.
func TestDemoDataMatches(t *testing.T) {
	want := make([][][]any, len(demoFingerprints))
	for i, query := range demoFingerprints {
		want[i] = queryRows(t, oracle(), query)
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		tg.skipGap(t, "demo data")
		for i, query := range demoFingerprints {
			got := queryRows(t, tg.gateway(), query)
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%s\nreturns %d rows, PostgreSQL %d; first difference: %s",
					query, len(got), len(want[i]), firstDifference(got, want[i]))
			}
		}
	})
}

// queryRows runs query with the simple protocol, so that every value,
// geometries included, arrives as text, and returns the rows as strings.
func queryRows(t *testing.T, e endpoint, query string) [][]any {
	t.Helper()
	// A catalog refresh of the BigQuery emulator can take over a minute
	// while other tests load the machine.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dsn := fmt.Sprintf("host=%s port=%d user=%s password=%s dbname=%s sslmode=disable",
		e.Host, e.Port, e.User, e.Password, e.Database)
	config, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	config.DefaultQueryExecMode = pgx.QueryExecModeSimpleProtocol
	conn, err := pgx.ConnectConfig(ctx, config)
	if err != nil {
		t.Fatalf("connect to %s: %v", e, err)
	}
	defer conn.Close(context.Background())

	rows, err := conn.Query(ctx, query)
	if err != nil {
		t.Fatalf("%s on %s: %v", query, e, err)
	}
	var result [][]any
	for rows.Next() {
		var row []any
		for _, raw := range rows.RawValues() {
			if raw == nil {
				row = append(row, nil)
			} else {
				row = append(row, string(raw))
			}
		}
		result = append(result, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s on %s: %v", query, e, err)
	}
	return result
}

func firstDifference(got, want [][]any) string {
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			return fmt.Sprintf("row %d is %v, PostgreSQL's %v", i, got[i], want[i])
		}
	}
	return "none in the common rows"
}
