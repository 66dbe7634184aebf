// COPY ... FROM STDIN and COPY ... TO STDOUT: the text and CSV data formats of PostgreSQL 15
// (CopyDecoder, EncodeCopyRow: pure, unit-tested) and the two statements over a transaction
// (CopyFrom, ExecuteCopyTo). The session (src/api/copy.cc) owns the transaction around them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/evaluate.h"
#include "exec/executor.h"
#include "exec/foreign_keys.h"

namespace komodo::exec {

// One field of a COPY line; nullopt is NULL.
using CopyField = std::optional<std::string>;

// Splits COPY data into lines and each line into fields, undoing the format's escaping. Data may
// arrive in chunks of any size; a line (or a quoted CSV field) may span chunks. Lines end at
// "\n" or "\r\n"; a line "\." ends the data (what follows it is ignored). With HEADER the first
// line is skipped.
class CopyDecoder {
 public:
  using LineFn = std::function<Status(std::vector<CopyField>& fields)>;
  explicit CopyDecoder(const sql::CopyOptions& options) : o_(options) {}

  // Calls `on_line` for every line completed by `data`. Errors (22P04) are the format's own.
  Status Feed(std::string_view data, const LineFn& on_line);
  // The end of the data: a last line without a newline is still a line. Errors: 22P04 for an
  // unterminated CSV quoted field.
  Status Finish(const LineFn& on_line);

  // The 1-based number and the text (without its newline) of the line being handled, for error
  // context.
  uint64_t line_number() const { return line_number_; }
  const std::string& line() const { return line_; }
  bool ended() const { return ended_; }

 private:
  Status HandleLine(const LineFn& on_line);
  Status SplitText(std::vector<CopyField>* fields) const;
  Status SplitCsv(std::vector<CopyField>* fields) const;

  sql::CopyOptions o_;
  std::string buf_;        // data not yet split into lines
  size_t scan_ = 0;        // how far buf_ has been scanned for the end of the line
  bool in_quote_ = false;  // CSV: the scan is inside a quoted field
  bool escaped_ = false;   // the scan stopped right after an escape character
  bool ended_ = false;
  uint64_t line_number_ = 0;
  std::string line_;
};

// One row in the format, with its newline. `fields` are the values' text output (nullopt: NULL).
// `single_column` says the row has one column (CSV then quotes a value of "\.").
std::string EncodeCopyRow(const sql::CopyOptions& o, const std::vector<CopyField>& fields);

// PostgreSQL's CONTEXT text of an error in COPY FROM: "COPY t, line 3: "<line>"" (with `column`:
// "COPY t, line 3, column a: "<value>""). Long values are cut at 100 bytes, as PostgreSQL does.
std::string CopyContext(const std::string& table, uint64_t line, const std::string* column,
                        const std::string* value);

// COPY ... FROM STDIN over `ctx`'s transaction: each line is cast (Value::FromText, then the
// column's typmod), completed with DEFAULTs, checked for NOT NULL and inserted as it arrives.
// A failed COPY leaves its rows in the transaction: the caller rolls back.
class CopyFrom {
 public:
  static Result<std::unique_ptr<CopyFrom>> Start(const sql::CopyStmt& s, const ExecContext& ctx);
  ~CopyFrom();

  size_t num_columns() const { return targets_.size(); }
  Status Write(std::string_view data);
  Result<QueryResult> Finish();  // "COPY n"

 private:
  CopyFrom(const sql::CopyStmt& s, const ExecContext& ctx);
  Status InsertLine(std::vector<CopyField>& fields);

  ExecContext ctx_;
  Runtime rt_;
  std::vector<Value> no_params_;
  const catalog::TableDef* table_ = nullptr;
  std::vector<int> targets_;
  std::vector<BoundCheck> checks_;
  std::unique_ptr<ForeignKeys> fks_;         // checked when the data ends, as PostgreSQL does
  std::vector<sql::BoundExprPtr> defaults_;  // for the columns not in targets_
  CopyDecoder decoder_;
  uint64_t count_ = 0;
};

// The number of columns COPY ... TO STDOUT writes (for CopyOutResponse), without running it.
Result<size_t> CopyToColumns(const sql::CopyStmt& s, const catalog::CatalogState& state);
// Runs COPY ... TO STDOUT: a table's rows in key order or a query's result, one `sink` call per
// line (the header line first). Returns "COPY n".
Result<QueryResult> ExecuteCopyTo(const sql::CopyStmt& s, ExecContext& ctx,
                                  const std::function<Status(std::string_view)>& sink);

}  // namespace komodo::exec
