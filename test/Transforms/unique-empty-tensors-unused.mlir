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


// A use nested in a loop gets its copy before the loop (in the original's
// block), not next to the use: a tensor made outside the loop stays there.
// CHECK-LABEL: func.func @nested_use
// CHECK: %[[A:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[B:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[B]] : tensor<4xf32>)
// CHECK: scf.for
// CHECK-NOT: tensor.empty
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[A]] : tensor<4xf32>)
func.func @nested_use(%n: index, %v: f32) -> (tensor<4xf32>, tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %e = tensor.empty() : tensor<4xf32>
  %a = linalg.fill ins(%v : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (tensor<4xf32>) {
    %f = linalg.fill ins(%v : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    scf.yield %f : tensor<4xf32>
  }
  return %a, %r : tensor<4xf32>, tensor<4xf32>
}
