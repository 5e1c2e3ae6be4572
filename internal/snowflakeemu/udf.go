package snowflakeemu

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// udf is a scalar function computed in Go, row by row. A NULL argument
// gives a NULL result.
type udf struct {
	params []duckdb.Type
	result duckdb.Type
	run    func(args []driver.Value) (any, error)
}

// Config requests every row, NULL arguments included, because the
// driver's own NULL handling misplaces the results of the rows after a
// NULL. Executor returns NULL for them.
func (f udf) Config() duckdb.ScalarFuncConfig {
	config := duckdb.ScalarFuncConfig{ResultTypeInfo: typeInfo(f.result), SpecialNullHandling: true}
	for _, p := range f.params {
		config.InputTypeInfos = append(config.InputTypeInfos, typeInfo(p))
	}
	return config
}

func (f udf) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(args []driver.Value) (any, error) {
		for _, a := range args {
			if a == nil {
				return nil, nil
			}
		}
		return f.run(args)
	}}
}

func typeInfo(t duckdb.Type) duckdb.TypeInfo {
	info, err := duckdb.NewTypeInfo(t)
	if err != nil {
		panic(fmt.Sprintf("duckdb type %d: %v", t, err))
	}
	return info
}

// goFunctions are the Snowflake functions computed in Go, by the name the
// rewrites call, each with its overloads.
func goFunctions() map[string][]udf {
	const (
		text        = duckdb.TYPE_VARCHAR
		integer     = duckdb.TYPE_BIGINT
		boolean     = duckdb.TYPE_BOOLEAN
		date        = duckdb.TYPE_DATE
		timestamp   = duckdb.TYPE_TIMESTAMP
		timestampTZ = duckdb.TYPE_TIMESTAMP_TZ
		timeOfDay   = duckdb.TYPE_TIME
	)
	functions := map[string][]udf{
		"sf_dateadd_date": {
			{[]duckdb.Type{text, integer, date}, date, dateAdd},
			{[]duckdb.Type{text, integer, timestamp}, timestamp, dateAdd},
			{[]duckdb.Type{text, integer, timestampTZ}, timestampTZ, dateAdd},
		},
		"sf_dateadd_time": {
			{[]duckdb.Type{text, integer, date}, timestamp, dateAdd},
			{[]duckdb.Type{text, integer, timestamp}, timestamp, dateAdd},
			{[]duckdb.Type{text, integer, timestampTZ}, timestampTZ, dateAdd},
			{[]duckdb.Type{text, integer, timeOfDay}, timeOfDay, dateAdd},
		},
		"sf_date_trunc": {
			{[]duckdb.Type{text, date}, date, dateTrunc},
			{[]duckdb.Type{text, timestamp}, timestamp, dateTrunc},
			{[]duckdb.Type{text, timestampTZ}, timestampTZ, dateTrunc},
		},
		"sf_array_contains": {{[]duckdb.Type{text, text}, boolean, arrayContains}},
		"sf_arrays_overlap": {{[]duckdb.Type{text, text}, boolean, arraysOverlap}},
		"sf_array_except":   {{[]duckdb.Type{text, text}, text, arrayExcept}},
		"sf_array_distinct": {{[]duckdb.Type{text}, text, arrayDistinct}},
	}
	for name, overloads := range gisFunctions() {
		functions[name] = overloads
	}
	return functions
}

// registerFunctions adds goFunctions to the database, in its system
// catalog, where every connection finds them.
func registerFunctions(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for name, overloads := range goFunctions() {
		functions := make([]duckdb.ScalarFunc, len(overloads))
		for i, f := range overloads {
			functions[i] = f
		}
		if err := duckdb.RegisterScalarUDFSet(conn, name, functions...); err != nil {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}

// dateAdd adds a number of a date or time part, as DATEADD does: months
// (and quarters and years) keep the day of the month unless the month is
// shorter, where the result is its last day.
func dateAdd(args []driver.Value) (any, error) {
	part, _ := args[0].(string)
	n, ok := args[1].(int64)
	t, isTime := args[2].(time.Time)
	if !ok || !isTime {
		return nil, fmt.Errorf("DATEADD: unexpected arguments %T, %T", args[1], args[2])
	}
	switch part {
	case "year":
		return addMonths(t, 12*n), nil
	case "quarter":
		return addMonths(t, 3*n), nil
	case "month":
		return addMonths(t, n), nil
	case "week":
		return t.AddDate(0, 0, int(7*n)), nil
	case "day":
		return t.AddDate(0, 0, int(n)), nil
	case "hour":
		return t.Add(time.Duration(n) * time.Hour), nil
	case "minute":
		return t.Add(time.Duration(n) * time.Minute), nil
	case "second":
		return t.Add(time.Duration(n) * time.Second), nil
	case "millisecond":
		return t.Add(time.Duration(n) * time.Millisecond), nil
	case "microsecond":
		return t.Add(time.Duration(n) * time.Microsecond), nil
	case "nanosecond":
		return t.Add(time.Duration(n)), nil
	}
	return nil, fmt.Errorf("DATEADD: invalid part %q", part)
}

// dateTrunc truncates a date or timestamp to a date or time part, as
// DATE_TRUNC does, keeping its type. Weeks start on Monday, as with
// WEEK_START 0 or 1.
//
// NOTE: a TIMESTAMP_LTZ is truncated in UTC, where Snowflake truncates it
// in the session's time zone.
func dateTrunc(args []driver.Value) (any, error) {
	part, _ := args[0].(string)
	t, ok := args[1].(time.Time)
	if !ok {
		return nil, fmt.Errorf("DATE_TRUNC: unexpected argument %T", args[1])
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	switch part {
	case "year":
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, t.Location()), nil
	case "quarter":
		return time.Date(t.Year(), (t.Month()-1)/3*3+1, 1, 0, 0, 0, 0, t.Location()), nil
	case "month":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location()), nil
	case "week":
		return day.AddDate(0, 0, -(int(t.Weekday())+6)%7), nil
	case "day":
		return day, nil
	case "hour":
		return day.Add(time.Duration(t.Hour()) * time.Hour), nil
	case "minute":
		return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute), nil
	case "second", "millisecond", "microsecond", "nanosecond":
		unit := map[string]time.Duration{"second": time.Second, "millisecond": time.Millisecond,
			"microsecond": time.Microsecond, "nanosecond": time.Nanosecond}[part]
		return day.Add(t.Sub(day) / unit * unit), nil
	}
	return nil, fmt.Errorf("DATE_TRUNC: invalid part %q", part)
}

func addMonths(t time.Time, n int64) time.Time {
	months := int64(t.Year())*12 + int64(t.Month()) - 1 + n
	year, month := int(months/12), time.Month(months%12+1)
	if months < 0 && months%12 != 0 {
		year, month = int(months/12)-1, time.Month(months%12+13)
	}
	day := t.Day()
	if last := time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day(); day > last {
		day = last
	}
	return time.Date(year, month, day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// jsonArray parses the JSON text of an ARRAY into its elements, each as
// canonical JSON text so that equal values compare equal.
func jsonArray(v driver.Value) ([]string, error) {
	text, _ := v.(string)
	var items []any
	if err := json.Unmarshal([]byte(text), &items); err != nil {
		return nil, &Error{Code: "100063", SQLState: "22023", Message: "not an ARRAY: " + text}
	}
	out := make([]string, len(items))
	for i, item := range items {
		data, err := json.Marshal(item)
		if err != nil {
			return nil, err
		}
		out[i] = string(data)
	}
	return out, nil
}

func canonicalJSON(v driver.Value) (string, error) {
	text, _ := v.(string)
	var item any
	if err := json.Unmarshal([]byte(text), &item); err != nil {
		return "", &Error{Code: "100069", SQLState: "22P02", Message: "not a VARIANT: " + text}
	}
	data, err := json.Marshal(item)
	return string(data), err
}

func arrayContains(args []driver.Value) (any, error) {
	value, err := canonicalJSON(args[0])
	if err != nil {
		return nil, err
	}
	items, err := jsonArray(args[1])
	if err != nil {
		return nil, err
	}
	for _, item := range items {
		if item == value {
			return true, nil
		}
	}
	return false, nil
}

// arraysOverlap reports whether two arrays share an element. A JSON null
// in both counts as shared.
func arraysOverlap(args []driver.Value) (any, error) {
	a, err := jsonArray(args[0])
	if err != nil {
		return nil, err
	}
	b, err := jsonArray(args[1])
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(a))
	for _, item := range a {
		seen[item] = true
	}
	for _, item := range b {
		if seen[item] {
			return true, nil
		}
	}
	return false, nil
}

// arrayExcept returns the elements of the first array without those of
// the second, as multisets: each element of the second removes one equal
// element of the first.
func arrayExcept(args []driver.Value) (any, error) {
	a, err := jsonArray(args[0])
	if err != nil {
		return nil, err
	}
	b, err := jsonArray(args[1])
	if err != nil {
		return nil, err
	}
	remove := make(map[string]int, len(b))
	for _, item := range b {
		remove[item]++
	}
	var kept []string
	for _, item := range a {
		if remove[item] > 0 {
			remove[item]--
			continue
		}
		kept = append(kept, item)
	}
	return arrayText(kept), nil
}

func arrayDistinct(args []driver.Value) (any, error) {
	a, err := jsonArray(args[0])
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(a))
	var kept []string
	for _, item := range a {
		if !seen[item] {
			seen[item] = true
			kept = append(kept, item)
		}
	}
	return arrayText(kept), nil
}

func arrayText(items []string) string {
	text := "["
	for i, item := range items {
		if i > 0 {
			text += ","
		}
		text += item
	}
	return text + "]"
}
