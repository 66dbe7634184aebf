// The PostgreSQL-protocol backend: any server libpq reaches (PostgreSQL 15, `komodo serve`).
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>

#include "backend.h"
#include "common/macros.h"
#include "pg_client.h"

namespace komodo::slt {

namespace {

// NOTICEs ("table does not exist, skipping") are not part of what a test compares.
void IgnoreNotice(void*, const char*) {}

}  // namespace

Result<PgConnPtr> Connect(const std::string& conninfo, const std::string& dbname) {
  const char* keys[] = {"dbname", dbname.empty() ? nullptr : "dbname", nullptr};
  const char* values[] = {conninfo.c_str(), dbname.c_str(), nullptr};
  PgConnPtr conn(PQconnectdbParams(keys, values, /*expand_dbname=*/1));
  if (conn == nullptr || PQstatus(conn.get()) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn.get()) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return Status("08001", "cannot connect to \"" + conninfo + "\": " + msg);
  }
  PQsetNoticeProcessor(conn.get(), IgnoreNotice, nullptr);
  return conn;
}

// Runs `sql` and returns the last result's outcome; an error Result when the connection broke.
Result<Outcome> Run(PGconn* conn, const std::string& sql) {
  PgResultPtr res(PQexec(conn, sql.c_str()));
  Outcome out;
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (res == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return Status("08006", "connection lost: " + msg);
  }
  switch (st) {
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
      return out;
    case PGRES_TUPLES_OK:
      out.num_columns = PQnfields(res.get());
      for (int i = 0; i < PQntuples(res.get()); i++) {
        std::vector<std::optional<std::string>> row;
        for (int j = 0; j < PQnfields(res.get()); j++) {
          if (PQgetisnull(res.get(), i, j)) {
            row.push_back(std::nullopt);
          } else {
            row.push_back(std::string(PQgetvalue(res.get(), i, j), PQgetlength(res.get(), i, j)));
          }
        }
        out.rows.push_back(std::move(row));
      }
      return out;
    case PGRES_FATAL_ERROR: {
      const char* state = PQresultErrorField(res.get(), PG_DIAG_SQLSTATE);
      const char* msg = PQresultErrorField(res.get(), PG_DIAG_MESSAGE_PRIMARY);
      out.status = Status(state ? state : "XX000", msg ? msg : PQresultErrorMessage(res.get()));
      return out;
    }
    default:
      return Status::Internal(std::string("unexpected result status ") + PQresStatus(st));
  }
}

namespace {

class PgSession : public Session {
 public:
  PgSession(PGconn* admin, std::string dbname, PgConnPtr conn)
      : admin_(admin), dbname_(std::move(dbname)), conn_(std::move(conn)) {}
  ~PgSession() override {
    conn_.reset();
    PgResultPtr(PQexec(admin_, ("DROP DATABASE IF EXISTS " + dbname_ + " WITH (FORCE)").c_str()));
  }

  Result<Outcome> Execute(const std::string& sql) override { return Run(conn_.get(), sql); }

 private:
  PGconn* admin_;
  std::string dbname_;
  PgConnPtr conn_;
};

class PgBackend : public Backend {
 public:
  PgBackend(std::string conninfo, PgConnPtr admin, std::string engine)
      : conninfo_(std::move(conninfo)), admin_(std::move(admin)), engine_(std::move(engine)) {}

  const std::string& engine() const override { return engine_; }

  Result<std::unique_ptr<Session>> NewSession() override {
    std::string name =
        "slt_" + std::to_string(::getpid()) + "_" + std::to_string(++sessions_created_);
    // template0 with the C collation, so that text sorts by bytes in any server, and session
    // settings that make the output independent of the server's configuration.
    const std::string setup[] = {
        "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
        "CREATE DATABASE " + name +
            " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
        "ALTER DATABASE " + name + " SET TimeZone = 'UTC'",
        "ALTER DATABASE " + name + " SET DateStyle = 'ISO, MDY'",
        "ALTER DATABASE " + name + " SET extra_float_digits = 1",
        "ALTER DATABASE " + name + " SET bytea_output = 'hex'",
    };
    for (const std::string& sql : setup) {
      ASSIGN_OR_RETURN(Outcome out, Run(admin_.get(), sql));
      if (!out.status.ok()) {
        return Status(out.status.sqlstate(), sql + ": " + out.status.message());
      }
    }
    // English messages for `statement error` substrings; only a superuser may set this, and a
    // server that cannot is left as it is.
    Run(admin_.get(), "ALTER DATABASE " + name + " SET lc_messages = 'C'")
        .status()
        .PermitUncheckedError();
    auto conn = Connect(conninfo_, name);
    if (!conn.ok()) {
      PgResultPtr(PQexec(admin_.get(), ("DROP DATABASE " + name).c_str()));
      return conn.status();
    }
    return std::unique_ptr<Session>(
        std::make_unique<PgSession>(admin_.get(), name, std::move(conn).value()));
  }

 private:
  std::string conninfo_;
  PgConnPtr admin_;
  std::string engine_;
  int sessions_created_ = 0;
};

}  // namespace

Result<std::unique_ptr<Backend>> NewPostgresBackend(const std::string& conninfo,
                                                    const std::string& engine) {
  ASSIGN_OR_RETURN(PgConnPtr admin, Connect(conninfo, ""));
  std::string name = engine;
  if (name.empty()) {
    const char* v = PQparameterStatus(admin.get(), "server_version");
    std::string version = v ? v : "";
    std::transform(version.begin(), version.end(), version.begin(), ::tolower);
    name = version.find("komodo") != std::string::npos ? "komodo" : "postgresql";
  }
  return std::unique_ptr<Backend>(
      std::make_unique<PgBackend>(conninfo, std::move(admin), std::move(name)));
}

}  // namespace komodo::slt
