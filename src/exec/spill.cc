#include "exec/spill.h"

#include <cerrno>
#include <cstring>

#include "common/macros.h"

namespace komodo::exec {

namespace {

Status TempFileError(const char* what) {
  return Status("53100",
                std::string("could not ") + what + " temporary file: " + std::strerror(errno));
}

void PutFixed(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; i++) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetFixed(const char*& p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; i++) v |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  p += bytes;
  return v;
}

void PutString(std::string* out, std::string_view s) {
  PutFixed(out, s.size(), 4);
  out->append(s);
}

// Encodes one value: its type, a null flag, then the datum by physical type. Types whose datum
// is not a plain number or string go through their text form, which round-trips exactly.
void EncodeValue(const Value& v, std::string* out) {
  PutFixed(out, static_cast<uint32_t>(v.type()), 4);
  out->push_back(v.is_null() ? 0 : 1);
  if (v.is_null()) return;
  switch (PhysicalTypeOf(v.type())) {
    case PhysicalType::kBool:
      out->push_back(v.bool_value() ? 1 : 0);
      break;
    case PhysicalType::kInt:
      PutFixed(out, static_cast<uint64_t>(v.int_value()), 8);
      break;
    case PhysicalType::kFloat: {
      uint64_t bits;
      double d = v.float_value();
      std::memcpy(&bits, &d, sizeof bits);
      PutFixed(out, bits, 8);
      break;
    }
    case PhysicalType::kString:
      PutString(out, v.string_value());
      break;
    case PhysicalType::kInterval: {
      const Interval& i = v.interval_value();
      PutFixed(out, static_cast<uint32_t>(i.months), 4);
      PutFixed(out, static_cast<uint32_t>(i.days), 4);
      PutFixed(out, static_cast<uint64_t>(i.micros), 8);
      break;
    }
    default:
      PutString(out, v.ToText());
      break;
  }
}

Result<Value> DecodeValue(const char*& p) {
  auto type = static_cast<TypeId>(GetFixed(p, 4));
  if (*p++ == 0) return Value::Null(type);
  switch (PhysicalTypeOf(type)) {
    case PhysicalType::kBool: {
      bool b = *p++ != 0;
      return Value::Bool(b);
    }
    case PhysicalType::kInt: {
      return Value::FromInt64(type, static_cast<int64_t>(GetFixed(p, 8)));
    }
    case PhysicalType::kFloat: {
      uint64_t bits = GetFixed(p, 8);
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return type == TypeId::kFloat4 ? Value::Float4(static_cast<float>(d)) : Value::Float8(d);
    }
    case PhysicalType::kInterval: {
      Interval i;
      i.months = static_cast<int32_t>(GetFixed(p, 4));
      i.days = static_cast<int32_t>(GetFixed(p, 4));
      i.micros = static_cast<int64_t>(GetFixed(p, 8));
      return Value::Interval(i);
    }
    case PhysicalType::kString: {
      size_t n = GetFixed(p, 4);
      std::string s(p, n);
      p += n;
      return Value::FromBytes(type, std::move(s));
    }
    default: {
      size_t n = GetFixed(p, 4);
      std::string_view text(p, n);
      p += n;
      return Value::FromText(type, text);
    }
  }
}

}  // namespace

Result<std::unique_ptr<SpillFile>> SpillFile::Create() {
  FILE* f = std::tmpfile();
  if (f == nullptr) return TempFileError("create");
  return std::unique_ptr<SpillFile>(new SpillFile(f));
}

SpillFile::~SpillFile() { std::fclose(file_); }

Status SpillFile::Write(const Row& row) {
  buffer_.clear();
  PutFixed(&buffer_, row.size(), 4);
  for (const Value& v : row) EncodeValue(v, &buffer_);
  uint32_t n = static_cast<uint32_t>(buffer_.size());
  if (std::fwrite(&n, sizeof n, 1, file_) != 1 ||
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    return TempFileError("write to");
  }
  rows_++;
  bytes_ += sizeof n + buffer_.size();
  return Status::OK();
}

Status SpillFile::Rewind() {
  if (std::fflush(file_) != 0) return TempFileError("write to");
  std::rewind(file_);
  return Status::OK();
}

Status SpillFile::Seek(size_t offset) {
  if (std::fflush(file_) != 0) return TempFileError("write to");
  if (fseeko(file_, static_cast<off_t>(offset), SEEK_SET) != 0) return TempFileError("seek in");
  return Status::OK();
}

Result<bool> SpillFile::Read(Row* row) {
  uint32_t n;
  if (std::fread(&n, sizeof n, 1, file_) != 1) {
    if (std::ferror(file_)) return TempFileError("read from");
    return false;
  }
  buffer_.resize(n);
  if (std::fread(buffer_.data(), 1, n, file_) != n) return TempFileError("read from");
  const char* p = buffer_.data();
  size_t count = GetFixed(p, 4);
  row->clear();
  row->reserve(count);
  for (size_t i = 0; i < count; i++) {
    ASSIGN_OR_RETURN(Value v, DecodeValue(p));
    row->push_back(std::move(v));
  }
  return true;
}

size_t RowMemory(const Row& row) {
  size_t bytes = sizeof(Row) + row.capacity() * sizeof(Value);
  for (const Value& v : row) {
    if (!v.is_null() && PhysicalTypeOf(v.type()) == PhysicalType::kString) {
      bytes += v.string_value().capacity();
    }
  }
  return bytes;
}

}  // namespace komodo::exec
