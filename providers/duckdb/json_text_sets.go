package duckdb

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/providers"
)

// jsonTextSetFunctions returns the functions behind json's (not jsonb's)
// json_array_elements_text(), json_each_text() and json_object_keys().
// json keeps the document's text: an object's keys in their order and
// with their duplicates, and each value's text as the input writes it.
// These read the document's text with encoding/json's tokenizer, which
// keeps both, where DuckDB's JSON and pgway's jsonb functions do not.
func jsonTextSetFunctions() map[string][]duckdb.ScalarFunc {
	listInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	return map[string][]duckdb.ScalarFunc{
		// pgway_json_elements_text(doc) is json_array_elements_text(doc).
		"pgway_json_elements_text": {udfSpec{params: []duckdb.TypeInfo{varcharInfo}, result: listInfo,
			run: jsonElementsText}},
		// pgway_json_keys(doc, function) is the keys of the object doc in
		// their order, and function names the SQL function in the error
		// for another value.
		"pgway_json_keys": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: listInfo,
			run: func(args []driver.Value) (any, error) { return jsonMembers(args, false) }}},
		// pgway_json_values_text(doc, function) is the values of the
		// object doc as json_each_text() returns them.
		"pgway_json_values_text": {udfSpec{params: []duckdb.TypeInfo{varcharInfo, varcharInfo}, result: listInfo,
			run: func(args []driver.Value) (any, error) { return jsonMembers(args, true) }}},
	}
}

var errInvalidJSON = &providers.Error{Code: "22P02", Message: "invalid input syntax for type json"}

// jsonMember is one element of an array or pair of an object, with the
// value's text as the document writes it.
type jsonMember struct {
	key   string
	value json.RawMessage
}

// readJSON parses the document text and returns its kind, '[' for an
// array, '{' for an object and 0 for a scalar, with its members.
func readJSON(text string) (byte, []jsonMember, error) {
	if err := checkUnicodeEscapes([]byte(text)); err != nil {
		return 0, nil, err
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	var first json.RawMessage
	if err := dec.Decode(&first); err != nil {
		return 0, nil, errInvalidJSON
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return 0, nil, errInvalidJSON
	}
	switch first[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(first, &items); err != nil {
			return 0, nil, errInvalidJSON
		}
		members := make([]jsonMember, len(items))
		for i, item := range items {
			members[i] = jsonMember{value: item}
		}
		return '[', members, nil
	case '{':
		members, err := objectMembers(first)
		return '{', members, err
	}
	return 0, nil, nil
}

// objectMembers returns the pairs of an object in their order, with
// duplicate keys kept.
func objectMembers(object json.RawMessage) ([]jsonMember, error) {
	dec := json.NewDecoder(bytes.NewReader(object))
	if _, err := dec.Token(); err != nil {
		return nil, errInvalidJSON
	}
	var members []jsonMember
	for dec.More() {
		token, err := dec.Token()
		if err != nil {
			return nil, errInvalidJSON
		}
		key, ok := token.(string)
		if !ok {
			return nil, errInvalidJSON
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, errInvalidJSON
		}
		members = append(members, jsonMember{key: key, value: value})
	}
	return members, nil
}

// checkUnicodeEscapes raises PostgreSQL 15's errors for the \u escapes
// of the strings of a json document, which its json functions reject
// where encoding/json would decode or replace them: \u0000, and a UTF-16
// surrogate that is not part of a pair.
func checkUnicodeEscapes(text []byte) error {
	inString := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\' && i+1 < len(text) && text[i+1] == 'u':
			code, ok := hexEscape(text, i)
			if !ok {
				continue
			}
			switch {
			case code == 0:
				return &providers.Error{Code: "22P05", Message: "unsupported Unicode escape sequence",
					Detail: `\u0000 cannot be converted to text.`}
			case code >= 0xDC00 && code <= 0xDFFF:
				return surrogateError("Unicode low surrogate must follow a high surrogate.")
			case code >= 0xD800 && code <= 0xDBFF:
				low, ok := hexEscape(text, i+6)
				if !ok || low < 0xDC00 || low > 0xDFFF {
					return surrogateError("Unicode low surrogate must follow a high surrogate.")
				}
				i += 6
			}
			i += 5
		case c == '\\':
			i++
		}
	}
	return nil
}

// hexEscape returns the code of the escape \uXXXX at text[i:].
func hexEscape(text []byte, i int) (int, bool) {
	if i+6 > len(text) || text[i] != '\\' || text[i+1] != 'u' {
		return 0, false
	}
	code, err := strconv.ParseUint(string(text[i+2:i+6]), 16, 32)
	return int(code), err == nil
}

func surrogateError(detail string) error {
	return &providers.Error{Code: "22P02", Message: "invalid input syntax for type json", Detail: detail}
}

// memberText returns a value as the _text functions return it: a string
// without its quotes and escapes, nil for the JSON null, and other values
// as the document writes them.
func memberText(value json.RawMessage) (any, error) {
	switch value[0] {
	case 'n':
		return nil, nil
	case '"':
		var s string
		if err := json.Unmarshal(value, &s); err != nil {
			return nil, errInvalidJSON
		}
		return s, nil
	}
	return string(value), nil
}

func jsonElementsText(args []driver.Value) (any, error) {
	kind, members, err := readJSON(args[0].(string))
	if err != nil {
		return nil, err
	}
	switch kind {
	case '{':
		return nil, invalidParameter("cannot call json_array_elements_text on a non-array")
	case 0:
		return nil, invalidParameter("cannot call json_array_elements_text on a scalar")
	}
	out := make([]any, len(members))
	for i, m := range members {
		if out[i], err = memberText(m.value); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// jsonMembers returns the keys of an object, or with values the values
// as json_each_text() returns them. The errors for an array or a scalar
// are those of the function that args[1] names.
func jsonMembers(args []driver.Value, values bool) (any, error) {
	kind, members, err := readJSON(args[0].(string))
	if err != nil {
		return nil, err
	}
	function := args[1].(string)
	if kind != '{' {
		kindName := map[byte]string{'[': "an array", 0: "a scalar"}[kind]
		if function == "json_object_keys" {
			return nil, invalidParameter("cannot call %s on %s", function, kindName)
		}
		if kind == '[' {
			return nil, invalidParameter("cannot deconstruct an array as an object")
		}
		return nil, invalidParameter("cannot deconstruct a scalar")
	}
	out := make([]any, len(members))
	for i, m := range members {
		if !values {
			out[i] = m.key
			continue
		}
		if out[i], err = memberText(m.value); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// jsonTextRecordFunctions returns the functions behind json's
// json_to_record() and json_to_recordset(), which take the arguments of
// pgway_jsonb_record() and pgway_jsonb_records(). They read the fields
// as json does. Of duplicate keys the last one counts, and a value that
// is not a string is read as the document writes it.
func jsonTextRecordFunctions() map[string][]duckdb.ScalarFunc {
	listInfo := mustTypeInfo(duckdb.NewListInfo(varcharInfo))
	flagsInfo := mustTypeInfo(duckdb.NewListInfo(typeInfo(duckdb.TYPE_BOOLEAN)))
	params := []duckdb.TypeInfo{varcharInfo, listInfo, flagsInfo, varcharInfo}
	return map[string][]duckdb.ScalarFunc{
		"pgway_json_record": {udfSpec{params: params, result: listInfo, run: jsonRecord}},
		"pgway_json_records": {udfSpec{params: params, result: mustTypeInfo(duckdb.NewListInfo(listInfo)),
			run: jsonRecords}},
	}
}

func jsonRecord(args []driver.Value) (any, error) {
	kind, members, err := readJSON(args[0].(string))
	if err != nil {
		return nil, err
	}
	switch kind {
	case '[':
		return nil, invalidParameter("cannot call populate_composite on an array")
	case 0:
		return nil, invalidParameter("cannot call populate_composite on a scalar")
	}
	return jsonRecordFields(members, args[1], args[2])
}

func jsonRecords(args []driver.Value) (any, error) {
	kind, items, err := readJSON(args[0].(string))
	if err != nil {
		return nil, err
	}
	function := args[3].(string)
	switch kind {
	case '{':
		return nil, invalidParameter("cannot call %s on an object", function)
	case 0:
		return nil, invalidParameter("cannot call %s on a scalar", function)
	}
	out := make([]any, len(items))
	for i, item := range items {
		if item.value[0] != '{' {
			return nil, invalidParameter("argument of %s must be an array of objects", function)
		}
		members, err := objectMembers(item.value)
		if err != nil {
			return nil, err
		}
		if out[i], err = jsonRecordFields(members, args[1], args[2]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// jsonRecordFields returns the text of the fields named by names: jsonb
// text for a jsonb column, as json_each_text() writes a value for
// another, and nil for a missing key or a JSON null.
func jsonRecordFields(members []jsonMember, names, asJSON driver.Value) ([]any, error) {
	values := make(map[string]json.RawMessage, len(members))
	for _, m := range members {
		values[m.key] = m.value
	}
	nameList, _ := names.([]any)
	flags, _ := asJSON.([]any)
	out := make([]any, len(nameList))
	for i, item := range nameList {
		name, _ := item.(string)
		value, ok := values[name]
		if !ok || value[0] == 'n' {
			continue
		}
		jsonColumn := false
		if i < len(flags) {
			jsonColumn, _ = flags[i].(bool)
		}
		var err error
		if jsonColumn {
			out[i], err = jsonbFromText(string(value))
		} else {
			out[i], err = memberText(value)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
