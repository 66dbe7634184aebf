// jsonb operators, functions, aggregates and set-returning functions (PostgreSQL 15's jsonfuncs.c
// and jsonb_op.c). Results and errors were checked against PostgreSQL 15
// (tests/sql/types/jsonb_*.test).
#include "exec/jsonb_functions.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/coding.h"
#include "common/macros.h"
#include "exec/aggregate.h"
#include "exec/functions.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/jsonb.h"

namespace komodo::exec {
namespace {

using Args = std::vector<Value>;
using jsonb::JValue;
using sql::BoundExpr;
using Kind = JValue::Kind;

constexpr TypeId kAny = TypeId::kUnknown;
constexpr TypeId kJsonb = TypeId::kJsonb;
constexpr TypeId kText = TypeId::kText;
constexpr TypeId kInt4 = TypeId::kInt4;
constexpr TypeId kBool = TypeId::kBool;

Result<JValue> Doc(const Value& v) { return jsonb::Decode(v.string_value()); }
Value Out(const JValue& j) { return Value::Jsonb(jsonb::Encode(j)); }

// ->> and #>>: a string's own text, NULL for JSON null, else the jsonb text.
Value AsText(std::string_view bytes) {
  Result<JValue> j = jsonb::Decode(bytes);
  if (!j.ok() || j->kind == Kind::kNull) return Value::Null(kText);
  if (j->kind == Kind::kString) return Value::Text(std::move(j->str));
  return Value::Text(jsonb::ToText(*j));
}
Value AsText(const JValue& j) {
  if (j.kind == Kind::kNull) return Value::Null(kText);
  if (j.kind == Kind::kString) return Value::Text(j.str);
  return Value::Text(jsonb::ToText(j));
}

// PostgreSQL's "is this path element an integer" (strtoint on the whole element).
bool PathIndex(const std::string& s, int64_t* out) {
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  while (begin < end && *begin == ' ') begin++;
  if (begin < end && *begin == '+') begin++;
  auto [p, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && p == end && begin != end && *out >= INT32_MIN && *out <= INT32_MAX;
}

// A text[] argument: an array value, or text in the array literal syntax (an untyped literal).
Result<std::vector<std::optional<std::string>>> Path(const Value& v) {
  if (!IsArrayType(v.type())) return ParseTextArray(v.string_value());
  std::vector<std::optional<std::string>> out;
  for (const Value& e : v.array_value()) {
    out.push_back(e.is_null() ? std::nullopt : std::optional<std::string>(e.ToText()));
  }
  return out;
}

// The SQL value as a JSON value, as to_jsonb() and the build functions convert it.
Result<JValue> ToJValue(const Value& v) {
  if (v.is_null()) return JValue::Null();
  switch (v.type()) {
    case TypeId::kJsonb:
      return Doc(v);
    case TypeId::kJson:
      return jsonb::Parse(v.string_value());
    case TypeId::kBool:
      return JValue::Bool(v.bool_value());
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
      return JValue::Number(Numeric::FromInt64(v.int_value()));
    case TypeId::kNumeric:
      if (!v.numeric_value().is_finite()) return JValue::String(v.ToText());
      return JValue::Number(v.numeric_value());
    case TypeId::kFloat4:
    case TypeId::kFloat8: {
      std::string text = v.ToText();
      Result<Numeric> n = Numeric::Parse(text);
      if (!n.ok() || !n->is_finite()) return JValue::String(std::move(text));
      return JValue::Number(std::move(*n));
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      // JSON dates are ISO 8601: a "T" between date and time, and a "+hh:mm" zone.
      std::string text = v.ToText();
      size_t space = text.find(' ');
      if (space != std::string::npos) text[space] = 'T';
      if (v.type() == TypeId::kTimestampTz && text.size() > 3 &&
          (text[text.size() - 3] == '+' || text[text.size() - 3] == '-')) {
        text += ":00";
      }
      return JValue::String(std::move(text));
    }
    default:
      if (IsArrayType(v.type())) {  // a JSON array of the elements
        JValue out = JValue::Array();
        for (const Value& e : v.array_value()) {
          ASSIGN_OR_RETURN(JValue item, ToJValue(e));
          out.items.push_back(std::move(item));
        }
        return out;
      }
      return JValue::String(v.ToText());
  }
}

// The value as json text, as the json functions (to_json, json_build_object, json_agg) write
// it: json as written, jsonb as its output, floats as float8out prints them.
Result<std::string> ToJsonText(const Value& v) {
  if (v.is_null()) return std::string("null");
  if (v.type() == TypeId::kJson) return v.string_value();
  if ((v.type() == TypeId::kFloat4 || v.type() == TypeId::kFloat8) &&
      std::isfinite(v.float_value())) {
    return v.ToText();
  }
  if (IsArrayType(v.type())) {  // array_to_json: no blanks between the elements
    std::string out = "[";
    for (const Value& e : v.array_value()) {
      if (out.size() > 1) out += ",";
      ASSIGN_OR_RETURN(std::string item, ToJsonText(e));
      out += item;
    }
    return out + "]";
  }
  ASSIGN_OR_RETURN(JValue j, ToJValue(v));
  return jsonb::ToText(j);
}

// ---- operators ---------------------------------------------------------------------------------

Result<Value> FieldOp(const BoundExpr&, Args& a) {
  std::string_view out;
  if (!jsonb::FieldBytes(a[0].string_value(), a[1].string_value(), &out))
    return Value::Null(kJsonb);
  return Value::Jsonb(std::string(out));
}
Result<Value> FieldTextOp(const BoundExpr&, Args& a) {
  std::string_view out;
  if (!jsonb::FieldBytes(a[0].string_value(), a[1].string_value(), &out)) return Value::Null(kText);
  return AsText(out);
}
Result<Value> ElementOp(const BoundExpr&, Args& a) {
  std::string_view out;
  if (!jsonb::ElementBytes(a[0].string_value(), a[1].int_value(), &out)) {
    return Value::Null(kJsonb);
  }
  return Value::Jsonb(std::string(out));
}
Result<Value> ElementTextOp(const BoundExpr&, Args& a) {
  std::string_view out;
  if (!jsonb::ElementBytes(a[0].string_value(), a[1].int_value(), &out)) {
    return Value::Null(kText);
  }
  return AsText(out);
}

// #> and #>>: each step is a key of an object or an integer index of an array; anything else,
// or a missing member, gives NULL.
Result<std::optional<std::string>> WalkPath(const Value& doc, const Value& path) {
  ASSIGN_OR_RETURN(auto steps, Path(path));
  std::string current = doc.string_value();
  for (const auto& step : steps) {
    if (!step) return std::optional<std::string>();
    std::string_view next;
    Kind k = jsonb::KindOf(current);
    bool found = false;
    if (k == Kind::kObject) {
      found = jsonb::FieldBytes(current, *step, &next);
    } else if (k == Kind::kArray) {
      int64_t i;
      found = PathIndex(*step, &i) && jsonb::ElementBytes(current, i, &next);
    }
    if (!found) return std::optional<std::string>();
    current = std::string(next);
  }
  return std::optional<std::string>(std::move(current));
}
Result<Value> PathOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(auto r, WalkPath(a[0], a[1]));
  if (!r) return Value::Null(kJsonb);
  return Value::Jsonb(std::move(*r));
}
Result<Value> PathTextOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(auto r, WalkPath(a[0], a[1]));
  if (!r) return Value::Null(kText);
  return AsText(*r);
}

// JsonbDeepContains: every member of `b` is in `a`. An array contains a scalar element or a
// container that some element of the same kind contains; an object contains the pairs.
bool Contains(const JValue& a, const JValue& b) {
  if (a.kind != b.kind) return false;
  if (!a.is_container()) return jsonb::Compare(a, b) == 0;
  if (a.kind == Kind::kObject) {
    for (size_t i = 0; i < b.keys.size(); i++) {
      const JValue* v = a.Find(b.keys[i]);
      if (v == nullptr || !Contains(*v, b.items[i])) return false;
    }
    return true;
  }
  for (const JValue& want : b.items) {
    bool found = false;
    for (const JValue& have : a.items) {
      if (Contains(have, want)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}
Result<bool> ContainsTop(const Value& x, const Value& y) {
  ASSIGN_OR_RETURN(JValue a, Doc(x));
  ASSIGN_OR_RETURN(JValue b, Doc(y));
  // A top-level scalar is a one-element array: an array may contain it, it contains no array.
  if (a.kind == Kind::kArray && !b.is_container()) {
    JValue wrapped = JValue::Array();
    wrapped.items.push_back(std::move(b));
    return Contains(a, wrapped);
  }
  return Contains(a, b);
}
Result<Value> ContainsOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(bool r, ContainsTop(a[0], a[1]));
  return Value::Bool(r);
}
Result<Value> ContainedOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(bool r, ContainsTop(a[1], a[0]));
  return Value::Bool(r);
}

// ?: a top-level key, or a string element of an array (or the string itself).
bool HasKey(const JValue& j, const std::string& key) {
  if (j.kind == Kind::kObject) return j.Find(key) != nullptr;
  if (j.kind == Kind::kString) return j.str == key;
  if (j.kind == Kind::kArray) {
    for (const JValue& e : j.items) {
      if (e.kind == Kind::kString && e.str == key) return true;
    }
  }
  return false;
}
Result<Value> ExistsOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  return Value::Bool(HasKey(j, a[1].string_value()));
}
Result<Value> ExistsSomeOp(const BoundExpr& call, Args& a) {
  bool all = call.name == "operator?&";
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  ASSIGN_OR_RETURN(auto keys, Path(a[1]));
  for (const auto& k : keys) {
    if (!k) continue;  // NULL keys are skipped, as in PostgreSQL
    bool has = HasKey(j, *k);
    if (all && !has) return Value::Bool(false);
    if (!all && has) return Value::Bool(true);
  }
  return Value::Bool(all);
}

// ||: two objects merge (the right side wins); otherwise both sides become arrays (a
// non-array is a one-element array) and are concatenated.
Result<Value> ConcatOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue l, Doc(a[0]));
  ASSIGN_OR_RETURN(JValue r, Doc(a[1]));
  if (l.kind == Kind::kObject && r.kind == Kind::kObject) {
    for (size_t i = 0; i < r.keys.size(); i++) l.Set(std::move(r.keys[i]), std::move(r.items[i]));
    return Out(l);
  }
  JValue out = JValue::Array();
  for (JValue* side : {&l, &r}) {
    if (side->kind == Kind::kArray) {
      for (JValue& e : side->items) out.items.push_back(std::move(e));
    } else {
      out.items.push_back(std::move(*side));
    }
  }
  return Out(out);
}

Result<Value> DeleteKeyOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  const std::string& key = a[1].string_value();
  if (!j.is_container()) return Status::InvalidParameter("cannot delete from scalar");
  if (j.kind == Kind::kObject) {
    auto it = std::find(j.keys.begin(), j.keys.end(), key);
    if (it == j.keys.end()) return a[0];
    size_t at = it - j.keys.begin();
    j.keys.erase(it);
    j.items.erase(j.items.begin() + static_cast<std::ptrdiff_t>(at));
    return Out(j);
  }
  std::vector<JValue> kept;
  for (JValue& e : j.items) {
    if (!(e.kind == Kind::kString && e.str == key)) kept.push_back(std::move(e));
  }
  j.items = std::move(kept);
  return Out(j);
}

Result<Value> DeleteIndexOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  if (!j.is_container()) return Status::InvalidParameter("cannot delete from scalar");
  if (j.kind == Kind::kObject) {
    return Status::InvalidParameter("cannot delete from object using integer index");
  }
  int64_t n = static_cast<int64_t>(j.items.size()), i = a[1].int_value();
  if (i < 0) i += n;
  if (i < 0 || i >= n) return a[0];
  j.items.erase(j.items.begin() + i);
  return Out(j);
}

// The array position a path element names, PostgreSQL's way: negative counts from the end.
Status NotAnInteger(size_t level, const std::string& step) {
  return Status::InvalidText(
      fmt::format("path element at position {} is not an integer: \"{}\"", level + 1, step));
}

// #- : deletes the member the path names; a path that names nothing changes nothing.
Status DeletePath(JValue* j, const std::vector<std::optional<std::string>>& path, size_t level) {
  if (!j->is_container()) return Status::OK();
  if (!path[level]) {
    return Status("22004", fmt::format("path element at position {} is null", level + 1));
  }
  const std::string& step = *path[level];
  bool last = level + 1 == path.size();
  if (j->kind == Kind::kObject) {
    auto it = std::find(j->keys.begin(), j->keys.end(), step);
    if (it == j->keys.end()) return Status::OK();
    size_t at = it - j->keys.begin();
    if (!last) return DeletePath(&j->items[at], path, level + 1);
    j->keys.erase(it);
    j->items.erase(j->items.begin() + static_cast<std::ptrdiff_t>(at));
    return Status::OK();
  }
  int64_t i;
  if (!PathIndex(step, &i)) return NotAnInteger(level, step);
  int64_t n = static_cast<int64_t>(j->items.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) return Status::OK();
  if (!last) return DeletePath(&j->items[i], path, level + 1);
  j->items.erase(j->items.begin() + i);
  return Status::OK();
}
Result<Value> DeletePathOp(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  if (!j.is_container()) return Status::InvalidParameter("cannot delete path in scalar");
  ASSIGN_OR_RETURN(auto path, Path(a[1]));
  if (path.empty()) return a[0];
  RETURN_IF_ERROR(DeletePath(&j, path, 0));
  return Out(j);
}

// ---- jsonb_set and jsonb_insert (setPath) ------------------------------------------------------

enum class SetMode { kReplace, kReplaceOrCreate, kInsertBefore, kInsertAfter };

Status SetPath(JValue* j, const std::vector<std::optional<std::string>>& path, size_t level,
               const JValue& value, SetMode mode) {
  if (!j->is_container()) return Status::OK();  // a scalar on the way: nothing to do
  if (!path[level]) {
    return Status("22004", fmt::format("path element at position {} is null", level + 1));
  }
  const std::string& step = *path[level];
  bool last = level + 1 == path.size();
  if (j->kind == Kind::kObject) {
    JValue* member = nullptr;
    auto it = std::find(j->keys.begin(), j->keys.end(), step);
    if (it != j->keys.end()) member = &j->items[it - j->keys.begin()];
    if (!last) {
      return member == nullptr ? Status::OK() : SetPath(member, path, level + 1, value, mode);
    }
    if (member != nullptr) {
      if (mode == SetMode::kInsertBefore || mode == SetMode::kInsertAfter) {
        return Status::InvalidParameter("cannot replace existing key");
      }
      *member = value;
    } else if (mode != SetMode::kReplace) {
      j->Set(step, value);
    }
    return Status::OK();
  }
  int64_t i;
  if (!PathIndex(step, &i)) return NotAnInteger(level, step);
  int64_t n = static_cast<int64_t>(j->items.size());
  if (i < 0) i += n;
  if (!last) {
    if (i < 0 || i >= n) return Status::OK();
    return SetPath(&j->items[i], path, level + 1, value, mode);
  }
  switch (mode) {
    case SetMode::kReplace:
    case SetMode::kReplaceOrCreate:
      if (i >= 0 && i < n) {
        j->items[i] = value;
      } else if (mode == SetMode::kReplaceOrCreate) {
        j->items.insert(i < 0 ? j->items.begin() : j->items.end(), value);
      }
      return Status::OK();
    case SetMode::kInsertBefore:
    case SetMode::kInsertAfter: {
      int64_t at = i + (mode == SetMode::kInsertAfter ? 1 : 0);
      at = std::clamp<int64_t>(at, 0, n);
      if (i < 0) at = 0;
      j->items.insert(j->items.begin() + at, value);
      return Status::OK();
    }
  }
  return Status::OK();
}
Result<Value> SetLike(Args& a, SetMode mode, const char* scalar_error) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  ASSIGN_OR_RETURN(auto path, Path(a[1]));
  ASSIGN_OR_RETURN(JValue value, Doc(a[2]));
  if (!j.is_container()) return Status::InvalidParameter(scalar_error);
  if (path.empty()) return a[0];
  RETURN_IF_ERROR(SetPath(&j, path, 0, value, mode));
  return Out(j);
}
Result<Value> JsonbSet(const BoundExpr&, Args& a) {
  bool create = a.size() < 4 || a[3].bool_value();
  return SetLike(a, create ? SetMode::kReplaceOrCreate : SetMode::kReplace,
                 "cannot set path in scalar");
}
Result<Value> JsonbInsert(const BoundExpr&, Args& a) {
  bool after = a.size() > 3 && a[3].bool_value();
  return SetLike(a, after ? SetMode::kInsertAfter : SetMode::kInsertBefore,
                 "cannot set path in scalar");
}

// ---- functions ---------------------------------------------------------------------------------

Result<Value> TypeOf(const BoundExpr&, Args& a) {
  static const char* kNames[] = {"null", "string", "number", "boolean", "array", "object"};
  return Value::Text(kNames[static_cast<int>(jsonb::KindOf(a[0].string_value()))]);
}

Result<Value> ArrayLength(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  if (j.kind == Kind::kObject) {
    return Status::InvalidParameter("cannot get array length of a non-array");
  }
  if (j.kind != Kind::kArray)
    return Status::InvalidParameter("cannot get array length of a scalar");
  return Value::Int4(static_cast<int32_t>(j.items.size()));
}

Result<Value> ToJsonb(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, ToJValue(a[0]));
  return Out(j);
}

Result<Value> BuildArray(const BoundExpr&, Args& a) {
  JValue out = JValue::Array();
  for (const Value& v : a) {
    ASSIGN_OR_RETURN(JValue j, ToJValue(v));
    out.items.push_back(std::move(j));
  }
  return Out(out);
}

Result<Value> BuildObject(const BoundExpr& call, Args& a) {
  if (a.size() % 2 != 0) {
    return Status::InvalidParameter("argument list must have even number of elements");
  }
  JValue out = JValue::Object();
  for (size_t i = 0; i < a.size(); i += 2) {
    if (a[i].is_null()) {
      return Status::InvalidParameter(fmt::format("argument {}: key must not be null", i + 1));
    }
    TypeId t = a[i].type();
    if (t == TypeId::kJsonb || t == TypeId::kJson) {
      return Status::InvalidParameter("key value must be scalar, not array, composite, or json");
    }
    ASSIGN_OR_RETURN(Value key, CastValue(a[i], kText));
    ASSIGN_OR_RETURN(JValue v, ToJValue(a[i + 1]));
    out.keys.push_back(key.string_value());
    out.items.push_back(std::move(v));
  }
  jsonb::Normalize(&out);
  return Out(out);
}

Result<Value> ToJson(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(std::string text, ToJsonText(a[0]));
  return Value::Json(std::move(text));
}

// json_build_array and json_build_object keep the members' order and PostgreSQL's spacing:
// `[1, "x"]`, `{"a" : 1, "b" : 2}`.
Result<Value> JsonBuildArray(const BoundExpr&, Args& a) {
  std::string out = "[";
  for (size_t i = 0; i < a.size(); i++) {
    ASSIGN_OR_RETURN(std::string v, ToJsonText(a[i]));
    out += (i > 0 ? ", " : "") + v;
  }
  return Value::Json(out + "]");
}

Result<Value> JsonBuildObject(const BoundExpr& call, Args& a) {
  if (a.size() % 2 != 0) {
    return Status::InvalidParameter("argument list must have even number of elements");
  }
  std::string out = "{";
  for (size_t i = 0; i < a.size(); i += 2) {
    if (a[i].is_null()) {
      return Status::InvalidParameter(fmt::format("argument {}: key must not be null", i + 1));
    }
    TypeId t = a[i].type();
    if (t == TypeId::kJsonb || t == TypeId::kJson) {
      return Status::InvalidParameter("key value must be scalar, not array, composite, or json");
    }
    ASSIGN_OR_RETURN(Value key, CastValue(a[i], kText));
    ASSIGN_OR_RETURN(std::string v, ToJsonText(a[i + 1]));
    if (i > 0) out += ", ";
    jsonb::AppendQuoted(&out, key.string_value());
    out += " : " + v;
  }
  return Value::Json(out + "}");
}

void StripNulls(JValue* j) {
  if (j->kind == Kind::kObject) {
    JValue kept = JValue::Object();
    for (size_t i = 0; i < j->keys.size(); i++) {
      if (j->items[i].kind == Kind::kNull) continue;
      StripNulls(&j->items[i]);
      kept.keys.push_back(std::move(j->keys[i]));
      kept.items.push_back(std::move(j->items[i]));
    }
    *j = std::move(kept);
  } else if (j->kind == Kind::kArray) {
    for (JValue& e : j->items) StripNulls(&e);
  }
}
Result<Value> StripNullsFn(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  StripNulls(&j);
  return Out(j);
}

Result<Value> Pretty(const BoundExpr&, Args& a) {
  ASSIGN_OR_RETURN(JValue j, Doc(a[0]));
  return Value::Text(jsonb::ToText(j, /*pretty=*/true));
}

// jsonb_extract_path(doc, VARIADIC path): the steps are arguments here.
Result<Value> ExtractPath(const BoundExpr& call, Args& a) {
  for (size_t i = 1; i < a.size(); i++) {
    if (a[i].is_null()) return Value::Null(call.type);
  }
  if (a[0].is_null()) return Value::Null(call.type);
  std::string current = a[0].string_value();
  for (size_t i = 1; i < a.size(); i++) {
    std::string_view next;
    Kind k = jsonb::KindOf(current);
    const std::string& step = a[i].string_value();
    int64_t index;
    bool found = k == Kind::kObject ? jsonb::FieldBytes(current, step, &next)
                 : k == Kind::kArray
                     ? PathIndex(step, &index) && jsonb::ElementBytes(current, index, &next)
                     : false;
    if (!found) return Value::Null(call.type);
    current = std::string(next);
  }
  if (call.name == "jsonb_extract_path_text") return AsText(current);
  return Value::Jsonb(std::move(current));
}

struct Entry {
  const char* name;
  TypeId result;
  std::vector<TypeId> params;
  sql::ScalarFn fn;
};

const std::vector<Entry>& Registry() {
  // The first of equally good overloads wins: an untyped right operand of -> is a key (text).
  // A text[] parameter has two entries: text (an untyped literal, read by ParseTextArray) first,
  // then the array type for array values.
  constexpr TypeId kTextArray = TypeId::kTextArray;
  static const std::vector<Entry> kRegistry = {
      {"operator->", kJsonb, {kJsonb, kText}, FieldOp},
      {"operator->", kJsonb, {kJsonb, kInt4}, ElementOp},
      {"operator->>", kText, {kJsonb, kText}, FieldTextOp},
      {"operator->>", kText, {kJsonb, kInt4}, ElementTextOp},
      {"operator#>", kJsonb, {kJsonb, kText}, PathOp},
      {"operator#>", kJsonb, {kJsonb, kTextArray}, PathOp},
      {"operator#>>", kText, {kJsonb, kText}, PathTextOp},
      {"operator#>>", kText, {kJsonb, kTextArray}, PathTextOp},
      {"operator@>", kBool, {kJsonb, kJsonb}, ContainsOp},
      {"operator<@", kBool, {kJsonb, kJsonb}, ContainedOp},
      {"operator?", kBool, {kJsonb, kText}, ExistsOp},
      {"operator?|", kBool, {kJsonb, kText}, ExistsSomeOp},
      {"operator?|", kBool, {kJsonb, kTextArray}, ExistsSomeOp},
      {"operator?&", kBool, {kJsonb, kText}, ExistsSomeOp},
      {"operator?&", kBool, {kJsonb, kTextArray}, ExistsSomeOp},
      {"operator||", kJsonb, {kJsonb, kJsonb}, ConcatOp},
      {"operator-", kJsonb, {kJsonb, kText}, DeleteKeyOp},
      {"operator-", kJsonb, {kJsonb, kInt4}, DeleteIndexOp},
      {"operator#-", kJsonb, {kJsonb, kText}, DeletePathOp},
      {"operator#-", kJsonb, {kJsonb, kTextArray}, DeletePathOp},
      {"jsonb_typeof", kText, {kJsonb}, TypeOf},
      {"jsonb_array_length", kInt4, {kJsonb}, ArrayLength},
      {"to_jsonb", kJsonb, {kAny}, ToJsonb},
      {"to_json", TypeId::kJson, {kAny}, ToJson},
      {"jsonb_strip_nulls", kJsonb, {kJsonb}, StripNullsFn},
      {"jsonb_pretty", kText, {kJsonb}, Pretty},
      {"jsonb_set", kJsonb, {kJsonb, kText, kJsonb}, JsonbSet},
      {"jsonb_set", kJsonb, {kJsonb, kTextArray, kJsonb}, JsonbSet},
      {"jsonb_set", kJsonb, {kJsonb, kText, kJsonb, kBool}, JsonbSet},
      {"jsonb_set", kJsonb, {kJsonb, kTextArray, kJsonb, kBool}, JsonbSet},
      {"jsonb_insert", kJsonb, {kJsonb, kText, kJsonb}, JsonbInsert},
      {"jsonb_insert", kJsonb, {kJsonb, kTextArray, kJsonb}, JsonbInsert},
      {"jsonb_insert", kJsonb, {kJsonb, kText, kJsonb, kBool}, JsonbInsert},
      {"jsonb_insert", kJsonb, {kJsonb, kTextArray, kJsonb, kBool}, JsonbInsert},
  };
  return kRegistry;
}

}  // namespace

std::optional<FunctionInfo> LookupJsonbFunction(const std::string& name,
                                                const std::vector<TypeId>& args) {
  if (name == "jsonb_build_object" || name == "jsonb_build_array") {
    return FunctionInfo{kJsonb, std::vector<TypeId>(args.size(), kAny),
                        name == "jsonb_build_object" ? BuildObject : BuildArray, false, false};
  }
  if (name == "json_build_object" || name == "json_build_array") {
    return FunctionInfo{TypeId::kJson, std::vector<TypeId>(args.size(), kAny),
                        name == "json_build_object" ? JsonBuildObject : JsonBuildArray, false,
                        false};
  }
  if ((name == "jsonb_extract_path" || name == "jsonb_extract_path_text") && args.size() >= 2) {
    std::vector<TypeId> params(args.size(), kText);
    params[0] = kJsonb;
    for (size_t i = 0; i < args.size(); i++) {
      if (!ImplicitlyConvertible(args[i], params[i])) return std::nullopt;
    }
    return FunctionInfo{name == "jsonb_extract_path" ? kJsonb : kText, params, ExtractPath, false,
                        false};
  }
  const Entry* best = nullptr;
  int best_score = -1;
  for (const Entry& e : Registry()) {
    if (name != e.name || e.params.size() != args.size()) continue;
    int score = OverloadScore(e.params, args, /*prefer_text=*/false);
    if (score > best_score) {
      best = &e;
      best_score = score;
    }
  }
  if (best == nullptr) return std::nullopt;
  return FunctionInfo{best->result, best->params, best->fn, true, false};
}

// array_in for a one-dimensional text[]: '{a, "b c", NULL}'. Unquoted elements lose their
// surrounding blanks; backslash escapes any character.
Result<std::vector<std::optional<std::string>>> ParseTextArray(std::string_view text) {
  auto malformed = [&](const char* detail) {
    return Status::InvalidText(fmt::format("malformed array literal: \"{}\"", text))
        .WithDetail(detail);
  };
  std::vector<std::optional<std::string>> out;
  size_t i = 0, n = text.size();
  auto skip_space = [&] {
    while (i < n && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
  };
  skip_space();
  if (i >= n || text[i] != '{')
    return malformed("Array value must start with \"{\" or dimension information.");
  i++;
  skip_space();
  if (i < n && text[i] == '}') {
    i++;
    skip_space();
    if (i != n) return malformed("Junk after closing right brace.");
    return out;
  }
  while (true) {
    skip_space();
    if (i >= n) return malformed("Unexpected end of input.");
    std::string element;
    bool quoted = false;
    if (text[i] == '"') {
      quoted = true;
      i++;
      while (i < n && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < n) i++;
        element.push_back(text[i++]);
      }
      if (i >= n) return malformed("Unexpected end of input.");
      i++;
      skip_space();
    } else {
      size_t last_nonspace = 0;
      while (i < n && text[i] != ',' && text[i] != '}') {
        if (text[i] == '{' || text[i] == '"') return malformed("Unexpected array element.");
        if (text[i] == '\\' && i + 1 < n) i++;
        element.push_back(text[i++]);
        if (element.back() != ' ' && element.back() != '\t') last_nonspace = element.size();
      }
      element.resize(last_nonspace);
      if (element.empty()) return malformed("Unexpected \",\" character.");
    }
    if (i >= n) return malformed("Unexpected end of input.");
    bool is_null = !quoted && element.size() == 4 && (element[0] | 0x20) == 'n' &&
                   (element[1] | 0x20) == 'u' && (element[2] | 0x20) == 'l' &&
                   (element[3] | 0x20) == 'l';
    out.push_back(is_null ? std::nullopt : std::optional<std::string>(std::move(element)));
    if (text[i] == '}') {
      i++;
      skip_space();
      if (i != n) return malformed("Junk after closing right brace.");
      return out;
    }
    if (text[i] != ',') return malformed("Unexpected array element.");
    i++;
  }
}

// ---- aggregates --------------------------------------------------------------------------------

bool IsJsonbAggregate(const std::string& name) {
  return name == "jsonb_agg" || name == "jsonb_object_agg" || name == "json_agg" ||
         name == "json_object_agg";
}

// state->text holds the encoded elements (jsonb_agg) or length-prefixed keys each followed by
// an encoded value (jsonb_object_agg); state->count counts them.
Status AccumulateJsonb(const std::string& name, const Value& arg0, const Value& arg1,
                       AggregateState* state) {
  if (name == "json_agg" || name == "json_object_agg") {  // the text as it will be printed
    bool object = name == "json_object_agg";
    if (state->count > 0) state->text += ", ";
    if (object) {
      if (arg0.is_null()) return Status::InvalidParameter("field name must not be null");
      ASSIGN_OR_RETURN(Value key, CastValue(arg0, kText));
      jsonb::AppendQuoted(&state->text, key.string_value());
      state->text += " : ";
    }
    ASSIGN_OR_RETURN(std::string v, ToJsonText(object ? arg1 : arg0));
    state->text += v;
    state->count++;
    return Status::OK();
  }
  if (name == "jsonb_object_agg") {
    if (arg0.is_null()) return Status::InvalidParameter("field name must not be null");
    ASSIGN_OR_RETURN(Value key, CastValue(arg0, kText));
    ASSIGN_OR_RETURN(JValue v, ToJValue(arg1));
    PutLengthPrefixed(&state->text, key.string_value());
    state->text += jsonb::Encode(v);
  } else {
    ASSIGN_OR_RETURN(JValue v, ToJValue(arg0));
    state->text += jsonb::Encode(v);
  }
  state->count++;
  return Status::OK();
}

Result<Value> FinalizeJsonb(const std::string& name, const AggregateState& state) {
  if (state.count == 0) return Value::Null(name.starts_with("jsonb") ? kJsonb : TypeId::kJson);
  if (name == "json_agg") return Value::Json("[" + state.text + "]");
  if (name == "json_object_agg") return Value::Json("{ " + state.text + " }");
  bool object = name == "jsonb_object_agg";
  // Re-wrap the members as a container encoding, decode it, and normalise (keys sorted and
  // de-duplicated, the last one winning) before the final encoding.
  std::string bytes(1, static_cast<char>(object ? 6 : 5));
  PutVarint64(&bytes, static_cast<uint64_t>(state.count));
  PutLengthPrefixed(&bytes, state.text);
  if (!object) return Value::Jsonb(std::move(bytes));
  ASSIGN_OR_RETURN(JValue j, jsonb::Decode(bytes));
  jsonb::Normalize(&j);
  return Out(j);
}

// ---- set-returning functions -------------------------------------------------------------------

std::optional<std::vector<SrfColumn>> JsonbSetReturningColumns(const std::string& name) {
  if (name == "jsonb_each") return std::vector<SrfColumn>{{"key", kText}, {"value", kJsonb}};
  if (name == "jsonb_each_text") return std::vector<SrfColumn>{{"key", kText}, {"value", kText}};
  if (name == "jsonb_object_keys") return std::vector<SrfColumn>{{"jsonb_object_keys", kText}};
  if (name == "jsonb_array_elements") return std::vector<SrfColumn>{{"value", kJsonb}};
  if (name == "jsonb_array_elements_text") return std::vector<SrfColumn>{{"value", kText}};
  return std::nullopt;
}

Result<std::vector<std::vector<Value>>> JsonbSetReturningRows(const std::string& name,
                                                              const Value& arg) {
  std::vector<std::vector<Value>> rows;
  if (arg.is_null()) return rows;
  ASSIGN_OR_RETURN(JValue j, Doc(arg));
  bool text = name.ends_with("_text");
  if (name == "jsonb_array_elements" || name == "jsonb_array_elements_text") {
    if (j.kind == Kind::kObject) {
      return Status::InvalidParameter("cannot extract elements from an object");
    }
    if (j.kind != Kind::kArray)
      return Status::InvalidParameter("cannot extract elements from a scalar");
    for (const JValue& e : j.items) rows.push_back({text ? AsText(e) : Out(e)});
    return rows;
  }
  if (j.kind != Kind::kObject) {
    if (name == "jsonb_object_keys") {
      return Status::InvalidParameter(std::string("cannot call jsonb_object_keys on ") +
                                      (j.kind == Kind::kArray ? "an array" : "a scalar"));
    }
    return Status::InvalidParameter("cannot call " + name + " on a non-object");
  }
  for (size_t i = 0; i < j.keys.size(); i++) {
    if (name == "jsonb_object_keys") {
      rows.push_back({Value::Text(j.keys[i])});
    } else {
      rows.push_back({Value::Text(j.keys[i]), text ? AsText(j.items[i]) : Out(j.items[i])});
    }
  }
  return rows;
}

}  // namespace komodo::exec
