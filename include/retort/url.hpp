// retort/url.hpp — what kind of database a url names, and how to show it without its password.
#pragma once

#include <string>
#include <string_view>

namespace retort {

enum class UrlKind { postgres, pgtemp, sqlite };

/// Classifies a url by its scheme: postgresql:// or postgres:// (also libpq's "key=value" strings),
/// pgtemp://, and SQLAlchemy's sqlite:///relative, sqlite:////absolute, sqlite:///:memory:.
/// Throws Error(ErrorCode::config) for anything else; the message shows the masked url.
UrlKind url_kind(std::string_view url);

/// The url with any password replaced by "****" (userinfo, ?password=, and password=... in key=value form).
std::string mask_url(std::string_view url);

/// The password a url carries, or "" — so that messages can be scrubbed of it.
std::string url_password(std::string_view url);

/// `text` with every occurrence of `secret` replaced by "****" (no-op for an empty secret).
std::string redact(std::string text, std::string_view secret);

/// A PostgreSQL url for another database on the same server with the same credentials (the path of
/// a postgresql:// url replaced; `dbname=` appended to a key=value string, where the last one wins).
std::string url_with_database(const std::string& url, const std::string& database);

/// The file path of a sqlite url (":memory:" for the in-memory database).
std::string sqlite_path(std::string_view url);

} // namespace retort
