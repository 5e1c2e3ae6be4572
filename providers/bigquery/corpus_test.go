package bigquery_test

import (
	"testing"
	"time"

	"pgway/config"
	"pgway/internal/corpustest"
	"pgway/providers/bigquery"
	"pgway/providers/geometry"
)

// corpusDir holds translate's corpus, its fixture and the golden file of
// its BigQuery translations.
const corpusDir = "../../translate/testdata"

// Reasons why a corpus query's result through pgway differs from
// PostgreSQL's.
const (
	sumType       = "BigQuery: SUM of INT64 is INT64, sent as bigint, where PostgreSQL's sum(bigint) is numeric"
	srid4326      = "BigQuery: every GEOGRAPHY has SRID 4326, where the fixture's geometries have SRID 0"
	emulatorGeogs = "emulator: it stores the GEOGRAPHY values of its data file as strings, which its ST_ functions reject or read as NULL"
	avgType       = "BigQuery: AVG of INT64 is FLOAT64, sent as double precision, where PostgreSQL's avg of an integer is numeric"
)

// emulatorGaps are the corpus queries whose results through pgway on
// bigquery-emulator v0.8.1 differ from PostgreSQL's, and why: a gap of
// the emulator, a difference of BigQuery's types, or a translation that
// the BigQuery dialect gets wrong. A query listed here that matches fails
// the test, so that the list stays true.
var emulatorGaps = map[string]string{
	"clients_bi.txt:29":   "emulator: DATETIME_TRUNC to WEEK(MONDAY) returns the value untruncated",
	"clients_bi.txt:39":   sumType,
	"semantics.txt:105":   sumType,
	"semantics.txt:110":   sumType,
	"clients_gis.txt:24":  srid4326 + "; " + emulatorGeogs,
	"clients_gis.txt:29":  srid4326,
	"clients_gis.txt:95":  srid4326,
	"spatial.txt:26":      srid4326,
	"clients_gis.txt:54":  emulatorGeogs,
	"clients_gis.txt:90":  emulatorGeogs,
	"spatial.txt:6":       emulatorGeogs,
	"spatial.txt:11":      emulatorGeogs,
	"spatial.txt:21":      emulatorGeogs,
	"clients_gis.txt:119": emulatorGeogs,
	"clients_gis.txt:142": emulatorGeogs,
	"clients_gis.txt:137": emulatorGeogs + "; BigQuery: ARRAY_AGG fails on a NULL element, such as the " +
		"concatenation for the row without a geometry, which PostgreSQL's array_agg keeps",
	"semantics.txt:302":         avgType,
	"semantics.txt:307":         avgType,
	"clients_sqlalchemy.txt:10": "pgway: without a catalog database, version() returns pgway's own version, not the PostgreSQL server's",
	"semantics.txt:25":          "emulator: its SQLite backend lacks the unary minus of FLOAT64 (googlesqlite_unary_minus)",
	"semantics.txt:115":         "emulator: GROUPING() is not supported",
	"semantics.txt:168":         "emulator: its JSON functions fail on a NULL JSON value",
	"semantics.txt:195":         "emulator: DATE_DIFF overflows for spans longer than 292 years",
	"semantics.txt:201":         "BigQuery: EXTRACT returns INT64, sent as bigint, where PostgreSQL's extract returns numeric",
	"semantics.txt:237":         "BigQuery: an ARRAY of INT64 is bigint[] where PostgreSQL's int column gives int[]",
	"semantics.txt:532":         "emulator: LN and LOG10 of FLOAT64 differ from PostgreSQL's in the last digit (1.5879611453213374)",
	"semantics.txt:566":         "emulator: a CAST to NUMERIC(12, 4) keeps 9 decimal places (12.907433333)",
	"semantics.txt:572": "emulator: it writes a DATETIME cast to STRING with a T, and FORMAT_TIMESTAMP's %z " +
		"as no offset, so a TIMESTAMP of unknown type cast to text is 2024-05-06T09:00:000",
	"semantics.txt:604": "emulator: a TIME difference is not emulated",
	"semantics.txt:814": "pgway: the BigQuery dialect leaves a string constant beside an array a STRING, which COALESCE " +
		"cannot combine with an ARRAY",
}

// TestCorpusOnEmulator runs every corpus query that the BigQuery dialect
// translates through pgway on bigquery-emulator and on PostgreSQL with
// the same fixture, and compares the columns and rows. Integer types
// compare equal, since BigQuery has INT64 only, which pgway sends as
// bigint. Numeric values are compared without trailing zeros, since
// BigQuery's NUMERIC has scale 9 where PostgreSQL's numeric keeps the
// scale of its value.
func TestCorpusOnEmulator(t *testing.T) {
	e := bigquery.StartEmulator(t, "corpus.yaml")
	pg := corpustest.StartPostgres(t, corpustest.ReadFixture(t, corpusDir), "application_name=psql")
	gw := corpustest.ServeConnection(t, config.Connection{
		Name: "corpus", ProviderID: "bigquery", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "oauth", Credentials: map[string]string{
			"project_id": bigquery.EmulatorProject, "access_token": bigquery.TestToken,
			"endpoint": e.URL(), "default_dataset": "corpus"}},
	}, 10*time.Second)
	corpustest.Comparison{
		Postgres: pg,
		Gateway:  gw,
		PostgresFormat: corpustest.Format{
			TypeName: corpustest.IntegerFamilyTypeName(corpustest.GeometryOID(t, pg)),
			Value:    corpustest.TrimNumericFraction,
		},
		GatewayFormat: corpustest.Format{
			TypeName: corpustest.IntegerFamilyTypeName(geometry.OID),
			Value:    corpustest.TrimNumericFraction,
		},
		Queries:          corpustest.ReadDialect(t, corpusDir, "bigquery"),
		Gaps:             emulatorGaps,
		CatalogNamesOnly: true,
	}.Run(t)
}
