#include "test_file.h"

#include <fstream>
#include <sstream>

#include "common/macros.h"

namespace komodo::slt {

bool Record::RunsOn(const std::string& engine) const {
  for (const Condition& c : conditions) {
    if (c.only != (c.engine == engine)) return false;
  }
  return true;
}

namespace {

std::vector<std::string> SplitWords(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> values;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    values.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return values;
}

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// What follows the first `n` words of `line`, without the blanks around it.
std::string RestAfterWords(const std::string& line, int n) {
  size_t pos = 0;
  for (int i = 0; i < n; i++) {
    pos = line.find_first_not_of(" \t", pos);
    pos = line.find_first_of(" \t", pos);
    if (pos == std::string::npos) return "";
  }
  size_t begin = line.find_first_not_of(" \t", pos);
  if (begin == std::string::npos) return "";
  size_t end = line.find_last_not_of(" \t");
  return line.substr(begin, end - begin + 1);
}

class Parser {
 public:
  Parser(std::string path, std::vector<std::string> lines)
      : path_(std::move(path)), lines_(std::move(lines)) {}

  Result<std::vector<Record>> Parse() {
    std::vector<Record> records;
    std::vector<Condition> conditions;
    while (i_ < lines_.size()) {
      const std::string& line = lines_[i_];
      int line_no = static_cast<int>(i_) + 1;
      if (IsBlank(line) || line[0] == '#') {
        if (!conditions.empty() && IsBlank(line)) {
          return Error(line_no, "skipif/onlyif must stand right before a record");
        }
        i_++;
        continue;
      }
      std::vector<std::string> words = SplitWords(line);
      if (words[0] == "skipif" || words[0] == "onlyif") {
        if (words.size() != 2) return Error(line_no, "expected `" + words[0] + " ENGINE`");
        if (words[1] != "komodo" && words[1] != "postgresql") {
          return Error(line_no, "unknown engine \"" + words[1] + "\" (komodo or postgresql)");
        }
        conditions.push_back({words[0] == "onlyif", words[1]});
        i_++;
        continue;
      }
      Record r;
      r.line = line_no;
      r.conditions = std::move(conditions);
      conditions.clear();
      i_++;
      if (words[0] == "halt") {
        r.kind = Record::Kind::kHalt;
      } else if (words[0] == "statement") {
        RETURN_IF_ERROR(ParseStatement(words, line, &r));
      } else if (words[0] == "query") {
        RETURN_IF_ERROR(ParseQuery(words, &r));
      } else {
        return Error(line_no, "unknown record type \"" + words[0] + "\"");
      }
      records.push_back(std::move(r));
    }
    if (!conditions.empty()) return Error(static_cast<int>(i_), "skipif/onlyif at end of file");
    return records;
  }

 private:
  Status Error(int line, const std::string& msg) const {
    return Status::InvalidText(path_ + ":" + std::to_string(line) + ": " + msg);
  }

  // Lines up to a blank line, or up to `----` when `stop_at_separator`. Leaves i_ on the line
  // that ended the block.
  std::string ReadSql(bool stop_at_separator) {
    std::string sql;
    while (i_ < lines_.size() && !IsBlank(lines_[i_]) &&
           !(stop_at_separator && lines_[i_] == "----")) {
      if (!sql.empty()) sql += "\n";
      sql += lines_[i_++];
    }
    return sql;
  }

  Status ParseStatement(const std::vector<std::string>& words, const std::string& line, Record* r) {
    if (words.size() == 2 && words[1] == "ok") {
      r->kind = Record::Kind::kStatementOk;
    } else if (words.size() >= 3 && words[1] == "error") {
      r->kind = Record::Kind::kStatementError;
      r->sqlstate = words[2];
      if (r->sqlstate.size() != 5) {
        return Error(r->line, "expected a five-character SQLSTATE after `statement error`");
      }
      r->message = RestAfterWords(line, 3);
    } else {
      return Error(r->line, "expected `statement ok` or `statement error SQLSTATE [message]`");
    }
    r->sql = ReadSql(false);
    if (r->sql.empty()) return Error(r->line, "statement without SQL");
    return Status::OK();
  }

  Status ParseQuery(const std::vector<std::string>& words, Record* r) {
    r->kind = Record::Kind::kQuery;
    if (words.size() < 2 || words.size() > 3) {
      return Error(r->line, "expected `query TYPES [nosort|rowsort|valuesort]`");
    }
    r->types = words[1];
    for (char c : r->types) {
      if (c != 'I' && c != 'T' && c != 'R' && c != 'B') {
        return Error(r->line, std::string("unknown column type '") + c + "' (I, T, R or B)");
      }
    }
    if (words.size() == 3) {
      if (words[2] == "nosort") {
        r->sort = SortMode::kNoSort;
      } else if (words[2] == "rowsort") {
        r->sort = SortMode::kRowSort;
      } else if (words[2] == "valuesort") {
        r->sort = SortMode::kValueSort;
      } else {
        return Error(r->line, "unknown sort mode \"" + words[2] + "\"");
      }
    }
    r->sql = ReadSql(true);
    if (r->sql.empty()) return Error(r->line, "query without SQL");
    if (i_ >= lines_.size() || lines_[i_] != "----") return Status::OK();  // no rows expected
    i_++;
    size_t values = 0;
    while (i_ < lines_.size() && !IsBlank(lines_[i_])) {
      std::vector<std::string> row = SplitTabs(lines_[i_]);
      if (r->sort != SortMode::kValueSort && row.size() != r->types.size()) {
        return Error(static_cast<int>(i_) + 1, "row has " + std::to_string(row.size()) +
                                                   " values, the query has " +
                                                   std::to_string(r->types.size()) + " columns");
      }
      values += row.size();
      r->expected.push_back(std::move(row));
      i_++;
    }
    if (values % r->types.size() != 0) {
      return Error(r->line, "the expected values do not fill whole rows");
    }
    return Status::OK();
  }

  std::string path_;
  std::vector<std::string> lines_;
  size_t i_ = 0;
};

}  // namespace

Result<std::vector<Record>> ParseTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::UndefinedFile(path + ": cannot read the file");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return Parser(path, std::move(lines)).Parse();
}

}  // namespace komodo::slt
