#include "sql/parser/parser.h"

#include <pthread.h>

#include <functional>

#include "sql/parser/transform.h"
#include "types/utf8.h"

namespace komodo::sql {

namespace transform {

Status Unsupported(const std::string& what, int location) {
  return Status(std::string("0A000"), what + " is not supported yet",
                location >= 0 ? location + 1 : 0);
}

}  // namespace transform

namespace {

using transform::Unsupported;

Result<Statement> TransformNode(const PgQuery__Node* n, int location);

Result<Statement> TransformStatement(const PgQuery__RawStmt& raw, std::string_view sql) {
  size_t len = raw.stmt_len == 0 ? sql.size() - raw.stmt_location : raw.stmt_len;
  ASSIGN_OR_RETURN(Statement out, TransformNode(raw.stmt, raw.stmt_location));
  out.location = raw.stmt_location;
  out.text = std::string(sql.substr(raw.stmt_location, len));
  return out;
}

Result<ExplainStmt> TransformExplain(const PgQuery__ExplainStmt& e, int location) {
  ExplainStmt out;
  for (size_t i = 0; i < e.n_options; i++) {
    const PgQuery__DefElem& opt = *e.options[i]->def_elem;
    std::string name = opt.defname;
    bool on = opt.arg == nullptr || transform::StringOf(opt.arg) != "false";
    if (opt.arg != nullptr && opt.arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) {
      on = opt.arg->boolean->boolval;
    }
    if (name == "analyze") {
      out.analyze = on;
    } else if (name != "verbose" && name != "costs" && name != "timing" && name != "summary") {
      return Status::SyntaxError("unrecognized EXPLAIN option \"" + name + "\"");
    }
  }
  ASSIGN_OR_RETURN(Statement inner, TransformNode(e.query, location));
  out.statement = std::make_shared<Statement>(std::move(inner));
  return out;
}

Result<Statement> TransformNode(const PgQuery__Node* n, int location) {
  Statement out;
  switch (n->node_case) {
    case PG_QUERY__NODE__NODE_UPDATE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformUpdate(*n->update_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_DELETE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformDelete(*n->delete_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformAlterTable(*n->alter_table_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformRename(*n->rename_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCreateSequence(*n->create_seq_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformTruncate(*n->truncate_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_VACUUM_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformVacuum(*n->vacuum_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_COPY_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCopy(*n->copy_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT: {
      ASSIGN_OR_RETURN(out.node, TransformExplain(*n->explain_stmt, location));
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCreateTable(*n->create_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCreateIndex(*n->index_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_VIEW_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCreateView(*n->view_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_DROP_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformDrop(*n->drop_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_INSERT_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformInsert(*n->insert_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformSelect(*n->select_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformCreateRole(*n->create_role_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformAlterRole(*n->alter_role_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_DROP_ROLE_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformDropRole(*n->drop_role_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformDeclareCursor(*n->declare_cursor_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_FETCH_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformFetch(*n->fetch_stmt));
      break;
    }
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT: {
      const char* name = n->close_portal_stmt->portalname;
      out.node = CloseCursorStmt{name != nullptr ? name : ""};
      break;
    }
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: {
      ASSIGN_OR_RETURN(out.node, transform::TransformTransaction(*n->transaction_stmt));
      break;
    }
    default: {
      const ProtobufCFieldDescriptor* f =
          protobuf_c_message_descriptor_get_field(&pg_query__node__descriptor, n->node_case);
      return Unsupported(std::string("statement ") + (f ? f->name : "of this kind"), location);
    }
  }
  return out;
}

Result<std::vector<Statement>> ParseOnThisThread(std::string_view sql) {
  std::string text(sql);  // pg_query wants a NUL-terminated string
  PgQueryProtobufParseResult parsed = pg_query_parse_protobuf(text.c_str());
  struct Free {
    PgQueryProtobufParseResult* r;
    ~Free() { pg_query_free_protobuf_parse_result(*r); }
  } free_parsed{&parsed};
  if (parsed.error != nullptr) {
    // libpg_query gives no SQLSTATE; the grammar's few errors that are not syntax errors get
    // PostgreSQL's codes back from their text.
    std::string_view message = parsed.error->message;
    std::string code = "42601";
    if ((message.starts_with("role name \"") && message.ends_with("\" is reserved")) ||
        message.ends_with(" cannot be used as a role name here")) {
      code = "42939";
    } else if (message == "UNENCRYPTED PASSWORD is no longer supported") {
      code = "0A000";
    } else if (message.starts_with("invalid byte sequence for encoding")) {
      code = "22021";  // E'\000': the lexer's character_not_in_repertoire
    }
    return Status(code, parsed.error->message, parsed.error->cursorpos);
  }
  PgQuery__ParseResult* tree = pg_query__parse_result__unpack(
      nullptr, parsed.parse_tree.len, reinterpret_cast<const uint8_t*>(parsed.parse_tree.data));
  if (tree == nullptr) return Status::Internal("could not decode the parse tree");
  struct FreeTree {
    PgQuery__ParseResult* t;
    ~FreeTree() { pg_query__parse_result__free_unpacked(t, nullptr); }
  } free_tree{tree};
  std::vector<Statement> out;
  for (size_t i = 0; i < tree->n_stmts; i++) {
    ASSIGN_OR_RETURN(Statement s, TransformStatement(*tree->stmts[i], text));
    out.push_back(std::move(s));
  }
  return out;
}

// Operators chained without parentheses become a deep tree that libpg_query serializes
// recursively. Count them (an over-estimate: every operator character and AND/OR counts).
size_t CountOperators(std::string_view sql) {
  size_t n = 0;
  for (size_t i = 0; i < sql.size(); i++) {
    char c = sql[i];
    if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%' || c == '^' || c == '<' ||
        c == '>' || c == '=' || c == '|') {
      n++;
    } else if (i + 3 < sql.size() && (c == ' ' || c == ')') &&
               ((sql[i + 1] | 0x20) == 'o' || (sql[i + 1] | 0x20) == 'a')) {
      n++;
    }
  }
  return n;
}

constexpr size_t kOperatorsOnCallerStack = 2000;
// libpg_query takes about 9 s for a chain of 100,000 operators (quadratic); refuse longer ones.
constexpr size_t kMaxOperators = 100'000;

// Runs `fn` on a thread whose stack fits the statement: about 700 bytes per chained operator
// were measured (DEPS.md), so 2 KiB each plus 16 MiB leaves a wide margin.
void RunWithStack(size_t stack_bytes, const std::function<void()>& fn) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  if (pthread_create(&thread, &attr, trampoline, const_cast<std::function<void()>*>(&fn)) == 0) {
    pthread_join(thread, nullptr);
  } else {
    fn();  // could not get a big stack; the operator limit below still bounds the depth
  }
  pthread_attr_destroy(&attr);
}

}  // namespace

Result<std::vector<Statement>> Parse(std::string_view sql) {
  RETURN_IF_ERROR(ValidateUtf8(sql));  // PostgreSQL checks the encoding before parsing
  if (sql.size() > kMaxStatementBytes) {
    return Status("54000", "statement is too long (" + std::to_string(sql.size()) +
                               " bytes; the limit is " + std::to_string(kMaxStatementBytes) + ")");
  }
  size_t ops = CountOperators(sql);
  if (ops <= kOperatorsOnCallerStack) return ParseOnThisThread(sql);
  if (ops > kMaxOperators) {
    return Status("54001", "statement is too complex: more than " + std::to_string(kMaxOperators) +
                               " operators");
  }
  Result<std::vector<Statement>> result = Status::Internal("parser thread did not run");
  RunWithStack((16 << 20) + ops * 2048, [&] { result = ParseOnThisThread(sql); });
  return result;
}

}  // namespace komodo::sql
