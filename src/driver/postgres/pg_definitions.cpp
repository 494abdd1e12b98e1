// driver/postgres/pg_definitions.cpp — CREATE AGGREGATE and identity options from catalog values.
#include "driver/postgres/pg_definitions.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <limits>

#include "driver/postgres/pg_catalog_queries.hpp"
#include "driver/postgres/pg_catalog_rows.hpp"
#include "retort/error.hpp"

namespace retort::pg {

std::string aggregate_definition(const RowView& f) {
  namespace c = col_functions;
  const auto args = f.view(c::argument_list);
  const char kind = f.letter(c::agg_kind);
  const std::string_view default_modify = kind == 'n' ? "r" : "w";
  auto modify = [](std::string_view code) {
    return code == "r" ? "READ_ONLY" : code == "s" ? "SHAREABLE" : "READ_WRITE";
  };
  std::vector<std::string> opts;
  auto add = [&](const char* option, std::string_view value) {
    if (!value.empty()) opts.push_back(fmt::format("{} = {}", option, value));
  };
  add("SFUNC", f.view(c::sfunc));
  add("STYPE", f.view(c::stype));
  if (f.view(c::sspace) != "0") add("SSPACE", f.view(c::sspace));
  add("FINALFUNC", f.view(c::finalfunc));
  if (f.flag(c::finalextra)) opts.emplace_back("FINALFUNC_EXTRA");
  if (!f.view(c::finalfunc).empty() && f.view(c::finalmodify) != default_modify) {
    add("FINALFUNC_MODIFY", modify(f.view(c::finalmodify)));
  }
  add("COMBINEFUNC", f.view(c::combinefunc));
  add("SERIALFUNC", f.view(c::serialfunc));
  add("DESERIALFUNC", f.view(c::deserialfunc));
  add("INITCOND", f.view(c::initcond));
  if (!f.view(c::msfunc).empty()) {
    add("MSFUNC", f.view(c::msfunc));
    add("MINVFUNC", f.view(c::minvfunc));
    add("MSTYPE", f.view(c::mstype));
    if (f.view(c::msspace) != "0") add("MSSPACE", f.view(c::msspace));
    add("MFINALFUNC", f.view(c::mfinalfunc));
    if (f.flag(c::mfinalextra)) opts.emplace_back("MFINALFUNC_EXTRA");
    if (!f.view(c::mfinalfunc).empty() && f.view(c::mfinalmodify) != default_modify) {
      add("MFINALFUNC_MODIFY", modify(f.view(c::mfinalmodify)));
    }
    add("MINITCOND", f.view(c::minitcond));
  }
  add("SORTOP", f.view(c::sortop));
  if (kind == 'h') opts.emplace_back("HYPOTHETICAL");
  const auto parallel = f.view(c::parallel);
  if (parallel == "s") add("PARALLEL", "SAFE");
  if (parallel == "r") add("PARALLEL", "RESTRICTED");
  return fmt::format("CREATE OR REPLACE AGGREGATE {}({}) (\n    {}\n)", f.view(c::qualified), args.empty() ? "*" : args,
                     fmt::join(opts, ",\n    "));
}

std::string identity_options(const std::vector<std::string>& sequence) {
  if (sequence.empty()) return {};
  if (sequence.size() != 7) {
    throw Error(ErrorCode::internal,
                fmt::format("an identity sequence was read as {{{}}}, not its seven settings", fmt::join(sequence, ",")));
  }
  const auto& type = sequence[0];
  long long type_min = std::numeric_limits<long long>::min(), type_max = std::numeric_limits<long long>::max();
  if (type == "smallint") {
    type_min = -32768;
    type_max = 32767;
  } else if (type == "integer") {
    type_min = -2147483648LL;
    type_max = 2147483647LL;
  }
  auto number = [&](std::size_t i) {
    try {
      return std::stoll(sequence[i]);
    } catch (const std::exception&) {
      throw Error(ErrorCode::internal, fmt::format("identity sequence setting {} is not a number: {}", i, sequence[i]));
    }
  };
  const long long start = number(1), increment = number(2), min = number(3), max = number(4), cache = number(5);
  const bool ascending = increment > 0;
  std::vector<std::string> out;
  if (start != (ascending ? min : max)) out.push_back(fmt::format("START WITH {}", start));
  if (increment != 1) out.push_back(fmt::format("INCREMENT BY {}", increment));
  if (min != (ascending ? 1 : type_min)) out.push_back(fmt::format("MINVALUE {}", min));
  if (max != (ascending ? type_max : -1)) out.push_back(fmt::format("MAXVALUE {}", max));
  if (cache != 1) out.push_back(fmt::format("CACHE {}", cache));
  if (sequence[6] == "t" || sequence[6] == "true") out.push_back("CYCLE");
  return fmt::format("{}", fmt::join(out, " "));
}

} // namespace retort::pg
