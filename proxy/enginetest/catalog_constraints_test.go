package enginetest

import (
	"context"
	"testing"
	"time"
)

// These cases compare the catalog mirror of tables that pgway creates:
// their UNIQUE constraints, constant column defaults, geometry type
// modifiers and row estimates. They also compare the information_schema
// views that show constraints only to a table's owner or to a role with
// a privilege besides SELECT.

// catalogConstraintsDatabase is the oracle's database for these cases,
// with postgis for geometry_columns.
const catalogConstraintsDatabase = "catalog_constraints"

// catalogConstraintsSetup runs on both servers before the queries.
var catalogConstraintsSetup = []string{
	"drop table if exists cat_keys",
	"drop table if exists cat_geoms",
	"drop table if exists cat_counts",
	"create table cat_keys (a int primary key, b text unique, c numeric(5,2) not null default 0, " +
		"d varchar(4) default 'x', f int default -1, g float8 default 1.5, h boolean default true, " +
		"k int, l int, unique (k, l))",
	"create table cat_geoms (id int, geom geometry(Point), area geometry(MultiPolygon, 0), shape geometry)",
	"create table cat_counts (id int)",
	"insert into cat_counts values (1), (2), (3)",
}

// catalogConstraintsQueries are the catalog queries whose results pgway
// must return as PostgreSQL does. The NOT NULL constraints that
// table_constraints lists as CHECK are left out, since their names
// contain OIDs.
var catalogConstraintsQueries = []string{
	`select constraint_name, constraint_type, is_deferrable, initially_deferred
	from information_schema.table_constraints
	where table_name = 'cat_keys' and constraint_type <> 'CHECK' order by 1`,
	`select constraint_name, column_name, ordinal_position, position_in_unique_constraint
	from information_schema.key_column_usage where table_name = 'cat_keys' order by 1, 3`,
	`select constraint_name, table_name, column_name
	from information_schema.constraint_column_usage where table_name = 'cat_keys' order by 1, 3`,
	`select table_name, constraint_name from information_schema.constraint_table_usage
	where table_name = 'cat_keys' order by 2`,
	`select conname, contype, conkey from pg_constraint
	where conrelid = 'cat_keys'::regclass and contype <> 'c' order by 1`,
	`select c.relname, i.indisunique, i.indisprimary, i.indkey::text from pg_index i
	join pg_class c on c.oid = i.indexrelid where i.indrelid = 'cat_keys'::regclass order by 1`,
	`select column_name, column_default, is_nullable from information_schema.columns
	where table_name = 'cat_keys' order by ordinal_position`,
	`select attname, format_type(atttypid, atttypmod) from pg_attribute
	where attrelid = 'cat_geoms'::regclass and attnum > 0 order by attnum`,
	`select f_geometry_column, coord_dimension, srid, type from geometry_columns
	where f_table_name = 'cat_geoms' order by 1`,
	`select relname, reltuples from pg_class where relname in ('cat_keys', 'cat_counts') order by 1`,
}

func TestCatalogConstraintsMatchPostgreSQL(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, gwConn := typedGateway(t)
	if err := oracle.Exec("postgres", "drop database if exists "+catalogConstraintsDatabase+" with (force)"); err != nil {
		t.Fatal(err)
	}
	if err := oracle.Exec("postgres", "create database "+catalogConstraintsDatabase); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := oracle.Exec("postgres", "drop database if exists "+catalogConstraintsDatabase+" with (force)"); err != nil {
			t.Error(err)
		}
	})
	if err := oracle.Exec(catalogConstraintsDatabase, "create extension postgis"); err != nil {
		t.Fatal(err)
	}
	pgConn, _ := connectRecorded(t, oracle.AdminDSN(catalogConstraintsDatabase))
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	for _, sql := range catalogConstraintsSetup {
		if _, err := gw.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("pgway: %s: %v", sql, err)
		}
		if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("PostgreSQL: %s: %v", sql, err)
		}
	}
	// PostgreSQL's reltuples is the count of the last ANALYZE, and
	// pgway's is the warehouse's estimate at the last refresh, which an
	// INSERT does not start.
	if _, err := pg.Exec(ctx, "analyze cat_counts").ReadAll(); err != nil {
		t.Fatal(err)
	}
	if _, err := gw.Exec(ctx, "select pgway_refresh_catalog()").ReadAll(); err != nil {
		t.Fatal(err)
	}
	for _, sql := range catalogConstraintsQueries {
		got, want := biResult(ctx, gw, sql, nil, false), biResult(ctx, pg, sql, nil, false)
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
