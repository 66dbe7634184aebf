// COPY table [(columns)] FROM STDIN / TO STDOUT and COPY (query) TO STDOUT, with the options of
// PostgreSQL 15 (both WITH (FORMAT csv, HEADER) and the old CSV HEADER spelling arrive as
// DefElems).
#include <cctype>

#include "sql/parser/transform.h"

namespace komodo::sql::transform {

namespace {

// The option's argument as text: a string, a number, or a boolean keyword.
std::string ArgText(const PgQuery__Node* arg) {
  if (arg == nullptr) return "";
  switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
      return arg->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
      return std::to_string(arg->integer->ival);
    case PG_QUERY__NODE__NODE_FLOAT:
      return arg->float_->fval;
    case PG_QUERY__NODE__NODE_BOOLEAN:
      return arg->boolean->boolval ? "true" : "false";
    default:
      return "";
  }
}

Result<bool> HeaderChoice(const PgQuery__DefElem& opt, bool from) {
  if (opt.arg == nullptr) return true;
  std::string v = ArgText(opt.arg);
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v == "on" || v == "1") return true;
  if (v == "false" || v == "off" || v == "0") return false;
  if (v == "match") {
    if (!from) return Status::FeatureNotSupported("cannot use \"match\" with HEADER in COPY TO");
    return Unsupported("HEADER MATCH");
  }
  return Status::SyntaxError("header requires a Boolean value or \"match\"");
}

Result<char> SingleByte(const PgQuery__DefElem& opt, const char* what) {
  std::string v = ArgText(opt.arg);
  if (v.size() != 1) {
    return Status::FeatureNotSupported(std::string("COPY ") + what +
                                       " must be a single one-byte character");
  }
  return v[0];
}

}  // namespace

Result<CopyStmt> TransformCopy(const PgQuery__CopyStmt& stmt) {
  CopyStmt out;
  out.from = stmt.is_from;
  if (stmt.is_program || (stmt.filename != nullptr && stmt.filename[0] != '\0')) {
    return Status::FeatureNotSupported(std::string("COPY ") + (out.from ? "FROM" : "TO") +
                                       (stmt.is_program ? " PROGRAM" : " a server file") +
                                       " is not supported")
        .WithDetail(std::string("Use COPY ") + (out.from ? "FROM STDIN" : "TO STDOUT") +
                    ", as psql's \\copy does.");
  }
  if (stmt.where_clause != nullptr) return Unsupported("COPY FROM ... WHERE");
  if (stmt.relation != nullptr) {
    ASSIGN_OR_RETURN(out.table, RelationName(stmt.relation));
    out.table_location = stmt.relation->location;
  } else if (stmt.query != nullptr && stmt.query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
    ASSIGN_OR_RETURN(SelectStmt q, TransformSelect(*stmt.query->select_stmt));
    out.query = std::make_shared<SelectStmt>(std::move(q));
  } else {
    return Unsupported("COPY of this kind of query");
  }
  for (size_t i = 0; i < stmt.n_attlist; i++) out.columns.push_back(StringOf(stmt.attlist[i]));

  // Options, checked as PostgreSQL's ProcessCopyOptions does.
  bool seen_format = false, seen_header = false, seen_delimiter = false, seen_null = false,
       seen_quote = false, seen_escape = false;
  CopyOptions& o = out.options;
  for (size_t i = 0; i < stmt.n_options; i++) {
    const PgQuery__DefElem& opt = *stmt.options[i]->def_elem;
    std::string name = opt.defname;
    auto once = [&](bool& seen) -> Status {
      if (seen) return Status::SyntaxError("conflicting or redundant options", opt.location + 1);
      seen = true;
      return Status::OK();
    };
    if (name == "format") {
      RETURN_IF_ERROR(once(seen_format));
      std::string f = ArgText(opt.arg);
      if (f == "csv") {
        o.csv = true;
      } else if (f == "binary") {
        return Unsupported("COPY in binary format");
      } else if (f != "text") {
        return Status::InvalidParameter("COPY format \"" + f + "\" not recognized")
            .WithPosition(opt.location + 1);
      }
    } else if (name == "header") {
      RETURN_IF_ERROR(once(seen_header));
      ASSIGN_OR_RETURN(o.header, HeaderChoice(opt, out.from));
    } else if (name == "delimiter") {
      RETURN_IF_ERROR(once(seen_delimiter));
      ASSIGN_OR_RETURN(o.delimiter, SingleByte(opt, "delimiter"));
    } else if (name == "null") {
      RETURN_IF_ERROR(once(seen_null));
      o.null_string = ArgText(opt.arg);
    } else if (name == "quote") {
      RETURN_IF_ERROR(once(seen_quote));
      ASSIGN_OR_RETURN(o.quote, SingleByte(opt, "quote"));
    } else if (name == "escape") {
      RETURN_IF_ERROR(once(seen_escape));
      ASSIGN_OR_RETURN(o.escape, SingleByte(opt, "escape"));
    } else if (name == "freeze" || name == "encoding") {
      // Accepted and ignored: every COPY is already one transaction, and the encoding is UTF8.
    } else {
      return Status::SyntaxError("option \"" + name + "\" not recognized", opt.location + 1);
    }
  }
  if (!seen_delimiter) o.delimiter = o.csv ? ',' : '\t';
  if (!seen_null) o.null_string = o.csv ? "" : "\\N";
  if (!o.csv && seen_quote) {
    return Status::FeatureNotSupported("COPY quote available only in CSV mode");
  }
  if (!o.csv && seen_escape) {
    return Status::FeatureNotSupported("COPY escape available only in CSV mode");
  }
  if (!seen_escape) o.escape = o.quote;
  if (o.delimiter == '\n' || o.delimiter == '\r') {
    return Status::InvalidParameter("COPY delimiter cannot be newline or carriage return");
  }
  if (o.null_string.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidParameter(
        "COPY null representation cannot use newline or carriage return");
  }
  if (!o.csv && o.delimiter == '\\') {
    return Status::InvalidParameter("COPY delimiter cannot be \"\\\"");
  }
  if (o.csv && o.delimiter == o.quote) {
    return Status::InvalidParameter("COPY delimiter and quote must be different");
  }
  if (o.csv && o.null_string.find(o.delimiter) != std::string::npos) {
    return Status::InvalidParameter("COPY delimiter must not appear in the NULL specification");
  }
  if (o.csv && o.null_string.find(o.quote) != std::string::npos) {
    return Status::InvalidParameter(
        "CSV quote character must not appear in the NULL specification");
  }
  return out;
}

}  // namespace komodo::sql::transform
