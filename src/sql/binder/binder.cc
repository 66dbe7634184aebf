#include "sql/binder/binder.h"

#include "common/macros.h"
#include "types/compare.h"

namespace komodo::sql {

TypeFamily FamilyOf(TypeId type) {
  switch (type) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return TypeFamily::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
      return TypeFamily::kString;
    case TypeId::kBool:
      return TypeFamily::kBool;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return TypeFamily::kDateTime;
    case TypeId::kUuid:
      return TypeFamily::kUuid;
    case TypeId::kBytea:
      return TypeFamily::kBytea;
    default:
      return TypeFamily::kUnknown;
  }
}

Result<TypeId> ResolveType(const TypeRef& ref) {
  TypeId t = TypeFromName(ref.name);
  if (t == TypeId::kUnknown) {
    return Status::UndefinedObject("type \"" + ref.name + "\" does not exist")
        .WithPosition(ref.location + 1);
  }
  return t;
}

namespace {

BoundExprPtr Make(BoundExpr::Kind kind, TypeId type, int location) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->type = type;
  e->location = location;
  return e;
}

bool IsUntyped(const BoundExpr& e) {
  return (e.kind == BoundExpr::Kind::kConst || e.kind == BoundExpr::Kind::kParam) &&
         e.type == TypeId::kUnknown;
}

bool IsInteger(TypeId t) { return t == TypeId::kInt2 || t == TypeId::kInt4 || t == TypeId::kInt8; }

Status NoOperator(const std::string& op, TypeId l, TypeId r, int location) {
  return Status::UndefinedFunction("operator does not exist: " + std::string(TypeName(l)) + " " +
                                   op + " " + std::string(TypeName(r)))
      .WithPosition(location + 1)
      .WithDetail(
          "No operator matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

}  // namespace

Status Binder::Coerce(BoundExpr* e, TypeId type) {
  if (!IsUntyped(*e) || type == TypeId::kUnknown) return Status::OK();
  e->type = type;
  if (e->kind == BoundExpr::Kind::kParam) {
    (*param_types_)[e->param] = type;
    return Status::OK();
  }
  if (e->value.is_null()) {
    e->value = Value::Null(type);
    return Status::OK();
  }
  auto cast = Value::FromText(type, e->value.string_value());
  if (!cast.ok()) return Status(cast.status()).WithPosition(e->location + 1);
  e->value = std::move(cast).value();
  return Status::OK();
}

Result<BoundExprPtr> Binder::BindColumn(const Expr& e) {
  if (table_ != nullptr && (e.qualifier.empty() || e.qualifier == alias_)) {
    int pos = table_->FindColumn(e.name);
    if (pos >= 0) {
      BoundExprPtr b = Make(BoundExpr::Kind::kColumn, table_->columns[pos].type, e.location);
      b->column = pos;
      b->typmod = table_->columns[pos].typmod;
      return b;
    }
  }
  if (!e.qualifier.empty() && (table_ == nullptr || e.qualifier != alias_)) {
    return Status::UndefinedTable("missing FROM-clause entry for table \"" + e.qualifier + "\"")
        .WithPosition(e.location + 1);
  }
  return Status::UndefinedColumn("column \"" + e.name + "\" does not exist")
      .WithPosition(e.location + 1);
}

Result<BoundExprPtr> Binder::BindCompare(const Expr& e) {
  ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0]));
  ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1]));
  if (IsUntyped(*l) && IsUntyped(*r)) {
    RETURN_IF_ERROR(Coerce(l.get(), TypeId::kText));
    RETURN_IF_ERROR(Coerce(r.get(), TypeId::kText));
  }
  RETURN_IF_ERROR(Coerce(l.get(), r->type));
  RETURN_IF_ERROR(Coerce(r.get(), l->type));
  if (FamilyOf(l->type) != FamilyOf(r->type) || FamilyOf(l->type) == TypeFamily::kUnknown) {
    return NoOperator(e.op, l->type, r->type, e.location);
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kCompare, TypeId::kBool, e.location);
  b->op = e.op;
  b->args.push_back(std::move(l));
  b->args.push_back(std::move(r));
  return b;
}

Result<BoundExprPtr> Binder::BindArith(const Expr& e) {
  ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0]));
  ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1]));
  // An untyped operand takes the other's type; two untyped ones are an error in PostgreSQL
  // ("operator is not unique"), here they become integers only when both are parameters.
  RETURN_IF_ERROR(Coerce(l.get(), r->type));
  RETURN_IF_ERROR(Coerce(r.get(), l->type));
  if (IsUntyped(*l) || IsUntyped(*r)) {
    return Status("42725", "operator is not unique: unknown " + e.op + " unknown")
        .WithPosition(e.location + 1);
  }
  TypeId lt = l->type, rt = r->type;
  if (FamilyOf(lt) != TypeFamily::kNumeric || FamilyOf(rt) != TypeFamily::kNumeric) {
    return NoOperator(e.op, lt, rt, e.location);
  }
  TypeId result;
  if (IsInteger(lt) && IsInteger(rt)) {
    result = (lt == TypeId::kInt8 || rt == TypeId::kInt8)   ? TypeId::kInt8
             : (lt == TypeId::kInt4 || rt == TypeId::kInt4) ? TypeId::kInt4
                                                            : TypeId::kInt2;
  } else if (lt == TypeId::kFloat4 && rt == TypeId::kFloat4) {
    result = TypeId::kFloat4;
  } else {
    if (e.op == "%") return NoOperator(e.op, lt, rt, e.location);
    result = TypeId::kFloat8;
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kArith, result, e.location);
  b->op = e.op;
  b->args.push_back(std::move(l));
  b->args.push_back(std::move(r));
  return b;
}

Result<BoundExprPtr> Binder::Bind(const Expr& e, TypeId expected) {
  switch (e.kind) {
    case Expr::Kind::kConst: {
      bool untyped = e.type.name == "unknown" || e.value.type() == TypeId::kUnknown;
      BoundExprPtr b =
          Make(BoundExpr::Kind::kConst, untyped ? TypeId::kUnknown : e.value.type(), e.location);
      b->value = e.value;
      if (b->type == TypeId::kInt8 && e.value.int_value() >= INT32_MIN &&
          e.value.int_value() <= INT32_MAX) {
        b->type = TypeId::kInt4;  // integer literals are integer when they fit, as in PostgreSQL
        b->value = Value::Int4(static_cast<int32_t>(e.value.int_value()));
      }
      RETURN_IF_ERROR(Coerce(b.get(), expected));
      return b;
    }
    case Expr::Kind::kColumn:
      return BindColumn(e);
    case Expr::Kind::kParam: {
      if (e.param_index < 1 || e.param_index > 65535) {
        return Status("42P02", "there is no parameter $" + std::to_string(e.param_index))
            .WithPosition(e.location + 1);
      }
      if (param_types_->size() < static_cast<size_t>(e.param_index)) {
        param_types_->resize(e.param_index, TypeId::kUnknown);
      }
      BoundExprPtr b =
          Make(BoundExpr::Kind::kParam, (*param_types_)[e.param_index - 1], e.location);
      b->param = e.param_index - 1;
      RETURN_IF_ERROR(Coerce(b.get(), expected));
      return b;
    }
    case Expr::Kind::kStar:
      return Status::SyntaxError("\"*\" is not allowed here", e.location + 1);
    case Expr::Kind::kBinary:
      if (e.op == "=" || e.op == "<>" || e.op == "<" || e.op == "<=" || e.op == ">" ||
          e.op == ">=") {
        return BindCompare(e);
      }
      return BindArith(e);
    case Expr::Kind::kUnary: {
      ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[0], expected));
      if (FamilyOf(arg->type) != TypeFamily::kNumeric) {
        return Status::UndefinedFunction("operator does not exist: " + e.op + " " +
                                         std::string(TypeName(arg->type)))
            .WithPosition(e.location + 1);
      }
      if (e.op == "+") return arg;
      BoundExprPtr b = Make(BoundExpr::Kind::kNegate, arg->type, e.location);
      b->args.push_back(std::move(arg));
      return b;
    }
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr:
    case Expr::Kind::kNot: {
      BoundExpr::Kind kind = e.kind == Expr::Kind::kAnd  ? BoundExpr::Kind::kAnd
                             : e.kind == Expr::Kind::kOr ? BoundExpr::Kind::kOr
                                                         : BoundExpr::Kind::kNot;
      BoundExprPtr b = Make(kind, TypeId::kBool, e.location);
      for (const ExprPtr& a : e.args) {
        ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*a, TypeId::kBool));
        if (arg->type != TypeId::kBool) {
          const char* name = kind == BoundExpr::Kind::kAnd  ? "AND"
                             : kind == BoundExpr::Kind::kOr ? "OR"
                                                            : "NOT";
          return Status::DatatypeMismatch(std::string("argument of ") + name +
                                          " must be type boolean, not type " +
                                          std::string(TypeName(arg->type)))
              .WithPosition(a->location + 1);
        }
        b->args.push_back(std::move(arg));
      }
      return b;
    }
    case Expr::Kind::kIsNull:
    case Expr::Kind::kIsNotNull: {
      ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[0]));
      if (IsUntyped(*arg)) RETURN_IF_ERROR(Coerce(arg.get(), TypeId::kText));
      BoundExprPtr b = Make(
          e.kind == Expr::Kind::kIsNull ? BoundExpr::Kind::kIsNull : BoundExpr::Kind::kIsNotNull,
          TypeId::kBool, e.location);
      b->args.push_back(std::move(arg));
      return b;
    }
    case Expr::Kind::kCast: {
      ASSIGN_OR_RETURN(TypeId target, ResolveType(e.type));
      ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[0]));
      if (IsUntyped(*arg)) {
        RETURN_IF_ERROR(Coerce(arg.get(), target));
        if (e.type.typmod < 0) return arg;
      }
      BoundExprPtr b = Make(BoundExpr::Kind::kCast, target, e.location);
      b->typmod = e.type.typmod;
      b->args.push_back(std::move(arg));
      return b;
    }
    case Expr::Kind::kFunction:
      return Status::UndefinedFunction("function " + e.name + " does not exist")
          .WithPosition(e.location + 1)
          .WithDetail("Functions arrive with the SQL engine; none is built in yet.");
  }
  return Status::Internal("unknown expression kind");
}

}  // namespace komodo::sql
