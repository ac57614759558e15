// RUN: pcc-opt %s --convert-nn-to-linalg | FileCheck %s --implicit-check-not="= nn."

// The verifier accepts a weight whose output width N is dynamic. The size of
// the result's last dimension must then come from the weight (dim 1), never
// from the input, whose last dimension is K.

// CHECK-LABEL: func.func @dense_dynamic_width
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<4x?xf32>)
// CHECK-NOT: tensor.dim %[[X]]
// CHECK: %[[N:.*]] = tensor.dim %[[W]], %{{.*}} : tensor<4x?xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<2x?xf32>
// CHECK: linalg.matmul ins(%[[X]], %[[W]] : tensor<2x4xf32>, tensor<4x?xf32>)
func.func @dense_dynamic_width(%x: tensor<2x4xf32>, %w: tensor<4x?xf32>) -> tensor<2x?xf32> {
  %y = nn.dense %x, %w : (tensor<2x4xf32>, tensor<4x?xf32>) -> tensor<2x?xf32>
  return %y : tensor<2x?xf32>
}

// The same with a bias: the broadcast bias init has the weight's width.
// CHECK-LABEL: func.func @dense_dynamic_width_bias
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf64>, %[[W:.*]]: tensor<4x?xf64>, %[[B:.*]]: tensor<?xf64>)
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[X]], %[[C0:.*]] : tensor<?x4xf64>
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[W]], %[[C1:.*]] : tensor<4x?xf64>
// CHECK: %[[E:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf64>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<?xf64>) outs(%[[E]] : tensor<?x?xf64>)
// CHECK: linalg.matmul ins(%[[X]], %[[W]] : tensor<?x4xf64>, tensor<4x?xf64>) outs(%[[INIT]] : tensor<?x?xf64>)
func.func @dense_dynamic_width_bias(%x: tensor<?x4xf64>, %w: tensor<4x?xf64>, %b: tensor<?xf64>) -> tensor<?x?xf64> {
  %y = nn.dense %x, %w, %b : (tensor<?x4xf64>, tensor<4x?xf64>, tensor<?xf64>) -> tensor<?x?xf64>
  return %y : tensor<?x?xf64>
}

// With batch dimensions, the expand_shape back to rank 3 needs the dynamic
// width as an SSA value (a static output_shape of "?" is invalid IR).
// CHECK-LABEL: func.func @dense_rank3_dynamic_width
// CHECK-SAME: (%[[X:.*]]: tensor<2x5x4xf32>, %[[W:.*]]: tensor<4x?xf32>)
// CHECK: %[[X2:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1], [2]] : tensor<2x5x4xf32> into tensor<10x4xf32>
// CHECK: %[[Y2:.*]] = linalg.matmul ins(%[[X2]], %[[W]] : tensor<10x4xf32>, tensor<4x?xf32>)
// CHECK: tensor.expand_shape %[[Y2]] {{\[\[}}0, 1], [2]] output_shape [2, 5, %{{.*}}] : tensor<10x?xf32> into tensor<2x5x?xf32>
func.func @dense_rank3_dynamic_width(%x: tensor<2x5x4xf32>, %w: tensor<4x?xf32>) -> tensor<2x5x?xf32> {
  %y = nn.dense %x, %w : (tensor<2x5x4xf32>, tensor<4x?xf32>) -> tensor<2x5x?xf32>
  return %y : tensor<2x5x?xf32>
}
