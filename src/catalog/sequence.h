// Sequences: their definitions (catalog records) and the store that hands out their values.
//
// Values are not transactional, as in PostgreSQL: a value handed out is never handed out again,
// even when the transaction that took it rolls back. The store reserves values in blocks and
// persists the end of the block (one durable write per block), so after a crash a sequence
// skips at most one block, as PostgreSQL's does after its cached values.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "komodo/result.h"
#include "komodo/value.h"
#include "storage/engine.h"

namespace komodo::catalog {

struct SequenceDef {
  uint32_t id = 0;
  std::string name;
  TypeId type = TypeId::kInt8;
  int64_t start = 1;
  int64_t increment = 1;
  int64_t min = 1;
  int64_t max = INT64_MAX;
  bool cycle = false;
  uint32_t owner_table = 0;  // a serial or identity column's table: dropped with it
  std::string owner_column;
};

std::string EncodeSequenceDef(const SequenceDef& s);
// Errors: XX001 when the record is damaged.
Result<SequenceDef> DecodeSequenceDef(std::string_view record);

class SequenceStore {
 public:
  explicit SequenceStore(storage::Engine& engine) : engine_(engine) {}
  // Gives back the unused part of each reserved block, so a clean close skips no values.
  ~SequenceStore();

  // nextval(). Errors: 2200H when the sequence is exhausted and does not cycle.
  Result<int64_t> Next(const SequenceDef& def);
  // setval(): the next Next() returns `value` + increment (is_called) or `value`.
  // Errors: 22003 when the value is out of the sequence's bounds.
  Status Set(const SequenceDef& def, int64_t value, bool is_called);

 private:
  struct State {
    bool loaded = false;
    int64_t next = 0;      // the value the next Next() returns
    int64_t reserved = 0;  // values from `next` up to here are persisted as taken
    bool exhausted = false;
  };
  Status Persist(uint32_t id, int64_t boundary);

  static constexpr int64_t kBlock = 32;
  storage::Engine& engine_;
  std::mutex mu_;
  std::map<uint32_t, State> states_;  // by sequence id; guarded by mu_
};

}  // namespace komodo::catalog
