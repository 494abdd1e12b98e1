// A public header that includes fmt: refused (public headers include the standard library and each other).
#pragma once
#include <fmt/format.h>
#include <string>
