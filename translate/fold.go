package translate

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// A foldKind is a session value that pgway folds into a warehouse
// statement as a literal.
type foldKind int

const (
	foldUser foldKind = iota + 1
	foldDatabase
	foldSchema
	foldVersion
	foldTransactionStart
	foldStatementStart
	foldCurrentDate
	foldCurrentTime
	foldLocalTimestamp
	foldLocalTime
	foldSetting
	// foldEscapedStrings is no session value. A dialect whose string
	// literals read backslash escapes, as BigQuery's do, maps it to a
	// non-empty text in warehouseTime, and folded text is then quoted
	// with quoteEscapedString instead of quoteLiteral.
	foldEscapedStrings
	// foldTimeZone is the session's TimeZone as an IANA name, such as
	// 'America/New_York', for the time zone arguments of the warehouse's
	// functions. A dialect writes timeZoneMarker where it goes.
	foldTimeZone
	// foldUTCOnly is an empty text in a session whose TimeZone is UTC and
	// an error in any other: it guards a construct that the dialect
	// translates exactly only in UTC. A dialect writes utcOnlyMarker
	// next to the construct.
	foldUTCOnly
)

// foldSlot is one folded value in a rewritten statement. Rewriting leaves a
// marker literal where the value goes, so that the rewrite can be cached
// and the values of each session filled in afterwards.
type foldSlot struct {
	kind foldKind
	// setting is the parameter that current_setting() reads.
	setting   string
	missingOK bool
	// precision is the fractional-second digits of current_timestamp(p) and
	// friends, -1 for full precision.
	precision int
	location  int32
	// message and hint are the error of a foldUTCOnly slot.
	message, hint string
}

// markerNonce makes fold markers impossible to write in a client's SQL.
var markerNonce = func() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}()

var markerPattern = regexp.MustCompile(`'pgway\.fold\.` + markerNonce + `\.(\d+|zone|now|utc\.(\d+)\.([0-9a-f]*)|setting\.([a-z_]+))'`)

// settingMarker returns the marker that a dialect writes where the value
// of a run-time parameter goes, as text, or NULL when it is not set. It
// becomes a foldSetting slot.
func settingMarker(name string) string {
	return "pgway.fold." + markerNonce + ".setting." + name
}

// timeZoneMarker returns the marker that a dialect writes where the
// session's time zone goes, which becomes a foldTimeZone slot.
func timeZoneMarker() string {
	return "'pgway.fold." + markerNonce + ".zone'"
}

// transactionStartMarker returns the marker that a dialect writes where
// now() goes as a timestamptz literal in the session's time zone, which
// becomes a foldTransactionStart slot.
func transactionStartMarker() string {
	return "pgway.fold." + markerNonce + ".now"
}

// utcOnlyMarker returns the marker of a foldUTCOnly slot: the construct at
// byte offset location fails with message and hint unless the session's
// TimeZone is UTC.
func utcOnlyMarker(location int32, message, hint string) string {
	return fmt.Sprintf("'pgway.fold.%s.utc.%d.%s'", markerNonce, max(location, 0), hex.EncodeToString([]byte(message+"\n"+hint)))
}

// sessionFunctions are the functions that fold, called unqualified or
// qualified with pg_catalog.
var sessionFunctions = map[string]foldKind{
	"current_database":      foldDatabase,
	"current_schema":        foldSchema,
	"version":               foldVersion,
	"now":                   foldTransactionStart,
	"transaction_timestamp": foldTransactionStart,
	"statement_timestamp":   foldStatementStart,
	"current_setting":       foldSetting,
}

func isSessionFunction(fc *pg.FuncCall) bool {
	if s := schemaOf(fc.Funcname); s != "" && s != "pg_catalog" {
		return false
	}
	_, ok := sessionFunctions[lastName(fc.Funcname)]
	return ok && fc.Over == nil && !fc.AggStar
}

// folder replaces session functions with markers and records their slots.
type folder struct {
	slots []foldSlot
}

// fold rewrites stmt in place.
func (f *folder) fold(stmt *pg.Node) error {
	return walkNode(stmt, func(n *pg.Node) error {
		switch v := n.Node.(type) {
		case *pg.Node_SqlvalueFunction:
			f.foldValueFunction(n, v.SqlvalueFunction)
		case *pg.Node_FuncCall:
			if isSessionFunction(v.FuncCall) {
				return f.foldFunction(n, v.FuncCall)
			}
		}
		return nil
	})
}

// valueFunctions maps the SQL value functions, which are keywords such as
// current_user, to what they fold to and the PostgreSQL type of the result.
var valueFunctions = map[pg.SQLValueFunctionOp]struct {
	kind     foldKind
	typeName string
}{
	pg.SQLValueFunctionOp_SVFOP_CURRENT_USER:        {foldUser, "text"},
	pg.SQLValueFunctionOp_SVFOP_USER:                {foldUser, "text"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        {foldUser, "text"},
	pg.SQLValueFunctionOp_SVFOP_SESSION_USER:        {foldUser, "text"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     {foldDatabase, "text"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      {foldSchema, "text"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        {foldCurrentDate, "date"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        {foldCurrentTime, "timetz"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      {foldCurrentTime, "timetz"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   {foldTransactionStart, "timestamptz"},
	pg.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: {foldTransactionStart, "timestamptz"},
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME:           {foldLocalTime, "time"},
	pg.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         {foldLocalTime, "time"},
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      {foldLocalTimestamp, "timestamp"},
	pg.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    {foldLocalTimestamp, "timestamp"},
}

func (f *folder) foldValueFunction(n *pg.Node, v *pg.SQLValueFunction) {
	vf, ok := valueFunctions[v.Op]
	if !ok {
		return
	}
	precision := -1
	if strings.HasSuffix(v.Op.String(), "_N") {
		precision = int(v.Typmod)
	}
	f.replace(n, foldSlot{kind: vf.kind, precision: precision, location: v.Location}, vf.typeName)
}

func (f *folder) foldFunction(n *pg.Node, fc *pg.FuncCall) error {
	kind := sessionFunctions[lastName(fc.Funcname)]
	slot := foldSlot{kind: kind, precision: -1, location: fc.Location}
	typeName := "text"
	switch kind {
	case foldTransactionStart, foldStatementStart:
		typeName = "timestamptz"
	case foldSetting:
		if err := settingArgs(fc, &slot); err != nil {
			return err
		}
	}
	if kind != foldSetting && len(fc.Args) > 0 {
		return nil // a function of that name with arguments, not the session function
	}
	f.replace(n, slot, typeName)
	return nil
}

// settingArgs reads the arguments of current_setting(name [, missing_ok]),
// which must be constants for pgway to fold them.
func settingArgs(fc *pg.FuncCall, slot *foldSlot) error {
	if len(fc.Args) == 0 || len(fc.Args) > 2 {
		return nil
	}
	name := fc.Args[0].GetAConst().GetSval()
	if name == nil {
		return unsupportedf(fc.Location, "current_setting() with a setting name that is not a constant is not supported")
	}
	slot.setting = strings.ToLower(name.Sval)
	if len(fc.Args) == 2 {
		ok := fc.Args[1].GetAConst().GetBoolval()
		if ok == nil && !fc.Args[1].GetAConst().GetIsnull() {
			return unsupportedf(fc.Location, "current_setting() with a missing_ok argument that is not a constant is not supported")
		}
		slot.missingOK = ok.GetBoolval()
	}
	return nil
}

// replace puts the marker of a new slot, cast to typeName, in place of n.
func (f *folder) replace(n *pg.Node, slot foldSlot, typeName string) {
	marker := fmt.Sprintf("pgway.fold.%s.%d", markerNonce, len(f.slots))
	f.slots = append(f.slots, slot)
	n.Node = typeCast(pg.MakeAConstStrNode(marker, slot.location), typeName, slot.location).Node
}

// segment is a piece of a rewritten statement: text, or the slot of a
// folded value when slot >= 0.
type segment struct {
	text string
	slot int
}

// splitTemplate cuts rewritten SQL at its fold markers. It returns the
// segments and slots with a slot added for each marker that the dialect
// wrote: one foldTimeZone slot for every time zone marker, one
// foldUTCOnly slot per guard, one foldSetting slot per setting marker
// and one foldTransactionStart slot per transaction start marker.
func splitTemplate(sql string, slots []foldSlot) ([]segment, []foldSlot) {
	var segs []segment
	last, zoneSlot := 0, -1
	for _, m := range markerPattern.FindAllStringSubmatchIndex(sql, -1) {
		slot, err := strconv.Atoi(sql[m[2]:m[3]])
		switch {
		case err == nil:
		case sql[m[2]:m[3]] == "zone" && zoneSlot >= 0:
			slot = zoneSlot
		case sql[m[2]:m[3]] == "zone":
			slot, zoneSlot = len(slots), len(slots)
			slots = append(slots, foldSlot{kind: foldTimeZone, precision: -1, location: -1})
		case sql[m[2]:m[3]] == "now":
			slot = len(slots)
			slots = append(slots, foldSlot{kind: foldTransactionStart, precision: -1, location: -1})
		case m[8] >= 0:
			slot = len(slots)
			slots = append(slots, foldSlot{kind: foldSetting, setting: sql[m[8]:m[9]], missingOK: true, precision: -1, location: -1})
		default:
			slot = len(slots)
			slots = append(slots, utcOnlySlot(sql[m[4]:m[5]], sql[m[6]:m[7]]))
		}
		segs = append(segs, segment{text: sql[last:m[0]], slot: -1}, segment{slot: slot})
		last = m[1]
	}
	return append(segs, segment{text: sql[last:], slot: -1}), slots
}

// utcOnlySlot returns the slot of a guard marker from its location and
// hex-encoded message and hint.
func utcOnlySlot(location, encoded string) foldSlot {
	offset, _ := strconv.Atoi(location)
	text, _ := hex.DecodeString(encoded)
	message, hint, _ := strings.Cut(string(text), "\n")
	return foldSlot{kind: foldUTCOnly, precision: -1, location: int32(offset), message: message, hint: hint}
}

// render fills a session's values into a template.
func render(segs []segment, slots []foldSlot, s *Session, warehouseTime map[foldKind]string) (string, error) {
	var b strings.Builder
	for _, seg := range segs {
		if seg.slot < 0 {
			b.WriteString(seg.text)
			continue
		}
		v, err := slots[seg.slot].value(s, warehouseTime)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// value returns the SQL text of a slot's value in session s: a quoted
// literal, NULL, or the warehouse's own expression for a time value that
// the session does not fix.
func (slot foldSlot) value(s *Session, warehouseTime map[foldKind]string) (string, error) {
	quoteLiteral := quoteLiteral
	if warehouseTime[foldEscapedStrings] != "" {
		quoteLiteral = quoteEscapedString
	}
	switch slot.kind {
	case foldUser:
		return quoteLiteral(s.User), nil
	case foldDatabase:
		return quoteLiteral(s.Database), nil
	case foldSchema:
		if s.Schema == "" {
			return "NULL", nil
		}
		return quoteLiteral(s.Schema), nil
	case foldVersion:
		return quoteLiteral(s.ServerVersion), nil
	case foldSetting:
		return slot.settingValue(s, quoteLiteral)
	case foldTimeZone:
		return quoteLiteral(s.location().String()), nil
	case foldUTCOnly:
		return slot.utcOnlyValue(s)
	}
	t := s.TransactionStart
	if slot.kind == foldStatementStart && !s.StatementStart.IsZero() {
		t = s.StatementStart
	}
	if t.IsZero() {
		return warehouseTime[slot.kind], nil
	}
	return quoteLiteral(formatTime(slot, t.In(s.location()))), nil
}

func (slot foldSlot) settingValue(s *Session, quoteLiteral func(string) string) (string, error) {
	v, ok := s.setting(slot.setting)
	switch {
	case ok:
		return quoteLiteral(v), nil
	case slot.missingOK:
		return "NULL", nil
	}
	return "", &Error{Code: "42704",
		Message:  fmt.Sprintf("unrecognized configuration parameter %q", slot.setting),
		Position: int(slot.location) + 1}
}

// utcOnlyValue returns nothing when the session's zone is UTC and the
// slot's 0A000 error otherwise.
func (slot foldSlot) utcOnlyValue(s *Session) (string, error) {
	zone := s.location().String()
	if utcZones[zone] {
		return "", nil
	}
	return "", &Error{Code: CodeFeatureNotSupported, Position: int(slot.location) + 1,
		Message: fmt.Sprintf("%s is not supported in time zone %s", slot.message, zone), Hint: slot.hint}
}

// utcZones are the IANA names of zones that are UTC at every instant.
var utcZones = map[string]bool{
	"UTC": true, "Etc/UTC": true, "UCT": true, "Etc/UCT": true, "Universal": true, "Etc/Universal": true,
	"Zulu": true, "Etc/Zulu": true, "GMT": true, "Etc/GMT": true, "GMT0": true, "Etc/GMT0": true,
	"GMT+0": true, "Etc/GMT+0": true, "GMT-0": true, "Etc/GMT-0": true, "Greenwich": true, "Etc/Greenwich": true,
}

// formatTime formats t as the literal of the slot's type, rounded to its
// precision as PostgreSQL rounds current_timestamp(p).
func formatTime(slot foldSlot, t time.Time) string {
	if slot.precision >= 0 && slot.precision < 6 {
		unit := time.Duration(1)
		for range 9 - slot.precision {
			unit *= 10
		}
		t = t.Round(unit)
	} else {
		t = t.Round(time.Microsecond)
	}
	switch slot.kind {
	case foldCurrentDate:
		return t.Format("2006-01-02")
	case foldCurrentTime:
		return t.Format("15:04:05.999999-07:00")
	case foldLocalTime:
		return t.Format("15:04:05.999999")
	case foldLocalTimestamp:
		return t.Format("2006-01-02 15:04:05.999999")
	}
	return t.Format("2006-01-02 15:04:05.999999-07:00")
}

// quoteLiteral quotes s as a standard SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
