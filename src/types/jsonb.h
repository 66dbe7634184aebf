// jsonb (and json) as PostgreSQL 15 has them: input, output, the btree order, hashing, and the
// tree the operators and functions of exec/jsonb_functions.cc work on.
//
// Representation. A jsonb Value holds a compact binary encoding in its string (PhysicalType
// kString), not text: operators never re-parse JSON, a path step (->, #>) walks the encoding and
// skips the members it does not want by their length prefixes, and the row codec and the wire
// treat it as opaque bytes. The encoding is canonical: object keys unique and in jsonb's order
// (shorter first, then bytewise), numbers as Numeric (exact, display scale kept: 1.0 stays 1.0,
// 1e2 becomes 100). Layout, on-disk (never change; persisted in rows):
//   value  = tag byte, then by tag:
//     0 null | 3 false | 4 true
//     1 string  : varint length, UTF-8 bytes
//     2 number  : varint length, Numeric::EncodeBinary bytes
//     5 array   : varint count, varint body length, `count` values
//     6 object  : varint count, varint body length, `count` x (varint key length, key, value)
//   The tags follow PostgreSQL's JsonbValue type order (null < string < number < bool), which
//   the btree order uses. A top-level scalar is just that scalar (PostgreSQL's "raw scalar").
// A json Value (kJson) holds the input text exactly as written, validated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "komodo/numeric.h"
#include "komodo/result.h"

namespace komodo::jsonb {

// A decoded jsonb document. Objects keep keys and values in parallel vectors, keys unique and
// in jsonb's order once Normalize() has run (Encode does it).
struct JValue {
  enum class Kind : uint8_t { kNull, kString, kNumber, kBool, kArray, kObject };
  Kind kind = Kind::kNull;
  bool b = false;
  std::string str;
  Numeric num;
  std::vector<std::string> keys;  // kObject
  std::vector<JValue> items;      // kArray elements; kObject values, one per key

  static JValue Null() { return JValue(); }
  static JValue Bool(bool v) {
    JValue j;
    j.kind = Kind::kBool;
    j.b = v;
    return j;
  }
  static JValue String(std::string s) {
    JValue j;
    j.kind = Kind::kString;
    j.str = std::move(s);
    return j;
  }
  static JValue Number(Numeric n) {
    JValue j;
    j.kind = Kind::kNumber;
    j.num = std::move(n);
    return j;
  }
  static JValue Array() {
    JValue j;
    j.kind = Kind::kArray;
    return j;
  }
  static JValue Object() {
    JValue j;
    j.kind = Kind::kObject;
    return j;
  }
  bool is_container() const { return kind == Kind::kArray || kind == Kind::kObject; }
  // Object member by key, or nullptr. Precondition: kind == kObject and normalised.
  const JValue* Find(std::string_view key) const;
  // Sets key (replacing an existing member), keeping the object normalised.
  void Set(std::string key, JValue v);
};

// jsonb's key order: shorter keys first, then bytewise.
bool KeyLess(std::string_view a, std::string_view b);

// Sorts object keys into jsonb's order and drops duplicates (the last one wins), recursively.
void Normalize(JValue* v);

// Parses JSON text (RFC 8259, as PostgreSQL's json lexer accepts it).
// Errors: 22P02 "invalid input syntax for type json" with a DETAIL and CONTEXT like
// PostgreSQL's; 22P05 "unsupported Unicode escape sequence" for \u0000 (jsonb only, as in
// PostgreSQL); 54001 for nesting deeper than PostgreSQL's stack would allow.
Result<JValue> Parse(std::string_view text, bool for_jsonb = true);
// Validates JSON text for the json type (which keeps the text as written).
Status Validate(std::string_view text);

// The binary encoding of a normalised tree, and back. Decode errors: XX001.
std::string Encode(const JValue& v);
Result<JValue> Decode(std::string_view bytes);

// text -> the encoding (jsonb_in), and the encoding -> PostgreSQL's text (jsonb_out):
// `{"a": 1, "b": [1, 2]}`. `pretty` is jsonb_pretty's layout (4-space indent).
Result<std::string> FromText(std::string_view text);
std::string ToText(std::string_view bytes);
std::string ToText(const JValue& v, bool pretty = false);
// PostgreSQL's escape_json: the string quoted with JSON escapes.
void AppendQuoted(std::string* out, std::string_view s);

// PostgreSQL's jsonb btree order (jsonb_cmp) over two encodings.
int Compare(std::string_view a, std::string_view b);
int Compare(const JValue& a, const JValue& b);
// Consistent with Compare: equal documents (1.0 and 1.00 included) hash alike.
size_t Hash(std::string_view bytes);

// Fast paths over the encoding that decode only what they return.
// The top-level kind (kNull ... kObject) of an encoding.
JValue::Kind KindOf(std::string_view bytes);
// `->` with a key / an index (negative counts from the end): the member's encoding, or false
// when there is none (or the container is of the other kind).
bool FieldBytes(std::string_view bytes, std::string_view key, std::string_view* out);
bool ElementBytes(std::string_view bytes, int64_t index, std::string_view* out);

}  // namespace komodo::jsonb
