// The binary wire formats of the catalog's int2vector (pg_index.indkey) and of records
// (information_schema._pg_expandarray's rows); the bytes are what PostgreSQL 15's
// int2vectorsend and record_send printed.
#include <gtest/gtest.h>

#include <string>

#include "server/pgwire_values.h"

namespace komodo::server {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(PgwireCatalogTypesTest, Int2VectorIsAnArrayCountedFromZero) {
  Result<Value> v = Value::FromText(TypeId::kInt2Vector, "1 2");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->ToText(), "1 2");
  // int2vectorsend('1 2'): 1 dimension, no NULLs, int2 elements, 2 of them from 0, then 1 and 2.
  EXPECT_EQ(EncodeBinary(*v), Bytes({0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x15, 0, 0, 0, 2,
                                     0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0,    0, 2, 0, 2}));
}

TEST(PgwireCatalogTypesTest, RecordSendsEachFieldWithItsType) {
  Value r = Value::Array(TypeId::kRecord, {Value::Int2(3), Value::Int4(1)});
  EXPECT_EQ(r.ToText(), "(3,1)");
  EXPECT_EQ(EncodeBinary(r), Bytes({0, 0, 0, 2, 0,    0, 0, 0x15, 0, 0, 0, 2, 0,
                                    3, 0, 0, 0, 0x17, 0, 0, 0,    4, 0, 0, 0, 1}));
  Value with_null = Value::Array(TypeId::kRecord, {Value::Null(TypeId::kInt2), Value::Int4(2)});
  EXPECT_EQ(with_null.ToText(), "(,2)");
  EXPECT_EQ(EncodeBinary(with_null), Bytes({0, 0, 0, 2,    0, 0, 0, 0x15, 0xff, 0xff, 0xff, 0xff,
                                            0, 0, 0, 0x17, 0, 0, 0, 4,    0,    0,    0,    2}));
}

}  // namespace
}  // namespace komodo::server
