// FaultInjector: a file system under the engine that fails writes on command, for tests of
// disk-full and I/O-error paths. Pass it in EngineOptions::faults; it must outlive the Engine.
#pragma once

#include <atomic>
#include <memory>

namespace komodo::storage {

class FaultInjector {
 public:
  FaultInjector();
  ~FaultInjector();

  // While on, every write, sync and file creation fails as if the disk were full (ENOSPC).
  void SetDiskFull(bool on) { disk_full_ = on; }
  bool disk_full() const { return disk_full_; }

  struct Impl;  // the RocksDB file system and Env; used by the engine
  Impl& impl() { return *impl_; }

 private:
  std::atomic<bool> disk_full_{false};
  std::unique_ptr<Impl> impl_;
};

}  // namespace komodo::storage
