#include "storage/engine.h"

#include <fcntl.h>
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/listener.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/transaction.h>
#include <rocksdb/utilities/transaction_db.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "common/macros.h"
#include "storage/keys.h"
#include "storage/rocks_util.h"

namespace komodo::storage {

namespace fs = std::filesystem;

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::OK();
  std::string msg = s.ToString();
  if (s.IsNoSpace()) return Status::DiskFull("could not write to the data folder: " + msg);
  if (s.IsDeadlock()) return Status("40P01", "deadlock detected");
  if (s.IsBusy()) {
    return Status::SerializationFailure("could not serialize access due to concurrent update");
  }
  if (s.IsTimedOut() || s.IsLockLimit()) {
    return Status::LockNotAvailable("could not obtain lock on row: lock wait timed out");
  }
  if (s.IsCorruption()) return Status::Corruption("data corrupted: " + msg);
  if (s.IsIOError()) return Status::IOError("I/O error in the data folder: " + msg);
  return Status::Internal("storage error: " + msg);
}

namespace {

constexpr char kIdentityFile[] = "KOMODO";
constexpr char kIdentityLine[] = "KomodoDB data folder";
constexpr char kLockFile[] = "komodo.lock";
constexpr char kRocksDir[] = "db";

Status Errno(const std::string& what) {
  int e = errno;
  if (e == ENOSPC) return Status::DiskFull(what + ": " + std::strerror(e));
  return Status::IOError(what + ": " + std::strerror(e));
}

// Writes `content` to dir/name so that a crash leaves either no file or the whole file.
Status WriteFileDurably(const fs::path& dir, const std::string& name, const std::string& content) {
  fs::path tmp = dir / (name + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("could not create file \"" + tmp.string() + "\"");
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  Status st = ok ? Status::OK() : Errno("could not write file \"" + tmp.string() + "\"");
  ::close(fd);
  if (!st.ok()) return st;
  if (::rename(tmp.c_str(), (dir / name).c_str()) != 0) return Errno("could not rename file");
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Errno("could not open folder \"" + dir.string() + "\"");
  int rc = ::fsync(dfd);
  ::close(dfd);
  return rc == 0 ? Status::OK() : Errno("could not sync folder \"" + dir.string() + "\"");
}

// Holds an exclusive flock on the folder's lock file for the Engine's lifetime. flock locks
// belong to the open file, so a second Open in the same process is refused as well.
class FolderLock {
 public:
  static Result<std::unique_ptr<FolderLock>> Acquire(const fs::path& dir) {
    fs::path p = dir / kLockFile;
    int fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Errno("could not open lock file \"" + p.string() + "\"");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      std::string holder;
      char buf[32] = {};
      if (::pread(fd, buf, sizeof(buf) - 1, 0) > 0) holder = std::string(buf);
      ::close(fd);
      if (e == EWOULDBLOCK) {
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0'))
          holder.pop_back();
        return Status::ObjectInUse("database folder \"" + dir.string() +
                                   "\" is in use by another process" +
                                   (holder.empty() ? "" : " (pid " + holder + ")"));
      }
      errno = e;
      return Errno("could not lock \"" + p.string() + "\"");
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
      // The pid is only informational; the lock itself is held.
    }
    return std::unique_ptr<FolderLock>(new FolderLock(fd));
  }
  ~FolderLock() { ::close(fd_); }  // closing releases the lock

 private:
  explicit FolderLock(int fd) : fd_(fd) {}
  int fd_;
};

// A database is created in this order: lock file, db/ (RocksDB, with the format version inside),
// then the identity file, written atomically last. A folder without the identity file is thus
// either new or an interrupted creation, and may hold only what creation makes.
Status CheckNoForeignFiles(const fs::path& dir) {
  std::error_code ec;
  bool has_lock = fs::exists(dir / kLockFile, ec), foreign = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    // db/ counts as ours only beside the lock file, which creation makes first.
    bool ours = name == kLockFile || name == std::string(kIdentityFile) + ".tmp" ||
                (name == kRocksDir && has_lock);
    foreign |= !ours;
  }
  if (ec) return Status::IOError("could not read folder \"" + dir.string() + "\": " + ec.message());
  if (foreign) {
    return Status::Corruption("folder \"" + dir.string() +
                              "\" is not a KomodoDB database: it is not empty and has no " +
                              kIdentityFile + " file");
  }
  return Status::OK();
}

// Validates the identity file. Returns false when there is none.
Result<bool> ReadIdentity(const fs::path& dir) {
  std::error_code ec;
  fs::path id = dir / kIdentityFile;
  if (!fs::exists(id, ec)) return false;
  std::ifstream in(id);
  std::string line1, word;
  int version = -1;
  std::getline(in, line1);
  in >> word >> version;
  if (!in || line1 != kIdentityLine || word != "format") {
    return Status::Corruption("folder \"" + dir.string() + "\" is not a KomodoDB database: " +
                              kIdentityFile + " file is not recognized");
  }
  if (version != kFormatVersion) {
    return Status::FeatureNotSupported(
        "database folder \"" + dir.string() + "\" has format version " + std::to_string(version) +
        ", but this build of KomodoDB reads format version " + std::to_string(kFormatVersion));
  }
  return true;
}

// RocksDB's own LOG file writer asserts after a failed write (a full disk); this one writes
// with write(2) and drops a line it cannot write.
class InfoLog : public rocksdb::Logger {
 public:
  static std::shared_ptr<InfoLog> Open(const fs::path& file) {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    return fd < 0 ? nullptr : std::make_shared<InfoLog>(fd);
  }
  explicit InfoLog(int fd) : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL), fd_(fd) {}
  ~InfoLog() override { ::close(fd_); }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char buf[1024];
    int n = std::vsnprintf(buf, sizeof(buf) - 1, format, ap);
    if (n < 0) return;
    n = std::min<int>(n, sizeof(buf) - 2);
    buf[n++] = '\n';
    if (::write(fd_, buf, n) < 0) {
      // dropped: the log is for people, and a full disk must not stop the database
    }
  }

 private:
  int fd_;
};

class RocksIterator : public Iterator {
 public:
  RocksIterator(rocksdb::Transaction* txn, rocksdb::ReadOptions ro, std::string lower,
                std::string upper)
      : lower_(std::move(lower)),
        upper_(std::move(upper)),
        lower_slice_(lower_),
        upper_slice_(upper_) {
    ro.iterate_lower_bound = &lower_slice_;
    ro.iterate_upper_bound = &upper_slice_;
    // RocksDB counts every step of every iterator in thread-local perf counters unless told not
    // to; nothing here reads them, and a scan pays for them per row.
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    it_.reset(txn->GetIterator(ro));
    it_->Seek(lower_slice_);
  }
  void Seek(std::string_view key) override {
    it_->Seek(key < std::string_view(lower_) ? lower_slice_ : ToSlice(key));
  }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override { return ToView(it_->key()); }
  std::string_view value() const override { return ToView(it_->value()); }
  Status status() const override { return FromRocks(it_->status()); }

 private:
  std::string lower_, upper_;
  rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

// Whether writes are failing (a full disk, say). After a failed write RocksDB refuses all writes
// until told to resume; its own automatic recovery is turned off, because a recovery attempt
// made while the disk is still full turns the error permanent. The engine resumes instead, at
// the next transaction once there is free space again.
struct Health {
  std::atomic<bool> failed{false};       // RocksDB is stopped until Resume()
  std::atomic<bool> ever_failed{false};  // a write failed since open: no flush at close
  void SetFailed() { failed = ever_failed = true; }
};

class HealthListener : public rocksdb::EventListener {
 public:
  explicit HealthListener(std::shared_ptr<Health> health) : health_(std::move(health)) {}
  void OnBackgroundError(rocksdb::BackgroundErrorReason, rocksdb::Status* error) override {
    if (error != nullptr && !error->ok()) health_->SetFailed();
  }
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }

 private:
  std::shared_ptr<Health> health_;
};

// A snapshot of the database taken apart from the transaction's, released with the handle.
class RocksSnapshot : public ReadSnapshot {
 public:
  explicit RocksSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~RocksSnapshot() override { db_->ReleaseSnapshot(snapshot_); }
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class RocksTransaction : public Transaction {
 public:
  RocksTransaction(rocksdb::TransactionDB* db, const rocksdb::WriteOptions& wo,
                   const rocksdb::TransactionOptions& to, Health* health)
      : db_(db),
        txn_(db->BeginTransaction(wo, to)),
        default_cf_(db->DefaultColumnFamily()),
        health_(health) {
    read_options_.snapshot = txn_->GetSnapshot();
  }
  ~RocksTransaction() override {
    if (!done_) txn_->Rollback().PermitUncheckedError();
  }

  Result<bool> Get(std::string_view key, std::string* value) override {
    return Found(txn_->Get(read_options_, ToSlice(key), value));
  }
  Result<bool> GetForUpdate(std::string_view key, std::string* value) override {
    return Found(txn_->GetForUpdate(read_options_, ToSlice(key), value));
  }
  Result<bool> LockAndGetLatest(std::string_view key, std::string* value) override {
    rocksdb::ReadOptions latest;
    return Found(txn_->GetForUpdate(latest, ToSlice(key), value, /*exclusive=*/true,
                                    /*do_validate=*/false));
  }
  Status Put(std::string_view key, std::string_view value) override {
    return FromRocks(txn_->Put(ToSlice(key), ToSlice(value)));
  }
  Status PutLocked(std::string_view key, std::string_view value) override {
    return FromRocks(txn_->Put(default_cf_, ToSlice(key), ToSlice(value),
                               /*assume_tracked=*/true));
  }
  Status Delete(std::string_view key) override { return FromRocks(txn_->Delete(ToSlice(key))); }
  Status DeleteLocked(std::string_view key) override {
    std::string ignored;
    RETURN_IF_ERROR(LockAndGetLatest(key, &ignored).status());
    return FromRocks(txn_->Delete(default_cf_, ToSlice(key), /*assume_tracked=*/true));
  }
  std::unique_ptr<Iterator> NewIterator(std::string lower, std::string upper) override {
    return std::make_unique<RocksIterator>(txn_.get(), read_options_, std::move(lower),
                                           std::move(upper));
  }
  void SetSavePoint() override { txn_->SetSavePoint(); }
  Status RollbackToSavePoint() override { return FromRocks(txn_->RollbackToSavePoint()); }
  Status PopSavePoint() override { return FromRocks(txn_->PopSavePoint()); }
  void RefreshSnapshot() override {
    txn_->SetSnapshot();
    read_options_.snapshot = txn_->GetSnapshot();
  }
  std::shared_ptr<ReadSnapshot> PinSnapshot() override {
    // A database snapshot taken now: the transaction's own was taken at the statement's start,
    // and nothing of this session ran in between.
    return std::make_shared<RocksSnapshot>(db_);
  }
  void UseSnapshot(std::shared_ptr<ReadSnapshot> snapshot) override {
    pinned_ = std::move(snapshot);
    read_options_.snapshot = pinned_ != nullptr ? static_cast<const RocksSnapshot&>(*pinned_).get()
                                                : txn_->GetSnapshot();
  }
  Status Commit() override {
    done_ = true;
    // A read-only transaction has nothing to make durable; committing it would still go
    // through the write path, which fails while the disk is full.
    if (txn_->GetNumPuts() == 0 && txn_->GetNumDeletes() == 0) return FromRocks(txn_->Rollback());
    rocksdb::Status s = txn_->Commit();
    if (s.IsIOError()) health_->SetFailed();
    return FromRocks(s);
  }
  Status Rollback() override {
    done_ = true;
    return FromRocks(txn_->Rollback());
  }

 private:
  static Result<bool> Found(const rocksdb::Status& s) {
    if (s.IsNotFound()) return false;
    if (!s.ok()) return FromRocks(s);
    return true;
  }

  rocksdb::TransactionDB* db_;
  std::unique_ptr<rocksdb::Transaction> txn_;
  rocksdb::ColumnFamilyHandle* default_cf_;
  rocksdb::ReadOptions read_options_;
  std::shared_ptr<ReadSnapshot> pinned_;  // UseSnapshot's, while in use
  Health* health_;
  bool done_ = false;
};

class RocksEngine : public Engine {
 public:
  RocksEngine(std::string path, std::unique_ptr<FolderLock> lock,
              std::unique_ptr<rocksdb::TransactionDB> db, std::shared_ptr<Health> health,
              const EngineOptions& options)
      : path_(std::move(path)),
        lock_(std::move(lock)),
        db_(std::move(db)),
        health_(std::move(health)) {
    write_options_.sync = options.sync_commit;
    txn_options_.set_snapshot = true;
    txn_options_.deadlock_detect = true;
    txn_options_.lock_timeout = options.lock_timeout_ms;
  }
  ~RocksEngine() override {
    // Flushing the memtables on a clean close lets RocksDB retire the WAL files; without it
    // every open leaves one more log behind to replay.
    // After a failed write (a full disk) RocksDB 7.8 as built by Debian asserts when asked to
    // sync the failed log again, so only a healthy database is flushed; the WAL already holds
    // every acknowledged commit.
    uint64_t background_errors = 0;
    db_->GetIntProperty("rocksdb.background-errors", &background_errors);
    if (!health_->ever_failed && background_errors == 0) {
      db_->Flush(rocksdb::FlushOptions()).PermitUncheckedError();
      db_->FlushWAL(true).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }

  std::unique_ptr<Transaction> BeginTransaction() override {
    if (health_->failed) TryResume();
    return std::make_unique<RocksTransaction>(db_.get(), write_options_, txn_options_,
                                              health_.get());
  }

  Result<bool> Get(std::string_view key, std::string* value) override {
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(key), value);
    if (s.IsNotFound()) return false;
    if (!s.ok()) return FromRocks(s);
    return true;
  }

  Result<bool> LastKeyInRange(std::string_view begin, std::string_view end,
                              std::string* key) override {
    rocksdb::ReadOptions ro;
    rocksdb::Slice lo = ToSlice(begin), hi = ToSlice(end);
    ro.iterate_lower_bound = &lo;
    ro.iterate_upper_bound = &hi;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
    it->SeekToLast();
    if (!it->Valid()) {
      RETURN_IF_ERROR(FromRocks(it->status()));
      return false;
    }
    key->assign(it->key().data(), it->key().size());
    return true;
  }

  Status DeleteRange(std::string_view begin, std::string_view end) override {
    rocksdb::WriteBatch batch;
    RETURN_IF_ERROR(FromRocks(batch.DeleteRange(ToSlice(begin), ToSlice(end))));
    rocksdb::TransactionDBWriteOptimizations opt;
    opt.skip_concurrency_control = true;
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return FromRocks(db_->Write(wo, opt, &batch));
  }

  Status Compact(std::string_view begin, std::string_view end) override {
    rocksdb::CompactRangeOptions opts;
    rocksdb::Slice b = ToSlice(begin), e = ToSlice(end);
    bool all = begin.empty() && end.empty();
    return FromRocks(db_->CompactRange(opts, all ? nullptr : &b, all ? nullptr : &e));
  }

  const std::string& path() const override { return path_; }

 private:
  std::string path_;
  std::unique_ptr<FolderLock> lock_;  // released after the database is closed
  std::unique_ptr<rocksdb::TransactionDB> db_;
  rocksdb::WriteOptions write_options_;
  rocksdb::TransactionOptions txn_options_;
  std::shared_ptr<Health> health_;
  std::mutex resume_mu_;

  // Resumes writing after a failure once the disk has room again (1 MiB, enough for RocksDB to
  // flush what it holds); until then the database refuses writes with the original error.
  void TryResume() {
    constexpr uint64_t kRoomToResume = 1 << 20;
    uint64_t free_bytes = 0;
    rocksdb::Status s = db_->GetEnv()->GetFreeSpace(db_->GetName(), &free_bytes);
    if (!s.ok() || free_bytes < kRoomToResume) return;
    std::lock_guard<std::mutex> lock(resume_mu_);
    if (health_->failed && db_->GetRootDB()->Resume().ok()) health_->failed = false;
  }
};

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const std::string& path,
                                             const EngineOptions& options) {
  fs::path dir(path);
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    if (!options.create_if_missing) {
      return Status::UndefinedFile("database folder \"" + path + "\" does not exist");
    }
    fs::create_directories(dir, ec);
    if (ec) {
      return Status(ec == std::errc::no_space_on_device ? "53100" : "58030",
                    "could not create database folder \"" + path + "\": " + ec.message());
    }
  } else if (!fs::is_directory(st)) {
    return Status::IOError("could not open database folder \"" + path + "\": not a directory");
  }
  if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
    return Errno("could not open database folder \"" + path + "\"");
  }

  // Identify the folder before creating anything in it, so a wrong path is left untouched.
  // Checked before and again under the lock, when no one else can be creating it.
  auto check_folder = [&]() -> Result<bool> {
    ASSIGN_OR_RETURN(bool exists, ReadIdentity(dir));
    if (exists) return true;
    RETURN_IF_ERROR(CheckNoForeignFiles(dir));
    if (!options.create_if_missing) {
      return Status::UndefinedFile("database folder \"" + path + "\" holds no database");
    }
    return false;
  };
  RETURN_IF_ERROR(check_folder().status());
  ASSIGN_OR_RETURN(auto lock, FolderLock::Acquire(dir));
  ASSIGN_OR_RETURN(bool exists, check_folder());
  bool is_new = !exists;

  rocksdb::Options db_options;
  db_options.create_if_missing = is_new;
  db_options.error_if_exists = false;
  db_options.max_background_jobs = 2;
  db_options.compression = rocksdb::kLZ4Compression;
  db_options.bottommost_compression = rocksdb::kZSTD;
  db_options.keep_log_file_num = 5;
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.cache_bytes);
  // Point reads (primary-key lookups, unique checks) skip files that cannot hold the key.
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  if (options.faults != nullptr) db_options.env = options.faults->impl().env.get();
  fs::create_directories(dir / kRocksDir, ec);
  db_options.info_log = InfoLog::Open(dir / kRocksDir / "LOG");
  auto health = std::make_shared<Health>();
  db_options.listeners.push_back(std::make_shared<HealthListener>(health));
  rocksdb::TransactionDBOptions txn_db_options;
  txn_db_options.transaction_lock_timeout = options.lock_timeout_ms;

  rocksdb::TransactionDB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::TransactionDB::Open(db_options, txn_db_options, (dir / kRocksDir).string(), &raw);
  if (!s.ok()) {
    // With an identity file, missing or unreadable store files mean damage, not a new database.
    Status err = s.IsInvalidArgument() || s.IsPathNotFound()
                     ? Status::Corruption("the data is damaged or missing: " + s.ToString())
                     : FromRocks(s);
    return Status(err.sqlstate(),
                  "could not open database folder \"" + path + "\": " + err.message());
  }
  std::unique_ptr<rocksdb::TransactionDB> db(raw);

  // The format version also lives inside the database, so a swapped identity file is caught.
  std::string stored;
  std::string key = MetaKey(kMetaFormatVersion);
  s = db->Get(rocksdb::ReadOptions(), ToSlice(key), &stored);
  if (s.IsNotFound()) {
    if (!db_options.create_if_missing) {
      return Status::Corruption("database folder \"" + path +
                                "\" is damaged: format version missing");
    }
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db->Put(wo, ToSlice(key), std::to_string(kFormatVersion));
  } else if (s.ok() && stored != std::to_string(kFormatVersion)) {
    return Status::FeatureNotSupported("database in \"" + path + "\" has format version " + stored +
                                       ", this build reads " + std::to_string(kFormatVersion));
  }
  if (!s.ok()) return FromRocks(s);
  if (is_new) {
    RETURN_IF_ERROR(WriteFileDurably(
        dir, kIdentityFile,
        std::string(kIdentityLine) + "\nformat " + std::to_string(kFormatVersion) + "\n"));
  }
  return std::unique_ptr<Engine>(new RocksEngine(fs::absolute(dir).string(), std::move(lock),
                                                 std::move(db), std::move(health), options));
}

}  // namespace komodo::storage
