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
    `memref.transpose` view. A `linalg.generic` of one of the
    convolution-gradient forms (`pcc/Conversion/KernelForms.h`: the filter
    gradient, and the input gradient as a scatter into the padded input)
    calls `pcc_rt_conv2d_grad_filter_nchw_fchw_*` or
    `pcc_rt_conv2d_grad_input_nchw_fchw_*`. Ops with other element types or
    maps are left for the loop lowering.
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

def ConvertNNToPC : Pass<"convert-nn-to-pc", "mlir::ModuleOp"> {
  let summary = "Turn an nn program into a predictive-coding network";
  let description = [{
    Rewrites every public function that returns a loss (one rank-0 float
    value computed from `nn` loss ops) into a `pc` network: each op on a path
    from a parameter or a float input to the loss becomes a `pc.node`
    (value node) whose region is its prediction, with a `pc.error` per node,
    a `pc.energy`, and a `pc.learn` for every parameter a node uses. The ops
    after the loss ops and the loss ops themselves stay as they are: they
    are the loss. Inputs, parameters and values that depend on neither are
    clamped. The pass is generic: it knows ops only through
    DifferentiableOpInterface, and an op on the way to the loss that does
    not implement it is an error naming the op.

    Options:

    - `mode`: `strict` (predictions and Jacobians at the current values),
      `fixed-prediction` (at the feed-forward values, frozen),
      `zero-divergence` (Z-IL: η = 1, each parameter learns at the step
      equal to its node's level; the graph is levelled: an edge that skips
      levels gets identity nodes, one per skipped level; `level=false`
      leaves it unlevelled, where zero-divergence is not exact, for
      comparison), `incremental`
      (parameters learn at every inference step);
    - `steps` (T ≥ 1) and `eta` (η > 0): inference steps and step size,
      recorded as the network's defaults;
    - `granularity`: `op` (one node per op, the arbitrary-graph form of
      Millidge et al.) or `layer` (an elementwise op whose operand is the
      only use of a node's value joins that node: dense + relu is one node).

    Functions that compute no loss are left unchanged.
  }];
  let options = [
    Option<"mode", "mode", "std::string", /*default=*/"\"fixed-prediction\"",
           "strict | fixed-prediction | zero-divergence | incremental">,
    Option<"steps", "steps", "int64_t", /*default=*/"20",
           "Inference steps T (>= 1)">,
    Option<"eta", "eta", "double", /*default=*/"0.1",
           "Inference step size eta (> 0)">,
    Option<"granularity", "granularity", "std::string", /*default=*/"\"op\"",
           "op | layer: one node per op, or elementwise ops folded into their producer's node">,
    Option<"level", "level", "bool", /*default=*/"true",
           "zero-divergence: level the graph (identity nodes on edges that "
           "skip levels); false keeps it as it is, where zero-divergence is "
           "no longer exact (for comparison)">,
  ];
  let dependentDialects = ["pcc::pc::PCDialect"];
}

#endif // PCC_CONVERSION_PASSES_TD
