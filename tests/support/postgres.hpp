// support/postgres.hpp — the test run's one throwaway PostgreSQL cluster, and a fresh database per test.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "retort/temp_cluster.hpp"

namespace retort::test {

/// The cluster shared by the whole test run, started on first use and removed at exit.
TempCluster& cluster();

/// Creates a new, empty database and returns its superuser url.
std::string fresh_database();

/// Creates a new database as a copy of the one at `url` (made by fresh_database(), and with no
/// session open on it) and returns its superuser url.
std::string copy_of_database(const std::string& url);

/// The name of the database in a url made by fresh_database().
std::string database_name(const std::string& url);

/// Runs one statement as the superuser on `url` (setup and assertions), returning the first
/// column of the first row, or "" when there is none.
std::string scalar(const std::string& url, const std::string& sql);

/// Polls `sql` (as scalar() runs it) until it returns "t", for up to `limit`; whether it did.
bool eventually(const std::string& url, const std::string& sql,
                std::chrono::milliseconds limit = std::chrono::seconds(15));

/// The shared cluster's server_version_num (130023 for 13.23), for tests of features a major lacks.
int server_version_num();

/// A PostgreSQL client program (psql): the server's folder first, else the newest one installed
/// under /usr/lib/postgresql, else the name alone (found on PATH). Server-only builds, such as the
/// ones scripts/pg-matrix.sh fetches, carry no psql.
std::filesystem::path client_program(const std::string& name);

} // namespace retort::test
