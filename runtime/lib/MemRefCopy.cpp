//===- MemRefCopy.cpp - strided memref copies for generated code ----------===//
//
// MLIR's memref-to-LLVM lowering turns a `memref.copy` between buffers that
// are not both contiguous into a call to `memrefCopy(elemSize, src, dst)` on
// unranked descriptors. pcc provides it here so that executables need no
// other MLIR runtime library.
//
//===----------------------------------------------------------------------===//
#include "pcc_rt/Kernels.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct RankedView {
  char *aligned;
  int64_t offset;
  const int64_t *sizes;
  const int64_t *strides;
};

RankedView view(const PccRtUnrankedMemRef *m) {
  // Layout of a ranked descriptor: allocated, aligned, offset, sizes[rank],
  // strides[rank].
  auto *words = static_cast<const int64_t *>(m->descriptor);
  return {reinterpret_cast<char *>(words[1]), words[2], words + 3,
          words + 3 + m->rank};
}

} // namespace

extern "C" void memrefCopy(int64_t elementSize, PccRtUnrankedMemRef *src,
                           PccRtUnrankedMemRef *dst) {
  if (src->rank != dst->rank) {
    std::fprintf(stderr, "pcc_rt: memrefCopy: rank %lld vs %lld\n",
                 (long long)src->rank, (long long)dst->rank);
    std::abort();
  }
  int64_t rank = src->rank;
  RankedView s = view(src), d = view(dst);
  int64_t total = 1;
  for (int64_t i = 0; i < rank; ++i) {
    if (s.sizes[i] != d.sizes[i]) {
      std::fprintf(stderr, "pcc_rt: memrefCopy: size %lld vs %lld in dim %lld\n",
                   (long long)s.sizes[i], (long long)d.sizes[i], (long long)i);
      std::abort();
    }
    total *= s.sizes[i];
  }
  if (total == 0)
    return;
  // Odometer over the index space: one element at a time, any strides.
  std::vector<int64_t> index(rank, 0);
  int64_t so = s.offset, dof = d.offset;
  for (int64_t n = 0; n < total; ++n) {
    std::memcpy(d.aligned + dof * elementSize, s.aligned + so * elementSize,
                elementSize);
    for (int64_t i = rank - 1; i >= 0; --i) {
      ++index[i];
      so += s.strides[i];
      dof += d.strides[i];
      if (index[i] < s.sizes[i])
        break;
      so -= s.strides[i] * s.sizes[i];
      dof -= d.strides[i] * d.sizes[i];
      index[i] = 0;
    }
  }
}
