#include "support/schema_pair.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "retort/database.hpp"
#include "retort/introspect.hpp"
#include "retort/temp_cluster.hpp"
#include "support/postgres.hpp"

namespace fs = std::filesystem;

namespace retort::test {

SchemaPair read_schema_pair(const std::string& path) {
  std::ifstream in(path);
  SchemaPair pair;
  pair.name = fs::path(path).stem().string();
  std::string line;
  std::string* section = nullptr;
  while (std::getline(in, line)) {
    if (line == "-- @from") { section = &pair.from_sql; continue; }
    if (line == "-- @to") { section = &pair.to_sql; continue; }
    if (line == "-- @online") { pair.online = true; continue; }
    if (line == "-- @needs_lz4") { pair.needs_lz4 = true; continue; }
    if (line.rfind("-- @pg_dump_differs:", 0) == 0) { pair.pg_dump_differs = line.substr(20); continue; }
    if (line.rfind("-- @min_postgres:", 0) == 0) {
      try {
        pair.min_postgres = std::stoi(line.substr(17));
      } catch (const std::exception&) {
        ADD_FAILURE() << path << ": '-- @min_postgres:' needs a major version number, got: " << line;
      }
      continue;
    }
    if (section == nullptr) {
      if (line.rfind("-- pair:", 0) == 0) pair.description = line.substr(8);
      continue;
    }
    *section += line + "\n";
  }
  return pair;
}

std::vector<std::string> schema_pair_files(const std::string& folder) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(folder)) {
    if (e.path().extension() == ".sql") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void ensure_test_roles() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto admin = connect(cluster().url());
    for (const char* role : {"retort_reader", "retort_writer"}) {
      admin->execute(fmt::format("DO $$ BEGIN CREATE ROLE {}; EXCEPTION WHEN duplicate_object THEN NULL; END $$", role));
    }
  });
}

std::string database_with(const std::string& sql) {
  ensure_test_roles();
  std::string url = fresh_database();
  auto db = connect(url);
  for (const auto& s : db->dialect().split(sql, 1)) {
    try {
      db->execute(s.sql);
    } catch (const Error& e) {
      ADD_FAILURE() << "setup statement at line " << s.line << " failed: " << e.describe();
      break;
    }
  }
  return url;
}

BuiltSchema build_schema(const std::string& sql) {
  BuiltSchema built;
  built.url = database_with(sql);
  built.model = read_database(built.url);
  built.pg_dump = normalized_pg_dump(built.url);
  return built;
}

schema::Database read_database(const std::string& url) {
  auto db = connect(url);
  return introspector_for(*db)->read({});
}

std::string apply_changes(const std::string& url, const schema::ChangeSet& changes) {
  auto db = connect(url);
  bool one_transaction = !changes.needs_no_transaction();
  if (one_transaction) db->execute("BEGIN");
  for (const auto& change : changes.changes) {
    for (const auto& s : change.statements) {
      try {
        db->execute(s.sql);
      } catch (const Error& e) {
        if (one_transaction) db->execute("ROLLBACK");
        return fmt::format("{}\n  in: {}\n  of change: {}", e.describe(), s.sql, change.description);
      }
    }
  }
  if (one_transaction) db->execute("COMMIT");
  return "";
}

namespace {

std::string run_capture(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "";
  std::string out;
  std::array<char, 65536> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
  return out;
}

/// "WITH (b='1', a='2');" → "WITH (a='2', b='1');": storage parameters have no order.
std::string sorted_options(const std::string& line) {
  if (line.rfind("WITH (", 0) != 0 || line.size() < 8 || line.compare(line.size() - 2, 2, ");") != 0) return line;
  std::string inner = line.substr(6, line.size() - 8);
  std::vector<std::string> items;
  std::size_t start = 0;
  for (std::size_t comma; (comma = inner.find(", ", start)) != std::string::npos; start = comma + 2) {
    items.push_back(inner.substr(start, comma - start));
  }
  items.push_back(inner.substr(start));
  std::sort(items.begin(), items.end());
  std::string out = "WITH (";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + ");";
}

std::string trim_comma(std::string line) {
  while (!line.empty() && (line.back() == ',' || line.back() == ' ')) line.pop_back();
  return line;
}

/// The server's own pg_dump, or the system's newest one if it is at least the server's major (pg_dump
/// reads older servers and refuses newer ones); empty when there is none.
fs::path pg_dump_for(int server_major) {
  fs::path own = find_postgres_bin_dir() / "pg_dump";
  if (fs::exists(own)) return own;
  fs::path newest = client_program("pg_dump");
  int newest_major = std::atoi(newest.parent_path().parent_path().filename().c_str());
  if (newest.is_absolute() && newest_major >= server_major) return newest;
  return {};
}

} // namespace

std::string normalized_pg_dump(const std::string& url) {
  // Every database of the tests is on the shared cluster.
  fs::path pg_dump = pg_dump_for(server_version_num() / 10000);
  if (pg_dump.empty()) return "";
  std::string text = run_capture(fmt::format("'{}' --schema-only --no-owner --no-privileges -d '{}' 2>&1", pg_dump.string(), url));
  std::istringstream in(text);
  std::vector<std::string> statements;
  std::string line, current;
  std::vector<std::string> table_lines;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 ||
        line.rfind("SELECT pg_catalog.set_config", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0) {
      continue;
    }
    if (line.rfind("CREATE TABLE", 0) == 0 && line.back() == '(') {
      in_table = true;
      current = line + "\n";
      table_lines.clear();
      continue;
    }
    if (in_table) {
      if (line.rfind(")", 0) == 0) {
        std::sort(table_lines.begin(), table_lines.end());
        for (const auto& l : table_lines) current += l + "\n";
        current += line + "\n";
        in_table = false;
        if (line.back() == ';') {
          statements.push_back(current);
          current.clear();
        }
      } else {
        table_lines.push_back(trim_comma(line));
      }
      continue;
    }
    current += sorted_options(line) + "\n";
    if (line.back() == ';') {
      statements.push_back(current);
      current.clear();
    }
  }
  if (!current.empty()) statements.push_back(current);
  std::sort(statements.begin(), statements.end());
  std::string out;
  for (const auto& s : statements) out += s;
  return out;
}

} // namespace retort::test
