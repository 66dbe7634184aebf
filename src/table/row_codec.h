// The row format: the value stored under a row's key.
//
//   u8 version (1) | varint n | n x ( varint (column_id << 3 | tag) | payload )
//
// tag and payload: types/tagged_value.h (1 false, 2 true, 3 integer, 4 float, 5 bytes, 6 numeric,
// 7 interval). An array column's bytes are types/array.h's EncodeArray: varint count, then per
// element a tag byte (0 NULL, else the tags above) and its payload. A NULL column
// is simply absent. Entries carry their column id and a self-describing tag, so rows written before
// ADD COLUMN (absent: NULL) or DROP COLUMN (an unknown id: skipped) decode without a rewrite.
// On-disk: never renumber the tags.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "komodo/result.h"
#include "komodo/value.h"

namespace komodo::table {

// Precondition: row.size() == def.columns.size(), each value NULL or of its column's type.
std::string EncodeRow(const catalog::TableDef& def, const std::vector<Value>& row);

// Returns one Value per column of `def`, in table order. Errors: XX001 for a damaged record.
Result<std::vector<Value>> DecodeRow(const catalog::TableDef& def, std::string_view record);

// Decodes into `row` (resized to def.columns.size()), reusing its storage. With `read` non-empty
// (one flag per column), only the columns flagged are decoded; the others are NULL.
Status DecodeRowInto(const catalog::TableDef& def, std::string_view record,
                     const std::vector<bool>& read, std::vector<Value>* row);

}  // namespace komodo::table
