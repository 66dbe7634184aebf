// TableStore: the access method for wide tables. Rows, primary keys and secondary indexes as
// keys in the store; every write of a row and its index entries goes through one transaction.
//
//   row:           ObjectPrefix(kRow, table id)   + key(pk columns)            -> row format
//                  (no primary key: + u64 BE hidden row id)
//   index entry:   ObjectPrefix(kIndex, index id) + key(index columns) [+ pk]  -> pk suffix
//                  (the pk suffix is in the key unless the index is unique and no column is NULL)
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "komodo/result.h"
#include "storage/engine.h"

namespace komodo::table {

// Rows of one table in key order, decoded.
class RowIterator {
 public:
  virtual ~RowIterator() = default;
  // Returns false at the end. Precondition for row(): the last Next() returned true.
  virtual Result<bool> Next() = 0;
  virtual const std::vector<Value>& row() const = 0;
  // Moves row() out (it is empty afterwards), saving a copy.
  virtual std::vector<Value> TakeRow() = 0;
  virtual const std::string& key() const = 0;  // the row's full storage key
};

class TableStore {
 public:
  explicit TableStore(storage::Engine& engine) : engine_(engine) {}

  // Inserts `row` (one value per column, already cast to the column types and checked for NOT
  // NULL). Errors: 23505 when the primary key or a unique index already holds the key.
  Status Insert(storage::Transaction& txn, const catalog::TableDef& def,
                const std::vector<Value>& row);

  // The storage key of the row whose `index` key equals `row`'s (locking that index key), or
  // nullopt when no row has it or `row`'s key has a NULL (NULLs never conflict).
  Result<std::optional<std::string>> FindConflict(storage::Transaction& txn,
                                                  const catalog::TableDef& def,
                                                  const catalog::IndexDef& index,
                                                  const std::vector<Value>& row);

  // Locks the row stored under `key` (a RowIterator::key()) and returns its latest committed
  // version, or nullopt when it was deleted since this statement's snapshot.
  Result<std::optional<std::vector<Value>>> LockRow(storage::Transaction& txn,
                                                    const catalog::TableDef& def,
                                                    const std::string& key);
  // Removes the row stored under `key` and its index entries. `row` is its current content.
  Status Delete(storage::Transaction& txn, const catalog::TableDef& def, const std::string& key,
                const std::vector<Value>& row);
  // Replaces the row stored under `key`; a changed primary key moves the row. Errors: 23505.
  Status Update(storage::Transaction& txn, const catalog::TableDef& def, const std::string& key,
                const std::vector<Value>& old_row, const std::vector<Value>& new_row);

  // Rows whose primary-key encoding lies in [lower, upper) — suffixes after the table prefix;
  // an empty upper means "to the end of the table". With `read` non-empty (a flag per column),
  // only the flagged columns are decoded and the others are NULL.
  std::unique_ptr<RowIterator> ScanPrimary(storage::Transaction& txn, const catalog::TableDef& def,
                                           const std::string& lower, const std::string& upper,
                                           const std::vector<bool>& read = {});
  // Rows whose entry in `index` lies in [lower, upper) (suffixes after the index prefix).
  std::unique_ptr<RowIterator> ScanIndex(storage::Transaction& txn, const catalog::TableDef& def,
                                         const catalog::IndexDef& index, const std::string& lower,
                                         const std::string& upper,
                                         const std::vector<bool>& read = {});

  // Adds the entries of a new index for every existing row. Errors: 23505 for a unique index
  // over duplicate values.
  Status BuildIndex(storage::Transaction& txn, const catalog::TableDef& def,
                    const catalog::IndexDef& index);

  // A new transaction of the store, for reads of the latest committed state next to a
  // transaction's own snapshot (foreign-key checks in REPEATABLE READ).
  std::unique_ptr<storage::Transaction> BeginReadTransaction() {
    return engine_.BeginTransaction();
  }

  // Compacts the table's rows and indexes in the store (VACUUM).
  Status Compact(const catalog::TableDef& def);

  // Encodes values of `index`'s leading columns as a key suffix (for scan bounds).
  static std::string EncodeIndexPrefix(const catalog::IndexDef& index,
                                       const std::vector<Value>& values);

 private:
  Result<std::string> PrimaryKeySuffix(const catalog::TableDef& def, const std::vector<Value>& row);
  Status InsertIndexEntry(storage::Transaction& txn, const catalog::TableDef& def,
                          const catalog::IndexDef& index, const std::vector<Value>& row,
                          const std::string& pk_suffix);
  std::string IndexEntryKey(const catalog::TableDef& def, const catalog::IndexDef& index,
                            const std::vector<Value>& row, const std::string& pk_suffix);
  Result<int64_t> NextRowId(const catalog::TableDef& def);

  storage::Engine& engine_;
  std::mutex mu_;
  std::map<uint32_t, int64_t> next_row_id_;  // by table id; guarded by mu_
};

}  // namespace komodo::table
