package translate

import (
	"maps"
	"sync"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// walk calls visit for every node under m, children before their parent,
// so visit may replace n.Node after its subtree has been rewritten. A
// visit that returns an error stops the walk.
func walk(m protoreflect.Message, visit func(n *pg.Node) error) error {
	var err error
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil {
			return true
		}
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len() && err == nil; i++ {
				err = walkMessage(list.Get(i).Message(), visit)
			}
			return err == nil
		}
		err = walkMessage(v.Message(), visit)
		return err == nil
	})
	return err
}

func walkMessage(m protoreflect.Message, visit func(n *pg.Node) error) error {
	if err := walk(m, visit); err != nil {
		return err
	}
	if n, ok := m.Interface().(*pg.Node); ok {
		return visit(n)
	}
	return nil
}

// walkNode walks n and its subtree.
func walkNode(n *pg.Node, visit func(n *pg.Node) error) error {
	if n == nil {
		return nil
	}
	return walkMessage(n.ProtoReflect(), visit)
}

// names returns the String values of a list of nodes, such as the parts
// of a qualified function or type name.
func names(list []*pg.Node) []string {
	out := make([]string, 0, len(list))
	for _, n := range list {
		out = append(out, n.GetString_().GetSval())
	}
	return out
}

// lastName returns the last part of a qualified name.
func lastName(list []*pg.Node) string {
	if len(list) == 0 {
		return ""
	}
	return list[len(list)-1].GetString_().GetSval()
}

// schemaOf returns the schema qualifier of a qualified name, or "".
func schemaOf(list []*pg.Node) string {
	if len(list) < 2 {
		return ""
	}
	return list[len(list)-2].GetString_().GetSval()
}

func stringNodes(parts ...string) []*pg.Node {
	out := make([]*pg.Node, len(parts))
	for i, p := range parts {
		out[i] = pg.MakeStrNode(p)
	}
	return out
}

func funcCall(name string, location int32, args ...*pg.Node) *pg.Node {
	return pg.MakeFuncCallNode(stringNodes(name), args, location)
}

func typeCast(arg *pg.Node, typeName string, location int32) *pg.Node {
	return &pg.Node{Node: &pg.Node_TypeCast{TypeCast: &pg.TypeCast{
		Arg:      arg,
		TypeName: &pg.TypeName{Names: stringNodes(typeName), Typemod: -1, Location: location},
		Location: location,
	}}}
}

func binaryOp(op string, left, right *pg.Node, location int32) *pg.Node {
	return pg.MakeAExprNode(pg.A_Expr_Kind_AEXPR_OP, stringNodes(op), left, right, location)
}

// inspect calls fn for every message under and including m, such as
// *pg.RangeVar, which some statements hold without a Node around it.
func inspect(m protoreflect.Message, fn func(msg protoreflect.ProtoMessage)) {
	fn(m.Interface())
	rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Message() == nil {
			return true
		}
		if fd.IsList() {
			list := v.List()
			for i := 0; i < list.Len(); i++ {
				inspect(list.Get(i).Message(), fn)
			}
			return true
		}
		inspect(v.Message(), fn)
		return true
	})
}

// rangeFields calls f for each populated field of m that holds messages,
// in declaration order, until f returns false. protoreflect's Range leaves
// the order undefined, and protobuf-go v1.36.11
// (internal/impl/message_reflect.go) swaps two fields depending on a hash
// of the binary, so the first unsupported construct that a walk reports
// changed from build to build.
func rangeFields(m protoreflect.Message, f func(protoreflect.FieldDescriptor, protoreflect.Value) bool) {
	for _, step := range messageFieldSteps(m.Descriptor()) {
		fd := step.field
		if step.oneof != nil {
			fd = m.WhichOneof(step.oneof)
		}
		if fd == nil || fd.Message() == nil || !m.Has(fd) {
			continue
		}
		if !f(fd, m.Get(fd)) {
			return
		}
	}
}

// fieldStep is a message field, or a oneof, such as the one of pg.Node
// with a field for each node type, that rangeFields checks once.
type fieldStep struct {
	field protoreflect.FieldDescriptor
	oneof protoreflect.OneofDescriptor
}

// fieldSteps caches the steps of each message type by full name.
var fieldSteps sync.Map

func messageFieldSteps(md protoreflect.MessageDescriptor) []fieldStep {
	if steps, ok := fieldSteps.Load(md.FullName()); ok {
		return steps.([]fieldStep)
	}
	var steps []fieldStep
	seen := map[protoreflect.OneofDescriptor]bool{}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if od := fd.ContainingOneof(); od != nil && !od.IsSynthetic() {
			if !seen[od] {
				seen[od] = true
				steps = append(steps, fieldStep{oneof: od})
			}
			continue
		}
		if fd.Message() != nil {
			steps = append(steps, fieldStep{field: fd})
		}
	}
	fieldSteps.Store(md.FullName(), steps)
	return steps
}

// writtenSize returns the number of nodes the deparser writes for n,
// counting a node that the tree shares at each of its places, or a number
// above limit once it passes limit. It takes time in the number of
// distinct nodes, so a rewrite that shares a subtree at many places
// cannot make it slow.
func writtenSize(n *pg.Node, limit int) int {
	sizes := map[protoreflect.Message]int{}
	var size func(m protoreflect.Message) int
	size = func(m protoreflect.Message) int {
		if s, ok := sizes[m]; ok {
			return s
		}
		total := 1
		rangeFields(m, func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			if fd.IsList() {
				list := v.List()
				for i := 0; i < list.Len(); i++ {
					total += size(list.Get(i).Message())
				}
			} else {
				total += size(v.Message())
			}
			total = min(total, limit+1)
			return total <= limit
		})
		sizes[m] = total
		return total
	}
	return size(n.ProtoReflect())
}

// withScope walks the queries of a WITH clause with walk, each with the
// names of the WITH queries in scope in it, and returns the names in
// scope in the statement that the clause belongs to. As in PostgreSQL, a
// query can reference the queries before it, with RECURSIVE all of them.
func withScope(with *pg.WithClause, outer map[string]bool,
	walk func(query protoreflect.Message, scope map[string]bool) error) (map[string]bool, error) {
	scope := make(map[string]bool, len(outer)+len(with.Ctes))
	maps.Copy(scope, outer)
	if with.Recursive {
		for _, n := range with.Ctes {
			scope[n.GetCommonTableExpr().GetCtename()] = true
		}
	}
	for _, n := range with.Ctes {
		cte := n.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		if cte.Ctequery != nil {
			// walk gets the map itself, which it must only read: a copy
			// for each query took seconds for thousands of them.
			if err := walk(cte.Ctequery.ProtoReflect(), scope); err != nil {
				return nil, err
			}
		}
		scope[cte.Ctename] = true
	}
	return scope, nil
}
