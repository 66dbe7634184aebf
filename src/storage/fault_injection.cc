#include "storage/fault_injection.h"

#include "storage/rocks_util.h"

namespace komodo::storage {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;

IOStatus NoSpace() { return IOStatus::NoSpace("injected fault", "no space left on device"); }

class FailingFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FailingFile(std::unique_ptr<rocksdb::FSWritableFile> f, const FaultInjector& faults)
      : FSWritableFileOwnerWrapper(std::move(f)), faults_(faults) {}

  IOStatus Append(const rocksdb::Slice& data, const IOOptions& o, IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->Append(data, o, d);
  }
  IOStatus Append(const rocksdb::Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo& v, IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->Append(data, o, v, d);
  }
  IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t off, const IOOptions& o,
                            IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->PositionedAppend(data, off, o, d);
  }
  IOStatus Flush(const IOOptions& o, IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->Flush(o, d);
  }
  IOStatus Sync(const IOOptions& o, IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->Sync(o, d);
  }
  IOStatus Fsync(const IOOptions& o, IODebugContext* d) override {
    return faults_.disk_full() ? NoSpace() : target()->Fsync(o, d);
  }

 private:
  const FaultInjector& faults_;
};

class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem(std::shared_ptr<rocksdb::FileSystem> base, const FaultInjector& faults)
      : FileSystemWrapper(std::move(base)), faults_(faults) {}

  const char* Name() const override { return "KomodoFailingFileSystem"; }

  IOStatus GetFreeSpace(const std::string& path, const IOOptions& o, uint64_t* free_bytes,
                        IODebugContext* d) override {
    if (faults_.disk_full()) {
      *free_bytes = 0;
      return IOStatus::OK();
    }
    return target()->GetFreeSpace(path, o, free_bytes, d);
  }

  IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                           std::unique_ptr<rocksdb::FSWritableFile>* r,
                           IODebugContext* d) override {
    if (faults_.disk_full()) return NoSpace();
    std::unique_ptr<rocksdb::FSWritableFile> file;
    IOStatus s = target()->NewWritableFile(f, o, &file, d);
    if (s.ok()) *r = std::make_unique<FailingFile>(std::move(file), faults_);
    return s;
  }
  IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                              std::unique_ptr<rocksdb::FSWritableFile>* r,
                              IODebugContext* d) override {
    if (faults_.disk_full()) return NoSpace();
    std::unique_ptr<rocksdb::FSWritableFile> file;
    IOStatus s = target()->ReopenWritableFile(f, o, &file, d);
    if (s.ok()) *r = std::make_unique<FailingFile>(std::move(file), faults_);
    return s;
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                             const rocksdb::FileOptions& o,
                             std::unique_ptr<rocksdb::FSWritableFile>* r,
                             IODebugContext* d) override {
    if (faults_.disk_full()) return NoSpace();
    std::unique_ptr<rocksdb::FSWritableFile> file;
    IOStatus s = target()->ReuseWritableFile(f, old, o, &file, d);
    if (s.ok()) *r = std::make_unique<FailingFile>(std::move(file), faults_);
    return s;
  }

 private:
  const FaultInjector& faults_;
};

}  // namespace

FaultInjector::FaultInjector() : impl_(std::make_unique<Impl>()) {
  impl_->fs = std::make_shared<FailingFileSystem>(rocksdb::FileSystem::Default(), *this);
  impl_->env = rocksdb::NewCompositeEnv(impl_->fs);
}

FaultInjector::~FaultInjector() = default;

}  // namespace komodo::storage
