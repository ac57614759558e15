//===- NNShapes.cpp - shape rules of the nn dialect -----------------------===//
#include "pcc/Dialect/NN/IR/NNShapes.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace pcc::nn {

std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  llvm::SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Dimensions are aligned from the end; a missing one acts as size 1.
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    bool lDyn = ShapedType::isDynamic(l), rDyn = ShapedType::isDynamic(r);
    if (l == 1 && !rDyn)
      result[i] = r;
    else if (r == 1 && !lDyn)
      result[i] = l;
    else if (l == 1 || r == 1)
      // A static 1 against a dynamic dimension: the dynamic one is never
      // stretched, so the result is the dynamic dimension.
      result[i] = ShapedType::kDynamic;
    else if (lDyn && rDyn)
      result[i] = ShapedType::kDynamic;
    else if (lDyn)
      result[i] = r;
    else if (rDyn)
      result[i] = l;
    else if (l == r)
      result[i] = l;
    else
      return std::nullopt;
  }
  return result;
}

int64_t slidingWindowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t pad, int64_t dilation) {
  if (ShapedType::isDynamic(in))
    return ShapedType::kDynamic;
  int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1;
  if (span < 0)
    return 0;
  return span / stride + 1;
}

std::string shapeToString(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << "?";
        else
          os << d;
      },
      "x");
  return s;
}

} // namespace pcc::nn
