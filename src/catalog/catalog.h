// Catalog: the tables and indexes of a database, persisted in the same store as the data.
//
// Readers take an immutable CatalogState (Current()); a statement plans against one state from
// start to end. DDL runs inside a transaction: BeginDdl() takes the catalog lock (a row lock on
// the id counter, held to commit, so DDL transactions serialize), the transaction edits a private
// copy of the state, and CommitDdl() commits and publishes it atomically. A dropped table's rows
// are deleted after commit with one range delete; a marker written in the dropping transaction
// lets the next Load() finish that work after a crash.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/role.h"
#include "catalog/sequence.h"
#include "catalog/table_def.h"
#include "komodo/result.h"
#include "storage/engine.h"

namespace komodo::catalog {

class CatalogState {
 public:
  // nullptr when there is no such table.
  const TableDef* FindTable(const std::string& name) const;
  // The table that owns an index of that name (primary key included), or nullptr.
  const TableDef* FindIndexOwner(const std::string& index_name) const;
  const std::map<std::string, std::shared_ptr<const TableDef>>& tables() const { return tables_; }

  void PutTable(TableDef def);
  void RemoveTable(const std::string& name);

  const SequenceDef* FindSequence(const std::string& name) const;
  const std::map<std::string, SequenceDef>& sequences() const { return sequences_; }
  void PutSequence(SequenceDef def) { sequences_[def.name] = std::move(def); }
  void RemoveSequence(const std::string& name) { sequences_.erase(name); }

  // Role names are case-sensitive, as in PostgreSQL.
  const RoleDef* FindRole(const std::string& name) const;
  const std::map<std::string, RoleDef>& roles() const { return roles_; }
  void PutRole(RoleDef def) { roles_[def.name] = std::move(def); }
  void RemoveRole(const std::string& name) { roles_.erase(name); }

 private:
  std::map<std::string, std::shared_ptr<const TableDef>> tables_;  // by name
  std::map<std::string, SequenceDef> sequences_;                   // by name
  std::map<std::string, RoleDef> roles_;                           // by name
};

class Catalog {
 public:
  // Reads every catalog record and finishes drops interrupted by a crash.
  static Result<std::unique_ptr<Catalog>> Load(storage::Engine& engine);

  std::shared_ptr<const CatalogState> Current() const;

  // Takes the catalog lock in `txn` and returns a private copy of the current state to edit.
  Result<std::shared_ptr<CatalogState>> BeginDdl(storage::Transaction& txn);
  // A new table or index id; precondition: BeginDdl() on the same transaction.
  Result<uint32_t> AllocateId(storage::Transaction& txn);
  // Writes the table's record (create or alter).
  Status WriteTable(storage::Transaction& txn, const TableDef& def);
  // Deletes the table's record and marks its rows and index entries for deletion.
  Status DropTable(storage::Transaction& txn, const TableDef& def);
  Status WriteSequence(storage::Transaction& txn, const SequenceDef& def);
  Status DropSequence(storage::Transaction& txn, const SequenceDef& def);
  Status WriteRole(storage::Transaction& txn, const RoleDef& def);
  Status DropRole(storage::Transaction& txn, const RoleDef& def);
  // Marks one index's entries for deletion (DROP INDEX); the caller rewrites the table record.
  Status DropIndexData(storage::Transaction& txn, uint32_t index_id);

  // Commits `txn` and, when that succeeds, makes `state` the current catalog; then deletes the
  // data of what was dropped (or leaves that to the next Load() if it fails). The state is
  // published only if the commit is durable.
  Status CommitDdl(storage::Transaction& txn, std::shared_ptr<const CatalogState> state);

 private:
  explicit Catalog(storage::Engine& engine) : engine_(engine) {}
  Status FinishPendingDrops();

  storage::Engine& engine_;
  mutable std::mutex mu_;  // guards current_; held across CommitDdl's commit and publish
  std::shared_ptr<const CatalogState> current_;
};

}  // namespace komodo::catalog
