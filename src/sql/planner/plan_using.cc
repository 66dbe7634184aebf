// JOIN ... USING and NATURAL JOIN: which columns they equate and hide (plan_from.cc joins the
// FROM items).
#include "common/macros.h"
#include "sql/planner/planner.h"
#include "sql/planner/planner_internal.h"

namespace komodo::sql {

using namespace planner_internal;  // NOLINT

Status AddUsing(const TableRef& ref, size_t left_begin, size_t right_begin, size_t right_end,
                std::vector<ScopeColumn>* cols, std::vector<BoundExprPtr>* terms) {
  std::vector<std::string> names = ref.using_columns;
  auto find = [&](size_t begin, size_t end, const std::string& name) {
    int found = -1;
    for (size_t i = begin; i < end; i++) {
      if (!(*cols)[i].hidden && (*cols)[i].name == name) {
        if (found >= 0) return -2;
        found = static_cast<int>(i);
      }
    }
    return found;
  };
  if (ref.natural) {
    for (size_t i = left_begin; i < right_begin; i++) {
      if (!(*cols)[i].hidden && find(right_begin, right_end, (*cols)[i].name) >= 0) {
        names.push_back((*cols)[i].name);
      }
    }
  }
  for (const std::string& name : names) {
    int l = find(left_begin, right_begin, name), r = find(right_begin, right_end, name);
    if (l == -2 || r == -2) {
      return Status("42702", "common column name \"" + name + "\" appears more than once in " +
                                 (l == -2 ? "left" : "right") + " table");
    }
    if (l < 0 || r < 0) {
      return Status::UndefinedColumn("column \"" + name +
                                     "\" specified in USING clause does not exist in " +
                                     (l < 0 ? "left" : "right") + " table");
    }
    auto eq = std::make_unique<BoundExpr>();
    eq->kind = BoundExpr::Kind::kCompare;
    eq->type = TypeId::kBool;
    eq->op = "=";
    eq->args.push_back(ColumnRef(l, (*cols)[l].type));
    eq->args.push_back(ColumnRef(r, (*cols)[r].type));
    terms->push_back(std::move(eq));
    (*cols)[r].hidden = true;
    ScopeColumn& left = (*cols)[l];
    left.merged_with = r;
    left.merge = ref.join_type == TableRef::JoinType::kRight  ? ScopeColumn::Merge::kRight
                 : ref.join_type == TableRef::JoinType::kFull ? ScopeColumn::Merge::kCoalesce
                                                              : ScopeColumn::Merge::kLeft;
    left.using_order = static_cast<int>(right_end) * 1000 + static_cast<int>(&name - names.data());
  }
  return Status::OK();
}

}  // namespace komodo::sql
