#include <charconv>

#include "sql/parser/transform.h"

namespace komodo::sql::transform {

std::string StringOf(const PgQuery__Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_STRING) return "";
  return node->string->sval;
}

Result<std::string> RelationName(const PgQuery__RangeVar* rv) {
  if (rv->catalogname != nullptr && rv->catalogname[0] != '\0') {
    return Unsupported("cross-database references", rv->location);
  }
  if (rv->schemaname != nullptr && rv->schemaname[0] != '\0' &&
      std::string_view(rv->schemaname) != "public") {
    // The system schemas hold the system views (catalog/system_views.h): "pg_catalog.pg_class".
    std::string_view schema(rv->schemaname);
    if (schema == "pg_catalog" || schema == "information_schema") {
      return std::string(schema) + "." + rv->relname;
    }
    return Status("3F000", std::string("schema \"") + rv->schemaname + "\" does not exist",
                  rv->location + 1);
  }
  return std::string(rv->relname);
}

Result<TypeRef> TransformTypeName(const PgQuery__TypeName* type) {
  TypeRef ref;
  ref.location = type->location;
  if (type->n_names == 0) return Status::SyntaxError("missing type name");
  ref.name = StringOf(type->names[type->n_names - 1]);
  if (type->n_array_bounds > 0) {
    // int[][] is the same type as int[] in PostgreSQL; the declared bounds are not enforced.
    ref.array = true;
  }
  if (type->n_typmods > 2) {
    return Status::SyntaxError("too many type modifiers", type->location + 1);
  }
  for (size_t i = 0; i < type->n_typmods; i++) {
    const PgQuery__Node* m = type->typmods[i];
    if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
      return Status::SyntaxError("type modifiers must be simple constants", type->location + 1);
    }
    (i == 0 ? ref.typmod : ref.typmod2) = m->a_const->ival->ival;
  }
  ref.n_typmods = static_cast<int>(type->n_typmods);
  return ref;
}

namespace {

ExprPtr MakeExpr(Expr::Kind kind, int location) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->location = location;
  return e;
}

// An integer literal is integer when it fits, else bigint, else numeric; a decimal literal
// (1.5, 1e3) is numeric, as in PostgreSQL.
Result<Value> NumericLiteral(std::string_view text) {
  int64_t v;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && p == text.data() + text.size()) return Value::Int8(v);
  ASSIGN_OR_RETURN(Numeric n, Numeric::Parse(text));
  return Value::Numeric(std::move(n));
}

Result<ExprPtr> TransformConst(const PgQuery__AConst& c) {
  ExprPtr e = MakeExpr(Expr::Kind::kConst, c.location);
  if (c.isnull) {
    e->value = Value::Null();
    return e;
  }
  switch (c.val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
      e->value = Value::Int4(c.ival->ival);
      break;
    case PG_QUERY__A__CONST__VAL_FVAL: {
      ASSIGN_OR_RETURN(e->value, NumericLiteral(c.fval->fval));
      break;
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
      e->value = Value::Bool(c.boolval->boolval);
      break;
    case PG_QUERY__A__CONST__VAL_SVAL:
      e->value = Value::Text(c.sval->sval);
      e->type.name = "unknown";  // typed by its context, as in PostgreSQL
      break;
    default:
      return Unsupported("bit string literals", c.location);
  }
  return e;
}

Result<ExprPtr> TransformColumnRef(const PgQuery__ColumnRef& ref) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < ref.n_fields; i++) {
    const PgQuery__Node* f = ref.fields[i];
    if (f->node_case == PG_QUERY__NODE__NODE_A_STAR) {
      if (i + 1 != ref.n_fields)
        return Status::SyntaxError("improper use of \"*\"", ref.location + 1);
      ExprPtr star = MakeExpr(Expr::Kind::kStar, ref.location);
      if (!parts.empty()) star->qualifier = parts.back();
      return star;
    }
    parts.push_back(StringOf(f));
  }
  if (parts.size() > 2) return Unsupported("schema-qualified column references", ref.location);
  ExprPtr e = MakeExpr(Expr::Kind::kColumn, ref.location);
  e->name = parts.back();
  if (parts.size() == 2) e->qualifier = parts[0];
  return e;
}

ExprPtr MakeBinary(const std::string& op, ExprPtr l, ExprPtr r, int location) {
  ExprPtr e = MakeExpr(Expr::Kind::kBinary, location);
  e->op = op;
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
  return e;
}

Result<std::vector<ExprPtr>> TransformItems(const PgQuery__Node* list) {
  std::vector<ExprPtr> out;
  if (list->node_case != PG_QUERY__NODE__NODE_LIST) {
    ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(list));
    out.push_back(std::move(e));
    return out;
  }
  for (size_t i = 0; i < list->list->n_items; i++) {
    ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(list->list->items[i]));
    out.push_back(std::move(e));
  }
  return out;
}

Result<ExprPtr> TransformAExpr(const PgQuery__AExpr& a) {
  // OPERATOR(pg_catalog.~) is the operator ~.
  if (a.n_name != 1 && (a.n_name != 2 || StringOf(a.name[0]) != "pg_catalog")) {
    return Unsupported("schema-qualified operators", a.location);
  }
  std::string op = StringOf(a.name[a.n_name - 1]);
  switch (a.kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
      break;
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
      break;  // op is ~~, !~~, ~~* or !~~*
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR:
      break;  // op is ~ or !~, the right side similar_to_escape(pattern [, escape])
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
      ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
      ASSIGN_OR_RETURN(ExprPtr r, TransformExpr(a.rexpr));
      return MakeBinary(a.kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT ? "IS DISTINCT FROM"
                                                                          : "IS NOT DISTINCT FROM",
                        std::move(l), std::move(r), a.location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
      ExprPtr e = MakeExpr(Expr::Kind::kFunction, a.location);
      e->name = "nullif";
      ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
      ASSIGN_OR_RETURN(ExprPtr r, TransformExpr(a.rexpr));
      e->args.push_back(std::move(l));
      e->args.push_back(std::move(r));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN: {
      ExprPtr e = MakeExpr(Expr::Kind::kInList, a.location);
      e->negated = op == "<>";
      ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
      e->args.push_back(std::move(l));
      ASSIGN_OR_RETURN(std::vector<ExprPtr> items, TransformItems(a.rexpr));
      for (ExprPtr& item : items) e->args.push_back(std::move(item));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
      // x BETWEEN SYMMETRIC a AND b is x BETWEEN a AND b OR x BETWEEN b AND a.
      bool negated = a.kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
      PgQuery__AExpr plain = a;
      plain.kind = negated ? PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN
                           : PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN;
      ASSIGN_OR_RETURN(ExprPtr forward, TransformAExpr(plain));
      if (a.rexpr->node_case != PG_QUERY__NODE__NODE_LIST || a.rexpr->list->n_items != 2) {
        return Status::SyntaxError("BETWEEN needs two bounds");
      }
      PgQuery__Node* swapped_items[2] = {a.rexpr->list->items[1], a.rexpr->list->items[0]};
      PgQuery__List swapped_list = *a.rexpr->list;
      swapped_list.items = swapped_items;
      PgQuery__Node swapped_node = *a.rexpr;
      swapped_node.list = &swapped_list;
      plain.rexpr = &swapped_node;
      ASSIGN_OR_RETURN(ExprPtr backward, TransformAExpr(plain));
      ExprPtr e = MakeExpr(negated ? Expr::Kind::kAnd : Expr::Kind::kOr, a.location);
      e->args.push_back(std::move(forward));
      e->args.push_back(std::move(backward));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
      // x BETWEEN a AND b is x >= a AND x <= b; NOT BETWEEN is x < a OR x > b (PostgreSQL
      // rewrites it the same way, evaluating x twice).
      bool negated = a.kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN;
      ASSIGN_OR_RETURN(std::vector<ExprPtr> bounds, TransformItems(a.rexpr));
      if (bounds.size() != 2) return Status::SyntaxError("BETWEEN needs two bounds");
      ASSIGN_OR_RETURN(ExprPtr x1, TransformExpr(a.lexpr));
      ASSIGN_OR_RETURN(ExprPtr x2, TransformExpr(a.lexpr));
      ExprPtr e = MakeExpr(negated ? Expr::Kind::kOr : Expr::Kind::kAnd, a.location);
      e->args.push_back(
          MakeBinary(negated ? "<" : ">=", std::move(x1), std::move(bounds[0]), a.location));
      e->args.push_back(
          MakeBinary(negated ? ">" : "<=", std::move(x2), std::move(bounds[1]), a.location));
      return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
      // x op ANY/ALL (array); the binder checks the operator.
      ExprPtr e = MakeExpr(Expr::Kind::kArrayOp, a.location);
      e->op = op == "!=" ? "<>" : op;
      e->sublink = a.kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY ? Expr::SubLink::kAny
                                                                   : Expr::SubLink::kAll;
      ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
      ASSIGN_OR_RETURN(ExprPtr r, TransformExpr(a.rexpr));
      e->args.push_back(std::move(l));
      e->args.push_back(std::move(r));
      return e;
    }
    default:
      return Unsupported("this kind of operator expression", a.location);
  }
  static const char* kKnown[] = {"=", "<>", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%",
                                 "||", "~~", "!~~", "~~*", "!~~*", "~", "~*", "!~", "!~*", "^",
                                 "|/", "@",
                                 // arrays (binder_arrays.cc) and jsonb (exec/jsonb_functions.h)
                                 "@>", "<@", "&&", "->", "->>", "#>", "#>>", "?", "?|", "?&", "#-"};
  bool known = false;
  for (const char* k : kKnown) known |= op == k;
  if (!known) {
    return Status::UndefinedFunction("operator does not exist: " + op).WithPosition(a.location + 1);
  }
  if (op == "!=") op = "<>";
  if (a.lexpr == nullptr) {  // prefix operator
    if (op != "-" && op != "+" && op != "|/" && op != "@") {
      return Unsupported("prefix operator " + op, a.location);
    }
    ExprPtr e = MakeExpr(Expr::Kind::kUnary, a.location);
    e->op = op;
    ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(a.rexpr));
    e->args.push_back(std::move(arg));
    return e;
  }
  ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
  ASSIGN_OR_RETURN(ExprPtr r, TransformExpr(a.rexpr));
  return MakeBinary(op, std::move(l), std::move(r), a.location);
}

void AddSortBy(const PgQuery__SortBy& sb, ExprPtr key, std::vector<ExprPtr>* exprs,
               std::vector<bool>* desc, std::vector<int>* nulls) {
  exprs->push_back(std::move(key));
  desc->push_back(sb.sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC);
  nulls->push_back(sb.sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST  ? 1
                   : sb.sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? 0
                                                                                   : -1);
}

// PostgreSQL's FRAMEOPTION_* bits.
constexpr int kFrameNonDefault = 0x1, kFrameRows = 0x4, kFrameStartUnboundedPreceding = 0x20,
              kFrameEndUnboundedFollowing = 0x100, kFrameEndCurrentRow = 0x400;

Result<std::shared_ptr<WindowSpec>> TransformWindow(const PgQuery__WindowDef& w) {
  if ((w.refname != nullptr && w.refname[0] != '\0') || (w.name != nullptr && w.name[0] != '\0')) {
    return Unsupported("named windows", w.location);
  }
  auto spec = std::make_shared<WindowSpec>();
  for (size_t i = 0; i < w.n_partition_clause; i++) {
    ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(w.partition_clause[i]));
    spec->partition.push_back(std::move(e));
  }
  for (size_t i = 0; i < w.n_order_clause; i++) {
    const PgQuery__SortBy& sb = *w.order_clause[i]->sort_by;
    ASSIGN_OR_RETURN(ExprPtr key, TransformExpr(sb.node));
    AddSortBy(sb, std::move(key), &spec->order, &spec->order_desc, &spec->order_nulls);
  }
  int f = w.frame_options;
  if (f & kFrameNonDefault) {
    if ((f & kFrameStartUnboundedPreceding) && (f & kFrameEndUnboundedFollowing)) {
      spec->frame = WindowSpec::Frame::kWholePartition;
    } else if ((f & kFrameRows) && (f & kFrameStartUnboundedPreceding) &&
               (f & kFrameEndCurrentRow)) {
      spec->frame = WindowSpec::Frame::kRowsToCurrent;
    } else if (!(f & kFrameRows) && (f & kFrameStartUnboundedPreceding) &&
               (f & kFrameEndCurrentRow)) {
      spec->frame = WindowSpec::Frame::kDefault;  // RANGE ... CURRENT ROW is the default
    } else {
      return Unsupported("this window frame", w.location);
    }
  }
  return spec;
}

Result<ExprPtr> TransformFuncCall(const PgQuery__FuncCall& f) {
  if (f.agg_within_group) return Unsupported("WITHIN GROUP", f.location);
  ExprPtr e = MakeExpr(Expr::Kind::kFunction, f.location);
  if (f.n_funcname == 2 && StringOf(f.funcname[0]) != "pg_catalog") {
    return Status::UndefinedFunction("function " + StringOf(f.funcname[0]) + "." +
                                     StringOf(f.funcname[1]) + " does not exist")
        .WithPosition(f.location + 1);
  }
  e->name = StringOf(f.funcname[f.n_funcname - 1]);
  for (size_t i = 0; i < f.n_agg_order; i++) {
    const PgQuery__SortBy& sb = *f.agg_order[i]->sort_by;
    ASSIGN_OR_RETURN(ExprPtr key, TransformExpr(sb.node));
    AddSortBy(sb, std::move(key), &e->agg_order, &e->agg_order_desc, &e->agg_order_nulls);
  }
  if (f.over != nullptr) {
    ASSIGN_OR_RETURN(e->over, TransformWindow(*f.over));
  }
  e->agg_star = f.agg_star;
  e->agg_distinct = f.agg_distinct;
  if (f.agg_filter != nullptr) {
    ASSIGN_OR_RETURN(e->filter, TransformExpr(f.agg_filter));
  }
  for (size_t i = 0; i < f.n_args; i++) {
    ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(f.args[i]));
    e->args.push_back(std::move(arg));
  }
  return e;
}

Result<ExprPtr> TransformSubLink(const PgQuery__SubLink& s) {
  ExprPtr e = MakeExpr(Expr::Kind::kSubquery, s.location);
  switch (s.sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
      e->sublink = Expr::SubLink::kExists;
      break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
      e->sublink = Expr::SubLink::kScalar;
      break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
      e->sublink = s.sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK ? Expr::SubLink::kAny
                                                                           : Expr::SubLink::kAll;
      // IN (subquery) has no operator name; it means = ANY.
      e->op = s.n_oper_name == 0 ? "=" : StringOf(s.oper_name[s.n_oper_name - 1]);
      if (e->op == "!=") e->op = "<>";
      if (s.testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        return Unsupported("row comparisons with subqueries", s.location);
      }
      {
        ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(s.testexpr));
        e->args.push_back(std::move(l));
      }
      break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
      e->sublink = Expr::SubLink::kArray;
      break;
    default:
      return Unsupported("this kind of subquery", s.location);
  }
  ASSIGN_OR_RETURN(SelectStmt sub, TransformSelect(*s.subselect->select_stmt));
  e->subquery = std::make_shared<SelectStmt>(std::move(sub));
  return e;
}

Result<ExprPtr> TransformCase(const PgQuery__CaseExpr& c) {
  ExprPtr e = MakeExpr(Expr::Kind::kCase, c.location);
  if (c.arg != nullptr) {
    ASSIGN_OR_RETURN(e->case_operand, TransformExpr(c.arg));
  }
  for (size_t i = 0; i < c.n_args; i++) {
    const PgQuery__CaseWhen& w = *c.args[i]->case_when;
    ASSIGN_OR_RETURN(ExprPtr when, TransformExpr(w.expr));
    ASSIGN_OR_RETURN(ExprPtr then, TransformExpr(w.result));
    e->args.push_back(std::move(when));
    e->args.push_back(std::move(then));
  }
  if (c.defresult != nullptr) {
    ASSIGN_OR_RETURN(e->case_else, TransformExpr(c.defresult));
  }
  return e;
}

Result<ExprPtr> TransformFunctionLike(const char* name, PgQuery__Node** args, size_t n,
                                      int location) {
  ExprPtr e = MakeExpr(Expr::Kind::kFunction, location);
  e->name = name;
  for (size_t i = 0; i < n; i++) {
    ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(args[i]));
    e->args.push_back(std::move(arg));
  }
  return e;
}

Result<ExprPtr> TransformSqlValueFunction(const PgQuery__SQLValueFunction& f) {
  const char* name;
  switch (f.op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
      name = "current_date";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
      name = "now";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
      name = "localtimestamp";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
      name = "current_user";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
      name = "current_database";
      break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
      name = "current_schema";
      break;
    default:
      return Unsupported("time without time zone", f.location);
  }
  ExprPtr e = MakeExpr(Expr::Kind::kFunction, f.location);
  e->name = name;
  return e;
}

}  // namespace

// Every later stage (binder, evaluator, destructors) recurses over the expression tree on the
// caller's stack, so the tree's depth is bounded here, as PostgreSQL's max_stack_depth does.
constexpr int kMaxExpressionDepth = 2000;
thread_local int expression_depth = 0;

Result<ExprPtr> TransformExpr(const PgQuery__Node* node) {
  struct DepthGuard {
    DepthGuard() { expression_depth++; }
    ~DepthGuard() { expression_depth--; }
  } guard;
  if (expression_depth > kMaxExpressionDepth) {
    return Status("54001", "stack depth limit exceeded")
        .WithDetail("Expressions may nest at most " + std::to_string(kMaxExpressionDepth) +
                    " levels deep.");
  }
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
      return TransformConst(*node->a_const);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
      return TransformColumnRef(*node->column_ref);
    case PG_QUERY__NODE__NODE_PARAM_REF: {
      ExprPtr e = MakeExpr(Expr::Kind::kParam, node->param_ref->location);
      e->param_index = node->param_ref->number;
      return e;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
      return TransformAExpr(*node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
      const PgQuery__BoolExpr& b = *node->bool_expr;
      Expr::Kind kind = b.boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? Expr::Kind::kAnd
                        : b.boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? Expr::Kind::kOr
                                                                        : Expr::Kind::kNot;
      ExprPtr e = MakeExpr(kind, b.location);
      for (size_t i = 0; i < b.n_args; i++) {
        ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(b.args[i]));
        e->args.push_back(std::move(arg));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_NULL_TEST: {
      const PgQuery__NullTest& t = *node->null_test;
      ExprPtr e =
          MakeExpr(t.nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? Expr::Kind::kIsNull
                                                                       : Expr::Kind::kIsNotNull,
                   t.location);
      ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(t.arg));
      e->args.push_back(std::move(arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
      const PgQuery__TypeCast& c = *node->type_cast;
      ExprPtr e = MakeExpr(Expr::Kind::kCast, c.location);
      ASSIGN_OR_RETURN(e->type, TransformTypeName(c.type_name));
      ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(c.arg));
      e->args.push_back(std::move(arg));
      return e;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
      return TransformFuncCall(*node->func_call);
    case PG_QUERY__NODE__NODE_SUB_LINK:
      return TransformSubLink(*node->sub_link);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC: {
      const PgQuery__GroupingFunc& g = *node->grouping_func;
      ExprPtr e = MakeExpr(Expr::Kind::kGrouping, g.location);
      e->name = "grouping";
      for (size_t i = 0; i < g.n_args; i++) {
        ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(g.args[i]));
        e->args.push_back(std::move(arg));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
      return TransformCase(*node->case_expr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
      return TransformFunctionLike("coalesce", node->coalesce_expr->args,
                                   node->coalesce_expr->n_args, node->coalesce_expr->location);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
      const PgQuery__MinMaxExpr& m = *node->min_max_expr;
      return TransformFunctionLike(m.op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least",
                                   m.args, m.n_args, m.location);
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
      return TransformSqlValueFunction(*node->sqlvalue_function);
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
      // a[i] and a[i:j] (either bound may be left out of a slice).
      const PgQuery__AIndirection& ind = *node->a_indirection;
      ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(ind.arg));
      for (size_t i = 0; i < ind.n_indirection; i++) {
        const PgQuery__Node* item = ind.indirection[i];
        if (item->node_case != PG_QUERY__NODE__NODE_A_INDICES) {
          return Unsupported("this kind of indirection");
        }
        if (i > 0) return Unsupported("subscripts of more than one dimension");
        const PgQuery__AIndices& idx = *item->a_indices;
        ExprPtr s = MakeExpr(Expr::Kind::kSubscript, e->location);
        if (idx.is_slice) s->op = "slice";
        s->args.push_back(std::move(e));
        for (const PgQuery__Node* bound : {idx.lidx, idx.uidx}) {
          if (bound == nullptr) {
            s->args.push_back(nullptr);
            continue;
          }
          ASSIGN_OR_RETURN(ExprPtr b, TransformExpr(bound));
          s->args.push_back(std::move(b));
        }
        e = std::move(s);
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
      const PgQuery__AArrayExpr& a = *node->a_array_expr;
      ExprPtr e = MakeExpr(Expr::Kind::kArray, a.location);
      for (size_t i = 0; i < a.n_elements; i++) {
        ASSIGN_OR_RETURN(ExprPtr elem, TransformExpr(a.elements[i]));
        e->args.push_back(std::move(elem));
      }
      return e;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
      // Only the C collation exists: COLLATE "C", "default" or pg_catalog.default change nothing.
      const PgQuery__CollateClause& c = *node->collate_clause;
      std::string coll = c.n_collname == 0 ? "" : StringOf(c.collname[c.n_collname - 1]);
      if (coll != "C" && coll != "default" && coll != "POSIX") {
        return Status("42704", "collation \"" + coll + "\" for encoding \"UTF8\" does not exist",
                      c.location + 1);
      }
      return TransformExpr(c.arg);
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
      const PgQuery__BooleanTest& t = *node->boolean_test;
      ExprPtr e = MakeExpr(Expr::Kind::kBoolTest, t.location);
      static const char* kOps[] = {"",          "true",    "not true",   "false",
                                   "not false", "unknown", "not unknown"};
      e->op = kOps[t.booltesttype];
      ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(t.arg));
      e->args.push_back(std::move(arg));
      return e;
    }
    default: {
      const ProtobufCFieldDescriptor* f =
          protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, node->node_case);
      return Unsupported(std::string("expression ") + (f ? f->name : "of this kind"));
    }
  }
}

}  // namespace komodo::sql::transform
