// Google Benchmark micro benchmarks of the engine's hot paths (docs/performance.md):
//   key encoding   storage::EncodeKeyValue / DecodeKeyValue (src/storage/key_codec.h)
//   row decoding   table::EncodeRow / DecodeRow (src/table/row_codec.h)
//   expressions    exec::Evaluate on `v * 2.0 + 1.0 > 100.0 AND id % 1000 = 7`
//   (src/exec/evaluate.h) hash grouping  rows grouped by id % 1000 with count(*) and sum(v), as the
//   aggregate operator
//                  does it: exec::Accumulate over an unordered_map keyed by the group row.
//
//   make micro-bench     or    build/komodo_micro_bench --benchmark_filter=Key
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/table_def.h"
#include "exec/aggregate.h"
#include "exec/evaluate.h"
#include "exec/row_hash.h"
#include "sql/binder/bound_expr.h"
#include "storage/key_codec.h"
#include "table/row_codec.h"

namespace {

using komodo::TypeId;
using komodo::Value;
using komodo::sql::BoundExpr;
using komodo::sql::BoundExprPtr;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "micro_bench: %s failed\n", what);
    std::abort();
  }
}

// ---- key encoding ------------------------------------------------------------------------

void BM_EncodeKeyInt4(benchmark::State& state) {
  std::string out;
  int32_t i = 0;
  for (auto _ : state) {
    out.clear();
    komodo::storage::EncodeKeyValue(Value::Int4(i++), komodo::storage::SortOrder::kAsc, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeKeyInt4);

void BM_EncodeKeyText(benchmark::State& state) {
  std::string out;
  Value v = Value::Text("customer-name-0001234");
  for (auto _ : state) {
    out.clear();
    komodo::storage::EncodeKeyValue(v, komodo::storage::SortOrder::kAsc, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeKeyText);

void BM_DecodeKeyInt4Text(benchmark::State& state) {
  std::string key;
  komodo::storage::EncodeKeyValue(Value::Int4(123456), komodo::storage::SortOrder::kAsc, &key);
  komodo::storage::EncodeKeyValue(Value::Text("customer-name-0001234"),
                                  komodo::storage::SortOrder::kAsc, &key);
  Value a, b;
  for (auto _ : state) {
    std::string_view in = key;
    Check(komodo::storage::DecodeKeyValue(&in, TypeId::kInt4, komodo::storage::SortOrder::kAsc, &a)
              .ok(),
          "DecodeKeyValue");
    Check(komodo::storage::DecodeKeyValue(&in, TypeId::kText, komodo::storage::SortOrder::kAsc, &b)
              .ok(),
          "DecodeKeyValue");
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeKeyInt4Text);

// ---- row encoding and decoding -----------------------------------------------------------

// The bench table: (id int primary key, name text, v double precision).
komodo::catalog::TableDef BenchTable() {
  komodo::catalog::TableDef def;
  def.id = 100;
  def.name = "t";
  def.columns = {{1, "id", TypeId::kInt4, -1, true, ""},
                 {2, "name", TypeId::kText, -1, false, ""},
                 {3, "v", TypeId::kFloat8, -1, false, ""}};
  def.next_column_id = 4;
  return def;
}

std::vector<Value> BenchRow(int i) {
  return {Value::Int4(i), Value::Text("name" + std::to_string(i)), Value::Float8(i * 0.5)};
}

void BM_EncodeRow(benchmark::State& state) {
  auto def = BenchTable();
  auto row = BenchRow(123456);
  for (auto _ : state) {
    std::string record = komodo::table::EncodeRow(def, row);
    benchmark::DoNotOptimize(record.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeRow);

void BM_DecodeRow(benchmark::State& state) {
  auto def = BenchTable();
  std::string record = komodo::table::EncodeRow(def, BenchRow(123456));
  for (auto _ : state) {
    auto row = komodo::table::DecodeRow(def, record);
    Check(row.ok(), "DecodeRow");
    benchmark::DoNotOptimize(row);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeRow);

// ---- expression evaluation ---------------------------------------------------------------

BoundExprPtr Column(int pos, TypeId type) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kColumn;
  e->column = pos;
  e->type = type;
  return e;
}
BoundExprPtr Const(Value v) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = BoundExpr::Kind::kConst;
  e->type = v.type();
  e->value = std::move(v);
  return e;
}
BoundExprPtr Binary(BoundExpr::Kind kind, const char* op, TypeId type, BoundExprPtr l,
                    BoundExprPtr r) {
  auto e = std::make_unique<BoundExpr>();
  e->kind = kind;
  e->op = op;
  e->type = type;
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
  return e;
}

// v * 2.0 + 1.0 > 100.0 AND id % 1000 = 7, over rows (id int4, name text, v float8).
BoundExprPtr BenchPredicate() {
  using K = BoundExpr::Kind;
  auto lhs = Binary(K::kCompare, ">", TypeId::kBool,
                    Binary(K::kArith, "+", TypeId::kFloat8,
                           Binary(K::kArith, "*", TypeId::kFloat8, Column(2, TypeId::kFloat8),
                                  Const(Value::Float8(2.0))),
                           Const(Value::Float8(1.0))),
                    Const(Value::Float8(100.0)));
  auto rhs = Binary(
      K::kCompare, "=", TypeId::kBool,
      Binary(K::kArith, "%", TypeId::kInt4, Column(0, TypeId::kInt4), Const(Value::Int4(1000))),
      Const(Value::Int4(7)));
  return Binary(K::kAnd, "", TypeId::kBool, std::move(lhs), std::move(rhs));
}

void BM_EvaluatePredicate(benchmark::State& state) {
  BoundExprPtr pred = BenchPredicate();
  std::vector<Value> params;
  komodo::exec::Runtime rt(nullptr, &params);
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 1024; i++) rows.push_back(BenchRow(i));
  size_t i = 0, hits = 0;
  for (auto _ : state) {
    auto r = komodo::exec::EvaluatePredicate(*pred, rows[i++ & 1023], rt);
    Check(r.ok(), "EvaluatePredicate");
    hits += *r;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePredicate);

void BM_EvaluateArith(benchmark::State& state) {  // v * 2.0 + 1.0
  using K = BoundExpr::Kind;
  auto e = Binary(K::kArith, "+", TypeId::kFloat8,
                  Binary(K::kArith, "*", TypeId::kFloat8, Column(2, TypeId::kFloat8),
                         Const(Value::Float8(2.0))),
                  Const(Value::Float8(1.0)));
  std::vector<Value> params;
  komodo::exec::Runtime rt(nullptr, &params);
  auto row = BenchRow(42);
  for (auto _ : state) {
    auto r = komodo::exec::Evaluate(*e, row, rt);
    Check(r.ok(), "Evaluate");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateArith);

// ---- hash aggregation --------------------------------------------------------------------

// SELECT id % G, count(*), sum(v) FROM t GROUP BY 1 over state.range(1) rows, G = range(0).
void BM_HashAggregate(benchmark::State& state) {
  using K = BoundExpr::Kind;
  const int groups = static_cast<int>(state.range(0));
  const int nrows = static_cast<int>(state.range(1));
  auto key =
      Binary(K::kArith, "%", TypeId::kInt4, Column(0, TypeId::kInt4), Const(Value::Int4(groups)));
  komodo::sql::AggregateCall count;
  count.name = "count";
  count.type = TypeId::kInt8;
  count.star = true;
  komodo::sql::AggregateCall sum;
  sum.name = "sum";
  sum.type = TypeId::kFloat8;
  sum.input = TypeId::kFloat8;
  sum.args.push_back(Column(2, TypeId::kFloat8));
  std::vector<std::vector<Value>> rows;
  rows.reserve(nrows);
  for (int i = 0; i < nrows; i++) rows.push_back(BenchRow(i));
  std::vector<Value> params;
  komodo::exec::Runtime rt(nullptr, &params);
  for (auto _ : state) {
    std::unordered_map<std::vector<Value>, std::vector<komodo::exec::AggregateState>,
                       komodo::exec::RowHasher, komodo::exec::RowEquals>
        table;
    for (const auto& row : rows) {
      auto k = komodo::exec::Evaluate(*key, row, rt);
      Check(k.ok(), "Evaluate");
      auto& states = table[std::vector<Value>{std::move(*k)}];
      if (states.empty()) states.resize(2);
      Check(komodo::exec::Accumulate(count, row, rt, &states[0]).ok(), "Accumulate");
      Check(komodo::exec::Accumulate(sum, row, rt, &states[1]).ok(), "Accumulate");
    }
    for (auto& [k, states] : table) {
      auto c = komodo::exec::Finalize(count, states[0], rt);
      auto s = komodo::exec::Finalize(sum, states[1], rt);
      Check(c.ok() && s.ok(), "Finalize");
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(state.iterations() * nrows);
}
BENCHMARK(BM_HashAggregate)
    ->Args({1000, 100000})
    ->Args({10, 100000})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
