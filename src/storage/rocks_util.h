// Conversions between RocksDB's types and ours. Included only by src/storage/*.cc.
#pragma once

#include <rocksdb/env.h>
#include <rocksdb/file_system.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>

#include <memory>
#include <string_view>

#include "komodo/status.h"
#include "storage/fault_injection.h"

namespace komodo::storage {

inline rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }
inline std::string_view ToView(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

// Maps a RocksDB status to a SQLSTATE: lock waits 55P03, deadlocks 40P01, write conflicts 40001,
// a full disk 53100, corruption XX001, other I/O 58030.
Status FromRocks(const rocksdb::Status& s);

struct FaultInjector::Impl {
  std::shared_ptr<rocksdb::FileSystem> fs;
  std::unique_ptr<rocksdb::Env> env;
};

}  // namespace komodo::storage
