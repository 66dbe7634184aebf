# Debian 12 system packages, installed by scripts/install-deps.sh. See ../shared/DEPS.md for the traps.
# Every dependency is an INTERFACE target deps::<name>; link them PRIVATE so each stays in its adapter.
include_guard(GLOBAL)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

function(_deps_iface name)
  add_library(deps_${name} INTERFACE)
  target_link_libraries(deps_${name} INTERFACE ${ARGN})
  add_library(deps::${name} ALIAS deps_${name})
endfunction()

# RocksDBConfig appends its own Find modules to CMAKE_MODULE_PATH: find later packages in CONFIG mode.
find_package(RocksDB 7.8 CONFIG REQUIRED)
_deps_iface(rocksdb RocksDB::rocksdb-shared)

# libpg_query ships no CMake config and no .pc. Never call pg_query_exit().
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY pg_query REQUIRED)
pkg_check_modules(PROTOBUF_C REQUIRED IMPORTED_TARGET libprotobuf-c)  # header only
_deps_iface(pg_query ${PG_QUERY_LIBRARY} PkgConfig::PROTOBUF_C)
target_include_directories(deps_pg_query INTERFACE ${PG_QUERY_INCLUDE_DIR})

# nlohmann/json parses jsonb input (src/types/jsonb.cc); header-only.
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
_deps_iface(nlohmann_json nlohmann_json::nlohmann_json)

find_package(fmt 9 CONFIG REQUIRED)
_deps_iface(fmt fmt::fmt)

pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)  # BSD; GNU readline is GPL-3+
_deps_iface(libedit PkgConfig::LIBEDIT)

pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)  # the sqllogictest runner's --pg backend
_deps_iface(libpq PkgConfig::LIBPQ)

find_package(GTest 1.12 CONFIG REQUIRED)
find_package(benchmark 1.7 CONFIG REQUIRED)

find_package(OpenSSL 3 REQUIRED)  # SCRAM-SHA-256 (common/scram.cc) and TLS in the wire server
_deps_iface(openssl OpenSSL::SSL OpenSSL::Crypto)
