#include "table_printer.h"

#include <algorithm>
#include <cstdint>

namespace komodo::cli {
namespace {

// Decodes the UTF-8 sequence at text[i]; returns its length (1 for an invalid byte).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& code_point) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) {
    code_point = b;
    return 1;
  }
  code_point = len == 1 ? b : b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      code_point = b;
      return 1;
    }
    code_point = (code_point << 6) | (byte(i + k) & 0x3F);
  }
  return len;
}

// Screen columns of one code point, after the common ranges of wcwidth(): combining marks take
// none, East Asian wide and fullwidth characters (and emoji) take two.
int CodePointWidth(uint32_t c) {
  if ((c >= 0x0300 && c <= 0x036F) || c == 0x200B || (c >= 0xFE00 && c <= 0xFE0F)) return 0;
  bool wide = (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
              (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
              (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
              (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
              (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
  return wide ? 2 : 1;
}

// The screen lines of one cell: split at '\n', tabs expanded to the next multiple of 8.
std::vector<std::string> CellLines(std::string_view cell) {
  std::vector<std::string> lines(1);
  int column = 0;
  for (size_t i = 0; i < cell.size();) {
    uint32_t c;
    size_t len = DecodeUtf8(cell, i, c);
    if (c == '\n') {
      lines.emplace_back();
      column = 0;
    } else if (c == '\t') {
      int spaces = 8 - column % 8;
      lines.back().append(spaces, ' ');
      column += spaces;
    } else if (c != '\r' || i + 1 != cell.size()) {
      lines.back().append(cell.substr(i, len));
      column += CodePointWidth(c);
    }
    i += len;
  }
  return lines;
}

bool IsNumeric(TypeId type) {
  switch (type) {
    case TypeId::kInt2:
    case TypeId::kInt4:
    case TypeId::kInt8:
    case TypeId::kFloat4:
    case TypeId::kFloat8:
      return true;
    default:
      return false;
  }
}

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t c;
    i += DecodeUtf8(text, i, c);
    width += CodePointWidth(c);
  }
  return width;
}

std::string FormatAligned(const TextTable& table) {
  size_t ncols = table.headers.size();
  auto right = [&](size_t col) {
    return col < table.right_aligned.size() && table.right_aligned[col];
  };

  // cells[row][col] holds the screen lines of that cell.
  std::vector<std::vector<std::vector<std::string>>> cells;
  std::vector<int> widths(ncols, 0);
  for (size_t col = 0; col < ncols; ++col) widths[col] = DisplayWidth(table.headers[col]);
  for (const auto& row : table.rows) {
    auto& lines = cells.emplace_back();
    for (size_t col = 0; col < ncols; ++col) {
      lines.push_back(CellLines(col < row.size() ? row[col] : std::string()));
      for (const auto& line : lines.back()) widths[col] = std::max(widths[col], DisplayWidth(line));
    }
  }

  std::string out;
  if (!table.title.empty()) {
    int total = ncols == 0 ? 0 : static_cast<int>(ncols) * 3 - 1;
    for (int w : widths) total += w;
    int title_width = DisplayWidth(table.title);
    if (title_width < total) out.append((total - title_width) / 2, ' ');
    out += table.title + "\n";
  }

  if (ncols > 0) {
    for (size_t col = 0; col < ncols; ++col) {
      int pad = widths[col] - DisplayWidth(table.headers[col]);
      if (col > 0) out += '|';
      out += ' ';
      out.append(pad / 2, ' ');
      out += table.headers[col];
      out.append((pad + 1) / 2, ' ');
      out += ' ';
    }
    out += '\n';
    for (size_t col = 0; col < ncols; ++col) {
      if (col > 0) out += '+';
      out.append(widths[col] + 2, '-');
    }
    out += '\n';
  } else {
    out += "--\n";  // psql's rendering of a result without columns
  }

  for (const auto& row : cells) {
    if (ncols == 0) break;
    size_t height = 1;
    for (const auto& lines : row) height = std::max(height, lines.size());
    for (size_t k = 0; k < height; ++k) {
      for (size_t col = 0; col < ncols; ++col) {
        const auto& lines = row[col];
        std::string_view text = k < lines.size() ? std::string_view(lines[k]) : std::string_view();
        bool more = k + 1 < lines.size();
        bool last = col + 1 == ncols;
        int pad = widths[col] - DisplayWidth(text);
        out += ' ';
        if (right(col)) {
          out.append(pad, ' ');
          out += text;
        } else {
          out += text;
          if (!last || more) out.append(pad, ' ');
        }
        if (more) {
          out += '+';
        } else if (!last) {
          out += ' ';
        }
        if (!last) out += '|';
      }
      out += '\n';
    }
  }

  for (const auto& footer : table.footers) out += footer + "\n";
  out += '\n';
  return out;
}

TextTable TableFromResult(const QueryResult& result) {
  TextTable table;
  for (const auto& column : result.columns()) {
    table.headers.push_back(column.name);
    table.right_aligned.push_back(IsNumeric(column.type));
  }
  table.rows.reserve(result.num_rows());
  for (const auto& row : result.rows()) {
    auto& cells = table.rows.emplace_back();
    cells.reserve(row.size());
    for (const auto& value : row) cells.push_back(value.is_null() ? std::string() : value.ToText());
  }
  size_t n = result.num_rows();
  table.footers.push_back(n == 1 ? "(1 row)" : "(" + std::to_string(n) + " rows)");
  return table;
}

}  // namespace komodo::cli
