package duckdb

import (
	"database/sql/driver"
	"fmt"
	"math"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// jsonbModifyFunctions returns the functions that the DuckDB dialect
// calls for jsonb's -, #- and || operators and for jsonb_set(),
// jsonb_set_lax(), jsonb_insert(), jsonb_strip_nulls() and
// jsonb_pretty(), which DuckDB lacks. They take and return jsonb text
// and give PostgreSQL 15's results and errors, with NULL for a NULL
// argument except in jsonb_set_lax().
func jsonbModifyFunctions() map[string][]duckdb.ScalarFunc {
	boolean := typeInfo(duckdb.TYPE_BOOLEAN)
	pathInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	return map[string][]duckdb.ScalarFunc{
		// pgway_jsonb_delete(doc, operand, typeof(operand)) is doc - operand
		// for a text key, an integer subscript or a text[] of keys.
		"pgway_jsonb_delete": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, typeInfo(duckdb.TYPE_ANY), varcharInfo},
			result: varcharInfo, run: jsonbDelete}},
		// pgway_jsonb_delete_path(doc, path) is doc #- path.
		"pgway_jsonb_delete_path": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, pathInfo},
			result: varcharInfo, run: jsonbDeletePath}},
		// pgway_jsonb_set(doc, path, value, create_if_missing)
		"pgway_jsonb_set": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, pathInfo, varcharInfo, boolean},
			result: varcharInfo, run: jsonbSet}},
		// pgway_jsonb_set_lax(doc, path, value, create_if_missing,
		// null_value_treatment), which is called with NULL arguments too.
		"pgway_jsonb_set_lax": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, pathInfo, varcharInfo, boolean, varcharInfo},
			result: varcharInfo, run: jsonbSetLax, nulls: true}},
		// pgway_jsonb_insert(doc, path, value, insert_after)
		"pgway_jsonb_insert": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, pathInfo, varcharInfo, boolean},
			result: varcharInfo, run: jsonbInsert}},
		"pgway_jsonb_strip_nulls": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: jsonbStripNulls}},
		"pgway_jsonb_pretty": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: varcharInfo,
			run: jsonbPretty}},
		// pgway_jsonb_concat(a, b) is a || b.
		"pgway_jsonb_concat": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: varcharInfo,
			run: jsonbConcat}},
	}
}

// Operations of setPath, as flags.
const (
	pathCreate = 1 << iota
	pathDelete
	pathReplace
	pathInsertBefore
	pathInsertAfter

	pathCreateOrInsert = pathCreate | pathInsertBefore | pathInsertAfter
)

// jsonbDelete is doc - operand. duckType, the DuckDB type of operand,
// picks PostgreSQL's operator: jsonb - text for VARCHAR, jsonb - integer
// for the integer types that PostgreSQL reads as integer, and jsonb -
// text[] for a list of VARCHAR. Other types have no operator.
func jsonbDelete(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	duckType := args[2].(string)
	switch duckType {
	case "VARCHAR":
		return deleteKeys(doc, []any{args[1]})
	case "VARCHAR[]":
		keys, _ := args[1].([]any)
		return deleteKeys(doc, keys)
	case "TINYINT", "SMALLINT", "INTEGER":
		index, _ := strconv.Atoi(fmt.Sprint(args[1]))
		return deleteIndex(doc, index)
	}
	return nil, &providers.Error{Code: "42883",
		Message: "operator does not exist: jsonb - " + duckTypePostgresName(duckType),
		Hint:    "No operator matches the given name and argument types. You might need to add explicit type casts."}
}

// deleteKeys removes the keys from an object, or the string elements
// equal to one of them from an array. NULL keys are skipped.
func deleteKeys(doc any, keys []any) (any, error) {
	switch x := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[k] = v
		}
		for _, key := range keys {
			if s, ok := key.(string); ok {
				delete(out, s)
			}
		}
		return jsonb.Format(out)
	case []any:
		out := make([]any, 0, len(x))
		for _, item := range x {
			s, isString := item.(string)
			if !isString || !containsKey(keys, s) {
				out = append(out, item)
			}
		}
		return jsonb.Format(out)
	}
	return nil, invalidParameter("cannot delete from scalar")
}

func containsKey(keys []any, s string) bool {
	for _, key := range keys {
		if k, ok := key.(string); ok && k == s {
			return true
		}
	}
	return false
}

// deleteIndex removes the element at index from an array, counting from
// the end for a negative index. An index outside the array changes
// nothing.
func deleteIndex(doc any, index int) (any, error) {
	switch x := doc.(type) {
	case []any:
		if index < 0 {
			index += len(x)
		}
		out := make([]any, 0, len(x))
		for i, item := range x {
			if i != index {
				out = append(out, item)
			}
		}
		return jsonb.Format(out)
	case map[string]any:
		return nil, invalidParameter("cannot delete from object using integer index")
	}
	return nil, invalidParameter("cannot delete from scalar")
}

// containerLength returns the number of pairs of an object or elements
// of an array, and false for a scalar.
func containerLength(doc any) (int, bool) {
	switch x := doc.(type) {
	case map[string]any:
		return len(x), true
	case []any:
		return len(x), true
	}
	return 0, false
}

// pathElements converts a text[] path, with nil for a NULL element.
func pathElements(v driver.Value) []*string {
	items, _ := v.([]any)
	path := make([]*string, len(items))
	for i, item := range items {
		if s, ok := item.(string); ok {
			path[i] = &s
		}
	}
	return path
}

func jsonbDeletePath(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	n, ok := containerLength(doc)
	if !ok {
		return nil, invalidParameter("cannot delete path in scalar")
	}
	path := pathElements(args[1])
	if n == 0 || len(path) == 0 {
		return jsonb.Format(doc)
	}
	return formatted(setPath(doc, path, 0, nil, pathDelete))
}

func jsonbSet(args []driver.Value) (any, error) {
	doc, value, err := documentAndValue(args)
	if err != nil {
		return nil, err
	}
	create := args[3].(bool)
	n, ok := containerLength(doc)
	if !ok {
		return nil, invalidParameter("cannot set path in scalar")
	}
	path := pathElements(args[1])
	if n == 0 && !create || len(path) == 0 {
		return jsonb.Format(doc)
	}
	op := pathReplace
	if create {
		op = pathCreate
	}
	return formatted(setPath(doc, path, 0, value, op))
}

// documentAndValue decodes the document, args[0], and the new value,
// args[2], of jsonb_set() and jsonb_insert().
func documentAndValue(args []driver.Value) (doc, value any, err error) {
	if doc, err = decodeJSONB(args[0]); err != nil {
		return nil, nil, err
	}
	if value, err = decodeJSONB(args[2]); err != nil {
		return nil, nil, err
	}
	return doc, value, nil
}

// nullTreatmentMessage is PostgreSQL's error for a null_value_treatment
// of jsonb_set_lax() that it does not know.
const nullTreatmentMessage = `null_value_treatment must be "delete_key", "return_target", "use_json_null", or "raise_exception"`

// jsonbSetLax is jsonb_set_lax(), which is not strict: NULL for a NULL
// document, path or create_if_missing, and for a NULL value the
// null_value_treatment's result.
func jsonbSetLax(args []driver.Value) (any, error) {
	if args[0] == nil || args[1] == nil || args[3] == nil {
		return nil, nil
	}
	if args[4] == nil {
		return nil, invalidParameter(nullTreatmentMessage)
	}
	if args[2] != nil {
		return jsonbSet(args[:4])
	}
	switch args[4].(string) {
	case "raise_exception":
		return nil, &providers.Error{Code: "22004", Message: "JSON value must not be null",
			Detail: `Exception was raised because null_value_treatment is "raise_exception".`,
			Hint:   "To avoid, either change the null_value_treatment argument or ensure that an SQL NULL is not passed."}
	case "use_json_null":
		return jsonbSet([]driver.Value{args[0], args[1], "null", args[3]})
	case "delete_key":
		return jsonbDeletePath(args[:2])
	case "return_target":
		return jsonbFromText(args[0])
	}
	return nil, invalidParameter(nullTreatmentMessage)
}

func jsonbInsert(args []driver.Value) (any, error) {
	doc, value, err := documentAndValue(args)
	if err != nil {
		return nil, err
	}
	if _, ok := containerLength(doc); !ok {
		return nil, invalidParameter("cannot set path in scalar")
	}
	path := pathElements(args[1])
	if len(path) == 0 {
		return jsonb.Format(doc)
	}
	op := pathInsertBefore
	if args[3].(bool) {
		op = pathInsertAfter
	}
	return formatted(setPath(doc, path, 0, value, op))
}

func formatted(v any, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return jsonb.Format(v)
}

// setPath returns doc with op applied at path[level:], as PostgreSQL's
// setPath() does: a NULL path element that the walk reaches fails, and a
// path through a scalar changes nothing.
func setPath(doc any, path []*string, level int, value any, op int) (any, error) {
	if path[level] == nil {
		return nil, &providers.Error{Code: "22004", Message: fmt.Sprintf("path element at position %d is null", level+1)}
	}
	switch x := doc.(type) {
	case map[string]any:
		return setPathObject(x, path, level, value, op)
	case []any:
		return setPathArray(x, path, level, value, op)
	}
	return doc, nil
}

func setPathObject(obj map[string]any, path []*string, level int, value any, op int) (any, error) {
	key, last := *path[level], level == len(path)-1
	out := make(map[string]any, len(obj)+1)
	for k, v := range obj {
		out[k] = v
	}
	current, found := obj[key]
	switch {
	case found && last && op&(pathInsertBefore|pathInsertAfter) != 0:
		return nil, &providers.Error{Code: "22023", Message: "cannot replace existing key",
			Hint: "Try using the function jsonb_set to replace key value."}
	case found && last && op&pathDelete != 0:
		delete(out, key)
	case found && last:
		out[key] = value
	case found:
		next, err := setPath(current, path, level+1, value, op)
		if err != nil {
			return nil, err
		}
		out[key] = next
	case last && op&pathCreateOrInsert != 0:
		out[key] = value
	}
	return out, nil
}

// setPathArray applies op to the element that path[level] subscripts. A
// subscript past the end appends where op creates or inserts, and one
// before the start prepends.
func setPathArray(items []any, path []*string, level int, value any, op int) (any, error) {
	text := *path[level]
	index, err := strconv.ParseInt(strings.TrimLeft(text, " \t\n\v\f\r"), 10, 32)
	if err != nil {
		return nil, &providers.Error{Code: "22P02",
			Message: fmt.Sprintf("path element at position %d is not an integer: %q", level+1, text)}
	}
	n, last := len(items), level == len(path)-1

	idx := int(index)
	if idx < 0 {
		if -idx > n {
			idx = math.MinInt
		} else {
			idx += n
		}
	}
	if idx > n {
		idx = n
	}

	out := make([]any, 0, n+1)
	done := false
	if (idx == math.MinInt || n == 0) && last && op&pathCreateOrInsert != 0 {
		out = append(out, value)
		done = true
	}
	for i, item := range items {
		if i != idx {
			out = append(out, item)
			continue
		}
		done = true

		if !last {
			next, err := setPath(item, path, level+1, value, op)
			if err != nil {
				return nil, err
			}
			out = append(out, next)
			continue
		}
		if op&(pathInsertBefore|pathCreate) != 0 {
			out = append(out, value)
		}
		if op&(pathInsertBefore|pathInsertAfter) != 0 {
			out = append(out, item)
		}
		if op&(pathInsertAfter|pathReplace) != 0 {
			out = append(out, value)
		}
	}
	if !done && last && op&pathCreateOrInsert != 0 {
		out = append(out, value)
	}
	return out, nil
}

func jsonbStripNulls(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	return jsonb.Format(stripNulls(doc))
}

// stripNulls removes the object fields whose value is the JSON null, at
// any depth. Null elements of arrays stay.
func stripNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			if item != nil {
				out[k] = stripNulls(item)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = stripNulls(item)
		}
		return out
	}
	return v
}

func jsonbPretty(args []driver.Value) (any, error) {
	doc, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := writePretty(&b, doc, 0); err != nil {
		return nil, err
	}
	return b.String(), nil
}

// writePretty writes v as jsonb_pretty() does: each element and pair on
// its own line, indented by four spaces a level, and the closing bracket
// of a container, an empty one too, on a line of its own.
func writePretty(b *strings.Builder, v any, level int) error {
	indent := strings.Repeat("    ", level)
	switch x := v.(type) {
	case map[string]any:
		b.WriteByte('{')
		for i, key := range jsonb.Keys(x) {
			if i > 0 {
				b.WriteByte(',')
			}
			keyText, err := jsonb.Format(key)
			if err != nil {
				return err
			}
			b.WriteString("\n" + indent + "    " + keyText + ": ")
			if err := writePretty(b, x[key], level+1); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + "}")
	case []any:
		b.WriteByte('[')
		for i, item := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n" + indent + "    ")
			if err := writePretty(b, item, level+1); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + "]")
	default:
		text, err := jsonb.Format(v)
		if err != nil {
			return err
		}
		b.WriteString(text)
	}
	return nil
}

// jsonbConcat is a || b: two objects merge, with b's value for a key of
// both, and otherwise the elements of both, a scalar or an object
// counting as an array of itself, make one array.
func jsonbConcat(args []driver.Value) (any, error) {
	a, err := decodeJSONB(args[0])
	if err != nil {
		return nil, err
	}
	b, err := decodeJSONB(args[1])
	if err != nil {
		return nil, err
	}
	left, leftIsObject := a.(map[string]any)
	right, rightIsObject := b.(map[string]any)
	if leftIsObject && rightIsObject {
		out := make(map[string]any, len(left)+len(right))
		for k, v := range left {
			out[k] = v
		}
		for k, v := range right {
			out[k] = v
		}
		return jsonb.Format(out)
	}
	return jsonb.Format(append(asElements(a), asElements(b)...))
}

func asElements(v any) []any {
	if items, ok := v.([]any); ok {
		return append([]any(nil), items...)
	}
	return []any{v}
}
