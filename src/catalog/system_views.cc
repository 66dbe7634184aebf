#include "catalog/system_views.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "catalog/system_views_internal.h"
#include "komodo/numeric.h"

namespace komodo::catalog {

namespace {

using namespace views;  // NOLINT: the helpers shared with system_views_info.cc

std::string ColumnList(const TableDef& t, const IndexDef& idx) {
  std::string s;
  for (size_t i = 0; i < idx.column_ids.size(); i++) {
    if (i > 0) s += ", ";
    s += t.columns[t.ColumnPosition(idx.column_ids[i])].name;
    if (idx.orders[i] == storage::SortOrder::kDesc) s += " DESC";
  }
  return s;
}

// The system catalogs a regclass literal may name ('pg_class'::regclass), with PostgreSQL's
// fixed oids, which clients compare with classoid columns.
constexpr std::pair<const char*, int64_t> kSystemCatalogOids[] = {
    {"pg_type", 1247},      {"pg_attribute", 1249},  {"pg_proc", 1255},        {"pg_class", 1259},
    {"pg_attrdef", 2604},   {"pg_constraint", 2606}, {"pg_description", 2609}, {"pg_index", 2610},
    {"pg_namespace", 2615}, {"pg_database", 1262},   {"pg_authid", 1260},      {"pg_am", 2601},
    {"pg_sequence", 2224},  {"pg_trigger", 2620},    {"pg_rewrite", 2618},
};

std::string IndexDefinition(const TableDef& t, const IndexDef& idx) {
  return std::string("CREATE ") + (idx.unique || idx.primary ? "UNIQUE " : "") + "INDEX " +
         idx.name + " ON " + t.schema + "." + t.name + " USING btree (" + ColumnList(t, idx) + ")";
}

std::string ConstraintDefinition(const TableDef& t, const IndexDef& idx) {
  return std::string(idx.primary ? "PRIMARY KEY" : "UNIQUE") + " (" + ColumnList(t, idx) + ")";
}

// The 1-based positions of the columns as int2vector (indkey) or int2[] (conkey).
Value ColumnNumbers(const TableDef& t, const std::vector<uint32_t>& ids, TypeId type) {
  std::vector<Value> numbers;
  for (uint32_t id : ids) {
    numbers.push_back(Value::Int2(static_cast<int16_t>(t.ColumnPosition(id) + 1)));
  }
  return Value::Array(type, std::move(numbers));
}

// pg_index.indoption: per column, bit 0 DESC and bit 1 NULLS FIRST (DESC puts NULLs first).
Value IndexOptions(const IndexDef& idx) {
  std::vector<Value> options;
  for (storage::SortOrder order : idx.orders) {
    options.push_back(Value::Int2(order == storage::SortOrder::kDesc ? 3 : 0));
  }
  return Value::Array(TypeId::kInt2Vector, std::move(options));
}

int64_t ForeignKeyOid(const TableDef& t, size_t i) {
  return kForeignKeyOidBase + (int64_t{t.id} << 8) + static_cast<int64_t>(i);
}

// pg_get_constraintdef of a foreign key, as PostgreSQL prints it (NO ACTION left out).
std::string ForeignKeyDefinition(const TableDef& t, const ForeignKeyDef& fk, const TableDef& ref) {
  std::string s = "FOREIGN KEY (" + ColumnNames(t, fk.column_ids) + ") REFERENCES " + ref.name +
                  "(" + ColumnNames(ref, fk.ref_column_ids) + ")";
  if (fk.match_full) s += " MATCH FULL";
  if (fk.on_update != 'a') s += std::string(" ON UPDATE ") + ActionName(fk.on_update);
  if (fk.on_delete != 'a') s += std::string(" ON DELETE ") + ActionName(fk.on_delete);
  return s;
}

void PgNamespace(Builder& b) {
  b.Columns({{"oid", kOid}, {"nspname", kText}, {"nspowner", kOid}, {"nspacl", kText}});
  b.Add({Oid(kPgCatalogOid), Text("pg_catalog"), Oid(kRoleOid), Null(kText)});
  b.Add({Oid(kPublicOid), Text("public"), Oid(kDatabaseOwnerOid), Null(kText)});
  b.Add({Oid(kInformationSchemaOid), Text("information_schema"), Oid(kRoleOid), Null(kText)});
}

void PgClass(Builder& b, const CatalogState& s) {
  b.Columns({{"oid", kOid},
             {"relname", kText},
             {"relnamespace", kOid},
             {"reltype", kOid},
             {"reloftype", kOid},
             {"relowner", kOid},
             {"relam", kOid},
             {"relfilenode", kOid},
             {"reltablespace", kOid},
             {"relpages", kInt4},
             {"reltuples", TypeId::kFloat4},
             {"relallvisible", kInt4},
             {"reltoastrelid", kOid},
             {"relhasindex", kBool},
             {"relisshared", kBool},
             {"relpersistence", kText},
             {"relkind", kText},
             {"relnatts", kInt2},
             {"relchecks", kInt2},
             {"relhasrules", kBool},
             {"relhastriggers", kBool},
             {"relhassubclass", kBool},
             {"relrowsecurity", kBool},
             {"relforcerowsecurity", kBool},
             {"relispopulated", kBool},
             {"relreplident", kText},
             {"relispartition", kBool},
             {"relacl", kText},
             {"reloptions", kText},
             {"relpartbound", kText}});
  auto add = [&](int64_t oid, const std::string& name, const char* kind, int64_t am, bool has_index,
                 int natts) {
    b.Add({Oid(oid),
           Text(name),
           Oid(kPublicOid),
           Oid(0),
           Oid(0),
           Oid(kRoleOid),
           Oid(am),
           Oid(oid),
           Oid(0),
           Value::Int4(0),
           Value::Float4(-1),
           Value::Int4(0),
           Oid(0),
           Bool(has_index),
           Bool(false),
           Text("p"),
           Text(kind),
           Value::Int2(static_cast<int16_t>(natts)),
           Value::Int2(0),
           Bool(false),
           Bool(false),
           Bool(false),
           Bool(false),
           Bool(false),
           Bool(true),
           Text("d"),
           Bool(false),
           Null(kText),
           Null(kText),
           Null(kText)});
  };
  for (const auto& [name, t] : s.tables()) {
    add(t->id, t->name, "r", 2, t->primary_key.has_value() || !t->indexes.empty(),
        static_cast<int>(t->columns.size()));
    for (const IndexDef* idx : Indexes(*t)) {
      add(IndexOid(*t, *idx), idx->name, "i", 403, false, static_cast<int>(idx->column_ids.size()));
    }
  }
  for (const auto& [name, seq] : s.sequences()) add(seq.id, seq.name, "S", 0, false, 3);
  for (const auto& [name, v] : s.views()) {
    add(v.id, v.name, "v", 0, false, static_cast<int>(v.columns.size()));
  }
}

void PgAttribute(Builder& b, const CatalogState& s) {
  b.Columns({{"attrelid", kOid},
             {"attname", kText},
             {"atttypid", kOid},
             {"attlen", kInt2},
             {"attnum", kInt2},
             {"atttypmod", kInt4},
             {"attndims", kInt2},
             {"attnotnull", kBool},
             {"atthasdef", kBool},
             {"atthasmissing", kBool},
             {"attidentity", kText},
             {"attgenerated", kText},
             {"attisdropped", kBool},
             {"attislocal", kBool},
             {"attinhcount", kInt4},
             {"attcollation", kOid},
             {"attstattarget", kInt4},
             {"attacl", kText},
             {"attoptions", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnDef& c = t->columns[i];
      int len = -1;
      for (const TypeInfo& ti : kTypes) {
        if (ti.id == c.type) len = ti.len;
      }
      bool text_like =
          c.type == TypeId::kText || c.type == TypeId::kVarchar || c.type == TypeId::kBpchar;
      b.Add({Oid(t->id), Text(c.name), Oid(static_cast<int64_t>(c.type)),
             Value::Int2(static_cast<int16_t>(len)), Value::Int2(static_cast<int16_t>(i + 1)),
             Value::Int4(PgTypmod(c)), Value::Int2(0), Bool(c.not_null),
             Bool(!c.default_expr.empty() && c.identity == 0), Bool(false),
             Text(c.identity == 0 ? "" : std::string(1, c.identity)), Text(""), Bool(false),
             Bool(true), Value::Int4(0), Oid(text_like ? 100 : 0), Value::Int4(-1), Null(kText),
             Null(kText)});
    }
    // An index's own attributes (psql's \d index): its columns, numbered from 1.
    for (const IndexDef* idx : Indexes(*t)) {
      for (size_t i = 0; i < idx->column_ids.size(); i++) {
        const ColumnDef& c = t->columns[t->ColumnPosition(idx->column_ids[i])];
        int len = -1;
        for (const TypeInfo& ti : kTypes) {
          if (ti.id == c.type) len = ti.len;
        }
        bool text_like =
            c.type == TypeId::kText || c.type == TypeId::kVarchar || c.type == TypeId::kBpchar;
        b.Add({Oid(IndexOid(*t, *idx)), Text(c.name), Oid(static_cast<int64_t>(c.type)),
               Value::Int2(static_cast<int16_t>(len)), Value::Int2(static_cast<int16_t>(i + 1)),
               Value::Int4(PgTypmod(c)), Value::Int2(0), Bool(false), Bool(false), Bool(false),
               Text(""), Text(""), Bool(false), Bool(true), Value::Int4(0),
               Oid(text_like ? 100 : 0), Value::Int4(-1), Null(kText), Null(kText)});
      }
    }
  }
  for (const auto& [name, v] : s.views()) {
    for (size_t i = 0; i < v.columns.size(); i++) {
      const ViewColumn& c = v.columns[i];
      int len = -1;
      for (const TypeInfo& ti : kTypes) {
        if (ti.id == c.type) len = ti.len;
      }
      bool text_like = c.type == TypeId::kText || c.type == TypeId::kVarchar;
      b.Add({Oid(v.id), Text(c.name), Oid(static_cast<int64_t>(c.type)),
             Value::Int2(static_cast<int16_t>(len)), Value::Int2(static_cast<int16_t>(i + 1)),
             Value::Int4(-1), Value::Int2(0), Bool(false), Bool(false), Bool(false), Text(""),
             Text(""), Bool(false), Bool(true), Value::Int4(0), Oid(text_like ? 100 : 0),
             Value::Int4(-1), Null(kText), Null(kText)});
    }
  }
}

void PgType(Builder& b) {
  b.Columns({{"oid", kOid},         {"typname", kText},     {"typnamespace", kOid},
             {"typowner", kOid},    {"typlen", kInt2},      {"typbyval", kBool},
             {"typtype", kText},    {"typcategory", kText}, {"typisdefined", kBool},
             {"typdelim", kText},   {"typrelid", kOid},     {"typelem", kOid},
             {"typarray", kOid},    {"typbasetype", kOid},  {"typtypmod", kInt4},
             {"typnotnull", kBool}, {"typcollation", kOid}, {"typinput", kText},
             {"typndims", kInt4},   {"typdefault", kText}});
  for (const TypeInfo& t : kTypes) {
    bool text_like = t.id == TypeId::kText || t.id == TypeId::kVarchar || t.id == TypeId::kBpchar;
    bool vector = t.id == TypeId::kInt2Vector;
    auto array = vector ? int64_t{1006} : static_cast<int64_t>(ArrayTypeOf(t.id));
    b.Add({Oid(static_cast<int64_t>(t.id)),
           Text(t.name),
           Oid(kPgCatalogOid),
           Oid(kRoleOid),
           Value::Int2(static_cast<int16_t>(t.len)),
           Bool(t.len > 0 && t.len <= 8),
           Text("b"),
           Text(t.category),
           Bool(true),
           Text(","),
           Oid(0),
           Oid(vector ? static_cast<int64_t>(TypeId::kInt2) : 0),
           Oid(array),
           Oid(0),
           Value::Int4(-1),
           Bool(false),
           Oid(text_like ? 100 : 0),
           Text(t.input),
           Value::Int4(0),
           Null(kText)});
    if (array == 0 || vector) continue;
    // Its array type (_int4): category A, typelem the element type.
    b.Add({Oid(array),
           Text(std::string("_") + t.name),
           Oid(kPgCatalogOid),
           Oid(kRoleOid),
           Value::Int2(-1),
           Bool(false),
           Text("b"),
           Text("A"),
           Bool(true),
           Text(","),
           Oid(0),
           Oid(static_cast<int64_t>(t.id)),
           Oid(0),
           Oid(0),
           Value::Int4(-1),
           Bool(false),
           Oid(text_like ? 100 : 0),
           Text("array_in"),
           Value::Int4(0),
           Null(kText)});
  }
}

// pg_settings: the preset (read-only) parameters, fixed when the server is built, which drivers
// read from here (JDBC: max_index_keys). The session's own settings are SHOW's.
void PgSettings(Builder& b) {
  b.Columns({{"name", kText},
             {"setting", kText},
             {"unit", kText},
             {"category", kText},
             {"context", kText},
             {"vartype", kText},
             {"source", kText}});
  for (const auto& [name, setting, vartype] :
       std::initializer_list<std::tuple<const char*, const char*, const char*>>{
           {"max_function_args", "100", "integer"},
           {"max_identifier_length", "63", "integer"},
           {"max_index_keys", "32", "integer"},
           {"server_encoding", "UTF8", "string"},
           {"server_version", "15.0", "string"},
           {"server_version_num", "150000", "integer"}}) {
    b.Add({Text(name), Text(setting), Null(kText), Text("Preset Options"), Text("internal"),
           Text(vartype), Text("default")});
  }
}

void PgSequence(Builder& b, const CatalogState& s) {
  b.Columns({{"seqrelid", kOid},
             {"seqtypid", kOid},
             {"seqstart", TypeId::kInt8},
             {"seqincrement", TypeId::kInt8},
             {"seqmax", TypeId::kInt8},
             {"seqmin", TypeId::kInt8},
             {"seqcache", TypeId::kInt8},
             {"seqcycle", kBool}});
  for (const auto& [name, seq] : s.sequences()) {
    b.Add({Oid(seq.id), Oid(static_cast<int64_t>(seq.type)), Value::Int8(seq.start),
           Value::Int8(seq.increment), Value::Int8(seq.max), Value::Int8(seq.min), Value::Int8(1),
           Bool(seq.cycle)});
  }
}

void PgIndex(Builder& b, const CatalogState& s) {
  b.Columns({{"indexrelid", kOid},
             {"indrelid", kOid},
             {"indnatts", kInt2},
             {"indnkeyatts", kInt2},
             {"indisunique", kBool},
             {"indnullsnotdistinct", kBool},
             {"indisprimary", kBool},
             {"indisexclusion", kBool},
             {"indimmediate", kBool},
             {"indisclustered", kBool},
             {"indisvalid", kBool},
             {"indcheckxmin", kBool},
             {"indisready", kBool},
             {"indislive", kBool},
             {"indisreplident", kBool},
             {"indkey", TypeId::kInt2Vector},
             {"indoption", TypeId::kInt2Vector},
             {"indexprs", kText},
             {"indpred", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (const IndexDef* idx : Indexes(*t)) {
      auto n = Value::Int2(static_cast<int16_t>(idx->column_ids.size()));
      b.Add({Oid(IndexOid(*t, *idx)), Oid(t->id), n, n, Bool(idx->unique || idx->primary),
             Bool(false), Bool(idx->primary), Bool(false), Bool(true), Bool(false), Bool(true),
             Bool(false), Bool(true), Bool(true), Bool(false),
             ColumnNumbers(*t, idx->column_ids, TypeId::kInt2Vector), IndexOptions(*idx),
             Null(kText), Null(kText)});
    }
  }
}

void PgAttrdef(Builder& b, const CatalogState& s) {
  b.Columns({{"oid", kOid}, {"adrelid", kOid}, {"adnum", kInt2}, {"adbin", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (size_t i = 0; i < t->columns.size(); i++) {
      // An identity column's nextval() is not a default in PostgreSQL's catalog.
      if (t->columns[i].default_expr.empty() || t->columns[i].identity != 0) continue;
      b.Add({Oid(0), Oid(t->id), Value::Int2(static_cast<int16_t>(i + 1)),
             Text(t->columns[i].default_expr)});
    }
  }
}

void PgConstraint(Builder& b, const CatalogState& s) {
  b.Columns({{"oid", kOid},           {"conname", kText},       {"connamespace", kOid},
             {"contype", kText},      {"condeferrable", kBool}, {"condeferred", kBool},
             {"convalidated", kBool}, {"conrelid", kOid},       {"contypid", kOid},
             {"conindid", kOid},      {"conparentid", kOid},    {"confrelid", kOid},
             {"conislocal", kBool},   {"coninhcount", kInt4},   {"connoinherit", kBool},
             {"conkey", kInt2Array},  {"confkey", kInt2Array},  {"conbin", kText},
             {"confupdtype", kText},  {"confdeltype", kText},   {"confmatchtype", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (const IndexDef* idx : Indexes(*t)) {
      if (!IsConstraint(*t, *idx)) continue;
      int64_t oid = IndexOid(*t, *idx);
      b.Add({Oid(oid),         Text(idx->name),
             Oid(kPublicOid),  Text(idx->primary ? "p" : "u"),
             Bool(false),      Bool(false),
             Bool(true),       Oid(t->id),
             Oid(0),           Oid(oid),
             Oid(0),           Oid(0),
             Bool(true),       Value::Int4(0),
             Bool(true),       ColumnNumbers(*t, idx->column_ids, kInt2Array),
             Null(kInt2Array), Null(kText),
             Text(" "),        Text(" "),
             Text(" ")});
    }
  }
  for (const ForeignKeyRef& f : ForeignKeys(s)) {
    const IndexDef* idx = ReferencedConstraint(*f.ref, *f.fk);
    b.Add({Oid(ForeignKeyOid(*f.table, f.position)),
           Text(f.fk->name),
           Oid(kPublicOid),
           Text("f"),
           Bool(false),
           Bool(false),
           Bool(true),
           Oid(f.table->id),
           Oid(0),
           Oid(idx != nullptr ? IndexOid(*f.ref, *idx) : 0),
           Oid(0),
           Oid(f.ref->id),
           Bool(true),
           Value::Int4(0),
           Bool(true),
           ColumnNumbers(*f.table, f.fk->column_ids, kInt2Array),
           ColumnNumbers(*f.ref, f.fk->ref_column_ids, kInt2Array),
           Null(kText),
           Text(std::string(1, f.fk->on_update)),
           Text(std::string(1, f.fk->on_delete)),
           Text(f.fk->match_full ? "f" : "s")});
  }
}

void PgDatabase(Builder& b) {
  b.Columns({{"oid", kOid},
             {"datname", kText},
             {"datdba", kOid},
             {"encoding", kInt4},
             {"datlocprovider", kText},
             {"datistemplate", kBool},
             {"datallowconn", kBool},
             {"datconnlimit", kInt4},
             {"datcollate", kText},
             {"datctype", kText},
             {"daticulocale", kText},
             {"datacl", kText}});
  b.Add({Oid(kDatabaseOid), Text(kDatabaseName), Oid(kRoleOid), Value::Int4(6), Text("c"),
         Bool(false), Bool(true), Value::Int4(-1), Text("C"), Text("C"), Null(kText), Null(kText)});
}

// pg_roles shows every password as ******** (set or not), pg_authid the verifier or NULL, and
// pg_user only the roles that can log in, as in PostgreSQL.
void PgRoles(Builder& b, const CatalogState& s, bool authid) {
  b.Columns({{"oid", kOid},
             {"rolname", kText},
             {"rolsuper", kBool},
             {"rolinherit", kBool},
             {"rolcreaterole", kBool},
             {"rolcreatedb", kBool},
             {"rolcanlogin", kBool},
             {"rolreplication", kBool},
             {"rolbypassrls", kBool},
             {"rolconnlimit", kInt4},
             {"rolpassword", kText},
             {"rolvaliduntil", TypeId::kTimestampTz},
             {"rolconfig", kText}});
  for (const auto& [name, r] : s.roles()) {
    Value password = !authid              ? Text("********")
                     : r.password.empty() ? Null(kText)
                                          : Text(r.password);
    b.Add({Oid(r.id), Text(r.name), Bool(r.superuser), Bool(r.inherit), Bool(r.createrole),
           Bool(r.createdb), Bool(r.login), Bool(r.replication), Bool(r.bypassrls),
           Value::Int4(r.connection_limit), password, Null(TypeId::kTimestampTz), Null(kText)});
  }
}

void PgUser(Builder& b, const CatalogState& s) {
  b.Columns({{"usename", kText},
             {"usesysid", kOid},
             {"usecreatedb", kBool},
             {"usesuper", kBool},
             {"userepl", kBool},
             {"usebypassrls", kBool},
             {"passwd", kText},
             {"valuntil", TypeId::kTimestampTz},
             {"useconfig", kText}});
  for (const auto& [name, r] : s.roles()) {
    if (!r.login) continue;
    b.Add({Text(r.name), Oid(r.id), Bool(r.createdb), Bool(r.superuser), Bool(r.replication),
           Bool(r.bypassrls), Text("********"), Null(TypeId::kTimestampTz), Null(kText)});
  }
}

void PgAm(Builder& b) {
  b.Columns({{"oid", kOid}, {"amname", kText}, {"amhandler", kText}, {"amtype", kText}});
  b.Add({Oid(2), Text("heap"), Text("heap_tableam_handler"), Text("t")});
  b.Add({Oid(403), Text("btree"), Text("bthandler"), Text("i")});
}

// information_schema

// Views that exist so that clients' queries bind, with no rows.
const std::map<std::string, std::vector<SystemColumn>>& EmptyViews() {
  static const auto* views = new std::map<std::string, std::vector<SystemColumn>>{
      {"pg_description",
       {{"objoid", kOid}, {"classoid", kOid}, {"objsubid", kInt4}, {"description", kText}}},
      {"pg_inherits",
       {{"inhrelid", kOid}, {"inhparent", kOid}, {"inhseqno", kInt4}, {"inhdetachpending", kBool}}},
      {"pg_policy",
       {{"oid", kOid},
        {"polname", kText},
        {"polrelid", kOid},
        {"polcmd", kText},
        {"polpermissive", kBool},
        {"polroles", kText},
        {"polqual", kText},
        {"polwithcheck", kText}}},
      {"pg_statistic_ext",
       {{"oid", kOid},
        {"stxrelid", kOid},
        {"stxname", kText},
        {"stxnamespace", kOid},
        {"stxowner", kOid},
        {"stxstattarget", kInt4},
        {"stxkeys", kText},
        {"stxkind", kText}}},
      {"pg_publication",
       {{"oid", kOid},
        {"pubname", kText},
        {"pubowner", kOid},
        {"puballtables", kBool},
        {"pubinsert", kBool},
        {"pubupdate", kBool},
        {"pubdelete", kBool},
        {"pubtruncate", kBool},
        {"pubviaroot", kBool}}},
      {"pg_publication_namespace", {{"oid", kOid}, {"pnpubid", kOid}, {"pnnspid", kOid}}},
      {"pg_publication_rel",
       {{"oid", kOid},
        {"prpubid", kOid},
        {"prrelid", kOid},
        {"prqual", kText},
        {"prattrs", kText}}},
      {"pg_auth_members",
       {{"roleid", kOid}, {"member", kOid}, {"grantor", kOid}, {"admin_option", kBool}}},
      {"pg_collation",
       {{"oid", kOid}, {"collname", kText}, {"collnamespace", kOid}, {"collprovider", kText}}},
      {"pg_trigger",
       {{"oid", kOid}, {"tgrelid", kOid}, {"tgname", kText}, {"tgisinternal", kBool}}},
      {"pg_rewrite", {{"oid", kOid}, {"rulename", kText}, {"ev_class", kOid}}},
      {"pg_tablespace", {{"oid", kOid}, {"spcname", kText}, {"spcowner", kOid}}},
      {"pg_extension",
       {{"oid", kOid},
        {"extname", kText},
        {"extowner", kOid},
        {"extnamespace", kOid},
        {"extversion", kText}}},
      {"pg_foreign_table", {{"ftrelid", kOid}, {"ftserver", kOid}}},
      // KomodoDB has no user-defined functions, and its built-in ones are not listed (yet): psql's
      // \df, which leaves out pg_catalog's, shows none, as PostgreSQL does in a new database.
      {"pg_proc",
       {{"oid", kOid},
        {"proname", kText},
        {"pronamespace", kOid},
        {"proowner", kOid},
        {"prolang", kOid},
        {"procost", TypeId::kFloat4},
        {"prorows", TypeId::kFloat4},
        {"provariadic", kOid},
        {"prosupport", kText},
        {"prokind", kText},
        {"prosecdef", kBool},
        {"proleakproof", kBool},
        {"proisstrict", kBool},
        {"proretset", kBool},
        {"provolatile", kText},
        {"proparallel", kText},
        {"pronargs", kInt2},
        {"pronargdefaults", kInt2},
        {"prorettype", kOid},
        {"proargtypes", kText},
        {"proallargtypes", kText},
        {"proargmodes", kText},
        {"proargnames", kText},
        {"proargdefaults", kText},
        {"protrftypes", kText},
        {"prosrc", kText},
        {"probin", kText},
        {"prosqlbody", kText},
        {"proconfig", kText},
        {"proacl", kText}}},
      {"pg_enum",
       {{"oid", kOid},
        {"enumtypid", kOid},
        {"enumsortorder", TypeId::kFloat4},
        {"enumlabel", kText}}},
  };
  return *views;
}

}  // namespace

std::optional<SystemView> BuildSystemView(const std::string& qualified, const CatalogState& s,
                                          const SessionDirectory* sessions) {
  std::string schema = "pg_catalog", name = qualified;
  if (size_t dot = qualified.find('.'); dot != std::string::npos) {
    schema = qualified.substr(0, dot);
    name = qualified.substr(dot + 1);
  }
  Builder b;
  b.view.name = name;
  if (schema == "pg_catalog") {
    if (name == "pg_namespace") {
      PgNamespace(b);
    } else if (name == "pg_class") {
      PgClass(b, s);
    } else if (name == "pg_attribute") {
      PgAttribute(b, s);
    } else if (name == "pg_type") {
      PgType(b);
    } else if (name == "pg_index") {
      PgIndex(b, s);
    } else if (name == "pg_attrdef") {
      PgAttrdef(b, s);
    } else if (name == "pg_constraint") {
      PgConstraint(b, s);
    } else if (name == "pg_database") {
      PgDatabase(b);
    } else if (name == "pg_roles" || name == "pg_authid") {
      PgRoles(b, s, name == "pg_authid");
    } else if (name == "pg_user") {
      PgUser(b, s);
    } else if (name == "pg_am") {
      PgAm(b);
    } else if (name == "pg_stat_activity") {
      PgStatActivity(b, s, sessions);
    } else if (name == "pg_settings") {
      PgSettings(b);
    } else if (name == "pg_sequence") {
      PgSequence(b, s);
    } else if (auto it = EmptyViews().find(name); it != EmptyViews().end()) {
      b.view.columns = it->second;
    } else {
      return std::nullopt;
    }
    return std::move(b.view);
  }
  if (schema == "information_schema") {
    if (name == "tables") {
      InfoTables(b, s);
    } else if (name == "columns") {
      InfoColumns(b, s);
    } else if (name == "schemata") {
      InfoSchemata(b);
    } else if (name == "table_constraints") {
      InfoTableConstraints(b, s);
    } else if (name == "key_column_usage") {
      InfoKeyColumnUsage(b, s);
    } else if (name == "referential_constraints") {
      InfoReferentialConstraints(b, s);
    } else if (name == "constraint_column_usage") {
      InfoConstraintColumnUsage(b, s);
    } else {
      return std::nullopt;
    }
    return std::move(b.view);
  }
  return std::nullopt;
}

std::string CatalogFunctionData(const std::string& function, const CatalogState& s) {
  std::string out;
  auto line = [&](int64_t oid, const std::string& text) {
    out += std::to_string(oid) + "\t" + text + "\n";
  };
  for (const auto& [name, t] : s.tables()) {
    if (function == "regclass") line(t->id, t->name);
    for (const IndexDef* idx : Indexes(*t)) {
      int64_t oid = IndexOid(*t, *idx);
      if (function == "pg_get_indexdef") {
        line(oid, IndexDefinition(*t, *idx));
        for (size_t i = 0; i < idx->column_ids.size(); i++) {  // pg_get_indexdef(oid, i + 1, _)
          out += std::to_string(oid) + "\t" + std::to_string(i + 1) + "\t" +
                 t->columns[t->ColumnPosition(idx->column_ids[i])].name + "\n";
        }
      }
      if (function == "pg_get_constraintdef" && IsConstraint(*t, *idx)) {
        line(oid, ConstraintDefinition(*t, *idx));
      }
      if (function == "regclass") line(oid, idx->name);
    }
  }
  if (function == "pg_get_constraintdef") {
    for (const ForeignKeyRef& f : ForeignKeys(s)) {
      line(ForeignKeyOid(*f.table, f.position), ForeignKeyDefinition(*f.table, *f.fk, *f.ref));
    }
  }
  if (function == "regclass") {
    for (const auto& [name, seq] : s.sequences()) line(seq.id, seq.name);
    for (const auto& [name, v] : s.views()) line(v.id, v.name);
  }
  auto key_line = [&](const std::string& key, const std::string& text) {
    out += key + "\t" + text + "\n";
  };
  if (function == "regclass_oid") {
    // "schema.name\toid" for every relation; the system catalogs with PostgreSQL's oids.
    for (const auto& [name, t] : s.tables()) {
      key_line(t->schema + "." + t->name, std::to_string(t->id));
      for (const IndexDef* idx : Indexes(*t)) {
        key_line(t->schema + "." + idx->name, std::to_string(IndexOid(*t, *idx)));
      }
    }
    for (const auto& [name, seq] : s.sequences()) {
      key_line("public." + seq.name, std::to_string(seq.id));
    }
    for (const auto& [name, v] : s.views()) key_line("public." + v.name, std::to_string(v.id));
    for (const auto& [name, oid] : kSystemCatalogOids) {
      key_line(std::string("pg_catalog.") + name, std::to_string(oid));
    }
  }
  if (function == "pg_get_serial_sequence") {
    // "schema.table\t" for every table, "schema.table\tcolumn\tschema.sequence" for each
    // column (the sequence empty when the column owns none).
    for (const auto& [name, t] : s.tables()) {
      std::string table = t->schema + "." + t->name;
      key_line(table, "");
      for (const ColumnDef& c : t->columns) {
        std::string owned;
        for (const auto& [seq_name, seq] : s.sequences()) {
          if (seq.owner_table == t->id && seq.owner_column == c.name) owned = "public." + seq.name;
        }
        key_line(table + "\t" + c.name, owned);
      }
    }
  }
  return out;
}

std::optional<std::string> LookupCatalogKey(const std::string& data, const std::string& key) {
  std::string prefix = key + "\t";
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string::npos) end = data.size();
    if (data.compare(pos, prefix.size(), prefix) == 0 &&
        data.find('\t', pos + prefix.size()) > end) {
      return data.substr(pos + prefix.size(), end - pos - prefix.size());
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::string FormatType(TypeId type, int32_t typmod) {
  ColumnDef c;
  c.type = type;
  TypeId element = IsArrayType(type) ? ArrayElementType(type) : type;
  c.typmod = (element == TypeId::kVarchar || element == TypeId::kBpchar) && typmod >= 4 ? typmod - 4
                                                                                        : typmod;
  if (TypeName(type) == "unknown") return "???";
  return TableDef().ColumnTypeName(c);
}

}  // namespace komodo::catalog
