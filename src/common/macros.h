// RETURN_IF_ERROR / ASSIGN_OR_RETURN: early return on a failed Status or Result.
#pragma once

#include "komodo/result.h"
#include "komodo/status.h"

#define KOMODO_CONCAT_INNER(a, b) a##b
#define KOMODO_CONCAT(a, b) KOMODO_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)      \
  do {                             \
    ::komodo::Status _st = (expr); \
    if (!_st.ok()) return _st;     \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(KOMODO_CONCAT(_result_, __LINE__), lhs, expr)
