package enginetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// plainRole is a role of the oracle without superuser rights, as pgway's
// sessions report is_superuser off.
const plainRole, plainPassword = "settings_plain", "settings-plain-password"

var createPlainRole sync.Once

// noticeLog collects the notices a connection receives.
type noticeLog struct {
	mu      sync.Mutex
	notices []string
}

func (l *noticeLog) add(_ *pgconn.PgConn, n *pgconn.Notice) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notices = append(l.notices, n.Severity+" "+n.Code+" "+n.Message)
}

// take returns the notices received since the last call.
func (l *noticeLog) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	text := strings.Join(l.notices, "; ")
	l.notices = nil
	return text
}

// connectPlainPair connects to pgway and, as plainRole, to the oracle,
// collecting the notices of each.
func connectPlainPair(t *testing.T) (gw, pg *pgx.Conn, gwNotices, pgNotices *noticeLog) {
	t.Helper()
	ctx := context.Background()
	var roleErr error
	createPlainRole.Do(func() { roleErr = oracle.CreateRole(plainRole, plainPassword) })
	if roleErr != nil {
		t.Fatal(roleErr)
	}
	gwNotices, pgNotices = &noticeLog{}, &noticeLog{}
	gwConfig := demoConfig(t, startDemo(t))
	gwConfig.OnNotice = gwNotices.add
	pgConfig, err := pgx.ParseConfig(oracle.DSN("postgres", plainRole, plainPassword))
	if err != nil {
		t.Fatal(err)
	}
	pgConfig.OnNotice = pgNotices.add
	for _, c := range []struct {
		cfg  *pgx.ConnConfig
		conn **pgx.Conn
	}{{gwConfig, &gw}, {pgConfig, &pg}} {
		conn, err := pgx.ConnectConfig(ctx, c.cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close(ctx) })
		*c.conn = conn
	}
	return gw, pg, gwNotices, pgNotices
}

// TestParameterNamesMatchPostgreSQL runs SET, RESET, SHOW and
// current_setting() of unknown, custom and read-only parameters, and
// SET LOCAL outside a transaction block, on pgway and on PostgreSQL 15 as
// a role that is not a superuser. It compares each statement's rows or
// error, and the notices it sends.
func TestParameterNamesMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg, gwNotices, pgNotices := connectPlainPair(t)
	steps := []string{
		// The oracle's default TimeZone is spelled Etc/UTC.
		"set timezone = 'UTC'",
		// Unknown names without a dot.
		"set no_such_setting = 1",
		"set no_such_setting to default",
		"reset no_such_setting",
		"show no_such_setting",
		"show No_Such_Setting",
		"select current_setting('no_such_setting')",
		"select current_setting('no_such_setting', true) is null",
		// Custom names, which SET creates and compares in any case.
		"show myapp.user_id",
		"select current_setting('myapp.user_id', true) is null",
		"set myapp.user_id = 5",
		"show myapp.user_id",
		"show MyApp.User_Id",
		"select current_setting('myapp.user_id'), current_setting('MYAPP.USER_ID')",
		"set a.b.c = 'x'",
		"show a.b.c",
		`set "a-b.c" = 1`,
		`set "1a.b" = 1`,
		`set "a." = 1`,
		"reset myapp.reset_only",
		"show myapp.reset_only",
		// Parameters that a session cannot change: internal, postmaster,
		// sighup, backend, superuser-backend and superuser contexts.
		"set server_version = '1'",
		"set server_version_num = 1",
		"set is_superuser = on",
		"set block_size = 1",
		"set max_connections = 5",
		"reset max_connections",
		"set data_directory = 'x'",
		"set archive_command = 'x'",
		"set ignore_system_indexes = on",
		"set jit_debugging_support = on",
		"set log_statement = 'all'",
		"set MAX_CONNECTIONS = 5",
		// PostgreSQL parameters that pgway stores as given.
		"set work_mem = '64MB'",
		"show work_mem",
		// SET LOCAL outside a transaction block warns and does nothing,
		// but still checks the name and value.
		"set local timezone = 'Asia/Tokyo'",
		"show timezone",
		"set local timezone = 'Nope/Nope'",
		"set local no_such_setting = 1",
		"set local application_name = 'local'",
		"show application_name",
		"set local myapp.local_only = 1",
		"show myapp.local_only",
		"set local timezone to default",
		// A custom name stays, empty, after the block that set it ends.
		"begin",
		"set myapp.rolled_back = 1",
		"set local myapp.block_local = 1",
		"rollback",
		"show myapp.rolled_back",
		"show myapp.block_local",
		// RESET ALL empties custom parameters.
		"set myapp.before_reset_all = 'kept?'",
		"reset all",
		"show myapp.before_reset_all",
		"set timezone = 'UTC'",
	}
	for _, step := range steps {
		got := rawResult(ctx, gw, step, []any{pgx.QueryExecModeSimpleProtocol})
		want := rawResult(ctx, pg, step, []any{pgx.QueryExecModeSimpleProtocol})
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", step, got, want)
		}
		if got, want := gwNotices.take(), pgNotices.take(); got != want {
			t.Errorf("%s: notices\n pgway:      %s\n PostgreSQL: %s", step, got, want)
		}
	}
}

// TestParameterNamesExtendedProtocol checks unknown and custom names and
// the SET LOCAL warning in the extended protocol.
func TestParameterNamesExtendedProtocol(t *testing.T) {
	ctx := context.Background()
	gw, pg, gwNotices, pgNotices := connectPlainPair(t)
	for _, step := range []string{
		"set no_such_setting = 1",
		"show no_such_setting",
		"set myapp.extended = 'e'",
		"show myapp.extended",
		"select current_setting('myapp.extended')",
		"set local extra_float_digits = 0",
		"set max_connections = 5",
	} {
		got := rawResult(ctx, gw, step, []any{pgx.QueryExecModeExec})
		want := rawResult(ctx, pg, step, []any{pgx.QueryExecModeExec})
		if got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", step, got, want)
		}
		if got, want := gwNotices.take(), pgNotices.take(); got != want {
			t.Errorf("%s: notices\n pgway:      %s\n PostgreSQL: %s", step, got, want)
		}
	}
}

// TestParameterNamesAtStartup connects with options that set an unknown
// parameter or one that cannot change at startup, which PostgreSQL
// rejects with a FATAL error.
func TestParameterNamesAtStartup(t *testing.T) {
	ctx := context.Background()
	gwConfig := demoConfig(t, startDemo(t))
	for _, options := range []string{
		"-c no_such_setting=1",
		"-c max_connections=5",
		"-c server_version=1",
		"-c myapp.user_id=7",
	} {
		var results [2]string
		for i, dsn := range []string{gwConfig.ConnString(), oracleDSN()} {
			cfg, err := pgx.ParseConfig(dsn)
			if err != nil {
				t.Fatal(err)
			}
			cfg.RuntimeParams["options"] = options
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				results[i] = errorCode(err)
				continue
			}
			results[i] = rawResult(ctx, conn, "select current_setting('myapp.user_id', true)", nil)
			conn.Close(ctx)
		}
		if results[0] != results[1] {
			t.Errorf("options %q\n pgway:      %s\n PostgreSQL: %s", options, results[0], results[1])
		}
	}
}

// timetzQueries return time with time zone values, alone, in arrays and
// in records. Each time has seconds, because DuckDB rejects a time with
// an offset but without seconds, such as 10:00+01.
var timetzQueries = []string{
	"select '12:34:56+02'::timetz, '12:34:56.5-03:30'::timetz, '00:00:00+00'::timetz, '23:59:59.999999-15:59'::timetz",
	"select '01:02:03.25+05:45:30'::timetz, '12:00:00-00:30'::time with time zone, null::timetz",
	"select array['12:34:56+02'::timetz, null, '01:00:00.5-08'::timetz]",
	"select t from (values ('10:00:00+01'::timetz), ('11:30:15.125-04'::timetz)) v(t)",
	"select row(1, '12:00:00+02'::timetz)",
}

// TestTimetzMatchesPostgreSQL compares timetz values in the simple
// protocol, the extended protocol with text results and, through pgconn,
// with binary results, which pgx requests only for types it has a codec
// for.
func TestTimetzMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range timetzQueries {
		for _, mode := range protocolModes {
			args := []any{mode}
			if got, want := exactResult(ctx, gw, sql, args), exactResult(ctx, pg, sql, args); got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
		if got, want := binaryResult(ctx, gw.PgConn(), sql), binaryResult(ctx, pg.PgConn(), sql); got != want {
			t.Errorf("%s (binary)\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// binaryResult runs sql in the extended protocol with every result
// column in the binary format, and returns the type OID and bytes of each
// value.
func binaryResult(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	result := conn.ExecParams(ctx, sql, nil, nil, nil, []int16{1}).Read()
	if result.Err != nil {
		return errorCode(result.Err)
	}
	var out strings.Builder
	for _, row := range result.Rows {
		for i, fd := range result.FieldDescriptions {
			fmt.Fprintf(&out, "%d:%x ", fd.DataTypeOID, row[i])
		}
		out.WriteString("| ")
	}
	return out.String()
}
