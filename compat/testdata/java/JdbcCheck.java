// Runs pgjdbc against the server in the libpq environment variables
// (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) and prints what the
// driver returned, one tab-separated record a line, for the Go test to
// compare with PostgreSQL's output.
//
//   java -cp postgresql.jar JdbcCheck.java metadata
//   java -cp postgresql.jar JdbcCheck.java prepared
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;

import org.postgresql.PGStatement;
import org.postgresql.util.PGobject;

public class JdbcCheck {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://" + System.getenv("PGHOST") + ":" + System.getenv("PGPORT")
            + "/" + System.getenv("PGDATABASE");
        Properties props = new Properties();
        props.setProperty("user", System.getenv("PGUSER"));
        props.setProperty("password", System.getenv("PGPASSWORD"));
        props.setProperty("sslmode", "disable");
        props.setProperty("connectTimeout", "10");
        // The driver's defaults, written out because the test relies on
        // them: from the fifth execution on, a prepared statement is a
        // named server statement and its results come in binary.
        props.setProperty("prepareThreshold", "5");
        props.setProperty("binaryTransfer", "true");
        try (Connection conn = DriverManager.getConnection(url, props)) {
            switch (args[0]) {
                case "metadata" -> metadata(conn.getMetaData());
                case "prepared" -> prepared(conn);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    // Prints the tables of schema public and the columns of the demo tables.
    static void metadata(DatabaseMetaData md) throws Exception {
        try (ResultSet rs = md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                print("table", rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"));
            }
        }
        for (String table : new String[] {"cities", "countries"}) {
            try (ResultSet rs = md.getColumns(null, "public", table, "%")) {
                while (rs.next()) {
                    print("column", rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"),
                        rs.getString("COLUMN_NAME"), rs.getString("ORDINAL_POSITION"),
                        rs.getString("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getString("NULLABLE"), rs.getString("IS_NULLABLE"));
                }
            }
        }
    }

    static final String QUERY = "SELECT name, lat, CAST(lat AS numeric(9,5)) AS lat_numeric, geom,"
        + " CAST(? AS timestamp) AS ts, CAST(? AS timestamptz) AS tstz, CAST(? AS numeric(38,10)) AS amount,"
        + " TIMESTAMP '2024-02-29 13:45:30.123456' AS fixed_ts"
        + " FROM cities WHERE country = ? AND name = ? ORDER BY lat, lng";

    static final String[][] CITIES = {
        {"ES", "Madrid"}, {"PT", "Lisbon"}, {"FR", "Paris"}, {"JP", "Tokyo"},
        {"AR", "Buenos Aires"}, {"AU", "Sydney"}, {"CA", "Toronto"}, {"NZ", "Auckland"},
    };

    // Runs one prepared statement eight times with new parameters each
    // time and prints every row with the wire format of each column
    // (0 text, 1 binary) and whether the driver used a named statement.
    static void prepared(Connection conn) throws Exception {
        try (PreparedStatement ps = conn.prepareStatement(QUERY)) {
            for (int i = 0; i < CITIES.length; i++) {
                LocalDateTime local = LocalDateTime.of(2023, 12, 31, 23, 59, 59, 1000);
                ps.setTimestamp(1, Timestamp.valueOf(local.plusDays(37L * i).plusNanos(1000L * i)));
                ps.setObject(2, OffsetDateTime.of(2024, 3, 31, 1, 30, 0, 250_000_000, ZoneOffset.ofHours(i - 3)));
                ps.setBigDecimal(3, new BigDecimal("12345678901234567890.0123456789").movePointLeft(i));
                ps.setString(4, CITIES[i][0]);
                ps.setString(5, CITIES[i][1]);
                boolean named = ps.unwrap(PGStatement.class).isUseServerPrepare();
                try (ResultSet rs = ps.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                        Object geom = rs.getObject("geom");
                        String geomType = geom instanceof PGobject pg ? pg.getType() : geom.getClass().getName();
                        print("row", String.valueOf(i), rs.getString("name"), String.valueOf(rs.getDouble("lat")),
                            rs.getBigDecimal("lat_numeric").toPlainString(), geomType, rs.getString("geom"),
                            String.valueOf(rs.getTimestamp("ts")),
                            String.valueOf(rs.getObject("tstz", OffsetDateTime.class).toInstant()),
                            rs.getBigDecimal("amount").toPlainString(),
                            String.valueOf(rs.getTimestamp("fixed_ts")));
                    }
                    print("execution", String.valueOf(i), String.valueOf(named), String.valueOf(rows), formats(rs));
                }
            }
        }
    }

    // Returns the wire format of each result column, read from the
    // driver's internal fields because JDBC has no API for it, or "?"
    // when this driver version keeps them elsewhere.
    static String formats(ResultSet rs) {
        try {
            Object impl = rs.unwrap(Class.forName("org.postgresql.jdbc.PgResultSet"));
            Field f = impl.getClass().getDeclaredField("fields");
            f.setAccessible(true);
            StringBuilder sb = new StringBuilder();
            for (Object field : (Object[]) f.get(impl)) {
                sb.append(field.getClass().getMethod("getFormat").invoke(field));
            }
            return sb.toString();
        } catch (ReflectiveOperationException | java.sql.SQLException e) {
            return "?";
        }
    }

    static void print(String... fields) {
        System.out.println(String.join("\t", fields));
    }
}
