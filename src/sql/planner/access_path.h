// Access path selection: which key range of which index a table scan reads.
//
// From the WHERE clause's top-level AND terms of the form `column op constant-or-parameter`, the
// planner picks the index (the primary key first) with the most leading columns fixed by `=`,
// plus a range on the next column. The WHERE clause is still applied to every row read, so a
// path only narrows what is read; it never decides what qualifies.
#pragma once

#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "komodo/result.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {
struct Runtime;
}

namespace komodo::sql {

struct AccessPath {
  const catalog::IndexDef* index = nullptr;  // nullptr: scan rows in primary-key order
  std::vector<const BoundExpr*> equals;      // values of the leading index columns
  const BoundExpr* lower = nullptr;          // bound on the column after `equals`
  bool lower_inclusive = false;
  const BoundExpr* upper = nullptr;
  bool upper_inclusive = false;

  // "Seq Scan", "Index Scan using t_pkey", ... (for EXPLAIN and tests)
  std::string Describe(const catalog::TableDef& table) const;
  // The value expressions the path uses.
  void Collect(std::vector<const BoundExpr*>* out) const;
};

AccessPath ChooseAccessPath(const catalog::TableDef& table, const BoundExpr* where);

// The [lower, upper) key suffixes of `path` for the values in `rt` (parameters, outer rows); upper
// "" is the end of the index. Returns false in *empty when a bound is NULL (no row can match).
struct KeyRange {
  std::string lower, upper;
  bool empty = false;
};
Result<KeyRange> ComputeKeyRange(const catalog::TableDef& table, const AccessPath& path,
                                 exec::Runtime& rt);

}  // namespace komodo::sql
