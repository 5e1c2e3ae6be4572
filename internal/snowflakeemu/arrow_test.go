package snowflakeemu

import (
	"bytes"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// TestTimestampAfterNull checks that a NULL timestamp takes one row of
// each field of the struct, so that the rows after it keep their values.
func TestTimestampAfterNull(t *testing.T) {
	first := time.Date(2024, 2, 29, 13, 14, 15, 500, time.UTC)
	last := time.Date(16, 2, 1, 0, 0, 0, 0, time.UTC)
	columns := []resultColumn{{name: "TS", typ: sfType{name: "timestamp_ntz", scale: 9}}}
	data, err := encodeChunk(columns, [][]any{{first}, {nil}, {last}}, false)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := ipc.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Release()
	if !reader.Next() {
		t.Fatalf("no record: %v", reader.Err())
	}
	column := reader.Record().Column(0).(*array.Struct)
	epoch := column.Field(0).(*array.Int64)
	fraction := column.Field(1).(*array.Int32)
	if column.Len() != 3 || epoch.Len() != 3 || !column.IsNull(1) {
		t.Fatalf("struct of %d rows with %d epochs, NULL row 1 %v", column.Len(), epoch.Len(), column.IsNull(1))
	}
	for _, c := range []struct {
		row  int
		want time.Time
	}{{0, first}, {2, last}} {
		got := time.Unix(epoch.Value(c.row), int64(fraction.Value(c.row))).UTC()
		if !got.Equal(c.want) {
			t.Errorf("row %d = %v, want %v", c.row, got, c.want)
		}
	}
}
