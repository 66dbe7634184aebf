// Evaluates a bound expression on one row, with SQL's three-valued logic and PostgreSQL's
// overflow and division errors.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "komodo/result.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

struct ExecContext;
class Operator;
using Row = std::vector<Value>;

// What evaluation needs besides the row: parameters, the rows of enclosing queries (for
// correlated subqueries), and the state of subqueries.
struct Runtime {
  Runtime(ExecContext* ctx, const std::vector<Value>* params);
  ~Runtime();

  ExecContext* ctx = nullptr;                  // null when only constants are evaluated
  const std::vector<Value>* params = nullptr;  // already cast to the bound parameter types
  std::vector<const Row*> outer;               // innermost last
  struct Subquery {
    std::unique_ptr<Operator> op;
    bool cached = false;
    std::vector<Row> rows;  // an uncorrelated subquery's rows, computed once
  };
  std::map<const sql::BoundExpr*, Subquery> subqueries;
  // WITH RECURSIVE: the work table of each recursive union (exec/recursive.cc).
  std::map<const sql::PlanNode*, const std::vector<Row>*> work_tables;

  const Value& param(int i) const { return (*params)[i]; }
};

Result<Value> Evaluate(const sql::BoundExpr& e, const Row& row, Runtime& rt);

// True only for a non-NULL true: the WHERE clause's test.
Result<bool> EvaluatePredicate(const sql::BoundExpr& e, const Row& row, Runtime& rt);

// Evaluates an expression without columns (LIMIT, a DEFAULT, a key bound).
Result<Value> EvaluateConstant(const sql::BoundExpr& e, const std::vector<Value>& params);

// Casts for assignment into a column: CastValue plus varchar(n)'s length check (22001).
Result<Value> AssignCast(const Value& v, TypeId type, int32_t typmod);

}  // namespace komodo::exec
