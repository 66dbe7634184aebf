// SQL ordering of Values and the casts between the types of value.h, as PostgreSQL 15 defines
// them (pg_cast, the btree comparison functions, and the cast functions' errors).
#pragma once

#include <optional>

#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo {

// Where PostgreSQL lets a cast happen without being written (pg_cast.castcontext).
enum class CastContext {
  kImplicit,    // anywhere, e.g. int4 -> int8, text -> varchar, date -> timestamp
  kAssignment,  // also in INSERT/UPDATE targets, e.g. int8 -> int4, float8 -> int4, any -> text
  kExplicit,    // only as CAST(x AS t) or x::t, e.g. text -> int4, int4 -> boolean
};

// The context in which `source` converts to `target`, or nullopt when PostgreSQL has no such
// cast (42846). The same type, and kUnknown (an untyped literal or NULL), cast implicitly.
// I/O conversion casts count: any type -> text/varchar is kAssignment, text/varchar -> any type
// is kExplicit.
std::optional<CastContext> FindCast(TypeId source, TypeId target);

// Converts `v` to `target` whatever the context (the caller checks FindCast for the context it
// is in). A NULL converts to a NULL of `target`.
// Conversions: integer widths (22003 "smallint out of range" / "integer out of range" /
// "bigint out of range"); int <-> float (float -> int rounds half to even, NaN and overflow are
// 22003); float8 -> float4 (22003 "value out of range: overflow" / "...: underflow");
// int4 <-> boolean; date <-> timestamp <-> timestamptz (22008 "date out of range for timestamp");
// any -> text/varchar as the text output (boolean gives "true"/"false", as PostgreSQL's
// bool -> text cast does); text/varchar/unknown -> any through Value::FromText, with its errors.
// Errors: 42846 "cannot cast type X to Y" when FindCast(v.type(), target) is nullopt.
Result<Value> CastValue(const Value& v, TypeId target);

// Whether CompareValues may be called on values of these types: both numeric (integers and
// floats), both strings (text, varchar), both date/time (date, timestamp, timestamptz), or the
// same type.
bool AreComparable(TypeId a, TypeId b);

// SQL order of two non-NULL values of comparable types: negative, zero or positive.
// Integers of any width compare exactly; an integer against a float compares as float8 (as
// PostgreSQL's implicit int -> float8 cast does); floats order NaN above everything (NaN = NaN)
// and -0 = 0; text and varchar compare bytewise (the "C" collation), as do bytea and uuid;
// false < true; dates against timestamps as their midnight; timestamp against timestamptz as
// if the timestamp were in the session time zone (UTC).
// Precondition: !a.is_null() && !b.is_null() && AreComparable(a.type(), b.type()). Values that
// break it are ordered by type OID so that a sort still terminates.
int CompareValues(const Value& a, const Value& b);

}  // namespace komodo
