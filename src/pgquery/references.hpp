// pgquery/references.hpp — what a function body refers to, read with PostgreSQL's own parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::pgquery {

/// Names of the relations, functions and types that a function body refers to, each as
/// "schema.name" or "name" (as written: unquoted identifiers folded to lower case), sorted and
/// unique. `language` is pg_language's name: "sql" bodies are parsed as SQL, "plpgsql" bodies with
/// the PL/pgSQL parser and then every SQL expression and query in them; any other language gives
/// nothing. `arguments` and `result` (as pg_get_function_arguments and pg_get_function_result print
/// them) declare the parameters a PL/pgSQL body assigns to; without them, or when they do not fit,
/// variables the parser does not know are declared until it does. Names in strings are not seen,
/// except a nextval/currval/setval sequence and a '…'::regclass literal. Never throws: what does
/// not parse adds nothing.
std::vector<std::string> referenced_names(std::string_view body, std::string_view language,
                                          std::string_view arguments = {}, std::string_view result = {});

} // namespace retort::pgquery
