//===- Conv.cpp - conv2d_nchw_fchw and its gradients ----------------------===//
//
// im2col + GEMM.  The forward convolution:  The output is processed in tiles of (image n, a range of
// output rows).  For a tile with P = rows*OW output pixels, the input patches
// are gathered into a dense (C*KH*KW) x P matrix `col` and the tile is
// updated with  out_tile (F x P) += filter (F x C*KH*KW) * col.
// Tiles are sized so that `col` stays within kColBudgetBytes, and split
// further so that there are at least as many tiles as threads.  When the work
// is large enough, tiles are distributed over OpenMP threads (each GEMM then
// runs single-threaded); otherwise tiles run in sequence and each GEMM is
// split over the threads (gemmAccumulate).
//
// The filter gradient gathers the same tiles and accumulates
// dw (F x C*KH*KW) += grad_tile (F x P) * colᵀ; the input gradient computes
// col = wᵀ * grad_tile and adds each column back to the input positions it
// was gathered from (col2im), so neither needs transposed or zero-spread
// copies of its operands.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "pcc_rt/Kernels.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <omp.h>

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

/// The geometry shared by a convolution and its two gradients: the input
/// (or input gradient) [N, C, H, W], the filter [F, C, KH, KW] and the
/// output (or output gradient) [N, F, OH, OW].
struct ConvGeom {
  int64_t N, C, H, W, F, KH, KW, OH, OW, sH, sW, dH, dW;
  int64_t CKK() const { return C * KH * KW; }
};

/// Checks the operands of `fn` (aborting with a message on a mismatch) and
/// returns their geometry. `img` is the input side, `flt` the filter and
/// `res` the output side, whichever of them the kernel writes.
template <typename T>
ConvGeom convGeometry(const char *fn, const MemRef<T, 4> &img,
                      const MemRef<T, 4> &flt, const MemRef<T, 4> &res,
                      int64_t sH, int64_t sW, int64_t dH, int64_t dW) {
  checkNonNegativeSizes(fn, "input", img);
  checkNonNegativeSizes(fn, "filter", flt);
  checkNonNegativeSizes(fn, "output", res);
  ConvGeom g{img.sizes[0], img.sizes[1], img.sizes[2], img.sizes[3],
             flt.sizes[0], flt.sizes[2], flt.sizes[3], res.sizes[2],
             res.sizes[3], sH, sW, dH, dW};
  if (res.sizes[0] != g.N || res.sizes[1] != g.F || flt.sizes[1] != g.C)
    fatal(fn,
          "shape mismatch: input %lldx%lldx%lldx%lld, filter "
          "%lldx%lldx%lldx%lld, output %lldx%lldx%lldx%lld",
          (long long)g.N, (long long)g.C, (long long)g.H, (long long)g.W,
          (long long)g.F, (long long)flt.sizes[1], (long long)g.KH,
          (long long)g.KW, (long long)res.sizes[0], (long long)res.sizes[1],
          (long long)g.OH, (long long)g.OW);
  if (sH < 1 || sW < 1 || dH < 1 || dW < 1)
    fatal(fn, "strides and dilations must be >= 1 (got %lld,%lld,%lld,%lld)",
          (long long)sH, (long long)sW, (long long)dH, (long long)dW);
  if (g.N != 0 && g.F != 0 && g.OH != 0 && g.OW != 0 && g.C != 0 &&
      g.KH != 0 && g.KW != 0 &&
      ((g.OH - 1) * sH + (g.KH - 1) * dH >= g.H ||
       (g.OW - 1) * sW + (g.KW - 1) * dW >= g.W))
    fatal(fn,
          "window exceeds the input: output %lldx%lld, kernel %lldx%lld, "
          "strides %lld,%lld, dilations %lld,%lld, input %lldx%lld",
          (long long)g.OH, (long long)g.OW, (long long)g.KH, (long long)g.KW,
          (long long)sH, (long long)sW, (long long)dH, (long long)dW,
          (long long)g.H, (long long)g.W);
  return g;
}

bool isEmpty(const ConvGeom &g) {
  return g.N == 0 || g.F == 0 || g.OH == 0 || g.OW == 0 || g.C == 0 ||
         g.KH == 0 || g.KW == 0;
}

/// The filter as an F x (C*KH*KW) matrix: the memref itself if (c, kh, kw)
/// collapse to one strided dimension, else a dense copy in `packed`.
template <typename T>
ConstMat<T> filterMatrix(const ConvGeom &g, const MemRef<T, 4> &flt,
                         Scratch<T> &packed) {
  const int64_t CKK = g.CKK();
  const int64_t fsF = flt.strides[0], fsC = flt.strides[1],
                fsKH = flt.strides[2], fsKW = flt.strides[3];
  if (fsKH == g.KW * fsKW && fsC == g.KH * fsKH)
    return ConstMat<T>{flt.data(), g.F, CKK, fsF, fsKW};
  T *dst = packed.get(g.F * CKK);
  for (int64_t f = 0; f < g.F; ++f)
    for (int64_t c = 0; c < g.C; ++c)
      for (int64_t kh = 0; kh < g.KH; ++kh)
        for (int64_t kw = 0; kw < g.KW; ++kw)
          dst[f * CKK + (c * g.KH + kh) * g.KW + kw] =
              flt.data()[f * fsF + c * fsC + kh * fsKH + kw * fsKW];
  return ConstMat<T>{dst, g.F, CKK, CKK, 1};
}

/// Output rows per tile: the im2col matrix of a tile (C*KH*KW x rows*OW)
/// stays within kColBudgetBytes; with `splitFor` > N parallel work items
/// wanted, images are split into at least that many tiles in all.
template <typename T>
int64_t rowsPerTile(const ConvGeom &g, int64_t splitFor) {
  const int64_t colBudget = kColBudgetBytes / int64_t(sizeof(T));
  int64_t rows =
      std::max<int64_t>(1, std::min<int64_t>(g.OH, colBudget / (g.CKK() * g.OW)));
  if (splitFor > g.N) {
    const int64_t partsPerImage = (splitFor + g.N - 1) / g.N;
    rows = std::min(rows, (g.OH + partsPerImage - 1) / partsPerImage);
  }
  return rows;
}

/// The strided input positions that output rows [oh0, oh0 + rows) of one
/// image read, as the rows of `col` ((c, kh, kw) x (oh, ow), row-major):
/// col[(c·KH + kh)·KW + kw][(oh - oh0)·OW + ow] =
///     in[c, oh·sH + kh·dH, ow·sW + kw·dW].
template <typename T>
__attribute__((optimize("no-tree-loop-distribute-patterns"))) void
gatherColumns(const ConvGeom &g, const T *inN, const int64_t *strides,
                   int64_t oh0, int64_t rows, T *col) {
  const int64_t isC = strides[1], isH = strides[2], isW = strides[3];
  const int64_t step = g.sW * isW;
  for (int64_t c = 0; c < g.C; ++c)
    for (int64_t kh = 0; kh < g.KH; ++kh)
      for (int64_t kw = 0; kw < g.KW; ++kw) {
        const T *src = inN + c * isC + kh * g.dH * isH + kw * g.dW * isW;
        for (int64_t oh = oh0; oh < oh0 + rows; ++oh) {
          const T *srow = src + oh * g.sH * isH;
          if (step == 1) {
            // An inline (vectorized) loop, not a memcpy call per row: rows
            // are short (LeNet: 24 and 8 floats).
            for (int64_t ow = 0; ow < g.OW; ++ow)
              col[ow] = srow[ow];
          } else {
            for (int64_t ow = 0; ow < g.OW; ++ow)
              col[ow] = srow[ow * step];
          }
          col += g.OW;
        }
      }
}

/// The inverse of gatherColumns for channels [c0, c1): adds each row of
/// `col` ((c - c0, kh, kw) x (oh, ow)) into the input positions it was
/// read from (col2im).
template <typename T>
void scatterColumns(const ConvGeom &g, T *dxN, const int64_t *strides,
                    int64_t c0, int64_t c1, int64_t oh0, int64_t rows,
                    const T *col) {
  const int64_t isC = strides[1], isH = strides[2], isW = strides[3];
  const int64_t step = g.sW * isW;
  for (int64_t c = c0; c < c1; ++c)
    for (int64_t kh = 0; kh < g.KH; ++kh)
      for (int64_t kw = 0; kw < g.KW; ++kw) {
        T *dst = dxN + c * isC + kh * g.dH * isH + kw * g.dW * isW;
        for (int64_t oh = oh0; oh < oh0 + rows; ++oh) {
          T *drow = dst + oh * g.sH * isH;
          if (step == 1) {
            for (int64_t ow = 0; ow < g.OW; ++ow)
              drow[ow] += col[ow];
          } else {
            for (int64_t ow = 0; ow < g.OW; ++ow)
              drow[ow * step] += col[ow];
          }
          col += g.OW;
        }
      }
}

/// Output rows [oh0, oh0 + rows) of image n of an [N, F, OH, OW] memref as
/// an F x (rows·OW) matrix, or nullopt when its rows are not equally spaced.
template <typename T>
std::optional<ConstMat<T>> pixelMatrix(const ConvGeom &g,
                                       const MemRef<T, 4> &m, int64_t n,
                                       int64_t oh0, int64_t rows) {
  const int64_t sH = m.strides[2];
  const int64_t sW = g.OW == 1 ? sH : m.strides[3];
  if (rows != 1 && sH != g.OW * sW)
    return std::nullopt;
  return ConstMat<T>{m.data() + n * m.strides[0] + oh0 * sH, g.F,
                     rows * g.OW, m.strides[1], sW};
}

/// Runs `tile(item, scratch)` for items [0, count): in parallel (one
/// scratch per thread, static schedule so that the assignment is the same
/// in every run) when `parallel`, else in order.
template <typename T, typename Fn>
void forEachTile(int64_t count, bool parallel, Fn &&tile) {
  if (!parallel || count < 2) {
    ConvScratch<T> s;
    for (int64_t t = 0; t < count; ++t)
      tile(t, s);
    return;
  }
  const int threads = static_cast<int>(std::min<int64_t>(numThreads(), count));
#pragma omp parallel num_threads(threads)
  {
    ConvScratch<T> s;
#pragma omp for schedule(static)
    for (int64_t t = 0; t < count; ++t)
      tile(t, s);
  }
}

template <typename T>
void conv2d(const char *fn, const MemRef<T, 4> *in, const MemRef<T, 4> *flt,
            const MemRef<T, 4> *out, int64_t sH, int64_t sW, int64_t dH,
            int64_t dW) {
  const ConvGeom g = convGeometry(fn, *in, *flt, *out, sH, sW, dH, dW);
  checkOutputNoBroadcast(fn, *out);
  if (isEmpty(g))
    return;
  const int64_t CKK = g.CKK(), OW = g.OW;
  const int64_t isN = in->strides[0], isC = in->strides[1],
                isH = in->strides[2], isW = in->strides[3];
  const int64_t osN = out->strides[0], osF = out->strides[1],
                osH = out->strides[2];
  // With OW == 1 the column stride is irrelevant; pretend pixels are laid
  // out along rows so that the output tile looks "flat".
  const int64_t osW = OW == 1 ? osH : out->strides[3];
  T *outBase = out->data();
  Scratch<T> packedFilter;
  const ConstMat<T> filterMat = filterMatrix(g, *flt, packedFilter);

  // 1x1 kernel: the input itself is the im2col matrix when its pixels of a
  // row range are equally spaced in memory.
  const bool pointwise = g.KH == 1 && g.KW == 1;
  const int64_t pixStrideIn = OW == 1 ? sH * isH : sW * isW;

  const int nt = numThreads();
  const bool parallel =
      nt > 1 && g.N * g.F * g.OH * OW * CKK >= kMinParallelWork;
  const int64_t rows0 = rowsPerTile<T>(g, parallel ? nt : 0);
  const int64_t tilesPerImage = (g.OH + rows0 - 1) / rows0;

  forEachTile<T>(g.N * tilesPerImage, parallel, [&](int64_t t,
                                                    ConvScratch<T> &s) {
    const int64_t n = t / tilesPerImage;
    const int64_t oh0 = (t % tilesPerImage) * rows0;
    const int64_t rows = std::min(rows0, g.OH - oh0);
    const int64_t P = rows * OW;
    const T *inN = in->data() + n * isN;

    ConstMat<T> colMat;
    if (pointwise && (rows == 1 || sH * isH == OW * pixStrideIn)) {
      colMat = ConstMat<T>{inN + oh0 * sH * isH, g.C, P, isC, pixStrideIn};
    } else {
      T *col = s.col.get(CKK * P);
      gatherColumns(g, inN, in->strides, oh0, rows, col);
      colMat = ConstMat<T>{col, CKK, P, P, 1};
    }

    T *outTile = outBase + n * osN + oh0 * osH;
    if (rows == 1 || osH == OW * osW) {
      gemmAccumulate(filterMat, colMat, MutMat<T>{outTile, g.F, P, osF, osW},
                     s.gemm);
      return;
    }
    // Output rows are not equally spaced (e.g. a view into a padded
    // buffer): compute the tile densely, then add it.
    T *tmp = s.tile.get(g.F * P);
    std::fill(tmp, tmp + g.F * P, T(0));
    gemmAccumulate(filterMat, colMat, MutMat<T>{tmp, g.F, P, P, 1}, s.gemm);
    for (int64_t f = 0; f < g.F; ++f)
      for (int64_t r = 0; r < rows; ++r) {
        T *o = outTile + f * osF + r * osH;
        const T *src = tmp + f * P + r * OW;
        for (int64_t ow = 0; ow < OW; ++ow)
          o[ow * osW] += src[ow];
      }
  });
}

/// The rows [oh0, oh0 + rows) of image n of `m` as a dense matrix: a view
/// when possible, else a copy into `buf`.
template <typename T>
ConstMat<T> pixelMatrixOrCopy(const ConvGeom &g, const MemRef<T, 4> &m,
                              int64_t n, int64_t oh0, int64_t rows,
                              Scratch<T> &buf) {
  if (auto v = pixelMatrix(g, m, n, oh0, rows))
    return *v;
  const int64_t P = rows * g.OW;
  T *dst = buf.get(g.F * P);
  const T *base = m.data() + n * m.strides[0];
  for (int64_t f = 0; f < g.F; ++f)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t ow = 0; ow < g.OW; ++ow)
        dst[f * P + r * g.OW + ow] =
            base[f * m.strides[1] + (oh0 + r) * m.strides[2] +
                 ow * m.strides[3]];
  return ConstMat<T>{dst, g.F, P, P, 1};
}

/// dw[f, c, kh, kw] += Σ_{n, oh, ow} grad[n, f, oh, ow] ·
///                      in[n, c, oh·sH + kh·dH, ow·sW + kw·dW]:
/// per tile, dw (F x CKK) += grad tile (F x P) · colᵀ (P x CKK). Threads
/// accumulate into their own dw and add them up in thread order.
template <typename T>
void conv2dGradFilter(const char *fn, const MemRef<T, 4> *grad,
                      const MemRef<T, 4> *in, const MemRef<T, 4> *dw,
                      int64_t sH, int64_t sW, int64_t dH, int64_t dW) {
  const ConvGeom g = convGeometry(fn, *in, *dw, *grad, sH, sW, dH, dW);
  checkOutputNoBroadcast(fn, *dw);
  if (isEmpty(g))
    return;
  const int64_t CKK = g.CKK();
  const int nt = numThreads();
  const bool parallel =
      nt > 1 && g.N * g.F * g.OH * g.OW * CKK >= kMinParallelWork;
  const int64_t rows0 = rowsPerTile<T>(g, parallel ? nt : 0);
  const int64_t tilesPerImage = (g.OH + rows0 - 1) / rows0;
  const int64_t numTiles = g.N * tilesPerImage;
  const int threads =
      parallel ? static_cast<int>(std::min<int64_t>(nt, numTiles)) : 1;

  // dw as an F x CKK matrix if (c, kh, kw) collapse, else dense sums that
  // are added at the end; one dense sum per thread when threaded.
  const int64_t fsF = dw->strides[0], fsC = dw->strides[1],
                fsKH = dw->strides[2], fsKW = dw->strides[3];
  const bool direct = threads == 1 && fsKH == g.KW * fsKW &&
                      fsC == g.KH * fsKH;
  std::vector<std::vector<T>> partial(direct ? 0 : threads,
                                      std::vector<T>(g.F * CKK, T(0)));
  auto sumFor = [&](int thread) {
    return direct ? MutMat<T>{dw->data(), g.F, CKK, fsF, fsKW}
                  : MutMat<T>{partial[thread].data(), g.F, CKK, CKK, 1};
  };
  auto runTile = [&](int64_t t, ConvScratch<T> &s, MutMat<T> sum) {
    const int64_t n = t / tilesPerImage;
    const int64_t oh0 = (t % tilesPerImage) * rows0;
    const int64_t rows = std::min(rows0, g.OH - oh0);
    const int64_t P = rows * g.OW;
    T *col = s.col.get(CKK * P);
    gatherColumns(g, in->data() + n * in->strides[0], in->strides, oh0, rows,
                  col);
    ConstMat<T> gradTile = pixelMatrixOrCopy(g, *grad, n, oh0, rows, s.tile);
    gemmAccumulate(gradTile, ConstMat<T>{col, P, CKK, 1, P}, sum, s.gemm);
  };
  if (threads == 1) {
    ConvScratch<T> s;
    for (int64_t t = 0; t < numTiles; ++t)
      runTile(t, s, sumFor(0));
  } else {
#pragma omp parallel num_threads(threads)
    {
      ConvScratch<T> s;
      const int me = omp_get_thread_num();
#pragma omp for schedule(static)
      for (int64_t t = 0; t < numTiles; ++t)
        runTile(t, s, sumFor(me));
    }
  }
  if (direct)
    return;
  T *out = dw->data();
  for (int64_t f = 0; f < g.F; ++f)
    for (int64_t c = 0; c < g.C; ++c)
      for (int64_t kh = 0; kh < g.KH; ++kh)
        for (int64_t kw = 0; kw < g.KW; ++kw) {
          const int64_t k = (c * g.KH + kh) * g.KW + kw;
          T v = T(0);
          for (int th = 0; th < threads; ++th)
            v += partial[th][f * CKK + k];
          out[f * fsF + c * fsC + kh * fsKH + kw * fsKW] += v;
        }
}

/// dx[n, c, oh·sH + kh·dH, ow·sW + kw·dW] += Σ_f grad[n, f, oh, ow] ·
///                                           w[f, c, kh, kw]:
/// per tile, col (CKK x P) = wᵀ (CKK x F) · grad tile (F x P), then col2im.
/// Work items are (image, channel block): their writes never overlap.
template <typename T>
void conv2dGradInput(const char *fn, const MemRef<T, 4> *grad,
                     const MemRef<T, 4> *flt, const MemRef<T, 4> *dx,
                     int64_t sH, int64_t sW, int64_t dH, int64_t dW) {
  const ConvGeom g = convGeometry(fn, *dx, *flt, *grad, sH, sW, dH, dW);
  checkOutputNoBroadcast(fn, *dx);
  if (isEmpty(g))
    return;
  const int64_t KK = g.KH * g.KW;
  Scratch<T> packedFilter;
  const ConstMat<T> w = filterMatrix(g, *flt, packedFilter);
  const int nt = numThreads();
  const bool parallel =
      nt > 1 && g.N * g.F * g.OH * g.OW * g.CKK() >= kMinParallelWork;
  // Fewer images than threads: split the channels instead of the rows
  // (rows of one image scatter into overlapping input rows).
  const int64_t blocks =
      parallel && g.N < nt ? std::min<int64_t>(g.C, (nt + g.N - 1) / g.N) : 1;
  const int64_t perBlock = (g.C + blocks - 1) / blocks;
  const int64_t rows0 = rowsPerTile<T>(g, 0);
  forEachTile<T>(g.N * blocks, parallel, [&](int64_t item, ConvScratch<T> &s) {
    const int64_t n = item / blocks;
    const int64_t c0 = (item % blocks) * perBlock;
    const int64_t c1 = std::min(g.C, c0 + perBlock);
    if (c0 >= c1)
      return;
    const int64_t rowsK = (c1 - c0) * KK;
    // The filter columns of channels [c0, c1), transposed: rowsK x F.
    const ConstMat<T> wT{w.p + c0 * KK * w.cs, rowsK, g.F, w.cs, w.rs};
    T *dxN = dx->data() + n * dx->strides[0];
    for (int64_t oh0 = 0; oh0 < g.OH; oh0 += rows0) {
      const int64_t rows = std::min(rows0, g.OH - oh0);
      const int64_t P = rows * g.OW;
      ConstMat<T> gradTile = pixelMatrixOrCopy(g, *grad, n, oh0, rows, s.tile);
      T *col = s.col.get(rowsK * P);
      std::fill(col, col + rowsK * P, T(0));
      gemmAccumulate(wT, gradTile, MutMat<T>{col, rowsK, P, P, 1}, s.gemm);
      scatterColumns(g, dxN, dx->strides, c0, c1, oh0, rows, col);
    }
  });
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

#define PCC_RT_CONV_GRAD(KIND, FN, T, SUFFIX)                                  \
  void _mlir_ciface_pcc_rt_conv2d_grad_##KIND##_nchw_fchw_##SUFFIX(            \
      MemRef<T, 4> *grad, MemRef<T, 4> *other, MemRef<T, 4> *result,           \
      int64_t sH, int64_t sW, int64_t dH, int64_t dW) {                        \
    pcc_rt::detail::FN("pcc_rt_conv2d_grad_" #KIND "_nchw_fchw_" #SUFFIX,      \
                       grad, other, result, sH, sW, dH, dW);                   \
  }
PCC_RT_CONV_GRAD(filter, conv2dGradFilter, float, f32)
PCC_RT_CONV_GRAD(filter, conv2dGradFilter, double, f64)
PCC_RT_CONV_GRAD(input, conv2dGradInput, float, f32)
PCC_RT_CONV_GRAD(input, conv2dGradInput, double, f64)
#undef PCC_RT_CONV_GRAD

} // extern "C"
