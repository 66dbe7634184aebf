#include "sql/planner/access_path.h"

#include "common/macros.h"
#include "exec/evaluate.h"
#include "storage/key_codec.h"
#include "types/compare.h"

namespace komodo::sql {

namespace {

struct Term {
  int column;
  std::string op;  // = < <= > >=, with the column on the left
  const BoundExpr* value;
};

// An expression that does not depend on the scanned row: constants, parameters, outer columns.
bool IsValue(const BoundExpr& e) {
  bool value = true;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExpr::Kind::kColumn || n.kind == BoundExpr::Kind::kSubquery ||
        n.kind == BoundExpr::Kind::kAggregate || n.kind == BoundExpr::Kind::kGrouping ||
        n.volatile_fn) {
      value = false;
    }
  });
  return value;
}

std::string Flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

void CollectTerms(const BoundExpr* e, std::vector<Term>* out) {
  if (e == nullptr) return;
  if (e->kind == BoundExpr::Kind::kAnd) {
    for (const auto& a : e->args) CollectTerms(a.get(), out);
    return;
  }
  if (e->kind != BoundExpr::Kind::kCompare) return;
  if (e->op != "=" && e->op != "<" && e->op != "<=" && e->op != ">" && e->op != ">=") return;
  const BoundExpr& l = *e->args[0];
  const BoundExpr& r = *e->args[1];
  if (l.kind == BoundExpr::Kind::kColumn && IsValue(r)) out->push_back({l.column, e->op, &r});
  if (r.kind == BoundExpr::Kind::kColumn && IsValue(l)) out->push_back({r.column, Flip(e->op), &l});
}

// Fills `path` for one index; returns its score (fixed columns * 2 + 1 if ranged).
int Match(const catalog::TableDef& t, const catalog::IndexDef& idx, const std::vector<Term>& terms,
          AccessPath* path) {
  size_t i = 0;
  for (; i < idx.column_ids.size(); i++) {
    int pos = t.ColumnPosition(idx.column_ids[i]);
    const Term* eq = nullptr;
    for (const Term& term : terms) {
      if (term.column == pos && term.op == "=") eq = &term;
    }
    if (eq == nullptr) break;
    path->equals.push_back(eq->value);
  }
  int score = static_cast<int>(i) * 2;
  if (i < idx.column_ids.size()) {
    int pos = t.ColumnPosition(idx.column_ids[i]);
    for (const Term& term : terms) {
      if (term.column != pos || term.op == "=") continue;
      bool is_lower = term.op[0] == '>';
      (is_lower ? path->lower : path->upper) = term.value;
      (is_lower ? path->lower_inclusive : path->upper_inclusive) = term.op.size() == 2;
    }
    if (path->lower != nullptr || path->upper != nullptr) score++;
  }
  return score;
}

Result<std::string> EncodeBound(const catalog::TableDef& t, const catalog::IndexDef& idx, size_t i,
                                const BoundExpr& e, exec::Runtime& rt, bool* null) {
  static const std::vector<Value> kNoRow;
  ASSIGN_OR_RETURN(Value v, exec::Evaluate(e, kNoRow, rt));
  const catalog::ColumnDef& col = t.columns[t.ColumnPosition(idx.column_ids[i])];
  std::string out;
  if (v.is_null()) {
    *null = true;
    return out;
  }
  // A value that does not convert exactly to the column type (3.5 for an integer column)
  // cannot bound the key; such a scan reads the wider range and the filter decides.
  auto cast = exec::AssignCast(v, col.type, -1);
  if (!cast.ok()) return cast.status();
  if (CompareValues(cast.value(), v) != 0) return Status::OutOfRange("not exact");
  storage::EncodeKeyValue(cast.value(), idx.orders[i], &out);
  return out;
}

}  // namespace

std::string AccessPath::Describe(const catalog::TableDef& table) const {
  if (index == nullptr) return "Seq Scan on " + table.name;
  return "Index Scan using " + index->name + " on " + table.name;
}

void AccessPath::Collect(std::vector<const BoundExpr*>* out) const {
  for (const BoundExpr* e : equals) out->push_back(e);
  if (lower != nullptr) out->push_back(lower);
  if (upper != nullptr) out->push_back(upper);
}

AccessPath ChooseAccessPath(const catalog::TableDef& table, const BoundExpr* where) {
  std::vector<Term> terms;
  CollectTerms(where, &terms);
  AccessPath best;
  if (terms.empty()) return best;
  int best_score = 0;
  auto consider = [&](const catalog::IndexDef& idx) {
    AccessPath p;
    p.index = &idx;
    int score = Match(table, idx, terms, &p);
    if (score > best_score) {
      best_score = score;
      best = p;
    }
  };
  if (table.primary_key) consider(*table.primary_key);
  for (const catalog::IndexDef& idx : table.indexes) consider(idx);
  return best;
}

Result<KeyRange> ComputeKeyRange(const catalog::TableDef& t, const AccessPath& path,
                                 exec::Runtime& rt) {
  KeyRange range;
  if (path.index == nullptr) return range;
  const catalog::IndexDef& idx = *path.index;
  std::string prefix;
  bool null = false;
  for (size_t i = 0; i < path.equals.size(); i++) {
    auto enc = EncodeBound(t, idx, i, *path.equals[i], rt, &null);
    if (!enc.ok()) return range;  // not encodable: read everything, filter decides
    prefix += enc.value();
  }
  if (null) {
    range.empty = true;
    return range;
  }
  range.lower = prefix;
  range.upper = storage::PrefixSuccessor(prefix);
  size_t i = path.equals.size();
  if (i >= idx.column_ids.size()) return range;
  bool desc = idx.orders[i] == storage::SortOrder::kDesc;
  // In a descending column a lower SQL bound is an upper key bound, and vice versa.
  auto apply = [&](const BoundExpr* e, bool inclusive, bool sql_lower) -> Status {
    if (e == nullptr) return Status::OK();
    auto enc = EncodeBound(t, idx, i, *e, rt, &null);
    if (!enc.ok()) return Status::OK();
    std::string key = prefix + enc.value();
    bool key_lower = sql_lower != desc;
    if (key_lower) {
      range.lower = inclusive ? key : storage::PrefixSuccessor(key);
    } else {
      range.upper = inclusive ? storage::PrefixSuccessor(key) : key;
    }
    return Status::OK();
  };
  RETURN_IF_ERROR(apply(path.lower, path.lower_inclusive, true));
  RETURN_IF_ERROR(apply(path.upper, path.upper_inclusive, false));
  if (null) range.empty = true;
  return range;
}

}  // namespace komodo::sql
