// schema/ddl.hpp — each object of the model written as the PostgreSQL statements that create,
// drop or comment on it. Definitions the server printed are used as printed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "retort/schema.hpp"

namespace retort::schema::ddl {

/// An identifier, double-quoted unless PostgreSQL would read it back unchanged without quotes.
std::string ident(std::string_view name);
/// schema.name, each part quoted as needed.
std::string qualified(std::string_view schema, std::string_view name);
/// A "schema.name" reference from the model (Index::table, Constraint::references, …), quoted.
std::string qualified(std::string_view dotted);
/// A string literal ('…', quotes doubled; E'…' never needed since standard_conforming_strings is on).
std::string literal(std::string_view text);

/// A column as it is written inside CREATE TABLE or after ADD COLUMN.
std::string column_definition(const Column& column);

std::vector<std::string> create(const SchemaNamespace& o);
std::vector<std::string> create(const Extension& o);
std::vector<std::string> create(const EnumType& o);
std::vector<std::string> create(const Domain& o);
std::vector<std::string> create(const CompositeType& o);
std::vector<std::string> create(const Sequence& o);      ///< without OWNED BY (see owned_by)
std::vector<std::string> create(const Function& o);
/// CREATE TABLE with its columns and every constraint but foreign keys (see add_constraint),
/// storage/compression settings, row security and comments on it and its columns and constraints.
std::vector<std::string> create(const Table& o);
std::vector<std::string> create(const Index& o);
std::vector<std::string> create(const View& o);
std::vector<std::string> create(const Trigger& o);
std::vector<std::string> create(const Policy& o);

std::string drop(const SchemaNamespace& o);
std::string drop(const Extension& o);
std::string drop(const EnumType& o);
std::string drop(const Domain& o);
std::string drop(const CompositeType& o);
std::string drop(const Sequence& o);
std::string drop(const Function& o);
std::string drop(const Table& o);
std::string drop(const Index& o);
std::string drop(const View& o);
std::string drop(const Trigger& o);
std::string drop(const Policy& o);

/// ALTER SEQUENCE … OWNED BY table.column (or NONE).
std::string owned_by(const Sequence& o);
/// ALTER TABLE … ADD CONSTRAINT …, with NOT VALID when it was not validated (or `not_valid`).
std::string add_constraint(const Table& table, const Constraint& c, bool not_valid = false);
std::string drop_constraint(const Table& table, const Constraint& c);

/// COMMENT ON … IS '…' (or IS NULL when `comment` is empty) for each kind.
std::string comment_on(const SchemaNamespace& o, const std::string& comment);
std::string comment_on(const Extension& o, const std::string& comment);
std::string comment_on(const EnumType& o, const std::string& comment);
std::string comment_on(const Domain& o, const std::string& comment);
std::string comment_on(const CompositeType& o, const std::string& comment);
std::string comment_on(const Sequence& o, const std::string& comment);
std::string comment_on(const Function& o, const std::string& comment);
std::string comment_on(const Table& o, const std::string& comment);
std::string comment_on_column(const std::string& relation, const std::string& column, const std::string& comment);
std::string comment_on(const Table& t, const Constraint& c, const std::string& comment);
std::string comment_on(const Domain& d, const DomainConstraint& c, const std::string& comment);
std::string comment_on(const Index& o, const std::string& comment);
std::string comment_on(const View& o, const std::string& comment);
std::string comment_on(const Trigger& o, const std::string& comment);
std::string comment_on(const Policy& o, const std::string& comment);

/// "FUNCTION", "PROCEDURE" or "AGGREGATE" for a function's kind.
const char* routine_word(const Function& f);
/// "s.f(integer,text)", quoted, for DROP/COMMENT/ALTER.
std::string signature(const Function& f);

} // namespace retort::schema::ddl
