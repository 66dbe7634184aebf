// Options for opening a database. Each field states its default.
#pragma once

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
};

}  // namespace komodo
