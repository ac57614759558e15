//===- Threading.cpp - thread-count control and error reporting -----------===//
#include "Internal.h"
#include "pcc_rt/Kernels.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace pcc_rt {
namespace detail {

namespace {
// 0 means "not set": use the default.
std::atomic<int> gRequestedThreads{0};

// Default: omp_get_max_threads() at first use (all hardware threads unless
// OMP_NUM_THREADS says otherwise).  Eigen itself runs single-threaded
// (EIGEN_DONT_PARALLELIZE); the kernels split their work themselves.
int defaultThreads() {
  static const int value = [] {
    return std::max(1, omp_get_max_threads());
  }();
  return value;
}
} // namespace

int configuredThreads() {
  int n = gRequestedThreads.load(std::memory_order_relaxed);
  return n > 0 ? n : defaultThreads();
}

int numThreads() {
  // Inside the caller's active parallel region: stay on this thread.
  if (omp_in_parallel())
    return 1;
  return configuredThreads();
}

void fatal(const char *fn, const char *fmt, ...) {
  std::fprintf(stderr, "pcc_rt: %s: ", fn);
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stderr, fmt, ap);
  va_end(ap);
  std::fputc('\n', stderr);
  std::fflush(stderr);
  std::abort();
}

} // namespace detail
} // namespace pcc_rt

extern "C" {

void pcc_rt_set_num_threads(int64_t n) {
  using namespace pcc_rt::detail;
  // Clamp absurd values; OpenMP takes an int.
  int v = n <= 0 ? 0 : static_cast<int>(std::min<int64_t>(n, 1 << 16));
  gRequestedThreads.store(v, std::memory_order_relaxed);
}

int64_t pcc_rt_get_num_threads(void) {
  return pcc_rt::detail::configuredThreads();
}

int pcc_rt_bind_threads_by_default(void) {
  using namespace pcc_rt::detail;
  // The user's own placement (or OMP_PROC_BIND=false) wins.
  for (const char *var : {"OMP_PROC_BIND", "OMP_PLACES", "KMP_AFFINITY",
                          "GOMP_CPU_AFFINITY"})
    if (std::getenv(var))
      return 0;
  // One thread has nothing to keep apart; binding it to the first core
  // would only pile concurrent single-threaded runs onto that core.
  const int requested = gRequestedThreads.load(std::memory_order_relaxed);
  const char *ompThreads = std::getenv("OMP_NUM_THREADS");
  if (requested == 1 ||
      (requested == 0 && ompThreads && std::atoi(ompThreads) == 1))
    return 0;
  // Read by libomp when it initialises, at the first OpenMP call; the
  // places are the cores of the process's affinity mask (taskset, cgroup).
  setenv("OMP_PROC_BIND", "spread", 0);
  setenv("OMP_PLACES", "cores", 0);
  return 1;
}

void _mlir_ciface_pcc_rt_set_num_threads(int64_t n) {
  pcc_rt_set_num_threads(n);
}
int64_t _mlir_ciface_pcc_rt_get_num_threads(void) {
  return pcc_rt_get_num_threads();
}

} // extern "C"
