//===- Conv.cpp - conv2d_nchw_fchw kernels --------------------------------===//
//
// im2col + GEMM.  The output is processed in tiles of (image n, a range of
// output rows).  For a tile with P = rows*OW output pixels, the input patches
// are gathered into a dense (C*KH*KW) x P matrix `col` and the tile is
// updated with  out_tile (F x P) += filter (F x C*KH*KW) * col.
// Tiles are sized so that `col` stays within kColBudgetBytes, and split
// further so that there are at least as many tiles as threads.  When the work
// is large enough, tiles are distributed over OpenMP threads (each GEMM then
// runs single-threaded); otherwise tiles run in sequence and Eigen may thread
// each GEMM itself.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "pcc_rt/Kernels.h"

#include <algorithm>

namespace pcc_rt {
namespace detail {
namespace {

/// Target size of one im2col buffer (per thread): about the size of a
/// per-core L2 cache, so that the gathered patches are still cached when the
/// GEMM packs them (measured: ~1.9x faster than whole-image im2col on a
/// 8x64x56x56, 3x3 f32 convolution).
constexpr int64_t kColBudgetBytes = int64_t(1) << 20;

template <typename T>
struct ConvScratch {
  Scratch<T> col, tile;
  GemmScratch<T> gemm;
};

template <typename T>
void conv2d(const char *fn, const MemRef<T, 4> *in, const MemRef<T, 4> *flt,
            const MemRef<T, 4> *out, int64_t sH, int64_t sW, int64_t dH,
            int64_t dW) {
  checkNonNegativeSizes(fn, "input", *in);
  checkNonNegativeSizes(fn, "filter", *flt);
  checkNonNegativeSizes(fn, "output", *out);
  const int64_t N = in->sizes[0], C = in->sizes[1], H = in->sizes[2],
                W = in->sizes[3];
  const int64_t F = flt->sizes[0], KH = flt->sizes[2], KW = flt->sizes[3];
  const int64_t OH = out->sizes[2], OW = out->sizes[3];
  if (out->sizes[0] != N || out->sizes[1] != F || flt->sizes[1] != C)
    fatal(fn,
          "shape mismatch: input %lldx%lldx%lldx%lld, filter "
          "%lldx%lldx%lldx%lld, output %lldx%lldx%lldx%lld",
          (long long)N, (long long)C, (long long)H, (long long)W,
          (long long)F, (long long)flt->sizes[1], (long long)KH,
          (long long)KW, (long long)out->sizes[0], (long long)out->sizes[1],
          (long long)OH, (long long)OW);
  if (sH < 1 || sW < 1 || dH < 1 || dW < 1)
    fatal(fn, "strides and dilations must be >= 1 (got %lld,%lld,%lld,%lld)",
          (long long)sH, (long long)sW, (long long)dH, (long long)dW);
  checkOutputNoBroadcast(fn, *out);
  if (N == 0 || F == 0 || OH == 0 || OW == 0 || C == 0 || KH == 0 || KW == 0)
    return;
  if ((OH - 1) * sH + (KH - 1) * dH >= H || (OW - 1) * sW + (KW - 1) * dW >= W)
    fatal(fn,
          "window exceeds the input: output %lldx%lld, kernel %lldx%lld, "
          "strides %lld,%lld, dilations %lld,%lld, input %lldx%lld",
          (long long)OH, (long long)OW, (long long)KH, (long long)KW,
          (long long)sH, (long long)sW, (long long)dH, (long long)dW,
          (long long)H, (long long)W);

  const int64_t CKK = C * KH * KW;
  const int64_t isN = in->strides[0], isC = in->strides[1],
                isH = in->strides[2], isW = in->strides[3];
  const int64_t osN = out->strides[0], osF = out->strides[1],
                osH = out->strides[2];
  // With OW == 1 the column stride is irrelevant; pretend pixels are laid
  // out along rows so that the output tile looks "flat".
  const int64_t osW = OW == 1 ? osH : out->strides[3];
  const T *inBase = in->data();
  T *outBase = out->data();

  // Filter as an F x (C*KH*KW) matrix: use it in place if (c, kh, kw)
  // collapse to one strided dimension, else pack it once (it is small
  // compared to the convolution work).
  const int64_t fsF = flt->strides[0], fsC = flt->strides[1],
                fsKH = flt->strides[2], fsKW = flt->strides[3];
  ConstMat<T> filterMat;
  Scratch<T> packedFilter;
  if (fsKH == KW * fsKW && fsC == KH * fsKH) {
    filterMat = ConstMat<T>{flt->data(), F, CKK, fsF, fsKW};
  } else {
    T *dst = packedFilter.get(F * CKK);
    for (int64_t f = 0; f < F; ++f)
      for (int64_t c = 0; c < C; ++c)
        for (int64_t kh = 0; kh < KH; ++kh)
          for (int64_t kw = 0; kw < KW; ++kw)
            dst[f * CKK + (c * KH + kh) * KW + kw] =
                flt->data()[f * fsF + c * fsC + kh * fsKH + kw * fsKW];
    filterMat = ConstMat<T>{dst, F, CKK, CKK, 1};
  }

  // 1x1 kernel: the input itself is the im2col matrix when its pixels of a
  // row range are equally spaced in memory.
  const bool pointwise = KH == 1 && KW == 1;
  const int64_t pixStrideIn = OW == 1 ? sH * isH : sW * isW;

  const int nt = numThreads();
  const int64_t work = N * F * OH * OW * CKK;
  const bool parallel = nt > 1 && work >= kMinParallelWork;

  const int64_t colBudget = kColBudgetBytes / int64_t(sizeof(T));
  int64_t rowsPerTile =
      std::max<int64_t>(1, std::min<int64_t>(OH, colBudget / (CKK * OW)));
  if (parallel && N < nt) {
    const int64_t partsPerImage = (nt + N - 1) / N;
    rowsPerTile = std::min(rowsPerTile, (OH + partsPerImage - 1) / partsPerImage);
  }
  const int64_t tilesPerImage = (OH + rowsPerTile - 1) / rowsPerTile;
  const int64_t numTiles = N * tilesPerImage;

  auto runTile = [&](int64_t t, ConvScratch<T> &s) {
    const int64_t n = t / tilesPerImage;
    const int64_t oh0 = (t % tilesPerImage) * rowsPerTile;
    const int64_t rows = std::min(rowsPerTile, OH - oh0);
    const int64_t P = rows * OW;
    const T *inN = inBase + n * isN;

    ConstMat<T> colMat;
    if (pointwise && (rows == 1 || sH * isH == OW * pixStrideIn)) {
      colMat = ConstMat<T>{inN + oh0 * sH * isH, C, P, isC, pixStrideIn};
    } else {
      T *col = s.col.get(CKK * P);
      for (int64_t c = 0; c < C; ++c)
        for (int64_t kh = 0; kh < KH; ++kh)
          for (int64_t kw = 0; kw < KW; ++kw) {
            T *dst = col + ((c * KH + kh) * KW + kw) * P;
            const T *src = inN + c * isC + kh * dH * isH + kw * dW * isW;
            const int64_t step = sW * isW;
            for (int64_t oh = oh0; oh < oh0 + rows; ++oh) {
              const T *srow = src + oh * sH * isH;
              if (step == 1) {
                std::copy(srow, srow + OW, dst);
              } else {
                for (int64_t ow = 0; ow < OW; ++ow)
                  dst[ow] = srow[ow * step];
              }
              dst += OW;
            }
          }
      colMat = ConstMat<T>{col, CKK, P, P, 1};
    }

    T *outTile = outBase + n * osN + oh0 * osH;
    if (rows == 1 || osH == OW * osW) {
      gemmAccumulate(filterMat, colMat, MutMat<T>{outTile, F, P, osF, osW},
                     s.gemm);
      return;
    }
    // Output rows are not equally spaced (e.g. a view into a padded
    // buffer): compute the tile densely, then add it.
    T *tmp = s.tile.get(F * P);
    std::fill(tmp, tmp + F * P, T(0));
    gemmAccumulate(filterMat, colMat, MutMat<T>{tmp, F, P, P, 1}, s.gemm);
    for (int64_t f = 0; f < F; ++f)
      for (int64_t r = 0; r < rows; ++r) {
        T *o = outTile + f * osF + r * osH;
        const T *src = tmp + f * P + r * OW;
        for (int64_t ow = 0; ow < OW; ++ow)
          o[ow * osW] += src[ow];
      }
  };

  if (!parallel || numTiles < 2) {
    ConvScratch<T> s;
    for (int64_t t = 0; t < numTiles; ++t)
      runTile(t, s);
    return;
  }
  const int threads = static_cast<int>(std::min<int64_t>(nt, numTiles));
#pragma omp parallel num_threads(threads)
  {
    ConvScratch<T> s;
#pragma omp for schedule(dynamic, 1)
    for (int64_t t = 0; t < numTiles; ++t)
      runTile(t, s);
  }
}

} // namespace
} // namespace detail
} // namespace pcc_rt

using pcc_rt::MemRef;

extern "C" {

void _mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32(MemRef<float, 4> *in,
                                              MemRef<float, 4> *filter,
                                              MemRef<float, 4> *out,
                                              int64_t sH, int64_t sW,
                                              int64_t dH, int64_t dW) {
  pcc_rt::detail::conv2d("pcc_rt_conv2d_nchw_fchw_f32", in, filter, out, sH,
                         sW, dH, dW);
}
void _mlir_ciface_pcc_rt_conv2d_nchw_fchw_f64(MemRef<double, 4> *in,
                                              MemRef<double, 4> *filter,
                                              MemRef<double, 4> *out,
                                              int64_t sH, int64_t sW,
                                              int64_t dH, int64_t dW) {
  pcc_rt::detail::conv2d("pcc_rt_conv2d_nchw_fchw_f64", in, filter, out, sH,
                         sW, dH, dW);
}

} // extern "C"
