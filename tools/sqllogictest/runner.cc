#include "runner.h"

#include <algorithm>

#include "test_file.h"

namespace komodo::slt {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string Render(const std::optional<std::string>& v) {
  if (!v.has_value()) return "NULL";
  if (v->empty()) return "(empty)";
  return *v;
}

std::string RenderRows(const Rows& rows) {
  std::string s;
  for (const auto& row : rows) {
    s += "    ";
    for (size_t i = 0; i < row.size(); i++) {
      if (i > 0) s += "\t";
      s += row[i];
    }
    s += "\n";
  }
  return rows.empty() ? "    (no rows)\n" : s;
}

std::string RenderError(const Status& s) {
  return "ERROR " + std::string(s.sqlstate()) + ": " + s.message();
}

std::string Indent(const std::string& sql) {
  std::string s = "    ";
  for (char c : sql) {
    s += c;
    if (c == '\n') s += "    ";
  }
  return s + "\n";
}

// Rows in the record's sort mode; valuesort yields one value per row.
Rows Normalize(Rows rows, SortMode sort) {
  if (sort == SortMode::kRowSort) {
    std::sort(rows.begin(), rows.end());
  } else if (sort == SortMode::kValueSort) {
    Rows values;
    for (auto& row : rows) {
      for (auto& v : row) values.push_back({std::move(v)});
    }
    std::sort(values.begin(), values.end());
    return values;
  }
  return rows;
}

// Empty when the outcome matches the record, else what to report after "path:line: ".
std::string Check(const Record& r, const Outcome& out) {
  switch (r.kind) {
    case Record::Kind::kStatementOk:
      if (out.status.ok()) return "";
      return "expected ok, got " + RenderError(out.status) + "\n";
    case Record::Kind::kStatementError: {
      std::string expected = "expected ERROR " + r.sqlstate +
                             (r.message.empty() ? "" : " with \"" + r.message + "\"") + ", got ";
      if (out.status.ok()) return expected + "ok\n";
      if (out.status.sqlstate() != r.sqlstate ||
          out.status.message().find(r.message) == std::string::npos) {
        return expected + RenderError(out.status) + "\n";
      }
      return "";
    }
    case Record::Kind::kQuery: {
      if (!out.status.ok()) return "expected rows, got " + RenderError(out.status) + "\n";
      if (out.num_columns != r.types.size()) {
        return "expected " + std::to_string(r.types.size()) + " columns (" + r.types + "), got " +
               std::to_string(out.num_columns) + "\n";
      }
      Rows actual;
      for (const auto& row : out.rows) {
        std::vector<std::string> rendered;
        for (const auto& v : row) rendered.push_back(Render(v));
        actual.push_back(std::move(rendered));
      }
      Rows expected = Normalize(r.expected, r.sort);
      actual = Normalize(std::move(actual), r.sort);
      if (expected == actual) return "";
      return "expected\n" + RenderRows(expected) + "got\n" + RenderRows(actual);
    }
    case Record::Kind::kHalt:
      return "";
  }
  return "";
}

}  // namespace

FileStats RunFile(Backend& backend, const std::string& path, std::ostream& out) {
  FileStats stats;
  auto records = ParseTestFile(path);
  if (!records.ok()) {
    out << records.status().message() << "\n";
    stats.failed++;
    return stats;
  }
  auto session = backend.NewSession();
  if (!session.ok()) {
    out << path << ": cannot start a session: " << RenderError(session.status()) << "\n";
    stats.failed++;
    return stats;
  }
  bool halted = false;
  for (const Record& r : *records) {
    if (halted || !r.RunsOn(backend.engine())) {
      if (r.kind != Record::Kind::kHalt) stats.skipped++;
      continue;
    }
    if (r.kind == Record::Kind::kHalt) {
      halted = true;
      continue;
    }
    auto outcome = (*session)->Execute(r.sql);
    if (!outcome.ok()) {
      out << path << ":" << r.line << ": " << RenderError(outcome.status()) << "\n"
          << Indent(r.sql) << path << ": the session broke; the rest of the file is not run\n";
      stats.failed++;
      return stats;
    }
    std::string diff = Check(r, *outcome);
    if (diff.empty()) {
      stats.passed++;
    } else {
      stats.failed++;
      out << path << ":" << r.line << ": " << diff << "  in\n" << Indent(r.sql);
    }
  }
  return stats;
}

}  // namespace komodo::slt
