// Where the runner sends SQL: the embedded engine or a PostgreSQL-protocol server.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "komodo/result.h"

namespace komodo::slt {

// The outcome of one statement as the runner compares it: values in PostgreSQL's text output,
// std::nullopt for NULL.
struct Outcome {
  Status status;  // the statement's error, OK when it succeeded
  size_t num_columns = 0;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One session over one fresh, empty database.
class Session {
 public:
  virtual ~Session() = default;
  // Runs `sql` (one or more statements separated by semicolons) and returns the outcome of the
  // last. A failed statement is an Outcome with an error status, not an error Result; an error
  // Result means the session itself broke (lost connection) and the file cannot go on.
  virtual Result<Outcome> Execute(const std::string& sql) = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The engine name that `skipif`/`onlyif` lines test: "komodo" or "postgresql".
  virtual const std::string& engine() const = 0;
  // A session over a new empty database, dropped when the session is destroyed.
  virtual Result<std::unique_ptr<Session>> NewSession() = 0;
};

// A fresh temporary data folder per session, through komodo::Database::Open.
std::unique_ptr<Backend> NewEmbeddedBackend();

// A new database per session on the server that `conninfo` (libpq syntax) reaches; the
// connection given must be allowed to CREATE and DROP DATABASE. `engine` overrides the engine
// name, which is otherwise "komodo" when the server's version string says KomodoDB and
// "postgresql" for anything else.
Result<std::unique_ptr<Backend>> NewPostgresBackend(const std::string& conninfo,
                                                    const std::string& engine);

// A `komodo serve` per session, started from `komodo_binary` over a new temporary data folder on
// a free loopback port, and stopped with SIGTERM when the session ends.
std::unique_ptr<Backend> NewServeBackend(const std::string& komodo_binary);

}  // namespace komodo::slt
