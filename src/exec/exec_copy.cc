// COPY ... FROM STDIN and COPY ... TO STDOUT in PostgreSQL 15's text and CSV formats.
#include "common/macros.h"
#include "exec/copy.h"
#include "sql/binder/binder.h"
#include "sql/parser/parser.h"
#include "types/utf8.h"

namespace komodo::exec {

namespace {

Status BadCopyData(std::string message) { return Status("22P04", std::move(message)); }

// The text format's backslash escapes: \b \f \n \r \t \v, \ooo octal, \xhh hex, else the
// character itself.
std::string Unescape(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); i++) {
    char c = raw[i];
    if (c != '\\' || i + 1 == raw.size()) {
      out.push_back(c);
      continue;
    }
    c = raw[++i];
    auto octal = [](char d) { return d >= '0' && d <= '7'; };
    auto hex = [](char d) -> int {
      if (d >= '0' && d <= '9') return d - '0';
      if (d >= 'a' && d <= 'f') return d - 'a' + 10;
      if (d >= 'A' && d <= 'F') return d - 'A' + 10;
      return -1;
    };
    switch (c) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x':
        if (i + 1 < raw.size() && hex(raw[i + 1]) >= 0) {
          int v = hex(raw[++i]);
          if (i + 1 < raw.size() && hex(raw[i + 1]) >= 0) v = v * 16 + hex(raw[++i]);
          out.push_back(static_cast<char>(v));
        } else {
          out.push_back('x');
        }
        break;
      default:
        if (octal(c)) {
          int v = c - '0';
          for (int k = 0; k < 2 && i + 1 < raw.size() && octal(raw[i + 1]); k++) {
            v = v * 8 + (raw[++i] - '0');
          }
          out.push_back(static_cast<char>(v & 0xff));
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

}  // namespace

// --- CopyDecoder -------------------------------------------------------------------------------

Status CopyDecoder::Feed(std::string_view data, const LineFn& on_line) {
  if (ended_) return Status::OK();
  buf_.append(data);
  size_t start = 0;
  for (size_t i = scan_; i < buf_.size() && !ended_; i++) {
    char c = buf_[i];
    if (escaped_) {
      escaped_ = false;
    } else if (!o_.csv) {
      if (c == '\\') {
        escaped_ = true;
      } else if (c == '\n') {
        line_.assign(buf_, start, i - start);
        start = i + 1;
        RETURN_IF_ERROR(HandleLine(on_line));
      }
    } else if (in_quote_) {
      if (c == o_.escape && o_.escape != o_.quote) {
        escaped_ = true;
      } else if (c == o_.quote) {
        in_quote_ = false;
      }
    } else if (c == o_.quote) {
      in_quote_ = true;
    } else if (c == '\n') {
      line_.assign(buf_, start, i - start);
      start = i + 1;
      RETURN_IF_ERROR(HandleLine(on_line));
    }
  }
  if (ended_) {
    buf_.clear();
    scan_ = 0;
    return Status::OK();
  }
  buf_.erase(0, start);
  scan_ = buf_.size();
  return Status::OK();
}

Status CopyDecoder::Finish(const LineFn& on_line) {
  if (ended_ || buf_.empty()) return Status::OK();
  line_ = std::move(buf_);
  buf_.clear();
  scan_ = 0;
  if (in_quote_) {
    line_number_++;
    return BadCopyData("unterminated CSV quoted field");
  }
  return HandleLine(on_line);
}

Status CopyDecoder::HandleLine(const LineFn& on_line) {
  line_number_++;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  if (line_ == "\\.") {
    ended_ = true;
    return Status::OK();
  }
  if (!o_.csv) {
    // An unescaped "\." ends the data; before the end of the line it is a corrupt marker.
    for (size_t i = 0; i + 1 < line_.size(); i++) {
      if (line_[i] != '\\') continue;
      if (line_[i + 1] == '.') {
        if (i + 2 != line_.size()) {
          line_.clear();
          return BadCopyData("end-of-copy marker corrupt");
        }
        line_.resize(i);
        ended_ = true;
        break;
      }
      i++;
    }
    if (ended_ && line_.empty()) return Status::OK();
  }
  if (o_.header && line_number_ == 1) return Status::OK();
  std::vector<CopyField> fields;
  RETURN_IF_ERROR(o_.csv ? SplitCsv(&fields) : SplitText(&fields));
  return on_line(fields);
}

Status CopyDecoder::SplitText(std::vector<CopyField>* fields) const {
  const std::string& l = line_;
  size_t i = 0;
  while (true) {
    size_t begin = i;
    while (i < l.size() && l[i] != o_.delimiter) i += (l[i] == '\\' && i + 1 < l.size()) ? 2 : 1;
    std::string_view raw(l.data() + begin, i - begin);
    if (raw == o_.null_string) {
      fields->push_back(std::nullopt);
    } else {
      std::string v = Unescape(raw);
      if (raw.find('\\') != std::string_view::npos) RETURN_IF_ERROR(ValidateUtf8(v));
      fields->push_back(std::move(v));
    }
    if (i >= l.size()) break;
    i++;  // the delimiter
  }
  return Status::OK();
}

Status CopyDecoder::SplitCsv(std::vector<CopyField>* fields) const {
  const std::string& l = line_;
  const char q = o_.quote, e = o_.escape;
  size_t i = 0;
  while (true) {
    size_t begin = i;
    std::string v;
    bool quoted = false, in_quote = false;
    while (i < l.size()) {
      char c = l[i];
      if (in_quote) {
        if (e != q && c == e && i + 1 < l.size() && (l[i + 1] == q || l[i + 1] == e)) {
          v.push_back(l[i + 1]);
          i += 2;
        } else if (c == q && e == q && i + 1 < l.size() && l[i + 1] == q) {
          v.push_back(q);  // a doubled quote
          i += 2;
        } else if (c == q) {
          in_quote = false;
          i++;
        } else {
          v.push_back(c);
          i++;
        }
      } else if (c == o_.delimiter) {
        break;
      } else if (c == q) {
        in_quote = quoted = true;
        i++;
      } else {
        v.push_back(c);
        i++;
      }
    }
    if (in_quote) return BadCopyData("unterminated CSV quoted field");
    std::string_view raw(l.data() + begin, i - begin);
    if (!quoted && raw == o_.null_string) {
      fields->push_back(std::nullopt);
    } else {
      fields->push_back(std::move(v));
    }
    if (i >= l.size()) break;
    i++;  // the delimiter
  }
  return Status::OK();
}

// --- Encoding ----------------------------------------------------------------------------------

namespace {

void AppendText(const sql::CopyOptions& o, std::string_view v, std::string* out) {
  for (char c : v) {
    switch (c) {
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\v':
        out->append("\\v");
        break;
      case '\\':
        out->append("\\\\");
        break;
      default:
        if (c == o.delimiter) out->push_back('\\');
        out->push_back(c);
    }
  }
}

void AppendCsv(const sql::CopyOptions& o, std::string_view v, bool single_column,
               std::string* out) {
  bool quote = v == o.null_string || (single_column && v == "\\.");
  for (char c : v) {
    if (c == o.delimiter || c == o.quote || c == '\n' || c == '\r') quote = true;
  }
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back(o.quote);
  for (char c : v) {
    if (c == o.quote || c == o.escape) out->push_back(o.escape);
    out->push_back(c);
  }
  out->push_back(o.quote);
}

}  // namespace

std::string EncodeCopyRow(const sql::CopyOptions& o, const std::vector<CopyField>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); i++) {
    if (i > 0) out.push_back(o.delimiter);
    if (!fields[i].has_value()) {
      out.append(o.null_string);
    } else if (o.csv) {
      AppendCsv(o, *fields[i], fields.size() == 1, &out);
    } else {
      AppendText(o, *fields[i], &out);
    }
  }
  out.push_back('\n');
  return out;
}

std::string CopyContext(const std::string& table, uint64_t line, const std::string* column,
                        const std::string* value) {
  std::string out = "COPY " + table + ", line " + std::to_string(line);
  if (column != nullptr) out += ", column " + *column;
  if (value != nullptr) {
    constexpr size_t kMaxDisplay = 100;  // PostgreSQL's MAX_COPY_DATA_DISPLAY
    std::string shown = *value;
    if (shown.size() > kMaxDisplay) {
      size_t cut = kMaxDisplay;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xc0) == 0x80) cut--;
      shown = shown.substr(0, cut) + "...";
    }
    out += ": \"" + shown + "\"";
  }
  return out;
}

// --- COPY FROM ---------------------------------------------------------------------------------

namespace {

// The table and the positions of the listed columns (all, in table order, when none is).
Result<const catalog::TableDef*> CopyTarget(const sql::CopyStmt& s,
                                            const catalog::CatalogState& state,
                                            std::vector<int>* targets) {
  const catalog::TableDef* t = state.FindTable(s.table);
  if (t == nullptr) return Status::UndefinedTable("relation \"" + s.table + "\" does not exist");
  if (s.columns.empty()) {
    for (size_t i = 0; i < t->columns.size(); i++) targets->push_back(static_cast<int>(i));
    return t;
  }
  for (const std::string& name : s.columns) {
    int pos = t->FindColumn(name);
    if (pos < 0) {
      return Status::UndefinedColumn("column \"" + name + "\" of relation \"" + t->name +
                                     "\" does not exist");
    }
    for (int p : *targets) {
      if (p == pos) {
        return Status::DuplicateColumn("column \"" + name + "\" specified more than once");
      }
    }
    targets->push_back(pos);
  }
  return t;
}

}  // namespace

CopyFrom::CopyFrom(const sql::CopyStmt& s, const ExecContext& ctx)
    : ctx_(ctx), rt_(&ctx_, &no_params_), decoder_(s.options) {}

CopyFrom::~CopyFrom() = default;

Result<std::unique_ptr<CopyFrom>> CopyFrom::Start(const sql::CopyStmt& s, const ExecContext& ctx) {
  if (!s.from || s.table.empty()) return Status::Internal("not a COPY FROM statement");
  std::unique_ptr<CopyFrom> c(new CopyFrom(s, ctx));
  ASSIGN_OR_RETURN(c->table_, CopyTarget(s, *ctx.state, &c->targets_));
  ASSIGN_OR_RETURN(c->checks_, BindChecks(*c->table_, *ctx.state));
  c->fks_ = std::make_unique<ForeignKeys>(c->rt_, *c->ctx_.state);
  c->defaults_.resize(c->table_->columns.size());
  std::vector<bool> listed(c->table_->columns.size(), false);
  for (int p : c->targets_) listed[p] = true;
  for (size_t i = 0; i < listed.size(); i++) {
    if (listed[i]) continue;
    ASSIGN_OR_RETURN(c->defaults_[i], BindDefault(c->table_->columns[i], *ctx.state));
  }
  return c;
}

Status CopyFrom::InsertLine(std::vector<CopyField>& fields) {
  const catalog::TableDef& t = *table_;
  const uint64_t line = decoder_.line_number();
  if (fields.size() > targets_.size()) {
    return BadCopyData("extra data after last expected column");
  }
  Row row(t.columns.size());
  std::vector<bool> given(t.columns.size(), false);
  for (size_t i = 0; i < targets_.size(); i++) {
    const catalog::ColumnDef& col = t.columns[targets_[i]];
    if (i >= fields.size()) {
      return BadCopyData("missing data for column \"" + col.name + "\"");
    }
    given[targets_[i]] = true;
    if (!fields[i].has_value()) {
      row[targets_[i]] = Value::Null(col.type);
      continue;
    }
    Result<Value> v = Value::FromText(col.type, *fields[i]);
    if (v.ok()) v = AssignCast(*v, col.type, col.typmod);
    if (!v.ok()) {
      return Status(v.status()).WithContext(CopyContext(t.name, line, &col.name, &*fields[i]));
    }
    row[targets_[i]] = std::move(*v);
  }
  const Row no_row;
  for (size_t i = 0; i < t.columns.size(); i++) {
    if (given[i]) continue;
    const catalog::ColumnDef& col = t.columns[i];
    row[i] = Value::Null(col.type);
    if (defaults_[i] != nullptr) {
      ASSIGN_OR_RETURN(Value v, Evaluate(*defaults_[i], no_row, rt_));
      ASSIGN_OR_RETURN(row[i], AssignCast(v, col.type, col.typmod));
    }
  }
  RETURN_IF_ERROR(CheckNotNull(t, row));
  RETURN_IF_ERROR(EnforceChecks(checks_, t, row, rt_));
  Status inserted = ctx_.tables.Insert(ctx_.txn, t, row);
  if (!inserted.ok()) {
    // PostgreSQL buffers COPY's inserts, so its context names the line without its text.
    return Status(inserted).WithContext(CopyContext(t.name, line, nullptr, nullptr));
  }
  RETURN_IF_ERROR(fks_->RowInserted(t, row));
  count_++;
  return Status::OK();
}

Status CopyFrom::Write(std::string_view data) {
  Status s = decoder_.Feed(data, [this](std::vector<CopyField>& f) { return InsertLine(f); });
  if (!s.ok() && s.context().empty()) {
    const std::string& line = decoder_.line();
    bool show = !(s.sqlstate() == "22P04" && s.message() == "end-of-copy marker corrupt");
    return std::move(s).WithContext(
        CopyContext(table_->name, decoder_.line_number(), nullptr, show ? &line : nullptr));
  }
  return s;
}

Result<QueryResult> CopyFrom::Finish() {
  Status s = decoder_.Finish([this](std::vector<CopyField>& f) { return InsertLine(f); });
  if (!s.ok() && s.context().empty()) {
    const std::string& line = decoder_.line();
    return std::move(s).WithContext(
        CopyContext(table_->name, decoder_.line_number(), nullptr, &line));
  }
  RETURN_IF_ERROR(s);
  RETURN_IF_ERROR(fks_->Finish());
  return QueryResult("COPY " + std::to_string(count_), {}, {});
}

// --- COPY TO -----------------------------------------------------------------------------------

Result<size_t> CopyToColumns(const sql::CopyStmt& s, const catalog::CatalogState& state) {
  if (s.query != nullptr) {
    std::vector<TypeId> types;
    ASSIGN_OR_RETURN(QueryResult r, ExecuteSelect(*s.query, nullptr, state, {}, &types));
    return r.num_columns();
  }
  std::vector<int> targets;
  ASSIGN_OR_RETURN(const catalog::TableDef* t, CopyTarget(s, state, &targets));
  (void)t;
  return targets.size();
}

Result<QueryResult> ExecuteCopyTo(const sql::CopyStmt& s, ExecContext& ctx,
                                  const std::function<Status(std::string_view)>& sink) {
  std::vector<std::string> names;
  std::vector<Row> rows;
  std::vector<int> targets;
  const catalog::TableDef* t = nullptr;
  if (s.query != nullptr) {
    std::vector<TypeId> types;
    ASSIGN_OR_RETURN(QueryResult r, ExecuteSelect(*s.query, &ctx, *ctx.state, {}, &types));
    for (const ColumnInfo& c : r.columns()) names.push_back(c.name);
    rows = r.rows();
    for (size_t i = 0; i < names.size(); i++) targets.push_back(static_cast<int>(i));
  } else {
    ASSIGN_OR_RETURN(t, CopyTarget(s, *ctx.state, &targets));
    for (int p : targets) names.push_back(t->columns[p].name);
  }
  if (s.options.header) {
    std::vector<CopyField> header(names.begin(), names.end());
    RETURN_IF_ERROR(sink(EncodeCopyRow(s.options, header)));
  }
  uint64_t count = 0;
  auto emit = [&](const Row& row) -> Status {
    std::vector<CopyField> fields;
    for (int p : targets) {
      if (row[p].is_null()) {
        fields.push_back(std::nullopt);
      } else {
        fields.push_back(row[p].ToText());
      }
    }
    count++;
    return sink(EncodeCopyRow(s.options, fields));
  };
  if (t == nullptr) {
    for (const Row& row : rows) RETURN_IF_ERROR(emit(row));
  } else {
    std::unique_ptr<table::RowIterator> it = ctx.tables.ScanPrimary(ctx.txn, *t, "", "");
    while (true) {
      ASSIGN_OR_RETURN(bool more, it->Next());
      if (!more) break;
      RETURN_IF_ERROR(emit(it->row()));
    }
  }
  return QueryResult("COPY " + std::to_string(count), {}, {});
}

}  // namespace komodo::exec
