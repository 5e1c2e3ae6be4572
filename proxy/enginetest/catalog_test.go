package enginetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/config"
	"pgway/internal/pgtest"
)

const (
	alicePassword = "alice-pw"
	bobPassword   = "bob-pw"
	adminRole     = "pgway_admin"
	adminPassword = "admin-pw"
)

// catalogCluster starts a PostgreSQL cluster with a superuser for
// catalog.dsn, stopped when the test ends.
func catalogCluster(t *testing.T) *pgtest.Server {
	t.Helper()
	srv, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := srv.CreateRole(adminRole, adminPassword); err != nil {
		t.Fatal(err)
	}
	if err := srv.Exec("postgres", "ALTER ROLE "+adminRole+" SUPERUSER"); err != nil {
		t.Fatal(err)
	}
	return srv
}

// catalogConfig returns config.Default() with the users alice and bob,
// a DuckDB file connection alice_files that only alice may use, and the
// catalog cluster.
func catalogConfig(t *testing.T, cluster *pgtest.Server) *config.Config {
	t.Helper()
	cfg := config.Default()
	cfg.Users = append(cfg.Users,
		config.User{Name: "alice", Password: alicePassword},
		config.User{Name: "bob", Password: bobPassword})
	cfg.Connections = append(cfg.Connections, config.Connection{
		Name: "alice_files", ProviderID: "duckdb", Owner: "alice", Privacy: config.PrivacyPrivate,
		Config: config.ConnectionConfig{Type: "file",
			Credentials: map[string]string{"path": filepath.Join(t.TempDir(), "alice.duckdb")}},
	})
	cfg.Catalog.DSN = fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/postgres?sslmode=disable",
		adminRole, adminPassword, cluster.Port)
	return cfg
}

// runPsql runs psql with unaligned, tuples-only output and returns its
// standard output.
func runPsql(t *testing.T, g *gateway, user, password, database string, args ...string) string {
	t.Helper()
	bin, err := pgtest.RequireBinary("psql")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
		g.dsn(user, password, database, "disable")}, args...)...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=5")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("psql %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String()
}

// firstFields returns the first field of each row of psql's unaligned
// output. Lines without a field separator continue a multi-line value of
// the row before.
func firstFields(out string) []string {
	var fields []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, "|") {
			continue
		}
		first, _, _ := strings.Cut(line, "|")
		fields = append(fields, first)
	}
	return fields
}

func TestCatalogPsqlListsAllowedDatabases(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	cases := []struct {
		user, password string
		want           []string
	}{
		{"alice", alicePassword, []string{"alice_files", "carto_dw"}},
		{"bob", bobPassword, []string{"carto_dw"}},
	}
	for _, tc := range cases {
		got := firstFields(runPsql(t, g, tc.user, tc.password, "carto_dw", "-c", `\l`))
		if !slices.Equal(got, tc.want) {
			t.Errorf(`\l as %s lists %q, want %q`, tc.user, got, tc.want)
		}
	}
}

func TestCatalogPsqlDescribes(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	if got := firstFields(runPsql(t, g, "bob", bobPassword, "carto_dw", "-c", `\dn`)); !slices.Equal(got, []string{"public"}) {
		t.Errorf(`\dn lists %q, want [public]`, got)
	}
	out := runPsql(t, g, "bob", bobPassword, "carto_dw", "-c", `\dt`)
	// PostGIS keeps spatial_ref_sys in public, as in any PostGIS database.
	if got := fieldsAt(out, 1); !slices.Equal(got, []string{"cities", "countries", "spatial_ref_sys"}) {
		t.Errorf(`\dt lists %q, want [cities countries spatial_ref_sys]:%s`, got, out)
	}
	out = runPsql(t, g, "bob", bobPassword, "carto_dw", "-c", `\d cities`)
	want := map[string]string{
		"name": "text", "country": "text", "lat": "double precision", "lng": "double precision",
		"geom": "geometry(Geometry,4326)",
	}
	columns := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		parts := strings.Split(line, "|")
		if len(parts) >= 2 {
			columns[parts[0]] = parts[1]
		}
	}
	for name, typ := range want {
		if columns[name] != typ {
			t.Errorf(`\d cities shows %s as %q, want %q:\n%s`, name, columns[name], typ, out)
		}
	}
}

// fieldsAt returns field i of each line of psql's unaligned output.
func fieldsAt(out string, i int) []string {
	var fields []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		parts := strings.Split(line, "|")
		if i < len(parts) {
			fields = append(fields, parts[i])
		}
	}
	return fields
}

// pgCode returns the SQLSTATE of err, or "" when it has none.
func pgCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return ""
}

func TestCatalogQueries(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	conn := g.connect(t, "alice", alicePassword, "carto_dw", "disable")
	ctx := context.Background()

	var geometryOID uint32
	if err := conn.QueryRow(ctx, "select oid from pg_type where typname = $1", "geometry").Scan(&geometryOID); err != nil {
		t.Fatalf("geometry OID: %v", err)
	}
	if geometryOID < 16384 {
		t.Errorf("geometry OID = %d, want one assigned when postgis was installed", geometryOID)
	}

	rows, err := conn.Query(ctx, `select column_name, data_type, udt_name from information_schema.columns
		where table_schema = 'public' and table_name = $1 order by ordinal_position`, "cities")
	if err != nil {
		t.Fatal(err)
	}
	columns, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([3]string, error) {
		var c [3]string
		err := r.Scan(&c[0], &c[1], &c[2])
		return c, err
	})
	if err != nil {
		t.Fatal(err)
	}
	wantColumns := [][3]string{
		{"name", "text", "text"}, {"country", "text", "text"}, {"admin1", "text", "text"},
		{"admin2", "text", "text"}, {"lat", "double precision", "float8"}, {"lng", "double precision", "float8"},
		{"geom", "USER-DEFINED", "geometry"},
	}
	if !slices.Equal(columns, wantColumns) {
		t.Errorf("information_schema.columns = %v, want %v", columns, wantColumns)
	}

	var classOID, regclassOID uint32
	if err := conn.QueryRow(ctx, "select 'cities'::regclass::oid").Scan(&regclassOID); err != nil {
		t.Fatalf("regclass cast: %v", err)
	}
	if err := conn.QueryRow(ctx, "select oid from pg_class where relname = 'cities'").Scan(&classOID); err != nil {
		t.Fatal(err)
	}
	if regclassOID != classOID || classOID == 0 {
		t.Errorf("'cities'::regclass = %d, pg_class.oid = %d", regclassOID, classOID)
	}

	var mayRead bool
	if err := conn.QueryRow(ctx, "select has_table_privilege('public.cities', 'select')").Scan(&mayRead); err != nil || !mayRead {
		t.Errorf("has_table_privilege(cities, select) = %v, %v; want true", mayRead, err)
	}
	var postgisVersion string
	if err := conn.QueryRow(ctx, "select postgis_version()").Scan(&postgisVersion); err != nil || !strings.HasPrefix(postgisVersion, "3") {
		t.Errorf("postgis_version() = %q, %v; want 3.x", postgisVersion, err)
	}
	var geomType string
	var srid int
	err = conn.QueryRow(ctx, "select type, srid from geometry_columns where f_table_name = 'cities' and f_geometry_column = 'geom'").
		Scan(&geomType, &srid)
	if err != nil || geomType != "GEOMETRY" || srid != 4326 {
		t.Errorf("geometry_columns for cities.geom = %q, %d, %v; want GEOMETRY, 4326", geomType, srid, err)
	}
	var user, sessionUser string
	if err := conn.QueryRow(ctx, "select current_user, session_user from pg_class limit 1").Scan(&user, &sessionUser); err != nil {
		t.Fatal(err)
	}
	if user != "alice" || sessionUser != "alice" {
		t.Errorf("current_user, session_user = %q, %q on the catalog; want alice", user, sessionUser)
	}
	var database string
	if err := conn.QueryRow(ctx, "select current_database() from pg_class limit 1").Scan(&database); err != nil || database != "carto_dw" {
		t.Errorf("current_database() on the catalog = %q, %v; want carto_dw", database, err)
	}

	_, err = conn.Exec(ctx, "select pg_read_file('postgresql.conf')")
	if code := pgCode(err); code != "42501" {
		t.Errorf("pg_read_file: error %v, want SQLSTATE 42501", err)
	}
	_, err = conn.Exec(ctx, "insert into pg_catalog.pg_description values (1, 1, 0, 'x')")
	if code := pgCode(err); code != "25006" {
		t.Errorf("insert into pg_description: error %v, want SQLSTATE 25006", err)
	}
	_, err = conn.Exec(ctx, "select nosuchcolumn from pg_class")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42703" || pgErr.Position != 8 {
		t.Errorf("unknown column: error %v, want SQLSTATE 42703 at position 8", err)
	}

	rows, err = conn.Query(ctx, "select distinct datname from pg_stat_activity where datname is not null order by 1")
	if err != nil {
		t.Fatal(err)
	}
	active, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range active {
		if name != "carto_dw" && name != "alice_files" {
			t.Errorf("pg_stat_activity shows database %q, which alice may not use", name)
		}
	}

	// The data result's geometry has the OID the catalog gives geometry.
	dataRows, err := conn.Query(ctx, "select name, geom from cities limit 1")
	if err != nil {
		t.Fatal(err)
	}
	fields := dataRows.FieldDescriptions()
	dataRows.Close()
	if len(fields) != 2 || fields[1].DataTypeOID != geometryOID {
		t.Errorf("geometry column of a data result has OID %v, want the catalog's %d", fields, geometryOID)
	}
}

func TestCatalogVersion(t *testing.T) {
	cluster := catalogCluster(t)
	g := serve(t, catalogConfig(t, cluster))
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()

	admin, err := pgx.Connect(ctx, cluster.AdminDSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var wantVersion, wantServerVersion string
	if err := admin.QueryRow(ctx, "select version(), current_setting('server_version')").Scan(&wantVersion, &wantServerVersion); err != nil {
		t.Fatal(err)
	}
	if got := conn.PgConn().ParameterStatus("server_version"); got != wantServerVersion {
		t.Errorf("server_version = %q, want the catalog's %q", got, wantServerVersion)
	}
	var version string
	if err := conn.QueryRow(ctx, "select version()").Scan(&version); err != nil || version != wantVersion {
		t.Errorf("version() = %q, %v; want %q", version, err, wantVersion)
	}
	var versionNum, wantVersionNum string
	if err := admin.QueryRow(ctx, "show server_version_num").Scan(&wantVersionNum); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "show server_version_num").Scan(&versionNum); err != nil || versionNum != wantVersionNum {
		t.Errorf("server_version_num = %q, %v; want %q", versionNum, err, wantVersionNum)
	}
}

func TestCatalogSettingsApplied(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	for _, sql := range []string{"set datestyle = 'dmy'", "set timezone = 'Asia/Tokyo'", "set search_path = pg_catalog", "set application_name = 'cat-test'"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	for name, want := range map[string]string{"DateStyle": "ISO, DMY", "TimeZone": "Asia/Tokyo", "search_path": "pg_catalog", "application_name": "cat-test"} {
		var got string
		if err := conn.QueryRow(ctx, "select setting from pg_settings where name = $1", name).Scan(&got); err != nil || got != want {
			t.Errorf("%s on the catalog = %q, %v; want %q", name, got, err, want)
		}
	}
}

func TestCatalogRefresh(t *testing.T) {
	cluster := catalogCluster(t)
	g := serve(t, catalogConfig(t, cluster))
	ctx := context.Background()
	conn := g.connect(t, "alice", alicePassword, "alice_files", "disable")
	tables := func() []string {
		return fieldsAt(runPsql(t, g, "alice", alicePassword, "alice_files", "-c", `\dt`), 1)
	}

	if got := tables(); !slices.Equal(got, []string{"spatial_ref_sys"}) {
		t.Errorf(`\dt of an empty DuckDB file lists %q, want only PostGIS's spatial_ref_sys`, got)
	}
	if _, err := conn.Exec(ctx, "create table trips (id bigint not null, started timestamptz, fare decimal(8,2))"); err != nil {
		t.Fatal(err)
	}
	if got := tables(); !slices.Equal(got, []string{"spatial_ref_sys", "trips"}) {
		t.Errorf(`\dt after CREATE TABLE lists %q, want spatial_ref_sys and trips`, got)
	}
	var fareType string
	err := conn.QueryRow(ctx, `select format_type(atttypid, atttypmod) from pg_attribute
		where attrelid = 'trips'::regclass and attname = 'fare'`).Scan(&fareType)
	if err != nil || fareType != "numeric(8,2)" {
		t.Errorf("trips.fare has type %q, %v; want numeric(8,2)", fareType, err)
	}
	var tripsOID uint32
	if err := conn.QueryRow(ctx, "select 'trips'::regclass::oid").Scan(&tripsOID); err != nil {
		t.Fatal(err)
	}

	// Another table's DDL refreshes the mirror without making trips anew.
	if _, err := conn.Exec(ctx, "create table stops (name varchar)"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "drop table stops"); err != nil {
		t.Fatal(err)
	}
	var after uint32
	if err := conn.QueryRow(ctx, "select 'trips'::regclass::oid").Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != tripsOID {
		t.Errorf("trips OID changed from %d to %d after other tables' DDL", tripsOID, after)
	}
	if got := tables(); !slices.Equal(got, []string{"spatial_ref_sys", "trips"}) {
		t.Errorf(`\dt after DROP TABLE stops lists %q, want spatial_ref_sys and trips`, got)
	}

	// A mirror that lost a table and gained another is set right from the
	// warehouse.
	if err := cluster.Exec("alice_files", "DROP TABLE public.trips; CREATE TABLE public.stale ()"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "select pgway_refresh_catalog()"); err != nil {
		t.Fatalf("pgway_refresh_catalog(): %v", err)
	}
	if got := tables(); !slices.Equal(got, []string{"spatial_ref_sys", "trips"}) {
		t.Errorf(`\dt after pgway_refresh_catalog() lists %q, want spatial_ref_sys and trips`, got)
	}
}

func TestCatalogRoleClash(t *testing.T) {
	cluster := catalogCluster(t)
	cfg := catalogConfig(t, cluster)
	// postgres is the cluster's own superuser, which pgway did not create.
	cfg.Users = append(cfg.Users, config.User{Name: "postgres", Password: "pg-pw"})
	g := serve(t, cfg)
	ctx := context.Background()

	clash := g.connect(t, "postgres", "pg-pw", "carto_dw", "disable")
	_, err := clash.Exec(ctx, "select count(*) from pg_class")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42710" || !strings.Contains(pgErr.Message, "did not create") {
		t.Errorf("catalog query as postgres: error %v, want SQLSTATE 42710 about a role pgway did not create", err)
	}
	// The session goes on, and so do other users' sessions.
	var one int
	if err := clash.QueryRow(ctx, "select 1").Scan(&one); err != nil {
		t.Errorf("warehouse query after the failed catalog query: %v", err)
	}
	other := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	var user string
	if err := other.QueryRow(ctx, "select current_user from pg_class limit 1").Scan(&user); err != nil || user != "bob" {
		t.Errorf("bob's catalog query = %q, %v; want bob", user, err)
	}
}

func TestNoCatalogBuiltins(t *testing.T) {
	conn := connectDemo(t, startDemo(t))
	ctx := context.Background()
	var version, database, schema, user string
	var schemas []string
	err := conn.QueryRow(ctx, "select version(), current_database(), current_schema(), current_user").
		Scan(&version, &database, &schema, &user)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(version, "PostgreSQL ") || database != config.DemoConnection || schema != "public" || user != config.DemoUser {
		t.Errorf("session functions = %q, %q, %q, %q", version, database, schema, user)
	}

	if err := conn.QueryRow(ctx, "select current_schemas(true)").Scan(&schemas); err != nil {
		t.Fatalf("current_schemas(true): %v", err)
	}
	if !slices.Equal(schemas, []string{"pg_catalog", "public"}) {
		t.Errorf("current_schemas(true) = %q, want [pg_catalog public]", schemas)
	}
	if _, err := conn.Exec(ctx, "set search_path = sales, public"); err != nil {
		t.Fatal(err)
	}
	var path string
	if err := conn.QueryRow(ctx, "show search_path").Scan(&path); err != nil || path != "sales, public" {
		t.Errorf("show search_path = %q, %v", path, err)
	}
	// The demo has no schema sales, which PostgreSQL leaves out.
	if err := conn.QueryRow(ctx, "select current_schemas(false)", pgx.QueryExecModeSimpleProtocol).Scan(&schemas); err != nil ||
		!slices.Equal(schemas, []string{"public"}) {
		t.Errorf("current_schemas(false) = %q, %v; want [public]", schemas, err)
	}

	_, err = conn.Exec(ctx, "select relname from pg_class")
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" || !strings.Contains(pgErr.Hint, "catalog.dsn") {
		t.Errorf("pg_class without a catalog: error %v, want 0A000 with a hint naming catalog.dsn", err)
	}
	_, err = conn.Exec(ctx, "select pgway_refresh_catalog()")
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" || !strings.Contains(pgErr.Hint, "catalog.dsn") {
		t.Errorf("pgway_refresh_catalog() without a catalog: error %v, want 0A000 naming catalog.dsn", err)
	}
}

func TestCatalogCursorAndCopy(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	// With FETCH_COUNT, psql reads a query's rows through a cursor.
	out := runPsql(t, g, "bob", bobPassword, "carto_dw", "-v", "FETCH_COUNT=2", "-c",
		"select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1")
	if got := firstLines(out); !slices.Equal(got, []string{"cities", "countries", "spatial_ref_sys"}) {
		t.Errorf("catalog query through a cursor printed %q", got)
	}

	out = runPsql(t, g, "bob", bobPassword, "carto_dw", "-c",
		"copy (select relname, relkind from pg_class where relname in ('cities', 'countries') order by 1) to stdout with (format csv, header)")
	if want := "relname,relkind\ncities,r\ncountries,r\n"; out != want {
		t.Errorf("COPY of a catalog query printed %q, want %q", out, want)
	}

	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "declare c cursor for select attname from pg_attribute where attrelid = $1::regclass and attnum > 0 order by attnum", "cities"); err != nil {
		t.Fatalf("declare: %v", err)
	}
	var names []string
	for range 2 {
		rows, err := tx.Query(ctx, "fetch 4 from c")
		if err != nil {
			t.Fatal(err)
		}
		batch, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, batch...)
	}
	want := []string{"name", "country", "admin1", "admin2", "lat", "lng", "geom"}
	if !slices.Equal(names, want) {
		t.Errorf("fetched %q, want %q", names, want)
	}
}

// firstLines returns the non-empty lines of psql's output.
func firstLines(out string) []string {
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}

func TestCatalogPeriodicRefresh(t *testing.T) {
	cluster := catalogCluster(t)
	cfg := catalogConfig(t, cluster)
	cfg.Catalog.RefreshInterval = config.Duration(500 * time.Millisecond)
	g := serve(t, cfg)
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	count := func() int {
		var n int
		if err := conn.QueryRow(ctx, "select count(*) from pg_class where relname = 'cities'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count() != 1 {
		t.Fatalf("cities is not mirrored")
	}
	if err := cluster.Exec("carto_dw", "DROP TABLE public.cities"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); count() == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("cities not mirrored again within 10s with refresh_interval 500ms")
		}
	}
}

func TestCatalogGeometryOIDFirstQuery(t *testing.T) {
	cluster := catalogCluster(t)
	g := serve(t, catalogConfig(t, cluster))
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	// The session's first statement reads geometry before any catalog query.
	rows, err := conn.Query(ctx, "select geom from cities limit 1")
	if err != nil {
		t.Fatal(err)
	}
	got := rows.FieldDescriptions()[0].DataTypeOID
	rows.Close()
	var want uint32
	if err := conn.QueryRow(ctx, "select 'geometry'::regtype::oid").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("geometry column has OID %d, want the catalog's %d", got, want)
	}
}

func TestCatalogBinaryParameter(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	var oid uint32
	if err := conn.QueryRow(ctx, "select oid from pg_class where relname = 'countries'").Scan(&oid); err != nil {
		t.Fatal(err)
	}
	// pgx sends an oid parameter in the binary format.
	var name string
	if err := conn.QueryRow(ctx, "select relname from pg_class where oid = $1", oid).Scan(&name); err != nil || name != "countries" {
		t.Errorf("relname of oid %d = %q, %v; want countries", oid, name, err)
	}
}

func TestCatalogStatementTimeout(t *testing.T) {
	g := serve(t, catalogConfig(t, catalogCluster(t)))
	conn := g.connect(t, "bob", bobPassword, "carto_dw", "disable")
	ctx := context.Background()
	// The first catalog query waits for the mirror to be built, which
	// the statement timeout also covers.
	if _, err := conn.Exec(ctx, "select 1 from pg_class limit 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "set statement_timeout = '300ms'"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := conn.Exec(ctx, "select pg_sleep(10) from pg_class limit 1")
	if code := pgCode(err); code != "57014" {
		t.Errorf("pg_sleep past the statement timeout: error %v, want SQLSTATE 57014", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("the timed-out catalog query returned after %s", elapsed)
	}
	var n int
	if err := conn.QueryRow(ctx, "select count(*) from pg_namespace where nspname = 'public'").Scan(&n); err != nil || n != 1 {
		t.Errorf("catalog query after the timeout = %d, %v; want 1", n, err)
	}
}
