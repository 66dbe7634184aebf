#include "sql/binder/bound_expr.h"

namespace komodo::sql {

BoundExprPtr CloneExpr(const BoundExpr& e) {
  auto c = std::make_unique<BoundExpr>();
  c->kind = e.kind;
  c->type = e.type;
  c->typmod = e.typmod;
  c->value = e.value;
  c->column = e.column;
  c->depth = e.depth;
  c->param = e.param;
  c->op = e.op;
  c->name = e.name;
  c->location = e.location;
  c->negated = e.negated;
  c->has_else = e.has_else;
  c->strict = e.strict;
  c->volatile_fn = e.volatile_fn;
  c->fn = e.fn;
  c->sublink = e.sublink;
  c->correlated = e.correlated;
  c->plan = e.plan;
  c->state = e.state;
  for (const auto& a : e.args) c->args.push_back(CloneExpr(*a));
  return c;
}

bool SameExpr(const BoundExpr& a, const BoundExpr& b) {
  if (a.kind != b.kind || a.type != b.type || a.typmod != b.typmod || a.column != b.column ||
      a.depth != b.depth || a.param != b.param || a.op != b.op || a.name != b.name ||
      a.negated != b.negated || a.has_else != b.has_else || a.plan != b.plan ||
      a.args.size() != b.args.size() || a.volatile_fn || b.volatile_fn) {
    return false;
  }
  if (a.kind == BoundExpr::Kind::kConst && !(a.value == b.value)) return false;
  for (size_t i = 0; i < a.args.size(); i++) {
    if (!SameExpr(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

void VisitExpr(const BoundExpr& e, const std::function<void(const BoundExpr&)>& fn) {
  fn(e);
  for (const auto& a : e.args) VisitExpr(*a, fn);
}

std::string ExprToString(const BoundExpr& e, const std::vector<std::string>& names,
                         const OuterNames* outer) {
  auto arg = [&](size_t i) { return ExprToString(*e.args[i], names, outer); };
  auto list = [&](size_t from) {
    std::string out;
    for (size_t i = from; i < e.args.size(); i++) out += (i > from ? ", " : "") + arg(i);
    return out;
  };
  switch (e.kind) {
    case BoundExpr::Kind::kConst:
      if (e.value.is_null()) return "NULL";
      if (e.type == TypeId::kText || e.type == TypeId::kVarchar || e.type == TypeId::kUnknown) {
        return "'" + e.value.ToText() + "'::" + std::string(TypeName(e.type));
      }
      return e.value.ToText();
    case BoundExpr::Kind::kColumn:
      return e.column >= 0 && static_cast<size_t>(e.column) < names.size()
                 ? names[e.column]
                 : "$col" + std::to_string(e.column);
    case BoundExpr::Kind::kOuterColumn:
      if (outer != nullptr && e.depth <= static_cast<int>(outer->size())) {
        const std::vector<std::string>& row = *(*outer)[outer->size() - e.depth];
        if (e.column < static_cast<int>(row.size())) return row[e.column];
      }
      return "outer.col" + std::to_string(e.column);
    case BoundExpr::Kind::kParam:
      return "$" + std::to_string(e.param + 1);
    case BoundExpr::Kind::kCompare:
    case BoundExpr::Kind::kArith:
      return "(" + arg(0) + " " + (e.op == "date-" ? "-" : e.op) + " " + arg(1) + ")";
    case BoundExpr::Kind::kNegate:
      return "(- " + arg(0) + ")";
    case BoundExpr::Kind::kAnd:
    case BoundExpr::Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < e.args.size(); i++) {
        if (i > 0) out += e.kind == BoundExpr::Kind::kAnd ? " AND " : " OR ";
        out += arg(i);
      }
      return out + ")";
    }
    case BoundExpr::Kind::kNot:
      return "(NOT " + arg(0) + ")";
    case BoundExpr::Kind::kIsNull:
      return "(" + arg(0) + " IS NULL)";
    case BoundExpr::Kind::kIsNotNull:
      return "(" + arg(0) + " IS NOT NULL)";
    case BoundExpr::Kind::kBoolTest:
      return "(" + arg(0) + " IS " + e.op + ")";
    case BoundExpr::Kind::kCast:
      return "(" + arg(0) + ")::" + std::string(TypeName(e.type));
    case BoundExpr::Kind::kFunction:
      return e.name + "(" + list(0) + ")";
    case BoundExpr::Kind::kCase:
      return "CASE ... END";
    case BoundExpr::Kind::kCoalesce:
      return "COALESCE(" + list(0) + ")";
    case BoundExpr::Kind::kInList:
      return "(" + arg(0) + (e.negated ? " NOT IN (" : " IN (") + list(1) + "))";
    case BoundExpr::Kind::kSubquery:
      return e.sublink == BoundExpr::SubLink::kExists ? "(EXISTS (SubPlan))" : "(SubPlan)";
    case BoundExpr::Kind::kAggregate:
    case BoundExpr::Kind::kWindow:
      return e.name + "(...)";
    case BoundExpr::Kind::kGrouping:
      return "GROUPING(" + list(0) + ")";
    case BoundExpr::Kind::kArray:
      return "ARRAY[" + list(0) + "]";
    case BoundExpr::Kind::kSubscript:
      return arg(0) + "[" + arg(1) + (e.op == "slice" ? ":" + arg(2) : "") + "]";
    case BoundExpr::Kind::kArrayAny:
      return "(" + arg(0) + " " + e.op +
             (e.sublink == BoundExpr::SubLink::kAll ? " ALL (" : " ANY (") + arg(1) + "))";
  }
  return "?";
}

}  // namespace komodo::sql
