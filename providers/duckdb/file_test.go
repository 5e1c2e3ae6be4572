package duckdb

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgway/config"
	"pgway/providers"
)

func fileConnection(path string, creds map[string]string) *config.Connection {
	all := map[string]string{"path": path}
	for k, v := range creds {
		all[k] = v
	}
	return &config.Connection{ProviderID: "duckdb",
		Config: config.ConnectionConfig{Type: "file", Credentials: all}}
}

// run prepares and runs sql on s, reading every row, and returns the error.
func run(s providers.Session, sql string) error {
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

func TestFileBlocksHostFiles(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.csv")
	if err := os.WriteFile(secret, []byte("a\n1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := openFile(context.Background(), fileConnection(filepath.Join(dir, "db.duckdb"), nil))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, sql := range []string{
		"select * from read_csv('" + secret + "')",
		"attach '" + filepath.Join(dir, "other.duckdb") + "' as other",
		"copy (select 1) to '" + filepath.Join(dir, "out.csv") + "'",
		"set enable_external_access = true",
		"set allowed_directories = ['/']",
	} {
		if err := run(s, sql); err == nil {
			t.Errorf("%s: succeeded on a duckdb connection without external_access", sql)
		}
	}
	if err := run(s, "create table t as select 1 as a"); err != nil {
		t.Errorf("write to the database itself: %v", err)
	}
}

func TestFileExternalAccessAllowed(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data.csv")
	if err := os.WriteFile(data, []byte("a\n1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	conn := fileConnection(filepath.Join(dir, "db.duckdb"), map[string]string{"external_access": "true"})
	s, err := openFile(context.Background(), conn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := run(s, "select * from read_csv('"+data+"')"); err != nil {
		t.Errorf("read_csv with external_access true: %v", err)
	}
}

func TestFileReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db.duckdb")
	writer, err := openFile(context.Background(), fileConnection(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := run(writer, "create table t as select 1 as a"); err != nil {
		t.Fatal(err)
	}
	writer.Close()

	reader, err := openFile(context.Background(), fileConnection(path, map[string]string{"read_only": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if err := run(reader, "select * from t"); err != nil {
		t.Errorf("read from a read_only connection: %v", err)
	}
	var pgErr *providers.Error
	if err := run(reader, "insert into t values (2)"); !errors.As(err, &pgErr) || pgErr.Code != "25006" {
		t.Errorf("insert on a read_only connection: %v, want 25006", err)
	}
}

func TestFileGeometryFunctions(t *testing.T) {
	s := openTestFile(t)
	rows := execute(t, s, "select st_astext(st_geomfromtext('POINT(1 2)')), st_srid(st_makeenvelope(0, 0, 1, 1))")
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	if got := rows.Values()[0]; got != "POINT(1 2)" {
		t.Errorf("st_astext = %v", got)
	}
	if got := rows.Values()[1]; got != int32(0) {
		t.Errorf("st_srid on a duckdb file = %v, want 0", got)
	}
}

// TestFileLoadsNoExtension casts to INET, whose extension DuckDB would
// download and load by default, on a file that allows external access,
// and to JSON, whose extension is linked in.
func TestFileLoadsNoExtension(t *testing.T) {
	s, err := openFile(context.Background(),
		fileConnection(filepath.Join(t.TempDir(), "db.duckdb"), map[string]string{"external_access": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = run(s, "select '127.0.0.1'::inet")
	if err == nil || !strings.Contains(err.Error(), "inet") {
		t.Errorf("INET cast: %v, want an error naming the missing inet extension", err)
	}
	if err := run(s, "select error('autoinstall_known_extensions is on') where current_setting('autoinstall_known_extensions')"); err != nil {
		t.Error(err)
	}
	if err := run(s, `select '{"a": 1}'::json`); err != nil {
		t.Errorf("JSON cast, whose extension is linked in: %v", err)
	}
}

// TestFileTimeWithTimeZone reads TIME WITH TIME ZONE values, whose
// offset DuckDB stores counted down from 15:59:59.
func TestFileTimeWithTimeZone(t *testing.T) {
	s := openTestFile(t)
	rows := execute(t, s, "select TIMETZ '12:00:00+00', TIMETZ '13:45:00.5+05:30', TIMETZ '01:00:00-08', TIMETZ '23:59:59+15:59:59'")
	if !rows.Next() {
		t.Fatal(rows.Err())
	}
	for i, want := range []string{"12:00:00+00", "13:45:00.5+05:30", "01:00:00-08", "23:59:59+15:59:59"} {
		got, ok := rows.Values()[i].(providers.TimeTZ)
		if !ok {
			t.Errorf("column %d has type %T, want providers.TimeTZ", i, rows.Values()[i])
			continue
		}
		if got.String() != want {
			t.Errorf("column %d = %s, want %s", i, got, want)
		}
	}
}
