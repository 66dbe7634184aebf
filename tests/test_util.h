// Helpers shared by the unit and integration tests.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "komodo/database.h"

namespace komodo::test {

template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}
inline Status StatusOf(const Status& s) { return s; }

// "1|a\n2|NULL\n": a result as one string, so one ASSERT_EQ shows all of it.
inline std::string Render(const QueryResult& r) {
  std::string out;
  for (size_t i = 0; i < r.num_rows(); i++) {
    for (size_t j = 0; j < r.num_columns(); j++) {
      if (j > 0) out += "|";
      out += r.IsNull(i, j) ? "NULL" : r.Get(i, j).ToText();
    }
    out += "\n";
  }
  return out;
}

// The whole file; empty when it cannot be read.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh folder under /tmp, removed with everything in it at destruction. path() is empty
// when it could not be made.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/komodo_test_XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace komodo::test

// Asserts that a Status or a Result is OK, printing the error otherwise.
#define ASSERT_OK(expr)                                         \
  do {                                                          \
    ::komodo::Status _st = ::komodo::test::StatusOf(expr);      \
    ASSERT_TRUE(_st.ok()) << #expr << " -> " << _st.ToString(); \
  } while (0)
