// Binding of array expressions: ARRAY[...] with PostgreSQL's element type resolution, subscripts
// and slices, x op ANY/ALL (array), and the operators || @> <@ && over arrays.
#include "common/macros.h"
#include "exec/array_functions.h"
#include "exec/functions.h"
#include "sql/binder/binder.h"
#include "sql/binder/binder_internal.h"
#include "types/array.h"
#include "types/compare.h"

namespace komodo::sql {

using namespace binder_internal;  // NOLINT

namespace {

Status NoArrayOperator(const std::string& op, TypeId l, TypeId r, int location) {
  return NoOperator(op, l, r, location);
}

BoundExprPtr Call(const char* name, TypeId type, int location, BoundExprPtr a, BoundExprPtr b) {
  std::vector<TypeId> types = {a->type, b->type};
  std::optional<exec::FunctionInfo> fn = exec::LookupArrayFunction(name, types);
  if (!fn) fn = exec::LookupFunction(name, types);
  BoundExprPtr call = Make(BoundExpr::Kind::kFunction, type, location);
  call->name = name;
  call->fn = fn->fn;
  call->strict = fn->strict;
  call->args.push_back(std::move(a));
  call->args.push_back(std::move(b));
  return call;
}

}  // namespace

Result<BoundExprPtr> Binder::BindArray(const Expr& e, TypeId expected) {
  TypeId expected_element = IsArrayType(expected) ? ArrayElementType(expected) : TypeId::kUnknown;
  std::vector<BoundExprPtr> elements;
  TypeId common = TypeId::kUnknown;
  for (const ExprPtr& a : e.args) {
    ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a, expected_element));
    if (IsArrayType(b->type) || a->kind == Expr::Kind::kArray) {
      return Status::FeatureNotSupported("multidimensional arrays are not supported")
          .WithPosition(a->location + 1);
    }
    ASSIGN_OR_RETURN(common, CommonType(common, b->type, "ARRAY", b->location));
    elements.push_back(std::move(b));
  }
  if (common == TypeId::kUnknown) common = expected_element;
  if (common == TypeId::kUnknown) {
    if (elements.empty()) {
      return Status("42P18", "cannot determine type of empty array", e.location + 1)
          .WithDetail("Explicitly cast to the desired type, for example ARRAY[]::integer[].");
    }
    common = TypeId::kText;
  }
  TypeId array_type = ArrayTypeOf(common);
  if (array_type == TypeId::kUnknown) {
    return Status::UndefinedObject("could not find array type for data type " +
                                   std::string(TypeName(common)))
        .WithPosition(e.location + 1);
  }
  for (BoundExprPtr& b : elements) RETURN_IF_ERROR(Convert(&b, common));
  BoundExprPtr b = Make(BoundExpr::Kind::kArray, array_type, e.location);
  b->args = std::move(elements);
  return b;
}

Result<BoundExprPtr> Binder::BindSubscript(const Expr& e) {
  ASSIGN_OR_RETURN(BoundExprPtr array, Bind(*e.args[0]));
  bool slice = e.op == "slice";
  if (!IsArrayType(array->type)) {
    if (!slice && array->type == TypeId::kText && e.args[2] != nullptr) {
      // int2vector and int2[] columns of the catalog views are text: psql subscripts them.
      ASSIGN_OR_RETURN(BoundExprPtr index, Bind(*e.args[2], TypeId::kInt4));
      RETURN_IF_ERROR(Convert(&index, TypeId::kInt4));
      return Call("array_element_int", TypeId::kInt8, e.location, std::move(array),
                  std::move(index));
    }
    return Status::DatatypeMismatch("cannot subscript type " + std::string(TypeName(array->type)) +
                                    " because it does not support subscripting")
        .WithPosition(e.args[0]->location + 1);
  }
  BoundExprPtr b =
      Make(BoundExpr::Kind::kSubscript,
           slice ? (array->type == TypeId::kInt2Vector ? TypeId::kInt2Array : array->type)
                 : ArrayElementType(array->type),
           e.location);
  if (slice) {
    b->op = "slice";
    b->typmod = array->typmod;
  }
  b->args.push_back(std::move(array));
  // A slice's missing bound is the array's own: 1 below, the length (at most INT32_MAX) above.
  for (int i : {1, 2}) {
    if (!slice && i == 1) continue;
    BoundExprPtr bound;
    if (e.args[i] == nullptr) {
      bound = Make(BoundExpr::Kind::kConst, TypeId::kInt4, e.location);
      bound->value = Value::Int4(i == 1 ? 1 : INT32_MAX);
    } else {
      ASSIGN_OR_RETURN(bound, Bind(*e.args[i], TypeId::kInt4));
      std::optional<CastContext> to_int = FindCast(bound->type, TypeId::kInt4);
      if (!to_int || *to_int == CastContext::kExplicit) {
        return Status::DatatypeMismatch("array subscript must have type integer")
            .WithPosition(e.args[i]->location + 1);
      }
      if (bound->type != TypeId::kInt4) {
        BoundExprPtr cast = Make(BoundExpr::Kind::kCast, TypeId::kInt4, bound->location);
        cast->args.push_back(std::move(bound));
        bound = std::move(cast);
      }
    }
    b->args.push_back(std::move(bound));
  }
  return b;
}

Result<BoundExprPtr> Binder::BindArrayOp(const Expr& e) {
  ASSIGN_OR_RETURN(BoundExprPtr l, Bind(*e.args[0]));
  ASSIGN_OR_RETURN(BoundExprPtr r, Bind(*e.args[1]));
  bool all = e.sublink == Expr::SubLink::kAll;
  if (IsUntyped(*r)) {
    if (IsUntyped(*l)) RETURN_IF_ERROR(Coerce(l.get(), TypeId::kText));
    TypeId array = ArrayTypeOf(l->type);
    if (array != TypeId::kUnknown) RETURN_IF_ERROR(Coerce(r.get(), array));
  }
  if (!IsArrayType(r->type)) {
    if (e.op == "=" && !all && r->type == TypeId::kText) {
      // x = ANY (col) over the catalog views' text form of an array, as psql's queries use it.
      if (IsUntyped(*l)) RETURN_IF_ERROR(Coerce(l.get(), TypeId::kText));
      if (l->type != TypeId::kText) {
        BoundExprPtr cast = Make(BoundExpr::Kind::kCast, TypeId::kText, l->location);
        cast->args.push_back(std::move(l));
        l = std::move(cast);
      }
      return Call("array_contains_text", TypeId::kBool, e.location, std::move(r), std::move(l));
    }
    return Status("42809", "op ANY/ALL (array) requires array on right side", e.location + 1);
  }
  TypeId element = ArrayElementType(r->type);
  RETURN_IF_ERROR(Coerce(l.get(), element));
  static const std::pair<const char*, const char*> kPatternOps[] = {
      {"~~", "like"},          {"!~~", "notlike"},         {"~~*", "ilike"},
      {"!~~*", "notilike"},    {"~", "regexmatch"},        {"~*", "regexmatch_ci"},
      {"!~", "notregexmatch"}, {"!~*", "notregexmatch_ci"}};
  for (const auto& [op, name] : kPatternOps) {
    if (e.op != op) continue;
    // x LIKE ANY (patterns): the pattern function per element.
    if (FamilyOf(l->type) != TypeFamily::kString || FamilyOf(element) != TypeFamily::kString) {
      return NoOperator(e.op, l->type, element, e.location);
    }
    std::optional<exec::FunctionInfo> fn =
        exec::LookupFunction(name, {TypeId::kText, TypeId::kText});
    BoundExprPtr b = Make(BoundExpr::Kind::kArrayAny, TypeId::kBool, e.location);
    b->op = e.op;
    b->name = name;
    b->fn = fn->fn;
    b->sublink = all ? BoundExpr::SubLink::kAll : BoundExpr::SubLink::kAny;
    b->args.push_back(std::move(l));
    b->args.push_back(std::move(r));
    return b;
  }
  if (!IsCompareOp(e.op) || e.op.starts_with("IS ")) {
    return Status::FeatureNotSupported("operator " + e.op + " with ANY/ALL (array)")
        .WithPosition(e.location + 1);
  }
  if (!AreComparable(l->type, element) || FamilyOf(element) == TypeFamily::kUnknown) {
    return NoOperator(e.op, l->type, element, e.location);
  }
  BoundExprPtr b = Make(BoundExpr::Kind::kArrayAny, TypeId::kBool, e.location);
  b->op = e.op;
  b->sublink = all ? BoundExpr::SubLink::kAll : BoundExpr::SubLink::kAny;
  b->args.push_back(std::move(l));
  b->args.push_back(std::move(r));
  return b;
}

Result<BoundExprPtr> Binder::BindArrayOperator(const Expr& e, BoundExprPtr* l, BoundExprPtr* r) {
  const std::string& op = e.op;
  bool containment = op == "@>" || op == "<@" || op == "&&";
  if (op != "||" && !containment) return BoundExprPtr();
  bool la = IsArrayType((*l)->type), ra = IsArrayType((*r)->type);
  if (!la && !ra) {
    if (containment) return NoArrayOperator(op, (*l)->type, (*r)->type, e.location);
    return BoundExprPtr();
  }
  // An untyped literal beside an array is an array of the same type.
  if (IsUntyped(**l)) RETURN_IF_ERROR(Coerce(l->get(), (*r)->type));
  if (IsUntyped(**r)) RETURN_IF_ERROR(Coerce(r->get(), (*l)->type));
  la = IsArrayType((*l)->type);
  ra = IsArrayType((*r)->type);
  TypeId lt = (*l)->type, rt = (*r)->type;
  if (containment) {
    if (lt != rt) return NoArrayOperator(op, lt, rt, e.location);
    const char* name = op == "@>"   ? "arraycontains"
                       : op == "<@" ? "arraycontained"
                                    : "arrayoverlap";
    return Call(name, TypeId::kBool, e.location, std::move(*l), std::move(*r));
  }
  if (la && ra) {
    if (lt != rt) return NoArrayOperator(op, lt, rt, e.location);
    return Call("array_cat", lt, e.location, std::move(*l), std::move(*r));
  }
  // array || element, element || array: the element converts to the array's element type, or
  // the array to the element's array type (int[] || bigint is bigint[]), as anycompatible does.
  BoundExprPtr& array = la ? *l : *r;
  BoundExprPtr& element = la ? *r : *l;
  TypeId elem = ArrayElementType(array->type);
  std::optional<CastContext> to_elem = FindCast(element->type, elem);
  if (!to_elem || *to_elem != CastContext::kImplicit) {
    std::optional<CastContext> widen = FindCast(elem, element->type);
    TypeId wider = ArrayTypeOf(element->type);
    if (!widen || *widen != CastContext::kImplicit || wider == TypeId::kUnknown) {
      return NoArrayOperator(op, lt, rt, e.location);
    }
    RETURN_IF_ERROR(Convert(&array, wider));
    elem = element->type;
  } else {
    RETURN_IF_ERROR(Convert(&element, elem));
  }
  TypeId type = array->type;
  return Call(la ? "array_append" : "array_prepend", type, e.location, std::move(*l),
              std::move(*r));
}

}  // namespace komodo::sql
