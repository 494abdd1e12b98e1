// diff/objects.cpp — every kind but tables: created, dropped, recreated or altered in place.
#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "diff/differ.hpp"
#include "schema/ddl.hpp"

namespace retort::schema {

namespace {

using ddl::ident;
using ddl::qualified;

/// What each kind needs to say beyond the generic walk.
template <typename T>
struct KindRules {
  Kind kind;
  std::function<bool(const T&)> dropped_with_parent;                 ///< PostgreSQL drops it with something else
  std::function<std::vector<ChangeStatement>(const T&)> create;
  std::function<std::vector<ChangeStatement>(const T&)> drop;
  std::function<std::vector<ChangeStatement>(const T&, const T&)> alter;
  std::function<std::string(const T&)> label;
  Phase drop_phase = Phase::drop;  ///< late_drop for what columns may still use (types, extensions, schemas)
};

template <typename T>
void walk(Differ& d, const std::vector<T>& from, const std::vector<T>& to, const KindRules<T>& rules) {
  for (const auto& o : from) {
    std::string_view oid = d.from_ids.text(d.from_ids.number_of(o));
    if (!d.leaves(oid) || d.implicit_drops.count(oid)) continue;
    if (rules.dropped_with_parent && rules.dropped_with_parent(o)) continue;
    std::string object(oid);
    d.add(d.replaced.count(oid) ? Phase::drop : d.late_drops.count(oid) ? Phase::late_drop : rules.drop_phase, object,
          Change{d.replaced.count(oid) ? "replace" : "drop", rules.kind, object,
                 fmt::format("drop {} {}", kind_name(rules.kind), rules.label(o)), rules.drop(o)});
  }
  for (const auto& o : to) {
    std::string_view oid = d.to_ids.text(d.to_ids.number_of(o));
    const T* old = d.before(from, o);
    if (old == nullptr || d.replaced.count(oid)) {
      bool replace = old != nullptr;
      auto sql = rules.create(o);
      if (replace && !sql.empty()) {
        sql[0].hazards.push_back(recreates(fmt::format("{} {}", kind_name(rules.kind), rules.label(o))));
      }
      std::string object(oid);
      d.add(Phase::create, object,
            Change{replace ? "replace" : "create", rules.kind, object, fmt::format("create {} {}", kind_name(rules.kind), rules.label(o)),
                   std::move(sql)});
      continue;
    }
    if (*old == o) continue;
    auto sql = rules.alter(*old, o);
    if (!sql.empty()) {
      std::string object(oid);
      d.add(Phase::create, object,
            Change{"alter", rules.kind, object, fmt::format("alter {} {}", kind_name(rules.kind), rules.label(o)), std::move(sql)});
    }
  }
}

template <typename T>
std::string dotted(const T& o) {
  return o.schema + "." + o.name;
}

template <typename T>
void comment_change(std::vector<ChangeStatement>& out, const T& a, const T& b) {
  if (a.comment != b.comment) out.push_back(statement(ddl::comment_on(b, b.comment)));
}

bool relation_leaves(const Differ& d, const std::string& dotted_name) {
  for (const char* prefix : {"table:", "view:", "matview:"}) {
    std::string rid = prefix + dotted_name;
    if (d.in_from(rid)) return d.leaves(rid);
  }
  return false;
}

std::string concurrently(const std::string& create_index) {
  // "CREATE [UNIQUE] INDEX name ON …" → "CREATE [UNIQUE] INDEX CONCURRENTLY name ON …"
  auto at = create_index.find(" INDEX ");
  return at == std::string::npos ? create_index : create_index.substr(0, at + 7) + "CONCURRENTLY " + create_index.substr(at + 7);
}

std::string with_index_name(const std::string& create_index, const std::string& old_name, const std::string& new_name) {
  auto at = create_index.find(" INDEX " + ident(old_name) + " ON ");
  if (at == std::string::npos) return create_index;
  return create_index.substr(0, at + 7) + ident(new_name) + create_index.substr(at + 7 + ident(old_name).size());
}

void diff_indexes(Differ& d) {
  bool online_wanted = d.options.online;
  // CREATE INDEX CONCURRENTLY does not work on a partitioned table (PostgreSQL builds each
  // partition's index in the same statement): those are built plainly, and marked.
  auto partitioned = [&](const std::string& table) {
    auto it = d.to_tables.find("table:" + table);
    if (it == d.to_tables.end()) it = d.from_tables.find("table:" + table);
    return it != d.from_tables.end() && it != d.to_tables.end() && !it->second->partition_key.empty();
  };
  auto table_is_new = [&](const Index& i) { return !d.in_from("table:" + i.table) && !d.in_from("matview:" + i.table); };
  KindRules<Index> rules;
  rules.kind = Kind::index;
  rules.label = [](const Index& i) { return dotted(i); };
  rules.dropped_with_parent = [&](const Index& i) {
    bool online = online_wanted && !partitioned(i.table);
    if (online && d.replaced.count(id(i))) return true;  // swapped in place after the new one is built
    return relation_leaves(d, i.table);
  };
  rules.drop = [&](const Index& i) {
    bool online = online_wanted && !partitioned(i.table);
    std::string name = qualified(i.schema, i.name);
    if (online) {
      return std::vector<ChangeStatement>{statement("DROP INDEX CONCURRENTLY " + name, {drops_index(name)}, false)};
    }
    return std::vector<ChangeStatement>{statement(ddl::drop(i), {exclusive_lock(qualified(i.table)), drops_index(name)})};
  };
  rules.create = [&](const Index& i) {
    bool online = online_wanted && !partitioned(i.table);
    std::string definition = ddl::create(i)[0];  // without ONLY
    std::string table = qualified(i.table);
    std::string name = qualified(i.schema, i.name);
    std::vector<ChangeStatement> out;
    if (table_is_new(i)) {
      out.push_back(statement(definition));
    } else if (online && d.replaced.count(id(i))) {
      // Build the new index beside the old one, then swap: the table is never without it.
      std::string temp = i.name.substr(0, 50) + "__retort_new";
      out.push_back(statement(concurrently(with_index_name(definition, i.name, temp)), {builds_index(name)}, false));
      out.push_back(statement("DROP INDEX CONCURRENTLY " + name, {drops_index(name)}, false));
      out.push_back(statement(fmt::format("ALTER INDEX {} RENAME TO {}", qualified(i.schema, temp), ident(i.name)),
                              {exclusive_lock(table)}));
    } else if (online) {
      out.push_back(statement(concurrently(definition), {builds_index(name)}, false));
    } else {
      out.push_back(statement(definition, {share_lock(table), builds_index(name)}));
    }
    if (!i.comment.empty()) out.push_back(statement(ddl::comment_on(i, i.comment)));
    return out;
  };
  rules.alter = [](const Index& a, const Index& b) {
    std::vector<ChangeStatement> out;
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.indexes, d.to.indexes, rules);
}

void diff_views(Differ& d) {
  KindRules<View> rules;
  rules.kind = Kind::view;
  rules.label = [](const View& v) { return dotted(v); };
  rules.drop = [](const View& v) { return std::vector<ChangeStatement>{statement(ddl::drop(v))}; };
  rules.create = [](const View& v) {
    auto sql = statements(ddl::create(v));
    if (v.materialized) sql[0].hazards.push_back({Hazard::validates_table, "runs the query of " + dotted(v) + " to fill it"});
    return sql;
  };
  rules.alter = [](const View& a, const View& b) {
    std::vector<ChangeStatement> out;
    std::string name = qualified(b.schema, b.name);
    if (a.definition != b.definition || a.columns != b.columns) {
      auto create = ddl::create(b);
      out.push_back(statement("CREATE OR REPLACE" + create[0].substr(6)));
    }
    if (a.options != b.options) {
      std::vector<std::string> reset;
      for (const auto& o : a.options) {
        auto key = o.substr(0, o.find('='));
        bool kept = std::any_of(b.options.begin(), b.options.end(), [&](const auto& x) { return x.substr(0, x.find('=')) == key; });
        if (!kept) reset.push_back(key);
      }
      if (!reset.empty()) {
        std::string list;
        for (const auto& r : reset) list += (list.empty() ? "" : ", ") + r;
        out.push_back(statement(fmt::format("ALTER VIEW {} RESET ({})", name, list)));
      }
      if (!b.options.empty() && a.definition == b.definition && a.columns == b.columns) {
        std::string list;
        for (const auto& o : b.options) list += (list.empty() ? "" : ", ") + o;
        out.push_back(statement(fmt::format("ALTER VIEW {} SET ({})", name, list)));
      }
    }
    comment_change(out, a, b);
    for (const auto& [column, comment] : b.column_comments) {
      auto it = a.column_comments.find(column);
      if (it == a.column_comments.end() || it->second != comment) out.push_back(statement(ddl::comment_on_column(name, column, comment)));
    }
    for (const auto& [column, comment] : a.column_comments) {
      if (!b.column_comments.count(column)) out.push_back(statement(ddl::comment_on_column(name, column, "")));
    }
    return out;
  };
  // Plain and materialized views have different ids; one walk serves both.
  walk(d, d.from.views, d.to.views, rules);
}

void diff_functions(Differ& d) {
  KindRules<Function> rules;
  rules.kind = Kind::function;
  rules.label = [](const Function& f) { return f.schema + "." + f.name + "(" + f.arguments + ")"; };
  rules.drop = [](const Function& f) { return std::vector<ChangeStatement>{statement(ddl::drop(f))}; };
  rules.create = [](const Function& f) {
    auto sql = statements(ddl::create(f));
    if (f.language != "sql" && f.language != "internal" && f.language != "c" && f.kind != 'a') {
      sql[0].hazards.push_back(untracked(ddl::signature(f)));
    }
    return sql;
  };
  rules.alter = [&rules](const Function& a, const Function& b) {
    std::vector<ChangeStatement> out;
    if (a.definition != b.definition) out = rules.create(b);  // CREATE OR REPLACE, as printed
    else comment_change(out, a, b);
    if (a.definition != b.definition && a.comment != b.comment && b.comment.empty()) {
      out.push_back(statement(ddl::comment_on(b, "")));
    }
    return out;
  };
  walk(d, d.from.functions, d.to.functions, rules);
}

void diff_triggers(Differ& d) {
  KindRules<Trigger> rules;
  rules.kind = Kind::trigger;
  rules.label = [](const Trigger& t) { return t.schema + "." + t.table + "." + t.name; };
  rules.dropped_with_parent = [&](const Trigger& t) { return relation_leaves(d, t.schema + "." + t.table); };
  rules.drop = [](const Trigger& t) {
    return std::vector<ChangeStatement>{statement(ddl::drop(t), {exclusive_lock(qualified(t.schema, t.table))})};
  };
  rules.create = [](const Trigger& t) {
    auto sql = statements(ddl::create(t));
    sql[0].hazards.push_back({Hazard::share_row_exclusive_lock,
                              "takes a SHARE ROW EXCLUSIVE lock on " + qualified(t.schema, t.table) + " (blocks writes)"});
    return sql;
  };
  rules.alter = [](const Trigger& a, const Trigger& b) {
    std::vector<ChangeStatement> out;
    if (a.enabled != b.enabled) {
      auto create = ddl::create(b);
      if (create.size() > 1 && create[1].rfind("ALTER TABLE", 0) == 0) out.push_back(statement(create[1]));
      else out.push_back(statement(fmt::format("ALTER TABLE {} ENABLE TRIGGER {}", qualified(b.schema, b.table), ident(b.name))));
    }
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.triggers, d.to.triggers, rules);
}

void diff_policies(Differ& d) {
  KindRules<Policy> rules;
  rules.kind = Kind::policy;
  rules.label = [](const Policy& p) { return p.schema + "." + p.table + "." + p.name; };
  rules.dropped_with_parent = [&](const Policy& p) { return relation_leaves(d, p.schema + "." + p.table); };
  rules.drop = [](const Policy& p) {
    return std::vector<ChangeStatement>{
        statement(ddl::drop(p), {{Hazard::authorization, "changes who can see which rows of " + qualified(p.schema, p.table)}})};
  };
  rules.create = [](const Policy& p) {
    auto sql = statements(ddl::create(p));
    sql[0].hazards.push_back({Hazard::authorization, "changes who can see which rows of " + qualified(p.schema, p.table)});
    return sql;
  };
  rules.alter = [](const Policy& a, const Policy& b) {
    std::vector<ChangeStatement> out;
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.policies, d.to.policies, rules);
}

void diff_sequences(Differ& d) {
  KindRules<Sequence> rules;
  rules.kind = Kind::sequence;
  rules.label = [](const Sequence& s) { return dotted(s); };
  rules.drop = [](const Sequence& s) { return std::vector<ChangeStatement>{statement(ddl::drop(s))}; };
  rules.create = [](const Sequence& s) { return statements(ddl::create(s)); };
  rules.alter = [](const Sequence& a, const Sequence& b) {
    std::string clauses;
    if (a.data_type != b.data_type) clauses += " AS " + b.data_type;
    if (a.increment != b.increment) clauses += " INCREMENT BY " + b.increment;
    if (a.min_value != b.min_value) clauses += " MINVALUE " + b.min_value;
    if (a.max_value != b.max_value) clauses += " MAXVALUE " + b.max_value;
    if (a.start != b.start) clauses += " START WITH " + b.start;
    if (a.cache != b.cache) clauses += " CACHE " + b.cache;
    if (a.cycle != b.cycle) clauses += b.cycle ? " CYCLE" : " NO CYCLE";
    std::vector<ChangeStatement> out;
    // A narrower range may leave the current value outside it, which PostgreSQL refuses: the
    // sequence then restarts at its START value (marked).
    auto number = [](const std::string& v) { return std::strtoll(v.c_str(), nullptr, 10); };
    std::vector<HazardNote> hazards;
    if (number(b.min_value) > number(a.min_value) || number(b.max_value) < number(a.max_value)) {
      clauses += " RESTART WITH " + b.start;
      hazards.push_back({Hazard::resets_sequence, "restarts " + dotted(b) + " at " + b.start +
                                                       ": values it gave before may be given again"});
    }
    if (!clauses.empty()) out.push_back(statement("ALTER SEQUENCE " + qualified(b.schema, b.name) + clauses, hazards));
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.sequences, d.to.sequences, rules);
}

/// A type rebuilt under its columns: renamed aside first, created anew by the walk, its columns
/// converted by the table diff, and the old one dropped at the end.
template <typename T>
void set_types_aside(Differ& d, const std::vector<T>& from, Kind kind) {
  for (const auto& old : from) {
    auto it = d.set_aside_types.find(id(old));
    if (it == d.set_aside_types.end()) continue;
    std::string what = fmt::format("{} {}", kind_name(kind), dotted(old));
    d.add(Phase::drop, id(old),
          Change{"replace", kind, id(old), "set " + what + " aside to rebuild it under its columns",
                 {statement(fmt::format("ALTER {} {} RENAME TO {}", kind == Kind::domain ? "DOMAIN" : "TYPE",
                                        qualified(old.schema, old.name), ident(it->second)),
                            {recreates(what)})}});
    d.add(Phase::late_drop, id(old),
          Change{"drop", kind, id(old), "drop the old " + what, {statement("DROP TYPE " + qualified(old.schema, it->second))}});
    d.replaced.insert(id(old));  // the walk creates the new one
  }
}

void diff_enums(Differ& d) {
  set_types_aside(d, d.from.enums, Kind::enum_type);
  KindRules<EnumType> rules;
  rules.drop_phase = Phase::late_drop;
  rules.kind = Kind::enum_type;
  rules.label = [](const EnumType& e) { return dotted(e); };
  rules.dropped_with_parent = [&](const EnumType& e) { return d.set_aside_types.count(id(e)) > 0; };
  rules.drop = [](const EnumType& e) { return std::vector<ChangeStatement>{statement(ddl::drop(e))}; };
  rules.create = [](const EnumType& e) { return statements(ddl::create(e)); };
  rules.alter = [](const EnumType& a, const EnumType& b) {
    std::vector<ChangeStatement> out;
    std::string name = qualified(b.schema, b.name);
    for (std::size_t i = 0; i < b.labels.size(); ++i) {
      if (std::find(a.labels.begin(), a.labels.end(), b.labels[i]) != a.labels.end()) continue;
      // Place it before the next old label (or after the last one).
      std::string where;
      for (std::size_t j = i + 1; j < b.labels.size() && where.empty(); ++j) {
        if (std::find(a.labels.begin(), a.labels.end(), b.labels[j]) != a.labels.end()) where = " BEFORE " + ddl::literal(b.labels[j]);
      }
      out.push_back(statement(fmt::format("ALTER TYPE {} ADD VALUE {}{}", name, ddl::literal(b.labels[i]), where),
                              {{Hazard::enum_value_added, "the new value of " + dotted(b) + " cannot be used in the same transaction"}}));
    }
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.enums, d.to.enums, rules);
}

void diff_domains(Differ& d) {
  set_types_aside(d, d.from.domains, Kind::domain);
  KindRules<Domain> rules;
  rules.drop_phase = Phase::late_drop;
  rules.dropped_with_parent = [&](const Domain& x) { return d.set_aside_types.count(id(x)) > 0; };
  rules.kind = Kind::domain;
  rules.label = [](const Domain& x) { return dotted(x); };
  rules.drop = [](const Domain& x) { return std::vector<ChangeStatement>{statement(ddl::drop(x))}; };
  rules.create = [](const Domain& x) { return statements(ddl::create(x)); };
  rules.alter = [](const Domain& a, const Domain& b) {
    std::vector<ChangeStatement> out;
    std::string name = qualified(b.schema, b.name);
    for (const auto& c : a.constraints) {
      auto it = std::find_if(b.constraints.begin(), b.constraints.end(), [&](const auto& x) { return x.name == c.name; });
      if (it == b.constraints.end() || it->definition != c.definition || (c.validated && !it->validated)) {
        out.push_back(statement(fmt::format("ALTER DOMAIN {} DROP CONSTRAINT {}", name, ident(c.name))));
      }
    }
    if (a.default_expr != b.default_expr) {
      out.push_back(statement(b.default_expr.empty() ? "ALTER DOMAIN " + name + " DROP DEFAULT"
                                                     : "ALTER DOMAIN " + name + " SET DEFAULT " + b.default_expr));
    }
    if (a.not_null != b.not_null) {
      out.push_back(statement("ALTER DOMAIN " + name + (b.not_null ? " SET NOT NULL" : " DROP NOT NULL"),
                              b.not_null ? std::vector<HazardNote>{validates("every column of domain " + dotted(b))} : std::vector<HazardNote>{}));
    }
    for (const auto& c : b.constraints) {
      auto it = std::find_if(a.constraints.begin(), a.constraints.end(), [&](const auto& x) { return x.name == c.name; });
      bool fresh = it == a.constraints.end() || it->definition != c.definition || (it->validated && !c.validated);
      if (fresh) {
        out.push_back(statement(fmt::format("ALTER DOMAIN {} ADD CONSTRAINT {} {}{}", name, ident(c.name), c.definition,
                                            c.validated ? "" : " NOT VALID"),
                                c.validated ? std::vector<HazardNote>{validates("every column of domain " + dotted(b))} : std::vector<HazardNote>{}));
      } else if (!it->validated && c.validated) {
        out.push_back(statement(fmt::format("ALTER DOMAIN {} VALIDATE CONSTRAINT {}", name, ident(c.name))));
      }
      if ((fresh && !c.comment.empty()) || (!fresh && it->comment != c.comment)) out.push_back(statement(ddl::comment_on(b, c, c.comment)));
    }
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.domains, d.to.domains, rules);
}

void diff_composites(Differ& d) {
  set_types_aside(d, d.from.composite_types, Kind::composite_type);
  KindRules<CompositeType> rules;
  rules.drop_phase = Phase::late_drop;
  rules.dropped_with_parent = [&](const CompositeType& x) { return d.set_aside_types.count(id(x)) > 0; };
  rules.kind = Kind::composite_type;
  rules.label = [](const CompositeType& x) { return dotted(x); };
  rules.drop = [](const CompositeType& x) { return std::vector<ChangeStatement>{statement(ddl::drop(x))}; };
  rules.create = [](const CompositeType& x) { return statements(ddl::create(x)); };
  rules.alter = [](const CompositeType& a, const CompositeType& b) {
    std::vector<std::string> clauses;
    for (const auto& x : a.attributes) {
      auto it = std::find_if(b.attributes.begin(), b.attributes.end(), [&](const auto& y) { return y.name == x.name; });
      if (it == b.attributes.end()) clauses.push_back("DROP ATTRIBUTE " + ident(x.name));
      else if (it->type != x.type) clauses.push_back("ALTER ATTRIBUTE " + ident(x.name) + " TYPE " + it->type);
    }
    for (const auto& y : b.attributes) {
      auto it = std::find_if(a.attributes.begin(), a.attributes.end(), [&](const auto& x) { return x.name == y.name; });
      if (it == a.attributes.end()) {
        clauses.push_back("ADD ATTRIBUTE " + ident(y.name) + " " + y.type + (y.collation.empty() ? "" : " COLLATE " + y.collation));
      }
    }
    std::vector<ChangeStatement> out;
    if (!clauses.empty()) {
      std::string list;
      for (const auto& c : clauses) list += (list.empty() ? "" : ", ") + c;
      out.push_back(statement(fmt::format("ALTER TYPE {} {}", qualified(b.schema, b.name), list)));
    }
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.composite_types, d.to.composite_types, rules);
}

void diff_extensions(Differ& d) {
  KindRules<Extension> rules;
  rules.drop_phase = Phase::late_drop;
  rules.kind = Kind::extension;
  rules.label = [](const Extension& e) { return e.name; };
  rules.drop = [](const Extension& e) { return std::vector<ChangeStatement>{statement(ddl::drop(e))}; };
  rules.create = [](const Extension& e) { return statements(ddl::create(e)); };
  rules.alter = [](const Extension& a, const Extension& b) {
    std::vector<ChangeStatement> out;
    if (a.schema != b.schema) out.push_back(statement(fmt::format("ALTER EXTENSION {} SET SCHEMA {}", ident(b.name), ident(b.schema))));
    if (a.version != b.version) {
      out.push_back(statement(fmt::format("ALTER EXTENSION {} UPDATE TO {}", ident(b.name), ddl::literal(b.version)),
                              {{Hazard::upgrades_extension, "runs the upgrade script of extension " + b.name + " to " + b.version}}));
    }
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.extensions, d.to.extensions, rules);
}

void diff_schemas(Differ& d) {
  KindRules<SchemaNamespace> rules;
  rules.drop_phase = Phase::late_drop;
  rules.kind = Kind::schema;
  rules.label = [](const SchemaNamespace& s) { return s.name; };
  rules.dropped_with_parent = [](const SchemaNamespace& s) { return s.name == "public"; };
  rules.drop = [](const SchemaNamespace& s) { return std::vector<ChangeStatement>{statement(ddl::drop(s))}; };
  rules.create = [](const SchemaNamespace& s) {
    if (s.name == "public") {
      // Every database starts with it: only what is said about it.
      std::vector<ChangeStatement> out;
      if (!s.comment.empty()) out.push_back(statement(ddl::comment_on(s, s.comment)));
      return out;
    }
    return statements(ddl::create(s));
  };
  rules.alter = [](const SchemaNamespace& a, const SchemaNamespace& b) {
    std::vector<ChangeStatement> out;
    comment_change(out, a, b);
    return out;
  };
  walk(d, d.from.schemas, d.to.schemas, rules);
}

} // namespace

void diff_objects(Differ& d) {
  diff_schemas(d);
  diff_extensions(d);
  diff_enums(d);
  diff_domains(d);
  diff_composites(d);
  diff_sequences(d);
  diff_functions(d);
  diff_indexes(d);
  diff_views(d);
  diff_triggers(d);
  diff_policies(d);
}

void note_possible_renames(Differ& d, ChangeSet& out) {
  auto shape = [](const Table& t) {
    std::vector<std::string> columns;
    for (const auto& c : t.columns) columns.push_back(c.name + " " + c.type);
    std::sort(columns.begin(), columns.end());
    return columns;
  };
  std::vector<std::pair<const Table*, std::vector<std::string>>> created;  // tables only `to` has, with their shape
  bool shaped = false;  // made when the first dropped table asks
  for (const auto& [fid, a] : d.from_tables) {
    if (d.in_to(fid)) continue;
    if (!shaped) {
      for (const auto& [tid, b] : d.to_tables) {
        if (!d.in_from(tid)) created.emplace_back(b, shape(*b));
      }
      shaped = true;
    }
    auto dropped_shape = shape(*a);
    for (const auto& [b, created_shape] : created) {
      if (dropped_shape != created_shape) continue;
      out.notes.push_back(fmt::format("table {}.{} is dropped and {}.{} created with the same columns: if it was renamed, "
                                      "say so in the schema file with `-- retort: renamed table {}.{} from {}`",
                                      a->schema, a->name, b->schema, b->name, b->schema, b->name, a->name));
    }
  }
  for (const auto& [tid, b] : d.to_tables) {
    auto it = d.from_tables.find(tid);
    if (it == d.from_tables.end()) continue;
    const Table& a = *it->second;
    // Both tables have one id, so a column of the same name has the same id on both sides.
    auto named = [](const Table& t, const std::string& name) {
      return std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) { return c.name == name; });
    };
    for (const auto& gone : a.columns) {
      if (named(*b, gone.name) || d.in_to(column_id(a, gone))) continue;
      for (const auto& added : b->columns) {
        if (named(a, added.name) || d.in_from(column_id(*b, added)) || added.type != gone.type) continue;
        out.notes.push_back(fmt::format("column {}.{}.{} is dropped and {} added with the same type: if it was renamed, "
                                        "say so with `-- retort: renamed column {}.{}.{} from {}`",
                                        a.schema, a.name, gone.name, added.name, b->schema, b->name, added.name, gone.name));
      }
    }
  }
}

} // namespace retort::schema
