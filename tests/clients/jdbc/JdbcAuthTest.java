// The PostgreSQL JDBC driver logging in to `komodo serve` with SCRAM-SHA-256, in plain text and
// over TLS (sslmode=require: encrypted, certificate not checked). The server runs with
// auth_method = scram-sha-256 and TLS on, and has the login role alice with password alice-pw.
// Usage: java JdbcAuthTest PORT. Prints "ok" and exits 0 when every check passes.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public class JdbcAuthTest {
  static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  static void query(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT 40 + 2")) {
      check(r.next() && r.getInt(1) == 42, "SELECT 40 + 2 over " + url);
    }
  }

  public static void main(String[] args) throws Exception {
    String base = "jdbc:postgresql://127.0.0.1:" + args[0] + "/komodo";
    query(base + "?sslmode=disable", "alice", "alice-pw");
    query(base + "?sslmode=require", "alice", "alice-pw");
    for (String user : new String[] {"alice", "nobody"}) {
      try {
        query(base + "?sslmode=disable", user, "wrong");
        throw new AssertionError(user + " logged in with a wrong password");
      } catch (SQLException e) {
        check("28P01".equals(e.getSQLState()), "SQLState " + e.getSQLState());
        check(e.getMessage().contains("password authentication failed for user \"" + user + "\""),
            e.getMessage());
      }
    }
    System.out.println("ok");
  }
}
