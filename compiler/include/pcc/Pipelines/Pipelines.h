//===- Pipelines.h - named pass pipelines shared by tools ------*- C++ -*-===//
#ifndef PCC_PIPELINES_PIPELINES_H
#define PCC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace pcc {

/// Choices of the lowering that a user can make (pcc's flags).
struct LoweringOptions {
  /// A generated loop nest with at least this many iterations gets a
  /// version that runs on every thread (pcc-parallelize-loops); 0 keeps
  /// every generated loop on one thread.
  int64_t parallelMinIterations = 32768;
  /// In a function with at least this many ops, each parallel region is a
  /// function of its own (pcc-parallelize-loops{out-of-line-min-ops}).
  int64_t parallelOutOfLineMinOps = 3000;
  /// Pointwise ops that read the same tensor run as one loop
  /// (pcc-merge-sibling-elementwise); off only to compare against.
  bool mergeSiblingElementwise = true;
};

/// nn on tensors -> linalg on tensors.
void buildNNToLinalgPipeline(mlir::OpPassManager &pm,
                             const LoweringOptions &options = {});

/// linalg on tensors -> loops on memrefs: one-shot bufferization (function
/// boundaries with identity layouts), runtime kernel calls, ownership-based
/// deallocation, parallel versions of large loop nests (OpenMP), and
/// linalg to scf loops. Every public function is marked
/// to get a C interface (`_mlir_ciface_<name>`).
void buildLinalgToLoopsPipeline(mlir::OpPassManager &pm,
                                const LoweringOptions &options = {});

/// Loops on memrefs -> LLVM dialect.
void buildLoopsToLLVMPipeline(mlir::OpPassManager &pm);

/// buildLinalgToLoopsPipeline followed by buildLoopsToLLVMPipeline.
void buildLinalgToLLVMPipeline(mlir::OpPassManager &pm,
                               const LoweringOptions &options = {});

/// Both of the above: nn -> LLVM dialect (`pcc-lower-to-llvm`).
void buildNNToLLVMPipeline(mlir::OpPassManager &pm,
                           const LoweringOptions &options = {});

/// Registers the pipelines above with the pass registry.
void registerPipelines();

} // namespace pcc

#endif // PCC_PIPELINES_PIPELINES_H
