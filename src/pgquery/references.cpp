// pgquery/references.cpp — names a function body refers to, from libpg_query's JSON parse trees.
#include "pgquery/references.hpp"

#include <pg_query.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>

namespace retort::pgquery {
namespace {

using nlohmann::json;

struct ParseResultFree {
  void operator()(PgQueryParseResult* r) const noexcept {
    pg_query_free_parse_result(*r);
    delete r;
  }
};

struct PlpgsqlResultFree {
  void operator()(PgQueryPlpgsqlParseResult* r) const noexcept {
    pg_query_free_plpgsql_parse_result(*r);
    delete r;
  }
};

/// The text of a String node: {"String":{"sval":…}} (libpg_query 15+) or {"String":{"str":…}}.
std::string string_value(const json& node) {
  if (!node.is_object()) return {};
  auto s = node.find("String");
  if (s == node.end() || !s->is_object()) return {};
  for (const char* key : {"sval", "str"}) {
    auto v = s->find(key);
    if (v != s->end() && v->is_string()) return v->get<std::string>();
  }
  return {};
}

/// A list of String nodes as "a.b.c"; empty when any element is something else (a '*').
std::string dotted(const json& list) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    auto part = string_value(item);
    if (part.empty()) return {};
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

/// A string constant's text: {"A_Const":{"sval":{"sval":…}}} (15+) or {"A_Const":{"val":{"String":…}}}.
std::optional<std::string> string_constant(const json& node) {
  if (!node.is_object()) return std::nullopt;
  auto c = node.find("A_Const");
  if (c == node.end() || !c->is_object()) return std::nullopt;
  if (auto s = c->find("sval"); s != c->end() && s->is_object()) {
    if (auto v = s->find("sval"); v != s->end() && v->is_string()) return v->get<std::string>();
  }
  if (auto v = c->find("val"); v != c->end()) {
    auto text = string_value(*v);
    if (!text.empty()) return text;
  }
  return std::nullopt;
}

/// An identifier chain as the server reads it ("App"."T" → App.T, app.T → app.t), parts joined by '.'.
std::vector<std::string> identifier_parts(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (quoted) {
      parts.back() += c;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      parts.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}

std::string join_parts(const std::vector<std::string>& parts, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
    if (parts[i].empty()) return {};
    if (!out.empty()) out += '.';
    out += parts[i];
  }
  return out;
}

bool ends_with_nocase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  auto tail = text.substr(text.size() - suffix.size());
  return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

class Collector {
public:
  std::set<std::string> names;

  /// Parses `sql` and collects what it names; false (and nothing collected) when it does not parse.
  bool add_sql(const std::string& sql) {
    std::unique_ptr<PgQueryParseResult, ParseResultFree> result(new PgQueryParseResult(pg_query_parse(sql.c_str())));
    if (result->error != nullptr || result->parse_tree == nullptr) return false;
    auto tree = json::parse(result->parse_tree, nullptr, false);
    if (tree.is_discarded()) return false;
    walk_sql(tree);
    return true;
  }

  /// A PL/pgSQL expression or statement: "SELECT …", "x > 1", or (PostgreSQL 14+) "x := f(1)".
  void add_expression(const std::string& text) {
    if (add_sql(text) || add_sql("SELECT " + text)) return;
    for (std::string_view op : {":=", "="}) {
      auto at = text.find(op);
      if (at != std::string::npos && add_sql("SELECT " + text.substr(at + op.size()))) return;
    }
  }

  /// A PL/pgSQL variable's declared type: "app.mood", "app.t%ROWTYPE", "app.t.col%TYPE".
  void add_plpgsql_type(const std::string& type) {
    if (ends_with_nocase(type, "%rowtype")) {
      auto parts = identifier_parts(std::string_view(type).substr(0, type.size() - 8));
      add(join_parts(parts, parts.size()));
    } else if (ends_with_nocase(type, "%type")) {
      auto parts = identifier_parts(std::string_view(type).substr(0, type.size() - 5));
      if (parts.size() >= 2) add(join_parts(parts, parts.size() - 1));  // the column's relation
    } else if (type != "UNKNOWN") {
      add_sql("SELECT NULL::" + type);
    }
  }

  void walk_plpgsql(const json& node) {
    if (node.is_array()) {
      for (const auto& item : node) walk_plpgsql(item);
      return;
    }
    if (!node.is_object()) return;
    if (auto expr = node.find("PLpgSQL_expr"); expr != node.end() && expr->is_object()) {
      if (auto q = expr->find("query"); q != expr->end() && q->is_string()) add_expression(q->get<std::string>());
    }
    if (auto type = node.find("PLpgSQL_type"); type != node.end() && type->is_object()) {
      if (auto t = type->find("typname"); t != type->end() && t->is_string()) add_plpgsql_type(t->get<std::string>());
    }
    for (const auto& item : node) walk_plpgsql(item);
  }

private:
  void add(const std::string& name) {
    if (!name.empty()) names.insert(name);
  }

  void walk_sql(const json& node) {
    if (node.is_array()) {
      for (const auto& item : node) walk_sql(item);
      return;
    }
    if (!node.is_object()) return;
    // RangeVar (wrapped or, as InsertStmt.relation, bare)
    if (auto rel = node.find("relname"); rel != node.end() && rel->is_string()) {
      auto schema = node.find("schemaname");
      std::string prefix = schema != node.end() && schema->is_string() ? schema->get<std::string>() + "." : "";
      add(prefix + rel->get<std::string>());
    }
    // FuncCall; nextval('s') and friends also name their sequence
    if (auto fn = node.find("funcname"); fn != node.end() && fn->is_array()) {
      auto name = dotted(*fn);
      add(name);
      auto args = node.find("args");
      auto dot = name.rfind('.');
      auto last = dot == std::string::npos ? name : name.substr(dot + 1);
      if ((last == "nextval" || last == "currval" || last == "setval") && args != node.end() && args->is_array() &&
          !args->empty()) {
        add_literal_name((*args)[0]);
      }
    }
    // TypeName
    if (auto names_list = node.find("names"); names_list != node.end() && node.contains("typemod")) {
      add(dotted(*names_list));
    }
    // 'name'::regclass
    if (auto cast = node.find("TypeCast"); cast != node.end() && cast->is_object()) {
      auto type = cast->find("typeName");
      auto arg = cast->find("arg");
      if (type != cast->end() && arg != cast->end() && type->is_object()) {
        auto type_name = dotted(type->value("names", json::array()));
        if (type_name == "regclass" || type_name == "pg_catalog.regclass") add_literal_name(*arg);
      }
    }
    for (const auto& item : node) walk_sql(item);
  }

  /// A string constant holding a relation name (nextval's argument), possibly cast to regclass.
  void add_literal_name(const json& node) {
    auto text = string_constant(node);
    if (!text && node.is_object()) {
      if (auto cast = node.find("TypeCast"); cast != node.end() && cast->is_object() && cast->contains("arg")) {
        text = string_constant((*cast)["arg"]);
      }
    }
    if (!text) return;
    auto parts = identifier_parts(*text);
    add(join_parts(parts, parts.size()));
  }
};

/// A dollar-quote tag that does not occur in `body`.
std::string dollar_tag(std::string_view body) {
  std::string tag = "$retort$";
  for (int n = 1; body.find(tag) != std::string_view::npos; ++n) tag = "$retort" + std::to_string(n) + "$";
  return tag;
}

/// The columns of "TABLE(a integer, b numeric(10,2))" as OUT parameters: PL/pgSQL assigns to them.
std::string table_columns_as_out(std::string_view result) {
  auto open = result.find('(');
  if (open == std::string_view::npos || result.size() < open + 2 || result.back() != ')') return {};
  auto columns = result.substr(open + 1, result.size() - open - 2);
  std::string out = "OUT ";
  int depth = 0;
  bool quoted = false;
  for (char c : columns) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    out += c;
    if (!quoted && depth == 0 && c == ',') out += " OUT";
  }
  return out;
}

/// The variable a "… is not a known variable" parse error names ("new.at" → new), quoted.
std::optional<std::string> unknown_variable(const char* message) {
  std::string_view m(message == nullptr ? "" : message);
  constexpr std::string_view k_suffix = "\" is not a known variable";
  if (m.size() < 2 + k_suffix.size() || m.front() != '"' || m.substr(m.size() - k_suffix.size()) != k_suffix) {
    return std::nullopt;
  }
  auto name = m.substr(1, m.size() - 1 - k_suffix.size());
  name = name.substr(0, name.find('.'));
  if (name.empty()) return std::nullopt;
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// Parses a PL/pgSQL body inside `CREATE FUNCTION retort_body(<arguments>) RETURNS <result>`,
/// declaring each variable the parser does not know (a few at most); true when it parsed.
bool add_plpgsql(Collector& collector, std::string_view body, std::string arguments, std::string_view result) {
  const auto tag = dollar_tag(body);
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::string wrapper = "CREATE FUNCTION retort_body(" + arguments + ") RETURNS " + std::string(result) +
                          " LANGUAGE plpgsql AS " + tag + std::string(body) + tag;
    std::unique_ptr<PgQueryPlpgsqlParseResult, PlpgsqlResultFree> parsed(
        new PgQueryPlpgsqlParseResult(pg_query_parse_plpgsql(wrapper.c_str())));
    if (parsed->error == nullptr && parsed->plpgsql_funcs != nullptr) {
      auto tree = json::parse(parsed->plpgsql_funcs, nullptr, false);
      if (tree.is_discarded()) return false;
      collector.walk_plpgsql(tree);
      return true;
    }
    auto variable = parsed->error == nullptr ? std::nullopt : unknown_variable(parsed->error->message);
    if (!variable) return false;
    arguments += (arguments.empty() ? "" : ", ") + *variable + " record";
  }
  return false;
}

} // namespace

std::vector<std::string> referenced_names(std::string_view body, std::string_view language, std::string_view arguments,
                                          std::string_view result) {
  Collector collector;
  try {
    if (language == "sql") {
      collector.add_sql(std::string(body));
    } else if (language == "plpgsql") {
      // libpg_query parses PL/pgSQL only inside a CREATE FUNCTION, and checks the body against it:
      // NEW and OLD exist in trigger functions only, RETURN NEXT/QUERY need SETOF, assignments need
      // declared targets. The function's own signature first, then the two that fit most bodies.
      std::string args(arguments);
      std::string returns(result);
      if (returns.rfind("TABLE(", 0) == 0) {
        auto out = table_columns_as_out(returns);
        args += (args.empty() || out.empty() ? "" : ", ") + out;
        returns = "SETOF record";
      }
      // libpg_query does not know OUT parameters make a bare RETURN NEXT valid: give it a value
      static const std::regex bare_return_next(R"(\b(return\s+next)\s*;)", std::regex::icase);
      const auto text = std::regex_replace(std::string(body), bare_return_next, "$1 NULL;");
      std::vector<std::string> candidates;
      if (!returns.empty()) candidates.push_back(returns);
      candidates.emplace_back("trigger");
      candidates.emplace_back("SETOF record");
      for (const auto& returns_as : candidates) {
        if (add_plpgsql(collector, text, args, returns_as)) break;
      }
    }
  } catch (const std::exception&) {  // keep what was found: a body we cannot read names nothing more
  }
  return {collector.names.begin(), collector.names.end()};
}

} // namespace retort::pgquery
