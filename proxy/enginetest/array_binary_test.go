package enginetest

import (
	"context"
	"testing"
)

// arrayBinaryQueries return arrays that PostgreSQL's array_send writes
// with no dimensions when they are empty.
var arrayBinaryQueries = []string{
	"select '{}'::int[], array[]::text[], array[1, 2], array[[1, 2], [3, 4]]",
	"select array_remove(array[1], 1), string_to_array('', ',')",
}

func TestBinaryArraysMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range arrayBinaryQueries {
		if got, want := binaryResult(ctx, gw.PgConn(), sql), binaryResult(ctx, pg.PgConn(), sql); got != want {
			t.Errorf("%s (binary)\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
