package providers

// RecordOID is the type OID of PostgreSQL's record, the type of an
// anonymous row such as ROW(1, 'a').
const RecordOID = 2249

// RecordArrayOID is the type OID of record[], the type of an array of
// anonymous rows such as ARRAY[ROW(1, 'a')]. Its values are []any of
// Record, nil for a NULL element.
const RecordArrayOID = 2287

// Record is a value of type record: its fields in order, each sent as the
// type of the same index in OIDs. A nil field is NULL.
type Record struct {
	Fields []any
	OIDs   []uint32
}
