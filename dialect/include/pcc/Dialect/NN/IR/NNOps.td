//===- NNOps.td - the nn dialect: differentiable programs --*- tablegen -*-===//
//
// The nn dialect is pcc's input IR: a differentiable program on ranked
// tensors with value semantics. Parameters are explicit ops with their
// initialisers, so a function body is the whole model. Every forward op
// infers its result type, and shape errors are reported by that inference
// with the operand name and both shapes. The gradient ops that
// differentiation emits are in NNGradOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_DIALECT_NN_IR_NNOPS_TD
#define PCC_DIALECT_NN_IR_NNOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::pcc::nn";
  let summary = "Differentiable programs on ranked tensors";
  let description = [{
    The `nn` dialect describes a neural network as a differentiable program:
    SSA values are ranked tensors of `f32` or `f64` (integer tensors for
    class labels and token ids), the batch dimension may be dynamic, and
    parameters are explicit `nn.param` ops that carry their initialiser.

    Broadcasting (`nn.add`, `nn.sub`, `nn.mul`, `nn.div`) follows the NumPy
    rule:
    shapes are aligned on their trailing dimension; a missing leading
    dimension or a static dimension of size 1 is broadcast; otherwise the two
    dimensions must be equal. A dynamic dimension (`?`) is never broadcast: it
    is assumed equal to the other operand's dimension at run time.

    Losses reduce to a rank-0 tensor: they sum over every dimension but the
    leading (batch) one and average over the batch.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, !listconcat(traits, [Pure])>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def NN_Float : AnyTypeOf<[F32, F64]>;
def NN_FloatTensor : RankedTensorOf<[F32, F64]>;
def NN_IndexTensor : RankedTensorOf<[I32, I64]>;
def NN_Scalar : 0DTensorOf<[F32, F64]>;

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// A signed 64-bit integer (upstream I64Attr reads back as uint64_t, which
// would turn axis = -1 into a huge index).
def NN_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                              "64-bit integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

def NN_InitKind : I32EnumAttr<"InitKind", "parameter initialiser", [
    I32EnumAttrCase<"zeros", 0>,
    I32EnumAttrCase<"constant", 1>,
    I32EnumAttrCase<"uniform", 2>,
    I32EnumAttrCase<"normal", 3>,
    I32EnumAttrCase<"glorot_uniform", 4>,
    I32EnumAttrCase<"glorot_normal", 5>,
    I32EnumAttrCase<"he_uniform", 6>,
    I32EnumAttrCase<"he_normal", 7>
  ]> {
  let cppNamespace = "::pcc::nn";
  let genSpecializedAttr = 0;
}

def NN_InitKindAttr : EnumAttr<NN_Dialect, NN_InitKind, "init">;

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

def NN_ParamOp : NN_Op<"param"> {
  let summary = "a trainable parameter with its initialiser";
  let description = [{
    Declares a trainable tensor named `name` (unique within its function).
    Its value before training is drawn by the initialiser from a
    counter-based generator seeded with `seed`, so the same seed gives the
    same tensor on every machine. The initialiser's arguments:

    | initialiser       | args             | distribution                                  |
    |-------------------|------------------|-----------------------------------------------|
    | `zeros`           | none             | 0                                             |
    | `constant`        | `(c)`            | c                                             |
    | `uniform`         | `(low, high)`    | U(low, high), low < high                      |
    | `normal`          | `(mean, stddev)` | N(mean, stddev²), stddev > 0                  |
    | `glorot_uniform`  | none or `(gain)` | U(±gain·√(6/(fan_in+fan_out)))                |
    | `glorot_normal`   | none or `(gain)` | N(0, gain²·2/(fan_in+fan_out))                |
    | `he_uniform`      | none or `(gain)` | U(±gain·√(6/fan_in))                          |
    | `he_normal`       | none or `(gain)` | N(0, gain²·2/fan_in)                          |

    Fans: a rank-1 tensor `[n]` has fan_in = fan_out = n; a rank-2 dense
    weight `[in, out]` has fan_in = in, fan_out = out; a convolution filter
    `[F, C, KH, KW]` has fan_in = C·KH·KW and fan_out = F·KH·KW. The shape
    must be static.

    Example:

    ```mlir
    %w = nn.param "fc1.weight" glorot_uniform seed 1 : tensor<784x256xf32>
    %b = nn.param "fc1.bias" constant(0.1) seed 0 : tensor<256xf32>
    ```
  }];
  let arguments = (ins StrAttr:$name, NN_InitKindAttr:$init,
                       OptionalAttr<DenseF64ArrayAttr>:$args,
                       NN_I64Attr:$seed);
  let results = (outs NN_FloatTensor:$result);
  // No space before $init: the enum attribute's own printer writes one.
  let assemblyFormat = [{
    $name `` $init `` custom<InitArgs>($args) `seed` $seed attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Fan-in and fan-out used by the Glorot and He initialisers.
    std::pair<int64_t, int64_t> getFans();
  }];
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

def NN_DenseOp : NN_Op<"dense", [InferTypeOpAdaptor]> {
  let summary = "affine layer: input · weight + bias";
  let description = [{
    `result[..., n] = Σ_k input[..., k] · weight[k, n] + bias[n]`.
    The input has rank ≥ 1 (leading dimensions are batch dimensions, and may
    be dynamic), the weight is `[K, N]`, the optional bias is `[N]`.

    Example:

    ```mlir
    %y = nn.dense %x, %w, %b : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$weight,
                       Optional<NN_FloatTensor>:$bias);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_MatmulOp : NN_Op<"matmul", [InferTypeOpAdaptor]> {
  let summary = "product of two activations, optionally batched";
  let description = [{
    Matrix product of two computed values (not a parameter and an input, as
    in `nn.dense`): `[M, K] × [K, N] → [M, N]`, or batched
    `[B, M, K] × [B, K, N] → [B, M, N]` with equal batch sizes. Both operands
    are differentiable.

    Example:

    ```mlir
    %s = nn.matmul %q, %kt : (tensor<?x8x16xf32>, tensor<?x16x8xf32>) -> tensor<?x8x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops (broadcasting)
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [InferTypeOpAdaptor]> {
  let summary = "elementwise " # formula # " with NumPy broadcasting";
  let description = [{
    Elementwise `}] # formula # [{` of two tensors of the same element type.
    Shapes broadcast by the NumPy rule (see the dialect description): align
    the trailing dimensions; a missing or static size-1 dimension stretches;
    other dimensions must be equal; a dynamic dimension is never stretched.

    Example:

    ```mlir
    %z = nn.}] # mnemonic # [{ %x, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$lhs, NN_FloatTensor:$rhs);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def NN_AddOp : NN_BinaryOp<"add", "lhs + rhs">;
def NN_SubOp : NN_BinaryOp<"sub", "lhs - rhs">;
def NN_MulOp : NN_BinaryOp<"mul", "lhs * rhs">;
def NN_DivOp : NN_BinaryOp<"div", "lhs / rhs">;

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = "elementwise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element; the result has the operand's
    type.

    Example:

    ```mlir
    %y = nn.}] # mnemonic # [{ %x : tensor<?x256xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def NN_ReluOp : NN_UnaryOp<"relu", "max(x, 0)">;
def NN_TanhOp : NN_UnaryOp<"tanh", "tanh(x)">;
def NN_SigmoidOp : NN_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def NN_GeluOp : NN_UnaryOp<"gelu", "x · Φ(x) = ½x(1 + erf(x/√2)) (exact GELU)">;
def NN_ExpOp : NN_UnaryOp<"exp", "exp(x)">;
def NN_LogOp : NN_UnaryOp<"log", "log(x) (natural logarithm; -inf at 0, NaN below)">;
def NN_NegOp : NN_UnaryOp<"neg", "-x">;
def NN_SqrtOp : NN_UnaryOp<"sqrt", "sqrt(x) (NaN below 0)">;
def NN_SinOp : NN_UnaryOp<"sin", "sin(x)">;
def NN_CosOp : NN_UnaryOp<"cos", "cos(x)">;
def NN_TanOp : NN_UnaryOp<"tan", "tan(x)">;

//===----------------------------------------------------------------------===//
// Reductions and broadcasts
//===----------------------------------------------------------------------===//

def NN_ReduceSumOp : NN_Op<"reduce_sum", [InferTypeOpAdaptor]> {
  let summary = "sum over a set of dimensions";
  let description = [{
    `result[i…] = Σ_{j ∈ axes} input[…]`: sums over every dimension listed
    in `axes`. Each axis is in `[-rank, rank)` (negative values count from
    the end) and names a different dimension. The result drops the summed
    dimensions (rank 0 when all are summed), or keeps them with size 1 when
    `keep_dims` is set. Empty `axes` is the identity.

    Example:

    ```mlir
    %s = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<?x3x4xf32>) -> tensor<3xf32>
    %k = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<?x3x1xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "false">:$keep_dims);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    /// The axes as non-negative dimension indices, in increasing order.
    llvm::SmallVector<int64_t> getNormalizedAxes();
  }];
}

def NN_BroadcastLikeOp : NN_Op<"broadcast_like", [InferTypeOpAdaptor]> {
  let summary = "repeat a tensor to the shape of another";
  let description = [{
    The result has the type of `like`; only the shape of `like` is used,
    never its values.

    With `axes` (as in `nn.reduce_sum`, but relative to the rank of `like`):
    `input` has `like`'s shape without those dimensions, and is repeated
    along them: `result[i…] = input[i… without axes]`. This is the transpose
    of `nn.reduce_sum` without `keep_dims`.

    Without `axes`: `input` broadcasts to `like`'s shape by the NumPy rule of
    `nn.add`, which must give exactly `like`'s shape.

    Example:

    ```mlir
    %b = nn.broadcast_like %g, %like {axes = array<i64: 1>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
    %r = nn.broadcast_like %bias, %like : (tensor<4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$like,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{}">:$axes);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $like attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// The axes as non-negative dimensions of `like`, in increasing order.
    llvm::SmallVector<int64_t> getNormalizedAxes();
  }];
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

def NN_SoftmaxOp : NN_Op<"softmax", [SameOperandsAndResultType,
                                      InferTypeOpInterface]> {
  let summary = "softmax along one axis";
  let description = [{
    `exp(x - max(x)) / Σ exp(x - max(x))` along `axis` (negative values
    count from the last dimension; the default is the last one). Subtracting
    the maximum keeps it finite for logits of any magnitude.

    Example:

    ```mlir
    %p = nn.softmax %z {axis = -1 : i64} : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       DefaultValuedAttr<NN_I64Attr, "-1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The axis as a non-negative dimension index.
    int64_t getNormalizedAxis() {
      int64_t rank = getInput().getType().getRank();
      return getAxis() < 0 ? getAxis() + rank : getAxis();
    }
  }];
}

def NN_LayerNormOp : NN_Op<"layer_norm", [InferTypeOpAdaptor]> {
  let summary = "layer normalisation over the last dimension";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) · gamma + beta`, where mean and the
    biased variance are taken over the last dimension `D`; `gamma` and `beta`
    are `[D]`.

    Example:

    ```mlir
    %y = nn.layer_norm %x, %g, %b {epsilon = 1.0e-05 : f64} : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$gamma,
                       NN_FloatTensor:$beta,
                       DefaultValuedAttr<F64Attr, "1.0e-5">:$epsilon);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Convolution and pooling (NCHW)
//===----------------------------------------------------------------------===//

def NN_Conv2DOp : NN_Op<"conv2d", [InferTypeOpAdaptor]> {
  let summary = "2-D convolution, NCHW input, FCHW filter";
  let description = [{
    `result[n, f, i, j] = bias[f] + Σ_{c,p,q} x[n, c, i·sh + p·dh - ph, j·sw + q·dw - pw] · w[f, c, p, q]`
    with zero padding outside the input. Input `[N, C, H, W]`, filter
    `[F, C, KH, KW]`, optional bias `[F]`; `stride = [sh, sw]` (≥ 1),
    `padding = [ph, pw]` (≥ 0, applied on both sides), `dilation = [dh, dw]`
    (≥ 1). Output size `OH = (H + 2·ph - dh·(KH-1) - 1) / sh + 1`, likewise
    `OW`, and it must be at least 1.

    Example:

    ```mlir
    %y = nn.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$filter,
                       Optional<NN_FloatTensor>:$bias,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

// The stride of a pooling op (and of its gradient) defaults to the kernel.
defvar NN_PoolStrideDecl = [{
    /// The stride, defaulting to the kernel size.
    llvm::SmallVector<int64_t, 2> getEffectiveStride() {
      if (auto s = getStride())
        return llvm::SmallVector<int64_t, 2>(s->begin(), s->end());
      return llvm::SmallVector<int64_t, 2>(getKernel().begin(),
                                           getKernel().end());
    }
}];

class NN_Pool2DOp<string mnemonic, string what, string padNote>
    : NN_Op<mnemonic, [InferTypeOpAdaptor]> {
  let summary = "2-D " # what # " pooling, NCHW";
  let description = [{
    }] # what # [{ over `kernel = [kh, kw]` windows of an `[N, C, H, W]`
    input with `stride` (default: the kernel size) and symmetric `padding`
    (default 0, at most half the kernel). }] # padNote # [{ Output size
    `OH = (H + 2·ph - kh) / sh + 1`, likewise `OW`.

    Example:

    ```mlir
    %y = nn.}] # mnemonic # [{ %x {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       OptionalAttr<DenseI64ArrayAttr>:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = NN_PoolStrideDecl;
}

def NN_MaxPool2DOp : NN_Pool2DOp<"max_pool2d", "Maximum",
    "Padding never wins the maximum (it is -inf).">;
def NN_AvgPool2DOp : NN_Pool2DOp<"avg_pool2d", "Average",
    "The divisor is always kh·kw: padded positions count as zeros.">;

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

def NN_ReshapeOp : NN_Op<"reshape"> {
  let summary = "reinterpret the elements in a new shape (row-major order)";
  let description = [{
    The result keeps the elements in row-major order. When both shapes are
    static the element counts must be equal. Otherwise each side has at most
    one dynamic dimension, both have one, and the static products are equal
    (the dynamic dimension carries the same factor, typically the batch).

    Example:

    ```mlir
    %y = nn.reshape %x : (tensor<?x1x28x28xf32>) -> tensor<?x784xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def NN_FlattenOp : NN_Op<"flatten", [InferTypeOpAdaptor]> {
  let summary = "collapse the dimensions before and after `axis` to a matrix";
  let description = [{
    `[d0, …, d(a-1), da, …, dn] → [d0·…·d(a-1), da·…·dn]` with `a = axis`
    (default 1, in [0, rank]; a product over no dimensions is 1).

    Example:

    ```mlir
    %y = nn.flatten %x : (tensor<?x16x4x4xf32>) -> tensor<?x256xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input,
                       DefaultValuedAttr<NN_I64Attr, "1">:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_TransposeOp : NN_Op<"transpose", [InferTypeOpAdaptor]> {
  let summary = "permute dimensions";
  let description = [{
    `result.shape[i] = input.shape[permutation[i]]`; `permutation` is a
    permutation of `[0, rank)`.

    Example:

    ```mlir
    %kt = nn.transpose %k {permutation = array<i64: 0, 2, 1>} : (tensor<?x8x16xf32>) -> tensor<?x16x8xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$permutation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_ConcatOp : NN_Op<"concat", [InferTypeOpAdaptor]> {
  let summary = "join tensors along one axis";
  let description = [{
    All inputs have the same rank and element type and agree on every
    dimension but `axis` (negative counts from the end); along `axis` the
    sizes add up (dynamic if any is dynamic).

    Example:

    ```mlir
    %hx = nn.concat %h, %x {axis = 1 : i64} : (tensor<?x32xf32>, tensor<?x16xf32>) -> tensor<?x48xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_FloatTensor>:$inputs, NN_I64Attr:$axis);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let extraClassDeclaration = [{
    int64_t getNormalizedAxis() {
      int64_t rank = llvm::cast<mlir::RankedTensorType>(getType()).getRank();
      return getAxis() < 0 ? getAxis() + rank : getAxis();
    }
  }];
}

def NN_SliceOp : NN_Op<"slice", [InferTypeOpAdaptor]> {
  let summary = "a strided box of a tensor";
  let description = [{
    `result[i…] = input[offsets + i·strides …]` with `sizes` elements per
    dimension. Offsets ≥ 0, sizes ≥ 1, strides ≥ 1, and
    `offset + (size-1)·stride < dim` for static dimensions. A dynamic
    dimension can only be taken whole: offset 0, size -1, stride 1.

    Example:

    ```mlir
    %g = nn.slice %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x128xf32>) -> tensor<?x32xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes,
                       DenseI64ArrayAttr:$strides);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
}

def NN_EmbeddingOp : NN_Op<"embedding", [InferTypeOpAdaptor]> {
  let summary = "look up rows of a table by integer id";
  let description = [{
    `result[i…, d] = table[clamp(ids[i…], 0, V-1), d]` for a table `[V, D]`
    and integer ids of any shape. Ids outside `[0, V)` are clamped, so a bad
    id never reads outside the table.

    Example:

    ```mlir
    %e = nn.embedding %ids, %table : (tensor<?x16xi64>, tensor<96x32xf32>) -> tensor<?x16x32xf32>
    ```
  }];
  let arguments = (ins NN_IndexTensor:$ids, NN_FloatTensor:$table);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$ids `,` $table attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

def NN_MseOp : NN_Op<"mse", [InferTypeOpAdaptor]> {
  let summary = "half squared error, summed over features, mean over batch";
  let description = [{
    `(1/B) Σ ½ (prediction - target)²` over all elements, where `B` is the
    size of the leading dimension (1 for a rank-0 prediction). Prediction and
    target have the same type; the result is a rank-0 tensor. With this
    scaling the output error of predictive coding is exactly
    `(target - prediction)/B`.

    Example:

    ```mlir
    %l = nn.mse %y, %t : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$prediction, NN_FloatTensor:$target);
  let results = (outs NN_Scalar:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` functional-type(operands, results)
  }];
}

def NN_CrossEntropyOp : NN_Op<"cross_entropy", [InferTypeOpAdaptor]> {
  let summary = "softmax cross-entropy of logits against integer labels";
  let description = [{
    `(1/P) Σ_p (logsumexp(logits[p, :]) - logits[p, label[p]])` over every
    position `p` of the labels, with classes in the last dimension of the
    logits: logits `[..., C]`, labels `[...]` of `i32` or `i64`, `P` the
    number of positions. The log-sum-exp subtracts the row maximum, so logits
    of ±1e4 stay finite. Labels outside `[0, C)` are clamped.

    Example:

    ```mlir
    %l = nn.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$logits, NN_IndexTensor:$labels);
  let results = (outs NN_Scalar:$result);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` functional-type(operands, results)
  }];
}

// The vector-Jacobian products that differentiation emits.
include "pcc/Dialect/NN/IR/NNGradOps.td"

#endif // PCC_DIALECT_NN_IR_NNOPS_TD
