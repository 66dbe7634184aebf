// Set-returning functions in FROM whose rows are computed whole for their arguments: jsonb_each
// and the other jsonb functions of one jsonb argument, regexp_matches(text, pattern [, flags])
// (a text[] per match) and regexp_split_to_table(text, pattern [, flags]) (a text per piece).
#include "common/macros.h"
#include "exec/jsonb_functions.h"
#include "exec/regex_functions.h"
#include "sql/planner/planner_internal.h"

namespace komodo::sql::planner_internal {

Result<PlanPtr> PlanRowsFunction(const TableRef& ref, const Scope& scope, BindContext* ctx,
                                 std::vector<ScopeColumn>* cols) {
  const Expr& call = *ref.function;
  Binder binder(&scope, ctx);
  binder.set_clause("functions in FROM");
  PlanPtr node = MakeNode(PlanNode::Kind::kSeries);
  node->function = call.name;
  std::vector<exec::SrfColumn> out;
  if (exec::IsRegexSetReturning(call.name)) {
    if (call.args.size() != 2 && call.args.size() != 3) {
      return Status::UndefinedFunction("function " + call.name + " does not exist")
          .WithPosition(call.location + 1);
    }
    for (const ExprPtr& a : call.args) {
      ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(*a, TypeId::kText));
      RETURN_IF_ERROR(binder.Convert(&b, TypeId::kText));
      node->exprs.push_back(std::move(b));
    }
    out.push_back(
        {call.name.c_str(), call.name == "regexp_matches" ? TypeId::kTextArray : TypeId::kText});
    node->ordinality = ref.ordinality;  // jsonb functions do not number their rows yet
  } else {
    out = *exec::JsonbSetReturningColumns(call.name);
    if (call.args.size() != 1) {
      return Status::UndefinedFunction("function " + call.name + " does not exist")
          .WithPosition(call.location + 1);
    }
    ASSIGN_OR_RETURN(BoundExprPtr arg, binder.Bind(*call.args[0], TypeId::kJsonb));
    if (arg->type != TypeId::kJsonb) {
      return Status::UndefinedFunction("function " + call.name + "(" +
                                       std::string(TypeName(arg->type)) + ") does not exist")
          .WithPosition(call.location + 1);
    }
    node->exprs.push_back(std::move(arg));
  }
  std::string table = ref.alias.empty() ? call.name : ref.alias;
  auto add = [&](const std::string& column, TypeId type) {
    cols->push_back({table, column, type, -1, false, ""});
    node->columns.push_back({table, column, type, -1});
  };
  for (size_t i = 0; i < out.size(); i++) {
    add(i < ref.column_aliases.size()           ? ref.column_aliases[i]
        : out.size() == 1 && !ref.alias.empty() ? ref.alias
                                                : out[i].name,
        out[i].type);
  }
  if (node->ordinality) {
    add(ref.column_aliases.size() > 1 ? ref.column_aliases[1] : "ordinality", TypeId::kInt8);
  }
  return node;
}

}  // namespace komodo::sql::planner_internal
