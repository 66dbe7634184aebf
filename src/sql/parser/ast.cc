#include "sql/parser/ast.h"

namespace komodo::sql {

namespace {

std::string QuoteLiteral(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string ExprToSql(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kConst:
      if (e.value.is_null()) return "NULL";
      if (e.type.name == "unknown" || e.value.type() == TypeId::kText)
        return QuoteLiteral(e.value.ToText());
      if (e.value.type() == TypeId::kBool) return e.value.bool_value() ? "true" : "false";
      return e.value.ToText();
    case Expr::Kind::kColumn:
      return e.qualifier.empty() ? e.name : e.qualifier + "." + e.name;
    case Expr::Kind::kParam:
      return "$" + std::to_string(e.param_index);
    case Expr::Kind::kStar:
      return e.qualifier.empty() ? "*" : e.qualifier + ".*";
    case Expr::Kind::kBinary:
      return "(" + ExprToSql(*e.args[0]) + " " + e.op + " " + ExprToSql(*e.args[1]) + ")";
    case Expr::Kind::kUnary:
      return e.op + ExprToSql(*e.args[0]);
    case Expr::Kind::kAnd:
    case Expr::Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < e.args.size(); i++) {
        if (i > 0) out += e.kind == Expr::Kind::kAnd ? " AND " : " OR ";
        out += ExprToSql(*e.args[i]);
      }
      return out + ")";
    }
    case Expr::Kind::kNot:
      return "(NOT " + ExprToSql(*e.args[0]) + ")";
    case Expr::Kind::kIsNull:
      return "(" + ExprToSql(*e.args[0]) + " IS NULL)";
    case Expr::Kind::kIsNotNull:
      return "(" + ExprToSql(*e.args[0]) + " IS NOT NULL)";
    case Expr::Kind::kCast:
      return ExprToSql(*e.args[0]) + "::" + e.type.name +
             (e.type.n_typmods > 0
                  ? "(" + std::to_string(e.type.typmod) +
                        (e.type.n_typmods > 1 ? "," + std::to_string(e.type.typmod2) : "") + ")"
                  : "") +
             (e.type.array ? "[]" : "");
    case Expr::Kind::kFunction: {
      std::string out =
          e.name + "(" + (e.agg_distinct ? "DISTINCT " : "") + (e.agg_star ? "*" : "");
      for (size_t i = 0; i < e.args.size(); i++) out += (i ? ", " : "") + ExprToSql(*e.args[i]);
      return out + ")";
    }
    case Expr::Kind::kCase: {
      std::string out = "CASE";
      if (e.case_operand) out += " " + ExprToSql(*e.case_operand);
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        out += " WHEN " + ExprToSql(*e.args[i]) + " THEN " + ExprToSql(*e.args[i + 1]);
      }
      if (e.case_else) out += " ELSE " + ExprToSql(*e.case_else);
      return out + " END";
    }
    case Expr::Kind::kInList: {
      std::string out = "(" + ExprToSql(*e.args[0]) + (e.negated ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < e.args.size(); i++) out += (i > 1 ? ", " : "") + ExprToSql(*e.args[i]);
      return out + "))";
    }
    case Expr::Kind::kSubquery:
      return "(SELECT ...)";
    case Expr::Kind::kBoolTest:
      return "(" + ExprToSql(*e.args[0]) + " IS " + e.op + ")";
    case Expr::Kind::kArray: {
      std::string out = "ARRAY[";
      for (size_t i = 0; i < e.args.size(); i++) out += (i ? ", " : "") + ExprToSql(*e.args[i]);
      return out + "]";
    }
    case Expr::Kind::kSubscript: {
      auto bound = [&](size_t i) { return e.args[i] ? ExprToSql(*e.args[i]) : std::string(); };
      if (e.op != "slice") return ExprToSql(*e.args[0]) + "[" + bound(2) + "]";
      return ExprToSql(*e.args[0]) + "[" + bound(1) + ":" + bound(2) + "]";
    }
    case Expr::Kind::kGrouping: {
      std::string out = "GROUPING(";
      for (size_t i = 0; i < e.args.size(); i++) out += (i ? ", " : "") + ExprToSql(*e.args[i]);
      return out + ")";
    }
    case Expr::Kind::kArrayOp:
      return "(" + ExprToSql(*e.args[0]) + " " + e.op +
             (e.sublink == Expr::SubLink::kAll ? " ALL (" : " ANY (") + ExprToSql(*e.args[1]) +
             "))";
  }
  return "";
}

}  // namespace komodo::sql
