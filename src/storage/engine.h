// Engine: the transactional, ordered key-value store under every access method.
//
// The only layer that includes RocksDB. It owns a RocksDB TransactionDB in a data folder, the
// folder's identity file and its process lock. Above it, keys are opaque ordered byte strings
// (their layout is in storage/keys.h and docs/formats/keys.md).
//
// Durability: with EngineOptions::sync_commit (the default) Transaction::Commit returns OK only
// after the write-ahead log is synced; a crash at any moment loses no acknowledged commit.
// Thread safety: Engine is thread-safe. A Transaction or Iterator is used by one thread at a time.
// Lifetime: destroy every Transaction and Iterator before the Engine.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "komodo/result.h"
#include "komodo/status.h"

namespace komodo::storage {

class FaultInjector;

struct EngineOptions {
  // Create the folder and a new database when it is missing or empty. Default: true.
  bool create_if_missing = true;
  // Sync the WAL before acknowledging a commit. Default: true.
  bool sync_commit = true;
  // Size of the block cache (decompressed data blocks). Default: 128 MiB.
  size_t cache_bytes = size_t{128} << 20;
  // How long a write waits for a row lock held by another transaction before failing with
  // 55P03. A deadlock is detected at once (40P01). Default: 10 s.
  int64_t lock_timeout_ms = 10'000;
  // Tests only: a file system that fails on command (see fault_injection.h). Default: none.
  FaultInjector* faults = nullptr;
};

// A forward iterator over [lower, upper). Sees the transaction's own uncommitted writes.
class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual void Seek(std::string_view key) = 0;  // first key >= key (clamped to the bounds)
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  virtual std::string_view key() const = 0;    // precondition: Valid()
  virtual std::string_view value() const = 0;  // precondition: Valid()
  // Why iteration stopped early: OK when it simply reached the end.
  virtual Status status() const = 0;
};

// A read snapshot held apart from a transaction's current one (Transaction::PinSnapshot).
class ReadSnapshot {
 public:
  virtual ~ReadSnapshot() = default;
};

class Transaction {
 public:
  virtual ~Transaction() = default;  // rolls back unless committed

  // Reads see the snapshot taken by the last RefreshSnapshot() (or at Begin) plus this
  // transaction's own writes. Returns false when the key does not exist.
  virtual Result<bool> Get(std::string_view key, std::string* value) = 0;
  // Like Get, but locks the key until commit and fails with 40001 when another transaction
  // committed a write to it after this transaction's snapshot.
  virtual Result<bool> GetForUpdate(std::string_view key, std::string* value) = 0;
  // Locks the key until commit and reads its latest committed value (or this transaction's own
  // write), whatever the snapshot: for counters and uniqueness checks, which must see the newest
  // state and wait for a concurrent writer rather than fail.
  virtual Result<bool> LockAndGetLatest(std::string_view key, std::string* value) = 0;
  // Writes the key. Fails with 40001 when another transaction committed a write to it after
  // this transaction's snapshot.
  virtual Status Put(std::string_view key, std::string_view value) = 0;
  // Writes a key this transaction already locked with LockAndGetLatest, without the snapshot
  // check (the lock already orders it after every other writer).
  virtual Status PutLocked(std::string_view key, std::string_view value) = 0;
  virtual Status Delete(std::string_view key) = 0;
  // Locks and deletes the key without the snapshot check: for rows (and their index entries)
  // locked with LockAndGetLatest, as READ COMMITTED updates and deletes them.
  virtual Status DeleteLocked(std::string_view key) = 0;
  virtual std::unique_ptr<Iterator> NewIterator(std::string lower, std::string upper) = 0;

  // Takes a new read snapshot: later reads see everything committed until now (the statement
  // boundary of READ COMMITTED).
  virtual void RefreshSnapshot() = 0;
  // The current read snapshot, kept alive by the handle even after RefreshSnapshot: a cursor
  // keeps reading as of its DECLARE while later statements see newer data.
  virtual std::shared_ptr<ReadSnapshot> PinSnapshot() = 0;
  // Reads (and new iterators) use `snapshot` until the next call; nullptr returns to the
  // transaction's own snapshot. Writes and their conflict checks are not affected.
  virtual void UseSnapshot(std::shared_ptr<ReadSnapshot> snapshot) = 0;

  // Savepoints: a stack; rolling back to the top one undoes the writes made since and pops it.
  virtual void SetSavePoint() = 0;
  virtual Status RollbackToSavePoint() = 0;
  virtual Status PopSavePoint() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

class Engine {
 public:
  // Errors: see komodo::Database::Open, which forwards them.
  static Result<std::unique_ptr<Engine>> Open(const std::string& path,
                                              const EngineOptions& options);
  virtual ~Engine() = default;

  virtual std::unique_ptr<Transaction> BeginTransaction() = 0;

  // Reads the latest committed value, outside any transaction.
  virtual Result<bool> Get(std::string_view key, std::string* value) = 0;

  // The greatest committed key in [begin, end); false when the range is empty.
  virtual Result<bool> LastKeyInRange(std::string_view begin, std::string_view end,
                                      std::string* key) = 0;

  // Deletes every key in [begin, end) at once, durably, outside any transaction. The caller
  // guarantees that no transaction writes into the range any more (it belongs to a dropped
  // table or index, whose ids are never reused).
  virtual Status DeleteRange(std::string_view begin, std::string_view end) = 0;

  // Flushes memtables and compacts [begin, end) (all when both empty): reclaims space.
  virtual Status Compact(std::string_view begin, std::string_view end) = 0;

  virtual const std::string& path() const = 0;
};

}  // namespace komodo::storage
