#include <stdlib.h>

#include <filesystem>

#include "backend.h"
#include "komodo/database.h"

namespace komodo::slt {
namespace {

class EmbeddedSession : public Session {
 public:
  ~EmbeddedSession() override {
    conn_.reset();  // a Connection must go before its Database, and both before the folder
    db_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  Status Open() {
    char tmpl[] = "/tmp/komodo_slt_XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return Status::IOError("cannot make a temporary folder");
    dir_ = tmpl;
    auto db = Database::Open(dir_);
    if (!db.ok()) return db.status();
    db_ = std::move(db).value();
    auto conn = db_->Connect();
    if (!conn.ok()) return conn.status();
    conn_ = std::move(conn).value();
    return Status::OK();
  }

  Result<Outcome> Execute(const std::string& sql) override {
    Outcome out;
    auto r = conn_->Execute(sql);
    if (!r.ok()) {
      out.status = r.status();
      return out;
    }
    out.num_columns = r->num_columns();
    for (size_t i = 0; i < r->num_rows(); i++) {
      std::vector<std::optional<std::string>> row;
      for (size_t j = 0; j < r->num_columns(); j++) {
        if (r->IsNull(i, j)) {
          row.push_back(std::nullopt);
        } else {
          row.push_back(r->Get(i, j).ToText());
        }
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

 private:
  std::string dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

class EmbeddedBackend : public Backend {
 public:
  const std::string& engine() const override { return engine_; }

  Result<std::unique_ptr<Session>> NewSession() override {
    auto s = std::make_unique<EmbeddedSession>();
    Status st = s->Open();
    if (!st.ok()) return st;
    return std::unique_ptr<Session>(std::move(s));
  }

 private:
  std::string engine_ = "komodo";
};

}  // namespace

std::unique_ptr<Backend> NewEmbeddedBackend() { return std::make_unique<EmbeddedBackend>(); }

}  // namespace komodo::slt
