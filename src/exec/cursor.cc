#include "exec/cursor.h"

#include <utility>

#include "common/macros.h"
#include "sql/planner/planner.h"

namespace komodo::exec {

namespace {
Status CannotScanBackward() {
  return Status("55000", "cursor can only scan forward")
      .WithHint("Declare it with SCROLL option to enable backward scan.");
}
}  // namespace

Result<std::unique_ptr<Cursor>> Cursor::Open(std::shared_ptr<const sql::SelectStmt> query,
                                             bool scroll, const ExecContext& ctx,
                                             const std::vector<Value>& params) {
  std::unique_ptr<Cursor> c(new Cursor(ctx, scroll));
  c->query_ = std::move(query);
  c->bind_ = std::make_unique<sql::BindContext>(c->ctx_.state.get(), &c->param_types_);
  c->bind_->sessions = ctx.sessions;
  ASSIGN_OR_RETURN(c->plan_, sql::PlanQuery(*c->query_, c->bind_.get(), nullptr));
  c->columns_ = ResultColumns(c->plan_->columns);
  ASSIGN_OR_RETURN(c->args_, BindParams(c->param_types_, params));
  c->rt_ = std::make_unique<Runtime>(&c->ctx_, &c->args_);
  if (!ctx.repeatable_read) c->snapshot_ = ctx.txn.PinSnapshot();
  c->op_ = BuildOperator(*c->plan_);
  c->ctx_.txn.UseSnapshot(c->snapshot_);
  Status opened = c->op_->Open(*c->rt_);
  c->ctx_.txn.UseSnapshot(nullptr);
  RETURN_IF_ERROR(opened);
  return c;
}

Cursor::~Cursor() {
  op_.reset();  // operators (and their iterators) go before the runtime and the plan
  rt_.reset();
}

Result<bool> Cursor::ReadBatch() {
  if (op_ == nullptr) return false;
  Chunk chunk;
  ctx_.txn.UseSnapshot(snapshot_);
  Result<bool> more = op_->Next(*rt_, &chunk);
  ctx_.txn.UseSnapshot(nullptr);
  RETURN_IF_ERROR(more.status());
  if (!*more) {
    op_.reset();
    return false;
  }
  for (Row& r : chunk.rows) buffered_.push_back(std::move(r));
  return true;
}

Result<const Row*> Cursor::RowAt(int64_t k) {
  if (k < first_buffered_) return CannotScanBackward();
  while (k >= first_buffered_ + static_cast<int64_t>(buffered_.size())) {
    ASSIGN_OR_RETURN(bool more, ReadBatch());
    if (!more) return nullptr;
  }
  return &buffered_[k - first_buffered_];
}

void Cursor::Trim() {
  if (scroll_) return;
  while (!buffered_.empty() && first_buffered_ < position_) {
    buffered_.pop_front();
    first_buffered_++;
  }
}

Result<QueryResult> Cursor::Fetch(const sql::FetchStmt& f, const ExecContext& statement) {
  using Direction = sql::FetchStmt::Direction;
  ctx_.deadline = statement.deadline;
  std::vector<Row> rows;
  int64_t moved = 0;
  // Lands on row k (0: before the first row); false, and after the end, when there is no row k.
  auto go_to = [&](int64_t k) -> Result<bool> {
    if (k <= 0) {
      position_ = 0;
      return false;
    }
    ASSIGN_OR_RETURN(const Row* row, RowAt(k));
    if (row == nullptr) {
      position_ = first_buffered_ + static_cast<int64_t>(buffered_.size());  // after the end
      return false;
    }
    position_ = k;
    if (!f.move) rows.push_back(*row);
    moved++;
    return true;
  };
  // Steps `count` rows forward (step 1) or back (step -1), one row at a time.
  auto step = [&](int64_t count, int64_t dir) -> Status {
    if (dir < 0 && !scroll_ && count > 0) return CannotScanBackward();
    for (int64_t i = 0; i < count; i++) {
      if (dir < 0 && position_ == 0) break;
      ASSIGN_OR_RETURN(bool landed, go_to(position_ + dir));
      if (!landed) break;
      Trim();
    }
    return Status::OK();
  };
  // The current row again (FETCH RELATIVE 0, FORWARD 0, BACKWARD 0).
  auto refetch = [&]() -> Status {
    if (position_ <= 0) return Status::OK();
    ASSIGN_OR_RETURN(const Row* row, RowAt(position_));
    if (row != nullptr) {
      if (!f.move) rows.push_back(*row);
      moved++;
    }
    return Status::OK();
  };

  switch (f.direction) {
    case Direction::kForward:
    case Direction::kBackward: {
      int64_t dir = f.direction == Direction::kForward ? 1 : -1;
      int64_t count = f.count;
      if (count < 0) {  // FORWARD -n is BACKWARD n
        dir = -dir;
        count = -count;
      }
      if (count == 0) {
        RETURN_IF_ERROR(refetch());
      } else {
        RETURN_IF_ERROR(step(count, dir));
      }
      break;
    }
    case Direction::kRelative:
      if (f.count == 0) {
        RETURN_IF_ERROR(refetch());
      } else {
        // Only the row landed on is returned (the rows passed over are read and skipped).
        if (f.count < 0 && !scroll_) return CannotScanBackward();
        ASSIGN_OR_RETURN(bool landed, go_to(position_ + f.count));
        (void)landed;
        Trim();
      }
      break;
    case Direction::kAbsolute: {
      int64_t target = f.count;
      if (target < 0) {  // from the end: read everything to know where it is
        if (!scroll_) return CannotScanBackward();
        while (true) {
          ASSIGN_OR_RETURN(bool more, ReadBatch());
          if (!more) break;
        }
        int64_t last = first_buffered_ + static_cast<int64_t>(buffered_.size()) - 1;
        target = last + 1 + target;
        if (target <= 0) {
          position_ = 0;
          break;
        }
      }
      if (target < position_ && !scroll_) return CannotScanBackward();
      ASSIGN_OR_RETURN(bool landed, go_to(target));
      (void)landed;
      Trim();
      break;
    }
  }
  std::string tag = (f.move ? "MOVE " : "FETCH ") + std::to_string(moved);
  if (f.move) return QueryResult(std::move(tag), {}, {});
  return QueryResult(std::move(tag), columns_, std::move(rows));
}

Result<std::vector<Row>> Cursor::Next(size_t max_rows, const ExecContext& statement) {
  ctx_.deadline = statement.deadline;
  if (!pending_error_.ok()) return std::exchange(pending_error_, Status::OK());
  std::vector<Row> rows;
  while (rows.size() < max_rows) {
    Result<const Row*> next = RowAt(position_ + 1);
    if (!next.ok()) {
      if (rows.empty()) return next.status();
      pending_error_ = next.status();  // the rows before the error go out first
      break;
    }
    const Row* row = *next;
    if (row == nullptr) break;
    rows.push_back(*row);
    position_++;
    Trim();
  }
  return rows;
}

Status Cursor::Materialize() {
  while (op_ != nullptr) {
    ASSIGN_OR_RETURN(bool more, ReadBatch());
    if (!more) break;
  }
  rt_.reset();
  snapshot_.reset();
  return Status::OK();
}

}  // namespace komodo::exec
