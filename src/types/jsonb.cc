// jsonb input (nlohmann/json's SAX parser), the binary encoding, output, order and hashing.
// Outputs, orders and errors were checked against PostgreSQL 15 (tests/sql/types/jsonb*.test).
#include "types/jsonb.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/coding.h"
#include "common/macros.h"
#include "types/json_errors.h"

namespace komodo::jsonb {
namespace {

// Deeper documents are refused (54001) rather than risking the stack in the recursive walks
// below. PostgreSQL, with its default max_stack_depth, takes 10,000 levels and refuses 100,000.
constexpr size_t kMaxDepth = 10000;

enum Tag : uint8_t {
  kTagNull = 0,
  kTagString = 1,
  kTagNumber = 2,
  kTagFalse = 3,
  kTagTrue = 4,
  kTagArray = 5,
  kTagObject = 6,
};

Status Damaged() { return Status::Corruption("damaged jsonb value"); }

Status DepthError() { return Status("54001", "stack depth limit exceeded"); }

// nlohmann/json with long double floats: its parser refuses a number its float type cannot
// hold, and PostgreSQL's numeric takes more than double does (1e400). The value itself is not
// used; the exact text is.
using Json = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t,
                                  std::uint64_t, long double>;

// Builds a JValue tree from nlohmann's SAX events. Numbers come as the exact text (floats) or
// as 64-bit integers, so they are kept exact as Numeric, like PostgreSQL's numeric.
class TreeBuilder {
 public:
  using json = Json;
  explicit TreeBuilder(bool for_jsonb, bool build) : for_jsonb_(for_jsonb), build_(build) {}

  bool null() { return Add(JValue::Null()); }
  bool boolean(bool v) { return Add(JValue::Bool(v)); }
  bool number_integer(json::number_integer_t v) {
    return Add(build_ ? JValue::Number(Numeric::FromInt64(v)) : JValue::Null());
  }
  bool number_unsigned(json::number_unsigned_t v) {
    if (!build_) return Add(JValue::Null());
    Result<Numeric> n = Numeric::Parse(std::to_string(v));
    return Add(JValue::Number(n.ok() ? std::move(*n) : Numeric()));
  }
  bool number_float(json::number_float_t, const std::string& text) {
    if (!build_) return Add(JValue::Null());
    Result<Numeric> n = Numeric::Parse(text);
    if (!n.ok()) {
      error_ = n.status();
      return false;
    }
    return Add(JValue::Number(std::move(*n)));
  }
  bool string(std::string& s) {
    if (!CheckString(s)) return false;
    return Add(build_ ? JValue::String(std::move(s)) : JValue::Null());
  }
  bool binary(json::binary_t&) { return false; }
  bool start_object(size_t) { return Push(JValue::Object()); }
  bool key(std::string& k) {
    if (!CheckString(k)) return false;
    if (build_) stack_.back().keys.push_back(std::move(k));
    return true;
  }
  bool end_object() { return Pop(); }
  bool start_array(size_t) { return Push(JValue::Array()); }
  bool end_array() { return Pop(); }
  // json_errors.cc words the error the way PostgreSQL does.
  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  Status error() const { return error_; }
  JValue TakeResult() { return std::move(result_); }

 private:
  // PostgreSQL's jsonb cannot hold U+0000 (it is text); json keeps the escape as written.
  bool CheckString(const std::string& s) {
    if (for_jsonb_ && s.find('\0') != std::string::npos) {
      error_ = Status("22P05", "unsupported Unicode escape sequence")
                   .WithDetail("\\u0000 cannot be converted to text.");
      return false;
    }
    return true;
  }
  bool Push(JValue v) {
    if (stack_.size() >= kMaxDepth) {
      error_ = DepthError();
      return false;
    }
    stack_.push_back(std::move(v));
    return true;
  }
  bool Pop() {
    JValue v = std::move(stack_.back());
    stack_.pop_back();
    if (build_ && v.kind == JValue::Kind::kObject) Normalize(&v);
    return Add(std::move(v));
  }
  bool Add(JValue v) {
    if (!build_) {
      if (stack_.empty()) result_ = std::move(v);
      return true;
    }
    if (stack_.empty()) {
      result_ = std::move(v);
    } else {
      stack_.back().items.push_back(std::move(v));
    }
    return true;
  }

  bool for_jsonb_, build_;
  std::vector<JValue> stack_;
  JValue result_;
  Status error_;
};

Result<JValue> ParseImpl(std::string_view text, bool for_jsonb, bool build) {
  TreeBuilder builder(for_jsonb, build);
  bool ok = false;
  try {
    ok = Json::sax_parse(text.begin(), text.end(), &builder);
  } catch (const std::exception&) {
    ok = false;
  }
  if (ok) return builder.TakeResult();
  if (!builder.error().ok() && builder.error().sqlstate() != "22P05") return builder.error();
  Status s = JsonSyntaxError(text, for_jsonb);
  if (s.detail().empty() && !builder.error().ok()) return builder.error();
  return s;
}

// ---- encoding ----------------------------------------------------------------------------------

void EncodeTo(const JValue& v, std::string* out) {
  switch (v.kind) {
    case JValue::Kind::kNull:
      out->push_back(kTagNull);
      return;
    case JValue::Kind::kBool:
      out->push_back(v.b ? kTagTrue : kTagFalse);
      return;
    case JValue::Kind::kString:
      out->push_back(kTagString);
      PutLengthPrefixed(out, v.str);
      return;
    case JValue::Kind::kNumber: {
      out->push_back(kTagNumber);
      std::string n;
      v.num.EncodeBinary(&n);
      PutLengthPrefixed(out, n);
      return;
    }
    case JValue::Kind::kArray:
    case JValue::Kind::kObject: {
      bool object = v.kind == JValue::Kind::kObject;
      out->push_back(object ? kTagObject : kTagArray);
      PutVarint64(out, v.items.size());
      std::string body;
      for (size_t i = 0; i < v.items.size(); i++) {
        if (object) PutLengthPrefixed(&body, v.keys[i]);
        EncodeTo(v.items[i], &body);
      }
      PutLengthPrefixed(out, body);
      return;
    }
  }
}

// Reads one value's header: its tag, and for containers the count and the body.
struct Item {
  uint8_t tag = kTagNull;
  std::string_view payload;  // string bytes, Numeric bytes, or a container's body
  uint64_t count = 0;
};

bool ReadItem(std::string_view* in, Item* item) {
  if (in->empty()) return false;
  item->tag = static_cast<uint8_t>(in->front());
  in->remove_prefix(1);
  switch (item->tag) {
    case kTagNull:
    case kTagFalse:
    case kTagTrue:
      return true;
    case kTagString:
    case kTagNumber:
      return GetLengthPrefixed(in, &item->payload);
    case kTagArray:
    case kTagObject:
      return GetVarint64(in, &item->count) && GetLengthPrefixed(in, &item->payload);
    default:
      return false;
  }
}

Status DecodeFrom(std::string_view* in, JValue* v, size_t depth) {
  if (depth > kMaxDepth) return DepthError();
  Item item;
  if (!ReadItem(in, &item)) return Damaged();
  switch (item.tag) {
    case kTagNull:
      *v = JValue::Null();
      return Status::OK();
    case kTagFalse:
    case kTagTrue:
      *v = JValue::Bool(item.tag == kTagTrue);
      return Status::OK();
    case kTagString:
      *v = JValue::String(std::string(item.payload));
      return Status::OK();
    case kTagNumber: {
      Result<Numeric> n = Numeric::DecodeBinary(item.payload);
      if (!n.ok()) return Damaged();
      *v = JValue::Number(std::move(*n));
      return Status::OK();
    }
    default: {
      bool object = item.tag == kTagObject;
      *v = object ? JValue::Object() : JValue::Array();
      v->items.resize(item.count);
      if (object) v->keys.resize(item.count);
      std::string_view body = item.payload;
      for (uint64_t i = 0; i < item.count; i++) {
        if (object) {
          std::string_view k;
          if (!GetLengthPrefixed(&body, &k)) return Damaged();
          v->keys[i] = std::string(k);
        }
        RETURN_IF_ERROR(DecodeFrom(&body, &v->items[i], depth + 1));
      }
      return Status::OK();
    }
  }
}

// ---- output ------------------------------------------------------------------------------------

void AppendIndent(std::string* out, int level) { out->append(static_cast<size_t>(level) * 4, ' '); }

// jsonb_out and jsonb_pretty. Pretty output puts every member and every closing bracket on its
// own line, indented by 4 per level.
void Write(const JValue& v, std::string* out, bool pretty, int level) {
  switch (v.kind) {
    case JValue::Kind::kNull:
      out->append("null");
      return;
    case JValue::Kind::kBool:
      out->append(v.b ? "true" : "false");
      return;
    case JValue::Kind::kString:
      AppendQuoted(out, v.str);
      return;
    case JValue::Kind::kNumber:
      out->append(v.num.ToString());
      return;
    case JValue::Kind::kArray:
    case JValue::Kind::kObject: {
      bool object = v.kind == JValue::Kind::kObject;
      out->push_back(object ? '{' : '[');
      for (size_t i = 0; i < v.items.size(); i++) {
        if (i > 0) out->append(pretty ? "," : ", ");
        if (pretty) {
          out->push_back('\n');
          AppendIndent(out, level + 1);
        }
        if (object) {
          AppendQuoted(out, v.keys[i]);
          out->append(": ");
        }
        Write(v.items[i], out, pretty, level + 1);
      }
      if (pretty) {  // an empty container too: "[\n]" at its own indentation
        out->push_back('\n');
        AppendIndent(out, level);
      }
      out->push_back(object ? '}' : ']');
      return;
    }
  }
}

// ---- order -------------------------------------------------------------------------------------

template <typename T>
int Sign(const T& a, const T& b) {
  return a < b ? -1 : (a > b ? 1 : 0);
}

// PostgreSQL's type order in compareJsonbContainers: null < string < number < bool < array <
// object (the JValue::Kind order).
int CompareScalars(const JValue& a, const JValue& b) {
  switch (a.kind) {
    case JValue::Kind::kNull:
      return 0;
    case JValue::Kind::kString: {
      int c = a.str.compare(b.str);  // the C collation
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case JValue::Kind::kNumber:
      return Numeric::Compare(a.num, b.num);
    case JValue::Kind::kBool:
      return Sign(a.b, b.b);
    default:
      return 0;
  }
}

// Depth-first, as compareJsonbContainers walks both documents token by token: a container's
// header (its element or pair count) decides before its members.
int CompareNested(const JValue& a, const JValue& b) {
  if (a.kind != b.kind) return Sign(static_cast<int>(a.kind), static_cast<int>(b.kind));
  if (!a.is_container()) return CompareScalars(a, b);
  if (a.items.size() != b.items.size()) return Sign(a.items.size(), b.items.size());
  bool object = a.kind == JValue::Kind::kObject;
  for (size_t i = 0; i < a.items.size(); i++) {
    if (object) {
      int c = a.keys[i].compare(b.keys[i]);
      if (c != 0) return c < 0 ? -1 : 1;
    }
    int c = CompareNested(a.items[i], b.items[i]);
    if (c != 0) return c;
  }
  return 0;
}

size_t HashOf(const JValue& v) {
  size_t h = static_cast<size_t>(v.kind) * 0x9e3779b97f4a7c15ULL;
  auto mix = [&h](size_t x) { h = (h ^ x) * 0x100000001b3ULL; };
  switch (v.kind) {
    case JValue::Kind::kNull:
      break;
    case JValue::Kind::kBool:
      mix(v.b);
      break;
    case JValue::Kind::kString:
      mix(std::hash<std::string_view>()(v.str));
      break;
    case JValue::Kind::kNumber:
      mix(v.num.Hash());
      break;
    default:
      for (size_t i = 0; i < v.items.size(); i++) {
        if (v.kind == JValue::Kind::kObject) mix(std::hash<std::string_view>()(v.keys[i]));
        mix(HashOf(v.items[i]));
      }
      break;
  }
  return h;
}

}  // namespace

bool KeyLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

const JValue* JValue::Find(std::string_view key) const {
  auto it =
      std::lower_bound(keys.begin(), keys.end(), key,
                       [](const std::string& k, std::string_view x) { return KeyLess(k, x); });
  if (it == keys.end() || *it != key) return nullptr;
  return &items[it - keys.begin()];
}

void JValue::Set(std::string key, JValue v) {
  auto it =
      std::lower_bound(keys.begin(), keys.end(), key,
                       [](const std::string& k, std::string_view x) { return KeyLess(k, x); });
  size_t at = it - keys.begin();
  if (it != keys.end() && *it == key) {
    items[at] = std::move(v);
    return;
  }
  keys.insert(it, std::move(key));
  items.insert(items.begin() + static_cast<std::ptrdiff_t>(at), std::move(v));
}

void Normalize(JValue* v) {
  if (v->kind != JValue::Kind::kObject) return;
  size_t n = v->keys.size();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; i++) order[i] = i;
  // Stable, so that among equal keys the last one written ends up last and wins.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return KeyLess(v->keys[x], v->keys[y]); });
  std::vector<std::string> keys;
  std::vector<JValue> items;
  for (size_t i = 0; i < n; i++) {
    size_t at = order[i];
    if (i + 1 < n && v->keys[order[i + 1]] == v->keys[at]) continue;
    keys.push_back(std::move(v->keys[at]));
    items.push_back(std::move(v->items[at]));
  }
  v->keys = std::move(keys);
  v->items = std::move(items);
}

Result<JValue> Parse(std::string_view text, bool for_jsonb) {
  return ParseImpl(text, for_jsonb, /*build=*/true);
}

Status Validate(std::string_view text) {
  Result<JValue> r = ParseImpl(text, /*for_jsonb=*/false, /*build=*/false);
  return r.ok() ? Status::OK() : r.status();
}

std::string Encode(const JValue& v) {
  std::string out;
  EncodeTo(v, &out);
  return out;
}

Result<JValue> Decode(std::string_view bytes) {
  JValue v;
  RETURN_IF_ERROR(DecodeFrom(&bytes, &v, 0));
  return v;
}

Result<std::string> FromText(std::string_view text) {
  ASSIGN_OR_RETURN(JValue v, Parse(text));
  return Encode(v);
}

std::string ToText(std::string_view bytes) {
  Result<JValue> v = Decode(bytes);
  if (!v.ok()) return "";
  return ToText(*v);
}

std::string ToText(const JValue& v, bool pretty) {
  std::string out;
  Write(v, &out, pretty, 0);
  return out;
}

void AppendQuoted(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out->append(fmt::format("\\u{:04x}", static_cast<unsigned char>(c)));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

int Compare(const JValue& a, const JValue& b) {
  // A top-level scalar is a one-element "raw scalar" array: it sorts after an empty array and
  // before any array of one or more elements, and two scalars compare by their elements.
  bool ra = !a.is_container(), rb = !b.is_container();
  if (ra && rb) return CompareNested(a, b);
  if (ra || rb) {
    const JValue& container = ra ? b : a;
    int sign = ra ? 1 : -1;  // +1 when `a` is the scalar
    if (container.kind == JValue::Kind::kObject) return -sign;
    return container.items.empty() ? sign : -sign;
  }
  return CompareNested(a, b);
}

int Compare(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  Result<JValue> x = Decode(a), y = Decode(b);
  if (!x.ok() || !y.ok()) return Sign(a, b);
  return Compare(*x, *y);
}

size_t Hash(std::string_view bytes) {
  Result<JValue> v = Decode(bytes);
  if (!v.ok()) return std::hash<std::string_view>()(bytes);
  return HashOf(*v);
}

JValue::Kind KindOf(std::string_view bytes) {
  if (bytes.empty()) return JValue::Kind::kNull;
  switch (static_cast<uint8_t>(bytes.front())) {
    case kTagString:
      return JValue::Kind::kString;
    case kTagNumber:
      return JValue::Kind::kNumber;
    case kTagFalse:
    case kTagTrue:
      return JValue::Kind::kBool;
    case kTagArray:
      return JValue::Kind::kArray;
    case kTagObject:
      return JValue::Kind::kObject;
    default:
      return JValue::Kind::kNull;
  }
}

bool FieldBytes(std::string_view bytes, std::string_view key, std::string_view* out) {
  Item item;
  if (!ReadItem(&bytes, &item) || item.tag != kTagObject) return false;
  std::string_view body = item.payload;
  for (uint64_t i = 0; i < item.count; i++) {
    std::string_view k;
    if (!GetLengthPrefixed(&body, &k)) return false;
    std::string_view start = body;
    Item member;
    if (!ReadItem(&body, &member)) return false;
    if (k == key) {
      *out = start.substr(0, start.size() - body.size());
      return true;
    }
    if (KeyLess(key, k)) return false;  // keys are sorted
  }
  return false;
}

bool ElementBytes(std::string_view bytes, int64_t index, std::string_view* out) {
  Item item;
  if (!ReadItem(&bytes, &item) || item.tag != kTagArray) return false;
  int64_t n = static_cast<int64_t>(item.count);
  if (index < 0) index += n;
  if (index < 0 || index >= n) return false;
  std::string_view body = item.payload;
  for (int64_t i = 0; i <= index; i++) {
    std::string_view start = body;
    Item member;
    if (!ReadItem(&body, &member)) return false;
    if (i == index) {
      *out = start.substr(0, start.size() - body.size());
      return true;
    }
  }
  return false;
}

}  // namespace komodo::jsonb
