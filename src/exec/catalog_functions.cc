#include "exec/catalog_functions.h"

#include "catalog/system_views.h"

namespace komodo::exec {

namespace {

using Args = std::vector<Value>;
using sql::BoundExpr;

constexpr TypeId kText = TypeId::kText;
constexpr TypeId kInt4 = TypeId::kInt4;
constexpr TypeId kOid = TypeId::kInt8;
constexpr TypeId kBool = TypeId::kBool;

Result<Value> True(const BoundExpr&, Args&) { return Value::Bool(true); }
Result<Value> False(const BoundExpr&, Args&) { return Value::Bool(false); }
Result<Value> NullText(const BoundExpr&, Args&) { return Value::Null(kText); }
Result<Value> NullBool(const BoundExpr&, Args&) { return Value::Null(kBool); }
Result<Value> NullInt4(const BoundExpr&, Args&) { return Value::Null(kInt4); }
Result<Value> Zero(const BoundExpr&, Args&) { return Value::Int8(0); }

Result<Value> UserById(const BoundExpr&, Args& a) {
  if (a[0].int_value() == catalog::kRoleOid) return Value::Text(catalog::kRoleName);
  if (a[0].int_value() == catalog::kDatabaseOwnerOid) return Value::Text("pg_database_owner");
  return Value::Text("unknown (OID=" + std::to_string(a[0].int_value()) + ")");
}

Result<Value> FormatType(const BoundExpr&, Args& a) {
  if (a[0].is_null()) return Value::Null(kText);
  int32_t typmod = a.size() < 2 || a[1].is_null() ? -1 : static_cast<int32_t>(a[1].int_value());
  return Value::Text(catalog::FormatType(static_cast<TypeId>(a[0].int_value()), typmod));
}

// pg_get_indexdef, pg_get_constraintdef, regclass: the call's value holds the catalog's data.
Result<Value> CatalogText(const BoundExpr& call, Args& a) {
  std::optional<std::string> text =
      catalog::LookupCatalogText(call.value.string_value(), a[0].int_value());
  if (!text) {
    if (call.name == "regclass") return Value::Text(std::to_string(a[0].int_value()));
    return Value::Null(kText);
  }
  return Value::Text(*text);
}

Result<Value> GetExpr(const BoundExpr&, Args& a) { return Value::Text(a[0].string_value()); }

Result<Value> EncodingToChar(const BoundExpr&, Args& a) {
  return Value::Text(a[0].int_value() == 6 ? "UTF8" : a[0].int_value() == 0 ? "SQL_ASCII" : "");
}

// array_to_string over an array's text form {a,b,c} (without quoting or nesting).
Result<Value> ArrayToString(const BoundExpr&, Args& a) {
  std::string s = a[0].string_value();
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  std::string out;
  size_t start = 0;
  while (!s.empty()) {
    size_t comma = s.find(',', start);
    if (!out.empty() || start > 0) out += a[1].string_value();
    out += s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Value::Text(out);
}

// The elements of an array's text form {a,b,c} (without quoting or nesting).
std::vector<std::string> ArrayElements(const std::string& text) {
  std::string s = text;
  if (s.size() >= 2 && s.front() == '{' && s.back() == '}') s = s.substr(1, s.size() - 2);
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<Value> ArrayContains(const BoundExpr&, Args& a) {
  for (const std::string& e : ArrayElements(a[0].string_value())) {
    if (e == a[1].string_value()) return Value::Bool(true);
  }
  return Value::Bool(false);
}

// array[i] over an integer array's text form (int2vector, int2[]: the arrays psql subscripts).
Result<Value> ArrayElement(const BoundExpr&, Args& a) {
  std::vector<std::string> elems = ArrayElements(a[0].string_value());
  int64_t i = a[1].int_value();
  if (i < 1 || i > static_cast<int64_t>(elems.size())) return Value::Null(kOid);
  try {
    return Value::Int8(std::stoll(elems[i - 1]));
  } catch (const std::exception&) {
    return Value::Null(kOid);
  }
}

struct Entry {
  const char* name;
  TypeId result;
  std::vector<TypeId> params;
  sql::ScalarFn fn;
  bool strict = true;
};

const std::vector<Entry>& Registry() {
  static const std::vector<Entry> kRegistry = {
      {"pg_table_is_visible", kBool, {kOid}, True},
      {"pg_type_is_visible", kBool, {kOid}, True},
      {"pg_relation_is_publishable", kBool, {kOid}, False},
      {"pg_get_userbyid", kText, {kOid}, UserById},
      {"format_type", kText, {kOid, kInt4}, FormatType, false},
      {"pg_get_indexdef", kText, {kOid}, CatalogText},
      {"pg_get_indexdef", kText, {kOid, kInt4, kBool}, CatalogText},
      {"pg_get_constraintdef", kText, {kOid}, CatalogText},
      {"pg_get_constraintdef", kText, {kOid, kBool}, CatalogText},
      {"pg_get_expr", kText, {kText, kOid}, GetExpr},
      {"pg_get_expr", kText, {kText, kOid, kBool}, GetExpr},
      {"pg_encoding_to_char", kText, {kInt4}, EncodingToChar},
      {"array_to_string", kText, {kText, kText}, ArrayToString},
      {"obj_description", kText, {kOid}, NullText, false},
      {"obj_description", kText, {kOid, kText}, NullText, false},
      {"col_description", kText, {kOid, kInt4}, NullText, false},
      {"shobj_description", kText, {kOid, kText}, NullText, false},
      {"pg_relation_size", kOid, {kOid}, Zero},
      {"pg_total_relation_size", kOid, {kOid}, Zero},
      {"pg_table_size", kOid, {kOid}, Zero},
      {"pg_indexes_size", kOid, {kOid}, Zero},
      {"pg_get_statisticsobjdef_columns", kText, {kOid}, NullText, false},
      // pg_proc lists no functions (catalog/system_views.cc), and for an oid that is no
      // function PostgreSQL's answer is NULL.
      {"pg_function_is_visible", kBool, {kOid}, NullBool, false},
      {"pg_get_function_result", kText, {kOid}, NullText, false},
      {"pg_get_function_arguments", kText, {kOid}, NullText, false},
      {"array_contains_text", kBool, {kText, kText}, ArrayContains},
      {"array_element_int", kOid, {kText, kInt4}, ArrayElement},
      {"array_upper", kInt4, {kText, kInt4}, NullInt4, false},
  };
  return kRegistry;
}

}  // namespace

std::optional<FunctionInfo> LookupCatalogFunction(const std::string& name,
                                                  const std::vector<TypeId>& args) {
  if (name == "regclass") return FunctionInfo{kText, {kOid}, CatalogText, true, false};
  for (const Entry& e : Registry()) {
    if (name == e.name && e.params.size() == args.size()) {
      return FunctionInfo{e.result, e.params, e.fn, e.strict, false};
    }
  }
  return std::nullopt;
}

bool NeedsCatalogData(const std::string& name) {
  return name == "pg_get_indexdef" || name == "pg_get_constraintdef" || name == "regclass";
}

}  // namespace komodo::exec
