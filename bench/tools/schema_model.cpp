// schema_model — writes the synthetic model of the schema micro-benchmarks as SQL (dump_sql), so that
// bench/schema.sh can check it against the introspector: `schema_model N` must be byte-identical to
// `retort dump` of bench/gen_schema.sh N's schema; `schema_model N changed` is the second model (the
// ~5% differences), which must load into an empty database and read back as itself.
//
//   schema_model N [changed] > model.sql
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../micro/schema_model.hpp"
#include "retort/diff.hpp"

int main(int argc, char** argv) {
  if (argc < 2 || std::atoi(argv[1]) <= 0) {
    std::fprintf(stderr, "usage: schema_model N [changed]\n");
    return 2;
  }
  const bool changed = argc > 2 && std::string(argv[2]) == "changed";
  const std::string sql = retort::schema::dump_sql(bench::schema_model::model(std::atoi(argv[1]), changed));
  return std::fwrite(sql.data(), 1, sql.size(), stdout) == sql.size() ? 0 : 1;
}
