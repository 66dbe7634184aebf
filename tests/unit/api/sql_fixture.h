// The fixture of the SQL tests through the embedded API: a database in a fresh folder, one
// connection, and Run() rendering a statement's outcome as text to compare.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "komodo/database.h"
#include "test_util.h"

namespace komodo::test {

class SqlFixture : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  // (Re)opens the database, as a restart would.
  void Open() {
    conn_.reset();
    db_.reset();
    ASSERT_FALSE(tmp_.path().empty());
    auto db = Database::Open(tmp_.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    conn_ = std::move(db_->Connect()).value();
  }

  // The rows as "v|v\n...", the command tag for statements without columns, or
  // "ERROR <sqlstate>: <message>".
  std::string Run(const std::string& sql, const std::vector<Value>& params = {}) {
    auto r = conn_->Execute(sql, params);
    if (!r.ok()) return "ERROR " + std::string(r.status().sqlstate()) + ": " + r.status().message();
    return r->num_columns() == 0 ? r->command_tag() : Render(*r);
  }
  // Only the SQLSTATE ("00000" on success).
  std::string State(const std::string& sql) {
    auto r = conn_->Execute(sql);
    return r.ok() ? "00000" : std::string(r.status().sqlstate());
  }

  TempDir tmp_;  // declared first, so removed last
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace komodo::test
