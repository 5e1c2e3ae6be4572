package catalog

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The UNIQUE constraints, column defaults, REFERENCES grants and row
// estimates of mirrored tables.

// uniqueKey is one UNIQUE constraint of a table.
type uniqueKey struct {
	name    string
	columns []string
}

// readUniqueKeysSQL lists the columns of the UNIQUE constraints of a
// mirror database's tables, each constraint's in key order and the
// constraints in the order they were added.
const readUniqueKeysSQL = `
SELECT n.nspname, c.relname, con.conname, array_agg(a.attname ORDER BY k.position)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE con.contype = 'u'
GROUP BY n.nspname, c.relname, con.conname, con.oid
ORDER BY n.nspname, c.relname, con.oid`

// readUniqueKeys adds the UNIQUE constraints of the mirror database to
// the relations of state.
func readUniqueKeys(ctx context.Context, tx pgx.Tx, state *mirrorState) error {
	rows, err := tx.Query(ctx, readUniqueKeysSQL)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var key relationKey
		var unique uniqueKey
		if err := rows.Scan(&key.schema, &key.name, &unique.name, &unique.columns); err != nil {
			return err
		}
		// The keys of relations that readRelations leaves out, those of
		// extensions, are skipped.
		if rel, ok := state.relations[key]; ok {
			rel.uniqueKeys = append(rel.uniqueKeys, unique)
		}
	}
	return rows.Err()
}

// setUniqueKeys gives rel the UNIQUE constraints of the column lists in
// keys. It calls invalid for a list that names a column the table lacks
// or one column twice, and leaves that list out.
func setUniqueKeys(rel *relation, keys [][]string, invalid func(columns []string)) {
	for _, names := range keys {
		seen := map[string]bool{}
		valid := len(names) > 0
		for _, name := range names {
			found := slices.ContainsFunc(rel.columns, func(c column) bool { return c.name == name })
			valid = valid && found && !seen[name]
			seen[name] = true
		}
		if !valid {
			invalid(names)
			continue
		}
		rel.uniqueKeys = append(rel.uniqueKeys, uniqueKey{columns: slices.Clone(names)})
	}
}

// hasUniqueKey reports whether keys has a constraint over columns.
func hasUniqueKey(keys []uniqueKey, columns []string) bool {
	return slices.ContainsFunc(keys, func(k uniqueKey) bool { return slices.Equal(k.columns, columns) })
}

// dropUniqueKeys returns the statements that drop the UNIQUE constraints
// of old that want lacks. They run before the columns change, so that a
// column may go or change its type without them.
func dropUniqueKeys(key relationKey, old, want *relation) []string {
	var plan []string
	for _, unique := range old.uniqueKeys {
		if !hasUniqueKey(want.uniqueKeys, unique.columns) {
			plan = append(plan, "ALTER TABLE "+qualified(key)+" DROP CONSTRAINT "+quoteIdent(unique.name))
		}
	}
	return plan
}

// addUniqueKeys returns the statements that add the UNIQUE constraints
// of want that old lacks, all of them when old is nil. PostgreSQL names
// each as it names the constraint of the same CREATE TABLE, such as
// t_b_key.
func addUniqueKeys(key relationKey, old, want *relation) []string {
	var plan []string
	for _, unique := range want.uniqueKeys {
		if old != nil && hasUniqueKey(old.uniqueKeys, unique.columns) {
			continue
		}
		quoted := make([]string, len(unique.columns))
		for i, c := range unique.columns {
			quoted[i] = quoteIdent(c)
		}
		plan = append(plan, "ALTER TABLE "+qualified(key)+" ADD UNIQUE ("+strings.Join(quoted, ", ")+")")
	}
	return plan
}

// Constants that a default may be, by the kind of column type that
// defaultFits accepts them for. Only these are written into DDL, so that
// a default can neither inject SQL nor fail to apply and stop the
// refresh. A number with an exponent is left out: pg_get_expr writes it
// in another form, which sameDefault would not recognize.
var (
	numberDefault  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	stringDefault  = regexp.MustCompile(`^'([^'\x00]|'')*'$`)
	booleanDefault = regexp.MustCompile(`^(true|false)$`)
)

// numericTypes and stringTypes are the column types, as format_type
// writes them without a modifier, that take a number and a string
// constant as their default.
var (
	numericTypes = map[string]bool{"smallint": true, "integer": true, "bigint": true, "numeric": true,
		"real": true, "double precision": true}
	stringTypes = map[string]bool{"text": true, "character varying": true}
)

// defaultFits reports whether the default def can be written into the
// DDL of a column of type typ: a number for a numeric column, a string
// constant for a text column or a boolean constant for a boolean one.
func defaultFits(typ, def string) bool {
	base, _, _ := strings.Cut(typ, "(")
	switch {
	case numericTypes[base]:
		return numberDefault.MatchString(def) && numberFits(base, def)
	case stringTypes[base]:
		return stringDefault.MatchString(def)
	case base == "boolean":
		return booleanDefault.MatchString(def)
	}
	return false
}

// numberFits reports whether a number constant is in the range of an
// integer type, or whether the type is not an integer type.
func numberFits(typ, number string) bool {
	bits := map[string]int{"smallint": 16, "integer": 32, "bigint": 64}[typ]
	if bits == 0 {
		return true
	}
	_, err := strconv.ParseInt(number, 10, bits)
	return err == nil
}

// sameDefault reports whether the current default, as pg_get_expr
// writes it, is the desired one. pg_get_expr adds a cast to the column's
// type to a string constant and to a negative number, such as
// 'x'::character varying or '-1'::integer.
func sameDefault(current, desired string) bool {
	if current == desired {
		return true
	}
	if cut := strings.LastIndex(current, "'::"); cut >= 0 {
		current = current[:cut+1]
	}
	return current == desired || current == "'"+desired+"'"
}

// dropDefault returns the statement that drops the default of an
// existing column when want has another one or none, or when the column's
// type changes, since PostgreSQL could not cast the default to the new
// type. setDefault then gives the column want's default.
func dropDefault(table string, old, want column) []string {
	if old.def == "" || old.typ == want.typ && sameDefault(old.def, want.def) {
		return nil
	}
	return []string{table + " ALTER COLUMN " + quoteIdent(old.name) + " DROP DEFAULT"}
}

// setDefault returns the statement that gives an existing column the
// default of want, after its type is changed, or nothing when it keeps
// the one it has.
func setDefault(table string, old, want column) []string {
	if want.def == "" || old.typ == want.typ && sameDefault(old.def, want.def) {
		return nil
	}
	return []string{table + " ALTER COLUMN " + quoteIdent(want.name) + " SET DEFAULT " + want.def}
}

// grantReferences returns the GRANT that gives PUBLIC REFERENCES on a
// table. information_schema.table_constraints lists the constraints of
// the tables that the role owns or has a privilege on besides SELECT, so
// without it users' roles would see no constraints there. REFERENCES
// only allows a role to make a foreign key to the table. Users' roles
// cannot create tables in a mirror database, because they have no CREATE
// on its schemas, no TEMPORARY on the database and read-only
// transactions.
func grantReferences(key relationKey) string {
	return "GRANT REFERENCES ON " + qualified(key) + " TO PUBLIC"
}

// planRowEstimates returns the statements that set pg_class.reltuples of
// the tables of current to their estimates in desired. PostgreSQL sets it
// only in VACUUM, ANALYZE and CREATE INDEX, so the statements update
// pg_class directly, which only a superuser may do.
func planRowEstimates(current, desired *mirrorState) []string {
	var plan []string
	for _, key := range sortedRelations(desired.relations) {
		want, old := desired.relations[key], current.relations[key]
		if want.view || old == nil || old.view || old.estimatedRows == want.estimatedRows {
			continue
		}
		plan = append(plan, "UPDATE pg_catalog.pg_class SET reltuples = "+
			strconv.FormatFloat(want.estimatedRows, 'g', -1, 32)+
			" WHERE oid = "+quoteLiteral(qualified(key))+"::regclass")
	}
	return plan
}
