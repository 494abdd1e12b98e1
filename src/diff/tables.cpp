// diff/tables.cpp — tables, their columns and constraints, and sequence ownership.
#include <algorithm>
#include <map>
#include <set>
#include <type_traits>

#include <fmt/format.h>

#include "diff/differ.hpp"
#include "schema/ddl.hpp"

namespace retort::schema {

namespace {

using ddl::ident;
using ddl::qualified;

const Column* find_column(const Table& t, const std::string& name) {
  auto it = std::find_if(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == name; });
  return it == t.columns.end() ? nullptr : &*it;
}

const Constraint* find_constraint(const Table& t, const std::string& name) {
  auto it = std::find_if(t.constraints.begin(), t.constraints.end(), [&](const Constraint& c) { return c.name == name; });
  return it == t.constraints.end() ? nullptr : &*it;
}

/// Whether the id of table `t`'s column or constraint `part` is in `ids` (most such sets are empty).
template <typename Part>
bool has(const IdSet& ids, const Table& t, const Part& part) {
  if (ids.empty()) return false;
  if constexpr (std::is_same_v<Part, Column>) return ids.count(column_id(t, part)) > 0;
  else return ids.count(constraint_id(t, part)) > 0;
}

std::string option_key(const std::string& option) { return option.substr(0, option.find('=')); }

/// Whether a default makes ADD COLUMN rewrite the table (a volatile expression is evaluated per row).
bool volatile_default(const std::string& expr) {
  for (const char* f : {"nextval(", "random(", "clock_timestamp(", "gen_random_uuid(", "uuid_generate", "timeofday("}) {
    if (expr.find(f) != std::string::npos) return true;
  }
  return false;
}

/// Whether PostgreSQL changes a column from `a` to `b` without rewriting the table.
bool binary_coercible(const std::string& a, const std::string& b) {
  auto base = [](const std::string& t) { return t.substr(0, t.find('(')); };
  auto length = [](const std::string& t) -> long {
    auto open = t.find('(');
    return open == std::string::npos ? -1 : std::strtol(t.c_str() + open + 1, nullptr, 10);
  };
  if (base(a) == "character varying" && b == "text") return true;
  if (a == "character varying" && b == "text") return true;
  if (base(a) == "character varying" && base(b) == "character varying") {
    return length(b) == -1 || (length(a) != -1 && length(b) >= length(a));
  }
  if (a == "text" && b == "character varying") return true;
  return false;
}

std::string identity_words(char identity) {
  return identity == 'a' ? "ALWAYS" : "BY DEFAULT";
}

/// Identity options ("START WITH 5 INCREMENT BY 2 NO CYCLE") by option: START, INCREMENT, MINVALUE…
std::map<std::string, std::string> identity_option_map(const std::string& options) {
  static const std::pair<const char*, const char*> keys[] = {
      {"START WITH", "START"}, {"INCREMENT BY", "INCREMENT"}, {"NO MINVALUE", "MINVALUE"}, {"MINVALUE", "MINVALUE"},
      {"NO MAXVALUE", "MAXVALUE"}, {"MAXVALUE", "MAXVALUE"}, {"CACHE", "CACHE"}, {"NO CYCLE", "CYCLE"}, {"CYCLE", "CYCLE"}};
  std::vector<std::pair<std::size_t, std::string>> starts;  // where each option begins, and its key
  for (std::size_t pos = 0; pos < options.size();) {
    bool found = false;
    for (const auto& [word, key] : keys) {
      std::string w = word;
      if (options.compare(pos, w.size(), w) == 0 && (pos == 0 || options[pos - 1] == ' ')) {
        starts.emplace_back(pos, key);
        pos += w.size();
        found = true;
        break;
      }
    }
    if (!found) ++pos;
  }
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    std::size_t end = i + 1 < starts.size() ? starts[i + 1].first : options.size();
    std::string clause = options.substr(starts[i].first, end - starts[i].first);
    while (!clause.empty() && clause.back() == ' ') clause.pop_back();
    out[starts[i].second] = clause;
  }
  return out;
}

/// ALTER COLUMN … SET clauses taking an identity's options from `before` to `after`; an option
/// that `after` leaves out goes back to its default. The current value is never restarted.
std::string identity_set_clauses(const std::string& before, const std::string& after) {
  static const std::map<std::string, std::string> defaults = {
      {"START", "START WITH 1"}, {"INCREMENT", "INCREMENT BY 1"}, {"MINVALUE", "NO MINVALUE"},
      {"MAXVALUE", "NO MAXVALUE"}, {"CACHE", "CACHE 1"}, {"CYCLE", "NO CYCLE"}};
  auto a = identity_option_map(before), b = identity_option_map(after);
  std::string out;
  for (const auto& [key, clause] : b) {
    auto it = a.find(key);
    if (it == a.end() || it->second != clause) out += " SET " + clause;
  }
  for (const auto& [key, clause] : a) {
    if (!b.count(key)) out += " SET " + defaults.at(key);
  }
  return out;
}

} // namespace

Inherited inherited_from(const std::map<std::string, const Table*>& tables, const std::vector<std::string>& parents) {
  Inherited out;
  for (const auto& p : parents) {
    auto it = tables.find("table:" + p);
    if (it == tables.end()) continue;
    for (const auto& c : it->second->columns) out.columns.emplace(c.name, &c);
    for (const auto& c : it->second->constraints) {
      if (c.type == 'c' && c.definition.find("NO INHERIT") == std::string::npos) out.checks.emplace(c.name, &c);
    }
    Inherited above = inherited_from(tables, it->second->inherits);
    out.columns.insert(above.columns.begin(), above.columns.end());
    out.checks.insert(above.checks.begin(), above.checks.end());
  }
  return out;
}

bool has_inheritance_children(const Database& db) {
  return std::any_of(db.tables.begin(), db.tables.end(), [](const Table& t) { return !t.inherits.empty() && t.partition_of.empty(); });
}

void normalize_inheritance(Database& db) {
  std::map<std::string, const Table*> tables;
  for (const auto& t : db.tables) tables["table:" + t.schema + "." + t.name] = &t;
  std::map<std::string, std::pair<std::set<std::string>, std::set<std::string>>> provided;  // table id → columns, checks
  for (const auto& t : db.tables) {
    if (t.inherits.empty() || !t.partition_of.empty()) continue;
    Inherited inh = inherited_from(tables, t.inherits);
    auto& [columns, checks] = provided[id(t)];
    for (const auto& [name, c] : inh.columns) columns.insert(name);
    for (const auto& [name, c] : inh.checks) checks.insert(name);
  }
  for (auto& t : db.tables) {
    auto it = provided.find(id(t));
    if (it == provided.end()) continue;
    const auto& [columns, checks] = it->second;
    std::erase_if(t.columns, [&](const Column& c) { return columns.count(c.name) > 0; });
    std::erase_if(t.constraints, [&](const Constraint& c) { return c.type == 'c' && checks.count(c.name) > 0; });
  }
}

namespace {

/// How a column converts to a type rebuilt under it (Differ::set_aside_types): an enum through
/// its text, a composite type attribute by attribute (a new attribute starts NULL).
std::string conversion(const Differ& d, const std::string& column, const std::string& type) {
  for (const auto& x : d.to.composite_types) {
    if (x.schema + "." + x.name != type) continue;
    const CompositeType* old = nullptr;
    for (const auto& y : d.from.composite_types) {
      if (id(y) == id(x)) old = &y;
    }
    std::string fields;
    for (const auto& attr : x.attributes) {
      bool kept = old != nullptr && std::any_of(old->attributes.begin(), old->attributes.end(),
                                                [&](const CompositeAttribute& a) { return a.name == attr.name; });
      fields += (fields.empty() ? "" : ", ") +
                (kept ? fmt::format("({}).{}::{}", column, ident(attr.name), attr.type) : "NULL::" + attr.type);
    }
    return fmt::format("CASE WHEN {0} IS NULL THEN NULL ELSE ROW({1})::{2} END", column, fields, type);
  }
  return fmt::format("{}::text::{}", column, type);
}

struct TableDiff {
  Differ& d;
  const Table& a;
  const Table& b;
  std::string name;  // quoted, qualified
  Inherited a_inherits = inherited_from(d.from_tables, a.inherits);
  Inherited b_inherits = inherited_from(d.to_tables, b.inherits);

  void drop_phase() {
    std::string node = id(a);
    if (!a.partition_of.empty() && (a.partition_of != b.partition_of || a.partition_bound != b.partition_bound)) {
      add(Phase::drop, "detach partition", {statement(fmt::format("ALTER TABLE {} DETACH PARTITION {}", qualified(a.partition_of), name),
                                                      {exclusive_lock(a.partition_of)})});
    }
    for (const auto& p : a.inherits) {
      if (std::find(b.inherits.begin(), b.inherits.end(), p) == b.inherits.end()) {
        add(Phase::drop, "no longer inherit " + p,
            {statement(fmt::format("ALTER TABLE {} NO INHERIT {}", name, qualified(p)), {exclusive_lock(name)})});
      }
    }
    // What a parent gave stays in the table after NO INHERIT: what the new side lacks goes.
    for (const auto& [check, def] : a_inherits.checks) {
      if (!b_inherits.checks.count(check) && find_constraint(b, check) == nullptr) {
        add(Phase::drop, "drop constraint " + check, {statement(ddl::drop_constraint(a, *def), {exclusive_lock(name)})});
      }
    }
    for (const auto& [column, def] : a_inherits.columns) {
      if (!b_inherits.columns.count(column) && find_column(b, column) == nullptr) {
        add(Phase::drop, "drop column " + column,
            {statement(fmt::format("ALTER TABLE {} DROP COLUMN {}", name, ident(column)),
                       {exclusive_lock(name), deletes("column " + a.schema + "." + a.name + "." + column)})});
      }
    }
    for (const auto& c : a.constraints) {
      if (c.type == 'f') continue;
      if (c.type == 'c' && b_inherits.checks.count(c.name)) continue;  // merged with the new parent's
      if (find_constraint(b, c.name) == nullptr || has(d.replaced, a, c)) {
        add(Phase::drop, "drop constraint " + c.name, {statement(ddl::drop_constraint(a, c), {exclusive_lock(name)})});
      }
    }
    for (const auto& c : a.columns) {
      // An identity goes before anything is created: its sequence's name may be taken by a new one.
      const Column* now = find_column(b, c.name);
      if (c.identity != 0 && now != nullptr && now->identity == 0) {
        add(Phase::drop, "drop identity of " + c.name,
            {statement(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP IDENTITY", name, ident(c.name)), {exclusive_lock(name)})});
      }
      if (has(d.reset_defaults, a, c) && find_column(b, c.name) != nullptr) {
        add(Phase::drop, "drop default of " + c.name,
            {statement(fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT", name, ident(c.name)))});
      }
    }
    for (const auto& c : a.columns) {
      bool regenerated = has(d.regenerated_columns, a, c) && find_column(b, c.name) != nullptr;
      if (regenerated) {
        add(Phase::drop, "drop generated column " + c.name + " to add it again",
            {statement(fmt::format("ALTER TABLE {} DROP COLUMN {}", name, ident(c.name)), {exclusive_lock(name)})});
      }
      if (find_column(b, c.name) == nullptr && !b_inherits.columns.count(c.name)) {
        add(Phase::drop, "drop column " + c.name,
            {statement(fmt::format("ALTER TABLE {} DROP COLUMN {}", name, ident(c.name)),
                       {exclusive_lock(name), deletes("column " + a.schema + "." + a.name + "." + c.name)})});
      }
    }
    (void)node;
  }

  void create_phase() {
    if (a.unlogged != b.unlogged) {
      add(Phase::create, b.unlogged ? "set unlogged" : "set logged",
          {statement(fmt::format("ALTER TABLE {} SET {}", name, b.unlogged ? "UNLOGGED" : "LOGGED"),
                     {exclusive_lock(name), rewrites(name)})});
    }
    options();
    for (const auto& c : b.columns) {
      const Column* old = find_column(a, c.name);
      if (old != nullptr && has(d.regenerated_columns, a, *old)) continue;  // below
      if (old == nullptr && a_inherits.columns.count(c.name) && !b_inherits.columns.count(c.name)) {
        old = a_inherits.columns.at(c.name);  // left in the table by NO INHERIT
      }
      if (old == nullptr) add_column(c);
      else alter_column(*old, c);
    }
    for (const auto& c : b.columns) {
      const Column* old = find_column(a, c.name);
      if (old != nullptr && has(d.regenerated_columns, a, *old)) add_column(c);  // after its base columns
    }
    for (const auto& p : b.inherits) {
      if (std::find(a.inherits.begin(), a.inherits.end(), p) != a.inherits.end()) continue;
      // INHERIT wants every column and CHECK of the parent in the table already.
      Inherited parent = inherited_from(d.to_tables, {p});
      auto* parent_table = d.to_tables.at("table:" + p);
      for (const auto& c : parent_table->columns) parent.columns.emplace(c.name, &c);
      for (const auto& c : parent_table->constraints) {
        if (c.type == 'c' && c.definition.find("NO INHERIT") == std::string::npos) parent.checks.emplace(c.name, &c);
      }
      for (const auto& [column, def] : parent.columns) {
        if (find_column(a, column) == nullptr && !a_inherits.columns.count(column)) add_column(*def);
      }
      for (const auto& [check, def] : parent.checks) {
        if (find_constraint(a, check) == nullptr && !a_inherits.checks.count(check)) add_constraint(*def);
      }
      add(Phase::create, "inherit " + p, {statement(fmt::format("ALTER TABLE {} INHERIT {}", name, qualified(p)), {exclusive_lock(name)})});
    }
    if (!b.partition_of.empty() && (a.partition_of != b.partition_of || a.partition_bound != b.partition_bound)) {
      add(Phase::create, "attach partition",
          {statement(fmt::format("ALTER TABLE {} ATTACH PARTITION {} {}", qualified(b.partition_of), name, b.partition_bound),
                     {validates(name)})});
    }
    for (const auto& c : b.constraints) {
      if (c.type == 'f') continue;
      const Constraint* old = find_constraint(a, c.name);
      if (old == nullptr || has(d.replaced, a, c)) {
        add_constraint(c);
        continue;
      }
      if (!old->validated && c.validated) {
        add(Phase::create, "validate constraint " + c.name,
            {statement(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name, ident(c.name)), {validates(name)})});
      }
      if (old->comment != c.comment) add(Phase::create, "comment on constraint " + c.name, {statement(ddl::comment_on(b, c, c.comment))});
    }
    if (a.row_security != b.row_security) {
      add(Phase::create, "row level security",
          {statement(fmt::format("ALTER TABLE {} {} ROW LEVEL SECURITY", name, b.row_security ? "ENABLE" : "DISABLE"),
                     {{Hazard::authorization, "changes who can see which rows of " + name}})});
    }
    if (a.force_row_security != b.force_row_security) {
      add(Phase::create, "force row level security",
          {statement(fmt::format("ALTER TABLE {} {} ROW LEVEL SECURITY", name, b.force_row_security ? "FORCE" : "NO FORCE"),
                     {{Hazard::authorization, "changes whether the owner of " + name + " is subject to its policies"}})});
    }
    if (a.comment != b.comment) add(Phase::create, "comment", {statement(ddl::comment_on(b, b.comment))});
  }

  void options() {
    std::vector<std::string> set, reset;
    for (const auto& o : b.options) {
      if (std::find(a.options.begin(), a.options.end(), o) == a.options.end()) set.push_back(o);
    }
    for (const auto& o : a.options) {
      bool kept = std::any_of(b.options.begin(), b.options.end(), [&](const auto& x) { return option_key(x) == option_key(o); });
      if (!kept) reset.push_back(option_key(o));
    }
    std::vector<ChangeStatement> out;
    if (!set.empty()) {
      std::string list;
      for (const auto& s : set) list += (list.empty() ? "" : ", ") + s;
      out.push_back(statement(fmt::format("ALTER TABLE {} SET ({})", name, list), {exclusive_lock(name)}));
    }
    if (!reset.empty()) {
      std::string list;
      for (const auto& s : reset) list += (list.empty() ? "" : ", ") + s;
      out.push_back(statement(fmt::format("ALTER TABLE {} RESET ({})", name, list), {exclusive_lock(name)}));
    }
    if (!out.empty()) add(Phase::create, "storage parameters", std::move(out));
  }

  void add_column(const Column& c) {
    std::vector<HazardNote> hazards{exclusive_lock(name)};
    if (volatile_default(c.default_expr) || c.identity != 0 || !c.generated.empty()) hazards.push_back(rewrites(name));
    std::vector<ChangeStatement> out{statement(fmt::format("ALTER TABLE {} ADD COLUMN {}", name, ddl::column_definition(c)), hazards)};
    if (!c.storage.empty()) out.push_back(statement(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET STORAGE {}", name, ident(c.name), c.storage)));
    if (!c.compression.empty())
      out.push_back(statement(fmt::format("ALTER TABLE {} ALTER COLUMN {} SET COMPRESSION {}", name, ident(c.name), c.compression)));
    if (!c.comment.empty()) out.push_back(statement(ddl::comment_on_column(name, c.name, c.comment)));
    add(Phase::create, "add column " + c.name, std::move(out));
  }

  void alter_column(const Column& old, const Column& c) {
    bool reset = has(d.reset_defaults, a, old);
    bool retyped = has(d.retyped_columns, a, old);
    if (old == c && !reset && !retyped) return;  // nothing below would change
    std::string col = ident(c.name);
    std::string alter = fmt::format("ALTER TABLE {} ALTER COLUMN {} ", name, col);
    std::vector<ChangeStatement> out;
    bool retype = old.type != c.type || old.collation != c.collation || retyped;
    if (old.generated != c.generated) {
      // PostgreSQL cannot change a generation expression in place: the column is added again.
      out.push_back(statement(fmt::format("ALTER TABLE {} DROP COLUMN {}", name, col), {exclusive_lock(name)}));
      out.push_back(statement(fmt::format("ALTER TABLE {} ADD COLUMN {}", name, ddl::column_definition(c)),
                              {exclusive_lock(name), rewrites(name)}));
      add(Phase::create, "recompute column " + c.name, std::move(out));
      return;
    }
    if (retype) {
      if (!old.default_expr.empty() && !reset) {
        out.push_back(statement(alter + "DROP DEFAULT"));
        reset = true;
      }
      std::string using_expr = retyped ? conversion(d, col, c.type) : fmt::format("{}::{}", col, c.type);
      std::vector<HazardNote> hazards{exclusive_lock(name)};
      if (!binary_coercible(old.type, c.type) || retyped) hazards.push_back(rewrites(name));
      out.push_back(statement(alter + "TYPE " + c.type + (c.collation.empty() ? "" : " COLLATE " + c.collation) +
                                  " USING " + using_expr,
                              hazards));
    }
    if (old.identity != c.identity) {
      if (old.identity == 0) {
        out.push_back(statement(alter + "ADD GENERATED " + identity_words(c.identity) + " AS IDENTITY" +
                                (c.identity_options.empty() ? "" : " (" + c.identity_options + ")"), {exclusive_lock(name)}));
      } else if (c.identity != 0) {
        out.push_back(statement(alter + "SET GENERATED " + identity_words(c.identity), {exclusive_lock(name)}));
      }
    }
    if (old.identity != 0 && c.identity != 0 && old.identity_options != c.identity_options) {
      std::string clauses = identity_set_clauses(old.identity_options, c.identity_options);
      if (!clauses.empty()) out.push_back(statement(alter.substr(0, alter.size() - 1) + clauses, {exclusive_lock(name)}));
    }
    if (old.default_expr != c.default_expr || (reset && !c.default_expr.empty())) {
      if (c.default_expr.empty()) {
        if (!reset) out.push_back(statement(alter + "DROP DEFAULT", {exclusive_lock(name)}));
      } else {
        out.push_back(statement(alter + "SET DEFAULT " + c.default_expr, {exclusive_lock(name)}));
      }
    }
    if (old.not_null != c.not_null) {
      if (!c.not_null) {
        out.push_back(statement(alter + "DROP NOT NULL", {exclusive_lock(name)}));
      } else if (d.options.online) {
        std::string check = ident(b.name.substr(0, 40) + "_" + c.name.substr(0, 10) + "_not_null");
        out.push_back(statement(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", name, check, col),
                                {exclusive_lock(name)}));
        out.push_back(statement(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name, check), {validates(name)}));
        out.push_back(statement(alter + "SET NOT NULL", {exclusive_lock(name)}));
        out.push_back(statement(fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", name, check)));
      } else {
        out.push_back(statement(alter + "SET NOT NULL", {exclusive_lock(name), validates(name)}));
      }
    }
    if (old.storage != c.storage) {
      // SET STORAGE DEFAULT arrived in PostgreSQL 16: name the type's default instead (numeric keeps
      // MAIN; the other types whose storage can change keep EXTENDED).
      std::string storage = !c.storage.empty() ? c.storage : c.type.rfind("numeric", 0) == 0 ? "main" : "extended";
      out.push_back(statement(alter + "SET STORAGE " + storage));
    }
    if (old.compression != c.compression) {
      out.push_back(statement(alter + "SET COMPRESSION " + (c.compression.empty() ? std::string("default") : c.compression)));
    }
    if (old.comment != c.comment) out.push_back(statement(ddl::comment_on_column(name, c.name, c.comment)));
    if (!out.empty()) add(Phase::create, "alter column " + c.name, std::move(out));
  }

  void add_constraint(const Constraint& c) {
    std::vector<ChangeStatement> out;
    if (d.options.online && c.type == 'c' && c.validated) {
      out.push_back(statement(ddl::add_constraint(b, c, true), {exclusive_lock(name)}));
      out.push_back(statement(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name, ident(c.name)), {validates(name)}));
    } else {
      std::vector<HazardNote> hazards{exclusive_lock(name)};
      if (c.type == 'p' || c.type == 'u' || c.type == 'x') hazards.push_back(builds_index(c.name));
      else if (c.validated) hazards.push_back(validates(name));
      out.push_back(statement(ddl::add_constraint(b, c), hazards));
    }
    if (!c.comment.empty()) out.push_back(statement(ddl::comment_on(b, c, c.comment)));
    add(Phase::create, "add constraint " + c.name, std::move(out));
  }

  void add(Phase phase, const std::string& what, std::vector<ChangeStatement> sql) {
    Change change{"alter", Kind::table, id(b), fmt::format("{}: {}", b.schema + "." + b.name, what), std::move(sql)};
    d.add(phase, id(phase == Phase::drop ? a : b), std::move(change));
  }
};

void create_foreign_key(Differ& d, const Table& t, const Constraint& c, bool existing_table) {
  std::string name = qualified(t.schema, t.name);
  std::vector<ChangeStatement> out;
  std::string locked = name + (c.references.empty() ? "" : " and " + c.references);
  if (d.options.online && existing_table && c.validated) {
    out.push_back(statement(ddl::add_constraint(t, c, true), {share_row_exclusive_lock(locked)}));
    out.push_back(statement(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name, ident(c.name)), {validates(name)}));
  } else {
    std::vector<HazardNote> hazards{share_row_exclusive_lock(locked)};
    if (existing_table && c.validated) hazards.push_back(validates(name));
    out.push_back(statement(ddl::add_constraint(t, c), hazards));
  }
  if (!c.comment.empty()) out.push_back(statement(ddl::comment_on(t, c, c.comment)));
  d.add(Phase::create, constraint_id(t, c),
        Change{"create", Kind::constraint, constraint_id(t, c), "add foreign key " + t.schema + "." + t.name + "." + c.name, std::move(out)});
}

/// The nodes (in `from`) of the tables some column or constraint of which is recreated, has its
/// default reset, is converted to a rebuilt type or is generated anew; nothing when such an id is
/// no object of `from` (then no table counts as untouched).
std::optional<std::vector<char>> marked_tables(const Differ& d) {
  std::vector<char> marked(d.from_ids.node_count(), 0);
  for (const auto* ids : {&d.replaced, &d.reset_defaults, &d.retyped_columns, &d.regenerated_columns}) {
    for (const auto& object : *ids) {
      auto number = d.from_ids.number(object);
      if (number < 0) return std::nullopt;
      int node = d.from_ids.order_node(static_cast<std::uint32_t>(number));
      if (node >= 0) marked[static_cast<std::size_t>(node)] = 1;
    }
  }
  return marked;
}

} // namespace

void diff_tables(Differ& d) {
  // A table equal on both sides, inheriting nothing, none of whose parts is marked, has nothing to alter.
  const auto marked = marked_tables(d);
  auto unchanged = [&](const std::string& tid, const Table& a, const Table& b) {
    return marked && a.inherits.empty() && a == b && !(*marked)[static_cast<std::size_t>(d.from_ids.node(tid))];
  };
  for (const auto& [tid, a] : d.from_tables) {
    if (!d.leaves(tid)) continue;
    bool parent_dropped = !a->partition_of.empty() && d.leaves("table:" + a->partition_of);
    if (parent_dropped) continue;  // dropping a partitioned table drops its partitions
    std::string name = qualified(a->schema, a->name);
    d.add(Phase::drop, tid,
          Change{d.replaced.count(tid) ? "replace" : "drop", Kind::table, tid, "drop table " + a->schema + "." + a->name,
                 {statement(ddl::drop(*a), {exclusive_lock(name), deletes("table " + a->schema + "." + a->name + " and its rows")})}});
  }
  for (const auto& [tid, a] : d.from_tables) {
    for (const auto& c : a->constraints) {
      if (c.type != 'f') continue;
      // A dropped table's foreign keys go with it, unless they reference another dropped table:
      // then they go first, so that the two tables can be dropped in any order.
      if (d.leaves(tid) && (c.references.empty() || c.references == a->schema + "." + a->name ||
                            !d.leaves("table:" + c.references))) {
        continue;
      }
      std::string cid = constraint_id(*a, c);
      if (!d.in_to(cid) || d.replaced.count(cid)) {
        d.add(Phase::drop, cid,
              Change{"drop", Kind::constraint, cid, "drop foreign key " + a->schema + "." + a->name + "." + c.name,
                     {statement(ddl::drop_constraint(*a, c), {exclusive_lock(qualified(a->schema, a->name))})}});
      }
    }
  }
  for (const auto& [tid, b] : d.to_tables) {
    auto from = d.from_tables.find(tid);
    bool existing = from != d.from_tables.end() && !d.replaced.count(tid);
    if (!existing) {
      d.add(Phase::create, tid,
            Change{d.replaced.count(tid) ? "replace" : "create", Kind::table, tid, "create table " + b->schema + "." + b->name,
                   statements(ddl::create(*b))});
    } else if (!unchanged(tid, *from->second, *b)) {
      TableDiff td{d, *from->second, *b, qualified(b->schema, b->name)};
      td.drop_phase();
      td.create_phase();
    }
    for (const auto& c : b->constraints) {
      if (c.type != 'f') continue;
      std::string cid = constraint_id(*b, c);
      const Constraint* old = existing ? find_constraint(*from->second, c.name) : nullptr;
      if (old == nullptr || d.replaced.count(cid)) {
        create_foreign_key(d, *b, c, existing);
        continue;
      }
      std::vector<ChangeStatement> out;
      if (!old->validated && c.validated) {
        out.push_back(statement(fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", qualified(b->schema, b->name), ident(c.name)),
                                {validates(qualified(b->schema, b->name))}));
      }
      if (old->comment != c.comment) out.push_back(statement(ddl::comment_on(*b, c, c.comment)));
      if (!out.empty()) d.add(Phase::create, cid, Change{"alter", Kind::constraint, cid, "alter foreign key " + c.name, std::move(out)});
    }
  }
}

void diff_sequence_ownership_release(Differ& d) {
  for (const auto& s : d.from.sequences) {
    if (s.owned_by_table.empty()) continue;
    std::string owner = "table:" + s.owned_by_table;
    std::string column = "column:" + s.owned_by_table + "." + s.owned_by_column;
    bool owner_goes = d.leaves(owner) || !d.in_to(column);
    if (!owner_goes) continue;
    if (d.leaves(id(s))) {
      d.implicit_drops.insert(id(s));  // goes with its owner
      continue;
    }
    d.add(Phase::drop, owner,
          Change{"alter", Kind::sequence, id(s), "release sequence " + s.schema + "." + s.name + " from its owner",
                 {statement(fmt::format("ALTER SEQUENCE {} OWNED BY NONE", qualified(s.schema, s.name)))}});
    d.implicit_drops.insert("released:" + id(s));
  }
}

void diff_sequence_ownership(Differ& d) {
  for (const auto& s : d.to.sequences) {
    const Sequence* prior = d.before(d.from.sequences, s);
    bool fresh = prior == nullptr || (!d.implicit_drops.empty() && d.implicit_drops.count("released:" + id(s)));
    bool changed = fresh ? !s.owned_by_table.empty()
                         : (prior->owned_by_table != s.owned_by_table || prior->owned_by_column != s.owned_by_column);
    if (!changed) continue;
    std::string node = s.owned_by_table.empty() ? id(s) : "table:" + s.owned_by_table;
    d.add(Phase::create, node,
          Change{"alter", Kind::sequence, id(s), "sequence " + s.schema + "." + s.name + " owned by " +
                                                     (s.owned_by_table.empty() ? "nothing" : s.owned_by_table + "." + s.owned_by_column),
                 {statement(ddl::owned_by(s))}});
  }
}

} // namespace retort::schema
