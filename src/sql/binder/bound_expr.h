// BoundExpr: an expression whose names are resolved to row positions and whose types are known.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "komodo/value.h"

namespace komodo::sql {

struct BoundExpr {
  enum class Kind {
    kConst,    // value, already of `type`
    kColumn,   // column: position in the input row
    kParam,    // param: 0-based; cast to `type` at execution
    kCompare,  // op in = <> < <= > >=
    kArith,    // op in + - * / %
    kNegate,
    kAnd,
    kOr,
    kNot,
    kIsNull,
    kIsNotNull,
    kCast,  // args[0] cast to `type`, typmod
  };
  Kind kind;
  TypeId type = TypeId::kUnknown;
  int32_t typmod = -1;
  Value value;
  int column = -1;
  int param = -1;
  std::string op;
  int location = -1;
  std::vector<std::unique_ptr<BoundExpr>> args;
};

using BoundExprPtr = std::unique_ptr<BoundExpr>;

}  // namespace komodo::sql
