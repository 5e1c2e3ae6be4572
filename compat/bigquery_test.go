package compat

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/option"

	"pgway/config"
	_ "pgway/providers/bigquery"
)

// The bigquery target runs against bigquery-emulator, a test double of
// the BigQuery API, with the demo tables loaded under BigQuery's types.
// The tables are in the dataset demo, which the connection names as its
// default dataset, so the provider reports it as the schema public.
const (
	bigQueryProject = "pgway-compat"
	bigQueryDataset = "demo"
	// bigQueryStaging holds the CSV files as loaded, before the tables
	// with GEOGRAPHY columns are built from them. It is deleted after.
	bigQueryStaging = "demo_staging"
	// bigQueryLoadTimeout bounds starting the emulator and loading it.
	bigQueryLoadTimeout = 3 * time.Minute
)

var (
	// bigQueryMissing is why the bigquery target is not in the suite, ""
	// when it is.
	bigQueryMissing string
	// bigQueryLoadTime is how long loading the demo tables took.
	bigQueryLoadTime time.Duration
)

func init() {
	bin, err := bigQueryEmulatorBinary()
	if err != nil && os.Getenv("PGWAY_REQUIRE_EMULATORS") != "1" {
		bigQueryMissing = err.Error()
		return
	}
	qgisKeyedTables["bigquery"] = createBigQuerySites
	qgisWithoutRowAddress["bigquery"] = true
	targets = append(targets, &target{Name: "bigquery",
		setUp: func() (config.Connection, error) {
			if err != nil {
				return config.Connection{}, fmt.Errorf("%w (PGWAY_REQUIRE_EMULATORS=1)", err)
			}
			return bigQueryConnection(bin)
		},
		Gaps: map[string]string{
			"demo data": "bigquery-emulator returns GEOGRAPHY coordinates with 15 significant digits, so the " +
				"countries' outlines differ from PostGIS's in the last bits; TestBigQueryDemoData " +
				"compares the rows with coordinates rounded to 15 digits",
			"pgjdbc prepared": "bigquery-emulator ignores the precision and scale of a parameterized " +
				"BIGNUMERIC in CAST(? AS BIGNUMERIC(38, 10)), which pgway writes for numeric(38,10), " +
				"so the value keeps all 13 fractional digits where BigQuery and PostgreSQL round to 10",
		}})
}

// TestBigQueryTarget reports whether the bigquery target is in the suite,
// which it is unless bigquery-emulator is not installed, and how long
// loading the emulator took.
func TestBigQueryTarget(t *testing.T) {
	if bigQueryMissing != "" {
		t.Skip("the bigquery target is left out: " + bigQueryMissing)
	}
	t.Logf("loaded the demo tables into bigquery-emulator in %v", bigQueryLoadTime.Round(time.Millisecond))
}

// bigQueryEmulatorBinary returns the path of bigquery-emulator, from PATH
// or GOPATH/bin.
func bigQueryEmulatorBinary() (string, error) {
	if path, err := exec.LookPath("bigquery-emulator"); err == nil {
		return path, nil
	}
	gopath, err := exec.Command("go", "env", "GOPATH").Output()
	if err == nil {
		path := filepath.Join(strings.TrimSpace(string(gopath)), "bin", "bigquery-emulator")
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
	return "", errors.New("bigquery-emulator is not installed: run .ci/bigquery-emulator.sh")
}

// bigQueryConnection starts bigquery-emulator, loads the demo tables into
// it and returns a connection to it.
func bigQueryConnection(bin string) (config.Connection, error) {
	endpoint, err := startBigQueryEmulator(bin)
	if err != nil {
		return config.Connection{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), bigQueryLoadTimeout)
	defer cancel()
	client, err := emulatorClient(ctx, endpoint)
	if err != nil {
		return config.Connection{}, err
	}
	defer client.Close()
	start := time.Now()
	if err := loadBigQueryDemo(ctx, client); err != nil {
		return config.Connection{}, fmt.Errorf("load the demo tables into bigquery-emulator: %w", err)
	}
	bigQueryLoadTime = time.Since(start)
	bigQueryEndpoint = endpoint
	credentials := map[string]string{
		"project_id": bigQueryProject, "access_token": "compat-emulator-token",
		"default_dataset": bigQueryDataset, "endpoint": endpoint,
	}
	return config.Connection{Name: "warehouse_bigquery", ProviderID: "bigquery", Owner: alice,
		Privacy: config.PrivacyOrganization,
		Config:  config.ConnectionConfig{Type: "oauth", Credentials: credentials}}, nil
}

// startBigQueryEmulator starts bigquery-emulator on loopback with an
// empty project and returns its REST endpoint. The emulator keeps its
// data in memory.
func startBigQueryEmulator(bin string) (string, error) {
	httpPort, err := freeLoopbackPort()
	if err != nil {
		return "", err
	}
	grpcPort, err := freeLoopbackPort()
	if err != nil {
		return "", err
	}
	var output bytes.Buffer
	cmd := exec.Command(bin, "--host=127.0.0.1", "--port="+strconv.Itoa(httpPort),
		"--grpc-port="+strconv.Itoa(grpcPort), "--project="+bigQueryProject, "--log-level=error")
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start bigquery-emulator: %w", err)
	}

	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	cleanups = append(cleanups, func() error {
		cmd.Process.Kill()
		<-exited
		return nil
	})

	endpoint := "http://127.0.0.1:" + strconv.Itoa(httpPort)
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(endpoint + "/bigquery/v2/projects/" + bigQueryProject + "/datasets")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return endpoint, nil
			}
		}
		select {
		case <-exited:
			return "", fmt.Errorf("bigquery-emulator exited: %s", output.String())
		default:
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("bigquery-emulator did not answer within a minute: %v\n%s", err, output.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// loadBigQueryDemo loads the demo source files with load jobs, as CSV
// into staging tables, and builds the demo tables from them with CREATE
// TABLE AS, since the emulator keeps a GEOGRAPHY loaded from CSV as text.
// Empty CSV fields load as NULL, and each point is built from the same
// lng and lat as in the demo warehouse.
func loadBigQueryDemo(ctx context.Context, client *bigquery.Client) error {
	for _, id := range []string{bigQueryDataset, bigQueryStaging} {
		if err := client.Dataset(id).Create(ctx, nil); err != nil {
			return fmt.Errorf("create dataset %s: %w", id, err)
		}
	}

	staging := client.Dataset(bigQueryStaging)
	cities, err := os.Open(demoDir + "geonames-cities.csv.gz")
	if err != nil {
		return err
	}
	defer cities.Close()
	citiesCSV, err := gzip.NewReader(cities)
	if err != nil {
		return err
	}
	cityColumns := bigquery.Schema{
		{Name: "name", Type: bigquery.StringFieldType}, {Name: "country", Type: bigquery.StringFieldType},
		{Name: "admin1", Type: bigquery.StringFieldType}, {Name: "admin2", Type: bigquery.StringFieldType},
		{Name: "lat", Type: bigquery.FloatFieldType}, {Name: "lng", Type: bigquery.FloatFieldType},
	}
	if err := loadBigQueryCSV(ctx, staging.Table("cities"), citiesCSV, cityColumns); err != nil {
		return fmt.Errorf("load cities: %w", err)
	}

	countriesCSV, err := countriesAsCSV()
	if err != nil {
		return err
	}
	countryColumns := bigquery.Schema{
		{Name: "id", Type: bigquery.StringFieldType}, {Name: "name", Type: bigquery.StringFieldType},
		{Name: "wkt", Type: bigquery.StringFieldType},
	}
	if err := loadBigQueryCSV(ctx, staging.Table("countries"), countriesCSV, countryColumns); err != nil {
		return fmt.Errorf("load countries: %w", err)
	}

	statements := []string{
		`CREATE TABLE demo.cities AS SELECT name, country, admin1, admin2, lat, lng,
			ST_GEOGPOINT(lng, lat) AS geom FROM demo_staging.cities`,
		`CREATE TABLE demo.countries AS SELECT id, name, ST_GEOGFROMTEXT(wkt) AS geom
			FROM demo_staging.countries`,
	}
	for _, sql := range statements {
		if err := runBigQueryJob(ctx, client.Query(sql)); err != nil {
			return fmt.Errorf("%s: %w", sql, err)
		}
	}
	return staging.DeleteWithContents(ctx)
}

// loadBigQueryCSV loads CSV text with a header row into table.
func loadBigQueryCSV(ctx context.Context, table *bigquery.Table, text io.Reader, schema bigquery.Schema) error {
	source := bigquery.NewReaderSource(text)
	source.SourceFormat = bigquery.CSV
	source.SkipLeadingRows = 1
	source.Schema = schema
	return runBigQueryJob(ctx, table.LoaderFrom(source))
}

// runBigQueryJob runs a load or query job and waits for it to finish.
func runBigQueryJob(ctx context.Context, runner interface {
	Run(context.Context) (*bigquery.Job, error)
}) error {
	job, err := runner.Run(ctx)
	if err != nil {
		return err
	}
	status, err := job.Wait(ctx)
	if err != nil {
		return err
	}
	return status.Err()
}

// countriesAsCSV reads the countries' GeoJSON and writes it as CSV with
// the outline as WKT. A feature without an id gets an empty field, which
// loads as NULL.
func countriesAsCSV() (io.Reader, error) {
	f, err := os.Open(demoDir + "naturalearth-countries-110m.geojson.gz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var collection struct {
		Features []struct {
			ID         *string `json:"id"`
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.NewDecoder(gz).Decode(&collection); err != nil {
		return nil, fmt.Errorf("decode GeoJSON: %w", err)
	}

	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write([]string{"id", "name", "wkt"})
	for _, feature := range collection.Features {
		var id string
		if feature.ID != nil {
			id = *feature.ID
		}
		text, err := polygonWKT(feature.Geometry.Type, feature.Geometry.Coordinates)
		if err != nil {
			return nil, fmt.Errorf("country %s: %w", feature.Properties.Name, err)
		}
		w.Write([]string{id, feature.Properties.Name, text})
	}
	w.Flush()
	return &out, w.Error()
}

// TestBigQueryDemoData checks that the bigquery target contains the rows
// of the demo tables that PostgreSQL contains, as TestDemoDataMatches does
// for the other targets, with every coordinate of a geometry rounded to
// 15 significant digits. bigquery-emulator v0.8.1 writes GEOGRAPHY values
// with 15, as a comment in its source states BigQuery does.
func TestBigQueryDemoData(t *testing.T) {
	tg := bigQueryTarget(t)
	for _, query := range demoFingerprints {
		want := roundGeometries(t, queryRows(t, oracle(), query))
		got := roundGeometries(t, queryRows(t, tg.gateway(), query))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s\nreturns %d rows, PostgreSQL %d; first difference: %s",
				query, len(got), len(want), firstDifference(got, want))
		}
	}
}

// bigQueryTarget returns the bigquery target, or skips the test when it
// is not in the suite.
func bigQueryTarget(t *testing.T) *target {
	t.Helper()
	for _, tg := range targets {
		if tg.Name == "bigquery" {
			return tg
		}
	}
	t.Skip("the bigquery target is left out: " + bigQueryMissing)
	return nil
}

// roundGeometries replaces each value of rows that is hex EWKB, as a
// geometry's text form is, by its type, counts and coordinates with 15
// significant digits. A value counts as EWKB when it is hex of at least
// the 25 bytes of a point with an SRID.
func roundGeometries(t *testing.T, rows [][]any) [][]any {
	t.Helper()
	for _, row := range rows {
		for i, v := range row {
			text, ok := v.(string)
			if !ok || len(text) < 50 {
				continue
			}
			data, err := hex.DecodeString(text)
			if err != nil {
				continue
			}
			var out strings.Builder
			if rest, err := roundEWKB(data, &out); err != nil || len(rest) != 0 {
				t.Fatalf("value %.40s... is not EWKB: %v", text, err)
			}
			row[i] = out.String()
		}
	}
	return rows
}

// roundEWKB writes the little-endian EWKB geometry at the start of data
// to out and returns the bytes after it.
func roundEWKB(data []byte, out *strings.Builder) ([]byte, error) {
	if len(data) < 5 || data[0] != 1 {
		return nil, errors.New("not little-endian WKB")
	}
	kind := binary.LittleEndian.Uint32(data[1:5])
	data = data[5:]
	if kind&0x20000000 != 0 {
		if len(data) < 4 {
			return nil, io.ErrUnexpectedEOF
		}
		fmt.Fprintf(out, "SRID=%d;", binary.LittleEndian.Uint32(data[:4]))
		data = data[4:]
	}
	kind &= 0xffff
	fmt.Fprintf(out, "%d(", kind)

	count := func() (int, error) {
		if len(data) < 4 {
			return 0, io.ErrUnexpectedEOF
		}
		n := int(binary.LittleEndian.Uint32(data[:4]))
		data = data[4:]
		fmt.Fprintf(out, "%d:", n)
		return n, nil
	}
	points := func(n int) error {
		if len(data) < 16*n {
			return io.ErrUnexpectedEOF
		}
		for range 2 * n {
			f := math.Float64frombits(binary.LittleEndian.Uint64(data[:8]))
			out.WriteString(strconv.FormatFloat(f, 'g', 15, 64) + " ")
			data = data[8:]
		}
		return nil
	}

	var err error
	switch kind {
	case 1:
		err = points(1)
	case 2:
		var n int
		if n, err = count(); err == nil {
			err = points(n)
		}
	case 3:
		var rings int
		rings, err = count()
		for range rings {
			var n int
			if n, err = count(); err != nil {
				break
			}
			if err = points(n); err != nil {
				break
			}
		}
	case 4, 5, 6, 7:
		var parts int
		parts, err = count()
		for range parts {
			if data, err = roundEWKB(data, out); err != nil {
				break
			}
		}
	default:
		err = fmt.Errorf("unexpected geometry type %d", kind)
	}
	out.WriteString(")")
	return data, err
}

// bigQueryEndpoint is the REST endpoint of the emulator that the bigquery
// target runs on.
var bigQueryEndpoint string

// createBigQuerySites creates the QGIS test's keyed table in the
// emulator, with a primary key, which BigQuery does not enforce but
// reports in the table's constraints.
func createBigQuerySites(sites []site) (func() error, error) {
	ctx, cancel := context.WithTimeout(context.Background(), bigQueryLoadTimeout)
	defer cancel()
	client, err := emulatorClient(ctx, bigQueryEndpoint)
	if err != nil {
		return nil, err
	}
	defer client.Close()

	table := client.Dataset(bigQueryDataset).Table(keyedTable)
	err = table.Create(ctx, &bigquery.TableMetadata{
		Schema: bigquery.Schema{
			{Name: "id", Type: bigquery.IntegerFieldType, Required: true},
			{Name: "name", Type: bigquery.StringFieldType},
			{Name: "geom", Type: bigquery.GeographyFieldType},
		},
		TableConstraints: &bigquery.TableConstraints{PrimaryKey: &bigquery.PrimaryKey{Columns: []string{"id"}}},
	})
	if err != nil {
		return nil, fmt.Errorf("create table %s: %w", keyedTable, err)
	}

	var values []string
	for _, s := range sites {
		values = append(values, fmt.Sprintf("(%d, '%s', ST_GEOGPOINT(%v, %v))", s.id, s.name, s.lng, s.lat))
	}
	insert := fmt.Sprintf("INSERT INTO %s.%s (id, name, geom) VALUES %s",
		bigQueryDataset, keyedTable, strings.Join(values, ", "))
	if err := runBigQueryJob(ctx, client.Query(insert)); err != nil {
		return nil, fmt.Errorf("fill table %s: %w", keyedTable, err)
	}

	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), bigQueryLoadTimeout)
		defer cancel()
		client, err := emulatorClient(ctx, bigQueryEndpoint)
		if err != nil {
			return err
		}
		defer client.Close()
		return client.Dataset(bigQueryDataset).Table(keyedTable).Delete(ctx)
	}
	return drop, nil
}

// emulatorClient returns a BigQuery client of the emulator at endpoint. A
// plain HTTP client sends no credentials, and with it the client library
// looks for none.
func emulatorClient(ctx context.Context, endpoint string) (*bigquery.Client, error) {
	return bigquery.NewClient(ctx, bigQueryProject,
		option.WithHTTPClient(&http.Client{}), option.WithEndpoint(endpoint))
}
