package translate

import (
	"fmt"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// maxDuckDBPrecision is the most digits a DuckDB DECIMAL holds.
const maxDuckDBPrecision = 38

// checkNumericTypmods checks the precision and scale of every numeric
// type the statement names. Those PostgreSQL rejects fail with its 22023;
// those it accepts and DuckDB's DECIMAL cannot hold, a precision above 38,
// a negative scale or a scale above the precision, fail with 0A000.
// The lengths of varchar(n) and char(n) get PostgreSQL's checks too.
func checkNumericTypmods(stmt *pg.Node) error {
	var err error
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		tn, ok := msg.(*pg.TypeName)
		if !ok || err != nil || len(tn.Typmods) == 0 {
			return
		}
		switch name := lastName(tn.Names); name {
		case "numeric":
			err = numericTypmodError(tn)
		case "varchar", "bpchar":
			err = lengthTypmodError(tn, strings.TrimPrefix(name, "bp"))
		}
	})
	return err
}

// maxCharLength is the longest varchar(n) or char(n) PostgreSQL allows.
const maxCharLength = 10485760

// lengthTypmodError returns PostgreSQL's error for the length of
// varchar(n) or char(n), named typ in the message, or nil.
func lengthTypmodError(tn *pg.TypeName, typ string) error {
	at := int(tn.Location) + 1
	n, ok := typmodInt(tn, 0)
	switch {
	case len(tn.Typmods) > 1:
		return &Error{Code: "22023", Message: "invalid type modifier", Position: at}
	case !ok:
		return nil
	case n < 1:
		return &Error{Code: "22023", Message: fmt.Sprintf("length for type %s must be at least 1", typ), Position: at}
	case n > maxCharLength:
		return &Error{Code: "22023", Message: fmt.Sprintf("length for type %s cannot exceed %d", typ, maxCharLength), Position: at}
	}
	return nil
}

func numericTypmodError(tn *pg.TypeName) error {
	at := int(tn.Location) + 1
	if len(tn.Typmods) > 2 {
		return &Error{Code: "22023", Message: "invalid NUMERIC type modifier", Position: at}
	}
	var mods [2]int32
	for i, m := range tn.Typmods {
		ival := m.GetAConst().GetIval()
		if ival == nil {
			// A modifier that is not an integer constant; DuckDB's
			// parser takes what PostgreSQL's does.
			return nil
		}
		mods[i] = ival.Ival
	}
	precision, scale := mods[0], mods[1]
	switch {
	case precision < 1 || precision > 1000:
		return &Error{Code: "22023", Message: fmt.Sprintf("NUMERIC precision %d must be between 1 and 1000", precision), Position: at}
	case scale < -1000 || scale > 1000:
		return &Error{Code: "22023", Message: fmt.Sprintf("NUMERIC scale %d must be between -1000 and 1000", scale), Position: at}
	case precision > maxDuckDBPrecision:
		return unsupported(fmt.Sprintf("numeric(%d)", precision), tn.Location, "DuckDB's DECIMAL holds at most 38 digits.")
	case scale < 0 || scale > precision:
		return unsupported(fmt.Sprintf("numeric(%d,%d)", precision, scale), tn.Location,
			"DuckDB's DECIMAL takes a scale from 0 to its precision.")
	}
	return nil
}
