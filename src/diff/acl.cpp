// diff/acl.cpp — aclitem texts read into grants, defaults, and GRANT/REVOKE between two of them.
#include "diff/acl.hpp"

#include <fmt/format.h>

#include "retort/error.hpp"
#include "schema/ddl.hpp"

namespace retort::schema::acl {

namespace {

/// PostgreSQL's own order of the privilege letters (ACL_ALL_RIGHTS_STR), for stable output.
constexpr std::string_view k_letter_order = "arwdDxtXUCTcsAm";

/// The privileges an owner holds by default, without those a newer major added (MAINTAIN, 'm').
std::string_view owner_letters(ObjectClass cls) {
  switch (cls) {
    case ObjectClass::relation: return "arwdDxt";
    case ObjectClass::sequence: return "rwU";
    case ObjectClass::routine: return "X";
    case ObjectClass::type: return "U";
    case ObjectClass::schema: return "UC";
  }
  return "";
}

/// Reads a role name as aclitem prints it: bare, or double-quoted with "" for a quote.
std::string read_name(std::string_view text, std::size_t& at, const std::string& item) {
  std::string out;
  if (at < text.size() && text[at] == '"') {
    for (++at; at < text.size(); ++at) {
      if (text[at] == '"') {
        if (at + 1 < text.size() && text[at + 1] == '"') {
          out += '"';
          ++at;
          continue;
        }
        ++at;
        return out;
      }
      out += text[at];
    }
    throw Error(ErrorCode::internal, "unterminated role name in the access privilege '" + item + "'");
  }
  while (at < text.size() && text[at] != '=' && text[at] != '/') out += text[at++];
  return out;
}

std::string grantee_sql(const std::string& grantee) { return grantee.empty() ? "PUBLIC" : ddl::ident(grantee); }

/// "SELECT, UPDATE", or "SELECT (title), UPDATE (title)" for a column's privileges.
std::string keyword_list(const std::string& letters, const std::string& column) {
  std::string out;
  std::string suffix = column.empty() ? "" : " (" + ddl::ident(column) + ")";
  for (char c : k_letter_order) {
    if (letters.find(c) != std::string::npos) out += (out.empty() ? "" : ", ") + std::string(keyword(c)) + suffix;
  }
  return out;
}

} // namespace

std::string_view keyword(char letter) {
  switch (letter) {
    case 'a': return "INSERT";
    case 'r': return "SELECT";
    case 'w': return "UPDATE";
    case 'd': return "DELETE";
    case 'D': return "TRUNCATE";
    case 'x': return "REFERENCES";
    case 't': return "TRIGGER";
    case 'X': return "EXECUTE";
    case 'U': return "USAGE";
    case 'C': return "CREATE";
    case 'T': return "TEMPORARY";
    case 'c': return "CONNECT";
    case 's': return "SET";
    case 'A': return "ALTER SYSTEM";
    case 'm': return "MAINTAIN";
  }
  throw Error(ErrorCode::internal, fmt::format("unknown privilege letter '{}' in an access privilege", letter));
}

Grants parse(const std::vector<std::string>& items) {
  Grants out;
  for (const auto& item : items) {
    std::size_t at = 0;
    std::string grantee = read_name(item, at, item);
    if (at >= item.size() || item[at] != '=') {
      throw Error(ErrorCode::internal, "not an access privilege (grantee=privileges/grantor): '" + item + "'");
    }
    Holding& h = out[grantee];
    for (++at; at < item.size() && item[at] != '/'; ++at) {
      char letter = item[at];
      keyword(letter);  // throws on a letter this version does not know
      bool option = at + 1 < item.size() && item[at + 1] == '*';
      h.privileges[letter] = h.privileges[letter] || option;
      if (option) ++at;
    }
    if (h.privileges.empty()) out.erase(grantee);
  }
  return out;
}

Grants defaults(ObjectClass cls, const std::string& owner) {
  Grants out;
  for (char c : owner_letters(cls)) out[owner].privileges[c] = false;
  if (cls == ObjectClass::routine) out[""].privileges['X'] = false;
  if (cls == ObjectClass::type) out[""].privileges['U'] = false;
  return out;
}

Grants effective(ObjectClass cls, const Privileges& p) {
  return p.acl.empty() ? defaults(cls, p.owner) : parse(p.acl);
}

Grants with_new_owner(Grants grants, const std::string& old_owner, const std::string& new_owner) {
  if (old_owner == new_owner) return grants;
  auto it = grants.find(old_owner);
  if (it == grants.end()) return grants;
  Holding moved = it->second;
  grants.erase(it);
  for (const auto& [letter, option] : moved.privileges) {
    grants[new_owner].privileges[letter] = grants[new_owner].privileges[letter] || option;
  }
  return grants;
}

bool holds_all(ObjectClass cls, const Holding& h) {
  for (char c : owner_letters(cls)) {
    if (!h.privileges.count(c)) return false;
  }
  return true;
}

std::vector<std::string> statements(ObjectClass cls, const std::string& object, const std::string& owner,
                                    const Grants& from, const Grants& to, const std::string& column) {
  std::vector<std::string> out;
  std::map<std::string, bool> grantees;
  for (const auto& [g, _] : from) grantees[g] = true;
  for (const auto& [g, _] : to) grantees[g] = true;
  static const Holding none;
  for (const auto& [grantee, _] : grantees) {
    auto f_it = from.find(grantee);
    auto t_it = to.find(grantee);
    Holding f = f_it == from.end() ? none : f_it->second;
    const Holding& t = t_it == to.end() ? none : t_it->second;
    std::string who = grantee_sql(grantee);
    if (!owner.empty() && grantee == owner && holds_all(cls, f)) {
      // The owner's "everything" has one more letter on newer majors: compare it as a whole.
      if (holds_all(cls, t)) continue;
      out.push_back(fmt::format("REVOKE ALL ON {} FROM {}", object, who));
      f = none;
    }
    std::string revoke, revoke_option, grant, grant_option;
    for (const auto& [letter, option] : f.privileges) {
      auto in_to = t.privileges.find(letter);
      if (in_to == t.privileges.end()) revoke += letter;
      else if (option && !in_to->second) revoke_option += letter;
    }
    for (const auto& [letter, option] : t.privileges) {
      auto in_from = f.privileges.find(letter);
      if (in_from == f.privileges.end()) (option ? grant_option : grant) += letter;
      else if (option && !in_from->second) grant_option += letter;
    }
    if (!revoke_option.empty()) {
      out.push_back(fmt::format("REVOKE GRANT OPTION FOR {} ON {} FROM {}", keyword_list(revoke_option, column), object, who));
    }
    if (!revoke.empty()) out.push_back(fmt::format("REVOKE {} ON {} FROM {}", keyword_list(revoke, column), object, who));
    if (!grant.empty()) out.push_back(fmt::format("GRANT {} ON {} TO {}", keyword_list(grant, column), object, who));
    if (!grant_option.empty()) {
      out.push_back(fmt::format("GRANT {} ON {} TO {} WITH GRANT OPTION", keyword_list(grant_option, column), object, who));
    }
  }
  return out;
}

} // namespace retort::schema::acl
