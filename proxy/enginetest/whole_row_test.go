package enginetest

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"pgway/internal/corpustest"
)

// These cases compare whole-row references, such as t in
// SELECT t FROM (SELECT 1 a) t, with PostgreSQL, which reads them as a
// record of the relation's columns.

// wholeRowDatabase is the oracle's database for these cases, with PostGIS
// and a copy of the demo warehouse's cities of Andorra.
const wholeRowDatabase = "whole_rows"

const wholeRowFixture = `
create table cities (name text, country text, admin1 text, admin2 text, lat float8, lng float8, geom geometry(Geometry, 4326));
insert into cities
select name, 'AD', admin1, null, lat, lng, st_setsrid(st_makepoint(lng, lat), 4326)
from (values ('Aixirivall', '06', 42.46245, 1.50209), ('Andorra la Vella', '07', 42.50779, 1.52109),
	('Anyós', '04', 42.53465, 1.5251), ('Arinsal', '04', 42.57205, 1.48453), ('Canillo', '02', 42.5676, 1.59756),
	('El Tarter', '02', 42.57952, 1.65362), ('Encamp', '03', 42.53474, 1.58014), ('Les Bons', '03', 42.53873, 1.58649),
	('Ordino', '05', 42.55623, 1.53319), ('Pas de la Casa', '03', 42.54277, 1.73361),
	('Sant Julià de Lòria', '06', 42.46372, 1.49129), ('Santa Coloma', '07', 42.49454, 1.49897),
	('Vila', '03', 42.53176, 1.56654), ('la Massana', '04', 42.54499, 1.51483), ('les Escaldes', '08', 42.50729, 1.53414))
	v(name, admin1, lat, lng);`

// wholeRowMatches are the whole-row references that pgway runs on DuckDB
// with PostgreSQL's result.
var wholeRowMatches = []string{
	"select (c).name, (c).lat from cities c where country = 'AD' order by name limit 3",
	// A row is NULL when every column is, and NOT NULL when none is.
	"select name, c is null, c is not null from cities c where country = 'AD' order by name limit 3",
	"select count(*) from cities c where country = 'AD' and c is not null",
	"select count(*) from cities c where country = 'AD' and not c is null",
	"select t is null, t is not null from (select null::int a, null::text b) t",
	"select t is null, t is not null from (select 1 a, null::text b) t",
	"select t is null, t is not null from (select 1 a, 'x' b) t",
	"select r is not null from jsonb_each('{\"a\": null}') r",
	// A row that an outer join makes NULL in a null test and a field
	// selection.
	"select t.a from (select 1 a) t left join (select 2 a) u on t.a = u.a where u is null",
	"select t.a, (u).a, u is null, u is not null from (values (1), (2)) t(a) left join (select 2 a) u on t.a = u.a order by t.a",
	"select t.a from (select 2 a) u right join (values (1), (2)) t(a) on t.a = u.a where u is not null",
	"select count(*) from (select 1 a) t full join (select 2 a) u on t.a = u.a where t is null or u is null",
	// Result columns, and the functions that read a row as jsonb.
	"select t from (select 1 a, 'x y' b, null::int c, 1.50 n, true bo, date '2024-02-29' d) t",
	"select distinct t from (select 1 a union all select 1) t",
	"select count(t), jsonb_agg(t) from (select 1 a, 'x y' b, null::int c) t",
	"select row_to_json(t), to_json(t), json_build_object('r', t) from (select 1 a, 'x y' b, null::int c) t",
	"select json_agg(t), json_build_array(count(t)) from (select 1 a, 'x y' b, null::int c union all select 2, null, 3) t",
	"select t::text, to_jsonb(t), jsonb_build_object('r', t) from (select 1 a, 'x y' b, null::int c) t",
	"select max(a) from (select 1 a) t having count(t) > 0",
	// Text of a row whose column types pgway does not know: pgway_text
	// writes it by the types it has when it runs.
	`select t::text, concat(t, '!'), t || 'x', concat_ws('-', t, t) from (select 1 a, 'x y' b, '\x01'::bytea c, null::int d) t`,
	// An output column named as a FROM item is that column in ORDER BY
	// and GROUP BY.
	"select a as t from (select 1 a) s order by t",
	// name.* is the whole row outside a select list's result columns.
	"select t.*, u.* from (select 1 a) t left join (select 2 b) u on true",
	"select e.* from jsonb_each('{\"a\": 1}') e",
	"select count(t.*), jsonb_agg(t.*) from (select 1 a, null::int b) t",
	"select to_jsonb(t.*), (t.*)::text from (select 1 a, null::int b) t",
	"select t.* is null, t.* is not null from (select 1 a, null::int b) t",
	"select u.* is null from (select 1 a) t left join (select 2 a) u on t.a = u.a",
	"select row(t.*), row(t.*) is null from (select 1 a, null::int b) t",
	"select row(t.*, 2) is null, row(t.*) is null from (select null::int a, null::int b) t",
}

// wholeTableRows are whole-row references to a table with a geometry
// column. PostgreSQL sends them as the table's composite type, and pgway
// as record, since it has no OID for that type, so only the text of the
// rows is compared. The geometry is the upper-case hexadecimal EWKB that
// PostGIS writes in a record.
var wholeTableRows = []string{
	"select c from cities c where country = 'AD' order by name",
	"select c, c.name from cities c where country = 'AD' and name like 'A%' order by name",
	"select c from cities c join (select 'AD' code) k on c.country = k.code where c.name = 'Vila'",
}

// wholeRowUnsupported are whole-row references that fail with 0A000 on
// DuckDB, whose STRUCT of a row differs from PostgreSQL's record there.
var wholeRowUnsupported = []string{
	"select array_agg(t) from (select 1 a) t",
	"select array[t] from (select 1 a) t",
	"select row(t) from (select 1 a) t",
	"select coalesce(t, t) from (select 1 a) t",
	"select a from (select 1 a) t order by t",
	"select t from (select 1 a) t order by t",
	"select count(*) from (select 1 a) t group by t",
	"select a from (select 1 a) t where t = t",
	"select 1 from (select 1 a) t join (select 1 a) u on t = u",
	// A row that an outer join can make NULL, which DuckDB makes a
	// STRUCT of NULL fields.
	"select u from (select 1 a) t left join (select 2 a) u on t.a = u.a",
	"select count(u) from (select 1 a) t left join (select 2 a) u on t.a = u.a",
	"select to_jsonb(u) from (select 1 a) t left join (select 2 a) u on t.a = u.a",
	"select t from (select 1 a) t full join (select 2 a) u on t.a = u.a",
	"select e from (select 1 a) t left join jsonb_each('{\"a\": 1}') e on true",
	// PostGIS writes a geometry as GeoJSON in jsonb and as hexadecimal
	// EWKB in text, which pgway_text does not write.
	"select to_jsonb(c) from cities c where country = 'AD'",
	"select jsonb_agg(c) from cities c where country = 'AD'",
	"select row_to_json(c) from cities c where country = 'AD'",
	"select json_agg(c) from cities c where country = 'AD'",
	"select c::text from cities c where country = 'AD'",
	"select concat(c, '!') from cities c where country = 'AD'",
	// Two columns of one name.
	"select t from (select 1 a, 2 a) t",
	// A record column of a subquery, whose null test and comparisons
	// DuckDB would apply to a STRUCT.
	"select x from (select t as x from (select 1 a) t) s",
	"select x is null from (select t as x from (select null::int a) t) s",
	"select (select t) from (select 1 a) t",
	// A null test of a row in a grouped query, where PostgreSQL requires
	// the row itself to be grouped.
	"select t is null, count(*) from (select null::int a) t group by t.a, t",
	"select count(u.*) from (select 1 a) t left join (select 2 a) u on t.a = u.a",
	"select array_agg(t.*) from (select 1 a) t",
}

// typeOfMatches are calls of pg_typeof() that pgway folds into the name
// of the argument's type, sent as a regtype.
var typeOfMatches = []string{
	"select pg_typeof(name), pg_typeof(lat), pg_typeof(c.lng) from cities c where country = 'AD' and name = 'Vila'",
	"select pg_typeof(1) a, pg_typeof('x'), pg_typeof(null), pg_typeof(true), pg_typeof(1.5), pg_typeof(3000000000), " +
		"pg_typeof(99999999999999999999) from cities where country = 'AD' and name = 'Vila'",
	"select pg_typeof(x), x from (select name x from cities where country = 'AD' order by name limit 2) s order by x",
	// Without a relation, and here without a catalog database, the
	// statement runs on DuckDB.
	"select pg_typeof(1) a, pg_typeof('x'), pg_typeof(1.5), pg_typeof(null)",
	"select pg_typeof(x) from (values (2)) v(x)",
}

// typeOfUnsupported are calls of pg_typeof() that fail with 0A000, since
// pgway does not know the argument's type or cannot send the name there.
var typeOfUnsupported = []string{
	"select pg_typeof(geom) from cities where country = 'AD'",
	"select pg_typeof(lat + 1) from cities where country = 'AD'",
	"select pg_typeof(name)::text from cities where country = 'AD'",
	"select name from cities where country = 'AD' and pg_typeof(name) is not null",
}

func TestWholeRowsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gwConn := connectDemo(t, startDemo(t))
	if err := oracle.Exec("postgres", "drop database if exists "+wholeRowDatabase); err != nil {
		t.Fatal(err)
	}
	pgConn := corpustest.LoadPostgres(t, oracle, wholeRowDatabase, wholeRowFixture, "")
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	t.Run("matches", func(t *testing.T) {
		for _, sql := range wholeRowMatches {
			for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
				t.Error(diff)
			}
		}
	})
	t.Run("tables", func(t *testing.T) {
		for _, sql := range wholeTableRows {
			for _, extended := range []bool{false, true} {
				got, want := rowsText(biResult(ctx, gw, sql, nil, extended)), rowsText(biResult(ctx, pg, sql, nil, extended))
				if got != want {
					t.Errorf("%s (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
				}
			}
		}
	})
	t.Run("pg_typeof", func(t *testing.T) {
		for _, sql := range typeOfMatches {
			for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
				t.Error(diff)
			}
			// The binary format of a regtype is the type's OID.
			got := gw.ExecParams(ctx, sql, nil, nil, nil, []int16{1}).Read()
			want := pg.ExecParams(ctx, sql, nil, nil, nil, []int16{1}).Read()
			if got.Err != nil || want.Err != nil || len(got.Rows) != len(want.Rows) {
				t.Errorf("%s (binary): pgway %v, %d rows; PostgreSQL %v, %d rows", sql, got.Err, len(got.Rows), want.Err, len(want.Rows))
				continue
			}
			for i := range got.Rows {
				for j := range got.Rows[i] {
					if !bytes.Equal(got.Rows[i][j], want.Rows[i][j]) {
						t.Errorf("%s (binary) row %d column %d: pgway %x, PostgreSQL %x", sql, i, j, got.Rows[i][j], want.Rows[i][j])
					}
				}
			}
		}
	})
	t.Run("unsupported", func(t *testing.T) {
		for _, sql := range append(append([]string(nil), wholeRowUnsupported...), typeOfUnsupported...) {
			if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
				t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
			}
			err := queryError(ctx, gwConn, sql)
			if err == nil || err.Code != "0A000" {
				t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
				continue
			}
			if !strings.Contains(err.Message, "whole row") && !strings.Contains(err.Message, "pg_typeof") {
				t.Errorf("%s: message %q does not name the whole-row reference", sql, err.Message)
			}
		}
	})
}

// rowsText returns the rows of a biResult without the column
// descriptions, or the error.
func rowsText(result string) string {
	if _, rows, ok := strings.Cut(result, " ="); ok {
		return rows
	}
	return result
}
