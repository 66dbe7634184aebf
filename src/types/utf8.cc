#include "types/utf8.h"

#include <fmt/format.h>

#include <algorithm>

namespace komodo {

namespace {

// pg_utf8_islegal(): shortest form, no surrogates, nothing past U+10FFFF.
bool Utf8IsLegal(const unsigned char* s, int length) {
  switch (length) {
    case 4:
      if (s[3] < 0x80 || s[3] > 0xbf) return false;
      [[fallthrough]];
    case 3:
      if (s[2] < 0x80 || s[2] > 0xbf) return false;
      [[fallthrough]];
    case 2: {
      unsigned char lo = 0x80, hi = 0xbf;
      if (s[0] == 0xe0) lo = 0xa0;
      if (s[0] == 0xed) hi = 0x9f;
      if (s[0] == 0xf0) lo = 0x90;
      if (s[0] == 0xf4) hi = 0x8f;
      if (s[1] < lo || s[1] > hi) return false;
      [[fallthrough]];
    }
    case 1:
      return !(s[0] >= 0x80 && s[0] < 0xc2) && s[0] <= 0xf4;
    default:
      return false;
  }
}

}  // namespace

int Utf8Length(unsigned char b) {
  if (b < 0x80) return 1;
  if ((b & 0xe0) == 0xc0) return 2;
  if ((b & 0xf0) == 0xe0) return 3;
  if ((b & 0xf8) == 0xf0) return 4;
  return 1;
}

Status ValidateUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  for (size_t i = 0; i < n;) {
    if (s[i] != 0 && s[i] < 0x80) {
      ++i;
      continue;
    }
    int len = Utf8Length(s[i]);
    if (len > 1 && i + len <= n && Utf8IsLegal(s + i, len)) {
      i += len;
      continue;
    }
    std::string bytes;
    size_t shown = std::min<size_t>(len, n - i);
    for (size_t j = 0; j < shown; ++j) {
      bytes += fmt::format("{}0x{:02x}", j == 0 ? "" : " ", s[i + j]);
    }
    return Status("22021", "invalid byte sequence for encoding \"UTF8\": " + bytes);
  }
  return Status::OK();
}

size_t Utf8CharCount(std::string_view text) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return chars;
}

}  // namespace komodo
