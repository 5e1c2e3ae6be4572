package duckdb

import (
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
	"pgway/providers/jsonb"
)

// jsonbValueText is pgway_jsonb_value(value, typeof(value)): the jsonb
// text of a value as PostgreSQL's to_jsonb() writes it. DuckDB's to_json
// writes a DECIMAL through a double, so 1.50 becomes 1.5, writes 2.0 for
// the double 2, and puts a space in place of the T of a timestamp. The
// DuckDB dialect passes the arguments of to_jsonb(), jsonb_build_array(),
// jsonb_build_object() and jsonb_agg() through it.
func jsonbValueText(args []driver.Value) (any, error) {
	duckType, _ := args[1].(string)
	v, err := jsonbValueOf(args[0], duckType)
	if err != nil {
		return nil, err
	}
	return jsonb.Format(v)
}

// jsonbValueOf converts v, of the DuckDB type duckType, to a value that
// jsonb.Format writes as to_jsonb() does. It fails with 0A000 for a type
// whose jsonb text it does not know.
func jsonbValueOf(v any, duckType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	if element, ok := listElement(duckType); ok {
		list, ok := v.([]any)
		if !ok {
			return nil, unsupportedJSONB(duckType)
		}
		out := make([]any, len(list))
		for i, item := range list {
			var err error
			if out[i], err = jsonbValueOf(item, element); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	if duckType == jsonStructType {
		// to_jsonb() of json reads its text as jsonb.
		text, err := jsonStructText(v)
		if err != nil {
			return nil, err
		}
		return jsonb.Decode(text.(string))
	}
	if fields, ok := structFields(duckType); ok {
		return jsonbObject(v, duckType, fields)
	}
	switch x := v.(type) {
	case bool, string:
		return x, nil
	case int8, int16, int32, int64, uint8, uint16, uint32, uint64, *big.Int:
		return json.Number(fmt.Sprint(x)), nil
	case duckdb.Decimal:
		return json.Number(decimalText(x)), nil
	case float64:
		return jsonb.Float(x), nil
	case float32:
		// to_jsonb() of a real goes through its shortest text as a real.
		if _, ok := jsonb.Float(float64(x)).(json.Number); ok {
			return json.Number(strconv.FormatFloat(float64(x), 'g', -1, 32)), nil
		}
		return jsonb.Float(float64(x)), nil
	case []byte:
		return `\x` + hex.EncodeToString(x), nil
	case time.Time:
		return jsonbTime(x, duckType)
	}
	return nil, unsupportedJSONB(duckType)
}

// jsonbObject converts a STRUCT: a row to an object of its fields, and
// pgway's numeric struct to its number.
func jsonbObject(v any, duckType string, fields []structField) (any, error) {
	row, ok := v.(map[string]any)
	if !ok {
		return nil, unsupportedJSONB(duckType)
	}
	if text, ok := row[numericTextField].(string); ok && len(fields) == 2 {
		return json.Number(text), nil
	}
	obj := make(map[string]any, len(fields))
	for _, field := range fields {
		value, err := jsonbValueOf(row[field.name], field.duckType)
		if err != nil {
			return nil, err
		}
		obj[field.name] = value
	}
	return obj, nil
}

// jsonbTime writes a date or a timestamp in the ISO 8601 form of
// to_jsonb(), and an infinite one as "infinity" or "-infinity". A timestamp with time zone, whose text depends on the
// session's TimeZone, and a date before year 1 fail with 0A000.
func jsonbTime(t time.Time, duckType string) (any, error) {
	if text, ok := infiniteText(t, duckType); ok {
		return text, nil
	}
	if t.Year() <= 0 {
		return nil, unsupportedJSONB(duckType + " before year 1")
	}
	switch duckType {
	case "DATE":
		return t.Format("2006-01-02"), nil
	case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS":
		return dateText(t) + "T" + clockText(t), nil
	}
	return nil, unsupportedJSONB(duckType)
}

func unsupportedJSONB(duckType string) error {
	return &providers.Error{Code: "0A000",
		Message: fmt.Sprintf("jsonb of %s value is not supported on DuckDB", withArticle(strings.ToLower(duckType))),
		Hint:    "Cast the value to text or numeric first."}
}

// jsonbArrayText is pgway_jsonb_array(value, ...), jsonb_build_array() of
// values that are jsonb text already, with NULL as the JSON null. It
// builds the text itself, since DuckDB's json_array would parse the
// values and write their numbers through a double.
func jsonbArrayText(args []driver.Value) (any, error) {
	items := make([]any, len(args))
	for i, arg := range args {
		if arg == nil {
			continue
		}
		var err error
		if items[i], err = jsonb.Decode(arg.(string)); err != nil {
			return nil, err
		}
	}
	return jsonb.Format(items)
}

// jsonbListText is pgway_jsonb_list(list), the jsonb array of a list of
// jsonb texts that jsonb_agg() collects.
func jsonbListText(args []driver.Value) (any, error) {
	list, _ := args[0].([]any)
	items := make([]driver.Value, len(list))
	for i, item := range list {
		items[i] = item
	}
	return jsonbArrayText(items)
}

// jsonbObjectText is pgway_jsonb_object(key, value, ...),
// jsonb_build_object() of text keys and jsonb text values. A NULL key
// fails as in PostgreSQL, and a NULL value is the JSON null.
func jsonbObjectText(args []driver.Value) (any, error) {
	obj := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		key, ok := args[i].(string)
		if !ok {
			return nil, &providers.Error{Code: "22004", Message: fmt.Sprintf("argument %d: key must not be null", i+1)}
		}
		var value any
		if args[i+1] != nil {
			var err error
			if value, err = jsonb.Decode(args[i+1].(string)); err != nil {
				return nil, err
			}
		}
		obj[key] = value
	}
	return jsonb.Format(obj)
}

// withArticle puts "a" or "an" before a type name.
func withArticle(name string) string {
	if name != "" && strings.ContainsRune("aeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}
