package duckdb

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers/jsonb"
)

// jsonbFromText rewrites a JSON document as PostgreSQL prints jsonb.
// Numbers keep their digits, as in jsonb, which stores them as numeric.
func jsonbFromText(v any) (any, error) {
	text, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("JSON value has type %T", v)
	}
	return jsonb.Normalize(text)
}

// toJSON encodes a STRUCT, MAP or nested LIST as jsonb text.
func toJSON(v any) (any, error) {
	text, err := jsonb.Format(jsonValue(v))
	if err != nil {
		return nil, fmt.Errorf("encode %T as JSON: %w", v, err)
	}
	return text, nil
}

// jsonValue converts decoded DuckDB values to values that jsonb.Format
// writes as PostgreSQL's to_jsonb would.
func jsonValue(v any) any {
	switch x := v.(type) {
	case orderedMap:
		obj := make(map[string]any, len(x.keys))
		for i, key := range x.keys {
			obj[jsonKey(key)] = jsonValue(x.values[i])
		}
		return obj
	case structValue:
		obj := make(map[string]any, len(x.names))
		for i, name := range x.names {
			obj[name] = jsonValue(x.values[i])
		}
		return obj
	case []any:
		list := make([]any, len(x))
		for i, item := range x {
			list[i] = jsonValue(item)
		}
		return list
	case pgtype.Numeric:
		text, _ := x.Value()
		return json.Number(text.(string))
	case float32:
		return jsonb.Float(float64(x))
	case float64:
		return jsonb.Float(x)
	case time.Time:
		return x.Format("2006-01-02T15:04:05.999999")
	case interface{ Value() (any, error) }:
		// pgtype's date, time, interval, UUID and infinite timestamps.
		text, _ := x.Value()
		return text
	}
	return v
}

func jsonKey(key any) string {
	switch k := jsonValue(key).(type) {
	case string:
		return k
	case json.Number:
		return k.String()
	default:
		return fmt.Sprint(k)
	}
}
