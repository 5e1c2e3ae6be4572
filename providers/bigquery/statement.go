package bigquery

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"cloud.google.com/go/bigquery"
	"github.com/jackc/pgx/v5/pgtype"
	bq "google.golang.org/api/bigquery/v2"

	"pgway/providers"
	"pgway/providers/geometry"
)

// statement is a statement described by a dry run.
type statement struct {
	session      *session
	sql          string
	placeholders placeholders
	// paramOIDs are the PostgreSQL types of the parameters, text where the
	// dry run inferred none.
	paramOIDs []uint32
	// paramKinds are the BigQuery types of the parameters that the dry run
	// inferred, "" where it inferred none.
	paramKinds []string
	// declared are the parameter types that the client declared, 0 where
	// it declared none.
	declared []uint32
	columns  []providers.Column
	kind     statementKind
}

func (st *statement) ParamOIDs() []uint32         { return st.paramOIDs }
func (st *statement) Columns() []providers.Column { return st.columns }
func (st *statement) Close() error                { return nil }

// SetParamOIDs records the parameter types that the client declared in
// Parse, which the emulator, and BigQuery where the SQL does not show
// them, cannot infer. A zero or unknown OID keeps the type the statement
// reported. When a declared type differs from the BigQuery type the
// statement assumed, the statement is described again with the declared
// types, since the result columns may depend on them, as in SELECT $1.
func (st *statement) SetParamOIDs(ctx context.Context, oids []uint32) error {
	st.declared = make([]uint32, len(st.paramOIDs))
	changed := false
	for i, oid := range oids {
		if oid != 0 && oid != pgtype.UnknownOID && i < len(st.declared) {
			st.declared[i] = oid
			changed = changed || parameterTypes[oid] != st.paramKinds[i]
		}
	}
	if !changed {
		st.applyDeclared()
		return nil
	}
	return st.session.describe(ctx, st)
}

// applyDeclared gives the parameters with a declared type that type.
func (st *statement) applyDeclared() {
	for i, oid := range st.declared {
		if oid != 0 {
			st.paramOIDs[i] = oid
			st.paramKinds[i] = parameterTypes[oid]
		}
	}
}

// declaredParameters returns the declared parameters as typed NULLs for
// a dry run, so that BigQuery describes the result with their types. It
// returns nil unless every parameter the SQL names has a declared type
// that maps to a BigQuery type.
func (st *statement) declaredParameters() []*bq.QueryParameter {
	p := st.placeholders
	if p.positional || p.count == 0 || len(st.declared) < p.count {
		return nil
	}
	var params []*bq.QueryParameter
	for i := range p.count {
		if !p.used[i] {
			continue
		}
		kind := parameterTypes[st.declared[i]]
		if oid := st.declared[i]; oid == pgtype.TextOID || oid == pgtype.VarcharOID {
			kind = "STRING"
		}
		if kind == "" {
			return nil
		}
		params = append(params, &bq.QueryParameter{Name: "p" + strconv.Itoa(i+1),
			ParameterType:  &bq.QueryParameterType{Type: kind},
			ParameterValue: &bq.QueryParameterValue{NullFields: []string{"Value"}}})
	}
	return params
}

// statementKind is what a statement does, which decides its command tag.
type statementKind struct {
	// tag is the command tag's verb: SELECT, INSERT, CREATE TABLE, ...
	tag string
	// dml is set for INSERT, UPDATE, DELETE and MERGE, whose tag counts
	// the affected rows.
	dml bool
}

// commandTag returns the CommandComplete tag for rows read or affected.
func (k statementKind) commandTag(rows int64) string {
	switch {
	case k.tag == "INSERT":
		return fmt.Sprintf("INSERT 0 %d", rows)
	case k.dml || k.tag == "SELECT":
		return fmt.Sprintf("%s %d", k.tag, rows)
	}
	return k.tag
}

// describe dry-runs the statement to learn its result columns, its
// parameters' types and what it does.
//
// BigQuery returns the result schema and the inferred types of undeclared
// parameters in the dry-run job's statistics. bigquery-emulator v0.8.1
// returns neither there, so for a query without a schema the columns come
// from a dry run through jobs.query, whose response has the schema.
func (s *session) describe(ctx context.Context, st *statement) error {
	p := st.placeholders
	st.paramOIDs = make([]uint32, p.count)
	st.paramKinds = make([]string, p.count)
	for i := range st.paramOIDs {
		st.paramOIDs[i] = pgtype.TextOID
	}
	var job *bq.Job
	err := withRetry(ctx, func() error {
		var err error
		job, err = s.service.Jobs.Insert(s.cfg.billingProject, s.dryRunJob(st)).Context(ctx).Do()
		return err
	})
	if err != nil {
		return s.describeError(ctx, err)
	}
	var stats *bq.JobStatistics2
	if job.Statistics != nil {
		stats = job.Statistics.Query
	}
	statementType, schema := "", (*bq.TableSchema)(nil)
	if stats != nil {
		statementType, schema = stats.StatementType, stats.Schema
		st.setParamTypes(stats.UndeclaredQueryParameters)
	}
	st.setCastTypes()
	st.applyDeclared()
	st.kind = kindOf(statementType, st.sql)
	if st.kind.tag != "SELECT" {
		return nil
	}
	if schema == nil || len(schema.Fields) == 0 {
		if schema, err = s.dryRunQuery(ctx, st); err != nil {
			return s.describeError(ctx, err)
		}
	}
	columns, err := schemaColumns(schema)
	if err != nil {
		return err
	}
	st.columns = columns
	return nil
}

func (s *session) describeError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errCanceled(err)
	}
	return convertError(err, s.secrets)
}

func (s *session) dryRunJob(st *statement) *bq.Job {
	useLegacySQL := false
	query := &bq.JobConfigurationQuery{
		Query:              st.sql,
		UseLegacySql:       &useLegacySQL,
		DefaultDataset:     s.defaultDataset(),
		MaximumBytesBilled: s.cfg.maxBytesBilled,
		ParameterMode:      st.placeholders.mode(),
		QueryParameters:    st.declaredParameters(),
	}
	return &bq.Job{
		JobReference: &bq.JobReference{ProjectId: s.cfg.billingProject, Location: s.cfg.location},
		Configuration: &bq.JobConfiguration{
			DryRun: true,
			Labels: s.cfg.labels,
			Query:  query,
		},
	}
}

func (s *session) defaultDataset() *bq.DatasetReference {
	if s.cfg.defaultDataset == "" {
		return nil
	}
	return &bq.DatasetReference{ProjectId: s.cfg.projectID, DatasetId: s.cfg.defaultDataset}
}

// mode returns the parameter mode for a query with these placeholders.
func (p placeholders) mode() string {
	switch {
	case p.count == 0:
		return ""
	case p.positional:
		return "POSITIONAL"
	}
	return "NAMED"
}

// dryRunQuery dry-runs the statement through jobs.query and returns the
// result schema.
func (s *session) dryRunQuery(ctx context.Context, st *statement) (*bq.TableSchema, error) {
	useLegacySQL := false
	req := &bq.QueryRequest{
		Query:          st.sql,
		DryRun:         true,
		UseLegacySql:   &useLegacySQL,
		DefaultDataset: s.defaultDataset(),
		Location:       s.cfg.location,
		Labels:         s.cfg.labels,
		ParameterMode:  st.placeholders.mode(),
	}
	if st.placeholders.count > 0 {
		// The emulator analyzes the query with its parameters' values, and
		// it types a NULL as INT64 whatever its declared type. So a
		// parameter of a known type gets a sample value of that type. The
		// others get a NULL, which the emulator's analyzer accepts in
		// place of any type.
		params, err := bindParameters(st.placeholders, st.paramOIDs, st.paramKinds, make([]any, st.placeholders.count))
		if err != nil {
			return nil, err
		}
		known := 0
		for i := range st.placeholders.count {
			if st.placeholders.positional || st.placeholders.used[i] {
				req.QueryParameters = append(req.QueryParameters, sampleParameter(params[known], st.paramKinds[i]))
				known++
			}
		}
	}
	var res *bq.QueryResponse
	err := withRetry(ctx, func() error {
		var err error
		res, err = s.service.Jobs.Query(s.cfg.billingProject, req).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, err
	}
	return res.Schema, nil
}

// sampleValues are harmless values of each parameter type: no zero that
// a query could divide by.
var sampleValues = map[string]string{
	"INT64":      "1",
	"FLOAT64":    "1",
	"NUMERIC":    "1",
	"BIGNUMERIC": "1",
	"BOOL":       "true",
	"DATE":       "1970-01-01",
	"TIME":       "00:00:00",
	"DATETIME":   "1970-01-01 00:00:00",
	"TIMESTAMP":  "1970-01-01 00:00:00+00:00",
	"INTERVAL":   "0-0 0 0:0:0",
	"BYTES":      "AA==",
	"JSON":       "null",
	"GEOGRAPHY":  "POINT(0 0)",
}

// sampleParameter returns the REST form of param, which the caller bound
// to NULL: with a sample value of kind, or NULL where kind is "".
func sampleParameter(param bigquery.QueryParameter, kind string) *bq.QueryParameter {
	typ := "STRING"
	if v, ok := param.Value.(*bigquery.QueryParameterValue); ok {
		typ = v.Type.TypeKind
	}
	value := &bq.QueryParameterValue{NullFields: []string{"Value"}}
	if sample, ok := sampleValues[kind]; ok {
		value = &bq.QueryParameterValue{Value: sample, ForceSendFields: []string{"Value"}}
	}
	return &bq.QueryParameter{Name: param.Name, ParameterType: &bq.QueryParameterType{Type: typ}, ParameterValue: value}
}

// parameterOIDs maps BigQuery's parameter types to PostgreSQL types.
var parameterOIDs = map[string]uint32{
	"BOOL":       pgtype.BoolOID,
	"INT64":      pgtype.Int8OID,
	"FLOAT64":    pgtype.Float8OID,
	"NUMERIC":    pgtype.NumericOID,
	"BIGNUMERIC": pgtype.NumericOID,
	"STRING":     pgtype.TextOID,
	"BYTES":      pgtype.ByteaOID,
	"DATE":       pgtype.DateOID,
	"TIME":       pgtype.TimeOID,
	"DATETIME":   pgtype.TimestampOID,
	"TIMESTAMP":  pgtype.TimestamptzOID,
	"INTERVAL":   pgtype.IntervalOID,
	"JSON":       pgtype.JSONBOID,
	"GEOGRAPHY":  geometry.OID,
}

// setParamTypes records the types BigQuery inferred for the statement's
// undeclared parameters.
func (st *statement) setParamTypes(inferred []*bq.QueryParameter) {
	for i, param := range inferred {
		if param == nil || param.ParameterType == nil {
			continue
		}
		index := i
		if !st.placeholders.positional {
			n, ok := parameterNumber(param.Name)
			if !ok {
				continue
			}
			index = n - 1
		}
		if index >= len(st.paramOIDs) {
			continue
		}
		if oid, ok := parameterOIDs[param.ParameterType.Type]; ok {
			st.paramOIDs[index] = oid
			st.paramKinds[index] = param.ParameterType.Type
		}
	}
}

// castPattern matches a parameter cast to a type, as the BigQuery dialect
// writes $1::bigint: CAST(@p1 AS INT64).
var castPattern = regexp.MustCompile(`(?i)\bCAST\(\s*@p([1-9][0-9]*)\s+AS\s+([A-Z0-9_]+)\s*[(),]`)

// setCastTypes types the parameters that BigQuery inferred nothing for
// (the emulator infers nothing) from the casts the SQL applies to them,
// so that clients that ask for the parameter types, as pgx does, send
// values of the cast's type. A parameter cast to different types stays
// text.
func (st *statement) setCastTypes() {
	if st.placeholders.positional {
		return
	}
	found := make(map[int]string)
	for _, m := range castPattern.FindAllStringSubmatch(st.sql, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil || n > len(st.paramOIDs) || st.paramKinds[n-1] != "" {
			continue
		}
		kind := strings.ToUpper(m[2])
		if previous, seen := found[n]; seen && previous != kind {
			kind = ""
		}
		found[n] = kind
	}
	for n, kind := range found {
		if oid, ok := parameterOIDs[kind]; ok {
			st.paramOIDs[n-1] = oid
			st.paramKinds[n-1] = kind
		}
	}
}

// schemaColumns maps a result schema of the REST API to columns.
func schemaColumns(schema *bq.TableSchema) ([]providers.Column, error) {
	fields, err := clientSchema(schema)
	if err != nil {
		return nil, err
	}
	columns, _ := mapSchema(fields)
	return columns, nil
}

// clientSchema converts a schema of the REST API to the client's form,
// through the JSON schema format that both share.
func clientSchema(schema *bq.TableSchema) (bigquery.Schema, error) {
	if schema == nil || len(schema.Fields) == 0 {
		return nil, nil
	}
	doc, err := json.Marshal(schema.Fields)
	if err != nil {
		return nil, err
	}
	fields, err := bigquery.SchemaFromJSON(doc)
	if err != nil {
		return nil, fmt.Errorf("read result schema: %w", err)
	}
	return fields, nil
}

// kindOf returns what a statement does, as BigQuery's statement type
// names it. The emulator reports SELECT for every statement, so a
// statement type of SELECT is checked against the first keywords.
func kindOf(statementType, sql string) statementKind {
	if statementType != "" && statementType != "SELECT" {
		switch statementType {
		case "INSERT", "UPDATE", "DELETE", "MERGE":
			return statementKind{tag: statementType, dml: true}
		case "CREATE_TABLE_AS_SELECT":
			return statementKind{tag: "CREATE TABLE"}
		}
		return statementKind{tag: strings.ReplaceAll(statementType, "_", " ")}
	}
	words := leadingKeywords(sql, 6)
	if len(words) == 0 {
		return statementKind{tag: "SELECT"}
	}
	switch words[0] {
	case "INSERT", "UPDATE", "DELETE", "MERGE":
		return statementKind{tag: words[0], dml: true}
	case "CREATE", "DROP", "ALTER", "TRUNCATE":
		return statementKind{tag: ddlTag(words)}
	}
	return statementKind{tag: "SELECT"}
}

// ddlTag returns the tag of a DDL statement, its verb and object type:
// CREATE TABLE, DROP VIEW, ...
func ddlTag(words []string) string {
	for _, w := range words[1:] {
		switch w {
		case "OR", "REPLACE", "TEMP", "TEMPORARY", "MATERIALIZED", "EXTERNAL", "SNAPSHOT":
			continue
		}
		return words[0] + " " + w
	}
	return words[0]
}

// leadingKeywords returns up to n leading words of sql in upper case,
// skipping comments and opening parentheses.
func leadingKeywords(sql string, n int) []string {
	var words []string
	for i := 0; i < len(sql) && len(words) < n; {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(':
			i++
		case c == '#' || strings.HasPrefix(sql[i:], "--"):
			i = skipLine(sql, i)
		case strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i:], "*/")
			if end < 0 {
				return words
			}
			i += end + 2
		default:
			end := skipIdentifier(sql, i)
			if end == i {
				return words
			}
			words = append(words, strings.ToUpper(sql[i:end]))
			i = end
		}
	}
	return words
}
