package config

import (
	"encoding"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// decoder stores a YAML document into the configuration types. Unlike a
// plain yaml.Unmarshal it keeps going after a problem, names every problem
// by its key path, expands ${VAR} in every scalar value, and keeps numbers
// and booleans as their text where a string is expected.
type decoder struct {
	anchors  map[string]ast.Node
	problems problemList
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decode stores n into v, which must be addressable. A null node leaves v
// unchanged, so a key that is empty in the file keeps its default.
func (d *decoder) decode(v reflect.Value, n ast.Node, path string) {
	n = d.resolve(n, path)
	if isNull(n) {
		return
	}
	switch {
	case v.Type() == timeType:
		d.decodeTime(v, n, path)
		return
	case reflect.PointerTo(v.Type()).Implements(textUnmarshalerType):
		d.decodeText(v.Addr().Interface().(encoding.TextUnmarshaler), n, path)
		return
	}

	switch v.Kind() {
	case reflect.Pointer:
		d.decodePointer(v, n, path)
	case reflect.Struct:
		d.decodeStruct(v, n, path)
	case reflect.Slice:
		d.decodeSlice(v, n, path)
	case reflect.Map:
		d.decodeStringMap(v, n, path)
	case reflect.String:
		if s, ok := d.text(n, path); ok {
			v.SetString(s)
		}
	case reflect.Int:
		d.decodeInt(v, n, path)
	case reflect.Bool:
		d.decodeBool(v, n, path)
	default:
		panic("config: no decoder for " + v.Type().String())
	}
}

// text returns the scalar n with environment variables expanded. It
// reports false after adding problems when n is not a scalar or names an
// unset variable.
func (d *decoder) text(n ast.Node, path string) (string, bool) {
	raw, ok := scalarText(n)
	if !ok {
		d.problems.add(path, "must be a single value (a string, number or boolean), not %s",
			describeNode(n))
		return "", false
	}
	s, messages := expandEnv(raw)
	for _, m := range messages {
		d.problems.add(path, "%s", m)
	}
	return s, len(messages) == 0
}

// decodePointer allocates the value v points to and sets v only when n
// decodes without problems.
func (d *decoder) decodePointer(v reflect.Value, n ast.Node, path string) {
	before := len(d.problems)
	elem := reflect.New(v.Type().Elem())
	d.decode(elem.Elem(), n, path)
	if len(d.problems) == before {
		v.Set(elem)
	}
}

func (d *decoder) decodeStruct(v reflect.Value, n ast.Node, path string) {
	entries, ok := d.entries(n, path)
	if !ok {
		return
	}
	fields, names := yamlFields(v.Type())
	for _, e := range entries {
		index, known := fields[e.key]
		if !known {
			d.problems.add(joinKey(path, e.key), "unknown key (known keys: %s)",
				strings.Join(names, ", "))
			continue
		}
		d.decode(v.Field(index), e.value, joinKey(path, e.key))
	}
}

// yamlFields maps the yaml tag names of t's fields to field indexes and
// also returns the names in declaration order.
func yamlFields(t reflect.Type) (map[string]int, []string) {
	fields := make(map[string]int, t.NumField())
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = i
		names = append(names, name)
	}
	return fields, names
}

func (d *decoder) decodeSlice(v reflect.Value, n ast.Node, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		d.problems.add(path, "must be a list, not %s", describeNode(n))
		return
	}
	list := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, item := range seq.Values {
		d.decode(list.Index(i), item, indexPath(path, i))
	}
	v.Set(list)
}

// decodeStringMap decodes a mapping of scalars into a map[string]string.
// A null value is stored as "".
func (d *decoder) decodeStringMap(v reflect.Value, n ast.Node, path string) {
	entries, ok := d.entries(n, path)
	if !ok {
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(entries))
	for _, e := range entries {
		keyPath := joinKey(path, e.key)
		value := d.resolve(e.value, keyPath)
		s := ""
		if !isNull(value) {
			s, _ = d.text(value, keyPath)
		}
		m.SetMapIndex(reflect.ValueOf(e.key), reflect.ValueOf(s))
	}
	v.Set(m)
}

func (d *decoder) decodeInt(v reflect.Value, n ast.Node, path string) {
	s, ok := d.text(n, path)
	if !ok {
		return
	}
	i, err := strconv.Atoi(s)
	if err != nil {
		d.problems.add(path, "must be an integer, got %q", s)
		return
	}
	v.SetInt(int64(i))
}

func (d *decoder) decodeBool(v reflect.Value, n ast.Node, path string) {
	s, ok := d.text(n, path)
	if !ok {
		return
	}
	b, err := ParseBool(s)
	if err != nil {
		d.problems.add(path, "%s", err)
		return
	}
	v.SetBool(b)
}

func (d *decoder) decodeText(u encoding.TextUnmarshaler, n ast.Node, path string) {
	s, ok := d.text(n, path)
	if !ok {
		return
	}
	if err := u.UnmarshalText([]byte(s)); err != nil {
		d.problems.add(path, "%s", err)
	}
}

// decodeTime accepts RFC 3339 times and plain dates, which mean midnight UTC.
func (d *decoder) decodeTime(v reflect.Value, n ast.Node, path string) {
	s, ok := d.text(n, path)
	if !ok {
		return
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		d.problems.add(path, "invalid time %q: use RFC 3339 such as 2027-01-31T12:00:00Z "+
			"or a date such as 2027-01-31", s)
		return
	}
	v.Set(reflect.ValueOf(t))
}
