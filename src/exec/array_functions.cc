#include "exec/array_functions.h"

#include "common/macros.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/utf8.h"

namespace komodo::exec {

namespace {

using Args = std::vector<Value>;
using sql::BoundExpr;

const std::vector<Value>& Elements(const Value& v) { return v.array_value(); }

// IS NOT DISTINCT FROM between two elements: NULL matches NULL.
bool NotDistinct(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() == b.is_null();
  return CompareValues(a, b) == 0;
}

bool FirstDimension(const Args& a) { return a[1].int_value() == 1 && !Elements(a[0]).empty(); }

Result<Value> ArrayLength(const BoundExpr&, Args& a) {
  if (!FirstDimension(a)) return Value::Null(TypeId::kInt4);
  return Value::Int4(static_cast<int32_t>(Elements(a[0]).size()));
}
Result<Value> ArrayLower(const BoundExpr&, Args& a) {
  if (!FirstDimension(a)) return Value::Null(TypeId::kInt4);
  return Value::Int4(1);
}
Result<Value> Cardinality(const BoundExpr&, Args& a) {
  return Value::Int4(static_cast<int32_t>(Elements(a[0]).size()));
}
Result<Value> ArrayNdims(const BoundExpr&, Args& a) {
  if (Elements(a[0]).empty()) return Value::Null(TypeId::kInt4);
  return Value::Int4(1);
}
Result<Value> ArrayDims(const BoundExpr&, Args& a) {
  if (Elements(a[0]).empty()) return Value::Null(TypeId::kText);
  return Value::Text("[1:" + std::to_string(Elements(a[0]).size()) + "]");
}

Result<Value> ArrayPosition(const BoundExpr&, Args& a) {
  if (a[0].is_null()) return Value::Null(TypeId::kInt4);
  const std::vector<Value>& e = Elements(a[0]);
  int64_t start = 1;
  if (a.size() > 2) {
    if (a[2].is_null()) return Status("22004", "initial position must not be null");
    start = std::max<int64_t>(a[2].int_value(), 1);
  }
  for (int64_t i = start; i <= static_cast<int64_t>(e.size()); i++) {
    if (NotDistinct(e[i - 1], a[1])) return Value::Int4(static_cast<int32_t>(i));
  }
  return Value::Null(TypeId::kInt4);
}

Result<Value> ArrayPositions(const BoundExpr&, Args& a) {
  if (a[0].is_null()) return Value::Null(TypeId::kInt4Array);
  std::vector<Value> out;
  const std::vector<Value>& e = Elements(a[0]);
  for (size_t i = 0; i < e.size(); i++) {
    if (NotDistinct(e[i], a[1])) out.push_back(Value::Int4(static_cast<int32_t>(i + 1)));
  }
  return Value::Array(TypeId::kInt4Array, std::move(out));
}

// array_append and array_prepend take a NULL array as an empty one.
Result<Value> ArrayAppend(const BoundExpr& call, Args& a) {
  std::vector<Value> out;
  if (!a[0].is_null()) out = Elements(a[0]);
  out.push_back(a[1].is_null() ? Value::Null(ArrayElementType(call.type)) : a[1]);
  return Value::Array(call.type, std::move(out));
}
Result<Value> ArrayPrepend(const BoundExpr& call, Args& a) {
  std::vector<Value> out;
  out.push_back(a[0].is_null() ? Value::Null(ArrayElementType(call.type)) : a[0]);
  if (!a[1].is_null()) {
    const std::vector<Value>& e = Elements(a[1]);
    out.insert(out.end(), e.begin(), e.end());
  }
  return Value::Array(call.type, std::move(out));
}
Result<Value> ArrayCat(const BoundExpr& call, Args& a) {
  if (a[0].is_null()) return a[1].is_null() ? Value::Null(call.type) : a[1];
  if (a[1].is_null()) return a[0];
  std::vector<Value> out = Elements(a[0]);
  const std::vector<Value>& e = Elements(a[1]);
  out.insert(out.end(), e.begin(), e.end());
  return Value::Array(call.type, std::move(out));
}

Result<Value> ArrayRemove(const BoundExpr& call, Args& a) {
  if (a[0].is_null()) return Value::Null(call.type);
  std::vector<Value> out;
  for (const Value& v : Elements(a[0])) {
    if (!NotDistinct(v, a[1])) out.push_back(v);
  }
  return Value::Array(call.type, std::move(out));
}
Result<Value> ArrayReplace(const BoundExpr& call, Args& a) {
  if (a[0].is_null()) return Value::Null(call.type);
  std::vector<Value> out;
  TypeId element = ArrayElementType(call.type);
  for (const Value& v : Elements(a[0])) {
    if (!NotDistinct(v, a[1])) {
      out.push_back(v);
    } else {
      out.push_back(a[2].is_null() ? Value::Null(element) : a[2]);
    }
  }
  return Value::Array(call.type, std::move(out));
}

// array_to_string(array, delimiter [, null_string]): NULL elements are left out unless a
// null_string is given.
Result<Value> ArrayToString(const BoundExpr&, Args& a) {
  if (a[0].is_null() || a[1].is_null()) return Value::Null(TypeId::kText);
  bool null_text = a.size() > 2 && !a[2].is_null();
  std::string out;
  bool first = true;
  for (const Value& v : Elements(a[0])) {
    if (v.is_null() && !null_text) continue;
    if (!first) out += a[1].string_value();
    first = false;
    out += v.is_null() ? a[2].string_value() : v.ToText();
  }
  return Value::Text(std::move(out));
}

// string_to_array(text, delimiter [, null_string]): a NULL delimiter splits into characters, an
// empty one keeps the whole text; an empty text is an empty array.
Result<Value> StringToArray(const BoundExpr&, Args& a) {
  if (a[0].is_null()) return Value::Null(TypeId::kTextArray);
  const std::string& s = a[0].string_value();
  std::vector<std::string> parts;
  if (!s.empty()) {
    if (a[1].is_null()) {
      for (size_t i = 0; i < s.size();) {
        size_t n = Utf8Length(static_cast<unsigned char>(s[i]));
        parts.push_back(s.substr(i, n));
        i += n;
      }
    } else if (a[1].string_value().empty()) {
      parts.push_back(s);
    } else {
      const std::string& d = a[1].string_value();
      size_t start = 0;
      while (true) {
        size_t at = s.find(d, start);
        parts.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + d.size();
      }
    }
  }
  bool null_text = a.size() > 2 && !a[2].is_null();
  std::vector<Value> out;
  for (std::string& p : parts) {
    if (null_text && p == a[2].string_value()) {
      out.push_back(Value::Null(TypeId::kText));
    } else {
      out.push_back(Value::Text(std::move(p)));
    }
  }
  return Value::Array(TypeId::kTextArray, std::move(out));
}

// Whether every non-NULL... element of `inner` equals some element of `outer`; a NULL element
// never matches (arraycontains).
bool Contains(const Value& outer, const Value& inner) {
  for (const Value& x : Elements(inner)) {
    if (x.is_null()) return false;
    bool found = false;
    for (const Value& y : Elements(outer)) {
      if (!y.is_null() && CompareValues(x, y) == 0) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
Result<Value> ArrayContains(const BoundExpr&, Args& a) { return Value::Bool(Contains(a[0], a[1])); }
Result<Value> ArrayContained(const BoundExpr&, Args& a) {
  return Value::Bool(Contains(a[1], a[0]));
}
Result<Value> ArrayOverlap(const BoundExpr&, Args& a) {
  for (const Value& x : Elements(a[0])) {
    if (x.is_null()) continue;
    for (const Value& y : Elements(a[1])) {
      if (!y.is_null() && CompareValues(x, y) == 0) return Value::Bool(true);
    }
  }
  return Value::Bool(false);
}

// Parameter and result kinds: A the array type, E its element type, I integer, T text,
// B boolean, X integer[], S text[].
struct Signature {
  const char* name;
  const char* params;
  char result;
  sql::ScalarFn fn;
  bool strict;
};

constexpr Signature kSignatures[] = {
    {"array_length", "AI", 'I', ArrayLength, true},
    {"cardinality", "A", 'I', Cardinality, true},
    {"array_lower", "AI", 'I', ArrayLower, true},
    {"array_upper", "AI", 'I', ArrayLength, true},
    {"array_ndims", "A", 'I', ArrayNdims, true},
    {"array_dims", "A", 'T', ArrayDims, true},
    {"array_position", "AE", 'I', ArrayPosition, false},
    {"array_position", "AEI", 'I', ArrayPosition, false},
    {"array_positions", "AE", 'X', ArrayPositions, false},
    {"array_append", "AE", 'A', ArrayAppend, false},
    {"array_prepend", "EA", 'A', ArrayPrepend, false},
    {"array_cat", "AA", 'A', ArrayCat, false},
    {"array_remove", "AE", 'A', ArrayRemove, false},
    {"array_replace", "AEE", 'A', ArrayReplace, false},
    {"array_to_string", "AT", 'T', ArrayToString, false},
    {"array_to_string", "ATT", 'T', ArrayToString, false},
    {"string_to_array", "TT", 'S', StringToArray, false},
    {"string_to_array", "TTT", 'S', StringToArray, false},
    {"arraycontains", "AA", 'B', ArrayContains, true},
    {"arraycontained", "AA", 'B', ArrayContained, true},
    {"arrayoverlap", "AA", 'B', ArrayOverlap, true},
};

bool ImplicitCast(TypeId from, TypeId to) {
  std::optional<CastContext> c = FindCast(from, to);
  return c && *c == CastContext::kImplicit;
}

}  // namespace

std::optional<FunctionInfo> LookupArrayFunction(const std::string& name,
                                                const std::vector<TypeId>& args) {
  for (const Signature& sig : kSignatures) {
    std::string_view params(sig.params);
    if (name != sig.name || params.size() != args.size()) continue;
    TypeId array = TypeId::kUnknown;
    bool fits = true;
    for (size_t i = 0; i < args.size() && fits; i++) {
      if (params[i] != 'A' || args[i] == TypeId::kUnknown) continue;
      if (!IsArrayType(args[i]) || (array != TypeId::kUnknown && array != args[i])) fits = false;
      array = args[i];
    }
    if (!fits) continue;
    for (size_t i = 0; i < args.size() && array == TypeId::kUnknown; i++) {
      if (params[i] == 'E' && args[i] != TypeId::kUnknown) array = ArrayTypeOf(args[i]);
    }
    bool polymorphic = params.find_first_of("AE") != std::string_view::npos;
    if (polymorphic && array == TypeId::kUnknown) continue;
    TypeId element = ArrayElementType(array);
    for (size_t i = 0; i < args.size() && fits; i++) {
      if (params[i] != 'E' || args[i] == TypeId::kUnknown || args[i] == element) continue;
      if (ImplicitCast(args[i], element)) continue;
      TypeId wider = ArrayTypeOf(args[i]);
      if (ImplicitCast(element, args[i]) && wider != TypeId::kUnknown) {
        array = wider;
        element = args[i];
      } else {
        fits = false;
      }
    }
    if (!fits) continue;
    auto concrete = [&](char kind) {
      switch (kind) {
        case 'A':
          return array;
        case 'E':
          return element;
        case 'I':
          return TypeId::kInt4;
        case 'T':
          return TypeId::kText;
        case 'B':
          return TypeId::kBool;
        case 'X':
          return TypeId::kInt4Array;
        default:
          return TypeId::kTextArray;
      }
    };
    FunctionInfo f;
    f.result = concrete(sig.result);
    for (char p : params) f.params.push_back(concrete(p));
    f.fn = sig.fn;
    f.strict = sig.strict;
    return f;
  }
  return std::nullopt;
}

}  // namespace komodo::exec
