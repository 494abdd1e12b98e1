// support/pty.hpp — running the real retort binary on a pseudo-terminal, as a person at a
// terminal would: what it draws there, and Ctrl-C typed into it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace retort::test {

class PtyRetort {
public:
  /// Starts `retort ARGS…` in `cwd` on a new pseudo-terminal (80 columns), with TERM=xterm, the
  /// environment minus DATABASE_URL and NO_COLOR, plus `env`.
  PtyRetort(const std::vector<std::string>& args, const std::filesystem::path& cwd,
            const std::map<std::string, std::string>& env = {});
  PtyRetort(const PtyRetort&) = delete;
  PtyRetort& operator=(const PtyRetort&) = delete;
  ~PtyRetort();
  /// Types `keys` into the terminal ("\x03" is Ctrl-C: the terminal sends SIGINT).
  void type(std::string_view keys);
  /// Reads what it draws until `needle` appears or `limit` passes; whether it appeared.
  bool wait_for(std::string_view needle, std::chrono::milliseconds limit);
  /// Reads until it exits (at most `limit`, then kills it); its exit code (128+N for signal N).
  int wait(std::chrono::milliseconds limit = std::chrono::seconds(60));
  /// Everything it drew so far, escape sequences included.
  [[nodiscard]] const std::string& screen() const noexcept { return m_out; }

private:
  /// Reads what is there within `ms`; false at end of output.
  bool pump(int ms);
  int m_master = -1;
  int m_pid = -1;
  int m_status = -1;
  std::string m_out;
};

} // namespace retort::test
