package providers

// RegTypeOID is the type OID of PostgreSQL's regtype, the type of
// pg_typeof()'s result.
const RegTypeOID = 2206

// RegType is a value of type regtype: a type's OID, sent in the binary
// format, and its name as regtype's output writes it, sent in the text
// format.
type RegType struct {
	OID  uint32
	Name string
}
