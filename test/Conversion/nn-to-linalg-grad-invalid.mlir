// RUN: pcc-opt %s --split-input-file --convert-nn-to-linalg -verify-diagnostics

// A gradient with respect to a window op's input takes a dynamic image size
// from the grad, which determines it only at stride 1: with stride 2, a
// 7-row and an 8-row image both give 4 output rows. The lowering says so
// instead of guessing.

func.func @conv2d_grad_input_dynamic_strided(%g: tensor<1x6x4x4xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x1x?x8xf32> {
  // expected-error @+2 {{'nn.conv2d_grad_input' op cannot lower a dynamic spatial result size (dimension 2 of 'tensor<1x1x?x8xf32>') with stride 2: several input sizes give the same grad; declare it static}}
  // expected-error @+1 {{failed to legalize operation 'nn.conv2d_grad_input'}}
  %0 = nn.conv2d_grad_input %g, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<6x1x3x3xf32>) -> tensor<1x1x?x8xf32>
  return %0 : tensor<1x1x?x8xf32>
}

// -----

func.func @avg_pool2d_grad_dynamic_strided(%g: tensor<1x2x3x3xf64>) -> tensor<1x2x7x?xf64> {
  // expected-error @+2 {{'nn.avg_pool2d_grad' op cannot lower a dynamic spatial result size (dimension 3 of 'tensor<1x2x7x?xf64>') with stride 2}}
  // expected-error @+1 {{failed to legalize operation 'nn.avg_pool2d_grad'}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 2, 2>} : (tensor<1x2x3x3xf64>) -> tensor<1x2x7x?xf64>
  return %0 : tensor<1x2x7x?xf64>
}
