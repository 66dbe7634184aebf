#include "exec/catalog_functions.h"

#include "catalog/system_views.h"
#include "common/macros.h"

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
  std::string key = std::to_string(a[0].int_value());
  // pg_get_indexdef(index, column, pretty): the column's definition; 0 is the whole index.
  if (call.name == "pg_get_indexdef" && a.size() == 3 && a[1].int_value() != 0) {
    key += "\t" + std::to_string(a[1].int_value());
    std::optional<std::string> column = catalog::LookupCatalogKey(call.value.string_value(), key);
    return column ? Value::Text(*column) : Value::Text("");
  }
  std::optional<std::string> text = catalog::LookupCatalogKey(call.value.string_value(), key);
  if (!text) {
    if (call.name == "regclass") return Value::Text(std::to_string(a[0].int_value()));
    return Value::Null(kText);
  }
  return Value::Text(*text);
}

// A relation name as regclassin reads it: dot-separated parts, each lower-cased unless
// double-quoted. Errors: 42602 for a malformed name.
Result<std::vector<std::string>> ParseRelationName(const std::string& text) {
  std::vector<std::string> parts(1);
  bool quoted = false, part_quoted = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = part_quoted = true;
    } else if (c == '.') {
      if (parts.back().empty() && !part_quoted) break;
      parts.emplace_back();
      part_quoted = false;
    } else {
      parts.back() += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  if (quoted || parts.size() > 3 || (parts.back().empty() && !part_quoted)) {
    return Status("42602", "invalid name syntax");
  }
  if (parts.size() == 3) parts.erase(parts.begin());  // database.schema.name
  return parts;
}

// The catalog-data key ("schema.name") of a relation name, searched in pg_catalog then public
// as PostgreSQL's search_path does; nullopt when none exists.
Result<std::optional<std::string>> ResolveRelation(const std::string& data,
                                                   const std::string& text) {
  ASSIGN_OR_RETURN(std::vector<std::string> parts, ParseRelationName(text));
  if (parts.size() == 2) {
    std::string key = parts[0] + "." + parts[1];
    if (catalog::LookupCatalogKey(data, key)) return std::optional<std::string>(key);
    if (parts[0] != "public" && parts[0] != "pg_catalog" && parts[0] != "information_schema") {
      return Status("3F000", "schema \"" + parts[0] + "\" does not exist");
    }
    return std::optional<std::string>();
  }
  for (const char* schema : {"pg_catalog.", "public."}) {
    if (catalog::LookupCatalogKey(data, schema + parts[0])) {
      return std::optional<std::string>(schema + parts[0]);
    }
  }
  return std::optional<std::string>();
}

// 'name'::regclass::oid (and 'name'::regclass compared with an oid): the relation's oid.
Result<Value> RegclassOid(const BoundExpr& call, Args& a) {
  const std::string& data = call.value.string_value();
  ASSIGN_OR_RETURN(std::optional<std::string> key, ResolveRelation(data, a[0].string_value()));
  if (!key) {
    return Status::UndefinedTable("relation \"" + a[0].string_value() + "\" does not exist");
  }
  return Value::Int8(std::stoll(*catalog::LookupCatalogKey(data, *key)));
}

// 'name'::regclass as text: the relation's name as regclassout prints it (unqualified: every
// schema is on the search path). Errors: 42P01 when there is no such relation.
Result<Value> RegclassName(const BoundExpr& call, Args& a) {
  ASSIGN_OR_RETURN(std::optional<std::string> key,
                   ResolveRelation(call.value.string_value(), a[0].string_value()));
  if (!key) {
    return Status::UndefinedTable("relation \"" + a[0].string_value() + "\" does not exist");
  }
  return Value::Text(key->substr(key->find('.') + 1));
}

// pg_get_serial_sequence(table, column): the sequence a serial column owns, schema-qualified,
// or NULL. The table name is parsed like a regclass; the column name is taken literally.
Result<Value> SerialSequence(const BoundExpr& call, Args& a) {
  const std::string& data = call.value.string_value();
  ASSIGN_OR_RETURN(std::optional<std::string> table, ResolveRelation(data, a[0].string_value()));
  if (!table) {
    return Status::UndefinedTable("relation \"" + a[0].string_value() + "\" does not exist");
  }
  std::optional<std::string> seq =
      catalog::LookupCatalogKey(data, *table + "\t" + a[1].string_value());
  if (!seq) {
    return Status::UndefinedColumn("column \"" + a[1].string_value() + "\" of relation \"" +
                                   table->substr(table->find('.') + 1) + "\" does not exist");
  }
  return seq->empty() ? Value::Null(kText) : Value::Text(*seq);
}

// current_schemas(include_implicit): the search path, pg_catalog first when implicit ones count.
Result<Value> CurrentSchemas(const BoundExpr&, Args& a) {
  std::vector<Value> schemas;
  if (a[0].bool_value()) schemas.push_back(Value::Text("pg_catalog"));
  schemas.push_back(Value::Text("public"));
  return Value::Array(TypeId::kTextArray, std::move(schemas));
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
      {"pg_get_serial_sequence", kText, {kText, kText}, SerialSequence},
      {"current_schemas", TypeId::kTextArray, {kBool}, CurrentSchemas},
      {"regclass_oid", kOid, {kText}, RegclassOid},
      {"regclass_name", kText, {kText}, RegclassName},
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
  return name == "pg_get_indexdef" || name == "pg_get_constraintdef" || name == "regclass" ||
         name == "regclass_oid" || name == "pg_get_serial_sequence";
}

}  // namespace komodo::exec
