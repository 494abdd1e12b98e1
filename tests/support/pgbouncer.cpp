#include "support/pgbouncer.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "support/postgres.hpp"

namespace retort::test {

PgBouncer::PgBouncer() {
  char pattern[] = "/tmp/retort-pgb-XXXXXX";
  m_dir = mkdtemp(pattern);
  const passwd* pw = geteuid() == 0 ? getpwnam("postgres") : nullptr;
  if (pw != nullptr && chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("chown failed");
  {
    std::ofstream ini(m_dir / "pgbouncer.ini");
    ini << "[databases]\n* = host=" << cluster().socket_dir().string() << " port=5432 user=postgres\n"
        << "[pgbouncer]\nlisten_addr =\nunix_socket_dir = " << m_dir.string() << "\nlisten_port = 6432\n"
        << "auth_type = any\npool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 4\n"
        << "ignore_startup_parameters = extra_float_digits\n"
        << "logfile = " << (m_dir / "pgbouncer.log").string() << "\n";
  }
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    if (pw != nullptr && (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)) _exit(126);
    execl("/usr/sbin/pgbouncer", "pgbouncer", (m_dir / "pgbouncer.ini").c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  m_pid = pid;
  for (int i = 0; i < 200; ++i) {
    if (std::filesystem::exists(m_dir / ".s.PGSQL.6432")) return;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("pgbouncer did not start; see " + (m_dir / "pgbouncer.log").string());
}

PgBouncer::~PgBouncer() {
  if (m_pid > 0) {
    kill(m_pid, SIGTERM);
    int status = 0;
    waitpid(m_pid, &status, 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(m_dir, ec);
}

std::string PgBouncer::url(const std::string& database) const {
  return fmt::format("postgresql://postgres@/{}?host={}&port=6432", database, m_dir.string());
}

} // namespace retort::test
