// FROM and WHERE: FROM items (tables, subqueries, WITH queries, generate_series, joins) joined
// left to right, each WHERE/ON conjunct placed at the lowest scan or join that has its columns.
#include "catalog/system_views.h"
#include "common/macros.h"
#include "exec/jsonb_functions.h"
#include "exec/regex_functions.h"
#include "sql/parser/parser.h"
#include "sql/planner/plan_exists.h"
#include "sql/planner/planner.h"
#include "sql/planner/planner_internal.h"
#include "types/array.h"

namespace komodo::sql {

namespace {

using namespace planner_internal;  // NOLINT

struct FromItem {
  PlanPtr plan;
  std::vector<ScopeColumn> columns;
  int offset = 0;  // position of its first column in the combined row
  // A set-returning function after other items: it may name their columns (an implicit
  // LATERAL, as in PostgreSQL) and runs once per row of the items before it.
  bool lateral = false;
  // A LATERAL subquery that names columns of the items before it (or of enclosing queries): it
  // runs once per row of the items before it, which it sees as its enclosing query's row.
  bool lateral_subquery = false;
  // The right side of `items before, left LEFT JOIN right ON on`, joined to all the items before
  // it (PlanLeftJoinAfterItems).
  bool left_join = false;
  const Expr* on = nullptr;
  size_t on_begin = 0;                    // ON names only the columns from here on
  std::vector<BoundExprPtr> using_terms;  // JOIN ... USING's equalities
};

}  // namespace

PlanPtr planner_internal::Restrict(PlanPtr plan, std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return plan;
  BoundExprPtr pred = AndOf(std::move(conjuncts));
  if (plan->kind == PlanNode::Kind::kScan && plan->predicate == nullptr) {
    plan->predicate = std::move(pred);
    plan->path = ChooseAccessPath(*plan->table, plan->predicate.get());
    return plan;
  }
  PlanPtr f = MakeNode(PlanNode::Kind::kFilter);
  f->columns = plan->columns;
  f->predicate = std::move(pred);
  f->children.push_back(std::move(plan));
  return f;
}

bool planner_internal::SplitEquality(const BoundExpr& e, int offset, BoundExprPtr* left,
                                     BoundExprPtr* right) {
  if (e.kind != BoundExpr::Kind::kCompare || e.op != "=") return false;
  auto side = [&](const BoundExpr& x) -> int {  // 0 left, 1 right, -1 mixed or none
    std::optional<std::set<int>> cols = ReferencedColumns(x);
    if (!cols || cols->empty()) return -1;
    bool all_left = *cols->rbegin() < offset, all_right = *cols->begin() >= offset;
    return all_left ? 0 : all_right ? 1 : -1;
  };
  int a = side(*e.args[0]), b = side(*e.args[1]);
  if (a == -1 || b == -1 || a == b) return false;
  *left = CloneExpr(*e.args[a == 0 ? 0 : 1]);
  *right = CloneExpr(*e.args[a == 0 ? 1 : 0]);
  return true;
}

namespace {

Status MissingTable(const TableRef& ref) {
  return Status::UndefinedTable("relation \"" + ref.name + "\" does not exist")
      .WithPosition(ref.location + 1);
}

void ApplyColumnAliases(const TableRef& ref, std::vector<ScopeColumn>* cols,
                        std::vector<PlanColumn>* plan_cols) {
  for (size_t i = 0; i < ref.column_aliases.size() && i < cols->size(); i++) {
    (*cols)[i].name = ref.column_aliases[i];
    (*plan_cols)[i].name = ref.column_aliases[i];
  }
}

class FromPlanner {
 public:
  // `enclosing`: the columns of the FROM items a subquery among this planner's items could name
  // with LATERAL besides this planner's own (this planner plans one side of an outer join).
  FromPlanner(BindContext* ctx, const Scope* outer, int level,
              std::vector<ScopeColumn> enclosing = {})
      : ctx_(ctx), outer_(outer), level_(level), enclosing_(std::move(enclosing)) {}

  // Adds the FROM item, flattening inner joins into the item list.
  Status Add(const TableRef& ref, bool dml_target) {
    if (ref.kind == TableRef::Kind::kJoin && (ref.join_type == TableRef::JoinType::kInner ||
                                              ref.join_type == TableRef::JoinType::kCross)) {
      size_t left_begin = columns_.size();
      RETURN_IF_ERROR(Add(*ref.left, false));
      size_t right_begin = columns_.size();
      RETURN_IF_ERROR(Add(*ref.right, false));
      if (ref.on != nullptr) on_conditions_.push_back({ref.on.get(), left_begin, columns_.size()});
      return AddUsing(ref, left_begin, right_begin, columns_.size(), &columns_, &using_terms_);
    }
    if (ref.kind == TableRef::Kind::kJoin && ref.join_type == TableRef::JoinType::kLeft &&
        !columns_.empty() && LateralCapable(*ref.right)) {
      return PlanLeftJoinAfterItems(ref);
    }
    if (ref.kind != TableRef::Kind::kJoin) RETURN_IF_ERROR(CheckName(ref));
    FromItem item;
    ASSIGN_OR_RETURN(item.plan, PlanItem(ref, dml_target, &item.columns, &item.lateral_subquery));
    item.lateral = item.plan->kind == PlanNode::Kind::kSeries &&
                   item.plan->function != "generate_series" && !items_.empty();
    item.offset = static_cast<int>(columns_.size());
    for (const ScopeColumn& c : item.columns) columns_.push_back(c);
    items_.push_back(std::move(item));
    return Status::OK();
  }

  // FROM x, a LEFT JOIN LATERAL (... x ...) s ON c: the lateral subquery may name x, which only
  // a join of everything before it can give it, so it is planned as (x CROSS JOIN a) LEFT JOIN s
  // ON c, the same rows since c names only a and s. The left side's items join this planner's
  // list; the right side is one item joined to all before it.
  Status PlanLeftJoinAfterItems(const TableRef& ref) {
    size_t left_begin = columns_.size();
    RETURN_IF_ERROR(Add(*ref.left, false));
    size_t right_begin = columns_.size();
    RETURN_IF_ERROR(CheckName(*ref.right));
    FromItem item;
    item.left_join = true;
    ctx_->nullable_depth++;
    Result<PlanPtr> plan =
        ref.right->kind == TableRef::Kind::kSubquery
            ? PlanSubquery(*ref.right, LateralColumns(), true, &item.lateral_subquery,
                           &item.columns)
            : PlanSeries(*ref.right, &item.columns, LateralColumns(), true, &item.lateral_subquery);
    ctx_->nullable_depth--;
    ASSIGN_OR_RETURN(item.plan, std::move(plan));
    item.offset = static_cast<int>(columns_.size());
    for (const ScopeColumn& c : item.columns) columns_.push_back(c);
    item.on = ref.on.get();
    item.on_begin = left_begin;
    RETURN_IF_ERROR(
        AddUsing(ref, left_begin, right_begin, columns_.size(), &columns_, &item.using_terms));
    items_.push_back(std::move(item));
    return Status::OK();
  }

  static bool LateralCapable(const TableRef& ref) {
    return (ref.kind == TableRef::Kind::kSubquery && ref.lateral) ||
           (ref.kind == TableRef::Kind::kFunction && ref.name == "generate_series");
  }

  Status CheckName(const TableRef& ref) {
    std::string name = ref.alias.empty() ? ref.name : ref.alias;
    if (size_t dot = name.find('.'); ref.alias.empty() && dot != std::string::npos) {
      name = name.substr(dot + 1);  // pg_catalog.pg_class is pg_class
    }
    if (!names_.insert(name).second) {
      return Status("42712", "table name \"" + name + "\" specified more than once",
                    ref.location + 1);
    }
    return Status::OK();
  }

  // Joins the items left to right, placing each WHERE/ON conjunct at the lowest point where
  // every column it names is available: a single item's conjuncts go into its scan.
  Result<FromPlan> Finish(const Expr* where) {
    FromPlan out;
    out.scope.columns = columns_;
    out.scope.outer = outer_;
    out.scope.level = level_;
    Binder binder(&out.scope, ctx_);
    std::vector<BoundExprPtr> conjuncts = std::move(using_terms_);
    for (const OnCondition& on : on_conditions_) {
      // ON names only the two sides of its join; the items before it are there for the hint,
      // those after it are not there yet.
      Scope join_scope = out.scope;
      join_scope.columns.resize(on.end);
      for (size_t c = 0; c < on.begin; c++) {
        join_scope.columns[c].reach = ScopeColumn::Reach::kInvisible;
      }
      Binder on_binder(&join_scope, ctx_);
      ASSIGN_OR_RETURN(BoundExprPtr b, on_binder.BindCondition(*on.expr, "JOIN/ON"));
      SplitConjuncts(std::move(b), &conjuncts);
    }
    // WHERE's [NOT] EXISTS conjuncts are kept aside, to be joined above the FROM items.
    std::vector<const Expr*> exists;
    if (where != nullptr) {
      bool negated;
      auto is_exists = [&](const Expr* e) {
        return !items_.empty() && ExistsSubquery(*e, &negated) != nullptr;
      };
      std::vector<const Expr*> parts = {where};
      if (where->kind == Expr::Kind::kAnd &&
          std::any_of(where->args.begin(), where->args.end(),
                      [&](const ExprPtr& a) { return is_exists(a.get()); })) {
        parts.clear();  // bound one by one (the whole AND is, when no EXISTS is among them)
        for (const ExprPtr& a : where->args) parts.push_back(a.get());
      }
      for (const Expr* part : parts) {
        if (is_exists(part)) {
          exists.push_back(part);
          continue;
        }
        ASSIGN_OR_RETURN(BoundExprPtr b, binder.BindCondition(*part, "WHERE"));
        SplitConjuncts(std::move(b), &conjuncts);
      }
    }
    if (items_.empty()) {
      PlanPtr values = MakeNode(PlanNode::Kind::kValues);  // one row without columns
      out.plan = std::move(values);
      if (!conjuncts.empty()) {
        PlanPtr f = MakeNode(PlanNode::Kind::kFilter);
        f->predicate = AndOf(std::move(conjuncts));
        f->children.push_back(std::move(out.plan));
        out.plan = std::move(f);
      }
      return out;
    }
    // Which item each column belongs to.
    std::vector<int> item_of;
    for (size_t i = 0; i < items_.size(); i++) {
      for (size_t c = 0; c < items_[i].columns.size(); c++) item_of.push_back(static_cast<int>(i));
    }
    struct Term {
      BoundExprPtr expr;
      int max_item = -1;  // the last item it needs; -2: evaluate on the complete row
      std::set<int> items;
    };
    std::vector<Term> terms;
    for (BoundExprPtr& c : conjuncts) {
      Term t;
      std::optional<std::set<int>> cols = ReferencedColumns(*c);
      if (!cols) {
        t.max_item = -2;
      } else {
        for (int col : *cols) t.items.insert(item_of[col]);
        t.max_item = t.items.empty() ? 0 : *t.items.rbegin();
      }
      t.expr = std::move(c);
      terms.push_back(std::move(t));
    }
    PlanPtr plan;
    for (size_t i = 0; i < items_.size(); i++) {
      FromItem& item = items_[i];
      if (item.left_join) {
        ASSIGN_OR_RETURN(plan, LeftJoin(std::move(plan), item, out.scope));
        // WHERE conditions on the right side filter the joined rows.
        std::vector<BoundExprPtr> here;
        for (Term& t : terms) {
          if (t.expr != nullptr && t.max_item == static_cast<int>(i)) {
            here.push_back(std::move(t.expr));
            t.expr.reset();
          }
        }
        plan = Restrict(std::move(plan), std::move(here));
        continue;
      }
      if (item.lateral_subquery) {  // a nested loop that reruns the subquery per left row
        std::vector<BoundExprPtr> here;
        for (Term& t : terms) {
          if (t.expr != nullptr && t.max_item == static_cast<int>(i)) {
            here.push_back(std::move(t.expr));
            t.expr.reset();
          }
        }
        plan = LateralJoin(std::move(plan), std::move(item.plan), JoinType::kInner,
                           AndOf(std::move(here)));
        continue;
      }
      if (item.lateral) {  // over the row so far: the function's rows follow each left row
        PlanPtr node = std::move(item.plan);
        std::vector<PlanColumn> cols = plan->columns;
        for (const PlanColumn& c : node->columns) cols.push_back(c);
        node->columns = std::move(cols);
        node->children.push_back(std::move(plan));
        std::vector<BoundExprPtr> here;
        for (Term& t : terms) {
          if (t.expr != nullptr && t.max_item == static_cast<int>(i)) {
            here.push_back(std::move(t.expr));
            t.expr.reset();
          }
        }
        plan = Restrict(std::move(node), std::move(here));
        continue;
      }
      // Conjuncts on this item alone go below the join.
      std::vector<BoundExprPtr> local;
      for (Term& t : terms) {
        if (t.expr != nullptr && t.max_item == static_cast<int>(i) &&
            (t.items.empty() ? i == 0 : t.items.size() == 1)) {
          local.push_back(Rebase(*t.expr, item.offset));
          t.expr.reset();
        }
      }
      PlanPtr side = Restrict(std::move(item.plan), std::move(local));
      if (i == 0) {
        plan = std::move(side);
        continue;
      }
      PlanPtr join = MakeNode(PlanNode::Kind::kJoin);
      join->join_type = JoinType::kInner;
      std::vector<BoundExprPtr> residual;
      for (Term& t : terms) {
        if (t.expr == nullptr || t.max_item != static_cast<int>(i)) continue;
        BoundExprPtr left_key, right_key;
        if (SplitEquality(*t.expr, item.offset, &left_key, &right_key)) {
          join->left_keys.push_back(std::move(left_key));
          join->right_keys.push_back(Rebase(*right_key, item.offset));
        } else {
          residual.push_back(std::move(t.expr));
        }
        t.expr.reset();
      }
      join->predicate = AndOf(std::move(residual));
      join->columns = plan->columns;
      for (const PlanColumn& c : side->columns) join->columns.push_back(c);
      join->children.push_back(std::move(plan));
      join->children.push_back(std::move(side));
      plan = std::move(join);
    }
    std::vector<BoundExprPtr> rest;
    for (Term& t : terms) {
      if (t.expr != nullptr) rest.push_back(std::move(t.expr));
    }
    out.plan = Restrict(std::move(plan), std::move(rest));
    for (const Expr* e : exists) {
      bool negated;
      const SelectStmt* sub = ExistsSubquery(*e, &negated);
      if (PlanExistsJoin(*sub, negated, out.scope, ctx_, &out.plan)) continue;
      ASSIGN_OR_RETURN(BoundExprPtr b, binder.BindCondition(*e, "WHERE"));
      std::vector<BoundExprPtr> one;
      one.push_back(std::move(b));
      out.plan = Restrict(std::move(out.plan), std::move(one));
    }
    return out;
  }

 private:
  // What a LATERAL subquery among the items could name: the items before it (this planner's
  // columns so far, a prefix of the row it would run for), then those of the enclosing planner,
  // which KomodoDB's lateral joins cannot reach yet.
  std::vector<ScopeColumn> LateralColumns() const {
    std::vector<ScopeColumn> cols = columns_;
    for (ScopeColumn c : enclosing_) {
      if (c.reach == ScopeColumn::Reach::kVisible) c.reach = ScopeColumn::Reach::kUnsupported;
      cols.push_back(std::move(c));
    }
    return cols;
  }

  // A subquery in FROM. Without LATERAL it is planned at this query's level and cannot name the
  // FROM items before it, which are in its scope only for PostgreSQL's errors. With LATERAL (and
  // `can_be_lateral`: the visible columns of `seen` are the row of the items to its left) it is
  // planned one level down, under a scope of `seen`; when it names one of them or an enclosing
  // query's column, *lateral is set and it must run once per left row (LateralJoin).
  Result<PlanPtr> PlanSubquery(const TableRef& ref, std::vector<ScopeColumn> seen,
                               bool can_be_lateral, bool* lateral, std::vector<ScopeColumn>* cols) {
    *lateral = false;
    PlanPtr sub;
    if (!ref.lateral) {
      for (ScopeColumn& c : seen) c.reach = ScopeColumn::Reach::kInvisible;
    }
    Scope scope{std::move(seen), outer_, level_};
    if (ref.lateral && can_be_lateral) {
      scope.from_clause = true;
      const int level = level_ + 1;
      if (ctx_->correlated.size() <= static_cast<size_t>(level)) {
        ctx_->correlated.resize(level + 1, false);
      }
      ctx_->correlated[level] = false;
      ASSIGN_OR_RETURN(sub, PlanQueryAtLevel(*ref.subquery, ctx_, &scope, level));
      *lateral = ctx_->correlated[level];
    } else {
      ASSIGN_OR_RETURN(sub, PlanQueryAtLevel(*ref.subquery, ctx_, &scope, level_));
    }
    for (PlanColumn& c : sub->columns) {
      c.table = ref.alias;
      cols->push_back({ref.alias, c.name, c.type, c.typmod, false, ""});
    }
    ApplyColumnAliases(ref, cols, &sub->columns);
    return sub;
  }

  static PlanPtr LateralJoin(PlanPtr left, PlanPtr right, JoinType type, BoundExprPtr predicate) {
    PlanPtr join = MakeNode(PlanNode::Kind::kJoin);
    join->join_type = type;
    join->lateral = true;
    bool always = predicate != nullptr && predicate->kind == BoundExpr::Kind::kConst &&
                  !predicate->value.is_null() && predicate->value.bool_value();
    if (!always) join->predicate = std::move(predicate);  // ON true needs no filter
    join->columns = left->columns;
    for (const PlanColumn& c : right->columns) join->columns.push_back(c);
    join->children.push_back(std::move(left));
    join->children.push_back(std::move(right));
    return join;
  }

  // `plan` (the items before `item`) LEFT JOIN item ON its condition: a lateral join when the
  // item names columns outside it, else a hash join or nested loop.
  Result<PlanPtr> LeftJoin(PlanPtr plan, FromItem& item, const Scope& scope) {
    std::vector<BoundExprPtr> conjuncts = std::move(item.using_terms);
    if (item.on != nullptr) {
      // ON names the join's two sides only; the items after it are not there yet.
      Scope join_scope = scope;
      join_scope.columns.resize(item.offset + item.columns.size());
      for (size_t c = 0; c < item.on_begin; c++) {
        join_scope.columns[c].reach = ScopeColumn::Reach::kInvisible;
      }
      Binder binder(&join_scope, ctx_);
      ASSIGN_OR_RETURN(BoundExprPtr on, binder.BindCondition(*item.on, "JOIN/ON"));
      SplitConjuncts(std::move(on), &conjuncts);
    }
    if (item.lateral_subquery) {
      return LateralJoin(std::move(plan), std::move(item.plan), JoinType::kLeft,
                         AndOf(std::move(conjuncts)));
    }
    PlanPtr join = MakeNode(PlanNode::Kind::kJoin);
    join->join_type = JoinType::kLeft;
    std::vector<BoundExprPtr> residual;
    for (BoundExprPtr& c : conjuncts) {
      BoundExprPtr lk, rk;
      if (SplitEquality(*c, item.offset, &lk, &rk)) {
        join->left_keys.push_back(std::move(lk));
        join->right_keys.push_back(Rebase(*rk, item.offset));
      } else {
        residual.push_back(std::move(c));
      }
    }
    join->predicate = AndOf(std::move(residual));
    join->columns = plan->columns;
    for (const PlanColumn& c : item.plan->columns) join->columns.push_back(c);
    join->children.push_back(std::move(plan));
    join->children.push_back(std::move(item.plan));
    return join;
  }

  Result<PlanPtr> PlanItem(const TableRef& ref, bool dml_target, std::vector<ScopeColumn>* cols,
                           bool* lateral_subquery) {
    switch (ref.kind) {
      case TableRef::Kind::kTable: {
        // A WITH query of that name hides a table (the innermost WITH first).
        for (size_t i = ctx_->ctes.size(); i-- > 0;) {
          const CommonTableExpr& cte = *ctx_->ctes[i];
          if (cte.name != ref.name || dml_target) continue;
          std::string alias = ref.alias.empty() ? ref.name : ref.alias;
          ASSIGN_OR_RETURN(RecursiveTerm * term,
                           FindRecursiveTerm(cte, ctx_, level_, ref.location));
          PlanPtr plan;
          if (term != nullptr) {  // the recursive reference: the work table
            plan = MakeNode(PlanNode::Kind::kWorkTableScan);
            plan->recursive_union = term->node;
            plan->alias = alias;
            plan->columns = term->columns;
          } else {
            ASSIGN_OR_RETURN(plan, PlanCteQuery(i, ctx_, outer_, level_));
          }
          for (PlanColumn& c : plan->columns) {
            c.table = alias;
            cols->push_back({alias, c.name, c.type, c.typmod, false, ""});
          }
          TableRef aliases;
          aliases.column_aliases = ref.column_aliases.empty() ? cte.columns : ref.column_aliases;
          ApplyColumnAliases(aliases, cols, &plan->columns);
          return plan;
        }
        const catalog::TableDef* t = ctx_->catalog->FindTable(ref.name);
        if (t == nullptr && !dml_target) {
          if (const catalog::ViewDef* v = ctx_->catalog->FindView(ref.name)) {
            return PlanView(ref, *v, cols);
          }
          // pg_catalog is on the search path after the user's tables.
          std::optional<catalog::SystemView> view =
              catalog::BuildSystemView(ref.name, *ctx_->catalog, ctx_->sessions);
          if (view) return PlanSystemView(ref, *view, cols);
        }
        if (t == nullptr) return MissingTable(ref);
        if (ctx_->relations_read != nullptr) ctx_->relations_read->push_back(t->id);
        PlanPtr scan = MakeNode(PlanNode::Kind::kScan);
        scan->table = t;
        scan->alias = ref.alias.empty() ? ref.name : ref.alias;
        scan->emit_key = dml_target;
        for (const catalog::ColumnDef& c : t->columns) {
          cols->push_back({scan->alias, c.name, c.type, c.typmod, false, t->name});
          scan->columns.push_back({scan->alias, c.name, c.type, c.typmod});
        }
        if (ref.column_aliases.size() > t->columns.size()) {
          return Status::InvalidColumnReference(
              "table \"" + scan->alias + "\" has " + std::to_string(t->columns.size()) +
              " columns available but " + std::to_string(ref.column_aliases.size()) +
              " columns specified");
        }
        ApplyColumnAliases(ref, cols, &scan->columns);
        if (dml_target) {
          ScopeColumn ctid{scan->alias, "ctid", TypeId::kBytea, -1, true, ""};
          ctid.system = true;
          cols->push_back(std::move(ctid));
          scan->columns.push_back({scan->alias, "ctid", TypeId::kBytea, -1});
        }
        return scan;
      }
      case TableRef::Kind::kSubquery:
        return PlanSubquery(ref, LateralColumns(), !columns_.empty(), lateral_subquery, cols);
      case TableRef::Kind::kJoin:
        return PlanOuterJoin(ref, cols);
      case TableRef::Kind::kFunction:
        return PlanSeries(ref, cols, LateralColumns(), !columns_.empty(), lateral_subquery);
    }
    return Status::Internal("unknown FROM item");
  }

  // A view: its query, parsed again from the catalog's CREATE VIEW text, planned like a FROM
  // subquery that sees none of the naming query's WITH items.
  Result<PlanPtr> PlanView(const TableRef& ref, const catalog::ViewDef& view,
                           std::vector<ScopeColumn>* cols) {
    if (ctx_->relations_read != nullptr) ctx_->relations_read->push_back(view.id);
    ASSIGN_OR_RETURN(std::vector<Statement> parsed, Parse(view.sql));
    const CreateViewStmt* create =
        parsed.size() == 1 ? std::get_if<CreateViewStmt>(&parsed[0].node) : nullptr;
    if (create == nullptr) return Status::Internal("view \"" + view.name + "\" is damaged");
    std::vector<const CommonTableExpr*> ctes = std::move(ctx_->ctes);
    std::vector<size_t> visible = std::move(ctx_->cte_visible);
    ctx_->ctes.clear();
    ctx_->cte_visible.clear();
    Result<PlanPtr> planned = PlanQueryAtLevel(*create->query, ctx_, outer_, level_);
    ctx_->ctes = std::move(ctes);
    ctx_->cte_visible = std::move(visible);
    ASSIGN_OR_RETURN(PlanPtr plan, std::move(planned));
    if (plan->columns.size() < view.columns.size()) {
      return Status::FeatureNotSupported("view \"" + view.name +
                                         "\" no longer matches the tables it reads");
    }
    std::string alias = ref.alias.empty() ? ref.name : ref.alias;
    plan->columns.resize(view.columns.size());
    for (size_t i = 0; i < view.columns.size(); i++) {
      PlanColumn& c = plan->columns[i];
      c.table = alias;
      c.name = view.columns[i].name;
      cols->push_back({alias, c.name, c.type, c.typmod, false, view.name});
    }
    if (ref.column_aliases.size() > view.columns.size()) {
      return Status::InvalidColumnReference(
          "table \"" + alias + "\" has " + std::to_string(view.columns.size()) +
          " columns available but " + std::to_string(ref.column_aliases.size()) +
          " columns specified");
    }
    ApplyColumnAliases(ref, cols, &plan->columns);
    return plan;
  }

  // A system view (catalog/system_views.h): its rows, computed now, as constants.
  static Result<PlanPtr> PlanSystemView(const TableRef& ref, catalog::SystemView& view,
                                        std::vector<ScopeColumn>* cols) {
    PlanPtr values = MakeNode(PlanNode::Kind::kValues);
    std::string alias = ref.alias.empty() ? view.name : ref.alias;
    for (const catalog::SystemColumn& c : view.columns) {
      cols->push_back({alias, c.name, c.type, -1, false, ""});
      values->columns.push_back({alias, c.name, c.type, -1});
    }
    for (std::vector<Value>& row : view.rows) {
      for (size_t i = 0; i < row.size(); i++) {
        auto e = std::make_unique<BoundExpr>();
        e->kind = BoundExpr::Kind::kConst;
        e->type = view.columns[i].type;
        e->value = std::move(row[i]);
        values->exprs.push_back(std::move(e));
      }
    }
    values->width = view.columns.size();
    if (ref.column_aliases.size() > view.columns.size()) {
      return Status::InvalidColumnReference(
          "table \"" + alias + "\" has " + std::to_string(view.columns.size()) +
          " columns available but " + std::to_string(ref.column_aliases.size()) +
          " columns specified");
    }
    ApplyColumnAliases(ref, cols, &values->columns);
    return values;
  }

  // generate_series(start, stop [, step]) over integers, or unnest(array); WITH ORDINALITY
  // adds a bigint column numbering the rows.
  // `seen`, `can_be_lateral` and `lateral`: as for PlanSubquery, for generate_series.
  Result<PlanPtr> PlanSeries(const TableRef& ref, std::vector<ScopeColumn>* cols,
                             std::vector<ScopeColumn> seen, bool can_be_lateral, bool* lateral) {
    const Expr& call = *ref.function;
    if (call.kind == Expr::Kind::kFunction &&
        (exec::JsonbSetReturningColumns(call.name) || exec::IsRegexSetReturning(call.name))) {
      return PlanRowsFunction(ref, Scope{columns_, outer_, level_}, ctx_, cols);
    }
    bool unnest = call.kind == Expr::Kind::kFunction && call.name == "unnest";
    if (call.kind != Expr::Kind::kFunction ||
        (unnest ? call.args.size() != 1
                : call.name != "generate_series" || call.args.size() < 2 || call.args.size() > 3)) {
      return Status::FeatureNotSupported(
                 "only generate_series(start, stop [, step]) over integers, unnest(array), "
                 "regexp_matches, regexp_split_to_table and the jsonb functions are supported in "
                 "FROM yet")
          .WithPosition(call.location + 1);
    }
    // unnest may name the columns of the FROM items before it (FromItem::lateral).
    // generate_series too, but it is bound one level down, like a LATERAL subquery, and runs as a
    // lateral join when it does, so that its rows stream.
    const bool below = !unnest && can_be_lateral;
    Scope items{unnest ? columns_ : std::move(seen), outer_, level_};
    Scope series_scope{{}, &items, level_ + 1};
    if (below) {
      if (ctx_->correlated.size() <= static_cast<size_t>(level_ + 1)) {
        ctx_->correlated.resize(level_ + 2, false);
      }
      ctx_->correlated[level_ + 1] = false;
    }
    Binder binder(below ? &series_scope : &items, ctx_);
    binder.set_clause("functions in FROM");
    PlanPtr series = MakeNode(PlanNode::Kind::kSeries);
    series->function = call.name;
    series->ordinality = ref.ordinality;
    TypeId type = TypeId::kInt4;
    int32_t typmod = -1;
    if (unnest) {
      ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(*call.args[0]));
      if (!IsArrayType(b->type)) {
        return Status::UndefinedFunction(
                   "function unnest(" +
                   std::string(b->type == TypeId::kUnknown ? "unknown" : TypeName(b->type)) +
                   ") does not exist")
            .WithPosition(call.location + 1);
      }
      type = ArrayElementType(b->type);
      typmod = b->typmod;
      series->exprs.push_back(std::move(b));
    } else {
      for (const ExprPtr& a : call.args) {
        ASSIGN_OR_RETURN(BoundExprPtr b, binder.Bind(*a, TypeId::kInt4));
        if (b->type != TypeId::kInt2 && b->type != TypeId::kInt4 && b->type != TypeId::kInt8) {
          return Status::UndefinedFunction("function generate_series(" +
                                           std::string(TypeName(b->type)) + ", ...) does not exist")
              .WithPosition(call.location + 1);
        }
        if (b->type == TypeId::kInt8) type = TypeId::kInt8;
        series->exprs.push_back(std::move(b));
      }
      for (BoundExprPtr& b : series->exprs) RETURN_IF_ERROR(binder.Convert(&b, type));
      *lateral = below && ctx_->correlated[level_ + 1];
    }
    std::string table = ref.alias.empty() ? call.name : ref.alias;
    std::string column = !ref.column_aliases.empty() ? ref.column_aliases[0]
                         : !ref.alias.empty()        ? ref.alias
                                                     : call.name;
    cols->push_back({table, column, type, typmod, false, ""});
    series->columns.push_back({table, column, type, typmod});
    if (ref.ordinality) {
      std::string name = ref.column_aliases.size() > 1 ? ref.column_aliases[1] : "ordinality";
      cols->push_back({table, name, TypeId::kInt8, -1, false, ""});
      series->columns.push_back({table, name, TypeId::kInt8, -1});
    }
    return series;
  }

  // LEFT, RIGHT and FULL joins are planned as a unit: WHERE conditions cannot move into them.
  // A LATERAL subquery right of a LEFT JOIN that names the left side runs once per left row.
  Result<PlanPtr> PlanOuterJoin(const TableRef& ref, std::vector<ScopeColumn>* cols) {
    using Reach = ScopeColumn::Reach;
    const bool left_join = ref.join_type == TableRef::JoinType::kLeft;
    std::vector<ScopeColumn> enclosing = LateralColumns();
    FromPlanner left(ctx_, outer_, level_, enclosing);
    // A recursive reference may not be on a side that the join fills with NULLs.
    auto add = [&](FromPlanner& side, const TableRef& item, bool nullable) {
      ctx_->nullable_depth += nullable;
      Status s = side.Add(item, false);
      ctx_->nullable_depth -= nullable;
      return s;
    };
    RETURN_IF_ERROR(add(left, *ref.left, !left_join));
    ASSIGN_OR_RETURN(FromPlan l, left.Finish(nullptr));
    // The right side may name the left side with LATERAL only in a LEFT join (42P10 otherwise).
    std::vector<ScopeColumn> right_sees = l.scope.columns;
    for (ScopeColumn& c : right_sees) c.reach = left_join ? Reach::kVisible : Reach::kNotLateral;
    FromPlan r;
    bool lateral = false;
    const TableRef& rref = *ref.right;
    if (rref.kind == TableRef::Kind::kSubquery ||
        (rref.kind == TableRef::Kind::kFunction && rref.name == "generate_series")) {
      for (ScopeColumn c : enclosing) {
        if (c.reach == Reach::kVisible) c.reach = Reach::kUnsupported;
        right_sees.push_back(std::move(c));
      }
      ctx_->nullable_depth += ref.join_type != TableRef::JoinType::kRight;
      Result<PlanPtr> sub =
          rref.kind == TableRef::Kind::kSubquery
              ? PlanSubquery(rref, std::move(right_sees), left_join, &lateral, &r.scope.columns)
              : PlanSeries(rref, &r.scope.columns, std::move(right_sees), left_join, &lateral);
      ctx_->nullable_depth -= ref.join_type != TableRef::JoinType::kRight;
      ASSIGN_OR_RETURN(r.plan, std::move(sub));
    } else {
      for (const ScopeColumn& c : enclosing) right_sees.push_back(c);
      FromPlanner right(ctx_, outer_, level_, std::move(right_sees));
      RETURN_IF_ERROR(add(right, *ref.right, ref.join_type != TableRef::JoinType::kRight));
      ASSIGN_OR_RETURN(r, right.Finish(nullptr));
    }
    size_t offset = l.scope.columns.size();
    for (const ScopeColumn& c : l.scope.columns) cols->push_back(c);
    for (const ScopeColumn& c : r.scope.columns) cols->push_back(c);
    std::vector<BoundExprPtr> conjuncts;
    RETURN_IF_ERROR(AddUsing(ref, 0, offset, cols->size(), cols, &conjuncts));
    if (ref.on != nullptr) {
      // ON names only the join's two sides; earlier FROM items are there for the hint.
      Scope scope{*cols, outer_, level_};
      for (ScopeColumn c : enclosing) {
        c.reach = Reach::kInvisible;
        scope.columns.push_back(std::move(c));
      }
      Binder binder(&scope, ctx_);
      ASSIGN_OR_RETURN(BoundExprPtr on, binder.BindCondition(*ref.on, "JOIN/ON"));
      SplitConjuncts(std::move(on), &conjuncts);
    }
    if (lateral)
      return LateralJoin(std::move(l.plan), std::move(r.plan), JoinType::kLeft,
                         AndOf(std::move(conjuncts)));
    PlanPtr join = MakeNode(PlanNode::Kind::kJoin);
    join->join_type = left_join                                     ? JoinType::kLeft
                      : ref.join_type == TableRef::JoinType::kRight ? JoinType::kRight
                                                                    : JoinType::kFull;
    std::vector<BoundExprPtr> residual;
    for (BoundExprPtr& c : conjuncts) {
      BoundExprPtr lk, rk;
      if (SplitEquality(*c, static_cast<int>(offset), &lk, &rk)) {
        join->left_keys.push_back(std::move(lk));
        join->right_keys.push_back(Rebase(*rk, static_cast<int>(offset)));
      } else {
        residual.push_back(std::move(c));
      }
    }
    join->predicate = AndOf(std::move(residual));
    join->columns = l.plan->columns;
    for (const PlanColumn& c : r.plan->columns) join->columns.push_back(c);
    join->children.push_back(std::move(l.plan));
    join->children.push_back(std::move(r.plan));
    return join;
  }

  BindContext* ctx_;
  const Scope* outer_;
  int level_;
  std::vector<FromItem> items_;
  std::vector<ScopeColumn> columns_;
  struct OnCondition {
    const Expr* expr;
    size_t begin, end;  // the columns of its join's two sides
  };
  std::vector<OnCondition> on_conditions_;
  std::vector<ScopeColumn> enclosing_;
  std::vector<BoundExprPtr> using_terms_;
  std::set<std::string> names_;  // FROM item names, which must be unique
};

}  // namespace

Result<FromPlan> PlanFrom(const std::vector<const TableRef*>& items, const Expr* where,
                          BindContext* ctx, const Scope* outer, int level, bool dml_target) {
  FromPlanner planner(ctx, outer, level);
  for (size_t i = 0; i < items.size(); i++) {
    RETURN_IF_ERROR(planner.Add(*items[i], dml_target && i == 0));
  }
  return planner.Finish(where);
}

}  // namespace komodo::sql
