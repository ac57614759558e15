//===- Pipelines.cpp - pcc's named pass pipelines --------------------------===//
//
// The pipelines are built in C++ once and registered by name, so the driver,
// pcc-opt and the tests run exactly the same passes.
//
//===----------------------------------------------------------------------===//
#include "pcc/Pipelines/Pipelines.h"

#include "pcc/Conversion/Passes.h"
#include "pcc/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace pcc {

void buildNNToLinalgPipeline(OpPassManager &pm,
                             const LoweringOptions &options) {
  pm.addPass(createConvertNNToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createPccFuseElementwise());
  pm.addPass(createCSEPass());
  pm.addPass(createPccFoldStateCopies());
  // Updates that share an input (an error both sides of an activation
  // read) run as one loop that recomputes it.
  if (options.mergeSiblingElementwise)
    pm.addPass(createPccMergeSiblingElementwise());
  // What an inference step computes from values fixed for the whole step
  // loop (under fixed-prediction: transposed weights, activation masks of
  // the feed-forward pass) is computed once, before the loop. The loop
  // keeps every state's shape (it yields copies into its iter_args), so a
  // size read from an iter_arg is first rewritten to read the initial value;
  // without that, the buffers sized by the batch (and everything computed
  // into them, e.g. max-pool's argmax) look loop-variant.
  pm.addPass(createPccFoldIterArgDims());
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addPass(createPccHoistConditionalInvariants());
  // Elementwise loop nests become single loops, which LLVM vectorizes.
  pm.addPass(createPccFlattenElementwise());
  pm.addPass(createCanonicalizerPass());
  // One collapse per tensor: an update reading and writing the same state
  // through two equal collapses would look like a conflict to
  // bufferization, which would then copy instead of writing in place.
  pm.addPass(createCSEPass());
  // The sizes of the collapsed tensors, computed in the loop from sizes
  // fixed before it, move out (so do the allocations they size).
  pm.addPass(createLoopInvariantCodeMotionPass());
}

void buildLinalgToLoopsPipeline(OpPassManager &pm,
                                const LoweringOptions &options) {
  pm.addPass(createPccExportFunctions());
  pm.addPass(createPccFillAtUses());
  pm.addPass(createPccUniqueEmptyTensors());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  // The inference loop of a train step yields new error or value tensors.
  bufferize.allowReturnAllocsFromLoops = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // A train step's inference loop writes its new state into the buffers of
  // the old one (pc-lower-inference yields in place), so after bufferization
  // the loop carries nothing and canonicalization drops its iter_args. The
  // sizes of its temporaries are then loop-invariant, and they are
  // allocated once, before the loop (sizes read from views resolve to the
  // sizes they were made with).
  pm.addPass(createCanonicalizerPass());
  pm.addPass(memref::createResolveRankedShapeTypeResultDimsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Sizes that bufferization computes in a loop (e.g. of a collapsed
  // temporary) from sizes fixed before it move out first.
  pm.addPass(createLoopInvariantCodeMotionPass());
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferHoistingPass());
  pm.addNestedPass<func::FuncOp>(
      bufferization::createBufferLoopHoistingPass());
  // Temporaries of a conditional step (the η = 1 fixed-prediction loop)
  // leave the loop too.
  pm.addPass(createPccHoistConditionalInvariants());
  pm.addPass(createConvertLinalgToRuntime());
  bufferization::BufferDeallocationPipelineOptions dealloc;
  bufferization::buildBufferDeallocationPipeline(pm, dealloc);
  pm.addPass(createConvertBufferizationToMemRefPass());
  // Large loop nests get a version that runs on every thread.
  if (options.parallelMinIterations > 0)
    pm.addPass(createPccParallelizeLoops(
        PccParallelizeLoopsOptions{options.parallelMinIterations,
                                   options.parallelOutOfLineMinOps}));
  pm.addPass(createConvertLinalgToLoopsPass());
  pm.addPass(createCanonicalizerPass());
}

void buildLoopsToLLVMPipeline(OpPassManager &pm) {
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  // aligned_alloc instead of malloc plus pointer arithmetic: the buffer
  // pointer is then the allocator's result, which LLVM knows aliases no
  // other buffer, so loops over several buffers vectorize without run-time
  // alias checks (which LLVM refuses for short loops).
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useAlignedAlloc = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createPccMarkNoAlias());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void buildLinalgToLLVMPipeline(OpPassManager &pm,
                               const LoweringOptions &options) {
  buildLinalgToLoopsPipeline(pm, options);
  buildLoopsToLLVMPipeline(pm);
}

void buildNNToLLVMPipeline(OpPassManager &pm,
                           const LoweringOptions &options) {
  buildNNToLinalgPipeline(pm, options);
  buildLinalgToLLVMPipeline(pm, options);
}

void registerPipelines() {
  PassPipelineRegistration<>(
      "pcc-lower-to-linalg",
      "Lower the nn dialect to linalg on tensors, fusing elementwise ops",
      [](OpPassManager &pm) { buildNNToLinalgPipeline(pm); });
  PassPipelineRegistration<>(
      "pcc-linalg-to-loops",
      "Bufferize linalg on tensors, call runtime kernels, deallocate, and "
      "lower the remaining linalg ops to scf loops",
      [](OpPassManager &pm) { buildLinalgToLoopsPipeline(pm); });
  PassPipelineRegistration<>(
      "pcc-loops-to-llvm",
      "Lower loops on memrefs (scf, memref, arith, math, func) to the LLVM "
      "dialect",
      buildLoopsToLLVMPipeline);
  PassPipelineRegistration<>(
      "pcc-linalg-to-llvm",
      "Bufferize linalg on tensors, call runtime kernels, and lower to the "
      "LLVM dialect",
      [](OpPassManager &pm) { buildLinalgToLLVMPipeline(pm); });
  PassPipelineRegistration<>(
      "pcc-lower-to-llvm",
      "Lower the nn dialect all the way to the LLVM dialect",
      [](OpPassManager &pm) { buildNNToLLVMPipeline(pm); });
}

} // namespace pcc
