//===- Pool.cpp - max / sum pooling kernels (NCHW) ------------------------===//
//
// Plain loops.  Work items are output rows (n, c, oh); each thread keeps a
// row accumulator of OW elements so that the inner loop over ow is a simple
// strided gather (vectorizable for unit strides).
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "pcc_rt/Kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace pcc_rt {
namespace detail {
namespace {

/// arith.maximumf: NaN if either operand is NaN; -0.0 < +0.0. Written as
/// selects, without branches, so that the row loops vectorize: equal
/// operands differ at most in the sign of a zero, and the AND of their bits
/// then clears the sign.
struct MaxOp {
  template <typename T>
  static T apply(T acc, T x) {
    using Bits = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    Bits ba, bx;
    std::memcpy(&ba, &acc, sizeof(T));
    std::memcpy(&bx, &x, sizeof(T));
    const Bits both = ba & bx;
    T equal;
    std::memcpy(&equal, &both, sizeof(T));
    T m = x > acc ? x : acc;
    m = x == acc ? equal : m;
    m = x != x ? x : m;
    return acc != acc ? acc : m;
  }
};

struct SumOp {
  template <typename T>
  static T apply(T acc, T x) {
    return acc + x;
  }
};

template <typename Op, typename T>
void pool2d(const char *fn, const MemRef<T, 4> *in, const MemRef<T, 4> *out,
            int64_t KH, int64_t KW, int64_t sH, int64_t sW, int64_t dH,
            int64_t dW) {
  checkNonNegativeSizes(fn, "input", *in);
  checkNonNegativeSizes(fn, "output", *out);
  const int64_t N = in->sizes[0], C = in->sizes[1], H = in->sizes[2],
                W = in->sizes[3];
  const int64_t OH = out->sizes[2], OW = out->sizes[3];
  if (out->sizes[0] != N || out->sizes[1] != C)
    fatal(fn, "shape mismatch: input %lldx%lldx%lldx%lld, output "
              "%lldx%lldx%lldx%lld",
          (long long)N, (long long)C, (long long)H, (long long)W,
          (long long)out->sizes[0], (long long)out->sizes[1], (long long)OH,
          (long long)OW);
  if (KH < 0 || KW < 0)
    fatal(fn, "negative window size %lldx%lld", (long long)KH, (long long)KW);
  if (sH < 1 || sW < 1 || dH < 1 || dW < 1)
    fatal(fn, "strides and dilations must be >= 1 (got %lld,%lld,%lld,%lld)",
          (long long)sH, (long long)sW, (long long)dH, (long long)dW);
  checkOutputNoBroadcast(fn, *out);
  if (N == 0 || C == 0 || OH == 0 || OW == 0 || KH == 0 || KW == 0)
    return;
  if ((OH - 1) * sH + (KH - 1) * dH >= H || (OW - 1) * sW + (KW - 1) * dW >= W)
    fatal(fn,
          "window exceeds the input: output %lldx%lld, window %lldx%lld, "
          "strides %lld,%lld, dilations %lld,%lld, input %lldx%lld",
          (long long)OH, (long long)OW, (long long)KH, (long long)KW,
          (long long)sH, (long long)sW, (long long)dH, (long long)dW,
          (long long)H, (long long)W);

  const int64_t isN = in->strides[0], isC = in->strides[1],
                isH = in->strides[2], isW = in->strides[3];
  const int64_t osN = out->strides[0], osC = out->strides[1],
                osH = out->strides[2], osW = out->strides[3];
  const T *inBase = in->data();
  T *outBase = out->data();
  const int64_t step = sW * isW;
  const int64_t rowsTotal = N * C * OH;

  auto runRow = [&](int64_t r, T *acc) {
    const int64_t oh = r % OH, nc = r / OH;
    const int64_t c = nc % C, n = nc / C;
    T *o = outBase + n * osN + c * osC + oh * osH;
    for (int64_t ow = 0; ow < OW; ++ow)
      acc[ow] = o[ow * osW];
    const T *inPlane = inBase + n * isN + c * isC;
    for (int64_t kh = 0; kh < KH; ++kh) {
      const T *irow = inPlane + (oh * sH + kh * dH) * isH;
      for (int64_t kw = 0; kw < KW; ++kw) {
        const T *src = irow + kw * dW * isW;
        if (step == 1) {
          for (int64_t ow = 0; ow < OW; ++ow)
            acc[ow] = Op::apply(acc[ow], src[ow]);
        } else {
          for (int64_t ow = 0; ow < OW; ++ow)
            acc[ow] = Op::apply(acc[ow], src[ow * step]);
        }
      }
    }
    for (int64_t ow = 0; ow < OW; ++ow)
      o[ow * osW] = acc[ow];
  };

  const int nt = numThreads();
  const bool parallel =
      nt > 1 && rowsTotal > 1 && rowsTotal * OW * KH * KW >= kMinParallelWork;
  if (!parallel) {
    Scratch<T> acc;
    T *a = acc.get(OW);
    for (int64_t r = 0; r < rowsTotal; ++r)
      runRow(r, a);
    return;
  }
  const int threads = static_cast<int>(std::min<int64_t>(nt, rowsTotal));
#pragma omp parallel num_threads(threads)
  {
    Scratch<T> acc;
    T *a = acc.get(OW);
#pragma omp for schedule(static)
    for (int64_t r = 0; r < rowsTotal; ++r)
      runRow(r, a);
  }
}

} // namespace
} // namespace detail
} // namespace pcc_rt

using pcc_rt::MemRef;
using pcc_rt::detail::MaxOp;
using pcc_rt::detail::pool2d;
using pcc_rt::detail::SumOp;

extern "C" {

void _mlir_ciface_pcc_rt_max_pool2d_nchw_f32(MemRef<float, 4> *in,
                                             MemRef<float, 4> *out, int64_t KH,
                                             int64_t KW, int64_t sH,
                                             int64_t sW, int64_t dH,
                                             int64_t dW) {
  pool2d<MaxOp>("pcc_rt_max_pool2d_nchw_f32", in, out, KH, KW, sH, sW, dH, dW);
}
void _mlir_ciface_pcc_rt_max_pool2d_nchw_f64(MemRef<double, 4> *in,
                                             MemRef<double, 4> *out,
                                             int64_t KH, int64_t KW,
                                             int64_t sH, int64_t sW,
                                             int64_t dH, int64_t dW) {
  pool2d<MaxOp>("pcc_rt_max_pool2d_nchw_f64", in, out, KH, KW, sH, sW, dH, dW);
}
void _mlir_ciface_pcc_rt_sum_pool2d_nchw_f32(MemRef<float, 4> *in,
                                             MemRef<float, 4> *out, int64_t KH,
                                             int64_t KW, int64_t sH,
                                             int64_t sW, int64_t dH,
                                             int64_t dW) {
  pool2d<SumOp>("pcc_rt_sum_pool2d_nchw_f32", in, out, KH, KW, sH, sW, dH, dW);
}
void _mlir_ciface_pcc_rt_sum_pool2d_nchw_f64(MemRef<double, 4> *in,
                                             MemRef<double, 4> *out,
                                             int64_t KH, int64_t KW,
                                             int64_t sH, int64_t sW,
                                             int64_t dH, int64_t dW) {
  pool2d<SumOp>("pcc_rt_sum_pool2d_nchw_f64", in, out, KH, KW, sH, sW, dH, dW);
}

} // extern "C"
