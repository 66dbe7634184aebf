// Date/time built-ins: the operators on intervals and times (registered as functions named
// "operator+", "operator-", "operator*", "operator/" and "interval_um", which the binder
// resolves), date_trunc, date_part, extract, age, make_date, make_timestamp, make_time,
// to_char, to_timestamp, to_date, date_bin and justify_*. Behaviour follows PostgreSQL 15 with
// TimeZone UTC.
#pragma once

#include <vector>

#include "komodo/value.h"
#include "sql/binder/bound_expr.h"

namespace komodo::exec {

struct DateTimeFunction {
  const char* name;
  TypeId result;
  std::vector<TypeId> params;
  sql::ScalarFn fn;
  bool strict = true;
  bool volatile_fn = false;
};

// The entries functions.cc adds to its registry.
const std::vector<DateTimeFunction>& DateTimeFunctions();

}  // namespace komodo::exec
