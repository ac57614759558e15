// RUN: pcc-opt %s --pcc-fuse-elementwise | FileCheck %s

// A transpose that feeds a GEMM operand becomes that operand's indexing
// map: the GEMM reads the untransposed tensor (the runtime kernel then gets
// a transposed view, not a copy).

// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[BMT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>

// CHECK-LABEL: func.func @vjp
// CHECK-SAME: (%[[G:.*]]: tensor<8x10xf32>, %[[W:.*]]: tensor<4x10xf32>
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul indexing_maps = [#[[A]], #[[BT]], #[[C]]] ins(%[[G]], %[[W]] : tensor<8x10xf32>, tensor<4x10xf32>)
func.func @vjp(%g: tensor<8x10xf32>, %w: tensor<4x10xf32>, %out: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %e = tensor.empty() : tensor<10x4xf32>
  %wt = linalg.transpose ins(%w : tensor<4x10xf32>) outs(%e : tensor<10x4xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%g, %wt : tensor<8x10xf32>, tensor<10x4xf32>) outs(%out : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// The weight gradient: the activations transposed on the left.

// CHECK-LABEL: func.func @weight_grad
// CHECK-SAME: (%[[X:.*]]: tensor<8x4xf32>, %[[G:.*]]: tensor<8x10xf32>
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul indexing_maps = [#[[AT]], #[[B]], #[[C]]] ins(%[[X]], %[[G]] : tensor<8x4xf32>, tensor<8x10xf32>)
func.func @weight_grad(%x: tensor<8x4xf32>, %g: tensor<8x10xf32>, %out: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %xt = linalg.transpose ins(%x : tensor<8x4xf32>) outs(%e : tensor<4x8xf32>) permutation = [1, 0]
  %r = linalg.matmul ins(%xt, %g : tensor<4x8xf32>, tensor<8x10xf32>) outs(%out : tensor<4x10xf32>) -> tensor<4x10xf32>
  return %r : tensor<4x10xf32>
}

// Batched: the two matrix dimensions swapped fold; a transpose that moves
// the batch dimension does not (no GEMM kernel reads that).

// CHECK-LABEL: func.func @batched
// CHECK: linalg.batch_matmul indexing_maps = [#{{.*}}, #[[BMT]], #{{.*}}] ins(%{{.*}}, %{{.*}} : tensor<2x8x5xf32>, tensor<2x4x5xf32>)
// CHECK: linalg.transpose
// CHECK-SAME: permutation = [1, 0, 2]
// CHECK: linalg.batch_matmul ins
func.func @batched(%a: tensor<2x8x5xf32>, %b: tensor<2x4x5xf32>, %c: tensor<5x2x4xf32>, %out: tensor<2x8x4xf32>) -> (tensor<2x8x4xf32>, tensor<2x8x4xf32>) {
  %e = tensor.empty() : tensor<2x5x4xf32>
  %bt = linalg.transpose ins(%b : tensor<2x4x5xf32>) outs(%e : tensor<2x5x4xf32>) permutation = [0, 2, 1]
  %r = linalg.batch_matmul ins(%a, %bt : tensor<2x8x5xf32>, tensor<2x5x4xf32>) outs(%out : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  %e2 = tensor.empty() : tensor<2x5x4xf32>
  %ct = linalg.transpose ins(%c : tensor<5x2x4xf32>) outs(%e2 : tensor<2x5x4xf32>) permutation = [1, 0, 2]
  %r2 = linalg.batch_matmul ins(%a, %ct : tensor<2x8x5xf32>, tensor<2x5x4xf32>) outs(%out : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %r, %r2 : tensor<2x8x4xf32>, tensor<2x8x4xf32>
}
