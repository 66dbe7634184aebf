// Cursors (DECLARE ... CURSOR, FETCH, MOVE): an open query whose rows are fetched a few at a
// time, so a client can read a large result without the server holding all of it.
//
// Positions are PostgreSQL's: 0 is before the first row, k is on row k, and one past the last
// row is after the end. A forward-only cursor keeps only its current row; a SCROLL cursor keeps
// every row it has read, so that it can move back. A cursor reads as of its DECLARE: in READ
// COMMITTED it pins that statement's snapshot (storage::Transaction::PinSnapshot).
#pragma once

#include <deque>
#include <memory>
#include <vector>

#include "exec/executor.h"
#include "exec/operators.h"
#include "sql/binder/binder.h"

namespace komodo::exec {

class Cursor {
 public:
  // Plans `query` and opens it in `ctx`, whose transaction must outlive the open cursor (until
  // Materialize). Errors: the query's.
  static Result<std::unique_ptr<Cursor>> Open(std::shared_ptr<const sql::SelectStmt> query,
                                              bool scroll, const ExecContext& ctx,
                                              const std::vector<Value>& params);
  ~Cursor();

  const std::vector<ColumnInfo>& columns() const { return columns_; }

  // FETCH or MOVE; `statement` is the FETCH's own context, whose deadline applies. The result is
  // "FETCH n" with the rows, or "MOVE n". Errors: 55000 moving back in a cursor without SCROLL.
  Result<QueryResult> Fetch(const sql::FetchStmt& f, const ExecContext& statement);

  // Reads the remaining rows into memory and lets go of the transaction: a WITH HOLD cursor at
  // its transaction's commit.
  Status Materialize();

 private:
  Cursor(const ExecContext& ctx, bool scroll) : ctx_(ctx), scroll_(scroll) {}

  // Row `k` (1-based), reading ahead as needed; nullptr past the end.
  Result<const Row*> RowAt(int64_t k);
  // Reads the next batch from the plan into buffered_; false at the end.
  Result<bool> ReadBatch();
  // Drops rows before the current one when they can never be fetched again.
  void Trim();

  ExecContext ctx_;  // the DECLARE's; the deadline is updated by each FETCH
  bool scroll_;
  std::shared_ptr<const sql::SelectStmt> query_;
  std::vector<TypeId> param_types_;
  std::vector<Value> args_;
  std::unique_ptr<sql::BindContext> bind_;
  sql::PlanPtr plan_;
  std::unique_ptr<Runtime> rt_;
  std::unique_ptr<Operator> op_;  // null once the plan is exhausted or materialized
  std::shared_ptr<storage::ReadSnapshot> snapshot_;
  std::vector<ColumnInfo> columns_;

  std::deque<Row> buffered_;  // rows first_buffered_, first_buffered_ + 1, ...
  int64_t first_buffered_ = 1;
  int64_t position_ = 0;
};

}  // namespace komodo::exec
