package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"

	bindings "github.com/duckdb/duckdb-go-bindings"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"pgway/translate"
)

// database is one open DuckDB database, reached two ways: through the
// duckdb-go driver, which loads data and registers pgway's SQL functions,
// and through the C API bindings, which sessions use because only they
// expose DuckDB's streaming results. Both handles name the same database
// instance through the driver's instance cache, which is keyed by path, so
// a database must have a file path.
type database struct {
	key       string
	sqlDB     *sql.DB // closes the driver's connector when closed
	connector *duckdb.Connector
	handle    bindings.Database
	// defaultSRID is the SRID of geometries whose type has no coordinate
	// reference system.
	defaultSRID int32
	// lockedDown is set when SQL cannot reach other files of the host.
	lockedDown bool
	// relations are the column types of its tables and views, and
	// schemas the names of its schemas.
	relations relationTypes
	schemas   schemaNamesCache
	// commits counts the commits of statements and transactions that may
	// have changed data, after DuckDB made them visible.
	commits atomic.Uint64
	// catalog is the database's name in DuckDB (catalogName).
	catalog struct {
		once sync.Once
		name string
	}
	refs int // guarded by databases.mu
}

// databases holds the open databases by path and options, so that the
// sessions on one file share a database and its functions are registered
// once.
var databases = struct {
	mu   sync.Mutex
	open map[string]*database
}{open: make(map[string]*database)}

// acquireDatabase opens the DuckDB file at path with the given
// configuration options, such as access_mode, or returns the database
// already open with them. Each call must be paired with a release. With
// lockDown, SQL on the database cannot reach other files of the host.
func acquireDatabase(ctx context.Context, path string, options url.Values, defaultSRID int32, lockDown bool) (*database, error) {
	key := path + "?" + options.Encode()
	databases.mu.Lock()
	defer databases.mu.Unlock()
	if db, ok := databases.open[key]; ok {
		if db.lockedDown != lockDown {
			return nil, fmt.Errorf("DuckDB file %s is already open with external_access %t: "+
				"connections to one file must set external_access alike", path, !db.lockedDown)
		}
		db.refs++
		return db, nil
	}
	db, err := openDatabase(ctx, path, options, defaultSRID)
	if err != nil {
		return nil, err
	}
	if lockDown {
		if _, err := db.sqlDB.ExecContext(ctx, lockDownSQL); err != nil {
			db.close()
			return nil, fmt.Errorf("lock down duckdb database: %w", err)
		}
	}
	db.lockedDown = lockDown
	db.key, db.refs = key, 1
	databases.open[key] = db
	return db, nil
}

// release closes the database when no session uses it any more.
func (db *database) release() error {
	databases.mu.Lock()
	defer databases.mu.Unlock()
	db.refs--
	if db.refs > 0 {
		return nil
	}
	delete(databases.open, db.key)
	return db.close()
}

// lockDownSQL stops SQL on a database from reading or writing files of the
// pgway host other than the database itself (read_csv, ATTACH, COPY,
// INSTALL and LOAD). DuckDB refuses to turn external access back on while
// the database runs. The configuration stays unlocked, because each
// session sets its connections' TimeZone. Clients cannot change DuckDB's
// settings, because pgway runs SET itself and sends DuckDB no SET.
const lockDownSQL = `SET enable_external_access = false;`

// offlineSetup stops DuckDB from downloading extensions that a query
// needs, such as inet for an INET cast. DuckDB still loads the extensions
// linked into pgway, such as json, when a query first needs them.
var offlineSetup = []string{
	"SET GLOBAL autoinstall_known_extensions = false",
}

func openDatabase(ctx context.Context, path string, options url.Values, defaultSRID int32) (*database, error) {
	dsn := path
	if len(options) > 0 {
		dsn += "?" + options.Encode()
	}
	connector, err := duckdb.NewConnector(dsn, nil)
	if err != nil {
		return nil, fmt.Errorf("open duckdb database: %w", err)
	}
	db := &database{sqlDB: sql.OpenDB(connector), connector: connector, defaultSRID: defaultSRID}
	if db.handle, err = openCached(path, options); err != nil {
		db.sqlDB.Close()
		return nil, err
	}
	if err := registerGeometryFunctions(ctx, db.sqlDB, defaultSRID); err != nil {
		db.close()
		return nil, err
	}
	if err := registerNumericFunctions(ctx, db.sqlDB); err != nil {
		db.close()
		return nil, err
	}
	if err := registerBuiltinFunctions(ctx, db.sqlDB); err != nil {
		db.close()
		return nil, err
	}
	// The settings are global, because every session opens connections of
	// its own.
	for _, setup := range append(offlineSetup, translate.DuckDBSessionSetup...) {
		if _, err := db.sqlDB.ExecContext(ctx, setup); err != nil {
			db.close()
			return nil, fmt.Errorf("set up duckdb database for translated SQL: %w", err)
		}
	}
	return db, nil
}

// openCached returns a second handle to the database instance that the
// driver opened for path. The configuration must be the driver's, or DuckDB
// rejects it as different from the cached instance's.
func openCached(path string, options url.Values) (bindings.Database, error) {
	var config bindings.Config
	var handle bindings.Database
	if bindings.CreateConfig(&config) == bindings.StateError {
		return handle, errors.New("create duckdb configuration")
	}
	defer bindings.DestroyConfig(&config)
	// The driver sets duckdb_api to go for every database it opens.
	settings := map[string]string{"duckdb_api": "go"}
	for name := range options {
		settings[name] = options.Get(name)
	}
	for name, value := range settings {
		if bindings.SetConfig(config, name, value) == bindings.StateError {
			return handle, fmt.Errorf("duckdb configuration %s=%s is invalid", name, value)
		}
	}
	var message string
	if bindings.GetOrCreateFromCache(duckdb.GetInstanceCache(), path, &handle, config, &message) == bindings.StateError {
		bindings.Close(&handle)
		return handle, newError(message)
	}
	return handle, nil
}

func (db *database) close() error {
	bindings.Close(&db.handle)
	return db.sqlDB.Close()
}
