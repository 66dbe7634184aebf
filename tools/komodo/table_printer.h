// psql's default output format ("aligned", border 1) for query results and \d listings.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "komodo/database.h"

namespace komodo::cli {

struct TextTable {
  std::string title;  // centered above the table; none when empty
  std::vector<std::string> headers;
  std::vector<bool> right_aligned;             // per column; a missing entry means left-aligned
  std::vector<std::vector<std::string>> rows;  // each row has headers.size() cells
  std::vector<std::string> footers;            // lines printed as they are after the rows
};

// Renders `table` as psql does:
//
//          Title
//   id | name  | score
//  ----+-------+-------
//    1 | alice |   3.5
//  (1 row)
//  <empty line>
//
// Headers are centered, columns are separated by " | ", a cell holding newlines spans several
// lines with psql's '+' marks, tabs expand to 8-column stops. Widths count screen columns of
// UTF-8 text (East Asian wide characters take two).
std::string FormatAligned(const TextTable& table);

// A row-returning result in psql's layout: numeric columns right-aligned, NULL as an empty
// cell, footer "(1 row)" or "(N rows)".
TextTable TableFromResult(const QueryResult& result);

// Screen columns taken by `text` (UTF-8; invalid bytes count one column each).
int DisplayWidth(std::string_view text);

}  // namespace komodo::cli
