//===- ReverseMode.h - reverse accumulation over nn ops ---------*- C++ -*-===//
//
// The one reverse-mode engine behind nn-autodiff (the backprop reference)
// and pc-lower-inference (every VJP a predictive-coding node sends to its
// parents). It knows ops only through DifferentiableOpInterface.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TRANSFORMS_REVERSEMODE_H
#define PCC_TRANSFORMS_REVERSEMODE_H

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallVector.h"

namespace pcc {

/// Emits, at `b`'s insertion point, the reverse pass over `ops` (in program
/// order; they must dominate the insertion point). `seeds` gives the
/// cotangents of some values; the result holds, for each value of `wrt`,
/// the sum of the cotangents that reach it (a null Value if none does).
/// Only operands that depend on a value of `wrt` are differentiated, so no
/// work is spent on clamped inputs or constants. An op on such a path that
/// does not implement DifferentiableOpInterface gets an error and the
/// result is failure.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
emitReverse(mlir::OpBuilder &b, llvm::ArrayRef<mlir::Operation *> ops,
            llvm::ArrayRef<std::pair<mlir::Value, mlir::Value>> seeds,
            llvm::ArrayRef<mlir::Value> wrt);

/// A tensor of zeros shaped like `like` (dynamic sizes read from it).
mlir::Value zerosLike(mlir::OpBuilder &b, mlir::Location loc, mlir::Value like);

/// A rank-0 tensor holding `value` in `elementType`.
mlir::Value scalarTensor(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::Type elementType, double value);

/// `a + b` (nn.add), the way cotangents accumulate.
mlir::Value addTensors(mlir::OpBuilder &b, mlir::Location loc, mlir::Value a,
                       mlir::Value c);

/// The value a function returns if it is a loss: the function has one
/// block and returns one rank-0 float tensor that depends on an op whose
/// DifferentiableOpInterface says it is a loss. Null otherwise.
mlir::Value getReturnedLoss(mlir::Operation *func);

/// Adds a function result named by a `pcc.grad_of` attribute.
void appendNamedResult(llvm::SmallVectorImpl<mlir::Value> &results,
                       llvm::SmallVectorImpl<mlir::Attribute> &names,
                       mlir::Value value, mlir::StringAttr name);

} // namespace pcc

#endif // PCC_TRANSFORMS_REVERSEMODE_H
