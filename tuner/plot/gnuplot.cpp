#include "tuner/plot/gnuplot.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "core/error.hpp"

namespace tunet::tuner::plot {

namespace fs = std::filesystem;

std::optional<fs::path> find_gnuplot() {
  if (const char* chosen = std::getenv("TUNET_GNUPLOT"); chosen && *chosen) {
    if (std::string(chosen) == "none") return std::nullopt;
    return fs::path(chosen);
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / "gnuplot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

void run_gnuplot(const fs::path& gnuplot, const fs::path& script) {
  const fs::path dir = script.parent_path().empty() ? fs::path(".") : script.parent_path();
  const std::string program = gnuplot.string(), name = script.filename().string(), folder = dir.string();
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw Error(std::string("gnuplot: cannot create a pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(std::string("gnuplot: cannot start a process: ") + std::strerror(errno));
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    if (::chdir(folder.c_str()) != 0) ::_exit(126);
    const char* argv[] = {program.c_str(), name.c_str(), nullptr};
    ::execv(program.c_str(), const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    output.append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  std::string why = WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "could not run " + program
                    : WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status));
  throw Error("gnuplot failed on " + script.string() + " (" + why + "):\n" + output);
}

FigureSet write_figures(std::vector<Figure> figures, const fs::path& dir, bool render) {
  FigureSet set{dir, std::move(figures)};
  std::vector<fs::path> scripts;
  for (const Figure& f : set.figures) scripts.push_back(write_figure(f, dir));
  if (!render || set.figures.empty()) return set;
  std::optional<fs::path> gnuplot = find_gnuplot();
  set.gnuplot_missing = !gnuplot;
  if (!gnuplot) return set;
  for (const fs::path& script : scripts) run_gnuplot(*gnuplot, script);
  set.rendered = true;
  return set;
}

std::string FigureSet::summary() const {
  std::ostringstream s;
  if (figures.empty()) return "No figures to draw (no trial has finished yet).";
  if (rendered) {
    s << "Figures (PNG and SVG, each with its CSV data and gnuplot script) in " << dir.string() << ":";
    for (const Figure& f : figures) s << "\n  " << f.name << ": " << f.title;
    return s.str();
  }
  if (gnuplot_missing) s << "gnuplot was not found (Debian: apt-get install gnuplot-nox), so the figures were not drawn. ";
  s << "The figures' data and gnuplot scripts are in " << dir.string() << "; draw them with:\n  cd " << dir.string()
    << " && for f in *.gp; do gnuplot \"$f\"; done";
  return s.str();
}

}  // namespace tunet::tuner::plot
