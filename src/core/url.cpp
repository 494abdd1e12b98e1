#include "retort/url.hpp"

#include <fmt/format.h>

#include "retort/error.hpp"

namespace retort {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

/// [begin, end) of the password inside a url's userinfo, or npos.
std::pair<std::size_t, std::size_t> userinfo_password(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {std::string_view::npos, 0};
  std::size_t start = scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = url.size();
  std::size_t at = url.rfind('@', end);
  if (at == std::string_view::npos || at < start) return {std::string_view::npos, 0};
  std::size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at) return {std::string_view::npos, 0};
  return {colon + 1, at};
}

/// [begin, end) of the value of a password=... parameter (query string or key=value form), or npos.
std::pair<std::size_t, std::size_t> keyword_password(std::string_view url, std::size_t from = 0) {
  for (std::size_t pos = url.find("password", from); pos != std::string_view::npos;
       pos = url.find("password", pos + 1)) {
    char before = pos == 0 ? ' ' : url[pos - 1];
    if (before != '?' && before != '&' && before != ' ') continue;
    std::size_t begin = pos + 8;
    // libpq's key = value form allows spaces around '='
    if (before == ' ') begin = std::min(url.find_first_not_of(' ', begin), url.size());
    if (begin >= url.size() || url[begin] != '=') continue;
    ++begin;
    if (before == ' ') begin = std::min(url.find_first_not_of(' ', begin), url.size());
    std::size_t end = begin;
    if (end < url.size() && url[end] == '\'') {
      ++end;
      while (end < url.size() && url[end] != '\'') end += url[end] == '\\' ? 2 : 1;
      end = std::min(end + 1, url.size());
    } else {
      end = url.find_first_of(before == ' ' ? " " : "&#", begin);
      if (end == std::string_view::npos) end = url.size();
    }
    return {begin, end};
  }
  return {std::string_view::npos, 0};
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

} // namespace

UrlKind url_kind(std::string_view url) {
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) return UrlKind::postgres;
  if (starts_with(url, "pgtemp://")) return UrlKind::pgtemp;
  if (starts_with(url, "sqlite://")) {
    if (!starts_with(url, "sqlite:///")) {
      throw Error(ErrorCode::config,
                  fmt::format("sqlite url '{}' must start with sqlite:/// (sqlite:///relative.db, "
                              "sqlite:////absolute.db, sqlite:///:memory:)",
                              mask_url(url)));
    }
    return UrlKind::sqlite;
  }
  if (url.find('=') != std::string_view::npos && url.find("://") == std::string_view::npos) {
    return UrlKind::postgres;  // libpq key=value connection string
  }
  if (url.empty()) throw Error(ErrorCode::config, "no database url: pass --url, set DATABASE_URL, or set url in retort.toml");
  throw Error(ErrorCode::config,
              fmt::format("unsupported database url '{}': expected postgresql://, postgres://, pgtemp:// or sqlite:///",
                          mask_url(url)));
}

std::string mask_url(std::string_view url) {
  std::string out(url);
  if (auto [b, e] = userinfo_password(out); b != std::string::npos) out.replace(b, e - b, "****");
  for (std::size_t from = 0;;) {
    auto [b, e] = keyword_password(out, from);
    if (b == std::string::npos) break;
    out.replace(b, e - b, "****");
    from = b + 4;
  }
  return out;
}

std::string url_password(std::string_view url) {
  if (auto [b, e] = userinfo_password(url); b != std::string_view::npos) return percent_decode(url.substr(b, e - b));
  if (auto [b, e] = keyword_password(url); b != std::string_view::npos) {
    std::string_view v = url.substr(b, e - b);
    if (url.find("://") != std::string_view::npos) return percent_decode(v);  // a uri's query string
    // libpq key=value form: no percent-encoding; single quotes with backslash escapes
    if (v.size() < 2 || v.front() != '\'') return std::string(v);
    std::string out;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
      if (v[i] == '\\' && i + 2 < v.size()) ++i;
      out += v[i];
    }
    return out;
  }
  return {};
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 4)) {
    text.replace(pos, secret.size(), "****");
  }
  return text;
}

std::string sqlite_path(std::string_view url) {
  std::string_view rest = url.substr(std::string_view("sqlite:///").size());
  auto q = rest.find('?');
  if (q != std::string_view::npos) rest = rest.substr(0, q);
  return percent_decode(rest);
}

std::string url_with_database(const std::string& url, const std::string& database) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + database;  // key=value form: the last one wins
  auto path = url.find('/', scheme + 3);
  auto query = url.find('?', scheme + 3);
  if (path == std::string::npos || (query != std::string::npos && path > query)) {
    // no path: insert one before the query
    std::size_t at = query == std::string::npos ? url.size() : query;
    return url.substr(0, at) + "/" + database + url.substr(at);
  }
  std::size_t end = query == std::string::npos ? url.size() : query;
  return url.substr(0, path + 1) + database + url.substr(end);
}

} // namespace retort
