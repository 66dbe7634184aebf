// PlanNode: the physical plan the planner produces and the executor runs (exec/operators.h
// builds one operator per node). EXPLAIN prints this tree.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "komodo/database.h"
#include "sql/binder/bound_expr.h"
#include "sql/planner/access_path.h"

namespace komodo::sql {

struct PlanColumn {
  std::string table;  // the FROM item's name or alias ("" for computed columns)
  std::string name;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;
};

enum class JoinType { kInner, kLeft, kRight, kFull, kSemi, kAnti };

struct SortKey {
  BoundExprPtr expr;
  bool desc = false;
  bool nulls_first = false;
};

struct AggregateCall {
  std::string name;                 // count, sum, avg, min, max, bool_and, bool_or, string_agg, ...
  TypeId type = TypeId::kUnknown;   // result type
  TypeId input = TypeId::kUnknown;  // argument type (kUnknown for count(*))
  bool star = false;
  bool distinct = false;
  std::vector<BoundExprPtr> args;  // over the aggregate's input row
  BoundExprPtr filter;
  std::vector<SortKey> order;  // ORDER BY inside the call: the inputs are sorted first
};

// A window function call: its value for each row is computed over the row's partition, in the
// partition's ORDER BY, up to the end of its frame.
struct WindowCall {
  enum class Frame { kToLastPeer, kToCurrentRow, kWholePartition };
  std::string name;  // row_number, rank, lag, ... or an aggregate
  TypeId type = TypeId::kUnknown;
  std::vector<BoundExprPtr> args;
  std::vector<BoundExprPtr> partition;
  std::vector<SortKey> order;
  Frame frame = Frame::kToLastPeer;
  std::unique_ptr<AggregateCall> aggregate;  // for sum() OVER (...) and the like
};

struct PlanNode {
  enum class Kind {
    kScan,            // table rows through `path`, filtered by `predicate`
    kValues,          // rows of expressions (also the one empty row of a SELECT without FROM)
    kFilter,          // children[0] rows where `predicate` holds
    kProject,         // exprs over children[0]
    kJoin,            // children[0] x children[1]: hash join when keys are set, else nested loop
    kAggregate,       // group by `exprs`, computing `aggregates`: group keys first, then
                      // aggregates, then one int4 per GROUPING call of `grouping_calls`
    kSort,            // by `sort_keys`; `limit` >= 0 keeps only the first rows (top-N)
    kLimit,           // `limit_expr`, `offset_expr`
    kDistinct,        // first row of each distinct value of the first `distinct_columns` columns
    kSetOp,           // children[0] op children[1]
    kSeries,          // `function`: generate_series(exprs[0], exprs[1] [, exprs[2]]),
                      // unnest(exprs[0]) or a jsonb function(exprs[0]); with a child, over each
                      // of its rows (lateral)
    kWindow,          // children[0]'s rows with one more column per call in `windows`
    kRecursiveUnion,  // WITH RECURSIVE: children[0], then children[1] run over the work table
                      // until it is empty; set_all false: duplicates of earlier rows dropped
    kWorkTableScan,   // the rows of the work table of `recursive_union`
  };
  Kind kind;
  std::vector<PlanColumn> columns;  // output
  std::vector<std::unique_ptr<PlanNode>> children;

  // kScan
  const catalog::TableDef* table = nullptr;
  std::string alias;
  AccessPath path;
  bool emit_key = false;   // append the row's storage key (bytea) after the columns
  bool lock_rows = false;  // SELECT ... FOR UPDATE/SHARE: lock each row and read its latest
  // The table columns the query reads (prune_columns.h); the others are left NULL. Empty: all.
  std::vector<bool> read_columns;
  // kScan, kFilter; kJoin: the join condition not used as hash keys
  BoundExprPtr predicate;
  // kProject; kAggregate: group keys; kValues: rows of `width` expressions, flattened
  std::vector<BoundExprPtr> exprs;
  size_t width = 0;
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::vector<BoundExprPtr> left_keys, right_keys;  // over the left row / the right row
  // A LATERAL subquery on the right (kInner or kLeft, no keys): children[1] runs again for each
  // left row, which its outer references (depth 1) read as the enclosing query's row.
  bool lateral = false;
  // kAggregate
  std::vector<AggregateCall> aggregates;
  // GROUPING SETS, ROLLUP, CUBE: the grouping sets as indexes into `exprs`; a row of a set has
  // NULL for the keys not in it. Empty: one set of all of `exprs` (a plain GROUP BY).
  std::vector<std::vector<int>> grouping_sets;
  // GROUPING(args) calls, each as the indexes into `exprs` of its arguments.
  std::vector<std::vector<int>> grouping_calls;
  // kWindow
  std::vector<WindowCall> windows;
  // kSort
  std::vector<SortKey> sort_keys;
  int64_t limit = -1;
  // kLimit
  BoundExprPtr limit_expr, offset_expr;
  // kDistinct
  size_t distinct_columns = 0;
  // kSeries: the set-returning function ("generate_series", "unnest" or a jsonb function of
  // exec/jsonb_functions.h), and WITH ORDINALITY's extra bigint column
  std::string function = "generate_series";
  bool ordinality = false;
  // kSetOp
  enum class SetOp { kUnion, kIntersect, kExcept } set_op = SetOp::kUnion;
  bool set_all = false;
  // kWorkTableScan
  const PlanNode* recursive_union = nullptr;

  std::vector<std::string> ColumnNames() const;
};

using PlanPtr = std::unique_ptr<PlanNode>;

// What EXPLAIN ANALYZE adds to a node: text at the end of its line (actual rows and time) and
// detail lines under it ("Sort Method: external merge  Disk: 120kB").
struct Annotation {
  std::string suffix;
  std::vector<std::string> details;
};

// EXPLAIN's text: one line per node, children indented, PostgreSQL's node names.
std::vector<std::string> ExplainPlan(
    const PlanNode& plan, const std::function<Annotation(const PlanNode&)>& annotate = nullptr);

}  // namespace komodo::sql
