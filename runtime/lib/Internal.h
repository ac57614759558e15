//===- Internal.h - shared helpers of the pcc_rt implementation -----------===//
#ifndef PCC_RT_LIB_INTERNAL_H
#define PCC_RT_LIB_INTERNAL_H

#include "pcc_rt/MemRef.h"

#include <cstdint>
#include <memory>

namespace pcc_rt {
namespace detail {

/// Thread count set with pcc_rt_set_num_threads (or the default), >= 1.
int configuredThreads();
/// Number of threads a kernel should use now: configuredThreads(), or 1 when
/// called from inside an active OpenMP parallel region.
int numThreads();

/// Below this many multiply-adds (or element visits for pooling) a kernel
/// does not open an OpenMP parallel region: fork/join would cost more.
constexpr int64_t kMinParallelWork = int64_t(1) << 18;

/// Print "pcc_rt: <fn>: <message>" to stderr and abort().
[[noreturn]] void fatal(const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/// Abort if an output memref has stride 0 on a dimension of size > 1
/// (several logical elements would alias one memory location).
template <typename T, int N>
void checkOutputNoBroadcast(const char *fn, const MemRef<T, N> &m) {
  for (int d = 0; d < N; ++d)
    if (m.sizes[d] > 1 && m.strides[d] == 0)
      fatal(fn, "output operand has stride 0 on dimension %d of size %lld", d,
            static_cast<long long>(m.sizes[d]));
}

template <typename T, int N>
void checkNonNegativeSizes(const char *fn, const char *what,
                           const MemRef<T, N> &m) {
  for (int d = 0; d < N; ++d)
    if (m.sizes[d] < 0)
      fatal(fn, "%s has negative size %lld on dimension %d", what,
            static_cast<long long>(m.sizes[d]), d);
}

/// Uninitialized, growable scratch buffer (never shrinks).
template <typename T>
class Scratch {
public:
  T *get(int64_t n) {
    if (n > cap_) {
      buf_.reset(new T[static_cast<size_t>(n)]);
      cap_ = n;
    }
    return buf_.get();
  }

private:
  std::unique_ptr<T[]> buf_;
  int64_t cap_ = 0;
};

/// Read-only strided matrix view: element (i, j) is p[i*rs + j*cs].
template <typename T>
struct ConstMat {
  const T *p;
  int64_t rows, cols, rs, cs;
};
/// Mutable strided matrix view.
template <typename T>
struct MutMat {
  T *p;
  int64_t rows, cols, rs, cs;
};

template <typename T>
struct GemmScratch {
  Scratch<T> a, b, c;
};

/// C += A * B for arbitrary strides.  A: MxK, B: KxN, C: MxN (the caller has
/// checked the shapes).  Uses Eigen; large products are split over OpenMP
/// threads unless this is called from inside an active parallel region.
template <typename T>
void gemmAccumulate(ConstMat<T> A, ConstMat<T> B, MutMat<T> C,
                    GemmScratch<T> &scratch);

extern template void gemmAccumulate<float>(ConstMat<float>, ConstMat<float>,
                                           MutMat<float>, GemmScratch<float> &);
extern template void gemmAccumulate<double>(ConstMat<double>, ConstMat<double>,
                                            MutMat<double>,
                                            GemmScratch<double> &);

} // namespace detail
} // namespace pcc_rt

#endif // PCC_RT_LIB_INTERNAL_H
