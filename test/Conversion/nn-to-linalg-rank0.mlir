// RUN: pcc-opt %s --convert-nn-to-linalg | FileCheck %s --implicit-check-not="= nn."

// Rank-0 tensors (scalars) through the lowering: reshapes use empty
// reassociations, generics have no loops, and a rank-1 logits vector is one
// position.

// CHECK-LABEL: func.func @slice_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<f32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][] [] [] : tensor<f32> to tensor<f32>
// CHECK: return %[[S]]
func.func @slice_rank0(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.slice %x {offsets = array<i64>, sizes = array<i64>, strides = array<i64>} : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @reshape_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<f32>, %[[Y:.*]]: tensor<1x1xf64>)
// CHECK: %[[E:.*]] = tensor.expand_shape %[[X]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[Y]] [] : tensor<1x1xf64> into tensor<f64>
// CHECK: return %[[E]], %[[C]]
func.func @reshape_rank0(%x: tensor<f32>, %y: tensor<1x1xf64>) -> (tensor<1x1xf32>, tensor<f64>) {
  %0 = nn.reshape %x : (tensor<f32>) -> tensor<1x1xf32>
  %1 = nn.reshape %y : (tensor<1x1xf64>) -> tensor<f64>
  return %0, %1 : tensor<1x1xf32>, tensor<f64>
}

// CHECK-LABEL: func.func @flatten_rank0
// CHECK-SAME: (%[[X:.*]]: tensor<f32>)
// CHECK: tensor.expand_shape %[[X]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
func.func @flatten_rank0(%x: tensor<f32>) -> tensor<1x1xf32> {
  %0 = nn.flatten %x {axis = 0 : i64} : (tensor<f32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// CHECK-LABEL: func.func @tanh_rank0
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = []} ins(%{{.*}} : tensor<f32>)
// CHECK: math.tanh
func.func @tanh_rank0(%x: tensor<f32>) -> tensor<f32> {
  %0 = nn.tanh %x : tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @param_rank0
// CHECK: linalg.generic {indexing_maps = [#{{.*}}], iterator_types = []} outs(%{{.*}} : tensor<f64>)
// CHECK: math.cos
func.func @param_rank0() -> tensor<f64> {
  %0 = nn.param "s" normal(0.0, 1.0) seed 0 : tensor<f64>
  return %0 : tensor<f64>
}

// A single id selects one row.
// CHECK-LABEL: func.func @embedding_rank0_id
// CHECK-SAME: (%[[ID:.*]]: tensor<i64>, %[[T:.*]]: tensor<10x4xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]} ins(%[[ID]] : tensor<i64>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[COL:.*]] = linalg.index 0 : index
// CHECK: tensor.extract %[[T]][%{{.*}}, %[[COL]]] : tensor<10x4xf32>
func.func @embedding_rank0_id(%id: tensor<i64>, %t: tensor<10x4xf32>) -> tensor<4xf32> {
  %0 = nn.embedding %id, %t : (tensor<i64>, tensor<10x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A rank-0 prediction is a batch of one: the divisor is the constant 1.
// CHECK-LABEL: func.func @mse_rank0
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NOT: tensor.dim
// CHECK: arith.divf %{{.*}}, %[[ONE]] : f64
func.func @mse_rank0(%p: tensor<f64>, %t: tensor<f64>) -> tensor<f64> {
  %0 = nn.mse %p, %t : (tensor<f64>, tensor<f64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// CHECK-LABEL: func.func @cross_entropy_rank1
// CHECK-SAME: (%[[Z:.*]]: tensor<10xf32>, %[[L:.*]]: tensor<i32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[Z]] : tensor<10xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}} iterator_types = []} ins(%[[L]], %{{.*}}, %{{.*}} : tensor<i32>, tensor<f32>, tensor<f32>)
// CHECK: tensor.extract %[[Z]][%{{.*}}] : tensor<10xf32>
func.func @cross_entropy_rank1(%z: tensor<10xf32>, %l: tensor<i32>) -> tensor<f32> {
  %0 = nn.cross_entropy %z, %l : (tensor<10xf32>, tensor<i32>) -> tensor<f32>
  return %0 : tensor<f32>
}
