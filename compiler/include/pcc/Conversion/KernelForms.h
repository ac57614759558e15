//===- KernelForms.h - linalg forms that runtime kernels implement -*- C++ -*-===//
//
// Some computations have no named linalg op but a fast runtime kernel: the
// two gradients of a convolution. convert-nn-to-linalg emits them as
// linalg.generic ops of a fixed form (their loop lowering is the reference
// semantics), convert-linalg-to-runtime recognises that form by its
// structure (maps, iterators, body) and calls the kernel, and elementwise
// fusion leaves such ops alone so that the form survives.
//
//  * Filter gradient, loops (f, c, kh, kw, n, oh, ow), the last three
//    reductions:
//      dw[f, c, kh, kw] += g[n, f, oh, ow] · x[n, c, oh·sH + kh·dH,
//                                               ow·sW + kw·dW]
//    with x the (padded) input.
//  * Input gradient, loops (n, c, f, oh, ow, kh, kw), all but n and c
//    reductions, written as a scatter (the output map is not a
//    permutation):
//      dx[n, c, oh·sH + kh·dH, ow·sW + kw·dW] += g[n, f, oh, ow] · w[f, c,
//                                                                  kh, kw]
//    with dx the padded input gradient.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_CONVERSION_KERNELFORMS_H
#define PCC_CONVERSION_KERNELFORMS_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace pcc {

enum class ConvGradKind { Filter, Input };

struct ConvGradForm {
  ConvGradKind kind;
  int64_t stride[2];
  int64_t dilation[2];
};

/// Indexing maps (grad, other input, result) of the form.
llvm::SmallVector<mlir::AffineMap, 3>
convGradMaps(mlir::MLIRContext *ctx, ConvGradKind kind,
             llvm::ArrayRef<int64_t> stride, llvm::ArrayRef<int64_t> dilation);

/// Iterator types of the form.
llvm::SmallVector<mlir::utils::IteratorType> convGradIterators(ConvGradKind kind);

/// Builds the form (body: result + grad · other) on tensors or buffers.
mlir::linalg::GenericOp buildConvGrad(mlir::OpBuilder &b, mlir::Location loc,
                                      ConvGradKind kind, mlir::Value grad,
                                      mlir::Value other, mlir::Value init,
                                      llvm::ArrayRef<int64_t> stride,
                                      llvm::ArrayRef<int64_t> dilation);

/// The form `op` has, if it has one of them exactly (rank-4 operands, the
/// maps for some positive strides and dilations, the iterators, and a body
/// that adds the product of its two inputs to the result).
std::optional<ConvGradForm> matchConvGrad(mlir::linalg::GenericOp op);

} // namespace pcc

#endif // PCC_CONVERSION_KERNELFORMS_H
