#include "sql/binder/binder.h"

#include <algorithm>
#include <cstring>

#include "catalog/system_views.h"
#include "common/macros.h"
#include "exec/catalog_functions.h"
#include "exec/functions.h"
#include "sql/binder/binder_internal.h"
#include "sql/planner/planner.h"
#include "types/array.h"
#include "types/compare.h"
#include "types/interval.h"

namespace komodo::sql {

using namespace binder_internal;  // NOLINT

TypeFamily FamilyOf(TypeId type) {
  switch (type) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
    case TypeId::kNumeric:
      return TypeFamily::kNumeric;
    case TypeId::kText:
    case TypeId::kVarchar:
    case TypeId::kBpchar:
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
    case TypeId::kInterval:
      return TypeFamily::kInterval;
    case TypeId::kTime:
      return TypeFamily::kTime;
    case TypeId::kJsonb:
      return TypeFamily::kJsonb;
    default:
      return TypeFamily::kUnknown;
  }
}

Result<TypeId> ResolveType(const TypeRef& ref) {
  // regclass names a relation; here it is its name as text (nextval('t_id_seq'::regclass)).
  if (ref.name == "regclass") return TypeId::kText;
  // Catalog types of psql's and drivers' queries (catalog/system_views.h): oid is bigint, the
  // other reg* types, name and "char" are text.
  if (ref.name == "oid") return TypeId::kInt8;
  if (ref.name == "name" || ref.name == "char" || ref.name == "regtype" ||
      ref.name == "regnamespace" || ref.name == "regproc" || ref.name == "regrole") {
    return TypeId::kText;
  }
  TypeId t = TypeFromName(ref.name);
  if (t == TypeId::kUnknown) {
    return Status::UndefinedObject("type \"" + ref.name + (ref.array ? "[]" : "") +
                                   "\" does not exist")
        .WithPosition(ref.location + 1);
  }
  if (ref.array) {
    TypeId array = ArrayTypeOf(t);
    if (array == TypeId::kUnknown) {
      return Status::UndefinedObject("type \"" + ref.name + "[]\" does not exist")
          .WithPosition(ref.location + 1);
    }
    return array;
  }
  return t;
}

Result<int32_t> ResolveTypmod(const TypeRef& ref, TypeId type) {
  if (IsArrayType(type)) type = ArrayElementType(type);  // an array's typmod is its element's
  if (type == TypeId::kBpchar && ref.n_typmods == 0) return 1;  // char is char(1)
  if (ref.n_typmods == 0) return -1;
  if (type == TypeId::kVarchar || type == TypeId::kBpchar) {
    if (ref.typmod < 1) {
      return Status::InvalidParameter(std::string("length for type ") +
                                      (type == TypeId::kBpchar ? "char" : "varchar") +
                                      " must be at least 1")
          .WithPosition(ref.location + 1);
    }
    return ref.typmod;
  }
  if (type == TypeId::kInterval) return ref.typmod & 0x7FFF;  // the field mask; no precision
  if (type == TypeId::kNumeric) {
    Result<int32_t> typmod = Numeric::MakeTypmod(ref.typmod, ref.n_typmods > 1 ? ref.typmod2 : 0);
    if (!typmod.ok()) return Status(typmod.status()).WithPosition(ref.location + 1);
    return typmod;
  }
  return -1;
}

namespace {

// Position of a type in its family's implicit-cast order (PostgreSQL's preferred types last).
int TypeRank(TypeId t) {
  switch (t) {
    case TypeId::kInt2:
      return 1;
    case TypeId::kInt4:
      return 2;
    case TypeId::kInt8:
      return 3;
    case TypeId::kNumeric:  // int -> numeric -> float are implicit casts
      return 4;
    case TypeId::kFloat4:
      return 5;
    case TypeId::kFloat8:
      return 6;
    case TypeId::kVarchar:
    case TypeId::kBpchar:
      return 1;
    case TypeId::kText:
      return 2;
    case TypeId::kDate:
      return 1;
    case TypeId::kTimestamp:
      return 2;
    case TypeId::kTimestampTz:
      return 3;
    default:
      return 0;
  }
}

}  // namespace

Result<TypeId> CommonType(TypeId a, TypeId b, const char* context, int location) {
  if (a == b || b == TypeId::kUnknown) return a;
  if (a == TypeId::kUnknown) return b;
  if (FamilyOf(a) != FamilyOf(b) || FamilyOf(a) == TypeFamily::kUnknown) {
    return Status::DatatypeMismatch(std::string(context) + " types " + std::string(TypeName(a)) +
                                    " and " + std::string(TypeName(b)) + " cannot be matched")
        .WithPosition(location + 1);
  }
  return TypeRank(a) >= TypeRank(b) ? a : b;
}

bool IsConstant(const BoundExpr& e) {
  bool constant = true;
  VisitExpr(e, [&](const BoundExpr& n) {
    if (n.kind == BoundExpr::Kind::kColumn || n.kind == BoundExpr::Kind::kOuterColumn ||
        n.kind == BoundExpr::Kind::kParam || n.kind == BoundExpr::Kind::kSubquery ||
        n.kind == BoundExpr::Kind::kAggregate || n.kind == BoundExpr::Kind::kGrouping ||
        n.volatile_fn) {
      constant = false;
    }
  });
  return constant;
}

Status Binder::Coerce(BoundExpr* e, TypeId type) {
  if (!IsUntyped(*e) || type == TypeId::kUnknown) return Status::OK();
  e->type = type;
  if (e->kind == BoundExpr::Kind::kParam) {
    (*ctx_->param_types)[e->param] = type;
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

Status Binder::Convert(BoundExprPtr* e, TypeId type) {
  BoundExpr& x = **e;
  if (IsUntyped(x)) return Coerce(&x, type);
  if (x.type == type || type == TypeId::kUnknown) return Status::OK();
  std::optional<CastContext> c = FindCast(x.type, type);
  if (!c || *c != CastContext::kImplicit) {
    return Status::DatatypeMismatch("cannot convert type " + std::string(TypeName(x.type)) +
                                    " to " + std::string(TypeName(type)))
        .WithPosition(x.location + 1);
  }
  BoundExprPtr cast = Make(BoundExpr::Kind::kCast, type, x.location);
  cast->args.push_back(std::move(*e));
  *e = std::move(cast);
  return Status::OK();
}

void Binder::RegclassToOid(BoundExprPtr* e) {
  if ((*e)->kind != BoundExpr::Kind::kFunction || (*e)->name != "regclass_name") return;
  BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kInt8, (*e)->location);
  b->name = "regclass_oid";
  b->fn = exec::LookupFunction("regclass_oid", {TypeId::kText})->fn;
  b->strict = true;
  b->args = std::move((*e)->args);
  b->value = Value::Text(catalog::CatalogFunctionData("regclass_oid", *ctx_->catalog));
  *e = std::move(b);
}

Result<BoundExprPtr> Binder::BindCompare(const std::string& op, BoundExprPtr l, BoundExprPtr r,
                                         int location) {
  auto is_oid = [](TypeId t) { return t == TypeId::kInt8 || t == TypeId::kInt4; };
  if (is_oid(r->type)) RegclassToOid(&l);
  if (is_oid(l->type)) RegclassToOid(&r);
  if (IsUntyped(*l) && IsUntyped(*r)) {
    RETURN_IF_ERROR(Coerce(l.get(), TypeId::kText));
    RETURN_IF_ERROR(Coerce(r.get(), TypeId::kText));
  }
  RETURN_IF_ERROR(Coerce(l.get(), r->type));
  RETURN_IF_ERROR(Coerce(r.get(), l->type));
  if (!AreComparable(l->type, r->type) ||
      (FamilyOf(l->type) == TypeFamily::kUnknown && !IsArrayType(l->type))) {
    return NoOperator(op, l->type, r->type, location);
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kCompare, TypeId::kBool, location);
  b->op = op;
  b->args.push_back(std::move(l));
  b->args.push_back(std::move(r));
  return b;
}

Result<BoundExprPtr> Binder::BindArith(const Expr& e, BoundExprPtr l, BoundExprPtr r) {
  const std::string& op = e.op;
  ASSIGN_OR_RETURN(BoundExprPtr array_op, BindArrayOperator(e, &l, &r));
  if (array_op != nullptr) return array_op;
  if (op == "&" || op == "|" || op == "#") {
    // Bitwise and, or, xor of integers, in the wider operand's type.
    if (IsUntyped(*l) && IsUntyped(*r)) RETURN_IF_ERROR(Coerce(l.get(), TypeId::kInt4));
    RETURN_IF_ERROR(Coerce(l.get(), r->type));
    RETURN_IF_ERROR(Coerce(r.get(), l->type));
    auto width = [](TypeId t) {
      return t == TypeId::kInt2 ? 2 : t == TypeId::kInt4 ? 4 : t == TypeId::kInt8 ? 8 : 0;
    };
    if (width(l->type) == 0 || width(r->type) == 0) {
      return NoOperator(op, l->type, r->type, e.location);
    }
    TypeId type = width(l->type) >= width(r->type) ? l->type : r->type;
    RETURN_IF_ERROR(Convert(&l, type));
    RETURN_IF_ERROR(Convert(&r, type));
    std::string name = std::string(type == TypeId::kInt2   ? "int2"
                                   : type == TypeId::kInt4 ? "int4"
                                                           : "int8") +
                       (op == "&"   ? "and"
                        : op == "|" ? "or"
                                    : "xor");
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, type, e.location);
    b->name = name;
    b->fn = exec::LookupFunction(name, {type, type})->fn;
    b->strict = true;
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    return b;
  }
  if (op == "||") {
    // text || anything and anything || text concatenate the text forms.
    if (IsUntyped(*l)) RETURN_IF_ERROR(Coerce(l.get(), TypeId::kText));
    if (IsUntyped(*r)) RETURN_IF_ERROR(Coerce(r.get(), TypeId::kText));
    // character(n) becomes text first, losing its padding.
    if (l->type == TypeId::kBpchar) RETURN_IF_ERROR(Convert(&l, TypeId::kText));
    if (r->type == TypeId::kBpchar) RETURN_IF_ERROR(Convert(&r, TypeId::kText));
    if (FamilyOf(l->type) != TypeFamily::kString && FamilyOf(r->type) != TypeFamily::kString) {
      if (l->type == TypeId::kBytea && r->type == TypeId::kBytea) {
        std::vector<BoundExprPtr> args;
        args.push_back(std::move(l));
        args.push_back(std::move(r));
        auto fn = exec::LookupFunction("byteacat", {TypeId::kBytea, TypeId::kBytea});
        BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kBytea, e.location);
        b->name = "byteacat";
        b->fn = fn->fn;
        b->args = std::move(args);
        return b;
      }
      return NoOperator(op, l->type, r->type, e.location);
    }
    auto fn = exec::LookupFunction("textcat", {TypeId::kText, TypeId::kText});
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kText, e.location);
    b->name = "textcat";
    b->fn = fn->fn;
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    return b;
  }
  if (op == "~~" || op == "!~~" || op == "~~*" || op == "!~~*" || op == "~" || op == "~*" ||
      op == "!~" || op == "!~*" || op == "^") {
    static const std::pair<const char*, const char*> kNames[] = {
        {"~~", "like"},          {"!~~", "notlike"},          {"~~*", "ilike"},
        {"!~~*", "notilike"},    {"~", "regexmatch"},         {"~*", "regexmatch_ci"},
        {"!~", "notregexmatch"}, {"!~*", "notregexmatch_ci"}, {"^", "power"}};
    std::string name;
    for (const auto& [o, n] : kNames) {
      if (op == o) name = n;
    }
    std::vector<TypeId> types = {l->type, r->type};
    std::optional<exec::FunctionInfo> fn = exec::LookupFunction(name, types);
    if (!fn) return NoOperator(op, l->type, r->type, e.location);
    RETURN_IF_ERROR(Convert(&l, fn->params[0]));
    RETURN_IF_ERROR(Convert(&r, fn->params[1]));
    BoundExprPtr b = Make(BoundExpr::Kind::kFunction, fn->result, e.location);
    b->name = name;
    b->fn = fn->fn;
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    if (fn->prepare != nullptr) fn->prepare(*b);
    return b;
  }
  ASSIGN_OR_RETURN(BoundExprPtr datetime, BindDateTimeArith(e, &l, &r));
  if (datetime != nullptr) return datetime;
  // An untyped operand takes the other's type; two untyped ones are an error in PostgreSQL
  // ("operator is not unique").
  RETURN_IF_ERROR(Coerce(l.get(), r->type == TypeId::kDate ? TypeId::kInt4 : r->type));
  RETURN_IF_ERROR(Coerce(r.get(), l->type == TypeId::kDate ? TypeId::kInt4 : l->type));
  if (IsUntyped(*l) || IsUntyped(*r)) {
    return Status("42725", "operator is not unique: unknown " + op + " unknown")
        .WithPosition(e.location + 1);
  }
  TypeId lt = l->type, rt = r->type;
  // date + integer, date - integer, date - date.
  if (lt == TypeId::kDate && IsInteger(rt) && (op == "+" || op == "-")) {
    RETURN_IF_ERROR(Convert(&r, TypeId::kInt4));
    BoundExprPtr b = Make(BoundExpr::Kind::kArith, TypeId::kDate, e.location);
    b->op = op;
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    return b;
  }
  if (IsInteger(lt) && rt == TypeId::kDate && op == "+") {
    return BindArith(e, std::move(r), std::move(l));
  }
  if (lt == TypeId::kDate && rt == TypeId::kDate && op == "-") {
    BoundExprPtr b = Make(BoundExpr::Kind::kArith, TypeId::kInt4, e.location);
    b->op = "date-";
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    return b;
  }
  if (FamilyOf(lt) != TypeFamily::kNumeric || FamilyOf(rt) != TypeFamily::kNumeric) {
    return NoOperator(op, lt, rt, e.location);
  }
  TypeId result;
  if (IsInteger(lt) && IsInteger(rt)) {
    result = (lt == TypeId::kInt8 || rt == TypeId::kInt8)   ? TypeId::kInt8
             : (lt == TypeId::kInt4 || rt == TypeId::kInt4) ? TypeId::kInt4
                                                            : TypeId::kInt2;
  } else if (lt == TypeId::kFloat4 && rt == TypeId::kFloat4) {
    result = TypeId::kFloat4;
  } else if ((lt == TypeId::kNumeric || IsInteger(lt)) &&
             (rt == TypeId::kNumeric || IsInteger(rt))) {
    // int op numeric and numeric op numeric: numeric (the integer converts implicitly).
    RETURN_IF_ERROR(Convert(&l, TypeId::kNumeric));
    RETURN_IF_ERROR(Convert(&r, TypeId::kNumeric));
    result = TypeId::kNumeric;
  } else {
    if (op == "%") return NoOperator(op, lt, rt, e.location);
    result = TypeId::kFloat8;
    if (lt == TypeId::kNumeric || rt == TypeId::kNumeric) {  // numeric -> float8 implicitly
      RETURN_IF_ERROR(Convert(&l, TypeId::kFloat8));
      RETURN_IF_ERROR(Convert(&r, TypeId::kFloat8));
    }
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kArith, result, e.location);
  b->op = op;
  b->args.push_back(std::move(l));
  b->args.push_back(std::move(r));
  return b;
}

// The operators of pg_operator on date, time, timestamp(tz) and interval that are not date +/-
// integer or date - date: registered as functions named "operator+", "operator-", ... in
// exec/datetime_functions.cc and resolved like functions.
Result<BoundExprPtr> Binder::BindDateTimeArith(const Expr& e, BoundExprPtr* l, BoundExprPtr* r) {
  auto is_datetime = [](TypeId t) {
    return t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz ||
           t == TypeId::kTime || t == TypeId::kInterval;
  };
  const std::string& op = e.op;
  if (op != "+" && op != "-" && op != "*" && op != "/") return BoundExprPtr();
  if (!is_datetime((*l)->type) && !is_datetime((*r)->type)) return BoundExprPtr();
  if (IsUntyped(**l) != IsUntyped(**r)) {
    // PostgreSQL first tries the untyped side as the other's type, then the only candidate.
    BoundExprPtr& untyped = IsUntyped(**l) ? *l : *r;
    TypeId known = IsUntyped(**l) ? (*r)->type : (*l)->type;
    TypeId chosen = TypeId::kUnknown;
    if (known == TypeId::kInterval) {
      chosen = (op == "*" || op == "/") ? TypeId::kFloat8 : TypeId::kInterval;
    } else if (known == TypeId::kTimestamp || known == TypeId::kTimestampTz ||
               known == TypeId::kTime) {
      chosen = op == "+" ? TypeId::kInterval : op == "-" ? known : TypeId::kUnknown;
    }
    if (chosen == TypeId::kUnknown) return BoundExprPtr();
    RETURN_IF_ERROR(Coerce(untyped.get(), chosen));
  }
  TypeId lt = (*l)->type, rt = (*r)->type;
  if (lt == TypeId::kDate && rt == TypeId::kDate) return BoundExprPtr();
  if (lt == TypeId::kTime && rt == TypeId::kTime && op == "+") {
    return Status("42725",
                  "operator is not unique: time without time zone + time without time zone")
        .WithPosition(e.location + 1);
  }
  std::string name = "operator" + op;
  std::optional<exec::FunctionInfo> fn = exec::LookupFunction(name, {lt, rt});
  if (!fn) return BoundExprPtr();
  return OperatorCall(name, *fn, l, r, e.location);
}

// A binary operator implemented as the built-in function `name`: both operands converted to its
// parameter types.
Result<BoundExprPtr> Binder::OperatorCall(const std::string& name, const exec::FunctionInfo& fn,
                                          BoundExprPtr* l, BoundExprPtr* r, int location) {
  RETURN_IF_ERROR(Convert(l, fn.params[0]));
  RETURN_IF_ERROR(Convert(r, fn.params[1]));
  BoundExprPtr b = Make(BoundExpr::Kind::kFunction, fn.result, location);
  b->name = name;
  b->fn = fn.fn;
  b->args.push_back(std::move(*l));
  b->args.push_back(std::move(*r));
  return b;
}

// The jsonb operators (exec/jsonb_functions.h), when an operand is jsonb, resolved like
// functions named "operator->" etc. An untyped operand is read as the parameter type. Null
// when this is not a jsonb operator.
Result<BoundExprPtr> Binder::BindJsonbOperator(const Expr& e, BoundExprPtr* l, BoundExprPtr* r) {
  static const char* kOps[] = {"->", "->>", "#>", "#>>", "@>", "<@",
                               "?",  "?|",  "?&", "||",  "-",  "#-"};
  const std::string& op = e.op;
  if (std::none_of(std::begin(kOps), std::end(kOps), [&](const char* o) { return op == o; })) {
    return BoundExprPtr();
  }
  bool jl = (*l)->type == TypeId::kJsonb, jr = (*r)->type == TypeId::kJsonb;
  bool jsonb_only = op != "||" && op != "-";
  if (!jl && !jr) {
    // Only jsonb has these operators so far: without a jsonb operand they are errors (or, for
    // || and -, text's and numbers'). Array operands went to BindArrayOperator before this.
    if (!jsonb_only) return BoundExprPtr();
    if (IsUntyped(**l) && op != "@>" && op != "<@") {
      RETURN_IF_ERROR(Coerce(l->get(), TypeId::kJsonb));
    } else {
      return NoOperator(op, (*l)->type, (*r)->type, e.location);
    }
  }
  if ((op == "@>" || op == "<@" || op == "||") && IsUntyped(**l)) {
    RETURN_IF_ERROR(Coerce(l->get(), TypeId::kJsonb));
  }
  std::string name = "operator" + op;
  std::optional<exec::FunctionInfo> fn = exec::LookupFunction(name, {(*l)->type, (*r)->type});
  if (!fn) {
    if (!jsonb_only) return BoundExprPtr();  // e.g. jsonb || text is text's ||
    return NoOperator(op, (*l)->type, (*r)->type, e.location);
  }
  return OperatorCall(name, *fn, l, r, e.location);
}

Result<BoundExprPtr> Binder::BindBinary(const Expr& e) {
  ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0]));
  ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1]));
  if (IsArrayType(l->type) || IsArrayType(r->type)) {
    // Array containment and || first: jsonb's operators reject @> and <@ without a jsonb side.
    ASSIGN_OR_RETURN(BoundExprPtr array_op, BindArrayOperator(e, &l, &r));
    if (array_op != nullptr) return array_op;
  }
  ASSIGN_OR_RETURN(BoundExprPtr json, BindJsonbOperator(e, &l, &r));
  if (json != nullptr) return json;
  if (IsCompareOp(e.op)) return BindCompare(e.op, std::move(l), std::move(r), e.location);
  return BindArith(e, std::move(l), std::move(r));
}

Result<BoundExprPtr> Binder::BindCase(const Expr& e) {
  BoundExprPtr b = Make(BoundExpr::Kind::kCase, TypeId::kUnknown, e.location);
  std::vector<BoundExprPtr> results;
  for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
    BoundExprPtr when;
    if (e.case_operand != nullptr) {
      ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*e.case_operand));
      ASSIGN_OR_RETURN(BoundExprPtr value, Bind(*e.args[i]));
      ASSIGN_OR_RETURN(when,
                       BindCompare("=", std::move(operand), std::move(value), e.args[i]->location));
    } else {
      ASSIGN_OR_RETURN(when, BindCondition(*e.args[i], "CASE/WHEN"));
    }
    ASSIGN_OR_RETURN(BoundExprPtr then, Bind(*e.args[i + 1]));
    b->args.push_back(std::move(when));
    results.push_back(std::move(then));
  }
  if (e.case_else != nullptr) {
    ASSIGN_OR_RETURN(BoundExprPtr other, Bind(*e.case_else));
    results.push_back(std::move(other));
    b->has_else = true;
  }
  TypeId common = TypeId::kUnknown;
  for (const BoundExprPtr& r : results) {
    ASSIGN_OR_RETURN(common, CommonType(common, r->type, "CASE", r->location));
  }
  if (common == TypeId::kUnknown) common = TypeId::kText;
  for (BoundExprPtr& r : results) RETURN_IF_ERROR(Convert(&r, common));
  // Interleave: when1, then1, when2, then2, ..., else.
  std::vector<BoundExprPtr> args;
  for (size_t i = 0; i < b->args.size(); i++) {
    args.push_back(std::move(b->args[i]));
    args.push_back(std::move(results[i]));
  }
  if (b->has_else) args.push_back(std::move(results.back()));
  b->args = std::move(args);
  b->type = common;
  return b;
}

Result<BoundExprPtr> Binder::BindInList(const Expr& e) {
  BoundExprPtr b = Make(BoundExpr::Kind::kInList, TypeId::kBool, e.location);
  b->negated = e.negated;
  TypeId common = TypeId::kUnknown;
  for (const ExprPtr& a : e.args) {
    ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*a));
    // oid IN ('t'::regclass, ...): the relations' oids.
    if (!b->args.empty() &&
        (b->args[0]->type == TypeId::kInt8 || b->args[0]->type == TypeId::kInt4)) {
      RegclassToOid(&arg);
    }
    ASSIGN_OR_RETURN(common, CommonType(common, arg->type, "IN", arg->location));
    b->args.push_back(std::move(arg));
  }
  if (common == TypeId::kUnknown) common = TypeId::kText;
  for (BoundExprPtr& a : b->args) {
    if (IsUntyped(*a)) {
      RETURN_IF_ERROR(Coerce(a.get(), common));
    } else if (!AreComparable(a->type, common)) {
      return NoOperator("=", b->args[0]->type, a->type, e.location);
    }
  }
  return b;
}

Result<BoundExprPtr> Binder::BindSubquery(const Expr& e) {
  int level = scope_->level + 1;
  if (ctx_->correlated.size() <= static_cast<size_t>(level)) {
    ctx_->correlated.resize(level + 1, false);
  }
  ctx_->correlated[level] = false;
  ASSIGN_OR_RETURN(PlanPtr plan, PlanQuery(*e.subquery, ctx_, scope_));
  BoundExprPtr b = Make(BoundExpr::Kind::kSubquery, TypeId::kBool, e.location);
  b->correlated = ctx_->correlated[level];
  b->sublink = static_cast<BoundExpr::SubLink>(e.sublink);
  if (e.sublink != Expr::SubLink::kExists && plan->columns.size() != 1) {
    return Status::SyntaxError(e.sublink == Expr::SubLink::kScalar
                                   ? "subquery must return only one column"
                               : plan->columns.size() > 1 ? "subquery has too many columns"
                                                          : "subquery has too few columns",
                               e.location + 1);
  }
  if (e.sublink == Expr::SubLink::kScalar) {
    b->type = plan->columns[0].type == TypeId::kUnknown ? TypeId::kText : plan->columns[0].type;
  } else if (e.sublink == Expr::SubLink::kArray) {
    TypeId element =
        plan->columns[0].type == TypeId::kUnknown ? TypeId::kText : plan->columns[0].type;
    b->type = ArrayTypeOf(element);
    if (b->type == TypeId::kUnknown) {
      return IsArrayType(element)
                 ? Status::FeatureNotSupported("multidimensional arrays are not supported")
                       .WithPosition(e.location + 1)
                 : Status::UndefinedObject("could not find array type for data type " +
                                           std::string(TypeName(element)))
                       .WithPosition(e.location + 1);
    }
  } else if (e.sublink == Expr::SubLink::kAny || e.sublink == Expr::SubLink::kAll) {
    ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0]));
    TypeId right = plan->columns[0].type;
    RETURN_IF_ERROR(Coerce(l.get(), right));
    if (!AreComparable(l->type, right)) return NoOperator(e.op, l->type, right, e.location);
    b->op = e.op;
    b->args.push_back(std::move(l));
  }
  b->plan = std::move(plan);
  return b;
}

Result<BoundExprPtr> Binder::BindCondition(const Expr& e, const char* clause) {
  const char* saved = clause_;
  clause_ = clause;
  Result<BoundExprPtr> b = Bind(e, TypeId::kBool);
  clause_ = saved;
  if (!b.ok()) return b;
  if ((*b)->type != TypeId::kBool) {
    return Status::DatatypeMismatch("argument of " + std::string(clause) +
                                    " must be type boolean, not type " +
                                    std::string(TypeName((*b)->type)))
        .WithPosition(e.location + 1);
  }
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
      std::vector<TypeId>& types = *ctx_->param_types;
      if (types.size() < static_cast<size_t>(e.param_index)) {
        types.resize(e.param_index, TypeId::kUnknown);
      }
      BoundExprPtr b = Make(BoundExpr::Kind::kParam, types[e.param_index - 1], e.location);
      b->param = e.param_index - 1;
      RETURN_IF_ERROR(Coerce(b.get(), expected));
      return b;
    }
    case Expr::Kind::kStar:
      return Status::SyntaxError("\"*\" is not allowed here", e.location + 1);
    case Expr::Kind::kBinary:
      return BindBinary(e);
    case Expr::Kind::kUnary: {
      ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[0], expected));
      if (IsUntyped(*arg)) RETURN_IF_ERROR(Coerce(arg.get(), TypeId::kFloat8));
      if (arg->type == TypeId::kInterval && (e.op == "-" || e.op == "+")) {
        if (e.op == "+") return arg;
        std::optional<exec::FunctionInfo> fn = exec::LookupFunction("interval_um", {arg->type});
        BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kInterval, e.location);
        b->name = "interval_um";
        b->fn = fn->fn;
        b->args.push_back(std::move(arg));
        return b;
      }
      if (FamilyOf(arg->type) != TypeFamily::kNumeric) {
        return Status::UndefinedFunction("operator does not exist: " + e.op + " " +
                                         std::string(TypeName(arg->type)))
            .WithPosition(e.location + 1);
      }
      if (e.op == "+") return arg;
      if (e.op == "|/" || e.op == "@") {
        const char* name = e.op == "@" ? "abs" : "sqrt";
        std::optional<exec::FunctionInfo> fn = exec::LookupFunction(name, {arg->type});
        if (!fn) return NoOperator(e.op, TypeId::kUnknown, arg->type, e.location);
        RETURN_IF_ERROR(Convert(&arg, fn->params[0]));
        BoundExprPtr b = Make(BoundExpr::Kind::kFunction, fn->result, e.location);
        b->name = name;
        b->fn = fn->fn;
        b->args.push_back(std::move(arg));
        return b;
      }
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
    case Expr::Kind::kBoolTest: {
      ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*e.args[0], TypeId::kBool));
      if (arg->type != TypeId::kBool) {
        return Status::DatatypeMismatch("argument of IS " + e.op +
                                        " must be type boolean, not type " +
                                        std::string(TypeName(arg->type)))
            .WithPosition(e.location + 1);
      }
      BoundExprPtr b = Make(BoundExpr::Kind::kBoolTest, TypeId::kBool, e.location);
      b->op = e.op;
      b->args.push_back(std::move(arg));
      return b;
    }
    case Expr::Kind::kCast: {
      ASSIGN_OR_RETURN(TypeId target, ResolveType(e.type));
      // ARRAY[]::integer[] takes its element type from the cast (and only from a cast).
      ASSIGN_OR_RETURN(BoundExprPtr arg, e.args[0]->kind == Expr::Kind::kArray
                                             ? BindArray(*e.args[0], target)
                                             : Bind(*e.args[0]));
      if (e.type.name == "regclass" && (arg->type == TypeId::kInt8 || arg->type == TypeId::kInt4)) {
        // oid::regclass: the relation's name (catalog/system_views.h).
        BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kText, e.location);
        b->name = "regclass";
        b->fn = exec::LookupFunction("regclass", {TypeId::kInt8})->fn;
        if (arg->type != TypeId::kInt8) RETURN_IF_ERROR(Convert(&arg, TypeId::kInt8));
        b->args.push_back(std::move(arg));
        b->value = Value::Text(catalog::CatalogFunctionData("regclass", *ctx_->catalog));
        return b;
      }
      if (e.type.name == "regproc" && arg->kind == BoundExpr::Kind::kConst && IsUntyped(*arg) &&
          !arg->value.is_null() && arg->value.string_value().starts_with("pg_catalog.")) {
        // 'pg_catalog.array_in'::regproc: regprocout leaves out the visible schema.
        arg->value = Value::Text(arg->value.string_value().substr(std::strlen("pg_catalog.")));
      }
      if (e.type.name == "regclass") {
        // 'name'::regclass: the name, marked so that an oid context can look it up.
        if (IsUntyped(*arg)) RETURN_IF_ERROR(Coerce(arg.get(), TypeId::kText));
        if (FamilyOf(arg->type) != TypeFamily::kString) {
          return Status("42846",
                        "cannot cast type " + std::string(TypeName(arg->type)) + " to regclass",
                        e.location + 1);
        }
        BoundExprPtr b = Make(BoundExpr::Kind::kFunction, TypeId::kText, e.location);
        b->name = "regclass_name";
        b->fn = exec::LookupFunction("regclass_name", {TypeId::kText})->fn;
        b->strict = true;
        b->args.push_back(std::move(arg));
        b->value = Value::Text(catalog::CatalogFunctionData("regclass_oid", *ctx_->catalog));
        return b;
      }
      if (target == TypeId::kInt8 || target == TypeId::kInt4) RegclassToOid(&arg);
      ASSIGN_OR_RETURN(int32_t typmod, ResolveTypmod(e.type, target));
      if (IsUntyped(*arg) && target == TypeId::kInterval && typmod >= 0 && !arg->value.is_null() &&
          arg->kind == BoundExpr::Kind::kConst) {
        // interval '1' day: the typmod decides the unit of a bare number.
        Result<Interval> v = ParseInterval(arg->value.string_value(), typmod);
        if (!v.ok()) return Status(v.status()).WithPosition(arg->location + 1);
        arg->type = target;
        arg->value = Value::Interval(AdjustIntervalForRange(*v, typmod));
        return arg;
      }
      if (IsUntyped(*arg)) {
        RETURN_IF_ERROR(Coerce(arg.get(), target));
        if (typmod < 0) return arg;
      }
      if (!FindCast(arg->type, target)) {
        // Between arrays PostgreSQL names the element types it has no cast for.
        bool arrays = IsArrayType(arg->type) && IsArrayType(target);
        TypeId from = arrays ? ArrayElementType(arg->type) : arg->type;
        TypeId to = arrays ? ArrayElementType(target) : target;
        return Status(
            "42846",
            "cannot cast type " + std::string(TypeName(from)) + " to " + std::string(TypeName(to)),
            e.location + 1);
      }
      BoundExprPtr b = Make(BoundExpr::Kind::kCast, target, e.location);
      b->typmod = typmod;
      b->args.push_back(std::move(arg));
      return b;
    }
    case Expr::Kind::kFunction:
      return BindFunction(e);
    case Expr::Kind::kCase:
      return BindCase(e);
    case Expr::Kind::kInList:
      return BindInList(e);
    case Expr::Kind::kSubquery:
      return BindSubquery(e);
    case Expr::Kind::kArray:
      return BindArray(e, TypeId::kUnknown);
    case Expr::Kind::kSubscript:
      return BindSubscript(e);
    case Expr::Kind::kArrayOp:
      return BindArrayOp(e);
    case Expr::Kind::kGrouping:
      return BindGrouping(e);
    case Expr::Kind::kField:
      return BindField(e);
  }
  return Status::Internal("unknown expression kind");
}

}  // namespace komodo::sql
