// The built-in functions over arrays (PostgreSQL's anyarray/anyelement functions, one dimension):
// array_length, cardinality, array_lower/upper, array_ndims, array_dims, array_position(s),
// array_append/prepend/cat/remove/replace, array_to_string, string_to_array, and the functions
// behind the operators || (array_cat/append/prepend), @> (arraycontains), <@ (arraycontained)
// and && (arrayoverlap).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/functions.h"

namespace komodo::exec {

// The array function `name` for arguments of `args` types (kUnknown: untyped), with its
// polymorphic types resolved: params and result name concrete array and element types. An
// element argument of a wider type widens the array (array_append(int[], bigint) is bigint[]).
// nullopt when `name` is not an array function or the arguments do not fit it.
std::optional<FunctionInfo> LookupArrayFunction(const std::string& name,
                                                const std::vector<TypeId>& args);

}  // namespace komodo::exec
