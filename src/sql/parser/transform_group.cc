// GROUP BY with GROUPING SETS, ROLLUP, CUBE and (): expanded here into the list of grouping
// sets, as PostgreSQL's flatten_grouping_sets and expand_grouping_sets do (parse_clause.c,
// parse_agg.c), so that the planner only sees sets of expressions.
#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

using Sets = std::vector<std::vector<int>>;

// PostgreSQL's limits: a CUBE of at most 12 elements, at most 4096 sets in all.
constexpr size_t kMaxCubeElements = 12;
constexpr size_t kMaxGroupingSets = 4096;

// (a, b) written in GROUP BY is a list of expressions, not a row value (ROW(a, b) is one).
bool IsImplicitRow(const PgQuery__Node* n) {
  return n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
         n->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST;
}

class GroupClause {
 public:
  explicit GroupClause(SelectStmt* out) : out_(out) {}

  Status Add(const PgQuery__Node* item) {
    if (IsImplicitRow(item)) {
      for (size_t i = 0; i < item->row_expr->n_args; i++)
        RETURN_IF_ERROR(Add(item->row_expr->args[i]));
      return Status::OK();
    }
    if (item->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
      out_->has_grouping_sets = true;
      ASSIGN_OR_RETURN(Sets sets, Expand(*item->grouping_set));
      items_.push_back(std::move(sets));
      return Status::OK();
    }
    ASSIGN_OR_RETURN(int i, AddExpr(item));
    items_.push_back({{i}});
    return Status::OK();
  }

  // The cartesian product of the items' sets, each the concatenation of one set per item.
  Status Finish() {
    if (!out_->has_grouping_sets) return Status::OK();
    double count = 1;
    for (const Sets& s : items_) {
      count *= static_cast<double>(s.size());
      if (count > kMaxGroupingSets) {
        return Status("54001", "too many grouping sets present (maximum 4096)");
      }
    }
    Sets result = {{}};
    for (const Sets& item : items_) {
      Sets next;
      for (const std::vector<int>& left : result) {
        for (const std::vector<int>& right : item) {
          std::vector<int> set = left;
          set.insert(set.end(), right.begin(), right.end());
          next.push_back(std::move(set));
        }
      }
      result = std::move(next);
    }
    out_->grouping_sets = std::move(result);
    return Status::OK();
  }

 private:
  Result<int> AddExpr(const PgQuery__Node* n) {
    ASSIGN_OR_RETURN(ExprPtr e, TransformExpr(n));
    out_->group_by.push_back(std::move(e));
    return static_cast<int>(out_->group_by.size() - 1);
  }

  // An element of ROLLUP or CUBE, or an item of GROUPING SETS that is not itself a set: one
  // expression, or (a, b, ...) grouped together.
  Result<std::vector<int>> Simple(const PgQuery__Node* n) {
    std::vector<int> set;
    if (IsImplicitRow(n)) {
      for (size_t i = 0; i < n->row_expr->n_args; i++) {
        ASSIGN_OR_RETURN(std::vector<int> part, Simple(n->row_expr->args[i]));
        set.insert(set.end(), part.begin(), part.end());
      }
      return set;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
      return Status::SyntaxError("syntax error in GROUP BY", n->grouping_set->location + 1);
    }
    ASSIGN_OR_RETURN(int i, AddExpr(n));
    set.push_back(i);
    return set;
  }

  Result<Sets> Expand(const PgQuery__GroupingSet& gs) {
    Sets sets;
    switch (gs.kind) {
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
        sets.emplace_back();
        break;
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE: {
        std::vector<int> set;
        for (size_t i = 0; i < gs.n_content; i++) {
          ASSIGN_OR_RETURN(std::vector<int> part, Simple(gs.content[i]));
          set.insert(set.end(), part.begin(), part.end());
        }
        sets.push_back(std::move(set));
        break;
      }
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE: {
        const bool cube = gs.kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE;
        if (cube && gs.n_content > kMaxCubeElements) {
          return Status("54011", "CUBE is limited to 12 elements", gs.location + 1);
        }
        Sets elements;
        for (size_t i = 0; i < gs.n_content; i++) {
          ASSIGN_OR_RETURN(std::vector<int> e, Simple(gs.content[i]));
          elements.push_back(std::move(e));
        }
        if (!cube) {
          // ROLLUP (a, b, c): (a, b, c), (a, b), (a), ().
          for (size_t n = elements.size() + 1; n-- > 0;) {
            std::vector<int> set;
            for (size_t i = 0; i < n; i++) {
              set.insert(set.end(), elements[i].begin(), elements[i].end());
            }
            sets.push_back(std::move(set));
          }
        } else {
          // CUBE: every subset, in PostgreSQL's order (bit i of the set number: element i).
          for (uint32_t mask = 0; mask < (1u << elements.size()); mask++) {
            std::vector<int> set;
            for (size_t i = 0; i < elements.size(); i++) {
              if (mask & (1u << i)) set.insert(set.end(), elements[i].begin(), elements[i].end());
            }
            sets.push_back(std::move(set));
          }
        }
        break;
      }
      case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
        for (size_t i = 0; i < gs.n_content; i++) {
          const PgQuery__Node* n = gs.content[i];
          if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
            ASSIGN_OR_RETURN(Sets inner, Expand(*n->grouping_set));
            for (auto& s : inner) sets.push_back(std::move(s));
          } else {
            ASSIGN_OR_RETURN(std::vector<int> s, Simple(n));
            sets.push_back(std::move(s));
          }
          if (sets.size() > kMaxGroupingSets) {
            return Status("54001", "too many grouping sets present (maximum 4096)");
          }
        }
        break;
      default:
        return Unsupported("this kind of grouping set", gs.location);
    }
    return sets;
  }

  SelectStmt* out_;
  std::vector<Sets> items_;  // per item of the GROUP BY list, the sets it stands for
};

}  // namespace

Status TransformGroupClause(const PgQuery__SelectStmt& stmt, SelectStmt* out) {
  out->group_distinct = stmt.group_distinct;
  GroupClause clause(out);
  for (size_t i = 0; i < stmt.n_group_clause; i++)
    RETURN_IF_ERROR(clause.Add(stmt.group_clause[i]));
  return clause.Finish();
}

}  // namespace komodo::sql::transform
