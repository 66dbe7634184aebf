// KomodoDB's own syntax tree: what the parser hands the binder. Nothing in it refers to
// libpg_query; `location` fields are 0-based byte offsets into the statement text (-1: unknown).
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "komodo/value.h"
#include "storage/key_codec.h"

namespace komodo::sql {

struct TypeRef {
  std::string name;      // last name component, lower case ("int4", "varchar", "text")
  int32_t typmod = -1;   // the first type modifier: varchar(n)'s n, numeric(p, s)'s p
  int32_t typmod2 = -1;  // the second one, numeric(p, s)'s s, when n_typmods == 2
  int n_typmods = 0;
  int location = -1;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct SelectStmt;

// OVER (PARTITION BY ... ORDER BY ... frame) of a window function call.
struct WindowSpec {
  enum class Frame { kDefault, kRowsToCurrent, kWholePartition };
  std::vector<ExprPtr> partition;
  std::vector<ExprPtr> order;
  std::vector<bool> order_desc;
  std::vector<int> order_nulls;  // -1 default, 0 NULLS LAST, 1 NULLS FIRST
  Frame frame = Frame::kDefault;
};

struct Expr {
  enum class Kind {
    kConst,      // value (a string literal has type kUnknown until bound)
    kColumn,     // name, optionally qualifier
    kParam,      // param_index (1-based)
    kStar,       // * in a select list
    kBinary,     // op, args[0..1]: = <> < <= > >= + - * / %
    kUnary,      // op, args[0]: "-" or "+"
    kAnd,        // args
    kOr,         // args
    kNot,        // args[0]
    kIsNull,     // args[0]
    kIsNotNull,  // args[0]
    kCast,       // args[0], type
    kFunction,   // name, args; aggregates also agg_star, agg_distinct, filter
    kCase,       // case_operand (may be null), args = when1, then1, when2, ...; case_else
    kInList,     // args[0] IN (args[1..]); negated for NOT IN
    kSubquery,   // subquery; sublink says how it is used; args[0] is the left side of IN/ANY
    kBoolTest,   // args[0] IS [NOT] TRUE/FALSE/UNKNOWN: op "true", "not true", ...
  };
  enum class SubLink { kScalar, kExists, kAny, kAll };
  Kind kind;
  int location = -1;
  Value value;
  std::string name;
  std::string qualifier;
  std::string op;
  int param_index = 0;
  TypeRef type;
  std::vector<ExprPtr> args;
  bool negated = false;
  bool agg_star = false;             // count(*)
  bool agg_distinct = false;         // count(DISTINCT x)
  ExprPtr filter;                    // aggregate FILTER (WHERE ...)
  std::vector<ExprPtr> agg_order;    // aggregate ORDER BY, with for each: DESC and
  std::vector<bool> agg_order_desc;  // NULLS FIRST (-1 default, 0 last, 1 first)
  std::vector<int> agg_order_nulls;
  std::shared_ptr<WindowSpec> over;  // a window function call
  ExprPtr case_operand;
  ExprPtr case_else;
  SubLink sublink = SubLink::kScalar;
  std::shared_ptr<SelectStmt> subquery;
};

// The expression as SQL text, fully parenthesized where precedence matters: for DEFAULT
// expressions kept in the catalog and shown by \d.
std::string ExprToSql(const Expr& e);

struct ColumnDefAst {
  std::string name;
  TypeRef type;
  bool not_null = false;
  bool primary_key = false;
  bool unique = false;
  ExprPtr default_expr;
  std::string default_text;  // ExprToSql(*default_expr)
  int location = -1;
};

struct CreateTableStmt {
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDefAst> columns;
  std::vector<std::string> primary_key;          // from a table constraint
  std::vector<std::vector<std::string>> unique;  // table UNIQUE constraints
  int pk_location = -1;
};

struct IndexColumn {
  std::string name;
  storage::SortOrder order = storage::SortOrder::kAsc;
};

struct CreateIndexStmt {
  std::string name;  // empty: generated as PostgreSQL does (<table>_<cols>_idx)
  std::string table;
  bool unique = false;
  bool if_not_exists = false;
  std::vector<IndexColumn> columns;
};

struct DropStmt {
  enum class Object { kTable, kIndex } object = Object::kTable;
  std::vector<std::string> names;
  bool if_exists = false;
};

struct SelectTarget {
  ExprPtr expr;
  std::string alias;
};

struct OrderItem {
  ExprPtr expr;
  bool desc = false;
  int nulls_first = -1;  // -1: default (NULLS LAST for ASC, FIRST for DESC)
};

struct InsertStmt {
  std::string table;
  int table_location = -1;
  std::vector<std::string> columns;        // empty: all, in table order
  std::vector<std::vector<ExprPtr>> rows;  // an ExprPtr of nullptr stands for DEFAULT
  std::shared_ptr<SelectStmt> select;      // INSERT ... SELECT (rows is empty)
  std::vector<SelectTarget> returning;
};

// An item of FROM: a table, a join of two items, or a subquery.
struct TableRef {
  enum class Kind { kTable, kJoin, kSubquery, kFunction };
  enum class JoinType { kInner, kLeft, kRight, kFull, kCross };
  Kind kind = Kind::kTable;
  std::string name;                         // kTable
  std::string alias;                        // empty: the table's name
  std::vector<std::string> column_aliases;  // t(a, b)
  int location = -1;
  JoinType join_type = JoinType::kInner;  // kJoin
  std::unique_ptr<TableRef> left, right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  bool natural = false;
  std::shared_ptr<SelectStmt> subquery;  // kSubquery
  ExprPtr function;                      // kFunction: a set-returning call (generate_series)
};

// WITH name (columns) AS (query)
struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  std::shared_ptr<SelectStmt> query;
};

// A query: a simple SELECT, a VALUES list, or a set operation of two queries; ORDER BY and
// LIMIT apply to the whole.
struct SelectStmt {
  enum class SetOp { kNone, kUnion, kIntersect, kExcept };
  SetOp set_op = SetOp::kNone;
  bool set_all = false;
  std::shared_ptr<SelectStmt> left, right;  // set operation operands
  std::vector<CommonTableExpr> with;

  std::vector<std::vector<ExprPtr>> values;  // VALUES (...), (...)
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectTarget> targets;
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
  int location = -1;
};

struct UpdateStmt {
  std::string table;
  std::string alias;
  int table_location = -1;
  std::vector<std::pair<std::string, ExprPtr>> set;  // column, value (nullptr: DEFAULT)
  std::vector<TableRef> from;
  ExprPtr where;
  std::vector<SelectTarget> returning;
};

struct DeleteStmt {
  std::string table;
  std::string alias;
  int table_location = -1;
  std::vector<TableRef> using_tables;
  ExprPtr where;
  std::vector<SelectTarget> returning;
};

struct TransactionStmt {
  enum class Kind { kBegin, kCommit, kRollback, kSavepoint, kRelease, kRollbackTo } kind;
  enum class Isolation { kDefault, kReadCommitted, kRepeatableRead, kSerializable };
  Isolation isolation = Isolation::kDefault;
  bool read_only = false;
  std::string savepoint;
};

struct TruncateStmt {
  std::vector<std::string> tables;
};

// VACUUM and ANALYZE: maintenance; `tables` empty means every table.
struct VacuumStmt {
  bool vacuum = true;  // false: ANALYZE alone
  std::vector<std::string> tables;
};

// COPY table [(columns)] FROM STDIN / TO STDOUT, COPY (query) TO STDOUT.
struct CopyOptions {
  bool csv = false;
  bool header = false;
  char delimiter = '\t';            // ',' in CSV
  std::string null_string = "\\N";  // "" in CSV
  char quote = '"';
  char escape = '"';  // defaults to quote
};

struct CopyStmt {
  std::string table;  // empty for COPY (query)
  int table_location = -1;
  std::vector<std::string> columns;
  std::shared_ptr<SelectStmt> query;
  bool from = false;  // FROM STDIN (else TO STDOUT)
  CopyOptions options;
};

struct Statement;
struct ExplainStmt {
  bool analyze = false;
  std::shared_ptr<Statement> statement;
};

struct Statement {
  std::variant<CreateTableStmt, CreateIndexStmt, DropStmt, InsertStmt, SelectStmt, UpdateStmt,
               DeleteStmt, TruncateStmt, VacuumStmt, ExplainStmt, TransactionStmt, CopyStmt>
      node;
  std::string text;  // the statement's own text
  int location = 0;  // byte offset of `text` in the string given to Parse
};

}  // namespace komodo::sql
