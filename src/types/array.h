// One-dimensional arrays (PostgreSQL's anyarray restricted to one dimension and lower bound 1):
// the array type of each element type, array_in/array_out's text forms, btree ordering
// (array_cmp) and the row codec's encoding of an array datum.
#pragma once

#include <string>
#include <string_view>

#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo {

bool IsArrayType(TypeId type);
// The element type of an array type; kUnknown when `array` is not an array type.
TypeId ArrayElementType(TypeId array);
// The array type whose elements are `element`; kUnknown when there is none (arrays of arrays).
TypeId ArrayTypeOf(TypeId element);

// array_in for a one-dimensional array: "{1,2,NULL}", "{\"a b\",c}", with PostgreSQL's quoting,
// escapes and whitespace rules; each element goes through Value::FromText of the element type.
// Errors: 22P02 "malformed array literal" with PostgreSQL's DETAIL, the element type's input
// errors, 0A000 for more than one dimension or explicit bounds ("[0:1]={...}").
Result<Value> ParseArray(TypeId array_type, std::string_view text);

// array_out: "{1,2,NULL}" (int2vector's "1 2"; a record's "(1,2)" as record_out writes it);
// elements that are empty, "NULL", or hold whitespace, braces, commas,
// quotes or backslashes are double-quoted with \" and \\ escaped.
std::string FormatArray(const Value& array);

// array_cmp: element by element with the element type's order (a NULL element sorts after
// every non-NULL one and equals another NULL), then the shorter array first.
int CompareArrays(const Value& a, const Value& b);

// The row codec's encoding of a non-NULL array: the element count, then per element a tag and
// its payload. On-disk: never change.
void EncodeArray(const Value& array, std::string* out);
// Errors: Corruption when `in` is not an encoding of an array of `array_type`.
Result<Value> DecodeArray(TypeId array_type, std::string_view in);

}  // namespace komodo
