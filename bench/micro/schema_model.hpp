// Synthetic schema models for the schema engine's benchmarks: bench/gen_schema.sh's schema of N tables
// as the PostgreSQL introspector reads it (the same objects, definitions as pg_get_*def prints them,
// the dependencies pg_depend gives plus the soft ones read from function bodies), built in memory.
// bench/schema.sh checks that dump_sql of model(N, false) is byte-identical to `retort dump` of the
// generated schema, and that model(N, true) loads and reads back as itself (bench/tools/schema_model.cpp).
//
// model(N, true) differs from model(N, false) in about 5% of its objects: columns added (1% of tables),
// defaults (1%), NOT NULL (1%) and CHECKs (1%) changed, a column's type changed in 0.5% of tables
// (which drags its CHECK, indexes and views along), leaf tables dropped (0.5%), N/100 new tables,
// 5% of index definitions, view columns appended (5%) or reordered (5%), function bodies (5%),
// trigger events (5%), an enum value added.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "retort/schema.hpp"

namespace bench::schema_model {

using namespace retort::schema;

constexpr const char* k_enums[5] = {"status_t", "priority_t", "channel_t", "region_t", "plan_t"};
constexpr const char* k_first[5] = {"active", "low", "web", "eu", "free"};

inline std::string tname(int i) { return fmt::format("t{:05d}", i); }
inline int parent_of(int i) { return i / 2; }
inline std::string col(const std::string& table, const std::string& column) { return "column:public." + table + "." + column; }
inline std::string table_id(const std::string& table) { return "table:public." + table; }

/// Builds one side. `changed`: the second model (the ~5% differences).
class ModelBuilder {
public:
  ModelBuilder(int n, bool changed) : m_n(n), m_changed(changed) {
    // tables i % 100 == 82 in the upper half have no children (a child of i is 2i or 2i+1): dropped
    const int total = changed ? n + n / 100 : n;
    m_present.assign(static_cast<std::size_t>(total), true);
    if (changed) {
      for (int i = n / 2; i < n; ++i) {
        if (i % 100 == 82) m_present[static_cast<std::size_t>(i)] = false;
      }
    }
  }

  Database build() {
    m_db.server_version = 150018;
    m_db.schemas.push_back({"public", "standard public schema", {}});
    types();
    for (int i = 0; i < static_cast<int>(m_present.size()); ++i) {
      if (m_present[static_cast<std::size_t>(i)]) table(i);
    }
    views();
    functions_and_triggers();
    canonicalize(m_db);
    return std::move(m_db);
  }

private:
  void dep(std::string from, std::string to, bool soft = false) {
    m_db.dependencies.push_back({std::move(from), std::move(to), soft});
  }
  [[nodiscard]] bool present(int i) const { return i >= 0 && i < static_cast<int>(m_present.size()) && m_present[static_cast<std::size_t>(i)]; }
  [[nodiscard]] bool amount_retyped(int i) const { return m_changed && i % 100 == 82 && i < m_n / 2; }

  void types() {
    const std::vector<std::vector<std::string>> labels = {
        {"active", "paused", "archived"}, {"low", "normal", "high", "urgent"}, {"web", "mobile", "api"},
        {"eu", "us", "apac"}, {"free", "pro", "enterprise"}};
    for (int e = 0; e < 5; ++e) {
      EnumType t{"public", k_enums[e], labels[static_cast<std::size_t>(e)], "", {}};
      if (m_changed && e == 4) t.labels.push_back("team");  // ALTER TYPE … ADD VALUE
      dep(id(t), "schema:public");
      m_db.enums.push_back(std::move(t));
    }
    auto domain = [&](const char* name, const char* base, bool not_null, const char* def, const char* check) {
      Domain d;
      d.schema = "public";
      d.name = name;
      d.base_type = base;
      d.not_null = not_null;
      d.default_expr = def;
      if (check != nullptr) d.constraints.push_back({std::string(name) + "_check", check, true, ""});
      dep(id(d), "schema:public");
      m_db.domains.push_back(std::move(d));
    };
    domain("email_d", "text", false, "", "CHECK ((VALUE ~ '^[^@]+@[^@]+$'::text))");
    domain("positive_int", "integer", false, "", "CHECK ((VALUE > 0))");
    domain("amount_d", "numeric(12,2)", true, "0", "CHECK ((VALUE >= (0)::numeric))");
    domain("short_text", "character varying(200)", false, "", nullptr);
  }

  void table(int i) {
    const std::string t = tname(i);
    const int e = i % 5;
    const std::string enum_type = fmt::format("public.{}", k_enums[e]);
    const std::string enum_id = fmt::format("enum:public.{}", k_enums[e]);
    const int p = parent_of(i);
    const bool has_parent = i > 0 && present(p);

    Table tb;
    tb.schema = "public";
    tb.name = t;
    if (i % 10 == 0) tb.comment = fmt::format("table number {}", i);
    auto column = [&](std::string name, std::string type, bool not_null, std::string def) {
      Column c;
      c.name = std::move(name);
      c.type = std::move(type);
      c.not_null = not_null;
      c.default_expr = std::move(def);
      tb.columns.push_back(std::move(c));
    };
    column("id", "bigint", true, fmt::format("nextval('public.{}_id_seq'::regclass)", t));
    if (has_parent) column("parent_id", "bigint", false, "");
    column("name", "public.short_text", true, "");
    column("state", enum_type, true, fmt::format("'{}'::{}", k_first[e], enum_type));
    column("quantity", "public.positive_int", false, "");
    column("amount", amount_retyped(i) ? "numeric(14,2)" : "numeric(12,2)", true, m_changed && i % 100 == 22 ? "1" : "0");
    column("email", "public.email_d", false, "");
    column("created_at", "timestamp with time zone", true, "now()");
    column("updated_at", "timestamp with time zone", m_changed && i % 100 == 42, "");
    column("payload", "jsonb", true, "'{}'::jsonb");
    if (m_changed && i % 100 == 2) column("note", "text", false, "");

    const std::string limit = m_changed && i % 100 == 62 ? "2000000" : "1000000";
    tb.constraints.push_back({t + "_amount_check", 'c',
                              fmt::format("CHECK (((amount >= (0)::numeric) AND (amount < ({})::numeric)))", limit), true, "", ""});
    if (has_parent) {
      const std::string pt = tname(p);
      tb.constraints.push_back({t + "_parent_id_fkey", 'f',
                                fmt::format("FOREIGN KEY (parent_id) REFERENCES public.{}(id) ON DELETE CASCADE", pt), true,
                                "public." + pt, ""});
      const std::string fk = fmt::format("constraint:public.{}.{}_parent_id_fkey", t, t);
      dep(fk, col(pt, "id"));
      dep(fk, col(t, "parent_id"));
      dep(fk, fmt::format("constraint:public.{}.{}_pkey", pt, pt));
    }
    tb.constraints.push_back({t + "_pkey", 'p', "PRIMARY KEY (id)", true, "", ""});
    dep(fmt::format("constraint:public.{}.{}_amount_check", t, t), col(t, "amount"));
    dep(fmt::format("constraint:public.{}.{}_pkey", t, t), col(t, "id"));
    dep(col(t, "email"), "domain:public.email_d");
    dep(col(t, "id"), fmt::format("sequence:public.{}_id_seq", t));
    dep(col(t, "name"), "domain:public.short_text");
    dep(col(t, "quantity"), "domain:public.positive_int");
    dep(col(t, "state"), enum_id);
    dep(table_id(t), "schema:public");
    m_db.tables.push_back(std::move(tb));

    Sequence s;
    s.schema = "public";
    s.name = t + "_id_seq";
    s.start = "1";
    s.increment = "1";
    s.min_value = "1";
    s.max_value = "9223372036854775807";
    s.cache = "1";
    s.owned_by_table = "public." + t;
    s.owned_by_column = "id";
    dep(id(s), "schema:public");
    m_db.sequences.push_back(std::move(s));

    if (!has_parent) {
      Index x{"public", t + "_name_idx", "public." + t, fmt::format("CREATE INDEX {0}_name_idx ON public.{0} USING btree (name)", t), ""};
      dep(id(x), col(t, "name"));
      m_db.indexes.push_back(std::move(x));
    } else {
      const bool wider = m_changed && i % 20 == 14;
      Index x{"public", t + "_parent_idx", "public." + t,
              fmt::format("CREATE INDEX {0}_parent_idx ON public.{0} USING btree (parent_id{1})", t, wider ? ", created_at" : ""), ""};
      dep(id(x), col(t, "parent_id"));
      if (wider) dep(id(x), col(t, "created_at"));
      m_db.indexes.push_back(std::move(x));
    }
    const bool negated = m_changed && i % 20 == 4;
    Index r{"public", t + "_recent_idx", "public." + t,
            fmt::format("CREATE INDEX {0}_recent_idx ON public.{0} USING btree (created_at DESC) WHERE (state {1} '{2}'::{3})", t,
                        negated ? "<>" : "=", k_first[e], enum_type),
            ""};
    dep(id(r), col(t, "created_at"));
    dep(id(r), col(t, "state"));
    dep(id(r), enum_id);
    m_db.indexes.push_back(std::move(r));
  }

  void views() {
    const int nv = std::max(1, m_n / 10);
    const int half = std::max(1, nv / 2);
    std::vector<bool> made(static_cast<std::size_t>(nv), false);
    for (int v = 0; v < nv; ++v) {
      View w;
      w.schema = "public";
      w.name = fmt::format("v{:04d}", v);
      const std::string vid = id(w);
      if (v < half || nv == 1) {
        int a = (v * 10 + 5) % m_n;
        if (a == 0) a = m_n > 1 ? 1 : 0;
        const int b = parent_of(a);
        if (!present(a) || !present(b)) continue;
        const std::string ta = tname(a), tb = tname(b);
        const bool extra = m_changed && v % 20 == 3;  // a column appended: CREATE OR REPLACE VIEW
        w.definition = fmt::format(" SELECT a.id,\n    a.name,\n    a.state,\n    a.amount,\n    b.name AS parent_name,\n"
                                   "    b.created_at AS parent_created_at{}\n   FROM (public.{} a\n     JOIN public.{} b ON ((b.id = a.parent_id)))\n"
                                   "  WHERE (a.amount > (0)::numeric);",
                                   extra ? ",\n    a.updated_at" : "", ta, tb);
        w.columns = {"id bigint", "name public.short_text", fmt::format("state public.{}", k_enums[a % 5]),
                     amount_retyped(a) ? "amount numeric(14,2)" : "amount numeric(12,2)", "parent_name public.short_text",
                     "parent_created_at timestamp with time zone"};
        if (extra) w.columns.push_back("updated_at timestamp with time zone");
        for (const char* c : {"amount", "id", "name", "parent_id", "state"}) dep(vid, col(ta, c));
        if (extra) dep(vid, col(ta, "updated_at"));
        for (const char* c : {"created_at", "id", "name"}) dep(vid, col(tb, c));
        dep(vid, "domain:public.short_text");
        dep(vid, fmt::format("enum:public.{}", k_enums[a % 5]));
      } else {
        const int base = v % half;
        const int c = (v * 7 + 3) % m_n;
        if (!made[static_cast<std::size_t>(base)] || !present(c)) continue;
        const std::string tc = tname(c);
        const bool reordered = m_changed && v % 20 == 13;  // not an extension of the old columns: recreated
        const char* last2 = reordered ? "c.payload,\n    c.email" : "c.email,\n    c.payload";
        w.definition = fmt::format(" SELECT w.id,\n    w.name,\n    w.parent_name,\n    {}\n   FROM (public.v{:04d} w\n"
                                   "     LEFT JOIN public.{} c ON ((c.id = w.id)))\n  WHERE (w.amount < (1000)::numeric);",
                                   last2, base, tc);
        w.columns = {"id bigint", "name public.short_text", "parent_name public.short_text"};
        if (reordered) w.columns.insert(w.columns.end(), {"payload jsonb", "email public.email_d"});
        else w.columns.insert(w.columns.end(), {"email public.email_d", "payload jsonb"});
        for (const char* k : {"email", "id", "payload"}) dep(vid, col(tc, k));
        dep(vid, "domain:public.email_d");
        dep(vid, "domain:public.short_text");
        dep(vid, fmt::format("view:public.v{:04d}", base));
      }
      dep(vid, "schema:public");
      made[static_cast<std::size_t>(v)] = true;
      m_db.views.push_back(std::move(w));
    }
  }

  void functions_and_triggers() {
    const int nf = std::max(1, m_n / 10);
    const int ntrig = std::min(nf, std::max(1, m_n / 20));
    for (int f = 0; f < nf; ++f) {
      const bool body_changed = m_changed && f % 20 == 5;
      const int a = (f * 13 + 1) % m_n;
      Function fn;
      fn.schema = "public";
      if (f < ntrig) {
        fn.name = fmt::format("touch_{:04d}", f);
        fn.result = "trigger";
        fn.language = "plpgsql";
        fn.definition = fmt::format("CREATE OR REPLACE FUNCTION public.{}()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n"
                                    "  IF NEW.amount < {} THEN\n    RAISE EXCEPTION 'negative amount in %', TG_TABLE_NAME;\n  END IF;\n"
                                    "  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$function$\n",
                                    fn.name, body_changed ? "1" : "0");
      } else if (f % 2 == 0) {
        fn.name = fmt::format("total_{:04d}", f);
        fn.arguments = "bigint";
        fn.result = "numeric";
        fn.language = "sql";
        fn.definition = fmt::format("CREATE OR REPLACE FUNCTION public.{}(p_parent bigint)\n RETURNS numeric\n LANGUAGE sql\n STABLE\n"
                                    "AS $function$\n  SELECT coalesce(sum(amount), {}) FROM public.{} WHERE parent_id = p_parent\n$function$\n",
                                    fn.name, body_changed ? "0.0" : "0", tname(a));
      } else {
        fn.name = fmt::format("archive_{:04d}", f);
        fn.arguments = "timestamp with time zone";
        fn.result = "integer";
        fn.language = "plpgsql";
        fn.definition = fmt::format("CREATE OR REPLACE FUNCTION public.{}(p_before timestamp with time zone)\n RETURNS integer\n"
                                    " LANGUAGE plpgsql\nAS $function$\nDECLARE\n  n integer;\nBEGIN\n"
                                    "  UPDATE public.{} SET state = '{}' WHERE created_at < p_before AND state = '{}';\n"
                                    "  GET DIAGNOSTICS n = ROW_COUNT;\n  RETURN n{};\nEND\n$function$\n",
                                    fn.name, tname(a), a % 5 == 0 ? "archived" : k_first[a % 5], k_first[a % 5],
                                    body_changed ? " + 0" : "");
      }
      const std::string fid = id(fn);
      dep(fid, "schema:public");
      if (f >= ntrig && present(a)) dep(fid, table_id(tname(a)), true);  // read from the body (libpg_query)
      m_db.functions.push_back(std::move(fn));
    }
    for (int g = 0; g < ntrig; ++g) {
      const int a = (g * 20 + 3) % m_n;
      if (!present(a)) continue;
      const std::string ta = tname(a);
      Trigger tr;
      tr.schema = "public";
      tr.table = ta;
      tr.name = fmt::format("{}_touch_{:04d}", ta, g);
      tr.definition = fmt::format("CREATE TRIGGER {} BEFORE {}UPDATE ON public.{} FOR EACH ROW EXECUTE FUNCTION public.touch_{:04d}()",
                                  tr.name, m_changed && g % 20 == 7 ? "INSERT OR " : "", ta, g);
      dep(id(tr), fmt::format("function:public.touch_{:04d}()", g));
      dep(id(tr), table_id(ta));
      m_db.triggers.push_back(std::move(tr));
    }
  }

  int m_n;
  bool m_changed;
  std::vector<bool> m_present;
  Database m_db;
};

/// The model of bench/gen_schema.sh N (changed: the second model, ~5% different).
inline Database model(int n, bool changed) { return ModelBuilder(n, changed).build(); }

} // namespace bench::schema_model
