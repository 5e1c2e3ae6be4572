package translate

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// PostGIS's box types box2d and box3d exist in no warehouse. GDAL sends
// its spatial filter as
//
//	geom && ST_SetSRID('BOX3D(-10 36, 4 44)'::box3d, 4326)
//
// where PostGIS casts the box to the polygon that ST_MakeEnvelope builds.
// boxesToEnvelopes writes such boxes as that ST_MakeEnvelope call, which
// every dialect translates: an operand of &&, an argument of ST_Intersects,
// and ST_SetSRID of a box, which becomes ST_MakeEnvelope with the SRID.
// Any other box fails in the dialect as a type it does not have.
func boxesToEnvelopes(stmt *pg.Node) {
	_ = walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_AExpr:
			if v.AExpr.Kind == pg.A_Expr_Kind_AEXPR_OP && lastName(v.AExpr.Name) == "&&" {
				replaceBox(v.AExpr.Lexpr, nil)
				replaceBox(v.AExpr.Rexpr, nil)
			}
		case *pg.Node_FuncCall:
			fc := v.FuncCall
			switch strings.ToLower(lastName(fc.Funcname)) {
			case "st_intersects":
				for _, arg := range fc.Args {
					replaceBox(arg, nil)
				}
			case "st_setsrid":
				if len(fc.Args) == 2 && fc.Args[1].GetAConst() != nil {
					if env := boxEnvelope(fc.Args[0], fc.Args[1]); env != nil {
						n.Node = env.Node
					}
				}
			}
		}
		return nil
	})
}

// replaceBox replaces n with its envelope when it is a box literal.
func replaceBox(n, srid *pg.Node) {
	if n == nil {
		return
	}
	if env := boxEnvelope(n, srid); env != nil {
		n.Node = env.Node
	}
}

// boxEnvelope returns ST_MakeEnvelope of a box literal cast, with srid
// when it is not nil, or nil when n is not a box literal.
func boxEnvelope(n, srid *pg.Node) *pg.Node {
	tc := n.GetTypeCast()
	if tc == nil {
		return nil
	}
	if name := lastName(tc.TypeName.GetNames()); name != "box2d" && name != "box3d" {
		return nil
	}
	corners, ok := parseBox(tc.Arg.GetAConst().GetSval().GetSval())
	if !ok {
		return nil
	}
	args := make([]*pg.Node, 0, 5)
	for _, c := range corners {
		args = append(args, &pg.Node{Node: &pg.Node_AConst{AConst: &pg.A_Const{
			Val: &pg.A_Const_Fval{Fval: &pg.Float{Fval: c}}, Location: tc.Location}}})
	}
	if srid != nil {
		args = append(args, srid)
	}
	return funcCall("st_makeenvelope", tc.Location, args...)
}

// parseBox reads BOX(x y,x y) or BOX3D(x y [z],x y [z]) and returns xmin,
// ymin, xmax and ymax as written, or false when text is not such a box.
func parseBox(text string) ([]string, bool) {
	text = strings.TrimSpace(text)
	upper := strings.ToUpper(text)
	var body string
	switch {
	case strings.HasPrefix(upper, "BOX3D(") && strings.HasSuffix(text, ")"):
		body = text[len("BOX3D(") : len(text)-1]
	case strings.HasPrefix(upper, "BOX(") && strings.HasSuffix(text, ")"):
		body = text[len("BOX(") : len(text)-1]
	default:
		return nil, false
	}
	lower, upperCorner, ok := strings.Cut(body, ",")
	if !ok {
		return nil, false
	}
	min, max := strings.Fields(lower), strings.Fields(upperCorner)
	if len(min) < 2 || len(min) > 3 || len(max) != len(min) {
		return nil, false
	}
	corners := []string{min[0], min[1], max[0], max[1]}
	for _, c := range corners {
		if _, err := strconv.ParseFloat(c, 64); err != nil {
			return nil, false
		}
	}
	return corners, true
}
