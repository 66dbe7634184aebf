// Views (exec_view.cc): CREATE [OR REPLACE] VIEW, DROP VIEW, and the checks other statements
// make so that views stay consistent with the tables they read.
#pragma once

#include <string>

#include "exec/executor.h"

namespace komodo::exec {

// `text` is the whole CREATE VIEW statement: the catalog keeps it and the planner parses it
// again wherever the view is named.
Result<QueryResult> ExecuteCreateView(const sql::CreateViewStmt& s, const std::string& text,
                                      ExecContext& ctx);
Result<QueryResult> ExecuteDropView(const sql::DropStmt& s, ExecContext& ctx);

// DROP TABLE name: 42809 when it is a view, 2BP01 when a view reads it.
Status CheckDropTable(const catalog::CatalogState& state, const std::string& name);

// INSERT, UPDATE or DELETE on a view: 55000 "cannot <verb> view" (views are read-only).
Status RefuseViewChange(const catalog::CatalogState& state, const std::string& name,
                        const char* verb);

}  // namespace komodo::exec
