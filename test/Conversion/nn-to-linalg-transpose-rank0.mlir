// RUN: pcc-opt %s --convert-nn-to-linalg | FileCheck %s --implicit-check-not="= nn."

// The verifier accepts a rank-0 transpose (the empty permutation); it is the
// identity, and lowering it must not crash.

// CHECK-LABEL: func.func @transpose_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<f32>)
// CHECK: return %{{.*}} : tensor<f32>
func.func @transpose_rank0(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.transpose %x {permutation = array<i64>} : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
