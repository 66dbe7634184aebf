// BoundExpr: an expression whose names are resolved to row positions and whose types are known.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "komodo/value.h"

namespace komodo::exec {
struct Runtime;
}

namespace komodo::sql {

struct PlanNode;
struct BoundExpr;

// State a function prepares once per statement from its constant arguments (a compiled regular
// expression), shared by the copies of the call.
struct FunctionState {
  virtual ~FunctionState() = default;
};

// A scalar function's implementation: the arguments are already evaluated; strict functions are
// never called with a NULL argument.
using ScalarFn = Result<Value> (*)(const BoundExpr& call, std::vector<Value>& args);

struct BoundExpr {
  enum class Kind {
    kConst,        // value, already of `type`
    kColumn,       // column: position in the input row
    kOuterColumn,  // column of the row `depth` queries out (a correlated subquery's reference)
    kParam,        // param: 0-based; cast to `type` at execution
    kCompare,      // op in = <> < <= > >= "IS DISTINCT FROM" "IS NOT DISTINCT FROM"
    kArith,        // op in + - * / %
    kNegate,
    kAnd,
    kOr,
    kNot,
    kIsNull,
    kIsNotNull,
    kBoolTest,   // op: "true", "not true", "false", "not false", "unknown", "not unknown"
    kCast,       // args[0] cast to `type`, typmod
    kFunction,   // fn(args); name for messages and EXPLAIN
    kCase,       // args = when1, then1, ...; else is the last arg when has_else
    kCoalesce,   // first non-NULL of args, evaluated lazily
    kInList,     // args[0] IN (args[1..]); negated: NOT IN
    kSubquery,   // plan; sublink: scalar, exists, any (op), all (op) with args[0]
    kAggregate,  // during binding only: aggregate number `column` of the query
    kWindow,     // during binding only: window call number `column` of the query
    kGrouping,   // during binding only: GROUPING(args), replaced by the planner (int4)
    kArray,      // ARRAY[args...] of array type `type`
    kSubscript,  // args[0][args[1]]; op "slice": args[0][args[1]:args[2]]
    kArrayAny,   // args[0] op ANY/ALL (args[1]) by `sublink`; op is a kCompare operator
  };
  // kArray: ARRAY(subquery) of the subquery's single column.
  enum class SubLink { kScalar, kExists, kAny, kAll, kArray };
  Kind kind;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;
  Value value;
  int column = -1;
  int depth = 0;
  int param = -1;
  std::string op;
  std::string name;
  int location = -1;
  bool negated = false;
  bool has_else = false;
  bool strict = true;  // kFunction: NULL in, NULL out without calling fn
  bool volatile_fn = false;
  ScalarFn fn = nullptr;
  SubLink sublink = SubLink::kScalar;
  bool correlated = false;  // kSubquery: refers to columns of the enclosing query
  std::shared_ptr<const PlanNode> plan;
  std::shared_ptr<const FunctionState> state;  // kFunction: see FunctionState
  std::vector<std::unique_ptr<BoundExpr>> args;
};

using BoundExprPtr = std::unique_ptr<BoundExpr>;

// A deep copy.
BoundExprPtr CloneExpr(const BoundExpr& e);
// Structural equality (for matching GROUP BY expressions).
bool SameExpr(const BoundExpr& a, const BoundExpr& b);
// Calls fn on every node, parents first; subquery plans are not entered.
void VisitExpr(const BoundExpr& e, const std::function<void(const BoundExpr&)>& fn);
// EXPLAIN's rendering of the expression; `names` name the input columns, `outer` (innermost
// last) those of the rows an outer reference reads, where known.
using OuterNames = std::vector<const std::vector<std::string>*>;
std::string ExprToString(const BoundExpr& e, const std::vector<std::string>& names,
                         const OuterNames* outer = nullptr);

}  // namespace komodo::sql
