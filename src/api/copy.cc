// Connection::BeginCopy and Copy: COPY FROM STDIN / TO STDOUT in the session's transaction.
#include "exec/copy.h"

#include "api/database_impl.h"
#include "common/macros.h"
#include "sql/parser/parser.h"

namespace komodo {

using TxnState = Connection::Impl::TxnState;

struct Copy::Impl {
  Connection::Impl& session;
  sql::Statement statement;
  size_t columns = 0;
  bool autocommit = false;
  bool done = false;
  Status failure;                        // why a COPY FROM ended early
  std::unique_ptr<exec::CopyFrom> from;  // COPY FROM, once started

  const sql::CopyStmt& stmt() const { return std::get<sql::CopyStmt>(statement.node); }

  // Opens the statement's transaction: the block's, or one of its own outside a block.
  exec::ExecContext BeginStatement() {
    Connection::Impl& s = session;
    autocommit = s.state == TxnState::kIdle;
    if (autocommit) {
      s.txn = s.db.engine->BeginTransaction();
      s.transaction_start = exec::CurrentTimestampMicros();
    } else if (!s.repeatable_read) {
      s.txn->RefreshSnapshot();
    }
    s.cancel.store(s.terminated.load());
    return api::StatementContext(s, autocommit);
  }
  // An error ends the COPY: its own transaction is rolled back, a block is aborted.
  Status Fail(Status status) {
    done = true;
    failure = status;
    from.reset();
    if (autocommit) {
      api::RollbackTransaction(session);
    } else if (session.state == TxnState::kInBlock) {
      session.state = TxnState::kFailed;
    }
    return status;
  }
};

Copy::Copy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Copy::~Copy() {
  if (impl_->from != nullptr && !impl_->done) {
    impl_->Fail(Status("57014", "COPY from stdin was abandoned")).PermitUncheckedError();
  }
}

bool Copy::is_copy_in() const { return impl_->stmt().from; }
size_t Copy::num_columns() const { return impl_->columns; }

Status Copy::Write(std::string_view data) {
  if (impl_->done || impl_->from == nullptr) {
    return impl_->failure.ok() ? Status::Internal("COPY is not receiving data") : impl_->failure;
  }
  Status s = impl_->from->Write(data);
  if (!s.ok()) return impl_->Fail(std::move(s));
  return Status::OK();
}

Result<QueryResult> Copy::Finish() {
  if (impl_->done || impl_->from == nullptr) {
    if (!impl_->failure.ok()) return impl_->failure;
    return Status::Internal("COPY is not receiving data");
  }
  Result<QueryResult> r = impl_->from->Finish();
  if (!r.ok()) return impl_->Fail(r.status());
  impl_->done = true;
  impl_->from.reset();
  if (impl_->autocommit) RETURN_IF_ERROR(api::CommitTransaction(impl_->session));
  return r;
}

Status Copy::Abort(std::string_view message) {
  Status s("57014", "COPY from stdin failed: " + std::string(message));
  if (!impl_->done) return impl_->Fail(s);
  return s;
}

Result<QueryResult> Copy::Out(const std::function<Status(std::string_view)>& sink) {
  if (is_copy_in() || impl_->done) return Status::Internal("not a COPY TO STDOUT in progress");
  impl_->done = true;
  exec::ExecContext ctx = impl_->BeginStatement();
  Result<QueryResult> r = exec::ExecuteCopyTo(impl_->stmt(), ctx, sink);
  if (!r.ok()) return impl_->Fail(r.status());
  if (impl_->autocommit) RETURN_IF_ERROR(api::CommitTransaction(impl_->session));
  return r;
}

Result<std::unique_ptr<Copy>> Connection::BeginCopy(std::string_view sql) {
  Connection::Impl& s = *impl_;
  s.notices.clear();
  Result<std::vector<sql::Statement>> stmts = sql::Parse(sql);
  if (!stmts.ok()) {
    if (s.state == TxnState::kInBlock) s.state = TxnState::kFailed;
    return stmts.status();
  }
  if (stmts->size() != 1 || !std::holds_alternative<sql::CopyStmt>((*stmts)[0].node)) {
    return Status::FeatureNotSupported("BeginCopy takes a single COPY statement");
  }
  if (s.state == TxnState::kFailed) return Status::InFailedTransaction();
  auto impl = std::make_unique<Copy::Impl>(Copy::Impl{s, std::move((*stmts)[0])});
  const sql::CopyStmt& stmt = impl->stmt();
  auto fail_in_block = [&](Status status) {
    if (s.state == TxnState::kInBlock) s.state = TxnState::kFailed;
    return status;
  };
  if (!stmt.from) {
    Result<size_t> n = exec::CopyToColumns(stmt, *s.CatalogView());
    if (!n.ok()) return fail_in_block(n.status());
    impl->columns = *n;
    return std::make_unique<Copy>(std::move(impl));
  }
  if (s.state == TxnState::kInBlock && s.read_only) {
    return fail_in_block(Status("25006", "cannot execute COPY FROM in a read-only transaction"));
  }
  exec::ExecContext ctx = impl->BeginStatement();
  Result<std::unique_ptr<exec::CopyFrom>> from = exec::CopyFrom::Start(stmt, ctx);
  if (!from.ok()) return impl->Fail(from.status());
  impl->from = std::move(*from);
  impl->columns = impl->from->num_columns();
  return std::make_unique<Copy>(std::move(impl));
}

Result<QueryResult> Connection::CopyOut(std::string_view sql,
                                        const std::function<Status(std::string_view)>& sink) {
  ASSIGN_OR_RETURN(std::unique_ptr<Copy> copy, BeginCopy(sql));
  if (copy->is_copy_in()) return Status::FeatureNotSupported("CopyOut takes COPY ... TO STDOUT");
  return copy->Out(sink);
}

}  // namespace komodo
