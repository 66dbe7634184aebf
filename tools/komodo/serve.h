// `komodo serve`: the PostgreSQL wire-protocol server over one data folder.
#pragma once

namespace komodo::cli {

// Gets the arguments after "serve"; returns the process exit code (0 after a clean shutdown on
// SIGTERM / SIGINT, 2 for bad usage or when the database or the port cannot be opened).
int RunServe(int argc, char** argv, const char* version);

}  // namespace komodo::cli
