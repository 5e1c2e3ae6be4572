package config

import (
	"slices"
)

// FieldKind is the form a credential value must have. Every value is a
// string in ConnectionConfig.Credentials.
type FieldKind int

// Credential field kinds.
const (
	FieldText   FieldKind = iota // any non-empty string
	FieldPort                    // a TCP port number from 1 to 65535
	FieldBool                    // true or false; read it with ParseBool
	FieldCount                   // a non-negative integer
	FieldChoice                  // one of FieldSpec.Choices
	FieldPEM                     // a PEM block such as a private key
	FieldJSON                    // a JSON document
	FieldURL                     // an http or https URL
)

// FieldSpec describes one credential field of a connection type.
type FieldSpec struct {
	Name     string
	Required bool
	// Secret marks a value that must never be logged or shown in a message.
	Secret  bool
	Kind    FieldKind
	Choices []string // allowed values when Kind is FieldChoice
}

// TypeSpec describes one config.type of a provider: an authentication
// method and the credential fields it uses.
type TypeSpec struct {
	Name   string
	Fields []FieldSpec
}

// ProviderSpec describes a provider_id and the config types it accepts.
type ProviderSpec struct {
	ID string
	// Built reports whether this version of pgway can serve connections of
	// this provider. Validate rejects connections whose provider is not built.
	Built bool
	// Types is empty for a provider whose types are not defined yet.
	Types []TypeSpec
}

var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// providerSpecs is the table of providers, config types and credential
// fields. Everything that checks or reads credentials goes through it.
var providerSpecs = []ProviderSpec{
	{ID: "snowflake", Built: true, Types: []TypeSpec{
		{Name: "snowflake_account", Fields: snowflakeFields(
			required("account"), required("username"), secret(required("password")),
			required("database"), required("warehouse"))},
		{Name: "snowflake_key_pair", Fields: snowflakeFields(
			required("account"), required("username"),
			kind(secret(required("private_key")), FieldPEM),
			secret(optional("private_key_passphrase")),
			required("database"), required("warehouse"))},
		{Name: "snowflake_oauth", Fields: snowflakeFields(
			required("account"), secret(required("token")),
			required("database"), required("warehouse"))},
	}},
	{ID: "bigquery", Built: true, Types: []TypeSpec{
		{Name: "service_account", Fields: bigqueryFields(
			required("project_id"), kind(secret(required("service_account_key")), FieldJSON))},
		{Name: "oauth", Fields: bigqueryFields(
			required("project_id"), secret(required("access_token")))},
	}},
	{ID: "redshift", Built: true, Types: []TypeSpec{postgresPassword()}},
	{ID: "databricks"},
	{ID: "postgres", Built: true, Types: []TypeSpec{postgresPassword()}},
	{ID: "duckdb", Built: true, Types: []TypeSpec{
		{Name: "file", Fields: []FieldSpec{required("path"), kind(optional("read_only"), FieldBool),
			kind(optional("external_access"), FieldBool)}},
	}},
	{ID: "carto_dw", Built: true, Types: []TypeSpec{{Name: "embedded"}}},
}

func postgresPassword() TypeSpec {
	return TypeSpec{Name: "password", Fields: []FieldSpec{
		required("host"), kind(required("port"), FieldPort), required("database"),
		required("username"), secret(required("password")),
		choice(optional("sslmode"), sslModes...),
	}}
}

// snowflakeFields appends the optional fields every Snowflake type accepts.
// host, port and protocol point the driver at a private link or an emulator.
func snowflakeFields(fields ...FieldSpec) []FieldSpec {
	return append(fields, optional("role"), optional("schema"), optional("host"),
		kind(optional("port"), FieldPort), choice(optional("protocol"), "http", "https"))
}

// bigqueryFields appends the optional fields every BigQuery type accepts.
func bigqueryFields(fields ...FieldSpec) []FieldSpec {
	return append(fields, optional("billing_project"), optional("location"),
		optional("default_dataset"), kind(optional("maximum_bytes_billed"), FieldCount),
		kind(optional("endpoint"), FieldURL))
}

func required(name string) FieldSpec { return FieldSpec{Name: name, Required: true} }
func optional(name string) FieldSpec { return FieldSpec{Name: name} }

func secret(f FieldSpec) FieldSpec {
	f.Secret = true
	return f
}

func kind(f FieldSpec, k FieldKind) FieldSpec {
	f.Kind = k
	return f
}

func choice(f FieldSpec, choices ...string) FieldSpec {
	f.Kind = FieldChoice
	f.Choices = choices
	return f
}

// LookupProvider returns the description of the provider id. The result is
// a copy that the caller may modify.
func LookupProvider(id string) (ProviderSpec, bool) {
	i := slices.IndexFunc(providerSpecs, func(p ProviderSpec) bool { return p.ID == id })
	if i < 0 {
		return ProviderSpec{}, false
	}
	p := providerSpecs[i]
	p.Types = slices.Clone(p.Types)
	for j := range p.Types {
		p.Types[j].Fields = slices.Clone(p.Types[j].Fields)
		for k := range p.Types[j].Fields {
			p.Types[j].Fields[k].Choices = slices.Clone(p.Types[j].Fields[k].Choices)
		}
	}
	return p, true
}

// ProviderIDs returns every known provider_id, built or not.
func ProviderIDs() []string {
	ids := make([]string, len(providerSpecs))
	for i, p := range providerSpecs {
		ids[i] = p.ID
	}
	return ids
}

// Type returns the spec of the config type name.
func (p ProviderSpec) Type(name string) (TypeSpec, bool) {
	i := slices.IndexFunc(p.Types, func(t TypeSpec) bool { return t.Name == name })
	if i < 0 {
		return TypeSpec{}, false
	}
	return p.Types[i], true
}

// TypeNames returns the names of the provider's config types.
func (p ProviderSpec) TypeNames() []string {
	names := make([]string, len(p.Types))
	for i, t := range p.Types {
		names[i] = t.Name
	}
	return names
}

// Field returns the spec of the credential field name.
func (t TypeSpec) Field(name string) (FieldSpec, bool) {
	i := slices.IndexFunc(t.Fields, func(f FieldSpec) bool { return f.Name == name })
	if i < 0 {
		return FieldSpec{}, false
	}
	return t.Fields[i], true
}

// FieldNames returns the names of the type's credential fields.
func (t TypeSpec) FieldNames() []string {
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		names[i] = f.Name
	}
	return names
}
