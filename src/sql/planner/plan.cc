#include "sql/planner/plan.h"

namespace komodo::sql {

std::vector<std::string> PlanNode::ColumnNames() const {
  std::vector<std::string> out;
  for (const PlanColumn& c : columns) {
    out.push_back(c.table.empty() ? c.name : c.table + "." + c.name);
  }
  return out;
}

namespace {

std::string NodeTitle(const PlanNode& n) {
  switch (n.kind) {
    case PlanNode::Kind::kScan: {
      std::string title = n.path.Describe(*n.table);
      if (n.lock_rows) title = "LockRows " + title;
      if (n.alias != n.table->name) title += " " + n.alias;
      return title;
    }
    case PlanNode::Kind::kValues:
      return n.width == 0 ? "Result" : "Values Scan";
    case PlanNode::Kind::kFilter:
      return "Filter";
    case PlanNode::Kind::kProject:
      return "Project";
    case PlanNode::Kind::kJoin: {
      static const char* kTypes[] = {"", " Left", " Right", " Full", " Semi", " Anti"};
      std::string method = n.left_keys.empty() ? "Nested Loop" : "Hash";
      std::string type = kTypes[static_cast<int>(n.join_type)];
      return n.left_keys.empty() ? method + type + " Join" : "Hash" + type + " Join";
    }
    case PlanNode::Kind::kAggregate: {
      // PostgreSQL names hashed grouping sets with a set of no keys "MixedAggregate".
      bool empty_set = false;
      for (const auto& set : n.grouping_sets) empty_set |= set.empty();
      if (n.exprs.empty()) return "Aggregate";
      return empty_set ? "MixedAggregate" : "HashAggregate";
    }
    case PlanNode::Kind::kSort:
      return n.limit >= 0 ? "Top-N Sort (limit " + std::to_string(n.limit) + ")" : "Sort";
    case PlanNode::Kind::kLimit:
      return "Limit";
    case PlanNode::Kind::kDistinct:
      return n.exprs.empty() ? "HashAggregate (distinct)" : "Unique (distinct on)";
    case PlanNode::Kind::kWindow:
      return "WindowAgg";
    case PlanNode::Kind::kSeries:
      if (n.function == "project_set") return "ProjectSet";
      return "Function Scan on " + n.function;
    case PlanNode::Kind::kRecursiveUnion:
      return "Recursive Union";
    case PlanNode::Kind::kWorkTableScan:
      return "WorkTable Scan on " + n.alias;
    case PlanNode::Kind::kSetOp: {
      const char* op = n.set_op == PlanNode::SetOp::kUnion       ? "Union"
                       : n.set_op == PlanNode::SetOp::kIntersect ? "Intersect"
                                                                 : "Except";
      return std::string(n.set_op == PlanNode::SetOp::kUnion ? "" : "HashSetOp ") + op +
             (n.set_all ? " All" : "");
    }
  }
  return "?";
}

// `outer`: the column names of the rows outer references read, innermost last (the left side
// of each lateral join this node is right of).
void Render(const PlanNode& n, int depth,
            const std::function<Annotation(const PlanNode&)>& annotate, OuterNames* outer,
            std::vector<std::string>* out) {
  std::string indent(depth == 0 ? 0 : depth * 6 - 4, ' ');
  std::string arrow = depth == 0 ? "" : "->  ";
  Annotation note;
  if (annotate) note = annotate(n);
  out->push_back(indent + arrow + NodeTitle(n) + note.suffix);
  std::string detail(depth == 0 ? 2 : depth * 6 + 2, ' ');
  std::vector<std::string> input_names;
  if (!n.children.empty()) input_names = n.children[0]->ColumnNames();
  if (n.kind == PlanNode::Kind::kScan) {
    std::vector<std::string> names = n.ColumnNames();
    if (n.predicate) out->push_back(detail + "Filter: " + ExprToString(*n.predicate, names, outer));
  } else if (n.kind == PlanNode::Kind::kFilter) {
    out->push_back(detail + "Filter: " + ExprToString(*n.predicate, input_names, outer));
  } else if (n.kind == PlanNode::Kind::kJoin) {
    std::vector<std::string> left = n.children[0]->ColumnNames();
    std::vector<std::string> right = n.children[1]->ColumnNames();
    std::string cond;
    for (size_t i = 0; i < n.left_keys.size(); i++) {
      if (i > 0) cond += " AND ";
      cond += "(" + ExprToString(*n.left_keys[i], left, outer) + " = " +
              ExprToString(*n.right_keys[i], right, outer) + ")";
    }
    if (!cond.empty()) out->push_back(detail + "Hash Cond: " + cond);
    if (n.predicate) {
      std::vector<std::string> both = left;  // the left row followed by the right one
      both.insert(both.end(), right.begin(), right.end());
      out->push_back(detail + "Join Filter: " + ExprToString(*n.predicate, both, outer));
    }
  } else if (n.kind == PlanNode::Kind::kAggregate && !n.grouping_sets.empty()) {
    // One "Hash Key" per set, then "Group Key: ()" per set without keys, as PostgreSQL prints.
    size_t empty_sets = 0;
    for (const std::vector<int>& set : n.grouping_sets) {
      if (set.empty()) {
        empty_sets++;
        continue;
      }
      std::string keys;
      for (size_t i = 0; i < set.size(); i++) {
        keys += (i ? ", " : "") + ExprToString(*n.exprs[set[i]], input_names);
      }
      out->push_back(detail + "Hash Key: " + keys);
    }
    for (size_t i = 0; i < empty_sets; i++) out->push_back(detail + "Group Key: ()");
  } else if (n.kind == PlanNode::Kind::kAggregate && !n.exprs.empty()) {
    std::string keys;
    for (size_t i = 0; i < n.exprs.size(); i++) {
      keys += (i ? ", " : "") + ExprToString(*n.exprs[i], input_names, outer);
    }
    out->push_back(detail + "Group Key: " + keys);
  } else if (n.kind == PlanNode::Kind::kSort) {
    std::string keys;
    for (size_t i = 0; i < n.sort_keys.size(); i++) {
      keys += (i ? ", " : "") + ExprToString(*n.sort_keys[i].expr, input_names, outer) +
              (n.sort_keys[i].desc ? " DESC" : "");
    }
    out->push_back(detail + "Sort Key: " + keys);
  }
  for (const std::string& d : note.details) out->push_back(detail + d);
  std::vector<std::string> left_names;
  for (size_t i = 0; i < n.children.size(); i++) {
    bool lateral = n.kind == PlanNode::Kind::kJoin && n.lateral && i == 1;
    if (lateral) {
      left_names = n.children[0]->ColumnNames();
      outer->push_back(&left_names);
    }
    Render(*n.children[i], depth + 1, annotate, outer, out);
    if (lateral) outer->pop_back();
  }
}

}  // namespace

std::vector<std::string> ExplainPlan(const PlanNode& plan,
                                     const std::function<Annotation(const PlanNode&)>& annotate) {
  std::vector<std::string> out;
  OuterNames outer;
  Render(plan, 0, annotate, &outer, &out);
  return out;
}

}  // namespace komodo::sql
