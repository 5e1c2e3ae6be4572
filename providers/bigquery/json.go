package bigquery

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"cloud.google.com/go/bigquery"
	"cloud.google.com/go/civil"

	"pgway/providers/jsonb"
)

// jsonbText writes a STRUCT, an ARRAY of STRUCT or an ARRAY of JSON as
// jsonb, with each field's value as PostgreSQL's to_jsonb writes the
// value of the mapped type.
func jsonbText(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	doc, err := jsonField(f, v)
	if err != nil {
		return nil, err
	}
	return jsonb.Format(doc)
}

// jsonField converts the value of column or field f, repeated or not.
func jsonField(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	if !f.Repeated {
		return jsonScalar(f, v)
	}
	items, ok := v.([]bigquery.Value)
	if !ok {
		return nil, fmt.Errorf("ARRAY value has type %T", v)
	}
	list := make([]any, len(items))
	for i, item := range items {
		converted, err := jsonScalar(f, item)
		if err != nil {
			return nil, err
		}
		list[i] = converted
	}
	return list, nil
}

// jsonScalar converts one non-repeated value of field f.
func jsonScalar(f *bigquery.FieldSchema, v bigquery.Value) (any, error) {
	if v == nil {
		return nil, nil
	}
	if f.Type == bigquery.RecordFieldType {
		values, ok := v.([]bigquery.Value)
		if !ok || len(values) != len(f.Schema) {
			return nil, fmt.Errorf("STRUCT value has type %T", v)
		}
		obj := make(map[string]any, len(values))
		for i, field := range f.Schema {
			converted, err := jsonField(field, values[i])
			if err != nil {
				return nil, err
			}
			obj[field.Name] = converted
		}
		return obj, nil
	}
	switch x := v.(type) {
	case int64:
		return json.Number(strconv.FormatInt(x, 10)), nil
	case float64:
		return jsonb.Float(x), nil
	case *big.Rat:
		return json.Number(ratText(x)), nil
	case []byte:
		return `\x` + hex.EncodeToString(x), nil
	case civil.Date:
		return x.String(), nil
	case civil.Time:
		return timeText6(x), nil
	case civil.DateTime:
		return x.Date.String() + "T" + timeText6(x.Time), nil
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.999999") + "+00:00", nil
	case *bigquery.IntervalValue:
		return x.String(), nil
	case *bigquery.RangeValue:
		return convertRange(x)
	case string:
		if f.Type == bigquery.JSONFieldType {
			return jsonb.Decode(x)
		}
		return x, nil
	}
	return v, nil
}

// timeText6 writes a time of day with at most six fractional digits.
func timeText6(t civil.Time) string {
	return time.Date(2000, 1, 1, t.Hour, t.Minute, t.Second, t.Nanosecond, time.UTC).Format("15:04:05.999999")
}
