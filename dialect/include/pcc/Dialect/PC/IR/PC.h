//===- PC.h - the pc dialect ------------------------------------*- C++ -*-===//
//
// Public header of the pc dialect: predictive-coding networks.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_DIALECT_PC_IR_PC_H
#define PCC_DIALECT_PC_IR_PC_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "pcc/Dialect/PC/IR/PCDialect.h.inc"

#define GET_OP_CLASSES
#include "pcc/Dialect/PC/IR/PCOps.h.inc"

namespace pcc::pc {

/// The predictive-coding algorithms (`pc.mode`).
enum class Mode { Strict, FixedPrediction, ZeroDivergence, Incremental };

/// Parses a mode name; std::nullopt if it is not one.
std::optional<Mode> parseMode(llvm::StringRef name);
llvm::StringRef modeName(Mode mode);

/// Names of the function attributes that configure a network.
constexpr llvm::StringLiteral kModeAttr = "pc.mode";
constexpr llvm::StringLiteral kStepsAttr = "pc.steps";
constexpr llvm::StringLiteral kEtaAttr = "pc.eta";
constexpr llvm::StringLiteral kGranularityAttr = "pc.granularity";

} // namespace pcc::pc

#endif // PCC_DIALECT_PC_IR_PC_H
