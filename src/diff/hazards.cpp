// diff/hazards.cpp — the hazards a generated statement carries, with messages for people.
#include "diff/differ.hpp"

namespace retort::schema {

const char* hazard_code(Hazard hazard) {
  switch (hazard) {
  case Hazard::access_exclusive_lock: return "access_exclusive_lock";
  case Hazard::share_lock: return "share_lock";
  case Hazard::share_row_exclusive_lock: return "share_row_exclusive_lock";
  case Hazard::rewrites_table: return "rewrites_table";
  case Hazard::validates_table: return "validates_table";
  case Hazard::builds_index: return "builds_index";
  case Hazard::drops_index: return "drops_index";
  case Hazard::deletes_data: return "deletes_data";
  case Hazard::authorization: return "authorization";
  case Hazard::untracked_dependencies: return "untracked_dependencies";
  case Hazard::upgrades_extension: return "upgrades_extension";
  case Hazard::enum_value_added: return "enum_value_added";
  case Hazard::recreates_object: return "recreates_object";
  case Hazard::resets_sequence: return "resets_sequence";
  }
  return "unknown";
}

bool ChangeSet::needs_no_transaction() const noexcept {
  for (const auto& c : changes) {
    for (const auto& s : c.statements) {
      if (!s.transactional) return true;
    }
  }
  return false;
}

std::vector<HazardNote> ChangeSet::hazards() const {
  std::vector<HazardNote> out;
  for (const auto& c : changes) {
    for (const auto& s : c.statements) out.insert(out.end(), s.hazards.begin(), s.hazards.end());
  }
  return out;
}

ChangeStatement statement(std::string sql, std::vector<HazardNote> hazards, bool transactional) {
  return ChangeStatement{std::move(sql), std::move(hazards), transactional};
}

std::vector<ChangeStatement> statements(const std::vector<std::string>& sql) {
  std::vector<ChangeStatement> out;
  for (const auto& s : sql) out.push_back(statement(s));
  return out;
}

HazardNote exclusive_lock(const std::string& relation) {
  return {Hazard::access_exclusive_lock, "takes an ACCESS EXCLUSIVE lock on " + relation + " (blocks reads and writes)"};
}
HazardNote share_lock(const std::string& relation) {
  return {Hazard::share_lock, "takes a SHARE lock on " + relation + " (blocks writes) while the index builds"};
}
HazardNote share_row_exclusive_lock(const std::string& relations) {
  return {Hazard::share_row_exclusive_lock, "takes a SHARE ROW EXCLUSIVE lock on " + relations + " (blocks writes)"};
}
HazardNote rewrites(const std::string& relation) {
  return {Hazard::rewrites_table, "rewrites " + relation + " and its indexes"};
}
HazardNote validates(const std::string& relation) {
  return {Hazard::validates_table, "reads every row of " + relation + " to check it"};
}
HazardNote builds_index(const std::string& index) {
  return {Hazard::builds_index, "builds index " + index};
}
HazardNote drops_index(const std::string& index) {
  return {Hazard::drops_index, "drops index " + index + ": queries that used it may slow down"};
}
HazardNote deletes(const std::string& what) { return {Hazard::deletes_data, "deletes " + what + " for good"}; }
HazardNote untracked(const std::string& function) {
  return {Hazard::untracked_dependencies,
          function + ": PostgreSQL does not track what its body uses; check the objects it reads still exist"};
}
HazardNote recreates(const std::string& what) {
  return {Hazard::recreates_object, "drops and recreates " + what + " (and what depends on it)"};
}

} // namespace retort::schema
