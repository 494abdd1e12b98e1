#include "edit.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "retort/error.hpp"

namespace retort::cli {

void open_in_editor(const std::string& file) {
  const char* editor = std::getenv("EDITOR");
  if (editor == nullptr || *editor == '\0') editor = std::getenv("VISUAL");
  if (editor == nullptr || *editor == '\0') {
    throw Error(ErrorCode::environment, fmt::format("set EDITOR to open {} (for example EDITOR=vi)", file));
  }
  const std::string command = std::string(editor) + " \"$1\"";
  pid_t pid = fork();
  if (pid < 0) throw Error(ErrorCode::environment, "cannot start the editor: fork failed");
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), "sh", file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
    throw Error(ErrorCode::environment, fmt::format("cannot run the editor '{}' (EDITOR)", editor));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw Error(ErrorCode::refused, fmt::format("the editor '{}' failed (exit status {}) on {}", editor,
                                                WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), file));
  }
}

} // namespace retort::cli
