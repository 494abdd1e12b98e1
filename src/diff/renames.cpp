// diff/renames.cpp — renames stated in the desired schema: read, inverted, applied to the old model.
#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "diff/differ.hpp"
#include "retort/error.hpp"
#include "schema/canonical.hpp"
#include "schema/ddl.hpp"

namespace retort::schema {

namespace {

using ddl::ident;
using ddl::qualified;

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c == '"';
}

/// Replaces whole-word occurrences of `from` in `text`.
void replace_word(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    bool starts = pos == 0 || !word_char(text[pos - 1]);
    bool ends = pos + from.size() >= text.size() || !word_char(text[pos + from.size()]);
    if (starts && ends) {
      text.replace(pos, from.size(), to);
      pos += to.size();
    } else {
      pos += from.size();
    }
  }
}

/// Replaces an id prefix ("table:s.old" → "table:s.new", "column:s.old." → "column:s.new.") in every dependency.
void rename_ids(Database& db, const std::string& from, const std::string& to) {
  for (auto& dep : db.dependencies) {
    for (auto* end : {&dep.from, &dep.to}) {
      if (*end == from) *end = to;
    }
  }
}

void rename_prefix(Database& db, const std::string& from, const std::string& to) {
  for (auto& dep : db.dependencies) {
    for (auto* end : {&dep.from, &dep.to}) {
      if (end->rfind(from, 0) == 0) *end = to + end->substr(from.size());
    }
  }
}

std::string dotted(const std::string& schema, const std::string& name) { return schema + "." + name; }

void rename_table(Database& db, const Rename& r) {
  std::string old_dotted = dotted(r.schema, r.old_name), new_dotted = dotted(r.schema, r.new_name);
  std::string old_q = qualified(r.schema, r.old_name), new_q = qualified(r.schema, r.new_name);
  for (auto& t : db.tables) {
    if (t.schema == r.schema && t.name == r.old_name) t.name = r.new_name;
    if (t.partition_of == old_dotted) t.partition_of = new_dotted;
    for (auto& p : t.inherits) {
      if (p == old_dotted) p = new_dotted;
    }
    for (auto& c : t.constraints) {
      if (c.references == old_dotted) c.references = new_dotted;
      replace_word(c.definition, old_q, new_q);
    }
  }
  for (auto& i : db.indexes) {
    if (i.table == old_dotted) i.table = new_dotted;
    replace_word(i.definition, old_q, new_q);
  }
  for (auto& t : db.triggers) {
    if (t.schema == r.schema && t.table == r.old_name) t.table = r.new_name;
    replace_word(t.definition, old_q, new_q);
  }
  for (auto& p : db.policies) {
    if (p.schema == r.schema && p.table == r.old_name) p.table = r.new_name;
  }
  for (auto& s : db.sequences) {
    if (s.owned_by_table == old_dotted) s.owned_by_table = new_dotted;
  }
  for (auto& v : db.views) replace_word(v.definition, old_q, new_q);
  rename_ids(db, "table:" + old_dotted, "table:" + new_dotted);
  for (const char* kind : {"column:", "constraint:", "trigger:", "policy:"}) {
    rename_prefix(db, kind + old_dotted + ".", kind + new_dotted + ".");
  }
}

void rename_column(Database& db, const Rename& r) {
  std::string table = dotted(r.schema, r.table);
  std::string old_i = ident(r.old_name), new_i = ident(r.new_name);
  for (auto& t : db.tables) {
    if (t.schema != r.schema || t.name != r.table) continue;
    for (auto& c : t.columns) {
      if (c.name == r.old_name) c.name = r.new_name;
    }
    for (auto& c : t.constraints) replace_word(c.definition, old_i, new_i);
  }
  for (auto& i : db.indexes) {
    if (i.table == table) replace_word(i.definition, old_i, new_i);
  }
  for (auto& s : db.sequences) {
    if (s.owned_by_table == table && s.owned_by_column == r.old_name) s.owned_by_column = r.new_name;
  }
  rename_ids(db, "column:" + table + "." + r.old_name, "column:" + table + "." + r.new_name);
}

template <typename T>
bool rename_named(std::vector<T>& items, const Rename& r) {
  for (auto& o : items) {
    if (o.schema == r.schema && o.name == r.old_name) {
      o.name = r.new_name;
      return true;
    }
  }
  return false;
}

void rename_type(Database& db, const Rename& r, std::string& prefix) {
  if (rename_named(db.enums, r)) prefix = "enum:";
  else if (rename_named(db.domains, r)) prefix = "domain:";
  else if (rename_named(db.composite_types, r)) prefix = "composite:";
  std::string old_q = qualified(r.schema, r.old_name), new_q = qualified(r.schema, r.new_name);
  for (auto& t : db.tables) {
    for (auto& c : t.columns) {
      if (c.type == old_q) c.type = new_q;
      else if (c.type == old_q + "[]") c.type = new_q + "[]";
      replace_word(c.default_expr, old_q, new_q);
    }
  }
  for (auto& x : db.composite_types) {
    for (auto& a : x.attributes) {
      if (a.type == old_q) a.type = new_q;
    }
  }
  for (auto& x : db.domains) {
    if (x.base_type == old_q) x.base_type = new_q;
  }
  for (auto& f : db.functions) {
    replace_word(f.arguments, old_q, new_q);
    replace_word(f.result, old_q, new_q);
    replace_word(f.definition, old_q, new_q);
  }
  for (auto& v : db.views) replace_word(v.definition, old_q, new_q);
  for (auto& i : db.indexes) replace_word(i.definition, old_q, new_q);
  for (auto& dep : db.dependencies) {
    for (auto* end : {&dep.from, &dep.to}) {
      if (end->rfind("function:", 0) == 0) replace_word(*end, old_q, new_q);
    }
  }
  rename_ids(db, prefix + dotted(r.schema, r.old_name), prefix + dotted(r.schema, r.new_name));
}

bool exists(const Database& db, const Rename& r) {
  auto named = [&](const auto& items, const std::string& name) {
    for (const auto& o : items) {
      if (o.schema == r.schema && o.name == name) return true;
    }
    return false;
  };
  switch (r.kind) {
  case Kind::table: return named(db.tables, r.old_name);
  case Kind::index: return named(db.indexes, r.old_name);
  case Kind::view: return named(db.views, r.old_name);
  case Kind::enum_type: return named(db.enums, r.old_name) || named(db.domains, r.old_name) || named(db.composite_types, r.old_name);
  case Kind::column:
    for (const auto& t : db.tables) {
      if (t.schema != r.schema || t.name != r.table) continue;
      for (const auto& c : t.columns) {
        if (c.name == r.old_name) return true;
      }
    }
    return false;
  default: return false;
  }
}

} // namespace

std::vector<Rename> parse_renames(std::string_view sql) {
  static const std::regex line_re(R"(^\s*--\s*retort:\s*renamed\b(.*)$)");
  static const std::regex rename_re(R"(^\s+(table|column|index|type|view)\s+(\S+)\s+from\s+(\S+)\s*$)");
  std::vector<Rename> out;
  std::istringstream in{std::string(sql)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!std::regex_match(line, m, line_re)) continue;
    std::string rest = m[1].str();
    std::smatch r;
    if (!std::regex_match(rest, r, rename_re)) {
      throw Error(ErrorCode::migration_file,
                  fmt::format("line {}: a rename reads `-- retort: renamed KIND [schema.]NEW from OLD` with KIND one of "
                              "table, column, index, type, view (a column's NEW is table.column)",
                              number),
                  ErrorContext{.line = number});
    }
    Rename rename;
    rename.line = number;
    std::string kind = r[1].str(), target = r[2].str();
    rename.old_name = r[3].str();
    rename.kind = kind == "table" ? Kind::table : kind == "column" ? Kind::column : kind == "index" ? Kind::index
                  : kind == "type" ? Kind::enum_type : Kind::view;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = target.find('.', start)) != std::string::npos; start = dot + 1) parts.push_back(target.substr(start, dot - start));
    parts.push_back(target.substr(start));
    std::size_t need = rename.kind == Kind::column ? 2 : 1;
    if (parts.size() != need && parts.size() != need + 1) {
      throw Error(ErrorCode::migration_file,
                  fmt::format("line {}: `{}` should be {}", number, target,
                              rename.kind == Kind::column ? "[schema.]table.column" : "[schema.]name"),
                  ErrorContext{.line = number});
    }
    rename.schema = parts.size() > need ? parts[0] : "public";
    rename.new_name = parts.back();
    if (rename.kind == Kind::column) rename.table = parts[parts.size() - 2];
    out.push_back(std::move(rename));
  }
  // Tables (and other objects) are renamed before columns, which name their table by its new name.
  std::stable_partition(out.begin(), out.end(), [](const Rename& r) { return r.kind != Kind::column; });
  return out;
}

std::vector<Rename> invert(const std::vector<Rename>& renames) {
  std::vector<Rename> out;
  for (auto it = renames.rbegin(); it != renames.rend(); ++it) {
    Rename r = *it;
    std::swap(r.old_name, r.new_name);
    out.push_back(std::move(r));
  }
  // Going back, columns are renamed before their table, so a column's table keeps the name it
  // has on that side (the table's new name).
  std::stable_partition(out.begin(), out.end(), [](const Rename& r) { return r.kind == Kind::column; });
  return out;
}

std::optional<Database> apply_renames(const Database& from, const std::vector<Rename>& renames, std::vector<Action>& actions) {
  // Renames apply in turn, each to the model the ones before left: until one applies, that is `from`.
  bool any_applies = std::any_of(renames.begin(), renames.end(), [&](const Rename& r) { return exists(from, r); });
  if (!any_applies && is_canonical(from)) return std::nullopt;
  Database db = from;
  for (const auto& r : renames) {
    // A rename already done (the old name is gone) is no longer news: the comment may stay in the file.
    if (!exists(db, r)) continue;
    std::string sql;
    std::string object;
    Kind kind = r.kind;
    if (r.kind == Kind::table) {
      rename_table(db, r);
      sql = fmt::format("ALTER TABLE {} RENAME TO {}", qualified(r.schema, r.old_name), ident(r.new_name));
      object = "table:" + dotted(r.schema, r.new_name);
    } else if (r.kind == Kind::column) {
      rename_column(db, r);
      sql = fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", qualified(r.schema, r.table), ident(r.old_name), ident(r.new_name));
      object = "column:" + dotted(r.schema, r.table) + "." + r.new_name;
    } else if (r.kind == Kind::index) {
      for (auto& i : db.indexes) {
        if (i.schema == r.schema && i.name == r.old_name) {
          i.name = r.new_name;
          auto at = i.definition.find(" INDEX " + ident(r.old_name) + " ON ");
          if (at != std::string::npos) i.definition.replace(at + 7, ident(r.old_name).size(), ident(r.new_name));
        }
      }
      rename_ids(db, "index:" + dotted(r.schema, r.old_name), "index:" + dotted(r.schema, r.new_name));
      sql = fmt::format("ALTER INDEX {} RENAME TO {}", qualified(r.schema, r.old_name), ident(r.new_name));
      object = "index:" + dotted(r.schema, r.new_name);
    } else if (r.kind == Kind::view) {
      bool materialized = false;
      for (auto& v : db.views) {
        if (v.schema == r.schema && v.name == r.old_name) {
          v.name = r.new_name;
          materialized = v.materialized;
        }
      }
      std::string prefix = materialized ? "matview:" : "view:";
      std::string old_q = qualified(r.schema, r.old_name), new_q = qualified(r.schema, r.new_name);
      for (auto& v : db.views) replace_word(v.definition, old_q, new_q);
      rename_ids(db, prefix + dotted(r.schema, r.old_name), prefix + dotted(r.schema, r.new_name));
      rename_prefix(db, "column:" + dotted(r.schema, r.old_name) + ".", "column:" + dotted(r.schema, r.new_name) + ".");
      sql = fmt::format("ALTER {}VIEW {} RENAME TO {}", materialized ? "MATERIALIZED " : "", old_q, ident(r.new_name));
      object = prefix + dotted(r.schema, r.new_name);
      kind = materialized ? Kind::materialized_view : Kind::view;
    } else {
      std::string prefix = "enum:";
      rename_type(db, r, prefix);
      sql = fmt::format("ALTER {} {} RENAME TO {}", prefix == "domain:" ? "DOMAIN" : "TYPE", qualified(r.schema, r.old_name),
                        ident(r.new_name));
      object = prefix + dotted(r.schema, r.new_name);
      kind = prefix == "domain:" ? Kind::domain : prefix == "composite:" ? Kind::composite_type : Kind::enum_type;
    }
    actions.push_back(Action{Phase::rename, object,
                             Change{"rename", kind, object,
                                    fmt::format("rename {} {} to {}", kind_name(kind),
                                                (r.kind == Kind::column ? dotted(r.schema, r.table) + "." : r.schema + ".") + r.old_name,
                                                r.new_name),
                                    {statement(sql)}}});
  }
  canonicalize(db);
  return db;
}

} // namespace retort::schema
