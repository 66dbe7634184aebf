// PostgreSQL's error for invalid JSON text, with its DETAIL and CONTEXT.
#pragma once

#include <string_view>

#include "komodo/status.h"

namespace komodo::jsonb {

// The error PostgreSQL 15 reports for `text`, which the caller already knows is not valid JSON:
// 22P02 "invalid input syntax for type json" with a DETAIL naming the first bad token and a
// CONTEXT "JSON data, line N: <text up to it>"; 22P05 for \u0000 when `for_jsonb`. When the
// walk finds nothing wrong (the validator disagrees), the bare 22P02 message.
Status JsonSyntaxError(std::string_view text, bool for_jsonb);

}  // namespace komodo::jsonb
