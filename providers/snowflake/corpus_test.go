package snowflake_test

import (
	"strconv"
	"testing"
	"time"

	"pgway/config"
	"pgway/internal/corpustest"
	"pgway/internal/snowflakeemu"
	"pgway/providers/geometry"
)

// corpusDir holds translate's corpus, its fixture and the golden file of
// its Snowflake translations.
const corpusDir = "../../translate/testdata"

// Reasons why a corpus query's result through pgway differs from
// PostgreSQL's.
const (
	srid4326  = "Snowflake: every GEOGRAPHY has SRID 4326, where the fixture's geometries have SRID 0"
	division  = "emulator: / and AVG of NUMBER run as DuckDB's, which return DOUBLE where Snowflake returns NUMBER"
	noCatalog = "pgway without a catalog database, which this test does not start: "
)

// emulatorGaps are the corpus queries whose results through pgway on the
// emulator differ from PostgreSQL's, and why: a gap of the emulator, a
// difference of Snowflake's types, or a translation that the Snowflake
// dialect gets wrong. A query listed here that matches fails the test, so
// that the list stays true.
var emulatorGaps = map[string]string{
	"clients_bi.txt:72": division + "; Snowflake: avg() of NUMBER keeps fewer fractional digits than PostgreSQL's numeric",
	"semantics.txt:10":  division + "; Snowflake: 7.0 / 2 keeps fewer fractional digits than PostgreSQL's numeric division",
	"semantics.txt:30": division + "; dialect: round() of a NUMBER expression of unknown type returns NUMBER(p,0), " +
		"sent as bigint when p <= 18, where PostgreSQL's round(numeric) is numeric",
	"clients_gis.txt:24":        srid4326,
	"clients_gis.txt:119":       "emulator: a FLOAT cast to text is written as DuckDB writes a DOUBLE, 5.0 for 5",
	"semantics.txt:302":         division,
	"semantics.txt:307":         division,
	"semantics.txt:327":         division,
	"clients_gis.txt:29":        srid4326,
	"clients_gis.txt:90":        srid4326,
	"clients_gis.txt:95":        srid4326,
	"spatial.txt:26":            srid4326,
	"spatial.txt:11":            "emulator: ST_DISTANCE is not emulated",
	"clients_jdbc.txt:30":       noCatalog + "current_schema() returns text, where PostgreSQL returns name",
	"clients_sqlalchemy.txt:10": noCatalog + "version() is pgway's own",
	"clients_sqlalchemy.txt:67": "Snowflake: SUM of NUMBER(p,0) is NUMBER(38,0), sent as numeric, where PostgreSQL's sum(integer) is bigint",

	"semantics.txt:400": "dialect: LAG of a NUMBER with a default of another scale keeps the value's scale",
	"semantics.txt:415": "emulator: NTILE of a NUMBER column is not emulated",
	"semantics.txt:430": "dialect: LISTAGG with a NULL delimiter returns NULL, where PostgreSQL's string_agg uses no delimiter",
	"semantics.txt:435": "emulator: LISTAGG with a delimiter that is not a constant is not emulated",
	"semantics.txt:450": "emulator: RPAD with a NUMBER length is not emulated",
	"semantics.txt:460": "emulator: a cast of 'on' or 'off' to BOOLEAN is not emulated",
	"semantics.txt:520": "emulator: PERCENTILE_CONT(NULL) is not emulated",
	"semantics.txt:747": "emulator: UNION compares VARIANT values as their text",

	"functions.txt:69": "emulator: ARRAY_CONSTRUCT_COMPACT, which the dialect writes for concat_ws, is not emulated; " +
		"dialect: TO_VARCHAR writes a boolean as true, where PostgreSQL's concat writes t",
}

// TestCorpusOnEmulator runs every corpus query that the Snowflake dialect
// translates through pgway on the emulator and on PostgreSQL with the same
// fixture, and compares the columns and rows. Integer types compare
// equal, since Snowflake's only integer type is NUMBER(p,0), which pgway
// sends as bigint.
func TestCorpusOnEmulator(t *testing.T) {
	fixture := corpustest.ReadFixture(t, corpusDir)
	emu, err := snowflakeemu.Start(snowflakeemu.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { emu.Close() })
	if err := emu.LoadPostgres(fixture); err != nil {
		t.Fatalf("load the fixture into the emulator: %v", err)
	}
	pg := corpustest.StartPostgres(t, fixture, "application_name=psql")
	gw := corpustest.ServeConnection(t, config.Connection{
		Name: "corpus", ProviderID: "snowflake", Owner: config.DemoUser, Privacy: config.PrivacyOrganization,
		Config: config.ConnectionConfig{Type: "snowflake_account", Credentials: map[string]string{
			"account": "emulator", "username": emu.User(), "password": emu.Password(),
			"database": emu.Database(), "warehouse": "WH", "host": emu.Host(),
			"port": strconv.Itoa(emu.Port()), "protocol": "http",
		}},
	}, 20*time.Second)
	corpustest.Comparison{
		Postgres:       pg,
		Gateway:        gw,
		PostgresFormat: corpustest.Format{TypeName: corpustest.IntegerFamilyTypeName(corpustest.GeometryOID(t, pg))},
		GatewayFormat:  corpustest.Format{TypeName: corpustest.IntegerFamilyTypeName(geometry.OID)},
		Queries:        corpustest.ReadDialect(t, corpusDir, "snowflake"),
		Gaps:           emulatorGaps,
	}.Run(t)
}
