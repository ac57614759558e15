// RUN: pcc-opt %s --pcc-unique-empty-tensors | FileCheck %s

// An unused tensor.empty is left alone (the pass used to crash on it); an
// empty tensor with two users gets a copy for the second.
// CHECK-LABEL: func.func @f
// CHECK: %[[UNUSED:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK-DAG: %[[E1:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-DAG: %[[E2:.*]] = tensor.empty() : tensor<4xf32>
// CHECK-DAG: linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] : tensor<4xf32>)
// CHECK-DAG: linalg.fill ins(%{{.*}} : f32) outs(%[[E2]] : tensor<4xf32>)
func.func @f(%a: f32, %b: f32) -> (tensor<4xf32>, tensor<4xf32>) {
  %unused = tensor.empty() : tensor<2x3xf32>
  %e = tensor.empty() : tensor<4xf32>
  %x = linalg.fill ins(%a : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %y = linalg.fill ins(%b : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %x, %y : tensor<4xf32>, tensor<4xf32>
}
