// The COPY sub-protocol of a session: COPY ... TO STDOUT streams CopyData as the engine produces
// lines; COPY ... FROM STDIN feeds each CopyData to the engine until CopyDone or CopyFail.
#include <cstdio>

#include "server/session.h"

namespace komodo::server {

std::optional<Frame> Session::NextCopyFrame() {
  while (!broken_) {
    Frame f = NextFrame(in_, env_.options.max_message_bytes);
    if (f.kind == Frame::Kind::kError) {
      Fatal(f.error);
      return std::nullopt;
    }
    if (f.kind == Frame::Kind::kMessage) return f;
    if (!Flush()) return std::nullopt;
    ReadOutcome r = ReadMore(-1);
    if (r == ReadOutcome::kStop) {
      Fatal(Status("57P01", "terminating connection due to administrator command"));
      return std::nullopt;
    }
    if (r != ReadOutcome::kOk) return std::nullopt;
  }
  return std::nullopt;
}

Status Session::RunCopy(const std::string& query, bool* keep) {
  Result<std::unique_ptr<Copy>> begun = conn_->BeginCopy(query);
  if (!begun.ok()) {
    SendError(begun.status());
    return begun.status();
  }
  Copy& copy = **begun;
  // The COPY messages follow the message that started it: drop that one (the callers no longer
  // read its body).
  in_.erase(0, current_consumed_);
  current_consumed_ = 0;
  if (!copy.is_copy_in()) {
    out_.CopyOutResponse(copy.num_columns());
    Result<QueryResult> r = copy.Out([&](std::string_view line) {
      out_.CopyData(line);
      return FlushIfLarge() ? Status::OK() : Status::IOError("connection lost");
    });
    if (!r.ok()) {
      SendError(r.status());
      return r.status();
    }
    out_.CopyDone();
    out_.CommandComplete(r->command_tag());
    return Status::OK();
  }
  out_.CopyInResponse(copy.num_columns());
  if (!Flush()) {
    *keep = false;
    return Status::IOError("connection lost");
  }
  // CopyData until CopyDone or CopyFail; Flush and Sync are ignored, as PostgreSQL does.
  while (true) {
    std::optional<Frame> f = NextCopyFrame();
    if (!f.has_value()) {
      *keep = false;
      return Status::IOError("connection lost");
    }
    char type = f->type;
    std::string body(f->body);
    in_.erase(0, f->consumed);
    Status status;
    switch (type) {
      case 'd':
        status = copy.Write(body);
        if (status.ok()) continue;
        break;
      case 'c': {
        Result<QueryResult> r = copy.Finish();
        if (r.ok()) {
          out_.CommandComplete(r->command_tag());
          return Status::OK();
        }
        status = r.status();
        break;
      }
      case 'f': {
        std::string message = body.empty() ? body : std::string(body.c_str());
        status = copy.Abort(message);
        break;
      }
      case 'H':
      case 'S':
        continue;
      case 'X':
        *keep = false;
        return Status::IOError("connection closed during COPY");
      default: {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "0x%02X", static_cast<unsigned char>(type));
        status = copy.Abort("protocol violation");
        status = Status("08P01",
                        std::string("unexpected message type ") + hex + " during COPY from stdin");
        break;
      }
    }
    // The COPY failed: the client may still be sending CopyData, which the message loop ignores.
    SendError(status);
    return status;
  }
}

}  // namespace komodo::server
