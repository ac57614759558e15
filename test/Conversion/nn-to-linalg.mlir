// RUN: pcc-opt %s --convert-nn-to-linalg | FileCheck %s --implicit-check-not="= nn."

// Each nn op becomes named linalg ops where they exist, linalg.generic for
// the rest, and tensor ops for padding and shape changes. No nn op is left.

// The indexing maps are printed at the top of the module.
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[TRAIL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[COL0:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[ROW0:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[SCALAR2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[DROP1:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[IDS3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CHAN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @param_zeros_and_constant
func.func @param_zeros_and_constant() -> (tensor<4xf32>, tensor<3xf64>) {
  // CHECK-DAG: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK-DAG: %[[C:.*]] = arith.constant 5.000000e-01 : f64
  // CHECK-DAG: %[[E0:.*]] = tensor.empty() : tensor<4xf32>
  // CHECK-DAG: %[[E1:.*]] = tensor.empty() : tensor<3xf64>
  // CHECK-DAG: %[[F0:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E0]] : tensor<4xf32>)
  // CHECK-DAG: %[[F1:.*]] = linalg.fill ins(%[[C]] : f64) outs(%[[E1]] : tensor<3xf64>)
  // CHECK: return %[[F0]], %[[F1]]
  %0 = nn.param "z" zeros seed 0 : tensor<4xf32>
  %1 = nn.param "c" constant(0.5) seed 0 : tensor<3xf64>
  return %0, %1 : tensor<4xf32>, tensor<3xf64>
}

// Random initialisers are a generic over the element index: a uniform draw
// scaled to [low, high), truncated to f32.
// CHECK-LABEL: func.func @param_uniform
func.func @param_uniform() -> tensor<2x3xf32> {
  // CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
  // CHECK: %[[G:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%[[E]] : tensor<2x3xf32>)
  // CHECK: linalg.index 0
  // CHECK: linalg.index 1
  // CHECK: arith.uitofp %{{.*}} : i64 to f64
  // CHECK: arith.truncf %{{.*}} : f64 to f32
  // CHECK: return %[[G]]
  %0 = nn.param "u" uniform(-1.0, 1.0) seed 7 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Normal draws use Box-Muller: log, sqrt and cos of two uniform draws.
// CHECK-LABEL: func.func @param_he_normal
func.func @param_he_normal() -> tensor<4x3x3x3xf64> {
  // CHECK: linalg.generic
  // CHECK: math.log
  // CHECK: math.sqrt
  // CHECK: math.cos
  // CHECK-NOT: arith.truncf
  // CHECK: linalg.yield %{{.*}} : f64
  %0 = nn.param "w" he_normal seed 3 : tensor<4x3x3x3xf64>
  return %0 : tensor<4x3x3x3xf64>
}

//===----------------------------------------------------------------------===//
// Dense and matmul
//===----------------------------------------------------------------------===//

// The bias, broadcast along the rows by a generic, is the matmul's init.
// CHECK-LABEL: func.func @dense_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @dense_bias(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  // CHECK: %[[C0:.*]] = arith.constant 0 : index
  // CHECK: %[[M:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[M]]) : tensor<?x3xf32>
  // CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[TRAIL]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[B]] : tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>)
  // CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: linalg.yield %[[IN]] : f32
  // CHECK: %[[Y:.*]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x4xf32>, tensor<4x3xf32>) outs(%[[INIT]] : tensor<?x3xf32>) -> tensor<?x3xf32>
  // CHECK: return %[[Y]]
  %y = nn.dense %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// Without a bias the init is zero.
// CHECK-LABEL: func.func @dense_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<8x4xf64>, %[[W:.*]]: tensor<4x2xf64>)
func.func @dense_no_bias(%x: tensor<8x4xf64>, %w: tensor<4x2xf64>) -> tensor<8x2xf64> {
  // CHECK: %[[E:.*]] = tensor.empty() : tensor<8x2xf64>
  // CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
  // CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f64) outs(%[[E]] : tensor<8x2xf64>)
  // CHECK: linalg.matmul ins(%[[X]], %[[W]] : tensor<8x4xf64>, tensor<4x2xf64>) outs(%[[F]] : tensor<8x2xf64>)
  %y = nn.dense %x, %w : (tensor<8x4xf64>, tensor<4x2xf64>) -> tensor<8x2xf64>
  return %y : tensor<8x2xf64>
}

// A vector input is a 1xK matrix.
// CHECK-LABEL: func.func @dense_rank1
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x3xf32>)
func.func @dense_rank1(%x: tensor<4xf32>, %w: tensor<4x3xf32>) -> tensor<3xf32> {
  // CHECK: %[[X2:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
  // CHECK: %[[Y2:.*]] = linalg.matmul ins(%[[X2]], %[[W]] : tensor<1x4xf32>, tensor<4x3xf32>)
  // CHECK: %[[Y:.*]] = tensor.collapse_shape %[[Y2]] {{\[\[}}0, 1]] : tensor<1x3xf32> into tensor<3xf32>
  // CHECK: return %[[Y]]
  %y = nn.dense %x, %w : (tensor<4xf32>, tensor<4x3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// Leading dimensions are collapsed into the rows and expanded back.
// CHECK-LABEL: func.func @dense_rank3
// CHECK-SAME: (%[[X:.*]]: tensor<?x5x4xf64>, %[[W:.*]]: tensor<4x3xf64>)
func.func @dense_rank3(%x: tensor<?x5x4xf64>, %w: tensor<4x3xf64>) -> tensor<?x5x3xf64> {
  // CHECK: %[[X2:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<?x5x4xf64> into tensor<?x4xf64>
  // CHECK: %[[Y2:.*]] = linalg.matmul ins(%[[X2]], %[[W]] : tensor<?x4xf64>, tensor<4x3xf64>)
  // CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x5x4xf64>
  // CHECK: %[[Y:.*]] = tensor.expand_shape %[[Y2]] {{\[\[}}0, 1], [2]] output_shape [%[[B]], 5, 3] : tensor<?x3xf64> into tensor<?x5x3xf64>
  // CHECK: return %[[Y]]
  %y = nn.dense %x, %w : (tensor<?x5x4xf64>, tensor<4x3xf64>) -> tensor<?x5x3xf64>
  return %y : tensor<?x5x3xf64>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<4x?xf32>)
func.func @matmul_2d(%a: tensor<?x4xf32>, %b: tensor<4x?xf32>) -> tensor<?x?xf32> {
  // CHECK: %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x4xf32>
  // CHECK: %[[N:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<4x?xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
  // CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<?x?xf32>)
  // CHECK: %[[Y:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<?x4xf32>, tensor<4x?xf32>) outs(%[[F]] : tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK: return %[[Y]]
  %y = nn.matmul %a, %b : (tensor<?x4xf32>, tensor<4x?xf32>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @matmul_batched
// CHECK-SAME: (%[[A:.*]]: tensor<?x3x4xf64>, %[[B:.*]]: tensor<?x4x5xf64>)
func.func @matmul_batched(%a: tensor<?x3x4xf64>, %b: tensor<?x4x5xf64>) -> tensor<?x3x5xf64> {
  // CHECK: %[[BATCH:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3x4xf64>
  // CHECK: %[[E:.*]] = tensor.empty(%[[BATCH]]) : tensor<?x3x5xf64>
  // CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[E]] : tensor<?x3x5xf64>)
  // CHECK: %[[Y:.*]] = linalg.batch_matmul ins(%[[A]], %[[B]] : tensor<?x3x4xf64>, tensor<?x4x5xf64>) outs(%[[F]] : tensor<?x3x5xf64>) -> tensor<?x3x5xf64>
  // CHECK: return %[[Y]]
  %y = nn.matmul %a, %b : (tensor<?x3x4xf64>, tensor<?x4x5xf64>) -> tensor<?x3x5xf64>
  return %y : tensor<?x3x5xf64>
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// The bias is read along the trailing dimension only.
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16xf32>)
func.func @add_broadcast(%x: tensor<?x16xf32>, %b: tensor<16xf32>) -> tensor<?x16xf32> {
  // CHECK: %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x16xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x16xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[TRAIL]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[B]] : tensor<?x16xf32>, tensor<16xf32>) outs(%[[E]] : tensor<?x16xf32>)
  // CHECK-NEXT: ^bb0(%[[L:.*]]: f32, %[[R:.*]]: f32, %{{.*}}: f32):
  // CHECK-NEXT: %[[S:.*]] = arith.addf %[[L]], %[[R]] : f32
  // CHECK-NEXT: linalg.yield %[[S]] : f32
  %0 = nn.add %x, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  return %0 : tensor<?x16xf32>
}

// Size-1 dimensions are read at index 0; a rank-0 operand with no index.
// CHECK-LABEL: func.func @sub_mul_broadcast
// CHECK-SAME: (%[[C:.*]]: tensor<4x1xf64>, %[[D:.*]]: tensor<1x16xf64>, %[[S:.*]]: tensor<f64>)
func.func @sub_mul_broadcast(%c: tensor<4x1xf64>, %d: tensor<1x16xf64>, %s: tensor<f64>) -> tensor<4x16xf64> {
  // CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#[[COL0]], #[[ROW0]], #[[ID2]]], {{.*}}} ins(%[[C]], %[[D]] : tensor<4x1xf64>, tensor<1x16xf64>)
  // CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
  // CHECK: linalg.generic {indexing_maps = [#[[SCALAR2]], #[[ID2]], #[[ID2]]], {{.*}}} ins(%[[S]], %[[P]] : tensor<f64>, tensor<4x16xf64>)
  // CHECK: arith.subf %{{.*}}, %{{.*}} : f64
  %0 = nn.mul %c, %d : (tensor<4x1xf64>, tensor<1x16xf64>) -> tensor<4x16xf64>
  %1 = nn.sub %s, %0 : (tensor<f64>, tensor<4x16xf64>) -> tensor<4x16xf64>
  return %1 : tensor<4x16xf64>
}

// CHECK-LABEL: func.func @relu
func.func @relu(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // CHECK: linalg.generic
  // CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[R:.*]] = arith.maximumf %{{.*}}, %[[Z]] : f32
  // CHECK: linalg.yield %[[R]]
  %0 = nn.relu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @tanh
func.func @tanh(%x: tensor<2x3xf64>) -> tensor<2x3xf64> {
  // CHECK: linalg.generic
  // CHECK: %[[T:.*]] = math.tanh %{{.*}} : f64
  // CHECK: linalg.yield %[[T]]
  %0 = nn.tanh %x : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// 1 / (1 + exp(-x))
// CHECK-LABEL: func.func @sigmoid
func.func @sigmoid(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // CHECK: linalg.generic
  // CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[N:.*]] = arith.negf %[[IN]] : f32
  // CHECK: %[[E:.*]] = math.exp %[[N]] : f32
  // CHECK: %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f32
  // CHECK: %[[R:.*]] = arith.divf %{{.*}}, %[[D]] : f32
  // CHECK: linalg.yield %[[R]]
  %0 = nn.sigmoid %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// Exact GELU: 0.5 x (1 + erf(x / sqrt 2)).
// CHECK-LABEL: func.func @gelu
func.func @gelu(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // CHECK: linalg.generic
  // CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
  // CHECK: %[[K:.*]] = arith.constant 0.707106769 : f32
  // CHECK: %[[S:.*]] = arith.mulf %[[IN]], %[[K]] : f32
  // CHECK: %[[ERF:.*]] = math.erf %[[S]] : f32
  // CHECK: arith.addf %{{.*}}, %[[ERF]] : f32
  // CHECK: arith.constant 5.000000e-01 : f32
  // CHECK: linalg.yield
  %0 = nn.gelu %x : tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @exp_log
func.func @exp_log(%x: tensor<4xf64>) -> tensor<4xf64> {
  // CHECK: linalg.generic
  // CHECK: math.exp %{{.*}} : f64
  // CHECK: linalg.generic
  // CHECK: math.log %{{.*}} : f64
  %0 = nn.exp %x : tensor<4xf64>
  %1 = nn.log %0 : tensor<4xf64>
  return %1 : tensor<4xf64>
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

// max along the axis, sum of exp(x - max), then exp(x - max) / sum.
// CHECK-LABEL: func.func @softmax_axis1
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf64>)
func.func @softmax_axis1(%x: tensor<2x3x4xf64>) -> tensor<2x3x4xf64> {
  // CHECK: %[[NINF:.*]] = arith.constant 0xFFF0000000000000 : f64
  // CHECK: %[[MINIT:.*]] = linalg.fill ins(%[[NINF]] : f64) outs(%{{.*}} : tensor<2x4xf64>)
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[DROP1]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]] : tensor<2x3x4xf64>) outs(%[[MINIT]] : tensor<2x4xf64>)
  // CHECK: arith.maximumf
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[DROP1]], #[[DROP1]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x3x4xf64>, tensor<2x4xf64>)
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: arith.addf
  // CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[DROP1]], #[[DROP1]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]], %[[MAX]], %[[SUM]] : tensor<2x3x4xf64>, tensor<2x4xf64>, tensor<2x4xf64>)
  // CHECK: math.exp
  // CHECK: arith.divf
  // CHECK: return %[[Y]]
  %0 = nn.softmax %x {axis = 1 : i64} : tensor<2x3x4xf64>
  return %0 : tensor<2x3x4xf64>
}

// Mean and variance over the last dimension, then normalise, scale, shift.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[G:.*]]: tensor<64xf32>, %[[B:.*]]: tensor<64xf32>)
func.func @layer_norm(%x: tensor<?x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>) -> tensor<?x64xf32> {
  // CHECK: %[[D:.*]] = arith.constant 6.400000e+01 : f32
  // CHECK: %[[INVD:.*]] = arith.divf %{{.*}}, %[[D]] : f32
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<?x64xf32>)
  // CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<?xf32>)
  // CHECK: arith.mulf %{{.*}}, %[[INVD]] : f32
  // CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]], #[[ROWS]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]], %[[MEAN]] : tensor<?x64xf32>, tensor<?xf32>)
  // CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
  // CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ROWS]], #[[ROWS]], #[[TRAIL]], #[[TRAIL]], #[[ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MEAN]], %[[SQ]], %[[G]], %[[B]] : tensor<?x64xf32>, tensor<?xf32>, tensor<?xf32>, tensor<64xf32>, tensor<64xf32>)
  // CHECK: arith.addf %{{.*}}, %[[EPS]] : f32
  // CHECK: math.sqrt
  // CHECK: return %[[Y]]
  %0 = nn.layer_norm %x, %g, %b : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  return %0 : tensor<?x64xf32>
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

// Zero padding becomes tensor.pad; the bias, broadcast along N, H and W, is
// the init.
// CHECK-LABEL: func.func @conv2d_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[W:.*]]: tensor<6x1x5x5xf32>, %[[B:.*]]: tensor<6xf32>)
func.func @conv2d_bias(%x: tensor<?x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) -> tensor<?x6x11x8xf32> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 0]
  // CHECK: tensor.yield %[[ZERO]] : f32
  // CHECK: } : tensor<?x1x28x28xf32> to tensor<?x1x30x28xf32>
  // CHECK: %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x1x30x28xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x6x11x8xf32>
  // CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[CHAN]], #[[ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[B]] : tensor<6xf32>) outs(%[[E]] : tensor<?x6x11x8xf32>)
  // CHECK: %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>} ins(%[[P]], %[[W]] : tensor<?x1x30x28xf32>, tensor<6x1x5x5xf32>) outs(%[[INIT]] : tensor<?x6x11x8xf32>) -> tensor<?x6x11x8xf32>
  // CHECK: return %[[Y]]
  %0 = nn.conv2d %x, %w, %b {stride = array<i64: 2, 3>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 1>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x11x8xf32>
  return %0 : tensor<?x6x11x8xf32>
}

// No padding, no bias: the input is used as is and the init is zero.
// CHECK-LABEL: func.func @conv2d_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8x8xf64>, %[[W:.*]]: tensor<4x3x3x3xf64>)
func.func @conv2d_no_bias(%x: tensor<2x3x8x8xf64>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x6x6xf64> {
  // CHECK-NOT: tensor.pad
  // CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<2x4x6x6xf64>)
  // CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) outs(%[[F]] : tensor<2x4x6x6xf64>)
  %y = nn.conv2d %x, %w : (tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x6x6xf64>
  return %y : tensor<2x4x6x6xf64>
}

// Max pooling pads with -inf and starts from -inf; the stride defaults to the
// kernel.
// CHECK-LABEL: func.func @max_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x7x7xf32>)
func.func @max_pool2d(%x: tensor<1x2x7x7xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) {
  // CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
  // CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: tensor.yield %[[NINF]] : f32
  // CHECK: } : tensor<1x2x7x7xf32> to tensor<1x2x9x9xf32>
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x2x4x4xf32>)
  // CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
  // CHECK: %[[Y0:.*]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[P]], %[[WIN]] : tensor<1x2x9x9xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x2x4x4xf32>)
  // CHECK: %[[WIN2:.*]] = tensor.empty() : tensor<2x2xf32>
  // CHECK: %[[Y1:.*]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[X]], %[[WIN2]] : tensor<1x2x7x7xf32>, tensor<2x2xf32>)
  // CHECK: return %[[Y0]], %[[Y1]]
  %0 = nn.max_pool2d %x {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.max_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32>
  return %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>
}

// Average pooling is a sum pool divided by kh*kw, padding counted as zeros.
// CHECK-LABEL: func.func @avg_pool2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x7x7xf64>)
func.func @avg_pool2d(%x: tensor<?x2x7x7xf64>) -> tensor<?x2x7x3xf64> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
  // CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 0] high[0, 0, 1, 0]
  // CHECK: tensor.yield %[[ZERO]] : f64
  // CHECK: } : tensor<?x2x7x7xf64> to tensor<?x2x9x7xf64>
  // CHECK: %[[N:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x2x9x7xf64>
  // CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2x7x3xf64>
  // CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%[[E]] : tensor<?x2x7x3xf64>)
  // CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x2xf64>
  // CHECK: %[[S:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<[1, 2]> : tensor<2xi64>} ins(%[[P]], %[[WIN]] : tensor<?x2x9x7xf64>, tensor<3x2xf64>) outs(%[[INIT]] : tensor<?x2x7x3xf64>)
  // CHECK: %[[K:.*]] = arith.constant 6.000000e+00 : f64
  // CHECK: %[[Y:.*]] = linalg.generic {{.*}} ins(%[[S]] : tensor<?x2x7x3xf64>)
  // CHECK: arith.divf %{{.*}}, %[[K]] : f64
  // CHECK: return %[[Y]]
  %0 = nn.avg_pool2d %x {kernel = array<i64: 3, 2>, stride = array<i64: 1, 2>, padding = array<i64: 1, 0>} : (tensor<?x2x7x7xf64>) -> tensor<?x2x7x3xf64>
  return %0 : tensor<?x2x7x3xf64>
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

// Reshape goes through a flat vector; the dynamic size is total / static.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[Y:.*]]: tensor<2x3x4xf64>)
func.func @reshape(%x: tensor<?x1x28x28xf32>, %y: tensor<2x3x4xf64>) -> (tensor<?x784xf32>, tensor<6x4xf64>) {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2, 3]] : tensor<?x1x28x28xf32> into tensor<?xf32>
  // CHECK: %[[TOTAL:.*]] = tensor.dim %[[FLAT]], %{{.*}} : tensor<?xf32>
  // CHECK: %[[C784:.*]] = arith.constant 784 : index
  // CHECK: %[[B:.*]] = arith.divui %[[TOTAL]], %[[C784]] : index
  // CHECK: %[[R0:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [%[[B]], 784] : tensor<?xf32> into tensor<?x784xf32>
  // CHECK: %[[FLAT2:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf64> into tensor<24xf64>
  // CHECK: %[[R1:.*]] = tensor.expand_shape %[[FLAT2]] {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xf64> into tensor<6x4xf64>
  // CHECK: return %[[R0]], %[[R1]]
  %0 = nn.reshape %x : (tensor<?x1x28x28xf32>) -> tensor<?x784xf32>
  %1 = nn.reshape %y : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  return %0, %1 : tensor<?x784xf32>, tensor<6x4xf64>
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.*]]: tensor<?x16x4x4xf32>, %[[Y:.*]]: tensor<2x3x4xf64>)
func.func @flatten(%x: tensor<?x16x4x4xf32>, %y: tensor<2x3x4xf64>) -> (tensor<?x256xf32>, tensor<6x4xf64>, tensor<1x24xf64>) {
  // CHECK: %[[F0:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0], [1, 2, 3]] : tensor<?x16x4x4xf32> into tensor<?x256xf32>
  // CHECK: %[[F1:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1], [2]] : tensor<2x3x4xf64> into tensor<6x4xf64>
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf64> into tensor<24xf64>
  // CHECK: %[[F2:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [1, 24] : tensor<24xf64> into tensor<1x24xf64>
  // CHECK: return %[[F0]], %[[F1]], %[[F2]]
  %0 = nn.flatten %x : (tensor<?x16x4x4xf32>) -> tensor<?x256xf32>
  %1 = nn.flatten %y {axis = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  %2 = nn.flatten %y {axis = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<1x24xf64>
  return %0, %1, %2 : tensor<?x256xf32>, tensor<6x4xf64>, tensor<1x24xf64>
}

// The dynamic size of result dimension i is that of input dimension perm[i].
// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[K:.*]]: tensor<?x8x16xf32>)
func.func @transpose(%k: tensor<?x8x16xf32>) -> tensor<16x?x8xf32> {
  // CHECK: %[[C0:.*]] = arith.constant 0 : index
  // CHECK: %[[B:.*]] = tensor.dim %[[K]], %[[C0]] : tensor<?x8x16xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<16x?x8xf32>
  // CHECK: %[[T:.*]] = linalg.transpose ins(%[[K]] : tensor<?x8x16xf32>) outs(%[[E]] : tensor<16x?x8xf32>) permutation = [2, 0, 1]
  // CHECK: return %[[T]]
  %0 = nn.transpose %k {permutation = array<i64: 2, 0, 1>} : (tensor<?x8x16xf32>) -> tensor<16x?x8xf32>
  return %0 : tensor<16x?x8xf32>
}

// Each input is inserted at the running offset along the axis.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[H:.*]]: tensor<?x32xf32>, %[[X:.*]]: tensor<?x16xf32>)
func.func @concat(%h: tensor<?x32xf32>, %x: tensor<?x16xf32>) -> tensor<?x48xf32> {
  // CHECK: %[[B:.*]] = tensor.dim %[[H]], %{{.*}} : tensor<?x32xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<?x48xf32>
  // CHECK: %[[S0:.*]] = tensor.insert_slice %[[H]] into %[[E]][0, 0] [%{{.*}}, 32] [1, 1] : tensor<?x32xf32> into tensor<?x48xf32>
  // CHECK: %[[S1:.*]] = tensor.insert_slice %[[X]] into %[[S0]][0, 32] [%{{.*}}, 16] [1, 1] : tensor<?x16xf32> into tensor<?x48xf32>
  // CHECK: return %[[S1]]
  %0 = nn.concat %h, %x {axis = 1 : i64} : (tensor<?x32xf32>, tensor<?x16xf32>) -> tensor<?x48xf32>
  return %0 : tensor<?x48xf32>
}

// Along a dynamic axis the offsets are computed.
// CHECK-LABEL: func.func @concat_dynamic_axis
// CHECK-SAME: (%[[A:.*]]: tensor<?x3xf64>, %[[B:.*]]: tensor<4x3xf64>)
func.func @concat_dynamic_axis(%a: tensor<?x3xf64>, %b: tensor<4x3xf64>) -> tensor<?x3xf64> {
  // CHECK: %[[DA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3xf64>
  // CHECK: %[[OFF:.*]] = arith.addi %{{.*}}, %[[DA]] : index
  // CHECK: %[[TOTAL:.*]] = arith.addi %[[OFF]], %{{.*}} : index
  // CHECK: %[[E:.*]] = tensor.empty(%[[TOTAL]]) : tensor<?x3xf64>
  // CHECK: %[[S0:.*]] = tensor.insert_slice %[[A]] into %[[E]][0, 0]
  // CHECK: tensor.insert_slice %[[B]] into %[[S0]][%[[OFF]], 0] [4, 3] [1, 1] : tensor<4x3xf64> into tensor<?x3xf64>
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<?x3xf64>, tensor<4x3xf64>) -> tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[Z:.*]]: tensor<?x128xf32>, %[[Y:.*]]: tensor<10x10xf64>)
func.func @slice(%z: tensor<?x128xf32>, %y: tensor<10x10xf64>) -> (tensor<?x32xf32>, tensor<3x3xf64>) {
  // CHECK: %[[B:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x128xf32>
  // CHECK: %[[S0:.*]] = tensor.extract_slice %[[Z]][0, 32] [%[[B]], 32] [1, 1] : tensor<?x128xf32> to tensor<?x32xf32>
  // CHECK: %[[S1:.*]] = tensor.extract_slice %[[Y]][1, 0] [3, 3] [3, 4] : tensor<10x10xf64> to tensor<3x3xf64>
  // CHECK: return %[[S0]], %[[S1]]
  %0 = nn.slice %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x128xf32>) -> tensor<?x32xf32>
  %1 = nn.slice %y {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 3, 4>} : (tensor<10x10xf64>) -> tensor<3x3xf64>
  return %0, %1 : tensor<?x32xf32>, tensor<3x3xf64>
}

//===----------------------------------------------------------------------===//
// Embedding and losses
//===----------------------------------------------------------------------===//

// Each output element reads table[clamp(id, 0, V-1), d].
// CHECK-LABEL: func.func @embedding_i64
// CHECK-SAME: (%[[IDS:.*]]: tensor<?x16xi64>, %[[T:.*]]: tensor<96x32xf32>)
func.func @embedding_i64(%ids: tensor<?x16xi64>, %table: tensor<96x32xf32>) -> tensor<?x16x32xf32> {
  // CHECK: %[[B:.*]] = tensor.dim %[[IDS]], %{{.*}} : tensor<?x16xi64>
  // CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<?x16x32xf32>
  // CHECK: %[[Y:.*]] = linalg.generic {indexing_maps = [#[[IDS3]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[IDS]] : tensor<?x16xi64>) outs(%[[E]] : tensor<?x16x32xf32>)
  // CHECK-NEXT: ^bb0(%[[ID:.*]]: i64, %{{.*}}: f32):
  // CHECK: %[[I:.*]] = arith.index_cast %[[ID]] : i64 to index
  // CHECK-DAG: %[[LO:.*]] = arith.constant 0 : index
  // CHECK-DAG: %[[HI:.*]] = arith.constant 95 : index
  // CHECK: %[[M:.*]] = arith.maxsi %[[I]], %[[LO]] : index
  // CHECK: %[[ROW:.*]] = arith.minsi %[[M]], %[[HI]] : index
  // CHECK: %[[COL:.*]] = linalg.index 2 : index
  // CHECK: %[[V:.*]] = tensor.extract %[[T]][%[[ROW]], %[[COL]]] : tensor<96x32xf32>
  // CHECK: linalg.yield %[[V]] : f32
  // CHECK: return %[[Y]]
  %0 = nn.embedding %ids, %table : (tensor<?x16xi64>, tensor<96x32xf32>) -> tensor<?x16x32xf32>
  return %0 : tensor<?x16x32xf32>
}

// CHECK-LABEL: func.func @embedding_i32
// CHECK-SAME: (%[[IDS:.*]]: tensor<5xi32>, %[[T:.*]]: tensor<10x4xf64>)
func.func @embedding_i32(%ids: tensor<5xi32>, %table: tensor<10x4xf64>) -> tensor<5x4xf64> {
  // CHECK: linalg.generic {{.*}} ins(%[[IDS]] : tensor<5xi32>) outs(%{{.*}} : tensor<5x4xf64>)
  // CHECK: arith.index_cast %{{.*}} : i32 to index
  // CHECK: arith.constant 9 : index
  // CHECK: tensor.extract %[[T]][%{{.*}}, %{{.*}}] : tensor<10x4xf64>
  %0 = nn.embedding %ids, %table : (tensor<5xi32>, tensor<10x4xf64>) -> tensor<5x4xf64>
  return %0 : tensor<5x4xf64>
}

// Half squared error, summed over everything, divided by the batch size.
// CHECK-LABEL: func.func @mse
// CHECK-SAME: (%[[P:.*]]: tensor<?x10xf32>, %[[T:.*]]: tensor<?x10xf32>)
func.func @mse(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>) -> tensor<f32> {
  // CHECK: %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
  // CHECK: %[[SQ:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[T]] : tensor<?x10xf32>, tensor<?x10xf32>)
  // CHECK: %[[D:.*]] = arith.subf
  // CHECK: %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
  // CHECK: arith.mulf %[[HALF]], %[[D2]] : f32
  // CHECK: %[[B:.*]] = tensor.dim %[[P]], %{{.*}} : tensor<?x10xf32>
  // CHECK: %[[BI:.*]] = arith.index_cast %[[B]] : index to i64
  // CHECK: %[[BF:.*]] = arith.sitofp %[[BI]] : i64 to f32
  // CHECK: %[[COUNT:.*]] = arith.mulf %{{.*}}, %[[BF]] : f32
  // CHECK: %[[TOTAL:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[SQ]] : tensor<?x10xf32>) outs(%{{.*}} : tensor<f32>)
  // CHECK: %[[L:.*]] = linalg.generic {{.*}} ins(%[[TOTAL]] : tensor<f32>)
  // CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
  // CHECK: return %[[L]] : tensor<f32>
  %0 = nn.mse %p, %t : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// log-sum-exp with the row maximum subtracted, minus the logit of the
// (clamped) label, averaged over positions.
// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[Z:.*]]: tensor<?x10xf64>, %[[Y:.*]]: tensor<?xi64>)
func.func @cross_entropy(%z: tensor<?x10xf64>, %y: tensor<?xi64>) -> tensor<f64> {
  // CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[Z]] : tensor<?x10xf64>)
  // CHECK: arith.maximumf
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[Z]], %[[MAX]] : tensor<?x10xf64>, tensor<?xf64>)
  // CHECK: math.exp
  // CHECK: %[[PER:.*]] = linalg.generic {{.*}} ins(%[[Y]], %[[MAX]], %[[SUM]] : tensor<?xi64>, tensor<?xf64>, tensor<?xf64>)
  // CHECK-NEXT: ^bb0(%[[LABEL:.*]]: i64, %[[M:.*]]: f64, %[[S:.*]]: f64, %{{.*}}: f64):
  // CHECK: %[[POS:.*]] = linalg.index 0 : index
  // CHECK: arith.index_cast %[[LABEL]] : i64 to index
  // CHECK: arith.constant 9 : index
  // CHECK: %[[CLS:.*]] = arith.minsi
  // CHECK: %[[ZY:.*]] = tensor.extract %[[Z]][%[[POS]], %[[CLS]]] : tensor<?x10xf64>
  // CHECK: %[[LOG:.*]] = math.log %[[S]] : f64
  // CHECK: %[[LSE:.*]] = arith.addf %[[LOG]], %[[M]] : f64
  // CHECK: %[[R:.*]] = arith.subf %[[LSE]], %[[ZY]] : f64
  // CHECK: linalg.yield %[[R]]
  // CHECK: tensor.dim %[[Y]], %{{.*}} : tensor<?xi64>
  // CHECK: linalg.generic {{.*}} ins(%[[PER]] : tensor<?xf64>) outs(%{{.*}} : tensor<f64>)
  // CHECK: %[[L:.*]] = linalg.generic
  // CHECK: arith.divf
  // CHECK: return %[[L]] : tensor<f64>
  %0 = nn.cross_entropy %z, %y : (tensor<?x10xf64>, tensor<?xi64>) -> tensor<f64>
  return %0 : tensor<f64>
}
