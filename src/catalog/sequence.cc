#include "catalog/sequence.h"

#include "common/coding.h"
#include "common/macros.h"
#include "storage/keys.h"

namespace komodo::catalog {

namespace {

constexpr uint8_t kSequenceVersion = 1;

Status Damaged() { return Status::Corruption("sequence record is damaged"); }

std::string ValueKey(uint32_t id) {
  return storage::ObjectPrefix(storage::KeyKind::kSequenceValue, id);
}

}  // namespace

std::string EncodeSequenceDef(const SequenceDef& s) {
  std::string out(1, static_cast<char>(kSequenceVersion));
  PutVarint64(&out, s.id);
  PutLengthPrefixed(&out, s.name);
  PutVarint64(&out, static_cast<uint32_t>(s.type));
  PutZigZag64(&out, s.start);
  PutZigZag64(&out, s.increment);
  PutZigZag64(&out, s.min);
  PutZigZag64(&out, s.max);
  out.push_back(s.cycle ? 1 : 0);
  PutVarint64(&out, s.owner_table);
  PutLengthPrefixed(&out, s.owner_column);
  return out;
}

Result<SequenceDef> DecodeSequenceDef(std::string_view in) {
  if (in.empty() || static_cast<uint8_t>(in[0]) != kSequenceVersion) return Damaged();
  in.remove_prefix(1);
  SequenceDef s;
  uint64_t id, type, owner;
  std::string_view name, column;
  if (!GetVarint64(&in, &id) || !GetLengthPrefixed(&in, &name) || !GetVarint64(&in, &type) ||
      !GetZigZag64(&in, &s.start) || !GetZigZag64(&in, &s.increment) || !GetZigZag64(&in, &s.min) ||
      !GetZigZag64(&in, &s.max) || in.empty()) {
    return Damaged();
  }
  s.cycle = in[0] != 0;
  in.remove_prefix(1);
  if (!GetVarint64(&in, &owner) || !GetLengthPrefixed(&in, &column)) return Damaged();
  s.id = static_cast<uint32_t>(id);
  s.name = std::string(name);
  s.type = static_cast<TypeId>(type);
  s.owner_table = static_cast<uint32_t>(owner);
  s.owner_column = std::string(column);
  return s;
}

Status SequenceStore::Persist(uint32_t id, int64_t boundary) {
  auto txn = engine_.BeginTransaction();
  RETURN_IF_ERROR(txn->Put(ValueKey(id), std::to_string(boundary)));
  return txn->Commit();
}

SequenceStore::~SequenceStore() {
  for (const auto& [id, st] : states_) {
    if (st.loaded && !st.exhausted && st.next != st.reserved) {
      Persist(id, st.next).PermitUncheckedError();  // at worst the block stays skipped
    }
  }
}

Result<int64_t> SequenceStore::Next(const SequenceDef& def) {
  std::lock_guard<std::mutex> lock(mu_);
  State& st = states_[def.id];
  if (!st.loaded) {
    std::string record;
    ASSIGN_OR_RETURN(bool found, engine_.Get(ValueKey(def.id), &record));
    st.next = found ? std::stoll(record) : def.start;
    st.reserved = st.next;
    st.loaded = true;
  }
  bool up = def.increment > 0;
  if (st.exhausted || (up ? st.next > def.max : st.next < def.min)) {
    if (!def.cycle) {
      return Status("2200H", "nextval: reached " + std::string(up ? "maximum" : "minimum") +
                                 " value of sequence \"" + def.name + "\" (" +
                                 std::to_string(up ? def.max : def.min) + ")");
    }
    st.next = up ? def.min : def.max;
    st.exhausted = false;
    st.reserved = st.next;
  }
  if (st.next == st.reserved) {
    // Reserve a block: persisted before any of its values is handed out.
    int64_t end;
    if (__builtin_mul_overflow(def.increment, kBlock, &end) ||
        __builtin_add_overflow(st.next, end, &end)) {
      end = up ? INT64_MAX : INT64_MIN;
    }
    RETURN_IF_ERROR(Persist(def.id, end));
    st.reserved = end;
  }
  int64_t value = st.next;
  if (__builtin_add_overflow(st.next, def.increment, &st.next)) st.exhausted = true;
  return value;
}

Status SequenceStore::Set(const SequenceDef& def, int64_t value, bool is_called) {
  if (value < def.min || value > def.max) {
    return Status::OutOfRange("setval: value " + std::to_string(value) +
                              " is out of bounds for sequence \"" + def.name + "\" (" +
                              std::to_string(def.min) + ".." + std::to_string(def.max) + ")");
  }
  std::lock_guard<std::mutex> lock(mu_);
  State& st = states_[def.id];
  int64_t next = value;
  bool exhausted = false;
  if (is_called && __builtin_add_overflow(value, def.increment, &next)) exhausted = true;
  RETURN_IF_ERROR(Persist(def.id, next));
  st.loaded = true;
  st.next = next;
  st.reserved = next;
  st.exhausted = exhausted;
  return Status::OK();
}

}  // namespace komodo::catalog
