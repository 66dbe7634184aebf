// The PostgreSQL JDBC driver against komodo serve: prepared statements, a fetch size (the
// driver then reads through a portal in batches), a rolled-back transaction, an error's
// SQLSTATE, and DatabaseMetaData: the server's identity and schema reflection (getTables,
// getColumns, getPrimaryKeys, getIndexInfo, getImportedKeys/getExportedKeys), whose expected
// answers are PostgreSQL 15's (the test passes against it too). Usage: java JdbcTest PORT;
// prints "ok" when every check holds.
import java.sql.*;

public class JdbcTest {
  static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/komodo";
    try (Connection c = DriverManager.getConnection(url, "komodo", "")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jdbc_t (id int PRIMARY KEY, name varchar(20), v double precision)");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_t VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 250; i++) {
          p.setInt(1, i);
          p.setString(2, "n" + i);
          p.setDouble(3, i * 0.5);
          p.addBatch();
        }
        int[] counts = p.executeBatch();
        check(counts.length == 250, "batch size");
      }
      // A fetch size needs a transaction: the driver then reads 100 rows at a time.
      c.setAutoCommit(false);
      try (PreparedStatement p =
               c.prepareStatement("SELECT id, name, v FROM jdbc_t WHERE id > ? ORDER BY id")) {
        p.setFetchSize(100);
        p.setInt(1, 10);
        int n = 0;
        long sum = 0;
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            n++;
            sum += r.getInt(1);
            check(r.getString(2).equals("n" + r.getInt(1)), "name");
            check(r.getDouble(3) == r.getInt(1) * 0.5, "value");
          }
        }
        check(n == 240, "rows read: " + n);
        check(sum == (250L * 251 / 2) - 55, "sum");
      }
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE jdbc_t SET v = -1 WHERE id = 1");
      }
      c.rollback();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM jdbc_t WHERE id = 1")) {
        check(r.next() && r.getDouble(1) == 0.5, "rollback");
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM nope");
        check(false, "no error");
      } catch (SQLException e) {
        check("42P01".equals(e.getSQLState()), "sqlstate " + e.getSQLState());
      }
      c.rollback();
      c.setAutoCommit(true);
      // Arrays: setArray sends an int4[] parameter, getArray reads int[] and text[] columns.
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jdbc_arr (id int PRIMARY KEY, nums int[], words text[])");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_arr VALUES (?, ?, ?)")) {
        p.setInt(1, 1);
        p.setArray(2, c.createArrayOf("int4", new Integer[] {3, null, 1}));
        p.setArray(3, c.createArrayOf("text", new String[] {"a b", "c\"d"}));
        p.executeUpdate();
      }
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT nums, words FROM jdbc_arr")) {
        check(r.next(), "array row");
        Integer[] nums = (Integer[]) r.getArray(1).getArray();
        check(java.util.Arrays.equals(nums, new Integer[] {3, null, 1}), "int[] " + r.getString(1));
        String[] words = (String[]) r.getArray(2).getArray();
        check(java.util.Arrays.equals(words, new String[] {"a b", "c\"d"}), "text[] " + r.getString(2));
        check(r.getArray(1).getBaseType() == Types.INTEGER, "base type");
      }
      DatabaseMetaData md = c.getMetaData();
      check(md.getDatabaseProductName().equals("PostgreSQL"), "product");
      metadata(c);
    }
    System.out.println("ok");
  }

  // The chosen columns of each row, "a|b|c" per row, rows joined by "; ".
  static String rows(ResultSet r, String... columns) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (r) {
      while (r.next()) {
        if (out.length() > 0) out.append("; ");
        for (int i = 0; i < columns.length; i++) {
          if (i > 0) out.append('|');
          out.append(r.getString(columns[i]));
        }
      }
    }
    return out.toString();
  }

  static void expect(String got, String want, String what) {
    check(got.equals(want), what + ":\n  got  " + got + "\n  want " + want);
  }

  // DatabaseMetaData's catalog queries (pg_catalog joins, _pg_expandarray, regclass casts,
  // format_type, pg_get_expr): each answer is PostgreSQL 15's.
  static void metadata(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE jdbc_parent (id serial PRIMARY KEY, code varchar(10) NOT NULL UNIQUE)");
      s.execute("CREATE TABLE jdbc_child (id int, seq smallint, parent_id int REFERENCES "
          + "jdbc_parent (id) ON DELETE SET NULL, amount numeric(10,2) DEFAULT 0, created "
          + "timestamp, doc jsonb, PRIMARY KEY (id, seq))");
      s.execute("CREATE INDEX jdbc_child_created ON jdbc_child (created DESC, amount)");
      s.execute("CREATE VIEW jdbc_view AS SELECT id, amount FROM jdbc_child");
    }
    DatabaseMetaData md = c.getMetaData();
    expect(rows(md.getTables(null, "public", "jdbc_%", new String[] {"TABLE"}), "TABLE_SCHEM",
               "TABLE_NAME", "TABLE_TYPE"),
        "public|jdbc_arr|TABLE; public|jdbc_child|TABLE; public|jdbc_parent|TABLE; "
            + "public|jdbc_t|TABLE",
        "getTables");
    expect(rows(md.getTables(null, null, "jdbc_v%", null), "TABLE_NAME", "TABLE_TYPE"),
        "jdbc_view|VIEW", "getTables views");
    expect(rows(md.getColumns(null, "public", "jdbc_child", null), "ORDINAL_POSITION",
               "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS",
               "NULLABLE", "IS_NULLABLE", "COLUMN_DEF", "IS_AUTOINCREMENT"),
        "1|id|4|int4|10|0|0|NO|null|NO; 2|seq|5|int2|5|0|0|NO|null|NO; " + "3|parent_id|4|int4|10|0|1|YES|null|NO; " + "4|amount|2|numeric|10|2|1|YES|0|NO; " + "5|created|93|timestamp|29|6|1|YES|null|NO; " + "6|doc|1111|jsonb|2147483647|0|1|YES|null|NO",
        "getColumns");
    expect(rows(md.getColumns(null, "public", "jdbc_parent", "%"), "COLUMN_NAME", "TYPE_NAME",
               "COLUMN_SIZE", "NULLABLE", "COLUMN_DEF", "IS_AUTOINCREMENT"),
        "id|serial|10|0|nextval('jdbc_parent_id_seq'::regclass)|YES; " + "code|varchar|10|0|null|NO",
        "getColumns serial");
    expect(rows(md.getPrimaryKeys(null, "public", "jdbc_child"), "TABLE_NAME", "COLUMN_NAME",
               "KEY_SEQ", "PK_NAME"),
        "jdbc_child|id|1|jdbc_child_pkey; jdbc_child|seq|2|jdbc_child_pkey", "getPrimaryKeys");
    expect(rows(md.getIndexInfo(null, "public", "jdbc_child", false, false), "INDEX_NAME",
               "NON_UNIQUE", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"),
        "jdbc_child_pkey|f|3|1|id|A; jdbc_child_pkey|f|3|2|seq|A; " + "jdbc_child_created|t|3|1|created|D; jdbc_child_created|t|3|2|amount|A", "getIndexInfo");
    expect(rows(md.getIndexInfo(null, "public", "jdbc_parent", true, false), "INDEX_NAME",
               "NON_UNIQUE", "ORDINAL_POSITION", "COLUMN_NAME"),
        "jdbc_parent_code_key|f|1|code; jdbc_parent_pkey|f|1|id", "getIndexInfo unique");
    expect(rows(md.getImportedKeys(null, "public", "jdbc_child"), "PKTABLE_NAME",
               "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE",
               "DELETE_RULE", "FK_NAME", "PK_NAME"),
        "jdbc_parent|id|jdbc_child|parent_id|1|3|2|jdbc_child_parent_id_fkey|jdbc_parent_pkey", "getImportedKeys");
    expect(rows(md.getExportedKeys(null, "public", "jdbc_parent"), "FKTABLE_NAME",
               "FKCOLUMN_NAME", "FK_NAME"),
        "jdbc_child|parent_id|jdbc_child_parent_id_fkey", "getExportedKeys");
  }
}
