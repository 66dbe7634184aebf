// UTF-8, checked and measured the way PostgreSQL does it for a UTF8 database.
#pragma once

#include <cstddef>
#include <string_view>

#include "komodo/status.h"

namespace komodo {

// The length of the character that starts with byte `b`, as pg_utf_mblen() sees it (1 for a
// byte that cannot start one).
int Utf8Length(unsigned char b);

// OK, or 22021 "invalid byte sequence for encoding "UTF8": 0x.." naming the bytes of the first bad
// character, as PostgreSQL reports it for every string a client sends. NUL bytes are invalid.
Status ValidateUtf8(std::string_view text);

// Characters in valid UTF-8 text (what varchar(n) and length() count).
size_t Utf8CharCount(std::string_view text);

}  // namespace komodo
