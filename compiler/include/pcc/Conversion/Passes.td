//===- Passes.td - pcc conversion passes -------------------*- tablegen -*-===//
#ifndef PCC_CONVERSION_PASSES_TD
#define PCC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNNToLinalg : Pass<"convert-nn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower the nn dialect to linalg, tensor, arith and math";
  let description = [{
    Rewrites every `nn` op into ops on tensors: named linalg ops where they
    exist (`linalg.matmul`, `linalg.batch_matmul`, `linalg.conv_2d_nchw_fchw`,
    `linalg.pooling_nchw_max`, `linalg.pooling_nchw_sum`, `linalg.transpose`,
    `linalg.fill`) and `linalg.generic` for the rest (elementwise ops with
    broadcasting, reductions of softmax, layer norm and the losses, the
    embedding gather, parameter initialisers). Padding becomes `tensor.pad`,
    shape changes become `tensor.collapse_shape`/`tensor.expand_shape`.

    `nn.param` becomes a `linalg.generic` that evaluates the initialiser with
    a counter-based hash (SplitMix64 of seed and element index), so the
    initial weights are a pure function of the seed, identical on every
    machine and independent of evaluation order.

    An op of the nn dialect that has no lowering is reported as an error.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::tensor::TensorDialect"
  ];
}

def ConvertLinalgToRuntime : Pass<"convert-linalg-to-runtime",
                                  "mlir::ModuleOp"> {
  let summary = "Call libpcc_rt kernels for GEMM, convolution and pooling";
  let description = [{
    After bufferization, replaces `linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nchw_fchw`, `linalg.pooling_nchw_max` and
    `linalg.pooling_nchw_sum` on f32 or f64 memrefs by calls to the runtime's
    Eigen kernels (`pcc_rt_matmul_f32`, ...). The callees are declared with
    `llvm.emit_c_interface`, and operands are cast to fully dynamic strided
    memrefs, so any view (transposed, offset, strided) is passed without a
    copy. Matmuls whose indexing maps transpose an operand pass a
    `memref.transpose` view. Ops with other element types or maps are left
    for the loop lowering.
  }];
  let dependentDialects = ["mlir::func::FuncDialect",
                           "mlir::memref::MemRefDialect"];
}

def PccExportFunctions : Pass<"pcc-export-functions", "mlir::ModuleOp"> {
  let summary = "Give every public function a C interface";
  let description = [{
    Marks each public `func.func` with a body `llvm.emit_c_interface`, so
    that the LLVM lowering also emits `_mlir_ciface_<name>`, which takes
    memref descriptors by pointer: the ABI the runtime calls.
  }];
}

#endif // PCC_CONVERSION_PASSES_TD
