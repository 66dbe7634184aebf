// Order-preserving ("memcomparable") encoding of SQL values into storage keys.
//
// Invariant: for two values of the same type family, memcmp order of their encodings (with the
// same SortOrder) equals PostgreSQL's sort order for that column, NULLs included. Components are
// self-delimiting and no encoding is a proper prefix of another, so concatenating components
// yields a composite key whose memcmp order is the lexicographic order of its columns.
//
// Type families that share one encoding and therefore compare with each other:
//   int2, int4, int8, date, timestamp, timestamptz, time;  float4, float8;  text, varchar, bytea.
// interval is not key-encodable (yet): no index on an interval column.
// An array of a key-encodable type is: its elements as components, then a 00 byte, so arrays sort
// element by element (NULL elements last) and a proper prefix first, as PostgreSQL's array_cmp.
// bool, uuid and numeric stand alone (a numeric component is Numeric::EncodeKey after the value
// marker; it does not keep the display scale, so 1.50 decodes as 1.5). Comparing across families is
// meaningless: the caller casts first.
//
// The byte format is persisted; it is specified in docs/formats/keys.md. On-disk: never change it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "komodo/status.h"
#include "komodo/value.h"

namespace komodo::storage {

// Direction of one key column. kAsc sorts NULLs last, kDesc sorts NULLs first (PostgreSQL's
// defaults); a kDesc component is the bitwise inverse of the kAsc one.
enum class SortOrder : uint8_t { kAsc, kDesc };

// True for the types EncodeKeyValue accepts non-NULL values of. A NULL of any type is encodable.
bool IsKeyEncodable(TypeId type);

// Appends the encoding of `v` to `*out`; never touches the bytes already in `*out`.
// Precondition: v.is_null() or IsKeyEncodable(v.type()); a uuid holds exactly 16 bytes.
// -0.0 is encoded as 0.0 and every NaN as one canonical NaN, since SQL holds them equal.
void EncodeKeyValue(const Value& v, SortOrder order, std::string* out);

// Consumes one component of type `type` from the front of `*in` and stores it in `*out`.
// On success `*out` is a Value of exactly `type` (Value::Null(type) for a NULL) and `*in` starts
// at the next component. Round-trips EncodeKeyValue, except that -0.0 comes back as 0.0 and NaN
// as the canonical NaN.
// Errors: Corruption (XX001) when the input is truncated or not a valid encoding for `type` and
// `order`; Internal (XX000) for a non-NULL component of a type that is not IsKeyEncodable.
// On error `*in` and `*out` are unspecified. Never reads outside `*in`.
Status DecodeKeyValue(std::string_view* in, TypeId type, SortOrder order, Value* out);

// Fixed-width big-endian integers, for the prefixes of key layouts (big-endian so that unsigned
// memcmp order equals numeric order).
void PutFixed32BE(std::string* out, uint32_t v);
void PutFixed64BE(std::string* out, uint64_t v);
// Consume 4 / 8 bytes from the front of `*in`. Return false, consuming nothing, when `*in` is
// shorter than that.
bool GetFixed32BE(std::string_view* in, uint32_t* v);
bool GetFixed64BE(std::string_view* in, uint64_t* v);

// The smallest string greater than every string that starts with `prefix`: the exclusive upper
// bound of a prefix scan or range delete. Returns "" when there is none (prefix empty or all 0xFF
// bytes); the caller then scans to the end of the key space.
std::string PrefixSuccessor(std::string_view prefix);

}  // namespace komodo::storage
