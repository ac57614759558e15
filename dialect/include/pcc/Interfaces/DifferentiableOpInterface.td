//===- DifferentiableOpInterface.td - local derivative rules -*- tablegen -*-===//
//
// The only thing pcc's differentiation passes know about an op. Every method
// is a pure builder over *explicit* values: the same rule can be emitted at
// the op's own operands (backprop), at frozen feed-forward values
// (fixed-prediction PC) or at the current beliefs inside an inference loop
// (strict PC).
//
//===----------------------------------------------------------------------===//

#ifndef PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_TD
#define PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::pcc";
  let description = [{
    An op with one tensor result `y = f(x_0, …, x_n)` that knows its
    vector-Jacobian products. Reverse-mode differentiation (`nn-autodiff`)
    and the predictive-coding transformation (`convert-nn-to-pc`,
    `pc-lower-inference`) are written against this interface only; a new op
    is supported by implementing it once.

    Loss ops (`isLoss()` returns true) reduce a prediction and a target to a
    rank-0 tensor; `buildOutputError` gives the error predictive coding
    assigns to the prediction: `ε = -∂ℓ/∂prediction`.
  }];

  let methods = [
    InterfaceMethod<[{
        Whether operand `index` carries a derivative. Integer operands
        (labels, token ids) and operands that only give a shape are not
        differentiable.
      }],
      "bool", "isOperandDifferentiable", (ins "unsigned":$index), [{}],
      [{
        auto type = ::llvm::dyn_cast<::mlir::RankedTensorType>(
            $_op->getOperand(index).getType());
        return type && ::llvm::isa<::mlir::FloatType>(type.getElementType());
      }]>,
    InterfaceMethod<[{
        Emits `f(operands)` at the builder's insertion point (a copy of the
        op with new operands and the same attributes) and returns its
        result.
      }],
      "::mlir::Value", "buildForward",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$operands),
      [{}],
      [{
        ::mlir::IRMapping mapping;
        mapping.map($_op->getOperands(), operands);
        return builder.clone(*$_op.getOperation(), mapping)->getResult(0);
      }]>,
    InterfaceMethod<[{
        Emits the vector-Jacobian product `(∂f/∂x_index)ᵀ · cotangent`,
        evaluated at `operands` (whose forward value is `result`), and returns
        it with the type of operand `index`. Emits an error on the op and
        returns failure when the rule cannot be built for these types.
      }],
      "::mlir::FailureOr<::mlir::Value>", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder, "unsigned":$index,
           "::mlir::ValueRange":$operands, "::mlir::Value":$result,
           "::mlir::Value":$cotangent)>,
    InterfaceMethod<[{
        Whether the op is a loss: its result is the rank-0 objective.
      }],
      "bool", "isLoss", (ins), [{}], [{ return false; }]>,
    InterfaceMethod<[{
        For a loss: emits `ℓ(operands)`, the loss at explicit values.
      }],
      "::mlir::Value", "buildLoss",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::ValueRange":$operands),
      [{}],
      [{
        return ::llvm::cast<::pcc::DifferentiableOpInterface>(
                   $_op.getOperation())
            .buildForward(builder, operands);
      }]>,
    InterfaceMethod<[{
        For a loss: emits the output error `-∂ℓ/∂x_index` at `operands`
        (predictive coding's sign convention), with the type of operand
        `index`. Ops that are not losses return failure.
      }],
      "::mlir::FailureOr<::mlir::Value>", "buildOutputError",
      (ins "::mlir::OpBuilder &":$builder, "unsigned":$index,
           "::mlir::ValueRange":$operands),
      [{}],
      [{
        return $_op->emitOpError("is not a loss: it has no output error");
      }]>,
  ];
}

#endif // PCC_INTERFACES_DIFFERENTIABLEOPINTERFACE_TD
