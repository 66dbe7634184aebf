// Aggregate functions: the running state of one aggregate in one group, its update and its
// final value, with PostgreSQL's NULL rules (NULL inputs are skipped; sum, avg, min, max of no
// rows are NULL; count of no rows is 0).
#pragma once

#include <memory>
#include <unordered_set>

#include "exec/evaluate.h"
#include "exec/row_hash.h"
#include "sql/planner/plan.h"

namespace komodo::exec {

struct ValueHasher {
  size_t operator()(const Value& v) const { return HashValue(v); }
};
struct ValueEquals {
  bool operator()(const Value& a, const Value& b) const { return ValuesEqual(a, b); }
};

struct AggregateState {
  uint8_t fn = 0;               // the function, resolved from the call's name at the first row
  int64_t count = 0;            // rows (count) or non-NULL inputs (the others)
  __int128 int_sum = 0;         // sum/avg of integers, exactly
  double sum = 0;               // sum/avg of floats
  double mean = 0, m2 = 0;      // variance: Welford's running mean and sum of squared deviations
  Numeric num_sum, num_sum2;    // numeric sum/avg, and numeric variance's sums of x and x^2
  Interval interval_sum;        // interval sum/avg
  Value best;                   // min/max
  bool flag = false;            // bool_and/bool_or
  std::string text;             // string_agg
  std::vector<Value> elements;  // array_agg
  std::unique_ptr<std::unordered_set<Value, ValueHasher, ValueEquals>> seen;  // DISTINCT
  std::vector<std::pair<Row, Row>> ordered;  // ORDER BY in the call: (sort keys, input row)
};

// Adds the input row to `state` (evaluating the call's arguments and FILTER on it).
Status Accumulate(const sql::AggregateCall& call, const Row& row, Runtime& rt,
                  AggregateState* state);

Result<Value> Finalize(const sql::AggregateCall& call, AggregateState& state, Runtime& rt);

}  // namespace komodo::exec
