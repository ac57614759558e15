//===- PCOps.td - the pc dialect: predictive-coding networks -*- tablegen -*-===//
//
// The predictive-coding network a model became: value nodes with their
// predictions, error nodes, the energy, and the parameter rules. It is what
// convert-nn-to-pc produces and pc-lower-inference expands into a train step.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_DIALECT_PC_IR_PCOPS_TD
#define PCC_DIALECT_PC_IR_PCOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def PC_Dialect : Dialect {
  let name = "pc";
  let cppNamespace = "::pcc::pc";
  let summary = "Predictive-coding networks: value nodes, errors, energy, local rules";
  let description = [{
    A function in the `pc` dialect is a predictive-coding network. Every
    `pc.node` is a value node `μ_i` whose prediction `v̂_i = f_i(μ_P(i); θ_i)`
    is the node's region; `pc.error` is its error node
    `ε_i = μ_i − v̂_i`; the ops that consume nodes but are not nodes form the
    loss `ℓ`; `pc.energy` is `F = Σ_i ½‖ε_i‖² + ℓ`; `pc.learn` states that a
    parameter follows its local rule `θ ← θ + α (∂f_i/∂θ)ᵀ ε_i`.
    Function arguments and values that depend on no node are clamped.

    Inference (relaxation) moves every value node down the energy:
    `μ_i ← μ_i − η (ε_i − Σ_{j∈C(i)} J_jiᵀ ε_j)` with `J_ji = ∂f_j/∂μ_i`,
    where a child that is the loss contributes `−∂ℓ/∂μ_i`.

    The algorithm is given by attributes of the enclosing function:

    | attribute        | values                                   | meaning |
    |------------------|------------------------------------------|---------|
    | `pc.mode`        | `"strict"`, `"fixed-prediction"`, `"zero-divergence"`, `"incremental"` | which predictions and Jacobians inference uses and when parameters learn (see `convert-nn-to-pc`) |
    | `pc.steps`       | integer ≥ 1                              | inference steps T (the default of the train step's argument) |
    | `pc.eta`         | float > 0                                | inference step size η (the default of the train step's argument) |
    | `pc.granularity` | `"op"`, `"layer"`                        | one node per op, or elementwise ops folded into their producer's node |

    A node's `level` is the length of the longest path from it to the loss
    (a node that feeds the loss has level 1). Under `zero-divergence` every
    edge joins consecutive levels (identity nodes carry values across
    skipped levels) and `pc.learn` gives the step at which the parameter
    learns.
  }];
  let hasOperationAttrVerify = 1;
}

class PC_Op<string mnemonic, list<Trait> traits = []>
    : Op<PC_Dialect, mnemonic, traits>;

def PC_NodeOp : PC_Op<"node", [IsolatedFromAbove, RecursiveMemoryEffects,
                                SingleBlock]> {
  let summary = "a value node and its prediction";
  let description = [{
    A value node `μ` of the network. The region computes the node's
    prediction from the node's inputs (its parents: other nodes, clamped
    inputs, parameters and constants), which are the region's arguments; the
    region sees nothing else. `level` is the longest path from the node to
    the loss. The result is the node's value; before inference it equals the
    prediction (feed-forward initialisation).

    Example:

    ```mlir
    %h = pc.node "dense_0" level 3 (%x, %w, %b) : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32> {
    ^bb0(%a: tensor<?x784xf32>, %wa: tensor<784x256xf32>, %ba: tensor<256xf32>):
      %0 = nn.dense %a, %wa, %ba : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
      pc.yield %0 : tensor<?x256xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$name, I64Attr:$level,
                       Variadic<AnyRankedTensor>:$inputs);
  let results = (outs AnyRankedTensor:$value);
  let regions = (region SizedRegion<1>:$prediction);
  let assemblyFormat = [{
    $name `level` $level ` ` `(` $inputs `)` attr-dict `:`
    functional-type($inputs, $value) $prediction
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "int64_t":$level,
                   "::mlir::ValueRange":$inputs, "::mlir::Type":$type)>
  ];
  let extraClassDeclaration = [{
    /// The value the region yields.
    mlir::Value getPredictionValue();
    mlir::Block &getBody() { return getPrediction().front(); }
  }];
}

def PC_YieldOp : PC_Op<"yield", [Pure, Terminator, ReturnLike,
                                 HasParent<"NodeOp">]> {
  let summary = "the prediction of a node";
  let description = [{
    Terminates a `pc.node` region with the node's prediction, whose type is
    the node's type.
  }];
  let arguments = (ins AnyRankedTensor:$value);
  let assemblyFormat = "$value attr-dict `:` type($value)";
  let hasVerifier = 1;
}

def PC_ErrorOp : PC_Op<"error", [Pure, AllTypesMatch<["node", "error"]>]> {
  let summary = "the error node of a value node";
  let description = [{
    `ε = μ − v̂`: the difference between a node's value and its prediction.
    Under fixed-prediction inference the errors, not the values, are the
    state that is updated (`μ = v̂_ff + ε`), which keeps float32 exact.

    Example:

    ```mlir
    %e = pc.error %h : tensor<?x256xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$node);
  let results = (outs AnyRankedTensor:$error);
  let assemblyFormat = "$node attr-dict `:` type($node)";
  let hasVerifier = 1;
}

def PC_EnergyOp : PC_Op<"energy", [Pure, AllTypesMatch<["loss", "energy"]>]> {
  let summary = "the network's energy: Σ ½‖ε‖² + loss";
  let description = [{
    `F = Σ_i ½ Σ ε_i² + ℓ`, the quantity inference descends. Every error
    node of the network is an operand.

    Example:

    ```mlir
    %F = pc.energy errors(%e0, %e1 : tensor<?x256xf32>, tensor<?x10xf32>) loss %l : tensor<f32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$errors, AnyRankedTensor:$loss);
  let results = (outs AnyRankedTensor:$energy);
  let assemblyFormat = [{
    `errors` `(` ($errors^ `:` type($errors))? `)` `loss` $loss attr-dict `:` type($loss)
  }];
  let hasVerifier = 1;
}

def PC_LearnOp : PC_Op<"learn"> {
  let summary = "the local rule of a parameter used by a node";
  let description = [{
    States that parameter `param`, an input of `node`, learns from that
    node's error: `θ ← θ + α (∂f/∂θ)ᵀ ε` (the optimizer consumes
    `−(∂f/∂θ)ᵀ ε` as the gradient). A parameter used by several nodes (a
    weight shared across time steps) has one `pc.learn` per node, and the
    contributions add up. Under `zero-divergence`, `at_step` is the inference
    step at which the contribution is taken (the node's level); otherwise the
    contribution is taken after inference (`strict`, `fixed-prediction`) or
    at every step (`incremental`).

    Example:

    ```mlir
    pc.learn %w by %h : tensor<784x256xf32>, tensor<?x256xf32>
    pc.learn %w by %h at_step 3 : tensor<784x256xf32>, tensor<?x256xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$param, AnyRankedTensor:$node,
                       OptionalAttr<I64Attr>:$at_step);
  let assemblyFormat = [{
    $param `by` $node (`at_step` $at_step^)? attr-dict `:` type($param) `,` type($node)
  }];
  let hasVerifier = 1;
}

#endif // PCC_DIALECT_PC_IR_PCOPS_TD
