package translate

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The DuckDB rewrite makes about a hundred passes over a statement, so
// select ... where x in (1, 2, ..., 50000) or VALUES of 50,000 rows took
// several seconds for constants that no rewrite changes. A long list of
// integer constants is therefore cut to its first few elements before
// the rewrite, and the rest are put back before the deparser writes the
// statement. The rewrite must have left the kept elements where they
// were, unchanged and written once: otherwise it may have written the
// list differently, and the statement is rewritten again in full.

// minCompactList is the number of elements from which a list of
// constants is compacted, and keptElements how many of them the rewrite
// reads.
const (
	minCompactList = 64
	keptElements   = 3
)

// compactList is a list of constants of which the rewrite reads only the
// first elements.
type compactList struct {
	// items is the field of elements or rows of the List, A_ArrayExpr or
	// SelectStmt that holds the list. The rewrite may move the field to
	// another such node, as wrapValues does.
	items *[]*pg.Node
	rows  bool
	full  []*pg.Node
	kept  []*pg.Node
	// placeholder is the text that stands for the elements in the
	// deparsed statement.
	placeholder string
	// constants are the kept constants, each with the node that held it,
	// the row that held the node (nil in a list) and its value.
	constants map[*pg.A_Const]keptConstant
}

type keptConstant struct {
	node    *pg.Node
	rowNode *pg.Node
	row     *pg.List
	index   int
	value   int32
}

// errListRewritten reports that the rewrite changed a compacted list.
var errListRewritten = errors.New("the rewrite changed a compacted list of constants")

// compactConstantLists cuts the long lists of integer constants of stmt,
// the right operands of IN, ARRAY constructors and the rows of VALUES,
// to their first keptElements elements.
func compactConstantLists(stmt *pg.Node) []*compactList {
	var lists []*compactList
	conflict := false
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if _, ok := msg.(*pg.OnConflictClause); ok {
			conflict = true
		}
		var items *[]*pg.Node
		var isConstant func(*pg.Node) bool
		switch v := msg.(type) {
		case *pg.A_Expr:
			if list := v.Rexpr.GetList(); list != nil && v.Kind == pg.A_Expr_Kind_AEXPR_IN {
				items, isConstant = &list.Items, isIntegerConstantNode
			}
		case *pg.A_ArrayExpr:
			items, isConstant = &v.Elements, isIntegerConstantNode
		case *pg.SelectStmt:
			if len(v.ValuesLists) > 0 {
				width := len(v.ValuesLists[0].GetList().GetItems())
				items, isConstant = &v.ValuesLists, func(row *pg.Node) bool { return isConstantRow(row, width) }
			}
		}
		if items == nil || len(*items) < minCompactList {
			return
		}
		for _, item := range *items {
			if !isConstant(item) {
				return
			}
		}
		_, rows := msg.(*pg.SelectStmt)
		c := &compactList{items: items, rows: rows, full: *items, constants: map[*pg.A_Const]keptConstant{}}
		c.kept = append([]*pg.Node(nil), (*items)[:keptElements]...)
		for i, item := range c.kept {
			k := keptConstant{node: item, index: i}
			if row := item.GetList(); row != nil {
				for j, n := range row.Items {
					k.node, k.rowNode, k.row, k.index = n, item, row, j
					c.constants[n.GetAConst()] = k
				}
				continue
			}
			c.constants[item.GetAConst()] = k
		}
		for constant, k := range c.constants {
			k.value = constant.GetIval().GetIval()
			c.constants[constant] = k
		}
		*items = append([]*pg.Node(nil), c.kept...)
		lists = append(lists, c)
	})
	if conflict {
		// checkValuesConflicts compares the keys of all rows.
		for _, c := range lists {
			*c.items = c.full
		}
		return nil
	}
	return lists
}

// isIntegerConstantNode reports whether n is an integer constant, which
// the parser writes with its minus sign.
func isIntegerConstantNode(n *pg.Node) bool {
	c := n.GetAConst()
	return c != nil && c.GetIval() != nil
}

// isConstantRow reports whether row is a row of VALUES with width integer
// constants.
func isConstantRow(row *pg.Node, width int) bool {
	items := row.GetList().GetItems()
	if len(items) != width || width == 0 {
		return false
	}
	for _, item := range items {
		if !isIntegerConstantNode(item) {
			return false
		}
	}
	return true
}

// restoreConstantLists replaces the kept elements of lists in the
// rewritten stmt with a placeholder for all elements, which
// writeConstantLists replaces in turn, since the deparser takes long to
// write many constants. It returns errListRewritten if the rewrite moved,
// changed, wrapped or copied a kept constant, or dropped a list.
func restoreConstantLists(stmt *pg.Node, lists []*compactList) error {
	if len(lists) == 0 {
		return nil
	}
	// firsts are the lists by their first kept element, and found the
	// lists whose field the walk found.
	firsts := map[*pg.Node]*compactList{}
	found := map[*compactList]int{}
	kept := map[*pg.A_Const]bool{}
	locations := map[int32]int{}
	for _, c := range lists {
		firsts[c.kept[0]] = c
		for constant := range c.constants {
			kept[constant] = false
			locations[constant.Location] = 0
		}
	}
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		var items *[]*pg.Node
		switch v := msg.(type) {
		case *pg.List:
			items = &v.Items
		case *pg.A_ArrayExpr:
			items = &v.Elements
		case *pg.SelectStmt:
			items = &v.ValuesLists
		}
		if items != nil && len(*items) > 0 && firsts[(*items)[0]] != nil {
			c := firsts[(*items)[0]]
			c.items = items
			found[c]++
		}
		if c, ok := msg.(*pg.A_Const); ok {
			if _, ok := kept[c]; ok {
				kept[c] = true
			}
			if _, ok := locations[c.Location]; ok {
				locations[c.Location]++
			}
		}
	})
	for _, c := range lists {
		if found[c] != 1 || len(*c.items) != keptElements {
			return errListRewritten
		}
		for i, item := range *c.items {
			if item != c.kept[i] {
				return errListRewritten
			}
		}
		for constant, k := range c.constants {
			if !kept[constant] || locations[constant.Location] != 1 || !k.inPlace(constant, *c.items) {
				return errListRewritten
			}
		}
	}
	for i, c := range lists {
		c.placeholder = fmt.Sprintf("pgway.fold.%s.list.%d", markerNonce, i)
		marker := pg.MakeAConstStrNode(c.placeholder, -1)
		if c.rows {
			marker = pg.MakeListNode([]*pg.Node{marker})
		}
		*c.items = []*pg.Node{marker}
	}
	return nil
}

// writeConstantLists replaces the placeholders that restoreConstantLists
// put in text with the elements of lists. The deparser writes a
// placeholder as a string constant, which is alone in its list or row,
// and writes an integer constant with its minus sign.
func writeConstantLists(text string, lists []*compactList) string {
	for _, c := range lists {
		var b strings.Builder
		for i, item := range c.full {
			if i > 0 {
				b.WriteString(", ")
			}
			row := item.GetList()
			if row == nil {
				b.WriteString(strconv.Itoa(int(item.GetAConst().GetIval().GetIval())))
				continue
			}
			if i > 0 {
				b.WriteString("(")
			}
			for j, n := range row.Items {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Itoa(int(n.GetAConst().GetIval().GetIval())))
			}
			if i < len(c.full)-1 {
				b.WriteString(")")
			}
		}
		text = strings.Replace(text, "'"+c.placeholder+"'", b.String(), 1)
	}
	return text
}

// inPlace reports whether constant, with its value, is still the node at
// its place in items or in its row.
func (k keptConstant) inPlace(constant *pg.A_Const, items []*pg.Node) bool {
	place := items
	if k.row != nil {
		if k.rowNode.GetList() != k.row {
			return false
		}
		place = k.row.Items
	}
	return k.index < len(place) && place[k.index] == k.node && k.node.GetAConst() == constant &&
		constant.GetIval() != nil && constant.GetIval().GetIval() == k.value
}

// translateStatement translates raw as translateOne does, for DuckDB
// with its long lists of constants compacted, and again in full if the
// rewrite changed one of them.
func translateStatement(d Dialect, raw *pg.RawStmt, text string) *translation {
	duck, ok := d.(*duckDB)
	if !ok || duck.fullLists {
		return translateOne(d, raw, text)
	}
	lists := compactConstantLists(raw.Stmt)
	if len(lists) == 0 {
		return translateOne(d, raw, text)
	}
	// The clone has the full lists, raw the compacted ones.
	for _, c := range lists {
		*c.items = c.full
	}
	original := proto.Clone(raw).(*pg.RawStmt)
	for _, c := range lists {
		*c.items = append([]*pg.Node(nil), c.kept...)
	}
	compact := *duck
	compact.lists = lists
	tr := translateOne(&compact, raw, text)
	if compact.listsRewritten {
		return translateOne(d, original, text)
	}
	return tr
}

// rewrite rewrites stmt for DuckDB and writes the elements of the
// compacted lists, if any, into its text.
func (d *duckDB) rewrite(stmt *pg.Node) (string, error) {
	text, err := d.rewriteStatement(stmt, d.lists)
	if errors.Is(err, errListRewritten) {
		d.listsRewritten = true
	}
	if err != nil {
		return "", err
	}
	return writeConstantLists(text, d.lists), nil
}
