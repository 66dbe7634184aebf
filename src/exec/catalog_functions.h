// The functions clients' catalog queries call (psql's \d family, drivers' metadata): regular
// expression matching (~, ~*, !~, !~*), pg_get_userbyid, format_type, pg_get_indexdef, ... over
// the system views of catalog/system_views.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/functions.h"

namespace komodo::exec {

// The catalog function `name` for arguments of `args` types, or nullopt.
std::optional<FunctionInfo> LookupCatalogFunction(const std::string& name,
                                                  const std::vector<TypeId>& args);

// Functions whose result depends on the catalog; the binder stores
// catalog::CatalogFunctionData(name, state) in the call's value for them.
bool NeedsCatalogData(const std::string& name);

}  // namespace komodo::exec
