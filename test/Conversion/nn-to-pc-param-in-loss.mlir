// RUN: pcc-opt %s -verify-diagnostics --convert-nn-to-pc

// A parameter read by the loss directly has no node to learn through.
func.func @loss(%x: tensor<4x3xf64>) -> tensor<f64> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<4x3xf64>
  %h = nn.tanh %x : tensor<4x3xf64>
  // expected-error @+1 {{'nn.mse' op uses parameter 'w' directly}}
  %l = nn.mse %h, %w : (tensor<4x3xf64>, tensor<4x3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}
