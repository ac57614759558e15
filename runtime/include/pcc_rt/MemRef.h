//===- MemRef.h - MLIR ranked memref descriptor ---------------------------===//
//
// C++ mirror of the descriptor that MLIR's LLVM lowering uses for a ranked
// memref<...xT> (StridedMemRefType in MLIR's CRunnerUtils.h has the same
// layout).  With `llvm.emit_c_interface`, a memref argument is passed to the
// `_mlir_ciface_*` wrapper as a pointer to one of these.
//
// Element (i0, ..., iN-1) lives at  aligned[offset + sum_d i_d * strides[d]].
// Offsets and strides are in elements, not bytes.  Strides may be any value
// (non-unit, 0 for broadcast, larger than the extent for padded views).
// `allocated` is only meaningful to the deallocator; kernels never use it.
// No alignment of `aligned` is assumed anywhere in pcc_rt.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_RT_MEMREF_H
#define PCC_RT_MEMREF_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace pcc_rt {

template <typename T, int N>
struct MemRef {
  static_assert(N >= 1, "rank-0 memrefs use a different descriptor");

  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];

  static constexpr int rank = N;

  /// Pointer to element (0, ..., 0).
  T *data() const { return aligned + offset; }

  /// Linear index (relative to `aligned`) of the given element.
  template <typename... Idx>
  int64_t linearIndex(Idx... idx) const {
    static_assert(sizeof...(Idx) == N, "wrong number of indices");
    const int64_t ix[N] = {static_cast<int64_t>(idx)...};
    int64_t lin = offset;
    for (int d = 0; d < N; ++d)
      lin += ix[d] * strides[d];
    return lin;
  }

  /// Element access honoring offset and strides (no bounds checking).
  template <typename... Idx>
  T &at(Idx... idx) const {
    return aligned[linearIndex(idx...)];
  }

  int64_t size(int d) const { return sizes[d]; }
  int64_t stride(int d) const { return strides[d]; }

  int64_t numElements() const {
    int64_t n = 1;
    for (int d = 0; d < N; ++d)
      n *= sizes[d];
    return n;
  }
  bool empty() const { return numElements() == 0; }
};

/// Descriptor for a dense row-major (identity layout) buffer.
template <typename T, int N>
MemRef<T, N> makeContiguousMemRef(T *base, const std::array<int64_t, N> &sizes,
                                  int64_t offset = 0) {
  MemRef<T, N> m;
  m.allocated = base;
  m.aligned = base;
  m.offset = offset;
  int64_t s = 1;
  for (int d = N - 1; d >= 0; --d) {
    m.sizes[d] = sizes[d];
    m.strides[d] = s;
    s *= sizes[d];
  }
  return m;
}

// The layout must match exactly what the LLVM lowering produces:
// { T*, T*, i64, [N x i64], [N x i64] }.
static_assert(std::is_standard_layout<MemRef<float, 2>>::value, "");
static_assert(std::is_trivially_copyable<MemRef<float, 2>>::value, "");
static_assert(sizeof(MemRef<float, 1>) == 40, "");
static_assert(sizeof(MemRef<double, 2>) == 56, "");
static_assert(sizeof(MemRef<float, 4>) == 88, "");
namespace detail {
using MemRefF32x3 = MemRef<float, 3>;
static_assert(offsetof(MemRefF32x3, offset) == 16, "");
static_assert(offsetof(MemRefF32x3, sizes) == 24, "");
static_assert(offsetof(MemRefF32x3, strides) == 48, "");
} // namespace detail

} // namespace pcc_rt

#endif // PCC_RT_MEMREF_H
