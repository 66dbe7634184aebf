// libpq helpers shared by the backends that speak the PostgreSQL protocol (pg_backend.cc for any
// server, serve_backend.cc for a `komodo serve` the runner starts itself).
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "backend.h"
#include "komodo/result.h"

namespace komodo::slt {

struct PgConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;
struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;

// Connects with libpq (`dbname`, when not empty, overrides the one in `conninfo`); NOTICEs are
// dropped, since tests do not compare them. Error 08001 with libpq's message.
Result<PgConnPtr> Connect(const std::string& conninfo, const std::string& dbname);

// Runs `sql` over the simple query protocol and returns the last result's outcome; an error
// Result when the connection broke.
Result<Outcome> Run(PGconn* conn, const std::string& sql);

}  // namespace komodo::slt
