package enginetest

import "testing"

// byteaConstantCases compare a bytea column with string constants, as pgx
// sends a []byte argument in the simple protocol.
var byteaConstantCases = []string{
	`select id from bytea_const_t where b = '\x0102' order by id`,
	`select id from bytea_const_t where b in ('\x0102', '\xff') order by id`,
	`select id from bytea_const_t where b <> '\x0102' order by id`,
	`select id, coalesce(b, '\x00') from bytea_const_t order by id`,
}

func TestByteaColumnBesideStringConstant(t *testing.T) {
	gw, pg := typedFilePair(t)
	execOnBoth(t, gw, pg, []string{
		"drop table if exists bytea_const_t",
		"create table bytea_const_t (id int, b bytea)",
		`insert into bytea_const_t values (1, '\x0102'), (2, '\xff'), (3, null)`,
	})
	t.Cleanup(func() { execOnBoth(t, gw, pg, []string{"drop table if exists bytea_const_t"}) })
	compareExact(t, gw, pg, byteaConstantCases)
}
