// A view: a named query, kept as the text of its CREATE VIEW statement and expanded like a
// subquery wherever it is named (sql/planner/plan_from.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo::catalog {

struct ViewColumn {
  std::string name;
  TypeId type = TypeId::kUnknown;
};

struct ViewDef {
  uint32_t id = 0;
  std::string name;
  std::string sql;                  // the CREATE [OR REPLACE] VIEW statement, as written
  std::vector<ViewColumn> columns;  // as they were when the view was created
  std::vector<uint32_t> depends;    // the ids of the tables and views its query reads
};

// On-disk form (KeyKind::kView): a version byte (1), then varint/length-prefixed fields.
std::string EncodeViewDef(const ViewDef& v);
// Errors: XX001 when the record is truncated or of an unknown version.
Result<ViewDef> DecodeViewDef(std::string_view record);

}  // namespace komodo::catalog
