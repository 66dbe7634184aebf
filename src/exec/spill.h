// Spilling: rows written to an unnamed temporary file and read back in order. Sorts and hash
// aggregation use it when their input outgrows work_mem (ExecContext::work_mem), as PostgreSQL's
// "external merge" sorts and spilled hash aggregates do.
//
// The file is created with tmpfile(): it has no name, so it disappears when closed or when the
// process dies. Values are written with their type, in a private format that only has to
// round-trip within one statement.
#pragma once

#include <cstdio>
#include <memory>

#include "exec/evaluate.h"

namespace komodo::exec {

class SpillFile {
 public:
  // Errors: 53100 when no temporary file can be made.
  static Result<std::unique_ptr<SpillFile>> Create();
  ~SpillFile();

  Status Write(const Row& row);
  // Ends writing and goes back to the first row. Errors: 53100 when the data cannot be written.
  Status Rewind();
  // The next row; false after the last one.
  Result<bool> Read(Row* row);
  // Ends writing and goes to byte `offset` (a bytes() taken before a Write): reading then starts
  // at that row. Errors: 53100.
  Status Seek(size_t offset);

  size_t rows() const { return rows_; }
  size_t bytes() const { return bytes_; }

 private:
  explicit SpillFile(FILE* f) : file_(f) {}
  FILE* file_;
  size_t rows_ = 0;
  size_t bytes_ = 0;
  std::string buffer_;  // one encoded row
};

// About how many bytes `row` takes in memory: what is counted against work_mem.
size_t RowMemory(const Row& row);

}  // namespace komodo::exec
