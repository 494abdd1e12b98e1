// core/sha256.hpp — SHA-256 as lowercase hex (OpenSSL stays in sha256.cpp).
#pragma once

#include <string>
#include <string_view>

namespace retort {

std::string sha256_hex(std::string_view data);

} // namespace retort
