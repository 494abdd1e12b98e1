// driver/sqlite/sqlite_lock_file.cpp — the migration lock of a SQLite database: an exclusive flock()
// on a file beside it.
#include "driver/sqlite/sqlite_lock_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/poll.hpp"
#include "retort/error.hpp"

namespace retort {

SqliteLockFile::SqliteLockFile(SqliteConnection& session, std::string path) : m_session(session), m_path(std::move(path)) {}

SqliteLockFile::~SqliteLockFile() { unlock({}); }

void SqliteLockFile::lock(const LockRequest& request) {
  // Other connections' writes wait on SQLite's own lock up to the timeout; other retort runs are
  // kept out for the whole run by an exclusive flock() on "<database>.retort-lock", which the
  // kernel releases when the process dies, however it dies.
  m_session.wait_for_locks(request.timeout);
  if (m_path.empty() || m_path == ":memory:") return;
  const std::string lock_path = m_path + ".retort-lock";
  m_lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (m_lock_fd < 0) {
    throw Error(ErrorCode::io, fmt::format("cannot open the lock file {}: {}", lock_path, std::strerror(errno)));
  }
  auto holder = [&] {
    char pid[64] = {};
    ssize_t n = pread(m_lock_fd, pid, sizeof pid - 1, 0);
    return n > 0 ? fmt::format("pid {}", std::string(pid, static_cast<std::size_t>(n))) : std::string();
  };
  auto outcome = poll_until(
      std::chrono::steady_clock::now() + request.timeout, std::chrono::milliseconds(10), std::chrono::milliseconds(200),
      [this] { return flock(m_lock_fd, LOCK_EX | LOCK_NB) == 0; }, request.stop,
      [&] {
        if (request.on_wait) request.on_wait(LockWait{lock_path, holder(), request.timeout});
      });
  if (outcome != PollResult::acquired) {
    std::string who = holder();
    close(m_lock_fd);
    m_lock_fd = -1;
    if (outcome == PollResult::stopped) {
      throw Error(ErrorCode::cancelled, fmt::format("cancelled while waiting for the migration lock {}; nothing was run", lock_path));
    }
    throw Error(ErrorCode::lock_timeout,
                fmt::format("another migration run holds {} ({}); gave up after {} ms", lock_path,
                            who.empty() ? std::string("pid unknown") : who, request.timeout.count()));
  }
  std::string pid = std::to_string(getpid());
  if (ftruncate(m_lock_fd, 0) == 0) (void)!pwrite(m_lock_fd, pid.data(), pid.size(), 0);
}

void SqliteLockFile::unlock(const LockRequest&) noexcept {
  if (m_lock_fd >= 0) {
    flock(m_lock_fd, LOCK_UN);
    close(m_lock_fd);
    m_lock_fd = -1;
  }
}

} // namespace retort
