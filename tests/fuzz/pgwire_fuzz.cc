// libFuzzer target for the frontend message decoder: arbitrary bytes are framed as a startup
// packet and then as typed messages, and each message body goes through its parser. Anything
// but a clean value or a Status (a crash, a sanitizer report, a hang) is a bug.
//
//   cmake -S . -B build-fuzz -G Ninja -DKOMODO_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++
//   ninja -C build-fuzz pgwire_fuzz && build-fuzz/pgwire_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/pgwire_messages.h"

using namespace komodo::server;

namespace {

void ParseBody(char type, std::string_view body) {
  switch (type) {
    case 'Q':
      ParseQueryMessage(body).status().PermitUncheckedError();
      break;
    case 'P':
      ParseParseMessage(body).status().PermitUncheckedError();
      break;
    case 'B': {
      auto bind = ParseBindMessage(body);
      if (bind.ok()) {
        for (size_t i = 0; i < bind->params.size(); i++) {
          FormatFor(bind->param_formats, i, bind->params.size()).status().PermitUncheckedError();
        }
      }
      break;
    }
    case 'D':
    case 'C':
      ParseDescribeMessage(body).status().PermitUncheckedError();
      break;
    case 'E':
      ParseExecuteMessage(body).status().PermitUncheckedError();
      break;
    case 'p':
      ParseSaslInitialResponse(body).status().PermitUncheckedError();
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  // The first byte picks the phase, so one corpus covers both.
  if (!in.empty() && (in[0] & 1) == 0) {
    in.remove_prefix(1);
    while (true) {
      Frame f = NextStartupFrame(in);
      if (f.kind != Frame::Kind::kMessage) break;
      ParseStartupPacket(f.body).status().PermitUncheckedError();
      in.remove_prefix(f.consumed);
    }
    return 0;
  }
  if (!in.empty()) in.remove_prefix(1);
  while (true) {
    Frame f = NextFrame(in, 1 << 20);
    if (f.kind != Frame::Kind::kMessage) break;
    ParseBody(f.type, f.body);
    in.remove_prefix(f.consumed);
  }
  return 0;
}
