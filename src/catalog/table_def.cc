#include "catalog/table_def.h"

#include <algorithm>

#include "common/coding.h"
#include "types/array.h"

namespace komodo::catalog {

// On-disk: bump when the record layout changes, and keep decoding the old versions.
// Version 2 adds CHECK constraints after the indexes; a table without any is still written as
// version 1, which older binaries read.
constexpr uint8_t kTableRecordVersion = 1;
constexpr uint8_t kTableRecordVersionWithChecks = 2;
// Version 3 adds foreign keys after the checks (whose count is then always written).
constexpr uint8_t kTableRecordVersionWithForeignKeys = 3;
// Version 4 adds identity columns after the foreign keys: (column id, 'a' | 'd') pairs.
constexpr uint8_t kTableRecordVersionWithIdentity = 4;

int TableDef::FindColumn(std::string_view column_name) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].name == column_name) return static_cast<int>(i);
  }
  return -1;
}

int TableDef::ColumnPosition(uint32_t column_id) const {
  // Ids are handed out in order, so until a column is dropped the id is the position + 1.
  if (column_id >= 1 && column_id <= columns.size() && columns[column_id - 1].id == column_id) {
    return static_cast<int>(column_id - 1);
  }
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].id == column_id) return static_cast<int>(i);
  }
  return -1;
}

std::string TableDef::ColumnTypeName(const ColumnDef& c) const {
  if (IsArrayType(c.type)) {  // the typmod is the element's: character varying(10)[]
    ColumnDef element = c;
    element.type = ArrayElementType(c.type);
    return ColumnTypeName(element) + "[]";
  }
  std::string name(TypeName(c.type));
  if ((c.type == TypeId::kVarchar || c.type == TypeId::kBpchar) && c.typmod >= 0) {
    name += "(" + std::to_string(c.typmod) + ")";
  }
  if (c.type == TypeId::kNumeric && Numeric::IsValidTypmod(c.typmod)) {
    name += "(" + std::to_string(Numeric::TypmodPrecision(c.typmod)) + "," +
            std::to_string(Numeric::TypmodScale(c.typmod)) + ")";
  }
  return name;
}

namespace {

void EncodeIndex(const IndexDef& idx, std::string* out) {
  PutVarint64(out, idx.id);
  PutLengthPrefixed(out, idx.name);
  // Flags (on-disk: never renumber): 1 primary, 2 unique, 4 constraint, 8 origin known.
  PutVarint64(out, (idx.primary ? 1 : 0) | (idx.unique ? 2 : 0) | (idx.constraint ? 4 : 0) |
                       (idx.origin_known ? 8 : 0));
  PutVarint64(out, idx.column_ids.size());
  for (size_t i = 0; i < idx.column_ids.size(); i++) {
    PutVarint64(out, idx.column_ids[i]);
    PutVarint64(out, static_cast<uint8_t>(idx.orders[i]));
  }
}

bool DecodeIndex(std::string_view* in, IndexDef* idx) {
  uint64_t id, flags, n;
  std::string_view name;
  if (!GetVarint64(in, &id) || !GetLengthPrefixed(in, &name) || !GetVarint64(in, &flags) ||
      !GetVarint64(in, &n) || n > in->size()) {
    return false;
  }
  idx->id = static_cast<uint32_t>(id);
  idx->name = std::string(name);
  idx->primary = flags & 1;
  idx->unique = flags & 2;
  idx->constraint = flags & 4;
  idx->origin_known = flags & 8;
  for (uint64_t i = 0; i < n; i++) {
    uint64_t col, order;
    if (!GetVarint64(in, &col) || !GetVarint64(in, &order) || order > 1) return false;
    idx->column_ids.push_back(static_cast<uint32_t>(col));
    idx->orders.push_back(static_cast<storage::SortOrder>(order));
  }
  return true;
}

}  // namespace

std::string EncodeTableDef(const TableDef& t) {
  bool identity = false;
  for (const ColumnDef& c : t.columns) identity |= c.identity != 0;
  uint8_t version = identity                  ? kTableRecordVersionWithIdentity
                    : !t.foreign_keys.empty() ? kTableRecordVersionWithForeignKeys
                    : !t.checks.empty()       ? kTableRecordVersionWithChecks
                                              : kTableRecordVersion;
  std::string out(1, static_cast<char>(version));
  PutVarint64(&out, t.id);
  PutLengthPrefixed(&out, t.schema);
  PutLengthPrefixed(&out, t.name);
  PutVarint64(&out, t.next_column_id);
  PutVarint64(&out, t.columns.size());
  for (const ColumnDef& c : t.columns) {
    PutVarint64(&out, c.id);
    PutLengthPrefixed(&out, c.name);
    PutVarint64(&out, static_cast<uint32_t>(c.type));
    PutZigZag64(&out, c.typmod);
    PutVarint64(&out, c.not_null ? 1 : 0);
    PutLengthPrefixed(&out, c.default_expr);
  }
  PutVarint64(&out, t.primary_key ? 1 : 0);
  if (t.primary_key) EncodeIndex(*t.primary_key, &out);
  PutVarint64(&out, t.indexes.size());
  for (const IndexDef& idx : t.indexes) EncodeIndex(idx, &out);
  if (version >= kTableRecordVersionWithChecks) {
    PutVarint64(&out, t.checks.size());
    for (const CheckDef& c : t.checks) {
      PutLengthPrefixed(&out, c.name);
      PutLengthPrefixed(&out, c.expr);
    }
  }
  if (version >= kTableRecordVersionWithForeignKeys) {
    PutVarint64(&out, t.foreign_keys.size());
    for (const ForeignKeyDef& fk : t.foreign_keys) {
      PutLengthPrefixed(&out, fk.name);
      PutLengthPrefixed(&out, fk.ref_table);
      PutVarint64(&out, fk.column_ids.size());
      for (size_t i = 0; i < fk.column_ids.size(); i++) {
        PutVarint64(&out, fk.column_ids[i]);
        PutVarint64(&out, fk.ref_column_ids[i]);
      }
      out.push_back(fk.on_update);
      out.push_back(fk.on_delete);
      out.push_back(fk.match_full ? 'f' : 's');  // pg_constraint.confmatchtype
    }
  }
  if (version >= kTableRecordVersionWithIdentity) {
    PutVarint64(&out, std::count_if(t.columns.begin(), t.columns.end(),
                                    [](const ColumnDef& c) { return c.identity != 0; }));
    for (const ColumnDef& c : t.columns) {
      if (c.identity == 0) continue;
      PutVarint64(&out, c.id);
      out.push_back(c.identity);
    }
  }
  return out;
}

Result<TableDef> DecodeTableDef(std::string_view in) {
  auto corrupt = [] { return Status::Corruption("catalog record is damaged"); };
  if (in.empty()) return corrupt();
  uint8_t version = static_cast<uint8_t>(in[0]);
  if (version < kTableRecordVersion || version > kTableRecordVersionWithIdentity) {
    return Status::Corruption("catalog record has unknown version " +
                              std::to_string(static_cast<uint8_t>(in[0])));
  }
  in.remove_prefix(1);
  TableDef t;
  uint64_t id, next_col, ncols, has_pk, nidx;
  std::string_view schema, name;
  if (!GetVarint64(&in, &id) || !GetLengthPrefixed(&in, &schema) ||
      !GetLengthPrefixed(&in, &name) || !GetVarint64(&in, &next_col) || !GetVarint64(&in, &ncols) ||
      ncols > in.size()) {
    return corrupt();
  }
  t.id = static_cast<uint32_t>(id);
  t.schema = std::string(schema);
  t.name = std::string(name);
  t.next_column_id = static_cast<uint32_t>(next_col);
  for (uint64_t i = 0; i < ncols; i++) {
    ColumnDef c;
    uint64_t cid, type, not_null;
    int64_t typmod;
    std::string_view cname, def;
    if (!GetVarint64(&in, &cid) || !GetLengthPrefixed(&in, &cname) || !GetVarint64(&in, &type) ||
        !GetZigZag64(&in, &typmod) || !GetVarint64(&in, &not_null) ||
        !GetLengthPrefixed(&in, &def)) {
      return corrupt();
    }
    c.id = static_cast<uint32_t>(cid);
    c.name = std::string(cname);
    c.type = static_cast<TypeId>(type);
    c.typmod = static_cast<int32_t>(typmod);
    c.not_null = not_null != 0;
    c.default_expr = std::string(def);
    t.columns.push_back(std::move(c));
  }
  if (!GetVarint64(&in, &has_pk)) return corrupt();
  if (has_pk) {
    IndexDef pk;
    if (!DecodeIndex(&in, &pk)) return corrupt();
    t.primary_key = std::move(pk);
  }
  if (!GetVarint64(&in, &nidx) || nidx > in.size()) return corrupt();
  for (uint64_t i = 0; i < nidx; i++) {
    IndexDef idx;
    if (!DecodeIndex(&in, &idx)) return corrupt();
    t.indexes.push_back(std::move(idx));
  }
  if (version >= kTableRecordVersionWithChecks) {
    uint64_t nchecks;
    if (!GetVarint64(&in, &nchecks) || nchecks > in.size()) return corrupt();
    for (uint64_t i = 0; i < nchecks; i++) {
      std::string_view cname, expr;
      if (!GetLengthPrefixed(&in, &cname) || !GetLengthPrefixed(&in, &expr)) return corrupt();
      t.checks.push_back({std::string(cname), std::string(expr)});
    }
  }
  if (version >= kTableRecordVersionWithForeignKeys) {
    uint64_t nfks;
    if (!GetVarint64(&in, &nfks) || nfks > in.size()) return corrupt();
    for (uint64_t i = 0; i < nfks; i++) {
      ForeignKeyDef fk;
      std::string_view fname, ref;
      uint64_t ncols;
      if (!GetLengthPrefixed(&in, &fname) || !GetLengthPrefixed(&in, &ref) ||
          !GetVarint64(&in, &ncols) || ncols > in.size()) {
        return corrupt();
      }
      fk.name = std::string(fname);
      fk.ref_table = std::string(ref);
      for (uint64_t j = 0; j < ncols; j++) {
        uint64_t col, ref_col;
        if (!GetVarint64(&in, &col) || !GetVarint64(&in, &ref_col)) return corrupt();
        fk.column_ids.push_back(static_cast<uint32_t>(col));
        fk.ref_column_ids.push_back(static_cast<uint32_t>(ref_col));
      }
      if (in.size() < 3) return corrupt();
      fk.on_update = in[0];
      fk.on_delete = in[1];
      fk.match_full = in[2] == 'f';
      in.remove_prefix(3);
      t.foreign_keys.push_back(std::move(fk));
    }
  }
  if (version >= kTableRecordVersionWithIdentity) {
    uint64_t n;
    if (!GetVarint64(&in, &n) || n > in.size()) return corrupt();
    for (uint64_t i = 0; i < n; i++) {
      uint64_t col;
      if (!GetVarint64(&in, &col) || in.empty() || (in[0] != 'a' && in[0] != 'd')) {
        return corrupt();
      }
      int pos = t.ColumnPosition(static_cast<uint32_t>(col));
      if (pos < 0) return corrupt();
      t.columns[pos].identity = in[0];
      in.remove_prefix(1);
    }
  }
  if (!in.empty()) return corrupt();
  return t;
}

}  // namespace komodo::catalog
