// KomodoDB's own syntax tree: what the parser hands the binder. Nothing in it refers to
// libpg_query; `location` fields are 0-based byte offsets into the statement text (-1: unknown).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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
  bool array = false;  // name[]: the array type of that element type (typmods are the element's)
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
    kArray,      // ARRAY[args...]
    kSubscript,  // args[0][args[1]]; op "slice": args[0][args[1]:args[2]] (either may be null)
    kArrayOp,    // args[0] op ANY/ALL (args[1]): sublink kAny or kAll
    kGrouping,   // GROUPING(args...)
    kField,      // (args[0]).name: a field of a row value
  };
  enum class SubLink { kScalar, kExists, kAny, kAll, kArray };  // kArray: ARRAY(subquery)
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

// CHECK (expr), with its name when given (CONSTRAINT name CHECK ...).
struct CheckAst {
  std::string name;
  ExprPtr expr;
  std::string text;  // ExprToSql(*expr)
};

// FOREIGN KEY (columns) REFERENCES table [(ref_columns)] with its actions, as PostgreSQL's
// pg_constraint codes: 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT.
struct ForeignKeyAst {
  std::string name;                  // CONSTRAINT name; empty: generated
  std::vector<std::string> columns;  // empty in a column constraint: that column
  std::string ref_table;
  std::vector<std::string> ref_columns;  // empty: the referenced table's primary key
  char on_update = 'a';
  char on_delete = 'a';
  bool match_full = false;  // MATCH FULL (else MATCH SIMPLE)
  int location = -1;
};

struct CreateSequenceStmt {
  std::string name;
  bool if_not_exists = false;
  TypeRef type;  // AS type; empty name: bigint
  std::optional<int64_t> start, increment, min, max;
  bool cycle = false;
};

struct ColumnDefAst {
  std::string name;
  TypeRef type;
  bool not_null = false;
  bool primary_key = false;
  bool unique = false;
  // GENERATED ALWAYS AS IDENTITY: 'a'; BY DEFAULT: 'd'; else 0 (pg_attribute.attidentity).
  char identity = 0;
  CreateSequenceStmt identity_options;  // the identity's sequence options (no name)
  bool explicit_null = false;           // NULL: PostgreSQL refuses it with an identity
  int null_location = -1;
  int identity_location = -1;
  ExprPtr default_expr;
  std::string default_text;  // ExprToSql(*default_expr)
  std::vector<CheckAst> checks;
  std::vector<ForeignKeyAst> references;  // REFERENCES
  int location = -1;
};

struct CreateTableStmt {
  std::string name;
  bool if_not_exists = false;
  std::vector<ColumnDefAst> columns;
  std::vector<std::string> primary_key;          // from a table constraint
  std::vector<std::vector<std::string>> unique;  // table UNIQUE constraints
  std::vector<std::string> unique_names;         // their CONSTRAINT names ("": the default)
  std::string primary_key_name;                  // CONSTRAINT name of the PRIMARY KEY
  std::vector<CheckAst> checks;                  // table CHECK constraints
  std::vector<ForeignKeyAst> foreign_keys;       // table FOREIGN KEY constraints
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
  enum class Object { kTable, kIndex, kSequence, kView } object = Object::kTable;
  std::vector<std::string> names;
  bool if_exists = false;
  bool cascade = false;  // DROP ... CASCADE: drops the foreign keys that reference a table
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
  // ON CONFLICT [(columns) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]
  enum class OnConflict { kNone, kNothing, kUpdate } on_conflict = OnConflict::kNone;
  std::vector<std::string> conflict_columns;
  std::string conflict_constraint;
  std::vector<std::pair<std::string, ExprPtr>> conflict_set;
  ExprPtr conflict_where;
  std::string alias;  // INSERT INTO t AS alias
  // OVERRIDING SYSTEM VALUE: values may go into GENERATED ALWAYS identity columns;
  // OVERRIDING USER VALUE: values given for identity columns are replaced by their sequences'.
  enum class Overriding { kNone, kSystem, kUser } overriding = Overriding::kNone;
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
  bool lateral = false;                  // kSubquery: LATERAL, may name earlier FROM items
  ExprPtr function;                      // kFunction: a set-returning call (generate_series)
  bool ordinality = false;               // kFunction: WITH ORDINALITY
};

// WITH name (columns) AS (query)
struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  std::shared_ptr<SelectStmt> query;
  bool recursive = false;  // in a WITH RECURSIVE list: may name itself and later items
  int location = -1;
};

// A query: a simple SELECT, a VALUES list, or a set operation of two queries; ORDER BY and
// LIMIT apply to the whole.
struct SelectStmt {
  enum class SetOp { kNone, kUnion, kIntersect, kExcept };
  SetOp set_op = SetOp::kNone;
  bool set_all = false;
  std::shared_ptr<SelectStmt> left, right;  // set operation operands
  std::vector<CommonTableExpr> with;
  bool lock_rows = false;                  // FOR UPDATE / FOR SHARE
  std::vector<std::string> locked_tables;  // ... OF t, u (empty: every table of the FROM)

  std::vector<std::vector<ExprPtr>> values;  // VALUES (...), (...)
  bool distinct = false;
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectTarget> targets;
  std::vector<TableRef> from;
  ExprPtr where;
  // GROUP BY: every expression it names, in order of appearance (one entry per occurrence).
  // With GROUPING SETS, ROLLUP, CUBE or () (`has_grouping_sets`), `grouping_sets` lists the sets
  // they expand to (PostgreSQL's expand_grouping_sets), each as indexes into `group_by`;
  // duplicates within a set and duplicate sets are kept (the planner removes the former, and
  // the latter under GROUP BY DISTINCT).
  std::vector<ExprPtr> group_by;
  bool has_grouping_sets = false;
  std::vector<std::vector<int>> grouping_sets;
  bool group_distinct = false;
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
  bool start = false;  // spelled START TRANSACTION (its command tag), else BEGIN
  std::string savepoint;
};

// ALTER TABLE with its actions, and ALTER TABLE ... RENAME.
struct AlterTableStmt {
  struct Action {
    enum class Kind {
      kAddColumn,
      kDropColumn,
      kRenameColumn,
      kRenameTable,
      kSetNotNull,
      kDropNotNull,
      kSetDefault,  // column.default_expr null: DROP DEFAULT
      kAddPrimaryKey,
      kAddUnique,
      kAddCheck,       // column.checks[0]
      kAddForeignKey,  // foreign_key
      kDropConstraint,
      kAddIdentity,   // column.identity, column.identity_options
      kSetIdentity,   // column.identity (0: unchanged), identity_options, restart
      kDropIdentity,  // missing_ok: IF EXISTS
    };
    Kind kind;
    ColumnDefAst column;            // kAddColumn; kSetDefault's default
    std::string name;               // the column or constraint acted on
    std::string new_name;           // renames; the constraint name of an added key
    std::vector<std::string> keys;  // kAddPrimaryKey, kAddUnique
    ForeignKeyAst foreign_key;      // kAddForeignKey
    bool missing_ok = false;        // IF [NOT] EXISTS
    bool restart = false;           // kSetIdentity: RESTART [WITH restart_with]
    std::optional<int64_t> restart_with;
  };
  std::string table;
  bool if_exists = false;
  std::vector<Action> actions;
};

struct TruncateStmt {
  std::vector<std::string> tables;
  bool cascade = false;  // TRUNCATE ... CASCADE: also the tables that reference them
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

// The attributes CREATE ROLE and ALTER ROLE set; an option left out is nullopt.
struct RoleOptions {
  std::optional<bool> superuser, inherit, createrole, createdb, login, replication, bypassrls;
  std::optional<int32_t> connection_limit;
  bool has_password = false;
  std::optional<std::string> password;  // nullopt with has_password: PASSWORD NULL
};

// CREATE ROLE / CREATE USER (LOGIN by default) / CREATE GROUP.
struct CreateRoleStmt {
  std::string name;
  bool user = false;
  RoleOptions options;
};

struct AlterRoleStmt {
  std::string name;
  RoleOptions options;
};

struct DropRoleStmt {
  std::vector<std::string> names;
  bool if_exists = false;
};

// DECLARE name [BINARY] [NO SCROLL | SCROLL] CURSOR [WITH HOLD] FOR query.
struct DeclareCursorStmt {
  std::string name;
  bool scroll = false;  // backward moves allowed
  bool hold = false;    // WITH HOLD: outlives the transaction that declared it
  std::shared_ptr<SelectStmt> query;
};

// FETCH / MOVE, in PostgreSQL's normal form: NEXT is FORWARD 1, PRIOR is BACKWARD 1, FIRST is
// ABSOLUTE 1, LAST is ABSOLUTE -1, ALL is FORWARD kAll.
struct FetchStmt {
  enum class Direction { kForward, kBackward, kAbsolute, kRelative };
  static constexpr int64_t kAll = INT64_MAX;
  Direction direction = Direction::kForward;
  int64_t count = 1;
  std::string cursor;
  bool move = false;  // MOVE: positions without returning rows
};

// CLOSE name; CLOSE ALL when `cursor` is empty.
struct CloseCursorStmt {
  std::string cursor;
};

// CREATE [OR REPLACE] VIEW name [(columns)] AS query; `text` is the whole statement, which the
// catalog keeps and parses again wherever the view is used.
struct CreateViewStmt {
  std::string name;
  std::vector<std::string> columns;
  bool replace = false;
  std::shared_ptr<SelectStmt> query;
  int location = -1;
};

struct Statement;
struct ExplainStmt {
  bool analyze = false;
  std::shared_ptr<Statement> statement;
};

struct Statement {
  std::variant<CreateTableStmt, CreateIndexStmt, DropStmt, InsertStmt, SelectStmt, UpdateStmt,
               DeleteStmt, CreateSequenceStmt, AlterTableStmt, TruncateStmt, VacuumStmt,
               ExplainStmt, TransactionStmt, CopyStmt, DeclareCursorStmt, FetchStmt,
               CloseCursorStmt, CreateRoleStmt, AlterRoleStmt, DropRoleStmt, CreateViewStmt>
      node;
  std::string text;  // the statement's own text
  int location = 0;  // byte offset of `text` in the string given to Parse
};

}  // namespace komodo::sql
