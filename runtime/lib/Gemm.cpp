//===- Gemm.cpp - matmul and batch_matmul kernels -------------------------===//
//
// The heavy lifting is done by Eigen's GEMM, single-threaded; large products
// are split over OpenMP threads by output blocks (gemmRowMajorCThreaded).  Every
// operand is mapped without copying when one of its strides is 1 (row-major
// or column-major Eigen::Map with a runtime outer stride); operands with two
// non-unit strides are packed into a contiguous scratch buffer first.  The
// result is always written through a row-major map: a column-major C is
// handled by computing C^T += B^T A^T instead, and a C with two non-unit
// strides is computed into a scratch buffer and then added.
//
//===----------------------------------------------------------------------===//
#include "Internal.h"
#include "pcc_rt/Kernels.h"

#include <Eigen/Core>

#include <algorithm>

namespace pcc_rt {
namespace detail {

namespace {

template <typename V>
V transposed(V v) {
  return V{v.p, v.cols, v.rows, v.cs, v.rs};
}

/// A stride on a dimension of extent 1 is irrelevant; make it 1 so that the
/// layout selection below sees a unit stride when possible.
template <typename V>
V normalized(V v) {
  if (v.cols == 1)
    v.cs = 1;
  else if (v.rows == 1)
    v.rs = 1;
  return v;
}

/// Returns a view of `v` with a unit stride, packing into `buf` if needed.
template <typename T>
ConstMat<T> withUnitStride(ConstMat<T> v, Scratch<T> &buf) {
  v = normalized(v);
  if (v.cs == 1 || v.rs == 1)
    return v;
  T *dst = buf.get(v.rows * v.cols);
  for (int64_t i = 0; i < v.rows; ++i)
    for (int64_t j = 0; j < v.cols; ++j)
      dst[i * v.cols + j] = v.p[i * v.rs + j * v.cs];
  return ConstMat<T>{dst, v.rows, v.cols, v.cols, 1};
}

template <typename T, int Order>
using ConstMap =
    Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Order>,
               Eigen::Unaligned, Eigen::OuterStride<>>;
template <typename T>
using RowMajorMap = Eigen::Map<
    Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>,
    Eigen::Unaligned, Eigen::OuterStride<>>;

template <typename T, int Order>
ConstMap<T, Order> mapConst(const ConstMat<T> &v) {
  // Row-major: outer stride is the row stride; column-major: column stride.
  return ConstMap<T, Order>(
      v.p, v.rows, v.cols,
      Eigen::OuterStride<>(Order == Eigen::RowMajor ? v.rs : v.cs));
}

/// C += A * B where C has unit column stride and A, B each have a unit
/// stride (in either dimension).
template <typename T>
void gemmRowMajorC(ConstMat<T> A, ConstMat<T> B, MutMat<T> C) {
  RowMajorMap<T> c(C.p, C.rows, C.cols, Eigen::OuterStride<>(C.rs));
  const bool aRow = A.cs == 1, bRow = B.cs == 1;
  if (aRow && bRow)
    c.noalias() += mapConst<T, Eigen::RowMajor>(A) *
                   mapConst<T, Eigen::RowMajor>(B);
  else if (aRow)
    c.noalias() += mapConst<T, Eigen::RowMajor>(A) *
                   mapConst<T, Eigen::ColMajor>(B);
  else if (bRow)
    c.noalias() += mapConst<T, Eigen::ColMajor>(A) *
                   mapConst<T, Eigen::RowMajor>(B);
  else
    c.noalias() += mapConst<T, Eigen::ColMajor>(A) *
                   mapConst<T, Eigen::ColMajor>(B);
}

/// Products with at least this many multiply-adds are split over the
/// threads by hand when their output has room for it; below, one thread.
constexpr int64_t kMinSplitGemm = int64_t(1) << 19;

/// gemmRowMajorC over the threads: the output is cut into one block of
/// columns (or rows, whichever dimension is longer; rows on a tie) per
/// thread, and each
/// block is an independent single-threaded Eigen product. For the skinny
/// products of a network step (a batch of 64 rows, a few hundred columns)
/// this scales where Eigen's own threading does not: it gains nothing on
/// 64x256x256 and is 2.5x slower on 64x10x256 (measured, 2 threads).
template <typename T>
void gemmRowMajorCThreaded(ConstMat<T> A, ConstMat<T> B, MutMat<T> C) {
  const int64_t M = C.rows, N = C.cols, K = A.cols;
  const int nt = numThreads();
  // Rows when the output is at least as tall as wide: each thread then
  // packs only its rows of A (B^T's panels are shared reading). Measured,
  // 2 threads bound: 256x256x256 3 % faster than by columns, 256x256x784
  // 5 %, 256x256x10 (a VJP from 10 classes) 2x; 64x256x256 is 10-15 %
  // faster by columns.
  const bool splitCols = N > M;
  const int64_t extent = splitCols ? N : M;
  // Blocks of whole SIMD-friendly widths (16 elements).
  const int64_t parts =
      std::min<int64_t>(nt, extent / 16);
  if (nt < 2 || parts < 2 || M * N * K < kMinSplitGemm) {
    gemmRowMajorC(A, B, C);
    return;
  }
  const int64_t chunk = ((extent + parts - 1) / parts + 15) / 16 * 16;
#pragma omp parallel for num_threads(static_cast<int>(parts)) schedule(static)
  for (int64_t part = 0; part < parts; ++part) {
    const int64_t lo = part * chunk, hi = std::min(extent, lo + chunk);
    if (lo >= hi)
      continue;
    if (splitCols)
      gemmRowMajorC(A, ConstMat<T>{B.p + lo * B.cs, K, hi - lo, B.rs, B.cs},
                    MutMat<T>{C.p + lo * C.cs, M, hi - lo, C.rs, C.cs});
    else
      gemmRowMajorC(ConstMat<T>{A.p + lo * A.rs, hi - lo, K, A.rs, A.cs}, B,
                    MutMat<T>{C.p + lo * C.rs, hi - lo, N, C.rs, C.cs});
  }
}

} // namespace

template <typename T>
void gemmAccumulate(ConstMat<T> A, ConstMat<T> B, MutMat<T> C,
                    GemmScratch<T> &scratch) {
  const int64_t M = C.rows, N = C.cols, K = A.cols;
  if (M == 0 || N == 0 || K == 0)
    return;
  C = normalized(C);
  if (C.cs != 1 && C.rs == 1) {
    // Column-major C: compute C^T (row-major) += B^T * A^T.
    std::swap(A, B);
    A = transposed(A);
    B = transposed(B);
    C = transposed(C);
  }
  A = withUnitStride(A, scratch.a);
  B = withUnitStride(B, scratch.b);
  if (C.cs == 1) {
    gemmRowMajorCThreaded(A, B, C);
    return;
  }
  // Both strides of C are non-unit: compute into a dense buffer, then add.
  T *tmp = scratch.c.get(M * N);
  std::fill(tmp, tmp + M * N, T(0));
  gemmRowMajorC(A, B, MutMat<T>{tmp, M, N, N, 1});
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      C.p[i * C.rs + j * C.cs] += tmp[i * N + j];
}

template void gemmAccumulate<float>(ConstMat<float>, ConstMat<float>,
                                    MutMat<float>, GemmScratch<float> &);
template void gemmAccumulate<double>(ConstMat<double>, ConstMat<double>,
                                     MutMat<double>, GemmScratch<double> &);

namespace {

template <typename T>
void matmul(const char *fn, const MemRef<T, 2> *A, const MemRef<T, 2> *B,
            const MemRef<T, 2> *C) {
  checkNonNegativeSizes(fn, "A", *A);
  checkNonNegativeSizes(fn, "B", *B);
  checkNonNegativeSizes(fn, "C", *C);
  const int64_t M = A->sizes[0], K = A->sizes[1], N = B->sizes[1];
  if (B->sizes[0] != K || C->sizes[0] != M || C->sizes[1] != N)
    fatal(fn, "shape mismatch: A %lldx%lld, B %lldx%lld, C %lldx%lld",
          (long long)M, (long long)K, (long long)B->sizes[0], (long long)N,
          (long long)C->sizes[0], (long long)C->sizes[1]);
  checkOutputNoBroadcast(fn, *C);
  if (M == 0 || N == 0 || K == 0)
    return;
  GemmScratch<T> scratch;
  gemmAccumulate(
      ConstMat<T>{A->data(), M, K, A->strides[0], A->strides[1]},
      ConstMat<T>{B->data(), K, N, B->strides[0], B->strides[1]},
      MutMat<T>{C->data(), M, N, C->strides[0], C->strides[1]}, scratch);
}

/// Products at most this big (M*N*K) are better done one per thread than
/// with Eigen's internal threading.
constexpr int64_t kSmallGemm = int64_t(1) << 21;

template <typename T>
void batchMatmul(const char *fn, const MemRef<T, 3> *A, const MemRef<T, 3> *B,
                 const MemRef<T, 3> *C) {
  checkNonNegativeSizes(fn, "A", *A);
  checkNonNegativeSizes(fn, "B", *B);
  checkNonNegativeSizes(fn, "C", *C);
  const int64_t Bt = A->sizes[0], M = A->sizes[1], K = A->sizes[2],
                N = B->sizes[2];
  if (B->sizes[0] != Bt || C->sizes[0] != Bt || B->sizes[1] != K ||
      C->sizes[1] != M || C->sizes[2] != N)
    fatal(fn,
          "shape mismatch: A %lldx%lldx%lld, B %lldx%lldx%lld, "
          "C %lldx%lldx%lld",
          (long long)Bt, (long long)M, (long long)K, (long long)B->sizes[0],
          (long long)B->sizes[1], (long long)N, (long long)C->sizes[0],
          (long long)C->sizes[1], (long long)C->sizes[2]);
  checkOutputNoBroadcast(fn, *C);
  if (Bt == 0 || M == 0 || N == 0 || K == 0)
    return;

  auto product = [&](int64_t b, GemmScratch<T> &scratch) {
    gemmAccumulate(
        ConstMat<T>{A->data() + b * A->strides[0], M, K, A->strides[1],
                    A->strides[2]},
        ConstMat<T>{B->data() + b * B->strides[0], K, N, B->strides[1],
                    B->strides[2]},
        MutMat<T>{C->data() + b * C->strides[0], M, N, C->strides[1],
                  C->strides[2]},
        scratch);
  };

  const int nt = numThreads();
  const int64_t mnk = M * N * K;
  // Parallelize over the batch (each GEMM single-threaded) when the products
  // are small, or when the batch splits evenly enough over the threads;
  // otherwise split each product over the threads.  Never both (no nesting).
  const bool overBatch =
      nt > 1 && Bt > 1 && Bt * mnk >= kMinParallelWork &&
      (mnk <= kSmallGemm || (Bt >= nt && (Bt % nt == 0 || Bt >= 4 * nt)));
  if (!overBatch) {
    GemmScratch<T> scratch;
    for (int64_t b = 0; b < Bt; ++b)
      product(b, scratch);
    return;
  }
  const int threads = static_cast<int>(std::min<int64_t>(nt, Bt));
#pragma omp parallel num_threads(threads)
  {
    GemmScratch<T> scratch;
#pragma omp for schedule(dynamic, 1)
    for (int64_t b = 0; b < Bt; ++b)
      product(b, scratch);
  }
}

} // namespace
} // namespace detail
} // namespace pcc_rt

using pcc_rt::MemRef;

extern "C" {

void _mlir_ciface_pcc_rt_matmul_f32(MemRef<float, 2> *A, MemRef<float, 2> *B,
                                    MemRef<float, 2> *C) {
  pcc_rt::detail::matmul("pcc_rt_matmul_f32", A, B, C);
}
void _mlir_ciface_pcc_rt_matmul_f64(MemRef<double, 2> *A, MemRef<double, 2> *B,
                                    MemRef<double, 2> *C) {
  pcc_rt::detail::matmul("pcc_rt_matmul_f64", A, B, C);
}
void _mlir_ciface_pcc_rt_batch_matmul_f32(MemRef<float, 3> *A,
                                          MemRef<float, 3> *B,
                                          MemRef<float, 3> *C) {
  pcc_rt::detail::batchMatmul("pcc_rt_batch_matmul_f32", A, B, C);
}
void _mlir_ciface_pcc_rt_batch_matmul_f64(MemRef<double, 3> *A,
                                          MemRef<double, 3> *B,
                                          MemRef<double, 3> *C) {
  pcc_rt::detail::batchMatmul("pcc_rt_batch_matmul_f64", A, B, C);
}

} // extern "C"
