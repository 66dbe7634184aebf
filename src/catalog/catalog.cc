#include "catalog/catalog.h"

#include "common/macros.h"
#include "storage/key_codec.h"
#include "storage/keys.h"

namespace komodo::catalog {

using storage::KeyKind;

const TableDef* CatalogState::FindTable(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

const TableDef* CatalogState::FindIndexOwner(const std::string& index_name) const {
  for (const auto& [name, t] : tables_) {
    if (t->primary_key && t->primary_key->name == index_name) return t.get();
    for (const IndexDef& idx : t->indexes) {
      if (idx.name == index_name) return t.get();
    }
  }
  return nullptr;
}

void CatalogState::PutTable(TableDef def) {
  std::string name = def.name;
  tables_[name] = std::make_shared<const TableDef>(std::move(def));
}

void CatalogState::RemoveTable(const std::string& name) { tables_.erase(name); }

const SequenceDef* CatalogState::FindSequence(const std::string& name) const {
  auto it = sequences_.find(name);
  return it == sequences_.end() ? nullptr : &it->second;
}

const RoleDef* CatalogState::FindRole(const std::string& name) const {
  auto it = roles_.find(name);
  return it == roles_.end() ? nullptr : &it->second;
}

Result<std::unique_ptr<Catalog>> Catalog::Load(storage::Engine& engine) {
  std::unique_ptr<Catalog> catalog(new Catalog(engine));
  auto state = std::make_shared<CatalogState>();
  auto txn = engine.BeginTransaction();
  auto it = txn->NewIterator(
      std::string(1, static_cast<char>(KeyKind::kCatalog)),
      std::string(1, static_cast<char>(static_cast<uint8_t>(KeyKind::kCatalog) + 1)));
  for (; it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(TableDef def, DecodeTableDef(it->value()));
    state->PutTable(std::move(def));
  }
  RETURN_IF_ERROR(it->status());
  it = txn->NewIterator(
      std::string(1, static_cast<char>(KeyKind::kSequence)),
      std::string(1, static_cast<char>(static_cast<uint8_t>(KeyKind::kSequence) + 1)));
  for (; it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(SequenceDef def, DecodeSequenceDef(it->value()));
    state->PutSequence(std::move(def));
  }
  RETURN_IF_ERROR(it->status());
  bool has_bootstrap_role = false;
  it =
      txn->NewIterator(std::string(1, static_cast<char>(KeyKind::kRole)),
                       std::string(1, static_cast<char>(static_cast<uint8_t>(KeyKind::kRole) + 1)));
  for (; it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(RoleDef def, DecodeRoleDef(it->value()));
    has_bootstrap_role |= def.id == kBootstrapRoleOid;
    state->PutRole(std::move(def));
  }
  RETURN_IF_ERROR(it->status());
  // The bootstrap superuser has a record only once ALTER ROLE changed it.
  if (!has_bootstrap_role) state->PutRole(BootstrapRole());
  it.reset();
  txn.reset();
  catalog->current_ = std::move(state);
  RETURN_IF_ERROR(catalog->FinishPendingDrops());
  return catalog;
}

std::shared_ptr<const CatalogState> Catalog::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Result<std::shared_ptr<CatalogState>> Catalog::BeginDdl(storage::Transaction& txn) {
  std::string counter;
  // The lock on the id counter serializes DDL. Read the state only once it is held, and under
  // mu_, so a DDL transaction that committed just before is already published.
  RETURN_IF_ERROR(
      txn.LockAndGetLatest(storage::MetaKey(storage::kMetaNextObjectId), &counter).status());
  // Every catalog write happens under this lock, so from a snapshot taken now on, this
  // transaction's catalog writes cannot conflict with another's.
  txn.RefreshSnapshot();
  return std::make_shared<CatalogState>(*Current());
}

Result<uint32_t> Catalog::AllocateId(storage::Transaction& txn) {
  std::string key = storage::MetaKey(storage::kMetaNextObjectId);
  std::string counter;
  ASSIGN_OR_RETURN(bool found, txn.LockAndGetLatest(key, &counter));
  // Ids start at 16384, like PostgreSQL's first user OID; the record is a decimal string.
  uint64_t next = found ? std::stoull(counter) : 16384;
  if (next >= UINT32_MAX) return Status("54000", "out of object ids");
  RETURN_IF_ERROR(txn.PutLocked(key, std::to_string(next + 1)));
  return static_cast<uint32_t>(next);
}

Status Catalog::WriteTable(storage::Transaction& txn, const TableDef& def) {
  return txn.Put(storage::ObjectPrefix(KeyKind::kCatalog, def.id), EncodeTableDef(def));
}

Status Catalog::WriteSequence(storage::Transaction& txn, const SequenceDef& def) {
  return txn.Put(storage::ObjectPrefix(KeyKind::kSequence, def.id), EncodeSequenceDef(def));
}

Status Catalog::DropSequence(storage::Transaction& txn, const SequenceDef& def) {
  RETURN_IF_ERROR(txn.Delete(storage::ObjectPrefix(KeyKind::kSequence, def.id)));
  return txn.Delete(storage::ObjectPrefix(KeyKind::kSequenceValue, def.id));
}

Status Catalog::WriteRole(storage::Transaction& txn, const RoleDef& def) {
  return txn.Put(storage::ObjectPrefix(KeyKind::kRole, def.id), EncodeRoleDef(def));
}

Status Catalog::DropRole(storage::Transaction& txn, const RoleDef& def) {
  return txn.Delete(storage::ObjectPrefix(KeyKind::kRole, def.id));
}

Status Catalog::DropTable(storage::Transaction& txn, const TableDef& def) {
  RETURN_IF_ERROR(txn.Delete(storage::ObjectPrefix(KeyKind::kCatalog, def.id)));
  RETURN_IF_ERROR(txn.Put(storage::ObjectPrefix(KeyKind::kPendingDrop, def.id),
                          std::string(1, static_cast<char>(KeyKind::kRow))));
  for (const IndexDef& idx : def.indexes) RETURN_IF_ERROR(DropIndexData(txn, idx.id));
  return Status::OK();
}

Status Catalog::DropIndexData(storage::Transaction& txn, uint32_t index_id) {
  return txn.Put(storage::ObjectPrefix(KeyKind::kPendingDrop, index_id),
                 std::string(1, static_cast<char>(KeyKind::kIndex)));
}

Status Catalog::CommitDdl(storage::Transaction& txn, std::shared_ptr<const CatalogState> state) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    RETURN_IF_ERROR(txn.Commit());
    current_ = std::move(state);
  }
  // The DDL is committed whatever happens next: a range delete that fails here (a full disk,
  // say) is retried from its marker at the next open, so it is not this statement's error.
  FinishPendingDrops().PermitUncheckedError();
  return Status::OK();
}

Status Catalog::FinishPendingDrops() {
  std::string lo = std::string(1, static_cast<char>(KeyKind::kPendingDrop));
  std::string hi =
      std::string(1, static_cast<char>(static_cast<uint8_t>(KeyKind::kPendingDrop) + 1));
  struct Drop {
    std::string marker;
    uint32_t id;
    KeyKind kind;
  };
  std::vector<Drop> drops;
  {
    auto txn = engine_.BeginTransaction();
    for (auto it = txn->NewIterator(lo, hi); it->Valid(); it->Next()) {
      std::string_view k = it->key().substr(1);
      uint32_t id;
      if (!storage::GetFixed32BE(&k, &id) || it->value().size() != 1) {
        return Status::Corruption("pending drop record is damaged");
      }
      drops.push_back({std::string(it->key()), id, static_cast<KeyKind>(it->value()[0])});
    }
  }
  for (const Drop& d : drops) {
    RETURN_IF_ERROR(engine_.DeleteRange(storage::ObjectPrefix(d.kind, d.id),
                                        storage::ObjectPrefixEnd(d.kind, d.id)));
    auto txn = engine_.BeginTransaction();
    RETURN_IF_ERROR(txn->Delete(d.marker));
    RETURN_IF_ERROR(txn->Commit());
  }
  return Status::OK();
}

}  // namespace komodo::catalog
