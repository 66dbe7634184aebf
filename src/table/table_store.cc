#include "table/table_store.h"

#include "common/macros.h"
#include "storage/key_codec.h"
#include "storage/keys.h"
#include "table/row_codec.h"

namespace komodo::table {

using catalog::IndexDef;
using catalog::TableDef;
using storage::KeyKind;

namespace {

Status UniqueViolation(const TableDef& def, const IndexDef& index, const std::vector<Value>& row) {
  std::string cols, vals;
  for (size_t i = 0; i < index.column_ids.size(); i++) {
    int pos = def.ColumnPosition(index.column_ids[i]);
    if (i > 0) cols += ", ", vals += ", ";
    cols += def.columns[pos].name;
    vals += row[pos].ToText();
  }
  return Status::UniqueViolation("duplicate key value violates unique constraint \"" + index.name +
                                 "\"")
      .WithDetail("Key (" + cols + ")=(" + vals + ") already exists.");
}

void AppendIndexColumns(const TableDef& def, const IndexDef& index, const std::vector<Value>& row,
                        std::string* out, bool* has_null) {
  for (size_t i = 0; i < index.column_ids.size(); i++) {
    const Value& v = row[def.ColumnPosition(index.column_ids[i])];
    if (v.is_null()) *has_null = true;
    storage::EncodeKeyValue(v, index.orders[i], out);
  }
}

// Rows in the order of the keys `it` walks: the rows themselves (`index_txn` null), or the entries
// of a secondary index, each followed to its row through `index_txn`.
class TableIterator : public RowIterator {
 public:
  TableIterator(const TableDef& def, std::unique_ptr<storage::Iterator> it,
                storage::Transaction* index_txn, std::vector<bool> read)
      : def_(def),
        it_(std::move(it)),
        index_txn_(index_txn),
        read_(std::move(read)),
        row_prefix_(storage::ObjectPrefix(KeyKind::kRow, def.id)) {}
  Result<bool> Next() override {
    if (started_) it_->Next();
    started_ = true;
    if (!it_->Valid()) {
      RETURN_IF_ERROR(it_->status());
      return false;
    }
    if (index_txn_ == nullptr) {
      key_.assign(it_->key());
      RETURN_IF_ERROR(DecodeRowInto(def_, it_->value(), read_, &row_));
      return true;
    }
    key_ = row_prefix_;
    key_.append(it_->value());  // an index entry's value is its row's primary-key suffix
    std::string record;
    ASSIGN_OR_RETURN(bool found, index_txn_->Get(key_, &record));
    if (!found) {
      return Status::Corruption("index entry of table \"" + def_.name + "\" points to no row");
    }
    RETURN_IF_ERROR(DecodeRowInto(def_, record, read_, &row_));
    return true;
  }
  const std::vector<Value>& row() const override { return row_; }
  std::vector<Value> TakeRow() override { return std::move(row_); }
  const std::string& key() const override { return key_; }

 private:
  const TableDef& def_;
  std::unique_ptr<storage::Iterator> it_;
  storage::Transaction* index_txn_;
  std::vector<bool> read_;  // columns to decode; empty: all
  std::string row_prefix_;
  bool started_ = false;
  std::string key_;
  std::vector<Value> row_;
};

}  // namespace

Result<int64_t> TableStore::NextRowId(const TableDef& def) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = next_row_id_.find(def.id);
  if (it == next_row_id_.end()) {
    // The folder lock makes this process the only writer, so the greatest committed id plus
    // the ids handed out since (kept here) never collide.
    std::string last;
    std::string prefix = storage::ObjectPrefix(KeyKind::kRow, def.id);
    ASSIGN_OR_RETURN(
        bool found,
        engine_.LastKeyInRange(prefix, storage::ObjectPrefixEnd(KeyKind::kRow, def.id), &last));
    int64_t next = 1;
    if (found) {
      std::string_view rest = std::string_view(last).substr(prefix.size());
      uint64_t id;
      if (!storage::GetFixed64BE(&rest, &id)) return Status::Corruption("hidden row id is damaged");
      next = static_cast<int64_t>(id) + 1;
    }
    it = next_row_id_.emplace(def.id, next).first;
  }
  return it->second++;
}

Result<std::string> TableStore::PrimaryKeySuffix(const TableDef& def,
                                                 const std::vector<Value>& row) {
  std::string suffix;
  if (def.primary_key) {
    bool has_null = false;
    AppendIndexColumns(def, *def.primary_key, row, &suffix, &has_null);
  } else {
    ASSIGN_OR_RETURN(int64_t id, NextRowId(def));
    storage::PutFixed64BE(&suffix, static_cast<uint64_t>(id));
  }
  return suffix;
}

std::string TableStore::IndexEntryKey(const TableDef& def, const IndexDef& index,
                                      const std::vector<Value>& row, const std::string& pk_suffix) {
  std::string key = storage::ObjectPrefix(KeyKind::kIndex, index.id);
  bool has_null = false;
  AppendIndexColumns(def, index, row, &key, &has_null);
  if (!index.unique || has_null) key.append(pk_suffix);
  return key;
}

Result<std::optional<std::string>> TableStore::FindConflict(storage::Transaction& txn,
                                                            const TableDef& def,
                                                            const IndexDef& index,
                                                            const std::vector<Value>& row) {
  bool primary = def.primary_key && index.id == def.primary_key->id;
  std::string key = storage::ObjectPrefix(primary ? KeyKind::kRow : KeyKind::kIndex, index.id);
  bool has_null = false;
  AppendIndexColumns(def, index, row, &key, &has_null);
  if (has_null) return std::optional<std::string>();
  std::string value;
  ASSIGN_OR_RETURN(bool found, txn.LockAndGetLatest(key, &value));
  if (!found) return std::optional<std::string>();
  if (primary) return std::optional<std::string>(key);
  // A unique index entry's value is its row's primary-key suffix.
  return std::optional<std::string>(storage::ObjectPrefix(KeyKind::kRow, def.id) + value);
}

Result<std::optional<std::vector<Value>>> TableStore::LockRow(storage::Transaction& txn,
                                                              const TableDef& def,
                                                              const std::string& key) {
  std::string record;
  ASSIGN_OR_RETURN(bool found, txn.LockAndGetLatest(key, &record));
  if (!found) return std::optional<std::vector<Value>>();
  ASSIGN_OR_RETURN(std::vector<Value> row, DecodeRow(def, record));
  return std::optional<std::vector<Value>>(std::move(row));
}

Status TableStore::Delete(storage::Transaction& txn, const TableDef& def, const std::string& key,
                          const std::vector<Value>& row) {
  std::string pk_suffix = key.substr(storage::ObjectPrefix(KeyKind::kRow, def.id).size());
  for (const IndexDef& index : def.indexes) {
    RETURN_IF_ERROR(txn.DeleteLocked(IndexEntryKey(def, index, row, pk_suffix)));
  }
  return txn.DeleteLocked(key);
}

Status TableStore::Update(storage::Transaction& txn, const TableDef& def, const std::string& key,
                          const std::vector<Value>& old_row, const std::vector<Value>& new_row) {
  std::string prefix = storage::ObjectPrefix(KeyKind::kRow, def.id);
  std::string pk_suffix = key.substr(prefix.size());
  if (def.primary_key) {
    std::string new_suffix;
    bool has_null = false;
    AppendIndexColumns(def, *def.primary_key, new_row, &new_suffix, &has_null);
    if (new_suffix != pk_suffix) {
      RETURN_IF_ERROR(Delete(txn, def, key, old_row));
      return Insert(txn, def, new_row);
    }
  }
  RETURN_IF_ERROR(txn.PutLocked(key, EncodeRow(def, new_row)));
  for (const IndexDef& index : def.indexes) {
    std::string old_key = IndexEntryKey(def, index, old_row, pk_suffix);
    if (old_key == IndexEntryKey(def, index, new_row, pk_suffix)) continue;
    RETURN_IF_ERROR(txn.DeleteLocked(old_key));
    RETURN_IF_ERROR(InsertIndexEntry(txn, def, index, new_row, pk_suffix));
  }
  return Status::OK();
}

Status TableStore::InsertIndexEntry(storage::Transaction& txn, const TableDef& def,
                                    const IndexDef& index, const std::vector<Value>& row,
                                    const std::string& pk_suffix) {
  std::string key = storage::ObjectPrefix(KeyKind::kIndex, index.id);
  bool has_null = false;
  AppendIndexColumns(def, index, row, &key, &has_null);
  if (index.unique && !has_null) {
    // NULLs are distinct from each other (PostgreSQL's default), so only a NULL-free key is
    // checked; locking it makes concurrent inserters of the same key wait for each other.
    std::string existing;
    ASSIGN_OR_RETURN(bool found, txn.LockAndGetLatest(key, &existing));
    if (found) return UniqueViolation(def, index, row);
    return txn.PutLocked(key, pk_suffix);
  }
  key.append(pk_suffix);
  return txn.Put(key, pk_suffix);
}

Status TableStore::Insert(storage::Transaction& txn, const TableDef& def,
                          const std::vector<Value>& row) {
  ASSIGN_OR_RETURN(std::string pk_suffix, PrimaryKeySuffix(def, row));
  std::string key = storage::ObjectPrefix(KeyKind::kRow, def.id) + pk_suffix;
  std::string existing;
  ASSIGN_OR_RETURN(bool found, txn.LockAndGetLatest(key, &existing));
  if (found) return UniqueViolation(def, *def.primary_key, row);
  RETURN_IF_ERROR(txn.PutLocked(key, EncodeRow(def, row)));
  for (const IndexDef& index : def.indexes) {
    RETURN_IF_ERROR(InsertIndexEntry(txn, def, index, row, pk_suffix));
  }
  return Status::OK();
}

std::unique_ptr<RowIterator> TableStore::ScanPrimary(storage::Transaction& txn, const TableDef& def,
                                                     const std::string& lower,
                                                     const std::string& upper,
                                                     const std::vector<bool>& read) {
  std::string prefix = storage::ObjectPrefix(KeyKind::kRow, def.id);
  std::string hi = upper.empty() ? storage::ObjectPrefixEnd(KeyKind::kRow, def.id) : prefix + upper;
  return std::make_unique<TableIterator>(def, txn.NewIterator(prefix + lower, hi), nullptr, read);
}

std::unique_ptr<RowIterator> TableStore::ScanIndex(storage::Transaction& txn, const TableDef& def,
                                                   const IndexDef& index, const std::string& lower,
                                                   const std::string& upper,
                                                   const std::vector<bool>& read) {
  std::string prefix = storage::ObjectPrefix(KeyKind::kIndex, index.id);
  std::string hi =
      upper.empty() ? storage::ObjectPrefixEnd(KeyKind::kIndex, index.id) : prefix + upper;
  return std::make_unique<TableIterator>(def, txn.NewIterator(prefix + lower, hi), &txn, read);
}

Status TableStore::BuildIndex(storage::Transaction& txn, const TableDef& def,
                              const IndexDef& index) {
  auto rows = ScanPrimary(txn, def, "", "");
  std::string prefix = storage::ObjectPrefix(KeyKind::kRow, def.id);
  while (true) {
    ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    std::string pk_suffix = rows->key().substr(prefix.size());
    RETURN_IF_ERROR(InsertIndexEntry(txn, def, index, rows->row(), pk_suffix));
  }
  return Status::OK();
}

Status TableStore::Compact(const TableDef& def) {
  RETURN_IF_ERROR(engine_.Compact(storage::ObjectPrefix(KeyKind::kRow, def.id),
                                  storage::ObjectPrefixEnd(KeyKind::kRow, def.id)));
  for (const IndexDef& index : def.indexes) {
    RETURN_IF_ERROR(engine_.Compact(storage::ObjectPrefix(KeyKind::kIndex, index.id),
                                    storage::ObjectPrefixEnd(KeyKind::kIndex, index.id)));
  }
  return Status::OK();
}

std::string TableStore::EncodeIndexPrefix(const IndexDef& index, const std::vector<Value>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); i++)
    storage::EncodeKeyValue(values[i], index.orders[i], &out);
  return out;
}

}  // namespace komodo::table
