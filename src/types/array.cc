#include "types/array.h"

#include <fmt/format.h>

#include <cstring>

#include "common/coding.h"
#include "common/macros.h"
#include "types/compare.h"
#include "types/tagged_value.h"

namespace komodo {
namespace {

constexpr struct {
  TypeId element;
  TypeId array;
} kArrayTypes[] = {
    {TypeId::kBool, TypeId::kBoolArray},
    {TypeId::kBytea, TypeId::kByteaArray},
    {TypeId::kInt2, TypeId::kInt2Array},
    {TypeId::kInt4, TypeId::kInt4Array},
    {TypeId::kText, TypeId::kTextArray},
    {TypeId::kBpchar, TypeId::kBpcharArray},
    {TypeId::kVarchar, TypeId::kVarcharArray},
    {TypeId::kInt8, TypeId::kInt8Array},
    {TypeId::kFloat4, TypeId::kFloat4Array},
    {TypeId::kFloat8, TypeId::kFloat8Array},
    {TypeId::kTimestamp, TypeId::kTimestampArray},
    {TypeId::kDate, TypeId::kDateArray},
    {TypeId::kTime, TypeId::kTimeArray},
    {TypeId::kTimestampTz, TypeId::kTimestampTzArray},
    {TypeId::kInterval, TypeId::kIntervalArray},
    {TypeId::kNumeric, TypeId::kNumericArray},
    {TypeId::kUuid, TypeId::kUuidArray},
    // After int2's own array type, so that ArrayTypeOf(kInt2) stays int2[].
    {TypeId::kInt2, TypeId::kInt2Vector},
};

// isspace() in the C locale, as array_in uses it.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Status Malformed(std::string_view text, std::string detail) {
  return Status::InvalidText(fmt::format("malformed array literal: \"{}\"", text))
      .WithDetail(std::move(detail));
}

// On-disk element tag of a NULL element (EncodeArray); the others are types/tagged_value.h's.
constexpr uint8_t kNullElement = 0;

Status Damaged() { return Status::Corruption("array datum is damaged"); }

}  // namespace

bool IsArrayType(TypeId type) { return ArrayElementType(type) != TypeId::kUnknown; }

TypeId ArrayElementType(TypeId array) {
  for (const auto& t : kArrayTypes) {
    if (t.array == array) return t.element;
  }
  return TypeId::kUnknown;
}

TypeId ArrayTypeOf(TypeId element) {
  for (const auto& t : kArrayTypes) {
    if (t.element == element) return t.array;
  }
  return TypeId::kUnknown;
}

Result<Value> ParseArray(TypeId array_type, std::string_view text) {
  if (array_type == TypeId::kInt2Vector) {  // int2vectorin: numbers separated by spaces
    std::vector<Value> elements;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      size_t start = i;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      if (start == i) break;
      ASSIGN_OR_RETURN(Value v, Value::FromText(TypeId::kInt2, text.substr(start, i - start)));
      elements.push_back(std::move(v));
    }
    return Value::Array(array_type, std::move(elements));
  }
  TypeId element_type = ArrayElementType(array_type);
  size_t i = 0, n = text.size();
  while (i < n && IsSpace(text[i])) ++i;
  if (i < n && text[i] == '[') {
    return Status::FeatureNotSupported("array bounds other than the default are not supported");
  }
  if (i == n || text[i] != '{') {
    return Malformed(text, "Array value must start with \"{\" or dimension information.");
  }
  ++i;
  std::vector<Value> elements;
  // State: expecting an element (or '}' when none has been read yet), or a delimiter.
  bool expect_element = true;
  bool closed = false;
  while (i < n) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '}') {
      if (expect_element && !elements.empty())
        return Malformed(text, "Unexpected \"}\" character.");
      ++i;
      closed = true;
      break;
    }
    if (!expect_element) {
      if (c == ',') {
        expect_element = true;
        ++i;
        // "{1,}" is an empty element before '}'.
        size_t j = i;
        while (j < n && IsSpace(text[j])) ++j;
        if (j < n && text[j] == '}') return Malformed(text, "Unexpected \"}\" character.");
        continue;
      }
      if (c == '{') return Malformed(text, "Unexpected \"{\" character.");
      return Malformed(text, "Unexpected array element.");
    }
    if (c == '{') {
      return Status::FeatureNotSupported("multidimensional arrays are not supported");
    }
    if (c == ',') return Malformed(text, "Unexpected \",\" character.");
    // One element: quoted parts and unquoted characters, backslash escapes in both.
    std::string value;
    bool quoted = false, in_quotes = false;
    size_t keep = 0;  // length of `value` that trailing-space trimming must not cut
    while (i < n) {
      char d = text[i];
      if (d == '\\') {
        if (i + 1 >= n) return Malformed(text, "Unexpected end of input.");
        value.push_back(text[i + 1]);
        keep = value.size();
        i += 2;
        continue;
      }
      if (in_quotes) {
        if (d == '"') {
          in_quotes = false;
          keep = value.size();
        } else {
          value.push_back(d);
        }
        ++i;
        continue;
      }
      if (d == '"') {
        // A quote may only open the element.
        if (!value.empty() || quoted) return Malformed(text, "Unexpected array element.");
        quoted = in_quotes = true;
        ++i;
        continue;
      }
      if (d == ',' || d == '}') break;
      if (d == '{') return Malformed(text, "Unexpected \"{\" character.");
      if (quoted && !IsSpace(d)) return Malformed(text, "Unexpected array element.");
      if (!quoted) value.push_back(d);
      ++i;
    }
    if (in_quotes || i == n) return Malformed(text, "Unexpected end of input.");
    if (!quoted) {
      size_t end = value.size();
      while (end > keep && IsSpace(value[end - 1])) --end;
      value.resize(end);
    }
    bool is_null = !quoted && keep == 0 && value.size() == 4 && (value[0] | 0x20) == 'n' &&
                   (value[1] | 0x20) == 'u' && (value[2] | 0x20) == 'l' && (value[3] | 0x20) == 'l';
    if (is_null) {
      elements.push_back(Value::Null(element_type));
    } else {
      ASSIGN_OR_RETURN(Value v, Value::FromText(element_type, value));
      elements.push_back(std::move(v));
    }
    expect_element = false;
  }
  if (!closed) return Malformed(text, "Unexpected end of input.");
  while (i < n && IsSpace(text[i])) ++i;
  if (i != n) return Malformed(text, "Junk after closing right brace.");
  return Value::Array(array_type, std::move(elements));
}

std::string FormatArray(const Value& array) {
  if (array.type() == TypeId::kInt2Vector) {  // int2vectorout: "1 2"
    std::string out;
    for (const Value& e : array.array_value()) {
      if (!out.empty()) out.push_back(' ');
      out += e.ToText();
    }
    return out;
  }
  if (array.type() == TypeId::kRecord) {  // record_out: "(1,2)", a NULL field left empty
    std::string out = "(";
    bool first = true;
    for (const Value& e : array.array_value()) {
      if (!first) out.push_back(',');
      first = false;
      if (e.is_null()) continue;
      std::string s = e.ToText();
      bool quote = s.empty();
      for (char c : s) {
        if (c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || IsSpace(c)) quote = true;
      }
      if (!quote) {
        out += s;
        continue;
      }
      out.push_back('"');
      for (char c : s) {
        if (c == '"' || c == '\\') out.push_back(c);
        out.push_back(c);
      }
      out.push_back('"');
    }
    return out + ")";
  }
  std::string out = "{";
  bool first = true;
  for (const Value& e : array.array_value()) {
    if (!first) out.push_back(',');
    first = false;
    if (e.is_null()) {
      out += "NULL";
      continue;
    }
    std::string s = e.ToText();
    bool quote = s.empty() || (s.size() == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'u' &&
                               (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 'l');
    for (char c : s) {
      if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || IsSpace(c)) quote = true;
    }
    if (!quote) {
      out += s;
      continue;
    }
    out.push_back('"');
    for (char c : s) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

int CompareArrays(const Value& a, const Value& b) {
  const std::vector<Value>& x = a.array_value();
  const std::vector<Value>& y = b.array_value();
  for (size_t i = 0; i < x.size() && i < y.size(); i++) {
    bool xn = x[i].is_null(), yn = y[i].is_null();
    if (xn || yn) {
      if (xn && yn) continue;
      return xn ? 1 : -1;
    }
    int c = CompareValues(x[i], y[i]);
    if (c != 0) return c;
  }
  return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
}

void EncodeArray(const Value& array, std::string* out) {
  const std::vector<Value>& elements = array.array_value();
  PutVarint64(out, elements.size());
  for (const Value& v : elements) {
    PhysicalType physical = PhysicalTypeOf(v.type());
    if (v.is_null() || physical == PhysicalType::kArray || physical == PhysicalType::kNull) {
      out->push_back(static_cast<char>(kNullElement));  // (the latter two: not element types)
      continue;
    }
    out->push_back(static_cast<char>(TagOf(v)));
    PutTaggedPayload(v, out);
  }
}

Result<Value> DecodeArray(TypeId array_type, std::string_view in) {
  TypeId type = ArrayElementType(array_type);
  uint64_t count;
  if (!GetVarint64(&in, &count) || count > in.size()) return Damaged();
  std::vector<Value> elements;
  elements.reserve(count);
  for (uint64_t i = 0; i < count; i++) {
    if (in.empty()) return Damaged();
    uint8_t tag = static_cast<uint8_t>(in[0]);
    in.remove_prefix(1);
    Value v = Value::Null(type);
    if (tag != kNullElement && !GetTaggedPayload(tag, type, &in, &v)) return Damaged();
    if (!v.is_null() && PhysicalTypeOf(v.type()) != PhysicalTypeOf(type)) return Damaged();
    elements.push_back(std::move(v));
  }
  if (!in.empty()) return Damaged();
  return Value::Array(array_type, std::move(elements));
}

}  // namespace komodo
