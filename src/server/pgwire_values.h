// Values on the wire: PostgreSQL's text and binary formats for KomodoDB's types, in both
// directions (result columns out, Bind parameters in).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo::server {

// The pg_type.typlen of a type: its fixed size in bytes, or -1 for variable length.
int16_t TypeLength(TypeId type);

// The TypeId for a PostgreSQL type OID a client sent; kUnknown when KomodoDB has no such type.
TypeId TypeFromOid(uint32_t oid);

// PostgreSQL's binary send format: big-endian integers, IEEE floats, one byte for bool, raw bytes
// for text and bytea, days / microseconds since 2000-01-01 for date / timestamps, 16 raw bytes
// for uuid. Precondition: !v.is_null().
std::string EncodeBinary(const Value& v);

// A Bind parameter in text (format 0) or binary (format 1) form, as a value of `type`.
// Errors: the type's input errors (22P02, 22003, ...) for text; 22P03 for binary data of the
// wrong size; 0A000 for binary input of a type KomodoDB cannot read in binary.
Result<Value> DecodeParam(TypeId type, int16_t format, std::string_view bytes);

}  // namespace komodo::server
