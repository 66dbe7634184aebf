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
  if (type->n_array_bounds > 0) return Unsupported("array types", type->location);
  if (type->n_typmods > 0) {
    const PgQuery__Node* m = type->typmods[0];
    if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
        m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL) {
      return Status::SyntaxError("type modifiers must be simple constants", type->location + 1);
    }
    ref.typmod = m->a_const->ival->ival;
  }
  return ref;
}

namespace {

ExprPtr MakeExpr(Expr::Kind kind, int location) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->location = location;
  return e;
}

// An integer literal is integer when it fits, else bigint; a decimal literal is double
// precision until numeric exists.
Value NumericLiteral(std::string_view text) {
  int64_t v;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && p == text.data() + text.size()) return Value::Int8(v);
  return Value::Float8(std::strtod(std::string(text).c_str(), nullptr));
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
    case PG_QUERY__A__CONST__VAL_FVAL:
      e->value = NumericLiteral(c.fval->fval);
      break;
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

Result<ExprPtr> TransformAExpr(const PgQuery__AExpr& a) {
  if (a.kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || a.n_name != 1) {
    return Unsupported("this kind of operator expression", a.location);
  }
  std::string op = StringOf(a.name[0]);
  static const char* kBinary[] = {"=", "<>", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"};
  bool known = false;
  for (const char* k : kBinary) known |= op == k;
  if (!known) {
    return Status::UndefinedFunction("operator does not exist: " + op).WithPosition(a.location + 1);
  }
  if (op == "!=") op = "<>";
  if (a.lexpr == nullptr) {  // prefix operator
    if (op != "-" && op != "+") return Unsupported("prefix operator " + op, a.location);
    ExprPtr e = MakeExpr(Expr::Kind::kUnary, a.location);
    e->op = op;
    ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(a.rexpr));
    e->args.push_back(std::move(arg));
    return e;
  }
  ExprPtr e = MakeExpr(Expr::Kind::kBinary, a.location);
  e->op = op;
  ASSIGN_OR_RETURN(ExprPtr l, TransformExpr(a.lexpr));
  ASSIGN_OR_RETURN(ExprPtr r, TransformExpr(a.rexpr));
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
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
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const PgQuery__FuncCall& f = *node->func_call;
      if (f.over != nullptr || f.agg_distinct || f.n_agg_order > 0 || f.agg_filter != nullptr) {
        return Unsupported("aggregate and window function syntax", f.location);
      }
      ExprPtr e = MakeExpr(Expr::Kind::kFunction, f.location);
      e->name = StringOf(f.funcname[f.n_funcname - 1]);
      if (f.agg_star) return Unsupported("aggregate functions", f.location);
      for (size_t i = 0; i < f.n_args; i++) {
        ASSIGN_OR_RETURN(ExprPtr arg, TransformExpr(f.args[i]));
        e->args.push_back(std::move(arg));
      }
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
