//===- Kernels.h - pcc native kernels (C ABI) -----------------------------===//
//
// Entry points called by pcc-generated code.  The names are exactly those
// that MLIR's `llvm.emit_c_interface` produces for external functions named
// `pcc_rt_...`: `_mlir_ciface_pcc_rt_...`.  Memref operands are passed as
// pointers to ranked descriptors (pcc_rt::MemRef<T, N>), i64 scalars by value.
//
// Semantics (all accumulate into the output, like the `outs` operand of the
// corresponding linalg op):
//   matmul:        C[m,n]   += sum_k A[m,k] * B[k,n]                (linalg.matmul)
//   batch_matmul:  C[b,m,n] += sum_k A[b,m,k] * B[b,k,n]            (linalg.batch_matmul)
//   conv2d:        out[n,f,oh,ow] += sum_{c,kh,kw}
//                      in[n,c,oh*sH+kh*dH,ow*sW+kw*dW] * filter[f,c,kh,kw]
//                                                   (linalg.conv_2d_nchw_fchw)
//   conv2d_grad_filter: dw[f,c,kh,kw] += sum_{n,oh,ow} grad[n,f,oh,ow] *
//                      in[n,c,oh*sH+kh*dH,ow*sW+kw*dW]
//   conv2d_grad_input:  dx[n,c,oh*sH+kh*dH,ow*sW+kw*dW] += sum_f
//                      grad[n,f,oh,ow] * filter[f,c,kh,kw]   (col2im; dx is
//                      the padded input gradient)
//   max_pool2d:    out[n,c,oh,ow] = max(out[n,c,oh,ow], max_{kh,kw} in[...])
//                  (NaN-propagating, -0 < +0, i.e. arith.maximumf;
//                                                   linalg.pooling_nchw_max)
//   sum_pool2d:    out[n,c,oh,ow] += sum_{kh,kw} in[...]  (linalg.pooling_nchw_sum)
// Inputs are already padded by the caller.  Any strides are accepted (also 0
// on inputs, for broadcasts); outputs must not have stride 0 on a dimension of
// size > 1.  Zero-sized dimensions are no-ops.  No alignment is assumed.
// Inconsistent shapes or windows that would read out of bounds print a
// message to stderr and abort().
//
// Threading: OpenMP, compiled against the GNU ABI; pcc links executables
// with LLVM's libomp, which implements it and runs the generated code's
// parallel loops (omp.parallel) in the same thread pool.
// pcc_rt_set_num_threads(n) sets the number of threads used by all kernels
// and by the generated parallel loops (pcc_rt_get_num_threads) (n <= 0 restores the default, which is
// omp_get_max_threads() at first use, i.e. all hardware threads unless
// OMP_NUM_THREADS says otherwise).  When called from inside an active OpenMP
// parallel region the kernels run single-threaded.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_KERNELS_H
#define PCC_RT_KERNELS_H

#include "pcc_rt/MemRef.h"

#include <cstdint>

#define PCC_RT_DECLARE_KERNELS(T, SUFFIX)                                      \
  void _mlir_ciface_pcc_rt_matmul_##SUFFIX(pcc_rt::MemRef<T, 2> *A,            \
                                           pcc_rt::MemRef<T, 2> *B,            \
                                           pcc_rt::MemRef<T, 2> *C);           \
  void _mlir_ciface_pcc_rt_batch_matmul_##SUFFIX(pcc_rt::MemRef<T, 3> *A,      \
                                                 pcc_rt::MemRef<T, 3> *B,      \
                                                 pcc_rt::MemRef<T, 3> *C);     \
  void _mlir_ciface_pcc_rt_conv2d_nchw_fchw_##SUFFIX(                          \
      pcc_rt::MemRef<T, 4> *in, pcc_rt::MemRef<T, 4> *filter,                  \
      pcc_rt::MemRef<T, 4> *out, int64_t sH, int64_t sW, int64_t dH,           \
      int64_t dW);                                                             \
  void _mlir_ciface_pcc_rt_conv2d_grad_filter_nchw_fchw_##SUFFIX(              \
      pcc_rt::MemRef<T, 4> *grad, pcc_rt::MemRef<T, 4> *in,                    \
      pcc_rt::MemRef<T, 4> *dw, int64_t sH, int64_t sW, int64_t dH,            \
      int64_t dW);                                                             \
  void _mlir_ciface_pcc_rt_conv2d_grad_input_nchw_fchw_##SUFFIX(               \
      pcc_rt::MemRef<T, 4> *grad, pcc_rt::MemRef<T, 4> *filter,                \
      pcc_rt::MemRef<T, 4> *dx, int64_t sH, int64_t sW, int64_t dH,            \
      int64_t dW);                                                             \
  void _mlir_ciface_pcc_rt_max_pool2d_nchw_##SUFFIX(                           \
      pcc_rt::MemRef<T, 4> *in, pcc_rt::MemRef<T, 4> *out, int64_t KH,         \
      int64_t KW, int64_t sH, int64_t sW, int64_t dH, int64_t dW);             \
  void _mlir_ciface_pcc_rt_sum_pool2d_nchw_##SUFFIX(                           \
      pcc_rt::MemRef<T, 4> *in, pcc_rt::MemRef<T, 4> *out, int64_t KH,         \
      int64_t KW, int64_t sH, int64_t sW, int64_t dH, int64_t dW);

extern "C" {

/// MLIR's unranked memref descriptor: the rank and a pointer to a ranked one.
struct PccRtUnrankedMemRef {
  int64_t rank;
  void *descriptor;
};

/// Copies `src` to `dst` (same shape, any strides); called by generated code
/// for memref.copy between non-contiguous buffers.
void memrefCopy(int64_t elementSize, PccRtUnrankedMemRef *src,
                PccRtUnrankedMemRef *dst);

PCC_RT_DECLARE_KERNELS(float, f32)
PCC_RT_DECLARE_KERNELS(double, f64)

/// Set the number of threads used by all kernels; n <= 0 restores the default.
void pcc_rt_set_num_threads(int64_t n);
/// Current number of threads used by the kernels (>= 1).
int64_t pcc_rt_get_num_threads(void);

/// Bind the OpenMP threads one per core (OMP_PROC_BIND=spread,
/// OMP_PLACES=cores) unless the environment already places them
/// (OMP_PROC_BIND, OMP_PLACES, KMP_AFFINITY or GOMP_CPU_AFFINITY set; e.g.
/// OMP_PROC_BIND=false keeps them unbound) or only one thread is wanted
/// (pcc_rt_set_num_threads(1) or OMP_NUM_THREADS=1). Unbound, the two
/// threads of a 2-vCPU machine shared one core for whole runs in a third to
/// a half of the processes (steps up to 2.4x slower; bench/README.md).
/// Effective only
/// before the first OpenMP call: the executables' mains call it after
/// parsing --threads. Returns 1 when it set the variables, else 0.
int pcc_rt_bind_threads_by_default(void);

/// Same as above, under the names an MLIR func declared with
/// llvm.emit_c_interface would call (scalars only, so identical ABI).
void _mlir_ciface_pcc_rt_set_num_threads(int64_t n);
int64_t _mlir_ciface_pcc_rt_get_num_threads(void);

} // extern "C"

#undef PCC_RT_DECLARE_KERNELS

#endif // PCC_RT_KERNELS_H
