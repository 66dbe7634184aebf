// The layout of the key space. Every key starts with one KeyKind byte.
// On-disk: never renumber these values; list every change in docs/formats/keys.md.
//
//   01 <name>                           meta: format version, id counters
//   02 <table id:u32 BE>                catalog: one record per table (with its indexes)
//   04 <object id:u32 BE>               a dropped table/index whose data is still being deleted
//   05 <sequence id:u32 BE>             catalog: a sequence's definition
//   06 <sequence id:u32 BE>             a sequence's next unreserved value (written outside
//                                       transactions, as PostgreSQL's sequences are)
//   07 <role id:u32 BE>                 catalog: a role (catalog/role.h)
//   10 <table id:u32 BE> <primary key>  a row (value: row format, table/row_codec.h)
//   11 <index id:u32 BE> <index key>    a secondary index entry
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace komodo::storage {

// Bumped when any on-disk format changes incompatibly; checked at open.
inline constexpr int kFormatVersion = 1;

enum class KeyKind : uint8_t {
  kMeta = 0x01,
  kCatalog = 0x02,
  kPendingDrop = 0x04,
  kSequence = 0x05,
  kSequenceValue = 0x06,
  kRole = 0x07,
  kRow = 0x10,
  kIndex = 0x11,
};

inline constexpr std::string_view kMetaFormatVersion = "format_version";
inline constexpr std::string_view kMetaNextObjectId = "next_object_id";

inline std::string MetaKey(std::string_view name) {
  std::string k(1, static_cast<char>(KeyKind::kMeta));
  k.append(name);
  return k;
}

// <kind> <id:u32 big-endian>: the prefix of every key of one table, index or catalog record.
inline std::string ObjectPrefix(KeyKind kind, uint32_t id) {
  std::string k(1, static_cast<char>(kind));
  for (int shift = 24; shift >= 0; shift -= 8) k.push_back(static_cast<char>(id >> shift));
  return k;
}

// The first key after every key with ObjectPrefix(kind, id).
inline std::string ObjectPrefixEnd(KeyKind kind, uint32_t id) {
  return id == UINT32_MAX ? std::string(1, static_cast<char>(static_cast<uint8_t>(kind) + 1))
                          : ObjectPrefix(kind, id + 1);
}

}  // namespace komodo::storage
