// Binding of function calls: scalar functions (with PostgreSQL's overload choice), aggregates
// (collected for the query's aggregation) and window functions.
#include "catalog/system_views.h"
#include "common/macros.h"
#include "exec/array_functions.h"
#include "exec/catalog_functions.h"
#include "exec/functions.h"
#include "exec/jsonb_functions.h"
#include "exec/regex_functions.h"
#include "sql/binder/binder.h"
#include "sql/binder/binder_internal.h"
#include "sql/planner/planner.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/interval.h"

namespace komodo::sql {

using namespace binder_internal;  // NOLINT

namespace {

// The clause an aggregate or GROUPING is refused in, in PostgreSQL's words.
std::string ClauseName(const char* clause) {
  std::string c = clause;
  return c == "JOIN/ON" ? "JOIN conditions" : c;
}

}  // namespace

Result<BoundExprPtr> Binder::BindAggregate(const Expr& e) {
  if (aggs_ == nullptr || std::string_view(clause_) == "FILTER") {
    return Status("42803", "aggregate functions are not allowed in " + ClauseName(clause_),
                  e.location + 1);
  }
  if (in_aggregate_) {
    return Status("42803", "aggregate function calls cannot be nested", e.location + 1);
  }
  AggregateCall call;
  call.name = e.name;
  call.star = e.agg_star;
  call.distinct = e.agg_distinct;
  // An aggregate used as a window function (BindWindow) is computed over the rows the window
  // sees, which in a grouped query are the groups: its arguments may hold the query's own
  // aggregates (sum(sum(x)) OVER ()).
  std::vector<AggregateCall>* own = aggs_;
  const bool window = e.over != nullptr;
  struct Reset {
    Binder* b;
    std::vector<AggregateCall>* own;
    ~Reset() {
      b->in_aggregate_ = false;
      b->aggs_ = own;
    }
  } reset{this, own};
  if (window) {
    aggs_ = window_aggs_;
    window_aggs_ = nullptr;
  } else {
    in_aggregate_ = true;
  }
  agg_local_ref_ = false;
  agg_outer_ref_ = -1;
  agg_outer_scope_ = nullptr;
  for (const ExprPtr& a : e.args) {
    ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*a));
    if (IsUntyped(*arg)) RETURN_IF_ERROR(Coerce(arg.get(), TypeId::kText));
    call.args.push_back(std::move(arg));
  }
  if (e.filter != nullptr) {
    ASSIGN_OR_RETURN(call.filter, BindCondition(*e.filter, "FILTER"));
  }
  for (size_t i = 0; i < e.agg_order.size(); i++) {
    SortKey key;
    ASSIGN_OR_RETURN(key.expr, Bind(*e.agg_order[i]));
    if (IsUntyped(*key.expr)) RETURN_IF_ERROR(Coerce(key.expr.get(), TypeId::kText));
    key.desc = e.agg_order_desc[i];
    key.nulls_first = e.agg_order_nulls[i] < 0 ? key.desc : e.agg_order_nulls[i] == 1;
    call.order.push_back(std::move(key));
  }
  aggs_ = own;
  if (!window && agg_outer_ref_ >= 0 && !agg_local_ref_ && agg_outer_scope_->from_clause) {
    return Status("42803",
                  "aggregate functions are not allowed in FROM clause of their own query level",
                  e.location + 1);
  }
  if (!window && agg_outer_ref_ >= 0 && !agg_local_ref_) {
    // PostgreSQL makes it an aggregate of the outer query; sum(u.v + t.x) stays here.
    return Status::FeatureNotSupported(
               "aggregates over only an enclosing query's columns are not supported yet")
        .WithPosition(agg_outer_ref_ + 1);
  }
  size_t want_args =
      e.name == "string_agg" || e.name.ends_with("object_agg") ? 2 : (e.agg_star ? 0 : 1);
  if (call.args.size() != want_args && !(e.name == "count" && e.agg_star)) {
    return Status::UndefinedFunction("function " + e.name + "(" + TypeList(call.args) +
                                     ") does not exist")
        .WithPosition(e.location + 1);
  }
  call.input = call.args.empty() ? TypeId::kUnknown : call.args[0]->type;
  if (e.name == "string_agg") {
    RETURN_IF_ERROR(
        Convert(&call.args[1], call.input == TypeId::kBytea ? TypeId::kBytea : TypeId::kText));
  }
  std::optional<TypeId> type = exec::AggregateResultType(e.name, call.input);
  if (!type) {
    return Status::UndefinedFunction("function " + e.name + "(" + TypeList(call.args) +
                                     ") does not exist")
        .WithPosition(e.location + 1)
        .WithDetail(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  call.type = *type;
  BoundExprPtr b = Make(BoundExpr::Kind::kAggregate, call.type, e.location);
  b->column = static_cast<int>(aggs_->size());
  b->name = e.name;
  aggs_->push_back(std::move(call));
  return b;
}

Result<BoundExprPtr> Binder::BindGrouping(const Expr& e) {
  if (e.args.size() >= 32) {
    return Status("54023", "GROUPING must have fewer than 32 arguments", e.location + 1);
  }
  if (aggs_ == nullptr || std::string_view(clause_) == "FILTER") {
    return Status("42803", "grouping operations are not allowed in " + ClauseName(clause_),
                  e.location + 1);
  }
  if (in_aggregate_) {
    return Status("42803", "aggregate function calls cannot be nested", e.location + 1);
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kGrouping, TypeId::kInt4, e.location);
  b->name = "grouping";
  // Its arguments are grouping expressions, never aggregates: binding them as if inside an
  // aggregate makes one in them an error, as in PostgreSQL.
  in_aggregate_ = true;
  struct Reset {
    bool* flag;
    ~Reset() { *flag = false; }
  } reset{&in_aggregate_};
  for (const ExprPtr& a : e.args) {
    ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*a));
    b->args.push_back(std::move(arg));
  }
  return b;
}

Result<BoundExprPtr> Binder::BindWindow(const Expr& e) {
  if (in_aggregate_) {
    return Status("42803", "aggregate function calls cannot contain window function calls",
                  e.location + 1);
  }
  if (windows_ == nullptr) {
    return Status("42P20", std::string("window functions are not allowed in ") + clause_,
                  e.location + 1);
  }
  if (in_window_) return Status("42P20", "window function calls cannot be nested", e.location + 1);
  in_window_ = true;
  struct Reset {
    bool* flag;
    ~Reset() { *flag = false; }
  } reset{&in_window_};
  WindowCall call;
  call.name = e.name;
  std::vector<TypeId> types;
  const bool aggregate = exec::IsAggregateFunction(e.name);  // BindAggregate binds its arguments
  for (size_t i = 0; !aggregate && i < e.args.size(); i++) {
    ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[i]));
    if (IsUntyped(*arg)) RETURN_IF_ERROR(Coerce(arg.get(), TypeId::kText));
    types.push_back(arg->type);
    call.args.push_back(std::move(arg));
  }
  const WindowSpec& w = *e.over;
  for (const ExprPtr& p : w.partition) {
    ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*p));
    call.partition.push_back(std::move(b));
  }
  for (size_t i = 0; i < w.order.size(); i++) {
    SortKey key;
    ASSIGN_OR_RETURN(key.expr, Bind(*w.order[i]));
    key.desc = w.order_desc[i];
    key.nulls_first = w.order_nulls[i] < 0 ? key.desc : w.order_nulls[i] == 1;
    call.order.push_back(std::move(key));
  }
  // Without ORDER BY every row of the partition is a peer: the frame is the whole partition.
  call.frame = w.frame == WindowSpec::Frame::kWholePartition || w.order.empty()
                   ? WindowCall::Frame::kWholePartition
               : w.frame == WindowSpec::Frame::kRowsToCurrent ? WindowCall::Frame::kToCurrentRow
                                                              : WindowCall::Frame::kToLastPeer;
  const std::string& n = e.name;
  auto no_function = [&]() {
    std::string list;
    for (size_t i = 0; i < types.size(); i++) {
      list += (i ? ", " : "") + std::string(TypeName(types[i]));
    }
    return Status::UndefinedFunction("function " + n + "(" + list + ") does not exist")
        .WithPosition(e.location + 1);
  };
  if (n == "row_number" || n == "rank" || n == "dense_rank") {
    if (!call.args.empty()) return no_function();
    call.type = TypeId::kInt8;
  } else if (n == "percent_rank" || n == "cume_dist") {
    if (!call.args.empty()) return no_function();
    call.type = TypeId::kFloat8;
  } else if (n == "ntile") {
    if (call.args.size() != 1) return no_function();
    RETURN_IF_ERROR(Convert(&call.args[0], TypeId::kInt4));
    call.type = TypeId::kInt4;
  } else if (n == "lag" || n == "lead") {
    if (call.args.empty() || call.args.size() > 3) return no_function();
    call.type = call.args[0]->type;
    if (call.args.size() > 1) RETURN_IF_ERROR(Convert(&call.args[1], TypeId::kInt4));
    if (call.args.size() > 2) RETURN_IF_ERROR(Convert(&call.args[2], call.type));
  } else if (n == "first_value" || n == "last_value") {
    if (call.args.size() != 1) return no_function();
    call.type = call.args[0]->type;
  } else if (n == "nth_value") {
    if (call.args.size() != 2) return no_function();
    RETURN_IF_ERROR(Convert(&call.args[1], TypeId::kInt4));
    call.type = call.args[0]->type;
  } else if (aggregate) {
    // An aggregate over the frame: bound as an aggregate of the window's input rows.
    std::vector<AggregateCall> one;
    std::vector<AggregateCall>* saved_aggs = aggs_;
    aggs_ = &one;
    window_aggs_ = saved_aggs;
    Result<BoundExprPtr> agg = BindAggregate(e);
    aggs_ = saved_aggs;
    window_aggs_ = nullptr;
    if (!agg.ok()) return agg.status();
    if (e.agg_distinct) {
      return Status::FeatureNotSupported("DISTINCT is not implemented for window functions")
          .WithPosition(e.location + 1);
    }
    call.type = one[0].type;
    call.aggregate = std::make_unique<AggregateCall>(std::move(one[0]));
    call.args.clear();
  } else {
    return no_function();
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kWindow, call.type, e.location);
  b->column = static_cast<int>(windows_->size());
  b->name = n;
  windows_->push_back(std::move(call));
  return b;
}

BoundExprPtr Binder::SetReturningRef(std::string name, std::vector<BoundExprPtr> args, TypeId type,
                                     int location, int32_t typmod) {
  BoundExprPtr ref = Make(BoundExpr::Kind::kColumn, type, location);
  ref->typmod = typmod;
  // The column the planner appends for it, after the scope's and the earlier calls' columns.
  ref->column = static_cast<int>(scope_->columns.size() + srfs_->size());
  srfs_->push_back({std::move(name), std::move(args), type, typmod});
  return ref;
}

Result<BoundExprPtr> Binder::BindExpandArrayArg(const Expr& call) {
  if (call.args.size() != 1) {
    return Status::UndefinedFunction("function information_schema._pg_expandarray with " +
                                     std::to_string(call.args.size()) + " arguments does not exist")
        .WithPosition(call.location + 1);
  }
  ASSIGN_OR_RETURN(BoundExprPtr array, Bind(*call.args[0]));
  if (!IsArrayType(array->type)) {
    return Status::UndefinedFunction("function information_schema._pg_expandarray(" +
                                     std::string(TypeName(array->type)) + ") does not exist")
        .WithPosition(call.location + 1)
        .WithHint(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  if (srfs_ == nullptr || in_aggregate_) {
    return Status::FeatureNotSupported(
               "set-returning function _pg_expandarray() is supported here only in a select list")
        .WithPosition(call.location + 1);
  }
  return array;
}

Result<BoundExprPtr> Binder::BindField(const Expr& e) {
  const Expr& arg = *e.args[0];
  if (arg.kind == Expr::Kind::kFunction && arg.name == "_pg_expandarray" &&
      (e.name == "x" || e.name == "n")) {
    // One field of each row: the elements (x) or their 1-based positions (n).
    ASSIGN_OR_RETURN(BoundExprPtr array, BindExpandArrayArg(arg));
    TypeId type = e.name == "x" ? ArrayElementType(array->type) : TypeId::kInt4;
    std::vector<BoundExprPtr> args;
    args.push_back(std::move(array));
    return SetReturningRef("_pg_expandarray." + e.name, std::move(args), type, e.location);
  }
  ASSIGN_OR_RETURN(BoundExprPtr record, Bind(arg));
  if (record->type != TypeId::kRecord) {
    return Status("42809",
                  "column notation ." + e.name + " applied to type " +
                      std::string(TypeName(record->type)) + ", which is not a composite type",
                  e.location + 1);
  }
  if (e.name != "x" && e.name != "n") {
    return Status::UndefinedColumn("could not identify column \"" + e.name +
                                   "\" in record data type")
        .WithPosition(e.location + 1);
  }
  // The record's fields are held like array elements: x first, n second (types/array.h).
  TypeId type = e.name == "x" ? static_cast<TypeId>(record->typmod) : TypeId::kInt4;
  BoundExprPtr b = Make(BoundExpr::Kind::kSubscript, type, e.location);
  b->args.push_back(std::move(record));
  BoundExprPtr index = Make(BoundExpr::Kind::kConst, TypeId::kInt4, e.location);
  index->value = Value::Int4(e.name == "x" ? 1 : 2);
  b->args.push_back(std::move(index));
  return b;
}

Result<BoundExprPtr> Binder::BindFunction(const Expr& e) {
  if (e.over != nullptr) return BindWindow(e);
  if (exec::IsAggregateFunction(e.name)) return BindAggregate(e);
  if (e.agg_star || e.agg_distinct || e.filter != nullptr) {
    return Status("42809",
                  (e.agg_star       ? "* specified, but "
                   : e.agg_distinct ? "DISTINCT specified, but "
                                    : "FILTER specified, but ") +
                      e.name + " is not an aggregate function",
                  e.location + 1);
  }
  std::vector<BoundExprPtr> args;
  for (const ExprPtr& a : e.args) {
    ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*a));
    args.push_back(std::move(arg));
  }
  if (e.name == "coalesce" || e.name == "greatest" || e.name == "least") {
    TypeId common = TypeId::kUnknown;
    for (const BoundExprPtr& a : args) {
      ASSIGN_OR_RETURN(common, CommonType(common, a->type,
                                          e.name == "coalesce"   ? "COALESCE"
                                          : e.name == "greatest" ? "GREATEST"
                                                                 : "LEAST",
                                          a->location));
    }
    if (common == TypeId::kUnknown) common = TypeId::kText;
    for (BoundExprPtr& a : args) RETURN_IF_ERROR(Convert(&a, common));
    BoundExprPtr b;
    if (e.name == "coalesce") {
      b = Make(BoundExpr::Kind::kCoalesce, common, e.location);
    } else {
      b = Make(BoundExpr::Kind::kFunction, common, e.location);
      b->name = e.name;
      b->strict = false;
      b->fn = exec::LookupFunction(e.name, {})->fn;
    }
    b->args = std::move(args);
    return b;
  }
  if (e.name == "nullif") {
    if (args.size() != 2) return Status::SyntaxError("NULLIF takes two arguments");
    TypeId type = IsUntyped(*args[0]) && IsUntyped(*args[1]) ? TypeId::kText : args[0]->type;
    if (type == TypeId::kUnknown) type = args[1]->type;
    ASSIGN_OR_RETURN(BoundExprPtr cmp,
                     BindCompare("=", CloneExpr(*args[0]), CloneExpr(*args[1]), e.location));
    RETURN_IF_ERROR(Coerce(args[0].get(), type));
    // CASE WHEN a = b THEN NULL ELSE a END
    BoundExprPtr b = Make(BoundExpr::Kind::kCase, type, e.location);
    b->args.push_back(std::move(cmp));
    b->args.push_back(Make(BoundExpr::Kind::kConst, type, e.location));
    b->args.back()->value = Value::Null(type);
    b->args.push_back(std::move(args[0]));
    b->has_else = true;
    return b;
  }
  // The transaction's start time, as PostgreSQL's now() is: the evaluator reads it from the
  // session (fn null). clock_timestamp() stays the live clock.
  static const std::pair<const char*, TypeId> kTransactionTime[] = {
      {"now", TypeId::kTimestampTz},
      {"current_timestamp", TypeId::kTimestampTz},
      {"transaction_timestamp", TypeId::kTimestampTz},
      {"localtimestamp", TypeId::kTimestamp},
      {"current_date", TypeId::kDate}};
  for (const auto& [name, type] : kTransactionTime) {
    if (e.name != name || !args.empty()) continue;
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, type, e.location);
    b->name = e.name;
    b->volatile_fn = true;  // not folded at plan time: a prepared statement runs again later
    return b;
  }
  if ((e.name == "current_user" || e.name == "session_user") && args.empty()) {
    // The connection's role (Connection::SetUser): the evaluator reads it (fn null).
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kText, e.location);
    b->name = e.name;
    b->volatile_fn = true;
    return b;
  }
  if (e.name == "pg_backend_pid" && args.empty()) {
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kInt4, e.location);
    b->name = e.name;
    b->volatile_fn = true;
    return b;
  }
  if ((e.name == "pg_cancel_backend" && args.size() == 1) ||
      (e.name == "pg_terminate_backend" && (args.size() == 1 || args.size() == 2))) {
    // The server's sessions (Connection::SetSessionDirectory): the evaluator reaches them.
    for (size_t i = 0; i < args.size(); i++) {
      RETURN_IF_ERROR(Convert(&args[i], i == 0 ? TypeId::kInt4 : TypeId::kInt8));
    }
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kBool, e.location);
    b->name = e.name;
    b->volatile_fn = true;
    b->args = std::move(args);
    return b;
  }
  if ((e.name == "current_setting" && (args.size() == 1 || args.size() == 2)) ||
      (e.name == "set_config" && args.size() == 3)) {
    // The session's settings (Connection::SetSettings): the evaluator reaches them (fn null).
    for (size_t i = 0; i < args.size(); i++) {
      bool flag = (e.name == "current_setting" && i == 1) || i == 2;
      RETURN_IF_ERROR(Convert(&args[i], flag ? TypeId::kBool : TypeId::kText));
    }
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kText, e.location);
    b->name = e.name;
    b->volatile_fn = true;
    b->args = std::move(args);
    return b;
  }
  if ((e.name == "nextval" || e.name == "currval") && args.size() == 1 ||
      (e.name == "setval" && (args.size() == 2 || args.size() == 3))) {
    // Sequence functions reach the session and the store: the evaluator runs them (fn null).
    RETURN_IF_ERROR(Convert(&args[0], TypeId::kText));
    if (args.size() > 1) RETURN_IF_ERROR(Convert(&args[1], TypeId::kInt8));
    if (args.size() > 2) RETURN_IF_ERROR(Convert(&args[2], TypeId::kBool));
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kInt8, e.location);
    b->name = e.name;
    b->volatile_fn = true;
    b->args = std::move(args);
    return b;
  }
  if (e.name == "_pg_expandarray") {
    // Its rows whole, as records (x, n); the record's typmod names x's type.
    ASSIGN_OR_RETURN(BoundExprPtr array, BindExpandArrayArg(e));
    auto typmod = static_cast<int32_t>(ArrayElementType(array->type));
    std::vector<BoundExprPtr> call_args;
    call_args.push_back(std::move(array));
    return SetReturningRef("_pg_expandarray", std::move(call_args), TypeId::kRecord, e.location,
                           typmod);
  }
  std::vector<TypeId> types;
  for (const BoundExprPtr& a : args) types.push_back(a->type);
  std::optional<exec::FunctionInfo> fn = exec::LookupArrayFunction(e.name, types);
  if (!fn) fn = exec::LookupFunction(e.name, types);
  // Set-returning functions of one column: unnest(array) and the jsonb ones.
  std::optional<TypeId> srf_type;
  bool int_args = true;
  for (const BoundExprPtr& a : args) {
    int_args &= IsUntyped(*a) || a->type == TypeId::kInt4 || a->type == TypeId::kInt2 ||
                a->type == TypeId::kInt8;
  }
  if (!fn && e.name == "unnest" && args.size() == 1 && IsArrayType(args[0]->type)) {
    srf_type = ArrayElementType(args[0]->type);
  } else if (!fn && e.name == "generate_subscripts" && (args.size() == 2 || args.size() == 3) &&
             IsArrayType(args[0]->type)) {
    RETURN_IF_ERROR(Convert(&args[1], TypeId::kInt4));
    if (args.size() == 3) RETURN_IF_ERROR(Convert(&args[2], TypeId::kBool));
    srf_type = TypeId::kInt4;
  } else if (!fn && e.name == "generate_series" && (args.size() == 2 || args.size() == 3) &&
             int_args && srfs_ != nullptr) {
    bool big = false;
    for (const BoundExprPtr& a : args) big |= a->type == TypeId::kInt8;
    for (BoundExprPtr& a : args) RETURN_IF_ERROR(Convert(&a, big ? TypeId::kInt8 : TypeId::kInt4));
    srf_type = big ? TypeId::kInt8 : TypeId::kInt4;
  } else if (!fn && exec::IsRegexSetReturning(e.name) && (args.size() == 2 || args.size() == 3)) {
    for (BoundExprPtr& a : args) RETURN_IF_ERROR(Convert(&a, TypeId::kText));
    srf_type = e.name == "regexp_matches" ? TypeId::kTextArray : TypeId::kText;
  } else if (!fn && exec::JsonbSetReturningColumns(e.name)) {
    std::vector<exec::SrfColumn> out = *exec::JsonbSetReturningColumns(e.name);
    srf_type = out.size() == 1 ? out[0].type : TypeId::kUnknown;
  }
  if (srf_type) {
    if (srfs_ == nullptr && aggs_ == nullptr) {  // a condition (WHERE, ON) or FROM function
      return Status::FeatureNotSupported(
                 std::string("set-returning functions are not allowed in ") + clause_)
          .WithPosition(e.location + 1);
    }
    if (srfs_ == nullptr || *srf_type == TypeId::kUnknown || in_aggregate_) {
      return Status::FeatureNotSupported("set-returning function " + e.name +
                                         "() is supported here only in FROM yet")
          .WithPosition(e.location + 1);
    }
    bool jsonb = e.name != "unnest" && e.name != "generate_subscripts" &&
                 e.name != "generate_series" && !exec::IsRegexSetReturning(e.name);
    if (jsonb) RETURN_IF_ERROR(Convert(&args[0], TypeId::kJsonb));
    return SetReturningRef(e.name, std::move(args), *srf_type, e.location);
  }
  if (!fn) {
    return Status::UndefinedFunction("function " + e.name + "(" + TypeList(args) +
                                     ") does not exist")
        .WithPosition(e.location + 1)
        .WithDetail(
            "No function matches the given name and argument types. You might need to add "
            "explicit type casts.");
  }
  for (size_t i = 0; i < args.size() && i < fn->params.size(); i++) {
    if (fn->params[i] == TypeId::kInt8) RegclassToOid(&args[i]);  // f('t'::regclass): an oid
    if (fn->params[i] == TypeId::kUnknown) {                      // "any": text output of the value
      // pg_typeof reports an untyped literal as unknown, as PostgreSQL does.
      if (IsUntyped(*args[i]) && e.name != "pg_typeof") {
        RETURN_IF_ERROR(Coerce(args[i].get(), TypeId::kText));
      }
      continue;
    }
    if (IsUntyped(*args[i])) {
      RETURN_IF_ERROR(Coerce(args[i].get(), fn->params[i]));
    } else if (args[i]->type != fn->params[i]) {
      BoundExprPtr cast = Make(BoundExpr::Kind::kCast, fn->params[i], args[i]->location);
      cast->args.push_back(std::move(args[i]));
      args[i] = std::move(cast);
    }
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kFunction, fn->result, e.location);
  b->name = e.name;
  b->fn = fn->fn;
  b->strict = fn->strict;
  b->volatile_fn = fn->volatile_fn;
  b->args = std::move(args);
  if (fn->prepare != nullptr) fn->prepare(*b);
  if (exec::NeedsCatalogData(e.name)) {
    b->value = Value::Text(catalog::CatalogFunctionData(e.name, *ctx_->catalog));
  }
  return b;
}

}  // namespace komodo::sql
