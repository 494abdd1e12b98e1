// tests/plan/graphs.hpp — the revision graphs the planner's tests share. Each was also built as an
// Alembic script directory (tests/plan/alembic/oracle.py, graphs of the same names) to check the
// answers the tables expect.
#pragma once

#include <string>
#include <vector>

#include "retort/migration.hpp"

namespace retort::test {

using Ids = std::vector<std::string>;

inline Migration mig(std::string revision, Ids down = {}, Ids labels = {}, Ids depends_on = {}) {
  Migration m;
  m.file = "migrations/" + revision + ".sql";
  m.revision = std::move(revision);
  m.down_revisions = std::move(down);
  m.branch_labels = std::move(labels);
  m.depends_on = std::move(depends_on);
  m.up_sql = "SELECT 1;\n";
  return m;
}

// a <- b <- c <- d
inline std::vector<Migration> linear() { return {mig("a"), mig("b", {"a"}), mig("c", {"b"}), mig("d", {"c"})}; }

// r <- a1 (label fa) <- a2 ;  r <- b1 (label fb) <- b2
inline std::vector<Migration> branched() {
  return {mig("r"), mig("a1", {"r"}, {"fa"}), mig("a2", {"a1"}), mig("b1", {"r"}, {"fb"}), mig("b2", {"b1"})};
}

// r <- a, r <- b, (a, b) <- m <- n
inline std::vector<Migration> merged() {
  return {mig("r"), mig("a", {"r"}), mig("b", {"r"}), mig("m", {"a", "b"}), mig("n", {"m"})};
}

// criss-cross: r <- a, r <- b, and two merges of (a, b): m1 and m2
inline std::vector<Migration> criss_cross() {
  return {mig("r"), mig("a", {"r"}), mig("b", {"r"}), mig("m1", {"a", "b"}), mig("m2", {"a", "b"})};
}

inline std::vector<Migration> prefixed() { return {mig("ab12"), mig("ab34", {"ab12"}), mig("cd56", {"ab34"})}; }

// two independent lines: x1 (label fx) <- x2 ; y1 <- y2
inline std::vector<Migration> two_bases() {
  return {mig("x1", {}, {"fx"}), mig("x2", {"x1"}), mig("y1"), mig("y2", {"y1"})};
}

// p <- y, and y depends on x (another base)
inline std::vector<Migration> with_dependency() { return {mig("x"), mig("p"), mig("y", {"p"}, {}, {"x"})}; }

// root <- a1a1 (fa) <- a2a2 <- cc01 (abcd) ; root <- b1b1 (fb) <- b2b2 ; root <- abcd1234
// The label abcd is also a prefix of the revision abcd1234. Ids of four characters or more, since
// Alembic matches prefixes only of such.
inline std::vector<Migration> labelled() {
  return {mig("root"),         mig("a1a1", {"root"}, {"fa"}), mig("a2a2", {"a1a1"}), mig("cc01", {"a2a2"}, {"abcd"}),
          mig("b1b1", {"root"}, {"fb"}), mig("b2b2", {"b1b1"}), mig("abcd1234", {"root"})};
}

// xa01 (label fx) <- xa02 ; yb01 <- yb02, which depends on the label fx (that is, on xa01)
inline std::vector<Migration> dependency_on_label() {
  return {mig("xa01", {}, {"fx"}), mig("xa02", {"xa01"}), mig("yb01"), mig("yb02", {"yb01"}, {}, {"fx"})};
}

inline std::vector<Migration> empty_folder() { return {}; }

} // namespace retort::test
