//===- NNGradOps.td - vector-Jacobian products of nn ops ---*- tablegen -*-===//
//
// Gradient ops. They are emitted by differentiation (nn-autodiff and
// convert-nn-to-pc) for the ops whose derivative is not a composition of
// other nn ops, and are not themselves differentiable: a program that
// contains one is already a gradient program. Each takes the forward op's
// operands it needs and `grad`, the gradient of the forward op's result,
// and returns the gradient of one forward operand.
//
// Included by NNOps.td, whose classes and constraints it uses.
//
//===----------------------------------------------------------------------===//

#ifndef PCC_DIALECT_NN_IR_NNGRADOPS_TD
#define PCC_DIALECT_NN_IR_NNGRADOPS_TD

//===----------------------------------------------------------------------===//
// Gradient ops: elementwise
//===----------------------------------------------------------------------===//

class NN_UnaryGradOp<string mnemonic, string forward, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType, InferTypeOpInterface]> {
  let summary = "gradient of nn." # forward # " with respect to its input";
  let description = [{
    `}] # formula # [{` elementwise, where `x` is the input of
    `nn.}] # forward # [{` and `g` the gradient of its result. Both operands
    and the result have one type.

    Example:

    ```mlir
    %dx = nn.}] # mnemonic # [{ %x, %g : tensor<?x256xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$grad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = "$input `,` $grad attr-dict `:` type($result)";
}

def NN_ReluGradOp : NN_UnaryGradOp<"relu_grad", "relu", "x > 0 ? g : 0">;
def NN_GeluGradOp : NN_UnaryGradOp<"gelu_grad", "gelu",
    "g · (Φ(x) + x · φ(x)), Φ(x) = ½(1 + erf(x/√2)), φ(x) = exp(-x²/2)/√(2π)">;

//===----------------------------------------------------------------------===//
// Gradient ops: convolution and pooling (NCHW)
//===----------------------------------------------------------------------===//

def NN_Conv2DGradInputOp : NN_Op<"conv2d_grad_input"> {
  let summary = "gradient of nn.conv2d with respect to its input";
  let description = [{
    For `grad` `[N, F, OH, OW]` (the gradient of a `nn.conv2d` result) and
    the filter `[F, C, KH, KW]`, the gradient of the convolution's input
    `[N, C, H, W]`, which is the declared result type:

    `result[n, c, h, w] = Σ_{f,kh,kw} grad[n, f, oh, ow] · filter[f, c, kh, kw]`

    over `oh = (h + ph - kh·dh) / sh` and `ow = (w + pw - kw·dw) / sw` that
    are exact integers in `[0, OH) × [0, OW)`. `stride`, `padding` and
    `dilation` are those of the forward convolution, and `grad` must have the
    shape that `nn.conv2d` gives for an input of the result's shape. Input
    positions that no window reads (the bottom and right rows a stride skips)
    get 0.

    Example:

    ```mlir
    %dx = nn.conv2d_grad_input %g, %w {padding = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$grad, NN_FloatTensor:$filter,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $filter attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_Conv2DGradFilterOp : NN_Op<"conv2d_grad_filter"> {
  let summary = "gradient of nn.conv2d with respect to its filter";
  let description = [{
    For the convolution's input `[N, C, H, W]` and `grad` `[N, F, OH, OW]`
    (the gradient of its result), the gradient of the filter
    `[F, C, KH, KW]`, which is the declared result type:

    `result[f, c, kh, kw] = Σ_{n,oh,ow} grad[n, f, oh, ow] · input[n, c, oh·sh + kh·dh - ph, ow·sw + kw·dw - pw]`

    with input positions outside the image reading 0. `stride`, `padding`
    and `dilation` are those of the forward convolution, and `grad` must have
    the shape that `nn.conv2d` gives for this input and filter.

    Example:

    ```mlir
    %dw = nn.conv2d_grad_filter %x, %g {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<?x6x28x28xf32>) -> tensor<6x1x5x5xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$grad,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def NN_MaxPool2DGradOp : NN_Op<"max_pool2d_grad", [InferTypeOpAdaptor]> {
  let summary = "gradient of nn.max_pool2d with respect to its input";
  let description = [{
    Routes the gradient of each pooling window to the window's maximum: for
    every output position `(n, c, oh, ow)`, `grad[n, c, oh, ow]` is added to
    the result at the first position of the window, in row-major `(kh, kw)`
    order, that holds the window's maximum of `input`. Padding never wins.
    Positions that are no window's maximum get 0. `kernel`, `stride` and
    `padding` are those of the forward pooling, and `grad` must have the
    shape of its output. The result has the input's type.

    Example:

    ```mlir
    %dx = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$input, NN_FloatTensor:$grad,
                       DenseI64ArrayAttr:$kernel,
                       OptionalAttr<DenseI64ArrayAttr>:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $grad attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = NN_PoolStrideDecl;
}

def NN_AvgPool2DGradOp : NN_Op<"avg_pool2d_grad"> {
  let summary = "gradient of nn.avg_pool2d with respect to its input";
  let description = [{
    `result[n, c, h, w] = Σ grad[n, c, oh, ow] / (kh·kw)` over the windows
    `(oh, ow)` that contain `(h, w)`. As in `nn.avg_pool2d`, the divisor is
    always `kh·kw` (padded positions count). `kernel`, `stride` and `padding`
    are those of the forward pooling; the result type is the forward input's
    type, and `grad` must have the shape of the forward output.

    Example:

    ```mlir
    %dx = nn.avg_pool2d_grad %g {kernel = array<i64: 2, 2>} : (tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$grad, DenseI64ArrayAttr:$kernel,
                       OptionalAttr<DenseI64ArrayAttr>:$stride,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = NN_PoolStrideDecl;
}

//===----------------------------------------------------------------------===//
// Gradient ops: shape and lookup
//===----------------------------------------------------------------------===//

def NN_SliceGradOp : NN_Op<"slice_grad", [InferTypeOpAdaptor]> {
  let summary = "gradient of nn.slice with respect to its input";
  let description = [{
    Zeros of `like`'s shape with `grad` written at the strided box that
    `nn.slice` with the same `offsets`, `sizes` and `strides` reads:
    `result[offsets + i·strides …] = grad[i…]`. `grad` must have the shape of
    that slice of `like`. Only the shape of `like` (the forward input) is
    used; the result has its type.

    Example:

    ```mlir
    %dz = nn.slice_grad %g, %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x32xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$grad, NN_FloatTensor:$like,
                       DenseI64ArrayAttr:$offsets, DenseI64ArrayAttr:$sizes,
                       DenseI64ArrayAttr:$strides);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $grad `,` $like attr-dict `:` functional-type(operands, results)
  }];
}

def NN_EmbeddingGradOp : NN_Op<"embedding_grad"> {
  let summary = "gradient of nn.embedding with respect to its table";
  let description = [{
    `result[v, d] = Σ_p grad[p, d]` over the positions `p` of `ids` with
    `clamp(ids[p], 0, V-1) = v`, for the table type `[V, D]` (the declared
    result type, static). `grad` has the shape of the `nn.embedding` result:
    `ids`' shape followed by `D`. Rows no id selects get 0.

    Example:

    ```mlir
    %dt = nn.embedding_grad %ids, %g : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<96x32xf32>
    ```
  }];
  let arguments = (ins NN_IndexTensor:$ids, NN_FloatTensor:$grad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $ids `,` $grad attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gradient ops: losses
//===----------------------------------------------------------------------===//

def NN_MseGradOp : NN_Op<"mse_grad", [InferTypeOpAdaptor]> {
  let summary = "gradient of nn.mse with respect to the prediction";
  let description = [{
    `grad · (prediction - target) / B`, where `grad` is the rank-0 gradient
    of the loss and `B` is the size of the leading dimension (1 for a rank-0
    prediction), as in `nn.mse`. The result has the prediction's type.

    Example:

    ```mlir
    %dy = nn.mse_grad %y, %t, %g : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<f32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$prediction, NN_FloatTensor:$target,
                       NN_FloatTensor:$grad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $prediction `,` $target `,` $grad attr-dict `:` functional-type(operands, results)
  }];
}

def NN_CrossEntropyGradOp : NN_Op<"cross_entropy_grad", [InferTypeOpAdaptor]> {
  let summary = "gradient of nn.cross_entropy with respect to the logits";
  let description = [{
    `grad · (softmax(logits) - onehot(clamp(label, 0, C-1))) / P`, with the
    softmax over the class (last) dimension, `grad` the rank-0 gradient of
    the loss and `P` the number of label positions, as in
    `nn.cross_entropy`. The softmax subtracts the row maximum, so logits of
    ±1e4 stay finite. The result has the logits' type.

    Example:

    ```mlir
    %dz = nn.cross_entropy_grad %z, %y, %g : (tensor<?x10xf32>, tensor<?xi64>, tensor<f32>) -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_FloatTensor:$logits, NN_IndexTensor:$labels,
                       NN_FloatTensor:$grad);
  let results = (outs NN_FloatTensor:$result);
  let assemblyFormat = [{
    $logits `,` $labels `,` $grad attr-dict `:` functional-type(operands, results)
  }];
}

#endif // PCC_DIALECT_NN_IR_NNGRADOPS_TD
