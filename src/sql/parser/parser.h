// Parse: SQL text -> KomodoDB statements, through libpg_query (the PostgreSQL 15 grammar).
// The only code that includes pg_query.h. Safe to call from any number of threads.
#pragma once

#include <string_view>
#include <vector>

#include "komodo/result.h"
#include "sql/parser/ast.h"

namespace komodo::sql {

// libpg_query's output stage recurses once per chained operator and overflows an ordinary stack
// on very long chains (DEPS.md). Long statements are therefore parsed on a thread whose stack is
// sized to the statement; statements over kMaxStatementBytes are refused with 54000, and ones with
// more than 100,000 operators with 54001, rather than risking a crash.
inline constexpr size_t kMaxStatementBytes = 64 << 20;

// Errors: 42601 with the position of a syntax error; 0A000 for statements or clauses KomodoDB
// does not support yet (with their name); 54000/54001 when over the limits above.
Result<std::vector<Statement>> Parse(std::string_view sql);

}  // namespace komodo::sql
