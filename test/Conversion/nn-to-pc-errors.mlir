// Bad options and programs the transformation cannot handle give
// diagnostics, never a crash.

// RUN: pcc-opt %s -split-input-file -verify-diagnostics --convert-nn-to-pc
// RUN: pcc-opt %s -split-input-file -verify-diagnostics --nn-autodiff --pc-lower-inference

// An op without DifferentiableOpInterface on the way to the loss.
func.func @loss(%x: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<3x3xf64>
  %h = nn.dense %x, %w : (tensor<4x3xf64>, tensor<3x3xf64>) -> tensor<4x3xf64>
  // expected-error @+1 {{'arith.addf' op cannot}}
  %d = arith.addf %h, %h : tensor<4x3xf64>
  %l = nn.mse %d, %t : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// A gradient op is not differentiable itself.
func.func @loss(%x: tensor<4x3xf64>, %t: tensor<4x3xf64>) -> tensor<f64> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<3x3xf64>
  %h = nn.dense %x, %w : (tensor<4x3xf64>, tensor<3x3xf64>) -> tensor<4x3xf64>
  // expected-error @+1 {{'nn.relu_grad' op cannot}}
  %g = nn.relu_grad %h, %h : tensor<4x3xf64>
  %l = nn.mse %g, %t : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// Functions that compute no loss are left alone.
func.func @forward(%x: tensor<4x3xf64>) -> tensor<4x3xf64> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<3x3xf64>
  %h = nn.dense %x, %w : (tensor<4x3xf64>, tensor<3x3xf64>) -> tensor<4x3xf64>
  %d = arith.addf %h, %h : tensor<4x3xf64>
  return %d : tensor<4x3xf64>
}
