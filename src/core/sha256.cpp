#include "core/sha256.hpp"

#include <openssl/evp.h>

#include <array>

#include "retort/error.hpp"

namespace retort {
namespace {

std::string hex_of(const unsigned char* digest, unsigned int length) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 0xF];
  }
  return out;
}

[[noreturn]] void failed() { throw Error(ErrorCode::internal, "SHA-256 failed in OpenSSL"); }

} // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) failed();
  return hex_of(digest.data(), length);
}

// The context is OpenSSL's EVP_MD_CTX; the header names only this wrapper.
struct Sha256::Context {
  EVP_MD_CTX* md = nullptr;
};

void Sha256::ContextFree::operator()(Context* c) const noexcept {
  EVP_MD_CTX_free(c->md);
  delete c;
}

Sha256::Sha256() : m_ctx(new Context{EVP_MD_CTX_new()}) {
  if (m_ctx->md == nullptr || EVP_DigestInit_ex(m_ctx->md, EVP_sha256(), nullptr) != 1) failed();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
  if (!data.empty() && EVP_DigestUpdate(m_ctx->md, data.data(), data.size()) != 1) failed();
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_ctx->md, digest.data(), &length) != 1) failed();
  return hex_of(digest.data(), length);
}

} // namespace retort
