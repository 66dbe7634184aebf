// Options for opening a database. Each field states its default.
#pragma once

#include <cstddef>

namespace komodo {

struct Options {
  // Create the folder and a new, empty database in it when the folder is missing or empty.
  // When false, opening a missing folder fails with 58P01.
  // Default: true.
  bool create_if_missing = true;

  // Sync the write-ahead log to disk before a commit is acknowledged. When true, every commit
  // acknowledged to the caller survives a crash of the process or the machine. When false, a
  // process crash loses nothing but a machine crash may lose the most recent commits.
  // Default: true.
  bool sync_commit = true;

  // Memory for decompressed data blocks kept between reads (RocksDB's block cache), shared by
  // every connection. Like PostgreSQL's shared_buffers, whose default it matches.
  // Default: 128 MiB.
  size_t cache_bytes = size_t{128} << 20;
};

}  // namespace komodo
