package config

import (
	"strconv"

	"github.com/goccy/go-yaml/ast"
)

// maxAliasHops bounds how many anchors, tags and aliases resolve follows
// before it gives up, so a malformed file cannot make it loop.
const maxAliasHops = 32

// mapEntry is one key of a YAML mapping after merge keys are applied.
type mapEntry struct {
	key   string
	value ast.Node
}

// collectAnchors returns the value of every anchor in the document by name.
// A name defined twice maps to its last definition.
func collectAnchors(root ast.Node) map[string]ast.Node {
	anchors := anchorCollector{}
	ast.Walk(anchors, root)
	return anchors
}

type anchorCollector map[string]ast.Node

func (a anchorCollector) Visit(n ast.Node) ast.Visitor {
	if anchor, ok := n.(*ast.AnchorNode); ok && anchor.Name != nil {
		a[anchor.Name.GetToken().Value] = anchor.Value
	}
	return a
}

// resolve follows anchors, tags and aliases from n to the node they refer
// to. Tags are not interpreted, so "!!str 0123" is the text "0123". It
// returns nil for an alias to an undefined anchor.
func (d *decoder) resolve(n ast.Node, path string) ast.Node {
	for range maxAliasHops {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.MappingKeyNode:
			n = v.Value
		case *ast.AliasNode:
			name := v.Value.GetToken().Value
			target, ok := d.anchors[name]
			if !ok {
				d.problems.add(path, "alias *%s refers to no anchor &%s", name, name)
				return nil
			}
			n = target
		default:
			return n
		}
	}
	d.problems.add(path, "aliases nest too deeply")
	return nil
}

// entries returns the keys of the mapping n in file order, followed by the
// keys merged in with "<<" that the mapping does not set itself. It reports
// false after adding a problem when n is not a mapping.
func (d *decoder) entries(n ast.Node, path string) ([]mapEntry, bool) {
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		d.problems.add(path, "must be a mapping of keys to values, not %s", describeNode(n))
		return nil, false
	}

	var explicit, merged []mapEntry
	for _, mv := range values {
		if mv.Key.IsMergeKey() {
			merged = append(merged, d.mergeSource(mv.Value, path)...)
			continue
		}
		key, ok := scalarText(d.resolve(mv.Key, path))
		if !ok {
			d.problems.add(path, "a key must be a string, not %s", describeNode(mv.Key))
			continue
		}
		explicit = append(explicit, mapEntry{key: key, value: mv.Value})
	}
	return appendUnset(explicit, merged), true
}

// mergeSource returns the entries that "<<: value" merges in. The value is
// a mapping or a list of mappings, where earlier mappings take precedence.
func (d *decoder) mergeSource(value ast.Node, path string) []mapEntry {
	value = d.resolve(value, path)
	if value == nil {
		return nil
	}
	seq, ok := value.(*ast.SequenceNode)
	if !ok {
		merged, _ := d.entries(value, joinKey(path, "<<"))
		return merged
	}
	var merged []mapEntry
	for i, item := range seq.Values {
		item = d.resolve(item, path)
		if item == nil {
			continue
		}
		more, _ := d.entries(item, indexPath(joinKey(path, "<<"), i))
		merged = appendUnset(merged, more)
	}
	return merged
}

// appendUnset appends the entries of more whose keys are not in list.
func appendUnset(list, more []mapEntry) []mapEntry {
	seen := make(map[string]bool, len(list))
	for _, e := range list {
		seen[e.key] = true
	}
	for _, e := range more {
		if !seen[e.key] {
			seen[e.key] = true
			list = append(list, e)
		}
	}
	return list
}

// scalarText returns the text of a scalar node as written in the file, so
// "port: 05432" gives "05432". Booleans are written as "true" or "false".
func scalarText(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case *ast.BoolNode:
		return strconv.FormatBool(v.Value), true
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

func isNull(n ast.Node) bool {
	return n == nil || n.Type() == ast.NullType
}

// describeNode names the kind of n for messages.
func describeNode(n ast.Node) string {
	switch n.Type() {
	case ast.MappingType, ast.MappingValueType:
		return "a mapping"
	case ast.SequenceType:
		return "a list"
	case ast.NullType:
		return "null"
	}
	return "a single value"
}
