// RUN: pcc-opt %s | pcc-opt | FileCheck %s
// RUN: pcc-opt %s --mlir-print-op-generic | pcc-opt | FileCheck %s
// One space between a param's name and its initialiser:
// RUN: pcc-opt %s | FileCheck --strict-whitespace --check-prefix=SPACE %s
// SPACE: {{^}}    %0 = nn.param "zeros" zeros seed 0 : tensor<4x8xf32>{{$}}
// SPACE: {{^}}    %1 = nn.param "constant" constant(1.000000e-01) seed 1 : tensor<8xf32>{{$}}

// Every nn op survives a round trip through the custom and the generic
// syntax, with its attributes and its inferred result type intact.

//===----------------------------------------------------------------------===//
// nn.param: the eight initialisers
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @param_initialisers
func.func @param_initialisers() {
  // CHECK: nn.param "zeros" zeros seed 0 : tensor<4x8xf32>
  %0 = nn.param "zeros" zeros seed 0 : tensor<4x8xf32>
  // CHECK: nn.param "constant" constant{{ ?}}(1.000000e-01) seed 1 : tensor<8xf32>
  %1 = nn.param "constant" constant(0.1) seed 1 : tensor<8xf32>
  // CHECK: nn.param "uniform" uniform{{ ?}}(-5.000000e-01, 2.500000e-01) seed 2 : tensor<3x3xf64>
  %2 = nn.param "uniform" uniform(-0.5, 0.25) seed 2 : tensor<3x3xf64>
  // CHECK: nn.param "normal" normal{{ ?}}(0.000000e+00, 2.000000e-02) seed -7 : tensor<16xf32>
  %3 = nn.param "normal" normal(0.0, 0.02) seed -7 : tensor<16xf32>
  // CHECK: nn.param "glorot_uniform" glorot_uniform seed 3 : tensor<784x256xf32>
  %4 = nn.param "glorot_uniform" glorot_uniform seed 3 : tensor<784x256xf32>
  // CHECK: nn.param "glorot_uniform.gain" glorot_uniform{{ ?}}(2.000000e+00) seed 3 : tensor<784x256xf32>
  %5 = nn.param "glorot_uniform.gain" glorot_uniform(2.0) seed 3 : tensor<784x256xf32>
  // CHECK: nn.param "glorot_normal" glorot_normal seed 4 : tensor<6x1x5x5xf64>
  %6 = nn.param "glorot_normal" glorot_normal seed 4 : tensor<6x1x5x5xf64>
  // CHECK: nn.param "he_uniform" he_uniform{{ ?}}(1.414000e+00) seed 5 : tensor<32x16xf32>
  %7 = nn.param "he_uniform" he_uniform(1.414) seed 5 : tensor<32x16xf32>
  // CHECK: nn.param "he_normal" he_normal seed 9223372036854775807 : tensor<16x3x3x3xf32>
  %8 = nn.param "he_normal" he_normal seed 9223372036854775807 : tensor<16x3x3x3xf32>
  // CHECK: nn.param "scalar" constant{{ ?}}(-2.000000e+00) seed 0 : tensor<f32>
  %9 = nn.param "scalar" constant(-2.0) seed 0 : tensor<f32>
  return
}

// A parameter name only has to be unique within its function.
// CHECK-LABEL: func.func @param_name_reused_in_other_function
func.func @param_name_reused_in_other_function() {
  // CHECK: nn.param "zeros" zeros seed 0 : tensor<4x8xf32>
  %0 = nn.param "zeros" zeros seed 0 : tensor<4x8xf32>
  return
}

// An empty argument list (only expressible in the generic syntax) must be
// printed in a form that the custom parser reads back.
// CHECK-LABEL: func.func @param_empty_args
func.func @param_empty_args() {
  // CHECK: nn.param "no_gain" he_uniform{{.*}}seed 0 : tensor<3x3xf32>
  %0 = "nn.param"() <{args = array<f64>, init = #nn<init he_uniform>, name = "no_gain", seed = 0 : i64}> : () -> tensor<3x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Linear algebra
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dense_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x784xf32>, %[[W:.*]]: tensor<784x256xf32>, %[[B:.*]]: tensor<256xf32>)
func.func @dense_bias(%x: tensor<?x784xf32>, %w: tensor<784x256xf32>, %b: tensor<256xf32>) -> tensor<?x256xf32> {
  // CHECK: %[[Y:.*]] = nn.dense %[[X]], %[[W]], %[[B]] : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  // CHECK: return %[[Y]]
  %y = nn.dense %x, %w, %b : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  return %y : tensor<?x256xf32>
}

// CHECK-LABEL: func.func @dense_no_bias
// CHECK-SAME: (%[[X:.*]]: tensor<8x4xf64>, %[[W:.*]]: tensor<4x2xf64>)
func.func @dense_no_bias(%x: tensor<8x4xf64>, %w: tensor<4x2xf64>) -> tensor<8x2xf64> {
  // CHECK: nn.dense %[[X]], %[[W]] : (tensor<8x4xf64>, tensor<4x2xf64>) -> tensor<8x2xf64>
  %y = nn.dense %x, %w : (tensor<8x4xf64>, tensor<4x2xf64>) -> tensor<8x2xf64>
  return %y : tensor<8x2xf64>
}

// CHECK-LABEL: func.func @dense_rank1
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3xf32>)
func.func @dense_rank1(%x: tensor<4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // CHECK: nn.dense %[[X]], %[[W]], %[[B]] : (tensor<4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %y = nn.dense %x, %w, %b : (tensor<4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// CHECK-LABEL: func.func @dense_rank3
// CHECK-SAME: (%[[X:.*]]: tensor<?x16x32xf32>, %[[W:.*]]: tensor<32x64xf32>)
func.func @dense_rank3(%x: tensor<?x16x32xf32>, %w: tensor<32x64xf32>) -> tensor<?x16x64xf32> {
  // CHECK: nn.dense %[[X]], %[[W]] : (tensor<?x16x32xf32>, tensor<32x64xf32>) -> tensor<?x16x64xf32>
  %y = nn.dense %x, %w : (tensor<?x16x32xf32>, tensor<32x64xf32>) -> tensor<?x16x64xf32>
  return %y : tensor<?x16x64xf32>
}

// CHECK-LABEL: func.func @matmul_2d
// CHECK-SAME: (%[[A:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16x8xf32>)
func.func @matmul_2d(%a: tensor<?x16xf32>, %b: tensor<16x8xf32>) -> tensor<?x8xf32> {
  // CHECK: nn.matmul %[[A]], %[[B]] : (tensor<?x16xf32>, tensor<16x8xf32>) -> tensor<?x8xf32>
  %y = nn.matmul %a, %b : (tensor<?x16xf32>, tensor<16x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @matmul_batched
// CHECK-SAME: (%[[Q:.*]]: tensor<?x8x16xf64>, %[[K:.*]]: tensor<?x16x8xf64>)
func.func @matmul_batched(%q: tensor<?x8x16xf64>, %kt: tensor<?x16x8xf64>) -> tensor<?x8x8xf64> {
  // CHECK: nn.matmul %[[Q]], %[[K]] : (tensor<?x8x16xf64>, tensor<?x16x8xf64>) -> tensor<?x8x8xf64>
  %s = nn.matmul %q, %kt : (tensor<?x8x16xf64>, tensor<?x16x8xf64>) -> tensor<?x8x8xf64>
  return %s : tensor<?x8x8xf64>
}

//===----------------------------------------------------------------------===//
// Elementwise binary ops with broadcasting
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @binary_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16xf32>, %[[C:.*]]: tensor<4x1xf32>, %[[D:.*]]: tensor<1x16xf32>)
func.func @binary_broadcast(%x: tensor<?x16xf32>, %b: tensor<16xf32>, %c: tensor<4x1xf32>, %d: tensor<1x16xf32>) {
  // CHECK: nn.add %[[X]], %[[B]] : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %0 = nn.add %x, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  // CHECK: nn.sub %[[B]], %[[X]] : (tensor<16xf32>, tensor<?x16xf32>) -> tensor<?x16xf32>
  %1 = nn.sub %b, %x : (tensor<16xf32>, tensor<?x16xf32>) -> tensor<?x16xf32>
  // CHECK: nn.mul %[[C]], %[[D]] : (tensor<4x1xf32>, tensor<1x16xf32>) -> tensor<4x16xf32>
  %2 = nn.mul %c, %d : (tensor<4x1xf32>, tensor<1x16xf32>) -> tensor<4x16xf32>
  return
}

// CHECK-LABEL: func.func @binary_f64_scalar
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf64>, %[[S:.*]]: tensor<f64>)
func.func @binary_f64_scalar(%x: tensor<2x3xf64>, %s: tensor<f64>) {
  // CHECK: nn.add %[[X]], %[[X]] : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %0 = nn.add %x, %x : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  // CHECK: nn.sub %[[S]], %[[X]] : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %1 = nn.sub %s, %x : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  // CHECK: nn.mul %[[X]], %[[S]] : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  %2 = nn.mul %x, %s : (tensor<2x3xf64>, tensor<f64>) -> tensor<2x3xf64>
  return
}

// CHECK-LABEL: func.func @div_broadcast
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16xf32>, %[[S:.*]]: tensor<f64>, %[[Y:.*]]: tensor<2x3xf64>)
func.func @div_broadcast(%x: tensor<?x16xf32>, %b: tensor<16xf32>, %s: tensor<f64>, %y: tensor<2x3xf64>) {
  // CHECK: nn.div %[[X]], %[[B]] : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %0 = nn.div %x, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  // CHECK: nn.div %[[S]], %[[Y]] : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %1 = nn.div %s, %y : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise unary ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<?x256xf32>, %[[Y:.*]]: tensor<2x3x4xf64>)
func.func @unary(%x: tensor<?x256xf32>, %y: tensor<2x3x4xf64>) {
  // CHECK: nn.relu %[[X]] : tensor<?x256xf32>
  %0 = nn.relu %x : tensor<?x256xf32>
  // CHECK: nn.tanh %[[X]] : tensor<?x256xf32>
  %1 = nn.tanh %x : tensor<?x256xf32>
  // CHECK: nn.sigmoid %[[X]] : tensor<?x256xf32>
  %2 = nn.sigmoid %x : tensor<?x256xf32>
  // CHECK: nn.gelu %[[X]] : tensor<?x256xf32>
  %3 = nn.gelu %x : tensor<?x256xf32>
  // CHECK: nn.exp %[[X]] : tensor<?x256xf32>
  %4 = nn.exp %x : tensor<?x256xf32>
  // CHECK: nn.log %[[X]] : tensor<?x256xf32>
  %5 = nn.log %x : tensor<?x256xf32>
  // CHECK: nn.relu %[[Y]] : tensor<2x3x4xf64>
  %6 = nn.relu %y : tensor<2x3x4xf64>
  // CHECK: nn.tanh %[[Y]] : tensor<2x3x4xf64>
  %7 = nn.tanh %y : tensor<2x3x4xf64>
  // CHECK: nn.sigmoid %[[Y]] : tensor<2x3x4xf64>
  %8 = nn.sigmoid %y : tensor<2x3x4xf64>
  // CHECK: nn.gelu %[[Y]] : tensor<2x3x4xf64>
  %9 = nn.gelu %y : tensor<2x3x4xf64>
  // CHECK: nn.exp %[[Y]] : tensor<2x3x4xf64>
  %10 = nn.exp %y : tensor<2x3x4xf64>
  // CHECK: nn.log %[[Y]] : tensor<2x3x4xf64>
  %11 = nn.log %y : tensor<2x3x4xf64>
  return
}

// CHECK-LABEL: func.func @unary_trig
// CHECK-SAME: (%[[X:.*]]: tensor<?x256xf32>, %[[Y:.*]]: tensor<f64>)
func.func @unary_trig(%x: tensor<?x256xf32>, %y: tensor<f64>) {
  // CHECK: nn.neg %[[X]] : tensor<?x256xf32>
  %0 = nn.neg %x : tensor<?x256xf32>
  // CHECK: nn.sqrt %[[X]] : tensor<?x256xf32>
  %1 = nn.sqrt %x : tensor<?x256xf32>
  // CHECK: nn.sin %[[X]] : tensor<?x256xf32>
  %2 = nn.sin %x : tensor<?x256xf32>
  // CHECK: nn.cos %[[X]] : tensor<?x256xf32>
  %3 = nn.cos %x : tensor<?x256xf32>
  // CHECK: nn.tan %[[X]] : tensor<?x256xf32>
  %4 = nn.tan %x : tensor<?x256xf32>
  // CHECK: nn.neg %[[Y]] : tensor<f64>
  %5 = nn.neg %y : tensor<f64>
  // CHECK: nn.tan %[[Y]] : tensor<f64>
  %6 = nn.tan %y : tensor<f64>
  return
}

//===----------------------------------------------------------------------===//
// Reductions and broadcasts
//===----------------------------------------------------------------------===//

// keep_dims = false is the default and is not printed.
// CHECK-LABEL: func.func @reduce_sum
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>, %[[Y:.*]]: tensor<2x3xf64>, %[[S:.*]]: tensor<f32>)
func.func @reduce_sum(%x: tensor<?x3x4xf32>, %y: tensor<2x3xf64>, %s: tensor<f32>) {
  // CHECK: nn.reduce_sum %[[X]] {axes = array<i64: 0, 2>} : (tensor<?x3x4xf32>) -> tensor<3xf32>
  %0 = nn.reduce_sum %x {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<?x3x4xf32>) -> tensor<3xf32>
  // CHECK: nn.reduce_sum %[[X]] {axes = array<i64: -1>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<?x3x1xf32>
  %1 = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<?x3x1xf32>
  // Every axis: rank 0, or all ones with keep_dims.
  // CHECK: nn.reduce_sum %[[Y]] {axes = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<f64>
  %2 = nn.reduce_sum %y {axes = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<f64>
  // CHECK: nn.reduce_sum %[[Y]] {axes = array<i64: 0, -1>, keep_dims = true} : (tensor<2x3xf64>) -> tensor<1x1xf64>
  %3 = nn.reduce_sum %y {axes = array<i64: 0, -1>, keep_dims = true} : (tensor<2x3xf64>) -> tensor<1x1xf64>
  // No axes: the identity.
  // CHECK: nn.reduce_sum %[[X]] {axes = array<i64>} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %4 = nn.reduce_sum %x {axes = array<i64>} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: nn.reduce_sum %[[S]] {axes = array<i64>} : (tensor<f32>) -> tensor<f32>
  %5 = nn.reduce_sum %s {axes = array<i64>} : (tensor<f32>) -> tensor<f32>
  return
}

// Empty axes (the default, not printed) broadcast by the NumPy rule.
// CHECK-LABEL: func.func @broadcast_like
// CHECK-SAME: (%[[G:.*]]: tensor<?x4xf32>, %[[L:.*]]: tensor<?x3x4xf32>, %[[B:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<3x1xf32>, %[[S:.*]]: tensor<f64>, %[[M:.*]]: tensor<2x3xf64>)
func.func @broadcast_like(%g: tensor<?x4xf32>, %like: tensor<?x3x4xf32>, %b: tensor<4xf32>, %c: tensor<3x1xf32>,
                          %s: tensor<f64>, %m: tensor<2x3xf64>) {
  // CHECK: nn.broadcast_like %[[G]], %[[L]] {axes = array<i64: 1>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %0 = nn.broadcast_like %g, %like {axes = array<i64: 1>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: nn.broadcast_like %[[G]], %[[L]] {axes = array<i64: -2>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %1 = nn.broadcast_like %g, %like {axes = array<i64: -2>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: nn.broadcast_like %[[B]], %[[L]] : (tensor<4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %2 = nn.broadcast_like %b, %like : (tensor<4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: nn.broadcast_like %[[C]], %[[L]] : (tensor<3x1xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  %3 = nn.broadcast_like %c, %like {axes = array<i64>} : (tensor<3x1xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // A rank-0 input repeated along every axis, and broadcast.
  // CHECK: nn.broadcast_like %[[S]], %[[M]] {axes = array<i64: 0, 1>} : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %4 = nn.broadcast_like %s, %m {axes = array<i64: 0, 1>} : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  // CHECK: nn.broadcast_like %[[S]], %[[M]] : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  %5 = nn.broadcast_like %s, %m : (tensor<f64>, tensor<2x3xf64>) -> tensor<2x3xf64>
  return
}

//===----------------------------------------------------------------------===//
// Normalisation
//===----------------------------------------------------------------------===//

// The default axis (-1) is not printed; any other axis is.
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[Z:.*]]: tensor<?x10xf32>, %[[W:.*]]: tensor<2x3x4xf64>)
func.func @softmax(%z: tensor<?x10xf32>, %w: tensor<2x3x4xf64>) {
  // CHECK: nn.softmax %[[Z]] : tensor<?x10xf32>
  %0 = nn.softmax %z : tensor<?x10xf32>
  // CHECK: nn.softmax %[[Z]] : tensor<?x10xf32>
  %1 = nn.softmax %z {axis = -1 : i64} : tensor<?x10xf32>
  // CHECK: nn.softmax %[[Z]] {axis = 0 : i64} : tensor<?x10xf32>
  %2 = nn.softmax %z {axis = 0 : i64} : tensor<?x10xf32>
  // CHECK: nn.softmax %[[W]] {axis = 1 : i64} : tensor<2x3x4xf64>
  %3 = nn.softmax %w {axis = 1 : i64} : tensor<2x3x4xf64>
  // CHECK: nn.softmax %[[W]] {axis = -3 : i64} : tensor<2x3x4xf64>
  %4 = nn.softmax %w {axis = -3 : i64} : tensor<2x3x4xf64>
  return
}

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x64xf32>, %[[G:.*]]: tensor<64xf32>, %[[B:.*]]: tensor<64xf32>, %[[Y:.*]]: tensor<2x8x16xf64>, %[[G2:.*]]: tensor<16xf64>, %[[B2:.*]]: tensor<16xf64>)
func.func @layer_norm(%x: tensor<?x64xf32>, %g: tensor<64xf32>, %b: tensor<64xf32>,
                      %y: tensor<2x8x16xf64>, %g2: tensor<16xf64>, %b2: tensor<16xf64>) {
  // CHECK: nn.layer_norm %[[X]], %[[G]], %[[B]] : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %0 = nn.layer_norm %x, %g, %b : (tensor<?x64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  // CHECK: nn.layer_norm %[[Y]], %[[G2]], %[[B2]] {epsilon = 1.000000e-03 : f64} : (tensor<2x8x16xf64>, tensor<16xf64>, tensor<16xf64>) -> tensor<2x8x16xf64>
  %1 = nn.layer_norm %y, %g2, %b2 {epsilon = 1.0e-3 : f64} : (tensor<2x8x16xf64>, tensor<16xf64>, tensor<16xf64>) -> tensor<2x8x16xf64>
  return
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[W:.*]]: tensor<6x1x5x5xf32>, %[[B:.*]]: tensor<6xf32>)
func.func @conv2d(%x: tensor<?x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<6xf32>) {
  // A stride equal to the default is not printed.
  // CHECK: nn.conv2d %[[X]], %[[W]], %[[B]] {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
  %0 = nn.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
  // Defaults: stride 1, no padding, no dilation.
  // CHECK: nn.conv2d %[[X]], %[[W]] : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x6x24x24xf32>
  %1 = nn.conv2d %x, %w : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x6x24x24xf32>
  // (28 + 2 - 2*4 - 1) / 2 + 1 = 11 and (28 + 0 - 1*4 - 1) / 3 + 1 = 8.
  // CHECK: nn.conv2d %[[X]], %[[W]], %[[B]] {dilation = array<i64: 2, 1>, padding = array<i64: 1, 0>, stride = array<i64: 2, 3>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x11x8xf32>
  %2 = nn.conv2d %x, %w, %b {stride = array<i64: 2, 3>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 1>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x11x8xf32>
  return
}

// CHECK-LABEL: func.func @conv2d_f64
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8x8xf64>, %[[W:.*]]: tensor<4x3x3x3xf64>)
func.func @conv2d_f64(%x: tensor<2x3x8x8xf64>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64> {
  // CHECK: nn.conv2d %[[X]], %[[W]] {padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64>
  %y = nn.conv2d %x, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64>
  return %y : tensor<2x4x4x4xf64>
}

// CHECK-LABEL: func.func @pooling
// CHECK-SAME: (%[[X:.*]]: tensor<?x6x28x28xf32>, %[[Y:.*]]: tensor<1x2x7x7xf64>)
func.func @pooling(%x: tensor<?x6x28x28xf32>, %y: tensor<1x2x7x7xf64>) {
  // CHECK: nn.max_pool2d %[[X]] {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  // (7 + 2 - 3) / 2 + 1 = 4.
  // CHECK: nn.max_pool2d %[[Y]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x7x7xf64>) -> tensor<1x2x4x4xf64>
  %1 = nn.max_pool2d %y {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x7x7xf64>) -> tensor<1x2x4x4xf64>
  // CHECK: nn.avg_pool2d %[[X]] {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  %2 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  // (28 + 2 - 3) / 1 + 1 = 28 and (28 + 0 - 2) / 2 + 1 = 14.
  // CHECK: nn.avg_pool2d %[[X]] {kernel = array<i64: 3, 2>, padding = array<i64: 1, 0>, stride = array<i64: 1, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x28x14xf32>
  %3 = nn.avg_pool2d %x {kernel = array<i64: 3, 2>, stride = array<i64: 1, 2>, padding = array<i64: 1, 0>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x28x14xf32>
  // CHECK: nn.avg_pool2d %[[Y]] {kernel = array<i64: 7, 7>} : (tensor<1x2x7x7xf64>) -> tensor<1x2x1x1xf64>
  %4 = nn.avg_pool2d %y {kernel = array<i64: 7, 7>} : (tensor<1x2x7x7xf64>) -> tensor<1x2x1x1xf64>
  return
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[Y:.*]]: tensor<2x3x4xf64>)
func.func @reshape(%x: tensor<?x1x28x28xf32>, %y: tensor<2x3x4xf64>) {
  // CHECK: nn.reshape %[[X]] : (tensor<?x1x28x28xf32>) -> tensor<?x784xf32>
  %0 = nn.reshape %x : (tensor<?x1x28x28xf32>) -> tensor<?x784xf32>
  // CHECK: nn.reshape %[[Y]] : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  %1 = nn.reshape %y : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  // CHECK: nn.reshape %[[Y]] : (tensor<2x3x4xf64>) -> tensor<24xf64>
  %2 = nn.reshape %y : (tensor<2x3x4xf64>) -> tensor<24xf64>
  return
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[X:.*]]: tensor<?x16x4x4xf32>, %[[Y:.*]]: tensor<2x3x4xf64>)
func.func @flatten(%x: tensor<?x16x4x4xf32>, %y: tensor<2x3x4xf64>) {
  // CHECK: nn.flatten %[[X]] : (tensor<?x16x4x4xf32>) -> tensor<?x256xf32>
  %0 = nn.flatten %x : (tensor<?x16x4x4xf32>) -> tensor<?x256xf32>
  // CHECK: nn.flatten %[[Y]] {axis = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  %1 = nn.flatten %y {axis = 2 : i64} : (tensor<2x3x4xf64>) -> tensor<6x4xf64>
  // CHECK: nn.flatten %[[Y]] {axis = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<1x24xf64>
  %2 = nn.flatten %y {axis = 0 : i64} : (tensor<2x3x4xf64>) -> tensor<1x24xf64>
  // CHECK: nn.flatten %[[Y]] {axis = 3 : i64} : (tensor<2x3x4xf64>) -> tensor<24x1xf64>
  %3 = nn.flatten %y {axis = 3 : i64} : (tensor<2x3x4xf64>) -> tensor<24x1xf64>
  return
}

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[K:.*]]: tensor<?x8x16xf32>, %[[M:.*]]: tensor<3x5xf64>)
func.func @transpose(%k: tensor<?x8x16xf32>, %m: tensor<3x5xf64>) {
  // CHECK: nn.transpose %[[K]] {permutation = array<i64: 0, 2, 1>} : (tensor<?x8x16xf32>) -> tensor<?x16x8xf32>
  %0 = nn.transpose %k {permutation = array<i64: 0, 2, 1>} : (tensor<?x8x16xf32>) -> tensor<?x16x8xf32>
  // CHECK: nn.transpose %[[M]] {permutation = array<i64: 1, 0>} : (tensor<3x5xf64>) -> tensor<5x3xf64>
  %1 = nn.transpose %m {permutation = array<i64: 1, 0>} : (tensor<3x5xf64>) -> tensor<5x3xf64>
  return
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[H:.*]]: tensor<?x32xf32>, %[[X:.*]]: tensor<?x16xf32>, %[[A:.*]]: tensor<2x3xf64>, %[[B:.*]]: tensor<4x3xf64>)
func.func @concat(%h: tensor<?x32xf32>, %x: tensor<?x16xf32>, %a: tensor<2x3xf64>, %b: tensor<4x3xf64>) {
  // CHECK: nn.concat %[[H]], %[[X]] {axis = 1 : i64} : (tensor<?x32xf32>, tensor<?x16xf32>) -> tensor<?x48xf32>
  %0 = nn.concat %h, %x {axis = 1 : i64} : (tensor<?x32xf32>, tensor<?x16xf32>) -> tensor<?x48xf32>
  // CHECK: nn.concat %[[A]], %[[B]], %[[A]] {axis = 0 : i64} : (tensor<2x3xf64>, tensor<4x3xf64>, tensor<2x3xf64>) -> tensor<8x3xf64>
  %1 = nn.concat %a, %b, %a {axis = 0 : i64} : (tensor<2x3xf64>, tensor<4x3xf64>, tensor<2x3xf64>) -> tensor<8x3xf64>
  // CHECK: nn.concat %[[A]], %[[A]] {axis = -1 : i64} : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x6xf64>
  %2 = nn.concat %a, %a {axis = -1 : i64} : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x6xf64>
  return
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[Z:.*]]: tensor<?x128xf32>, %[[Y:.*]]: tensor<10x10xf64>)
func.func @slice(%z: tensor<?x128xf32>, %y: tensor<10x10xf64>) {
  // CHECK: nn.slice %[[Z]] {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x128xf32>) -> tensor<?x32xf32>
  %0 = nn.slice %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x128xf32>) -> tensor<?x32xf32>
  // Size -1 of a static dimension takes every stride-th element to the end.
  // CHECK: nn.slice %[[Y]] {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 3, 4>} : (tensor<10x10xf64>) -> tensor<3x3xf64>
  %1 = nn.slice %y {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 3, 4>} : (tensor<10x10xf64>) -> tensor<3x3xf64>
  return
}

// CHECK-LABEL: func.func @embedding
// CHECK-SAME: (%[[I64:.*]]: tensor<?x16xi64>, %[[I32:.*]]: tensor<5xi32>, %[[T:.*]]: tensor<96x32xf32>, %[[T64:.*]]: tensor<10x4xf64>)
func.func @embedding(%ids: tensor<?x16xi64>, %ids32: tensor<5xi32>, %table: tensor<96x32xf32>, %table64: tensor<10x4xf64>) {
  // CHECK: nn.embedding %[[I64]], %[[T]] : (tensor<?x16xi64>, tensor<96x32xf32>) -> tensor<?x16x32xf32>
  %0 = nn.embedding %ids, %table : (tensor<?x16xi64>, tensor<96x32xf32>) -> tensor<?x16x32xf32>
  // CHECK: nn.embedding %[[I32]], %[[T64]] : (tensor<5xi32>, tensor<10x4xf64>) -> tensor<5x4xf64>
  %1 = nn.embedding %ids32, %table64 : (tensor<5xi32>, tensor<10x4xf64>) -> tensor<5x4xf64>
  return
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mse
// CHECK-SAME: (%[[Y:.*]]: tensor<?x10xf32>, %[[T:.*]]: tensor<?x10xf32>, %[[P:.*]]: tensor<4xf64>, %[[Q:.*]]: tensor<4xf64>)
func.func @mse(%y: tensor<?x10xf32>, %t: tensor<?x10xf32>, %p: tensor<4xf64>, %q: tensor<4xf64>) -> (tensor<f32>, tensor<f64>) {
  // CHECK: %[[L0:.*]] = nn.mse %[[Y]], %[[T]] : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  %0 = nn.mse %y, %t : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  // CHECK: %[[L1:.*]] = nn.mse %[[P]], %[[Q]] : (tensor<4xf64>, tensor<4xf64>) -> tensor<f64>
  %1 = nn.mse %p, %q : (tensor<4xf64>, tensor<4xf64>) -> tensor<f64>
  // CHECK: return %[[L0]], %[[L1]]
  return %0, %1 : tensor<f32>, tensor<f64>
}

// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[Z:.*]]: tensor<?x10xf32>, %[[Y:.*]]: tensor<?xi64>, %[[Z3:.*]]: tensor<2x8x96xf64>, %[[Y3:.*]]: tensor<2x8xi32>)
func.func @cross_entropy(%z: tensor<?x10xf32>, %y: tensor<?xi64>, %z3: tensor<2x8x96xf64>, %y3: tensor<2x8xi32>) {
  // CHECK: nn.cross_entropy %[[Z]], %[[Y]] : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  %0 = nn.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  // CHECK: nn.cross_entropy %[[Z3]], %[[Y3]] : (tensor<2x8x96xf64>, tensor<2x8xi32>) -> tensor<f64>
  %1 = nn.cross_entropy %z3, %y3 : (tensor<2x8x96xf64>, tensor<2x8xi32>) -> tensor<f64>
  return
}

//===----------------------------------------------------------------------===//
// Gradient ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @elementwise_grads
// CHECK-SAME: (%[[X:.*]]: tensor<?x256xf32>, %[[G:.*]]: tensor<?x256xf32>, %[[Y:.*]]: tensor<f64>)
func.func @elementwise_grads(%x: tensor<?x256xf32>, %g: tensor<?x256xf32>, %y: tensor<f64>) {
  // CHECK: nn.relu_grad %[[X]], %[[G]] : tensor<?x256xf32>
  %0 = nn.relu_grad %x, %g : tensor<?x256xf32>
  // CHECK: nn.gelu_grad %[[X]], %[[G]] : tensor<?x256xf32>
  %1 = nn.gelu_grad %x, %g : tensor<?x256xf32>
  // CHECK: nn.gelu_grad %[[Y]], %[[Y]] : tensor<f64>
  %2 = nn.gelu_grad %y, %y : tensor<f64>
  return
}

// CHECK-LABEL: func.func @conv2d_grads
// CHECK-SAME: (%[[X:.*]]: tensor<?x1x28x28xf32>, %[[W:.*]]: tensor<6x1x5x5xf32>, %[[G:.*]]: tensor<?x6x28x28xf32>, %[[G2:.*]]: tensor<?x6x11x8xf32>)
func.func @conv2d_grads(%x: tensor<?x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %g: tensor<?x6x28x28xf32>, %g2: tensor<?x6x11x8xf32>) {
  // CHECK: nn.conv2d_grad_input %[[G]], %[[W]] {padding = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  %0 = nn.conv2d_grad_input %g, %w {stride = array<i64: 1, 1>, padding = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  // CHECK: nn.conv2d_grad_filter %[[X]], %[[G]] {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<?x6x28x28xf32>) -> tensor<6x1x5x5xf32>
  %1 = nn.conv2d_grad_filter %x, %g {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<?x6x28x28xf32>) -> tensor<6x1x5x5xf32>
  // (28 + 2 - 2*4 - 1) / 2 + 1 = 11 and (28 + 0 - 1*4 - 1) / 3 + 1 = 8.
  // CHECK: nn.conv2d_grad_input %[[G2]], %[[W]] {dilation = array<i64: 2, 1>, padding = array<i64: 1, 0>, stride = array<i64: 2, 3>} : (tensor<?x6x11x8xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  %2 = nn.conv2d_grad_input %g2, %w {stride = array<i64: 2, 3>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 1>} : (tensor<?x6x11x8xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  // CHECK: nn.conv2d_grad_filter %[[X]], %[[G2]] {dilation = array<i64: 2, 1>, padding = array<i64: 1, 0>, stride = array<i64: 2, 3>} : (tensor<?x1x28x28xf32>, tensor<?x6x11x8xf32>) -> tensor<6x1x5x5xf32>
  %3 = nn.conv2d_grad_filter %x, %g2 {stride = array<i64: 2, 3>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 1>} : (tensor<?x1x28x28xf32>, tensor<?x6x11x8xf32>) -> tensor<6x1x5x5xf32>
  return
}

// CHECK-LABEL: func.func @pool_grads
// CHECK-SAME: (%[[X:.*]]: tensor<?x6x28x28xf32>, %[[G:.*]]: tensor<?x6x14x14xf32>, %[[Y:.*]]: tensor<1x2x7x7xf64>, %[[H:.*]]: tensor<1x2x4x4xf64>)
func.func @pool_grads(%x: tensor<?x6x28x28xf32>, %g: tensor<?x6x14x14xf32>, %y: tensor<1x2x7x7xf64>, %h: tensor<1x2x4x4xf64>) {
  // CHECK: nn.max_pool2d_grad %[[X]], %[[G]] {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
  // (7 + 2 - 3) / 2 + 1 = 4.
  // CHECK: nn.max_pool2d_grad %[[Y]], %[[H]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x7x7xf64>, tensor<1x2x4x4xf64>) -> tensor<1x2x7x7xf64>
  %1 = nn.max_pool2d_grad %y, %h {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x7x7xf64>, tensor<1x2x4x4xf64>) -> tensor<1x2x7x7xf64>
  // CHECK: nn.avg_pool2d_grad %[[G]] {kernel = array<i64: 2, 2>} : (tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
  %2 = nn.avg_pool2d_grad %g {kernel = array<i64: 2, 2>} : (tensor<?x6x14x14xf32>) -> tensor<?x6x28x28xf32>
  // CHECK: nn.avg_pool2d_grad %[[H]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf64>) -> tensor<1x2x7x7xf64>
  %3 = nn.avg_pool2d_grad %h {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x4x4xf64>) -> tensor<1x2x7x7xf64>
  // The forward output for an 8x8 input is 4x4 too: the result type decides.
  // CHECK: nn.avg_pool2d_grad %[[H]] {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x2x4x4xf64>) -> tensor<1x2x8x8xf64>
  %4 = nn.avg_pool2d_grad %h {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x2x4x4xf64>) -> tensor<1x2x8x8xf64>
  return
}

// CHECK-LABEL: func.func @slice_and_embedding_grads
// CHECK-SAME: (%[[G:.*]]: tensor<?x32xf32>, %[[Z:.*]]: tensor<?x128xf32>, %[[H:.*]]: tensor<3x3xf64>, %[[Y:.*]]: tensor<10x10xf64>, %[[I:.*]]: tensor<?x16xi64>, %[[E:.*]]: tensor<?x16x32xf32>, %[[J:.*]]: tensor<5xi32>, %[[F:.*]]: tensor<5x4xf64>)
func.func @slice_and_embedding_grads(%g: tensor<?x32xf32>, %z: tensor<?x128xf32>, %h: tensor<3x3xf64>, %y: tensor<10x10xf64>,
                                     %ids: tensor<?x16xi64>, %e: tensor<?x16x32xf32>, %ids32: tensor<5xi32>, %f: tensor<5x4xf64>) {
  // CHECK: nn.slice_grad %[[G]], %[[Z]] {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x32xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
  %0 = nn.slice_grad %g, %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x32xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
  // CHECK: nn.slice_grad %[[H]], %[[Y]] {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 3, 4>} : (tensor<3x3xf64>, tensor<10x10xf64>) -> tensor<10x10xf64>
  %1 = nn.slice_grad %h, %y {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 3, 4>} : (tensor<3x3xf64>, tensor<10x10xf64>) -> tensor<10x10xf64>
  // CHECK: nn.embedding_grad %[[I]], %[[E]] : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<96x32xf32>
  %2 = nn.embedding_grad %ids, %e : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<96x32xf32>
  // CHECK: nn.embedding_grad %[[J]], %[[F]] : (tensor<5xi32>, tensor<5x4xf64>) -> tensor<10x4xf64>
  %3 = nn.embedding_grad %ids32, %f : (tensor<5xi32>, tensor<5x4xf64>) -> tensor<10x4xf64>
  return
}

// CHECK-LABEL: func.func @loss_grads
// CHECK-SAME: (%[[Y:.*]]: tensor<?x10xf32>, %[[T:.*]]: tensor<?x10xf32>, %[[G:.*]]: tensor<f32>, %[[L:.*]]: tensor<?xi64>, %[[Z3:.*]]: tensor<2x8x96xf64>, %[[L3:.*]]: tensor<2x8xi32>, %[[G64:.*]]: tensor<f64>)
func.func @loss_grads(%y: tensor<?x10xf32>, %t: tensor<?x10xf32>, %g: tensor<f32>, %l: tensor<?xi64>,
                      %z3: tensor<2x8x96xf64>, %l3: tensor<2x8xi32>, %g64: tensor<f64>) {
  // CHECK: nn.mse_grad %[[Y]], %[[T]], %[[G]] : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<f32>) -> tensor<?x10xf32>
  %0 = nn.mse_grad %y, %t, %g : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<f32>) -> tensor<?x10xf32>
  // CHECK: nn.mse_grad %[[G64]], %[[G64]], %[[G64]] : (tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<f64>
  %1 = nn.mse_grad %g64, %g64, %g64 : (tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<f64>
  // CHECK: nn.cross_entropy_grad %[[Y]], %[[L]], %[[G]] : (tensor<?x10xf32>, tensor<?xi64>, tensor<f32>) -> tensor<?x10xf32>
  %2 = nn.cross_entropy_grad %y, %l, %g : (tensor<?x10xf32>, tensor<?xi64>, tensor<f32>) -> tensor<?x10xf32>
  // CHECK: nn.cross_entropy_grad %[[Z3]], %[[L3]], %[[G64]] : (tensor<2x8x96xf64>, tensor<2x8xi32>, tensor<f64>) -> tensor<2x8x96xf64>
  %3 = nn.cross_entropy_grad %z3, %l3, %g64 : (tensor<2x8x96xf64>, tensor<2x8xi32>, tensor<f64>) -> tensor<2x8x96xf64>
  return
}

// -----
// Integer literals are accepted as initialiser arguments.
// CHECK-LABEL: func.func @param_integer_args
// CHECK: nn.param "ci" constant{{ ?}}(1.000000e+00) seed 0 : tensor<3xf32>
// CHECK: nn.param "ui" uniform{{ ?}}(-2.000000e+00, 3.000000e+00) seed 1 : tensor<3xf64>
func.func @param_integer_args() -> (tensor<3xf32>, tensor<3xf64>) {
  %c = nn.param "ci" constant(1) seed 0 : tensor<3xf32>
  %u = nn.param "ui" uniform(-2, 3) seed 1 : tensor<3xf64>
  return %c, %u : tensor<3xf32>, tensor<3xf64>
}
