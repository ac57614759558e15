//===- TestUtil.h - helpers for the pcc_rt kernel tests -------------------===//
#ifndef PCC_RT_TEST_TESTUTIL_H
#define PCC_RT_TEST_TESTUTIL_H

#include "pcc_rt/Kernels.h"
#include "pcc_rt/MemRef.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace pcc_rt_test {

using pcc_rt::MemRef;

// Tolerances.  The reference is computed with naive loops in double from the
// same inputs; the kernel result is compared element-wise with
//     |got - ref| <= kRelTol<T> * S,   S = |initial out| + sum_i |term_i|
// (terms = products a*b for GEMM/conv, window elements for sum pooling).
// Rationale: floating-point summation of n terms in any order (Eigen blocks
// and reorders the reduction, may use FMA, and threads may split it) has an
// error of at most gamma_n * S with gamma_n ~ n*u (u = eps/2), and for the
// random mixed-sign data used here the actual error is of order u * S.
// f32: 1e-5 (~84 eps) covers the worst case up to n ~ 168 and the realistic
//      case for every n used here (n <= 9001) with a wide margin, while a
//      wrong, missing or duplicated term (typical size S/n ~ 0.25) is still
//      >= 10x the tolerance for n <= 9000.
// f64: 1e-12 (~4500 eps) likewise; the double reference itself is accurate
//      to ~n*1.1e-16*S, well below it.
// Max pooling involves no rounding and is compared exactly.
template <typename T>
constexpr double kRelTol = sizeof(T) == 4 ? 1e-5 : 1e-12;

/// How a test tensor is laid out in its buffer.
struct Layout {
  std::string name = "rowmajor";
  std::vector<int> order; // storage order, innermost dim first; empty: row-major
  int64_t elemStride = 1; // stride of the innermost stored dimension
  int64_t pad = 0;        // extra elements after each stored dimension
  int64_t offset = 0;     // descriptor offset
  unsigned broadcastMask = 0; // dims with stride 0 (inputs only)
};

inline Layout rowMajor() { return Layout{}; }
inline Layout pitched() { return Layout{"pitched", {}, 1, 5, 7, 0}; }
inline Layout strided() { return Layout{"strided", {}, 2, 3, 1, 0}; }
inline Layout permuted(std::string name, std::vector<int> order,
                       int64_t elemStride = 1, int64_t pad = 2,
                       int64_t offset = 3) {
  return Layout{std::move(name), std::move(order), elemStride, pad, offset, 0};
}
inline Layout broadcast(std::string name, unsigned mask) {
  return Layout{std::move(name), {}, 1, 1, 2, mask};
}

template <int N>
void forEachIndex(const std::array<int64_t, N> &sizes,
                  const std::function<void(const std::array<int64_t, N> &)> &f) {
  for (int d = 0; d < N; ++d)
    if (sizes[d] == 0)
      return;
  std::array<int64_t, N> idx{};
  while (true) {
    f(idx);
    int d = N - 1;
    while (d >= 0 && ++idx[d] == sizes[d]) {
      idx[d] = 0;
      --d;
    }
    if (d < 0)
      return;
  }
}

template <int N>
std::string indexString(const std::array<int64_t, N> &idx) {
  std::ostringstream os;
  os << "[";
  for (int d = 0; d < N; ++d)
    os << (d ? "," : "") << idx[d];
  os << "]";
  return os.str();
}

/// A strided view into a randomly filled buffer.  `aligned` is deliberately
/// one element past the start of the allocation so that no SIMD alignment
/// can be assumed by the kernels.
template <typename T, int N>
struct Tensor {
  std::array<int64_t, N> sizes;
  std::vector<T> buf;
  std::vector<T> before;
  MemRef<T, N> m;

  Tensor(const std::array<int64_t, N> &sizes_, const Layout &l,
         std::mt19937 &rng, double lo = -1.0, double hi = 1.0)
      : sizes(sizes_) {
    std::vector<int> order = l.order;
    if (order.empty())
      for (int d = N - 1; d >= 0; --d)
        order.push_back(d);
    int64_t s = l.elemStride;
    for (int d : order) {
      if (l.broadcastMask & (1u << d)) {
        m.strides[d] = 0;
      } else {
        m.strides[d] = s;
        s = s * std::max<int64_t>(sizes[d], 1) + l.pad;
      }
    }
    int64_t extent = 0;
    bool empty = false;
    for (int d = 0; d < N; ++d) {
      m.sizes[d] = sizes[d];
      empty |= sizes[d] == 0;
      extent += (std::max<int64_t>(sizes[d], 1) - 1) * m.strides[d];
    }
    (void)empty;
    buf.resize(static_cast<size_t>(1 + l.offset + extent + 1 + 3));
    std::uniform_real_distribution<double> dist(lo, hi);
    for (T &v : buf)
      v = static_cast<T>(dist(rng));
    m.allocated = buf.data();
    m.aligned = buf.data() + 1;
    m.offset = l.offset;
    before = buf;
  }

  int64_t bufIndex(const std::array<int64_t, N> &idx) const {
    int64_t lin = 1 + m.offset;
    for (int d = 0; d < N; ++d)
      lin += idx[d] * m.strides[d];
    return lin;
  }
  T &operator[](const std::array<int64_t, N> &idx) {
    return buf[static_cast<size_t>(bufIndex(idx))];
  }
  T operator[](const std::array<int64_t, N> &idx) const {
    return buf[static_cast<size_t>(bufIndex(idx))];
  }
  /// Take the "before" snapshot used by checkUntouchedOutsideView.
  void snapshot() { before = buf; }
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t s : sizes)
      n *= s;
    return n;
  }
  int64_t flat(const std::array<int64_t, N> &idx) const {
    int64_t f = 0;
    for (int d = 0; d < N; ++d)
      f = f * sizes[d] + idx[d];
    return f;
  }
};

/// Expected value and error scale S of one output element.
struct Expected {
  double value = 0;
  double absSum = 0;
};

inline bool sameBits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

/// Compares every element of `out` with `expected` (indexed by out.flat()),
/// reports the first mismatches with their index, and checks that buffer
/// elements outside the view were not modified.
template <typename T, int N>
void checkResult(const Tensor<T, N> &out, const std::vector<Expected> &expected,
                 bool exact = false) {
  int failures = 0;
  forEachIndex<N>(out.sizes, [&](const std::array<int64_t, N> &idx) {
    const Expected &e = expected[static_cast<size_t>(out.flat(idx))];
    const double got = static_cast<double>(out[idx]);
    bool ok;
    double tol = 0;
    if (exact) {
      ok = (std::isnan(got) && std::isnan(e.value)) ||
           sameBits(got, static_cast<double>(static_cast<T>(e.value)));
    } else {
      tol = kRelTol<T> * e.absSum;
      ok = std::fabs(got - e.value) <= tol;
    }
    if (!ok && ++failures <= 10)
      ADD_FAILURE() << "mismatch at out" << indexString<N>(idx)
                    << ": got " << got << ", expected " << e.value
                    << " (|diff| " << std::fabs(got - e.value)
                    << ", tolerance " << tol << ")";
  });
  EXPECT_EQ(failures, 0) << "mismatching elements";

  // Elements of the buffer outside the view must be untouched.
  std::vector<char> inView(out.buf.size(), 0);
  forEachIndex<N>(out.sizes, [&](const std::array<int64_t, N> &idx) {
    inView[static_cast<size_t>(out.bufIndex(idx))] = 1;
  });
  int clobbered = 0;
  for (size_t i = 0; i < out.buf.size(); ++i)
    if (!inView[i] && std::memcmp(&out.buf[i], &out.before[i], sizeof(T)) != 0 &&
        ++clobbered <= 5)
      ADD_FAILURE() << "buffer element " << i << " outside the output view "
                    << "was modified";
  EXPECT_EQ(clobbered, 0);
}

// Overloads dispatching to the f32 / f64 entry points.
inline void matmul(MemRef<float, 2> *a, MemRef<float, 2> *b,
                   MemRef<float, 2> *c) {
  _mlir_ciface_pcc_rt_matmul_f32(a, b, c);
}
inline void matmul(MemRef<double, 2> *a, MemRef<double, 2> *b,
                   MemRef<double, 2> *c) {
  _mlir_ciface_pcc_rt_matmul_f64(a, b, c);
}
inline void batchMatmul(MemRef<float, 3> *a, MemRef<float, 3> *b,
                        MemRef<float, 3> *c) {
  _mlir_ciface_pcc_rt_batch_matmul_f32(a, b, c);
}
inline void batchMatmul(MemRef<double, 3> *a, MemRef<double, 3> *b,
                        MemRef<double, 3> *c) {
  _mlir_ciface_pcc_rt_batch_matmul_f64(a, b, c);
}
inline void conv2d(MemRef<float, 4> *i, MemRef<float, 4> *f,
                   MemRef<float, 4> *o, int64_t sH, int64_t sW, int64_t dH,
                   int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32(i, f, o, sH, sW, dH, dW);
}
inline void conv2d(MemRef<double, 4> *i, MemRef<double, 4> *f,
                   MemRef<double, 4> *o, int64_t sH, int64_t sW, int64_t dH,
                   int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_nchw_fchw_f64(i, f, o, sH, sW, dH, dW);
}
inline void conv2dGradFilter(MemRef<float, 4> *g, MemRef<float, 4> *in,
                      MemRef<float, 4> *r, int64_t sH, int64_t sW, int64_t dH,
                      int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f32(g, in, r, sH, sW, dH,
                                                       dW);
}
inline void conv2dGradFilter(MemRef<double, 4> *g, MemRef<double, 4> *in,
                      MemRef<double, 4> *r, int64_t sH, int64_t sW, int64_t dH,
                      int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_f64(g, in, r, sH, sW, dH,
                                                       dW);
}
inline void conv2dGradInput(MemRef<float, 4> *g, MemRef<float, 4> *flt,
                      MemRef<float, 4> *r, int64_t sH, int64_t sW, int64_t dH,
                      int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f32(g, flt, r, sH, sW, dH,
                                                       dW);
}
inline void conv2dGradInput(MemRef<double, 4> *g, MemRef<double, 4> *flt,
                      MemRef<double, 4> *r, int64_t sH, int64_t sW, int64_t dH,
                      int64_t dW) {
  _mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_f64(g, flt, r, sH, sW, dH,
                                                       dW);
}
inline void maxPool(MemRef<float, 4> *i, MemRef<float, 4> *o, int64_t KH,
                    int64_t KW, int64_t sH, int64_t sW, int64_t dH,
                    int64_t dW) {
  _mlir_ciface_pcc_rt_max_pool2d_nchw_f32(i, o, KH, KW, sH, sW, dH, dW);
}
inline void maxPool(MemRef<double, 4> *i, MemRef<double, 4> *o, int64_t KH,
                    int64_t KW, int64_t sH, int64_t sW, int64_t dH,
                    int64_t dW) {
  _mlir_ciface_pcc_rt_max_pool2d_nchw_f64(i, o, KH, KW, sH, sW, dH, dW);
}
inline void sumPool(MemRef<float, 4> *i, MemRef<float, 4> *o, int64_t KH,
                    int64_t KW, int64_t sH, int64_t sW, int64_t dH,
                    int64_t dW) {
  _mlir_ciface_pcc_rt_sum_pool2d_nchw_f32(i, o, KH, KW, sH, sW, dH, dW);
}
inline void sumPool(MemRef<double, 4> *i, MemRef<double, 4> *o, int64_t KH,
                    int64_t KW, int64_t sH, int64_t sW, int64_t dH,
                    int64_t dW) {
  _mlir_ciface_pcc_rt_sum_pool2d_nchw_f64(i, o, KH, KW, sH, sW, dH, dW);
}

/// Restores the default thread count when a test ends.
struct ThreadGuard {
  ~ThreadGuard() { pcc_rt_set_num_threads(0); }
};

using FloatTypes = ::testing::Types<float, double>;

} // namespace pcc_rt_test

#endif // PCC_RT_TEST_TESTUTIL_H
