#include "retort/temp_cluster.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pgtemp/process.hpp"
#include "retort/error.hpp"

namespace fs = std::filesystem;

namespace retort {
namespace {

std::string percent_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string tail_of(const fs::path& file, std::size_t max = 2000) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max ? s.substr(s.size() - max) : s;
}

/// The single-quoted shell word for `s`.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

/// The major version in `initdb --version` output ("initdb (PostgreSQL) 13.23" → 13), 0 if none.
int major_version_in(const std::string& version_output) {
  const std::string marker = "(PostgreSQL) ";
  auto at = version_output.find(marker);
  if (at == std::string::npos) return 0;
  return std::atoi(version_output.c_str() + at + marker.size());
}

} // namespace

fs::path find_postgres_bin_dir() {
  if (const char* env = std::getenv("RETORT_PG_BINDIR"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  fs::path best;
  int best_version = -1;
  if (fs::is_directory("/usr/lib/postgresql", ec)) {
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
      int v = std::atoi(entry.path().filename().c_str());
      if (v > best_version && fs::exists(entry.path() / "bin" / "initdb")) {
        best_version = v;
        best = entry.path() / "bin";
      }
    }
  }
  if (!best.empty()) return best;
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
      if (!dir.empty() && fs::exists(fs::path(dir) / "initdb") && fs::exists(fs::path(dir) / "pg_ctl")) return dir;
    }
  }
  throw Error(ErrorCode::environment,
              "PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package "
              "(scripts/bootstrap.sh does) or set RETORT_PG_BINDIR");
}

TempCluster::TempCluster(const TempClusterOptions& options)
    : m_bin_dir(options.bin_dir.empty() ? find_postgres_bin_dir() : options.bin_dir) {
  const fs::path parent = options.parent_dir.empty() ? fs::path("/tmp") : options.parent_dir;
  std::string pattern = (parent / "retort-pg-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw Error(ErrorCode::environment,
                fmt::format("cannot create a temporary folder in {}: {}", parent.string(), std::strerror(errno)));
  }
  m_dir = pattern;

  RunAs as;
  if (geteuid() == 0) {
    // PostgreSQL refuses to run as root: run the server as an unprivileged system user.
    for (const char* name : {"postgres", "nobody"}) {
      if (const passwd* pw = getpwnam(name)) {
        as = RunAs{pw->pw_uid, pw->pw_gid, true};
        m_run_as = name;
        break;
      }
    }
    if (!as.active) {
      fs::remove_all(m_dir);
      throw Error(ErrorCode::environment, "running as root, and neither a 'postgres' nor a 'nobody' user exists to run the server");
    }
    if (chown(m_dir.c_str(), as.uid, as.gid) != 0) {
      fs::remove_all(m_dir);
      throw Error(ErrorCode::environment, fmt::format("cannot hand {} to user {}: {}", m_dir.string(), m_run_as, std::strerror(errno)));
    }
  }

  // The watchdog: a shell that waits for our end of a pipe to close (we exited, cleanly or not),
  // then stops the server immediately and removes the folder. The write end is close-on-exec, so
  // programs we start do not keep it open.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    fs::remove_all(m_dir);
    throw Error(ErrorCode::environment, fmt::format("pipe failed: {}", std::strerror(errno)));
  }
  const std::string dir = m_dir.string();
  const std::string script = fmt::format(
      "trap '' INT TERM HUP QUIT; cat >/dev/null; d={}; "
      "if [ -f \"$d/data/postmaster.pid\" ]; then p=$(head -n 1 \"$d/data/postmaster.pid\"); "
      "kill -QUIT \"$p\" 2>/dev/null; i=0; while [ -e /proc/$p ] && [ \"$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null)\" != Z ] && [ $i -lt 200 ]; do "
      "sleep 0.05; i=$((i+1)); done; "
      "kill -KILL \"$p\" 2>/dev/null; fi; rm -rf \"$d\"",
      shell_quote(dir));
  pid_t watchdog = fork();
  if (watchdog == 0) {
    dup2(fds[0], 0);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    setpgid(0, 0);  // out of the terminal's process group: Ctrl-C reaches us, not the watchdog
    execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  if (watchdog < 0) {
    close(fds[1]);
    fs::remove_all(m_dir);
    throw Error(ErrorCode::environment, "fork failed while starting the cluster watchdog");
  }
  m_watchdog = watchdog;
  m_watchdog_pipe = fds[1];
  m_running = true;

  const fs::path data = m_dir / "data";
  const std::string log = (m_dir / "server.log").string();
  {
    std::ofstream touch(log);
  }
  if (as.active && chown(log.c_str(), as.uid, as.gid) != 0) {
    shutdown();
    throw Error(ErrorCode::environment, "cannot prepare the server log");
  }
  // Asked once, before initdb runs: the version decides the options (its answer opens the log).
  int rc = run_process({(m_bin_dir / "initdb").string(), "--version"}, as, log);
  const int major = rc == 0 ? major_version_in(tail_of(log)) : 0;
  std::vector<std::string> initdb = {(m_bin_dir / "initdb").string(), "-D", data.string(), "-U", "postgres", "-A", "trust",
                                     "-E", "UTF8", "--locale=C", "--no-sync"};
  // --no-instructions (only quiets the "you can now start the server" text) is 14+; 13 rejects it.
  if (major >= 14) initdb.push_back("--no-instructions");
  rc = run_process(initdb, as, log);
  if (rc != 0) {
    std::string tail = tail_of(log);
    shutdown();
    throw Error(ErrorCode::environment, fmt::format("initdb failed (exit {}):\n{}", rc, tail));
  }
  {
    std::ofstream hba(data / "pg_hba.conf", std::ios::trunc);
    hba << "# written by retort: the superuser is trusted over the private socket; other roles need a password\n"
           "local all postgres trust\n"
           "local all all scram-sha-256\n";
  }
  std::string server_options = fmt::format("-c listen_addresses='' -c unix_socket_directories='{}' -c fsync={} "
                                           "-c full_page_writes={} -c synchronous_commit={} -c max_connections=200 "
                                           // 13's default is md5, whose hashes scram-sha-256 (pg_hba above) cannot check
                                           "-c password_encryption=scram-sha-256 -c autovacuum={}",
                                           dir, options.fsync ? "on" : "off", options.fsync ? "on" : "off",
                                           options.fsync ? "on" : "off", options.autovacuum ? "on" : "off");
  rc = run_process({(m_bin_dir / "pg_ctl").string(), "-D", data.string(), "-l", log, "-w", "-t", "60", "-o", server_options,
                    "start"},
                   as, log);
  if (rc != 0) {
    std::string tail = tail_of(log);
    shutdown();
    throw Error(ErrorCode::environment, fmt::format("the temporary PostgreSQL server did not start (exit {}):\n{}", rc, tail));
  }
}

TempCluster::~TempCluster() { shutdown(); }

void TempCluster::restart() {
  RunAs as;
  if (!m_run_as.empty()) {
    if (const passwd* pw = getpwnam(m_run_as.c_str())) as = RunAs{pw->pw_uid, pw->pw_gid, true};
  }
  const std::string log = (m_dir / "server.log").string();
  const int rc = run_process({(m_bin_dir / "pg_ctl").string(), "-D", (m_dir / "data").string(), "-l", log, "-w", "-t",
                              "60", "-m", "fast", "restart"},
                             as, log);
  if (rc != 0) {
    throw Error(ErrorCode::environment, fmt::format("the temporary PostgreSQL server did not restart (exit {}):\n{}", rc,
                                                    tail_of(log)));
  }
}

void TempCluster::shutdown() noexcept {
  if (!m_running) return;
  m_running = false;
  close(m_watchdog_pipe);  // the watchdog stops the server and removes the folder
  int status = 0;
  while (waitpid(m_watchdog, &status, 0) < 0 && errno == EINTR) {
  }
}

std::string TempCluster::url(const std::string& database) const {
  return fmt::format("postgresql://postgres@/{}?host={}", percent_encode(database), percent_encode(m_dir.string()));
}

std::string TempCluster::url_as(const std::string& user, const std::string& password, const std::string& database) const {
  return fmt::format("postgresql://{}:{}@/{}?host={}", percent_encode(user), percent_encode(password),
                     percent_encode(database), percent_encode(m_dir.string()));
}

} // namespace retort
