package translate

import (
	"fmt"
	"testing"
)

// benchQuery is a query of about 200 characters with a join, a filter,
// grouping and ordering, as BI tools send.
const benchQuery = "select c.country, count(*) as n, round(avg(c.population)) as avg_pop, " +
	"max(e.amount) from cities c join events e on e.city_id = c.id where c.population > %d " +
	"and e.kind = 'concert' group by c.country order by n desc limit 10"

// BenchmarkTranslateUncached parses and rewrites a query that is not in
// the cache.
func BenchmarkTranslateUncached(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	for i := 0; b.Loop(); i++ {
		tr := New(1)
		if _, err := tr.Translate(d, fmt.Sprintf(benchQuery, 1000), corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// benchRelations are the column types of benchQuery's tables.
var benchRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "cities"}: {{"id", "integer"}, {"country", "text"}, {"population", "bigint"}},
	{"public", "events"}: {{"city_id", "integer"}, {"kind", "text"}, {"amount", "double precision"}},
})

// BenchmarkTranslateUncachedTyped is BenchmarkTranslateUncached with the
// tables' column types, which the DuckDB dialect resolves each column
// reference to.
func BenchmarkTranslateUncachedTyped(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: benchRelations})
	for i := 0; b.Loop(); i++ {
		tr := New(1)
		if _, err := tr.Translate(d, fmt.Sprintf(benchQuery, 1000), corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateCacheHit translates the same query string again.
func BenchmarkTranslateCacheHit(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	tr := New(100)
	query := fmt.Sprintf(benchQuery, 1000)
	for b.Loop() {
		if _, err := tr.Translate(d, query, corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateParamTypesHit translates a prepared statement with
// its parameter types again, as the engine does at Parse: the dialect
// with the types, then a cache hit.
func BenchmarkTranslateParamTypesHit(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	tr := New(100)
	query := "select c.country, count(*), sum(e.amount) from cities c join events e on e.city_id = c.id " +
		"where c.population > $1 and e.kind = $2 and e.amount between $3 and $4 group by 1 order by 2 desc limit $5"
	oids := []uint32{20, 25, 1700, 1700, 20}
	for b.Loop() {
		if _, err := tr.Translate(WithParamTypes(d, oids), query, corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateLiteralVariant translates queries that differ from
// one another only in a literal.
func BenchmarkTranslateLiteralVariant(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	tr := New(100)
	for i := 0; b.Loop(); i++ {
		if _, err := tr.Translate(d, fmt.Sprintf(benchQuery, i), corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateShapeAnalysis translates two queries that differ in
// a literal with an empty cache: the second one's miss works out the
// shared template.
func BenchmarkTranslateShapeAnalysis(b *testing.B) {
	d := DuckDB(DuckDBCapabilities{Spatial: true})
	for b.Loop() {
		tr := New(10)
		for _, population := range []int{1000, 2000} {
			if _, err := tr.Translate(d, fmt.Sprintf(benchQuery, population), corpusSession); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkTranslateBigQueryUncached parses and rewrites a query for
// BigQuery with an empty cache.
func BenchmarkTranslateBigQueryUncached(b *testing.B) {
	d := BigQuery(BigQueryOptions{})
	for b.Loop() {
		if _, err := New(1).Translate(d, fmt.Sprintf(benchQuery, 1000), corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateBigQueryCacheHit translates the same query string for
// BigQuery again.
func BenchmarkTranslateBigQueryCacheHit(b *testing.B) {
	d := BigQuery(BigQueryOptions{})
	tr := New(100)
	query := fmt.Sprintf(benchQuery, 1000)
	for b.Loop() {
		if _, err := tr.Translate(d, query, corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateSnowflakeUncached parses and rewrites a query for
// Snowflake that is not in the cache.
func BenchmarkTranslateSnowflakeUncached(b *testing.B) {
	d := Snowflake()
	for b.Loop() {
		tr := New(1)
		if _, err := tr.Translate(d, fmt.Sprintf(benchQuery, 1000), corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTranslateSnowflakeCacheHit translates the same query string
// for Snowflake again.
func BenchmarkTranslateSnowflakeCacheHit(b *testing.B) {
	d := Snowflake()
	tr := New(100)
	query := fmt.Sprintf(benchQuery, 1000)
	for b.Loop() {
		if _, err := tr.Translate(d, query, corpusSession); err != nil {
			b.Fatal(err)
		}
	}
}
