//===- Passes.td - pcc transformation passes ---------------*- tablegen -*-===//
#ifndef PCC_TRANSFORMS_PASSES_TD
#define PCC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNAutodiff : Pass<"nn-autodiff", "mlir::ModuleOp"> {
  let summary = "Reverse-mode differentiation of nn functions (backprop)";
  let description = [{
    For every public function that returns one rank-0 float value computed
    from `nn` loss ops, adds a function `<name>_grad` with the same
    arguments that returns the loss followed by the gradient of the loss
    with respect to every `nn.param` of the function, in the order the
    parameters appear (and, with `inputs=true`, then the gradient with
    respect to every float argument). Result attributes `pcc.grad_of`
    name the parameter (`"w1"`) or the argument (`"arg0"`) of each gradient.

    The derivative of every op comes from its DifferentiableOpInterface; an
    op on a path from a parameter to the loss that does not implement it is
    an error. Operands that do not depend on a parameter (or on an input
    when `inputs=true`) are not differentiated. A parameter that does not
    reach the loss gets a zero gradient.

    This is the `backprop` reference every predictive-coding mode is
    checked against.
  }];
  let options = [
    Option<"inputs", "inputs", "bool", /*default=*/"false",
           "Also return the gradients with respect to the float arguments">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect", "pcc::nn::NNDialect"
  ];
}

def PCLowerInference : Pass<"pc-lower-inference", "mlir::ModuleOp"> {
  let summary = "Expand a predictive-coding network into train and predict functions";
  let description = [{
    For every function produced by `convert-nn-to-pc` (one with a `pc.mode`
    attribute), emits

    - `<name>_train(args..., %steps: tensor<i64>, %eta: tensor<fT>)`
      returning the loss at the feed-forward pass followed by one gradient
      per `nn.param`, in order (and, with `inputs=true`, the gradient
      estimate `−Σ_j J_jᵀ ε_j` for every float argument); result attributes
      `pcc.grad_of` name them. `%steps` and `%eta` are T and η; the
      network's `pc.steps` and `pc.eta` are their defaults, which the
      runtime passes unless overridden. The gradient of a parameter is
      `−Σ (∂f_i/∂θ)ᵀ ε_i` over the nodes that use it, what an optimizer
      descends;
    - `<name>_predict(inputs...)` with the arguments the network's nodes
      read (targets dropped), returning the feed-forward predictions that
      feed the loss;

    and erases the network function. The train step is: feed-forward
    initialisation (every value node at its prediction, every error 0), an
    `scf.for` over T inference steps, and the parameter gradients. By mode:

    - `fixed-prediction`: predictions, Jacobians and the loss gradient stay
      at their feed-forward values; the state is the errors ε (not the
      values), updated by `ε ← ε − η (ε − Σ_j J_jᵀ ε_j − ∂ℓ-feedback)`, so
      float32 stays exact. With η = 1 and T ≥ level, ε_i equals −∂ℓ/∂v_i.
      With `closed-form` (the default) the recurrence is solved instead
      of iterated: with frozen Jacobians it is linear and time-invariant,
      so the feedback that travelled k edges, g⁽ᵏ⁾ (g⁽⁰⁾ the loss feedback,
      g_i⁽ᵏ⁾ = Σ_j J_jiᵀ g_j⁽ᵏ⁻¹⁾), arrives in ε_i(T) scaled by y_{k+1}(T),
      the response of k + 1 first-order filters in series (y_0 = 1,
      y_m(t+1) = (1-η) y_m(t) + η y_{m-1}(t), from 0; a scalar loop over
      T). That is one VJP per node and path length instead of one per node
      and step: one backward sweep for a chain, whatever T and η. It runs
      when T times the number of sending nodes is at least the number of
      (node, path length) pairs (a run-time comparison), the loop
      otherwise; both give the same errors up to rounding. It is emitted
      only when those pairs are at most twice the sending nodes (at most
      two sweeps of code): in unrolled recurrences nodes reach the loss
      along many path lengths, and the closed form's code would grow with
      their number.
    - `strict`: the state is the values μ; each step re-evaluates the
      predictions, errors, Jacobians and the loss gradient at the current
      μ. With `skip-unchanged` (the default) it evaluates only what can
      have changed: the values start at the feed-forward pass, where every
      error is exactly zero, and an error spreads from the loss one edge
      per step, so at step t a node none of whose parents has moved keeps
      its feed-forward prediction (the same bits), and one that has not
      moved either has a zero error and sends nothing. The first steps,
      whose pattern of skipped work differs from the steady one, are
      emitted one by one before the loop, each under an `scf.if` on T
      (a step past T is not run), while their evaluations add up to at
      most one full step's (compile time); the loop runs the rest, still
      skipping the nodes that never move (those reading only clamped
      inputs keep their feed-forward predictions). On a chain that removes
      the deep layers' products from the first steps; the results equal
      those of `skip-unchanged=false`.
    - `zero-divergence`: strict inference with η = 1 for T = the largest
      level (the `%steps`/`%eta` arguments are ignored); each parameter
      contribution is taken at the step its `pc.learn` names. In a
      levelled network the steps are unrolled and, with `skip-unchanged`,
      each evaluates only what can have changed (backprop's cost); an
      unlevelled one runs them in a loop, each group of rules learning
      under an `scf.if` on the step.
    - `incremental`: strict inference in which the parameters move at every
      step, `θ ← θ − %eta · g_t` (the step size η doubles as the inner
      learning rate); the returned gradient is Σ_t g_t, so a plain SGD step
      of rate η on it reproduces the in-loop updates. `skip-unchanged`
      works as for strict, with the parameters tracked too: a parameter
      moves once a node it learns from has a nonzero error, and a
      prediction that reads a moved parameter is evaluated again.
  }];
  let options = [
    Option<"inputs", "inputs", "bool", /*default=*/"false",
           "Also return the gradient estimates for the float arguments">,
    Option<"closedForm", "closed-form", "bool", /*default=*/"true",
           "Fixed-prediction: solve the linear error dynamics in closed "
           "form (one VJP per node and path length) when that needs fewer "
           "VJPs than T steps of the loop">,
    Option<"skipUnchanged", "skip-unchanged", "bool", /*default=*/"true",
           "Strict, incremental and zero-divergence: skip the predictions, "
           "errors and VJPs of the nodes the errors have not reached yet "
           "(exact); the first steps, where that differs from the rest, are "
           "peeled off the loop">,
  ];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::scf::SCFDialect", "mlir::tensor::TensorDialect",
    "pcc::nn::NNDialect"
  ];
}

def PccUniqueEmptyTensors : Pass<"pcc-unique-empty-tensors"> {
  let summary = "Give every use of a tensor.empty its own tensor.empty";
  let description = [{
    Runs right before one-shot bufferization. CSE merges identical
    `tensor.empty` ops, so one empty tensor can become the destination of two
    unrelated ops, for example a parameter's initialiser and a gradient
    computed inside an inference loop. Bufferization then gives both writers
    one buffer, and the second write clobbers a value the loop still reads
    in its next iteration. After this pass every destination is its own
    allocation, which bufferization and buffer hoisting handle correctly.
    A copy goes right before its user, or, when the user is nested in a
    region (a loop, an `scf.if`), before the op in the original's block that
    contains it, so that a tensor made outside a loop is allocated outside
    it.
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def PccFillAtUses : Pass<"pcc-fill-at-uses"> {
  let summary = "Fill (or broadcast) each tensor that an op writes into right before the op";
  let description = [{
    Runs right before one-shot bufferization. CSE merges identical
    `linalg.fill`s and loop-invariant code motion hoists them out of
    loops, so one filled tensor (zeros, say) becomes the destination of a
    GEMM inside an inference loop, or the initial value of several
    loop-carried states. Bufferization then fills one buffer once and
    copies it into each destination, every iteration: a read and a write of
    the whole tensor where a fill only writes. This pass gives every use
    that writes into a fill's result (a destination of a destination-style
    op, an `scf.for` initial value) its own `tensor.empty` and
    `linalg.fill`, right before the user; uses that only read the tensor
    keep the original. The same holds for a broadcast (an all-parallel
    `linalg.generic` on an empty init, each input read with fewer
    dimensions than it writes, e.g. a bias broadcast to the batch that a
    dense layer's GEMM accumulates into). An op with a single writer in its
    own block is left alone (it is written in place already). The allocations are
    hoisted out of loops after bufferization as before; the fills stay
    where the copies were.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def PccFoldIterArgDims : Pass<"pcc-fold-iter-arg-dims"> {
  let summary = "Read loop-invariant sizes of scf.for iter_args from the initial values";
  let description = [{
    Replaces `tensor.dim %iter_arg, i` by `tensor.dim %init, i` (created
    before the loop) when the loop keeps that iter_arg's shape: the yielded
    value is the iter_arg itself, or is written into it by
    destination-passing ops (`linalg.copy ... outs(%iter_arg)`, any
    DestinationStyleOpInterface result tied to it, `tensor.insert_slice`
    into it, or an `scf.if` whose branches both yield such values), which is
    how `pc-lower-inference` yields its state. Upstream's
    `scf-for-loop-canonicalization` knows only `tensor.insert_slice` and
    nested loops. After it, loop-invariant code motion can hoist what is
    sized by the batch, e.g. the argmax of a max-pool gradient computed from
    frozen feed-forward values.

    Example:

    ```mlir
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%e = %init) -> (tensor<?x8xf32>) {
      %d = tensor.dim %e, %c0 : tensor<?x8xf32>       // becomes tensor.dim %init
      ...
      %c = linalg.copy ins(%new : tensor<?x8xf32>) outs(%e : tensor<?x8xf32>) -> tensor<?x8xf32>
      scf.yield %c : tensor<?x8xf32>
    }
    ```
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect"];
}

def PccFuseElementwise : Pass<"pcc-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg ops, keeping kernel forms intact";
  let description = [{
    Upstream's `linalg-fuse-elementwise-ops` (the same patterns: producer
    into consumer when the producer has one use, reshape propagation by
    expansion, constant folding, linalg canonicalizations), except that
    nothing is fused into a `linalg.generic` of a form a runtime kernel
    implements (the convolution gradients of `pcc/Conversion/KernelForms.h`):
    fusing, say, an activation mask into the filter gradient would change
    its body, and it would then run as scalar loops instead of a GEMM.
    Reshapes are propagated by expansion only through ops whose loops are
    all parallel: expanding a `linalg.matmul` whose result is reshaped
    makes it a generic contraction, which no GEMM kernel matches.
    A `linalg.transpose` that swaps the two matrix dimensions of a
    `linalg.matmul` or `linalg.batch_matmul` operand becomes that operand's
    indexing map (the GEMM reads the untransposed tensor; the runtime kernel
    gets a transposed view, not a copy): the VJPs of dense layers and
    matmuls would otherwise materialise a transposed weight or activation
    for every product.
  }];
  let dependentDialects = ["mlir::affine::AffineDialect",
                           "mlir::linalg::LinalgDialect",
                           "mlir::memref::MemRefDialect"];
}

def PccFlattenElementwise : Pass<"pcc-flatten-elementwise"> {
  let summary = "Collapse elementwise linalg.generic ops to one dimension";
  let description = [{
    A `linalg.generic` on tensors whose loops are all parallel (2 or more),
    whose indexing maps are identities or read a rank-0 operand, and whose
    body
    does not read `linalg.index` becomes a rank-1 generic over
    `tensor.collapse_shape`s of its operands, expanded back afterwards
    (views after bufferization). Its loop nest is then a single loop over
    every element: LLVM's loop vectorizer declines short inner loops that
    need run-time alias checks (an NCHW tensor's innermost loop runs over
    one image row, e.g. 8 elements), but vectorizes the flat loop.
    Dimensions are grouped so that no group has two dynamic sizes (MLIR
    22's expand-strided-metadata crashes on such an expand_shape): a
    `?x2x?x?` op becomes `?x?` (groups [0, 1, 2], [3]). Run it after
    elementwise fusion, whose reshape propagation would undo it.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def PccFoldStateCopies : Pass<"pcc-fold-state-copies"> {
  let summary = "Write elementwise results straight into the copy's destination";
  let description = [{
    `linalg.copy ins(%v) outs(%dest)`, where `%v` is the only result of an
    all-parallel `linalg.generic` with an identity output map, used only by
    the copy, whose body does not read its init, and where every other
    reader of `%dest` comes before the generic: the generic gets `%dest` as
    its init and the copy goes. `pc-lower-inference` ends each inference
    step by copying every new state into the old state's tensor (so that
    the loop reuses its buffers); after this pass a state whose old value
    is not read after its update is updated in place, with no copy.
    Run it after elementwise fusion, whose patterns would give the generic
    a fresh `tensor.empty` init again (the copy would then be lost and the
    state buffers reallocated every step).
  }];
}

def PccMergeSiblingElementwise : Pass<"pcc-merge-sibling-elementwise"> {
  let summary = "Merge elementwise linalg.generic ops that read the same tensor";
  let description = [{
    Two all-parallel `linalg.generic` ops on tensors in one block, whose
    indexing maps are all identities (or read a rank-0 operand), whose
    bodies do not read `linalg.index`, and that both read one tensor
    through an identity map (so their iteration spaces are that tensor's
    shape), become one generic with the results of both, placed where the
    second was: allowed when the second does not read the first's results
    and nothing before the second does either. Then a producer whose every
    use is in the merged op is fused into it (upstream's elementwise
    fusion, which fuses only single-use producers, with duplicate operands
    merged first).

    The value updates that end an inference step read the error they share
    (`e = x_relu - relu(x_dense)` feeds the updates of both `x_relu` and
    `x_dense`): merged, the error is recomputed per element instead of
    being stored and read twice, the two states are read once, and one
    loop (one fork/join when run on every thread) replaces three. Each
    element is computed by the same operations as before (identical bits).
    Run after `pcc-fold-state-copies`, so that in-place state updates are
    merged as such.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect",
                           "mlir::tensor::TensorDialect"];
}

def PccHoistConditionalInvariants : Pass<"pcc-hoist-conditional-invariants"> {
  let summary = "Move loop-invariant ops out of scf.if regions inside loops";
  let description = [{
    An op inside an `scf.if` (at any depth) in the body of an `scf.for`
    that has no memory effects, is speculatable, and reads only values
    defined outside the loop (also in its own regions) moves before the
    loop. Upstream loop-invariant code motion looks only at the ops directly
    in a loop body. `pc-lower-inference`'s fixed-prediction loop for η = 1
    sends each node's error under an `scf.if`; the transposed weights and
    the empty tensors of those VJPs are the same at every step, and are then
    made once, before the loop. The op runs even when no branch would have:
    fine for what is computed once per train step anyway. On buffers, a
    `memref.alloc` moves the same way when neither it nor a view of it is
    yielded or returned (every execution of the branch then reuses one
    buffer): run after bufferization and before deallocation, this keeps
    allocations out of the loop, as buffer loop hoisting does for the loop
    body itself.
  }];
  let dependentDialects = ["mlir::scf::SCFDialect",
                           "mlir::memref::MemRefDialect"];
}

def PccExternalizeParams : Pass<"pcc-externalize-params", "mlir::ModuleOp"> {
  let summary = "Make parameters arguments, and add @pcc_init that creates them";
  let description = [{
    Training needs parameters that live across calls. This pass collects the
    `nn.param` ops of every public function (a parameter is identified by its
    name; every occurrence must have the same type), adds a function
    `@pcc_init() -> (params...)` that evaluates their initialisers, and gives
    every public function that uses parameters all of them as leading
    arguments, in the order of `@pcc_init`'s results (argument and result
    attribute `pcc.param` holds the name). After it, the functions are pure
    functions of the parameters, and the runtime owns the parameter buffers.
  }];
  let dependentDialects = ["pcc::nn::NNDialect"];
}

def PccParallelizeLoops : Pass<"pcc-parallelize-loops", "mlir::ModuleOp"> {
  let summary = "Run large linalg loop nests on buffers on every thread (OpenMP)";
  let description = [{
    The GEMM and convolution kernels split their work over the threads; the
    loops pcc generates itself (elementwise updates, activation masks,
    broadcasts, reductions along inner dimensions, max-pool and its
    gradient) ran on one, with the other threads idle. This pass gives
    each linalg op on buffers whose outer loop is parallel, and whose
    iterations of that loop write distinct elements, a parallel version:

    ```mlir
    scf.if (iterations >= min-iterations && threads > 1) {
      omp.parallel num_threads(threads) { omp.wsloop { omp.loop_nest (%i) {
        func.call @<function>_parallel<k>(%i, what the body uses...)
      } } }
    } else {
      // the op, lowered to loops later, as before
    }
    ```

    The outer loop's index must be an index of every output (an
    elementwise op, a broadcast, a row reduction, a scatter such as
    max-pool's gradient `out[n, c, 2 oh + kh, 2 ow + kw]`); an op with a
    reduction loop must index its outputs by projected permutations; an
    input that views an output's buffer must be read where that output is
    written (an in-place update). `@<function>_parallel<k>` runs the op's
    other loops for one outer index in the serial order, so every element
    is computed as before and the results are the same bits. Its memref
    arguments that are distinct allocations are listed in
    `pcc.noalias_args` (their LLVM pointer arguments), which
    `pcc-mark-noalias` turns into `noalias` after the conversion to LLVM:
    OpenMP passes what a parallel region uses through a struct, and without
    that LLVM could not tell an output from the inputs (an accumulator
    would be stored and reloaded at every step, a scatter would not
    vectorize). LLVM inlines the function into the region.

    `iterations` is the product of all the op's loop sizes, `threads` what
    the runtime reports (`pcc_rt_get_num_threads`, which an executable's
    `--threads` sets): one OpenMP runtime runs these regions and the
    kernels' (executables link LLVM's libomp, which also implements the
    GNU ABI the runtime is compiled against). A parallel region costs about
    a microsecond to start, so small ops stay serial (`min-iterations`).
    Run after bufferization and runtime-kernel conversion, before
    `convert-linalg-to-loops`.

    In a function with at least `out-of-line-min-ops` ops, each parallel
    region is a function of its own, `@<function>_fork<k>(threads, lb,
    ub, step, what the body uses...)` (internal, not inlined), which the
    `scf.if` calls. Translating an `omp.parallel` to LLVM IR outlines it
    from the function around it with work proportional to that function's
    size, about 3 us per op for each region: the unrolled LSTM's train step
    (960 regions, 6900 ops here) took half a minute to translate in place.
    An out-of-line region costs a few milliseconds of code generation
    instead, which pays from about 3000 ops on.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", "32768",
           "Run an op in parallel only when its loop nest has at least this many iterations">,
    Option<"outOfLineMinOps", "out-of-line-min-ops", "int64_t", "3000",
           "Put the parallel regions of a function with at least this many ops in functions of their own">
  ];
  let dependentDialects = ["mlir::omp::OpenMPDialect", "mlir::scf::SCFDialect",
                           "mlir::func::FuncDialect", "mlir::arith::ArithDialect"];
}

def PccMarkNoAlias : Pass<"pcc-mark-noalias", "mlir::ModuleOp"> {
  let summary = "Mark the pointers of distinct buffers noalias in parallel loop bodies";
  let description = [{
    Runs after the conversion to the LLVM dialect. `pcc-parallelize-loops`
    moves the work of one outer index of a parallel loop into a private
    function and lists, in its `pcc.noalias_args` attribute, the LLVM
    arguments (allocated and aligned pointers) of the memrefs that are
    distinct allocations; the conversion of memref arguments drops
    `llvm.noalias`, so this pass sets it on those arguments and gives the
    function internal linkage. LLVM inlines it into the OpenMP-outlined
    region and keeps the no-alias facts as scoped metadata.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // PCC_TRANSFORMS_PASSES_TD
