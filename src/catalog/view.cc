#include "catalog/view.h"

#include "common/coding.h"

namespace komodo::catalog {

namespace {
constexpr uint8_t kViewRecordVersion = 1;  // on-disk: never renumber
}

std::string EncodeViewDef(const ViewDef& v) {
  std::string out(1, static_cast<char>(kViewRecordVersion));
  PutVarint64(&out, v.id);
  PutLengthPrefixed(&out, v.name);
  PutLengthPrefixed(&out, v.sql);
  PutVarint64(&out, v.columns.size());
  for (const ViewColumn& c : v.columns) {
    PutLengthPrefixed(&out, c.name);
    PutVarint64(&out, static_cast<uint32_t>(c.type));
  }
  PutVarint64(&out, v.depends.size());
  for (uint32_t id : v.depends) PutVarint64(&out, id);
  return out;
}

Result<ViewDef> DecodeViewDef(std::string_view in) {
  auto corrupt = [] { return Status::Corruption("truncated view record"); };
  if (in.empty()) return corrupt();
  if (static_cast<uint8_t>(in[0]) != kViewRecordVersion) {
    return Status::Corruption("view record has unknown version " +
                              std::to_string(static_cast<uint8_t>(in[0])));
  }
  in.remove_prefix(1);
  ViewDef v;
  uint64_t id, n;
  std::string_view name, sql;
  if (!GetVarint64(&in, &id) || !GetLengthPrefixed(&in, &name) || !GetLengthPrefixed(&in, &sql) ||
      !GetVarint64(&in, &n) || n > in.size()) {
    return corrupt();
  }
  v.id = static_cast<uint32_t>(id);
  v.name = std::string(name);
  v.sql = std::string(sql);
  for (uint64_t i = 0; i < n; i++) {
    std::string_view cname;
    uint64_t type;
    if (!GetLengthPrefixed(&in, &cname) || !GetVarint64(&in, &type)) return corrupt();
    v.columns.push_back({std::string(cname), static_cast<TypeId>(type)});
  }
  if (!GetVarint64(&in, &n) || n > in.size()) return corrupt();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t dep;
    if (!GetVarint64(&in, &dep)) return corrupt();
    v.depends.push_back(static_cast<uint32_t>(dep));
  }
  return v;
}

}  // namespace komodo::catalog
