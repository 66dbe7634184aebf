// The self-describing encoding of one non-NULL scalar datum that the row format (table/row_codec.h)
// and array elements (types/array.h) share: a tag saying which payload follows, then the payload.
// On-disk: never renumber the tags.
//
//   1 false, 2 true (no payload); 3 integer (zigzag varint; also date, time and timestamps);
//   4 float (8 bytes little-endian IEEE double, float4 widened); 5 bytes (varint length + bytes:
//   text, varchar, char, bytea, uuid, json, jsonb, and an array's own encoding in a row);
//   6 numeric (varint length + Numeric::EncodeBinary); 7 interval (zigzag months, days, micros).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "komodo/value.h"

namespace komodo {

enum ValueTag : uint8_t {
  kTagFalse = 1,
  kTagTrue = 2,
  kTagInt = 3,
  kTagFloat = 4,
  kTagBytes = 5,
  kTagNumeric = 6,
  kTagInterval = 7,
};

// The tag of `v`. Precondition: `v` is not NULL and not an array.
ValueTag TagOf(const Value& v);
// Appends the payload of `v` (its tag says what it is). Precondition as TagOf.
void PutTaggedPayload(const Value& v, std::string* out);

// Reads the payload of `tag` from the front of `*in` as a value of `type` (the column's or the
// element's type; an integer or bytes payload takes it when its physical type matches). With
// `out` null, only skips it. Returns false when the payload is damaged or the tag unknown.
// A bytes payload of an array type is not decoded here: see DecodeArray.
bool GetTaggedPayload(uint8_t tag, TypeId type, std::string_view* in, Value* out);

}  // namespace komodo
