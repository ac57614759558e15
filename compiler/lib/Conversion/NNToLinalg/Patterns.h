//===- Patterns.h - nn -> linalg pattern sets -------------------*- C++ -*-===//
#ifndef PCC_LIB_CONVERSION_NNTOLINALG_PATTERNS_H
#define PCC_LIB_CONVERSION_NNTOLINALG_PATTERNS_H

#include "mlir/IR/PatternMatch.h"

namespace pcc {
/// Elementwise ops, softmax, layer norm, embedding and losses.
void populateNNElementwiseLoweringPatterns(mlir::RewritePatternSet &patterns);
/// Parameters, dense/matmul, convolution, pooling and shape ops.
void populateNNStructuredLoweringPatterns(mlir::RewritePatternSet &patterns);
/// nn.param initialisers.
void populateNNParamLoweringPatterns(mlir::RewritePatternSet &patterns);
/// The ops differentiation needs: div, neg, sqrt, sin, cos, tan,
/// reduce_sum, broadcast_like and the gradient ops (NNGradOps.td).
void populateNNGradLoweringPatterns(mlir::RewritePatternSet &patterns);
} // namespace pcc

#endif // PCC_LIB_CONVERSION_NNTOLINALG_PATTERNS_H
