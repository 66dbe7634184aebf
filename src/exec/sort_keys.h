// The order of rows by ORDER BY keys (sorts, ORDER BY inside aggregates, window ORDER BY):
// DESC reverses the values' order, and NULLs go first or last as each key says.
#pragma once

#include <vector>

#include "komodo/value.h"
#include "sql/planner/plan.h"
#include "types/compare.h"

namespace komodo::exec {

// Negative, zero or positive as the key values `a` sort before, with or after `b`; `order` has
// one entry per key.
inline int CompareSortKeys(const std::vector<Value>& a, const std::vector<Value>& b,
                           const std::vector<sql::SortKey>& order) {
  for (size_t i = 0; i < order.size(); i++) {
    const Value& x = a[i];
    const Value& y = b[i];
    if (x.is_null() || y.is_null()) {
      if (x.is_null() && y.is_null()) continue;
      return x.is_null() == order[i].nulls_first ? -1 : 1;
    }
    int c = CompareValues(x, y);
    if (c != 0) return order[i].desc ? -c : c;
  }
  return 0;
}

}  // namespace komodo::exec
