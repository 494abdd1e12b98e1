// core/sha256.hpp — SHA-256 as lowercase hex (OpenSSL stays in sha256.cpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace retort {

std::string sha256_hex(std::string_view data);

/// SHA-256 over data given in pieces (a file read in chunks): the same digest as sha256_hex of
/// the pieces joined. Throws Error(ErrorCode::internal) when OpenSSL fails.
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  void update(std::string_view data);
  /// The digest as lowercase hex; the object is spent afterwards.
  std::string hex();

private:
  struct Context;
  struct ContextFree {
    void operator()(Context* c) const noexcept;
  };
  std::unique_ptr<Context, ContextFree> m_ctx;
};

} // namespace retort
