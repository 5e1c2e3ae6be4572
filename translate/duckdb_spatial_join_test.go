package translate

import (
	"strings"
	"testing"
)

// spatialJoinRelations are the tables of the spatial join tests, with
// the column types that the DuckDB provider describes.
var spatialJoinRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "cities"}:    {{"name", "text"}, {"tags", "text[]"}, {"geom", "geometry"}},
	{"public", "countries"}: {{"name", "text"}, {"tags", "text[]"}, {"geom", "geometry"}},
})

func TestSpatialJoinBoxes(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: spatialJoinRelations})
	cases := []struct {
		sql   string
		boxes bool
	}{
		{"select count(*) from cities c join countries k on k.geom && c.geom", true},
		{"select k.name, count(*) from countries k join cities c on st_intersects(k.geom, c.geom) group by k.name", true},
		{"select count(*) from cities c where exists (select 1 from countries k where k.geom && c.geom and st_intersects(k.geom, c.geom))", true},
		{"select c.name from cities c where not exists (select * from countries k where c.geom && k.geom)", true},
		{"select c.name from cities c, countries k where st_intersects(c.geom, k.geom) and k.name = 'Spain'", true},
		{"select c.name from cities c left join countries k on c.geom && k.geom and k.name <> 'x'", true},
		// Earlier passes write the null test of a whole row as tests of
		// its columns.
		{"select c.name from cities c join countries k on k.geom && c.geom where c is not null", true},
		{"select c.name from cities c join lateral (select k.name from countries k where k.geom && c.geom) s on true", true},
		// The subquery's columns would show through *, t.* and a whole row.
		{"select * from cities c join countries k on k.geom && c.geom", false},
		{"select c.* from cities c join countries k on k.geom && c.geom", false},
		// && and ST_Intersects outside a conjunct of WHERE or ON, where
		// NULL and false differ or the join is not on them alone.
		{"select c.name from cities c join countries k on k.geom && c.geom or k.name = c.name", false},
		{"select c.name from cities c join countries k on not st_intersects(k.geom, c.geom)", false},
		{"select c.name, k.geom && c.geom from cities c cross join countries k", false},
		// Operands that are not geometry columns of two tables.
		{"select c.name from cities c join countries k on k.tags && c.tags", false},
		{"select c.name from cities c where c.geom && c.geom", false},
		{"select c.name from cities c join countries k on st_intersects(k.geom, st_makeenvelope(0, 0, 1, 1, 4326))", false},
		{"with k as (select * from countries) select c.name from cities c join k on k.geom && c.geom", false},
		{"select c.name from cities c natural join countries k where k.geom && c.geom", false},
	}
	for _, c := range cases {
		st, err := New(1).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if st[0].Err != nil {
			t.Fatalf("%s: %v", c.sql, st[0].Err)
		}
		if got := strings.Contains(st[0].Rewritten, "pgway_bbox_"); got != c.boxes {
			t.Errorf("%s: boxes = %v, want %v\n%s", c.sql, got, c.boxes, st[0].Rewritten)
		}
	}
}

func TestSpatialJoinContainment(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Spatial: true, Relations: spatialJoinRelations})
	cases := []struct {
		sql, comparisons string
	}{
		{"select count(*) from countries k join cities c on st_contains(k.geom, c.geom)",
			`k."pgway_bbox_xmin(geom)" <= c."pgway_bbox_xmin(geom)" AND c."pgway_bbox_xmax(geom)" <= k."pgway_bbox_xmax(geom)" AND ` +
				`k."pgway_bbox_ymin(geom)" <= c."pgway_bbox_ymin(geom)" AND c."pgway_bbox_ymax(geom)" <= k."pgway_bbox_ymax(geom)" AND st_contains(k.geom, c.geom`},
		{"select count(*) from cities c, countries k where st_within(c.geom, k.geom)",
			`k."pgway_bbox_xmin(geom)" <= c."pgway_bbox_xmin(geom)" AND c."pgway_bbox_xmax(geom)" <= k."pgway_bbox_xmax(geom)" AND ` +
				`k."pgway_bbox_ymin(geom)" <= c."pgway_bbox_ymin(geom)" AND c."pgway_bbox_ymax(geom)" <= k."pgway_bbox_ymax(geom)" AND st_within(c.geom, k.geom`},
	}
	for _, c := range cases {
		st, err := New(1).Translate(d, c.sql, corpusSession)
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		if st[0].Err != nil {
			t.Fatalf("%s: %v", c.sql, st[0].Err)
		}
		if !strings.Contains(st[0].Rewritten, c.comparisons) {
			t.Errorf("%s: rewritten without the containment comparisons\n%s", c.sql, st[0].Rewritten)
		}
	}
}
