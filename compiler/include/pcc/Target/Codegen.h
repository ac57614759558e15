//===- Codegen.h - LLVM optimisation and object generation ------*- C++ -*-===//
//
// The driver's back end: the LLVM module translated from MLIR is optimised
// and compiled to object code. An executable's module can be split into
// partitions, each optimised and compiled on its own thread in its own
// LLVMContext, and linked together (the way LTO's parallel code generation
// works): a training model's train step, backprop step and prediction are
// independent functions of similar size, and LLVM's optimisation and
// instruction selection take most of pcc's compile time.
//
//===----------------------------------------------------------------------===//
#ifndef PCC_TARGET_CODEGEN_H
#define PCC_TARGET_CODEGEN_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Target/TargetMachine.h"

#include <functional>
#include <memory>

namespace pcc::target {

/// Creates a target machine; called once per thread (a TargetMachine is not
/// shared between threads).
using TargetMachineFactory =
    std::function<std::unique_ptr<llvm::TargetMachine>()>;

/// Runs LLVM's default pipeline at `optLevel` (0-3) on `module`.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                           unsigned optLevel);

/// Generates an object file for an optimised `module`.
llvm::Error emitObject(llvm::Module &module, llvm::TargetMachine &machine,
                       llvm::SmallString<0> &object);

/// Below this many instructions a module is compiled whole: the copies and
/// the bitcode round trip would cost more than a second thread saves.
constexpr uint64_t kMinSplitInstructions = 4000;

/// One part of a split module.
struct Partition {
  llvm::SmallString<0> bitcode;
  uint64_t instructions = 0; ///< its size, for --time-report
};

/// Splits `module` into at most `maxPartitions` modules that together
/// define every symbol `module` defines, each exactly once:
/// - a definition with external linkage goes to one partition, together
///   with the external definitions only it refers to (a wrapper stays next
///   to what it calls); the other partitions declare it;
/// - internal definitions are copied into every partition that refers to
///   them, except mutable variables, which keep all their users in one
///   partition;
/// - outlined parallel regions (local functions only passed by address to
///   external code, such as __kmpc_fork_call, so never inlined) are units of
///   their own: `module` is changed to define them with external, hidden
///   linkage.
/// Partitions are balanced by instruction count, largest unit first, the
/// same way on every run. Returns the partitions as bitcode; one (the whole
/// module) when it has fewer than `minInstructions` instructions, one unit
/// of work, or a kind of global the split does not handle (aliases, ifuncs,
/// comdats, linkage other than external and internal).
llvm::SmallVector<Partition, 4>
splitModule(llvm::Module &module, unsigned maxPartitions,
            uint64_t minInstructions = kMinSplitInstructions);

/// Optimises and compiles each bitcode partition on its own thread (in its
/// own LLVMContext) and returns one object per partition, in order.
llvm::Error compilePartitions(llvm::ArrayRef<Partition> parts,
                              const TargetMachineFactory &makeMachine,
                              unsigned optLevel,
                              llvm::SmallVectorImpl<llvm::SmallString<0>> &objects);

} // namespace pcc::target

#endif // PCC_TARGET_CODEGEN_H
