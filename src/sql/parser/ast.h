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
  std::string name;  // last name component, lower case ("int4", "varchar", "text")
  int32_t typmod = -1;
  int location = -1;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

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
    kFunction,   // name, args
  };
  Kind kind;
  int location = -1;
  Value value;
  std::string name;
  std::string qualifier;
  std::string op;
  int param_index = 0;
  TypeRef type;
  std::vector<ExprPtr> args;
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

struct InsertStmt {
  std::string table;
  int table_location = -1;
  std::vector<std::string> columns;        // empty: all, in table order
  std::vector<std::vector<ExprPtr>> rows;  // an ExprPtr of nullptr stands for DEFAULT
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

struct SelectStmt {
  std::vector<SelectTarget> targets;
  std::string table;  // empty: no FROM
  std::string table_alias;
  int table_location = -1;
  ExprPtr where;
  std::vector<OrderItem> order_by;
  ExprPtr limit;
  ExprPtr offset;
};

struct TransactionStmt {
  enum class Kind { kBegin, kCommit, kRollback } kind;
};

struct Statement {
  std::variant<CreateTableStmt, CreateIndexStmt, DropStmt, InsertStmt, SelectStmt, TransactionStmt>
      node;
  std::string text;  // the statement's own text
  int location = 0;  // byte offset of `text` in the string given to Parse
};

}  // namespace komodo::sql
