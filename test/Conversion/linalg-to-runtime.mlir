// RUN: pcc-opt %s --convert-linalg-to-runtime | FileCheck %s

// GEMMs, convolutions and pooling on f32/f64 buffers become calls to the
// runtime's kernels. Each callee is declared once, with a C interface, taking
// fully dynamic strided memrefs (every view casts to them) and i64 scalars.
// Anything else is left for the loop lowering.

// CHECK-DAG: func.func private @pcc_rt_matmul_f32(memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_matmul_f64(memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>, memref<?x?xf64, strided<[?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_batch_matmul_f32(memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf32, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_batch_matmul_f64(memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>, memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_conv2d_nchw_fchw_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_conv2d_nchw_fchw_f64(memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_max_pool2d_nchw_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_sum_pool2d_nchw_f64(memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// No kernel exists for other element types.
// CHECK-NOT: func.func private @pcc_rt_{{.*}}_i32

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @matmul_f32
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[B:.*]]: memref<8x16xf32>, %[[C:.*]]: memref<4x16xf32>)
func.func @matmul_f32(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  // CHECK: %[[CA:.*]] = memref.cast %[[A]] : memref<4x8xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  // CHECK: %[[CB:.*]] = memref.cast %[[B]] : memref<8x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  // CHECK: %[[CC:.*]] = memref.cast %[[C]] : memref<4x16xf32> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  // CHECK: call @pcc_rt_matmul_f32(%[[CA]], %[[CB]], %[[CC]]) : (memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) -> ()
  // CHECK-NOT: linalg.matmul
  // CHECK: return
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// Operands that already have the kernel's type are passed without a cast.
// CHECK-LABEL: func.func @matmul_fully_dynamic
// CHECK-SAME: (%[[A:.*]]: memref<?x?xf32, strided<[?, ?], offset: ?>>, %[[B:.*]]: memref<?x?xf32, strided<[?, ?], offset: ?>>, %[[C:.*]]: memref<?x?xf32, strided<[?, ?], offset: ?>>)
func.func @matmul_fully_dynamic(%a: memref<?x?xf32, strided<[?, ?], offset: ?>>, %b: memref<?x?xf32, strided<[?, ?], offset: ?>>, %c: memref<?x?xf32, strided<[?, ?], offset: ?>>) {
  // CHECK-NOT: memref.cast
  // CHECK: call @pcc_rt_matmul_f32(%[[A]], %[[B]], %[[C]])
  linalg.matmul ins(%a, %b : memref<?x?xf32, strided<[?, ?], offset: ?>>, memref<?x?xf32, strided<[?, ?], offset: ?>>) outs(%c : memref<?x?xf32, strided<[?, ?], offset: ?>>)
  return
}

// A strided view (a subview) is passed as is, without a copy.
// CHECK-LABEL: func.func @matmul_subview
func.func @matmul_subview(%a: memref<8x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  // CHECK: %[[S:.*]] = memref.subview
  // CHECK: %[[CS:.*]] = memref.cast %[[S]] : memref<4x8xf32, strided<[8, 1], offset: 16>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  // CHECK-NOT: memref.copy
  // CHECK: call @pcc_rt_matmul_f32(%[[CS]],
  %s = memref.subview %a[2, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 16>>
  linalg.matmul ins(%s, %b : memref<4x8xf32, strided<[8, 1], offset: 16>>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// A transposed A (indexing map (k, m)) is passed as a transposed view.
// CHECK-LABEL: func.func @matmul_transposed_a
// CHECK-SAME: (%[[A:.*]]: memref<8x4xf32>, %[[B:.*]]: memref<8x16xf32>, %[[C:.*]]: memref<4x16xf32>)
func.func @matmul_transposed_a(%a: memref<8x4xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  // CHECK: %[[T:.*]] = memref.transpose %[[A]] (d0, d1) -> (d1, d0) : memref<8x4xf32> to memref<4x8xf32, strided<[1, 4]>>
  // CHECK: %[[CA:.*]] = memref.cast %[[T]] : memref<4x8xf32, strided<[1, 4]>> to memref<?x?xf32, strided<[?, ?], offset: ?>>
  // CHECK: %[[CB:.*]] = memref.cast %[[B]]
  // CHECK: %[[CC:.*]] = memref.cast %[[C]]
  // CHECK: call @pcc_rt_matmul_f32(%[[CA]], %[[CB]], %[[CC]])
  // CHECK-NOT: linalg.matmul
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : memref<8x4xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// CHECK-LABEL: func.func @matmul_transposed_b_f64
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf64>, %[[B:.*]]: memref<16x8xf64>, %[[C:.*]]: memref<4x16xf64>)
func.func @matmul_transposed_b_f64(%a: memref<4x8xf64>, %b: memref<16x8xf64>, %c: memref<4x16xf64>) {
  // CHECK: %[[T:.*]] = memref.transpose %[[B]] (d0, d1) -> (d1, d0) : memref<16x8xf64> to memref<8x16xf64, strided<[1, 8]>>
  // CHECK: %[[CA:.*]] = memref.cast %[[A]] : memref<4x8xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
  // CHECK: %[[CB:.*]] = memref.cast %[[T]] : memref<8x16xf64, strided<[1, 8]>> to memref<?x?xf64, strided<[?, ?], offset: ?>>
  // CHECK: %[[CC:.*]] = memref.cast %[[C]] : memref<4x16xf64> to memref<?x?xf64, strided<[?, ?], offset: ?>>
  // CHECK: call @pcc_rt_matmul_f64(%[[CA]], %[[CB]], %[[CC]])
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
    ins(%a, %b : memref<4x8xf64>, memref<16x8xf64>) outs(%c : memref<4x16xf64>)
  return
}

// A transposed output has no kernel: the op is left alone, and the IR is not
// touched (no dead transposed view left behind).
// CHECK-LABEL: func.func @matmul_transposed_c_left_alone
// CHECK-NOT: memref.transpose
// CHECK-NOT: call
// CHECK: linalg.matmul
// CHECK-NEXT: return
func.func @matmul_transposed_c_left_alone(%a: memref<4x8xf64>, %b: memref<8x16xf64>, %c: memref<16x4xf64>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>]
    ins(%a, %b : memref<4x8xf64>, memref<8x16xf64>) outs(%c : memref<16x4xf64>)
  return
}

// Integer GEMMs have no kernel.
// CHECK-LABEL: func.func @matmul_i32_left_alone
// CHECK-NOT: call
// CHECK-NOT: memref.cast
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x8xi32>, memref<8x16xi32>) outs(%{{.*}} : memref<4x16xi32>)
func.func @matmul_i32_left_alone(%a: memref<4x8xi32>, %b: memref<8x16xi32>, %c: memref<4x16xi32>) {
  linalg.matmul ins(%a, %b : memref<4x8xi32>, memref<8x16xi32>) outs(%c : memref<4x16xi32>)
  return
}

// Before bufferization (tensor semantics) nothing is converted.
// CHECK-LABEL: func.func @matmul_on_tensors_left_alone
// CHECK-NOT: call
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x8xf32>, tensor<8x16xf32>)
func.func @matmul_on_tensors_left_alone(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x16xf32>) outs(%c : tensor<4x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

//===----------------------------------------------------------------------===//
// Batch matmul
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @batch_matmul_f64
// CHECK-SAME: (%[[A:.*]]: memref<2x4x8xf64>, %[[B:.*]]: memref<2x8x16xf64>, %[[C:.*]]: memref<2x4x16xf64>)
func.func @batch_matmul_f64(%a: memref<2x4x8xf64>, %b: memref<2x8x16xf64>, %c: memref<2x4x16xf64>) {
  // CHECK: %[[CA:.*]] = memref.cast %[[A]] : memref<2x4x8xf64> to memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>
  // CHECK: %[[CB:.*]] = memref.cast %[[B]] : memref<2x8x16xf64> to memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>
  // CHECK: %[[CC:.*]] = memref.cast %[[C]] : memref<2x4x16xf64> to memref<?x?x?xf64, strided<[?, ?, ?], offset: ?>>
  // CHECK: call @pcc_rt_batch_matmul_f64(%[[CA]], %[[CB]], %[[CC]])
  // CHECK-NOT: linalg.batch_matmul
  linalg.batch_matmul ins(%a, %b : memref<2x4x8xf64>, memref<2x8x16xf64>) outs(%c : memref<2x4x16xf64>)
  return
}

// The batch dimension stays in place when B is transposed.
// CHECK-LABEL: func.func @batch_matmul_transposed_b_f32
// CHECK-SAME: (%[[A:.*]]: memref<2x4x8xf32>, %[[B:.*]]: memref<2x16x8xf32>, %[[C:.*]]: memref<2x4x16xf32>)
func.func @batch_matmul_transposed_b_f32(%a: memref<2x4x8xf32>, %b: memref<2x16x8xf32>, %c: memref<2x4x16xf32>) {
  // CHECK: %[[T:.*]] = memref.transpose %[[B]] (d0, d1, d2) -> (d0, d2, d1) : memref<2x16x8xf32> to memref<2x8x16xf32, strided<[128, 1, 8]>>
  // CHECK: %[[CB:.*]] = memref.cast %[[T]]
  // CHECK: call @pcc_rt_batch_matmul_f32(%{{.*}}, %[[CB]], %{{.*}})
  linalg.batch_matmul indexing_maps = [affine_map<(b, m, n, k) -> (b, m, k)>, affine_map<(b, m, n, k) -> (b, n, k)>, affine_map<(b, m, n, k) -> (b, m, n)>]
    ins(%a, %b : memref<2x4x8xf32>, memref<2x16x8xf32>) outs(%c : memref<2x4x16xf32>)
  return
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

// Strides and dilations follow the three memrefs as i64 (sH, sW, dH, dW).
// CHECK-LABEL: func.func @conv2d_f32
// CHECK-SAME: (%[[X:.*]]: memref<1x3x11x9xf32>, %[[W:.*]]: memref<4x3x3x3xf32>, %[[Y:.*]]: memref<1x4x3x4xf32>)
func.func @conv2d_f32(%x: memref<1x3x11x9xf32>, %w: memref<4x3x3x3xf32>, %y: memref<1x4x3x4xf32>) {
  // CHECK: %[[CX:.*]] = memref.cast %[[X]] : memref<1x3x11x9xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[CW:.*]] = memref.cast %[[W]] : memref<4x3x3x3xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[CY:.*]] = memref.cast %[[Y]] : memref<1x4x3x4xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[SH:.*]] = arith.constant 3 : i64
  // CHECK: %[[SW:.*]] = arith.constant 2 : i64
  // CHECK: %[[DH:.*]] = arith.constant 2 : i64
  // CHECK: %[[DW:.*]] = arith.constant 1 : i64
  // CHECK: call @pcc_rt_conv2d_nchw_fchw_f32(%[[CX]], %[[CW]], %[[CY]], %[[SH]], %[[SW]], %[[DH]], %[[DW]]) : (memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) -> ()
  // CHECK-NOT: linalg.conv_2d_nchw_fchw
  linalg.conv_2d_nchw_fchw {dilations = dense<[2, 1]> : tensor<2xi64>, strides = dense<[3, 2]> : tensor<2xi64>}
    ins(%x, %w : memref<1x3x11x9xf32>, memref<4x3x3x3xf32>) outs(%y : memref<1x4x3x4xf32>)
  return
}

// Without attributes, strides and dilations are 1.
// CHECK-LABEL: func.func @conv2d_f64_default_attributes
func.func @conv2d_f64_default_attributes(%x: memref<1x3x5x5xf64>, %w: memref<4x3x3x3xf64>, %y: memref<1x4x3x3xf64>) {
  // CHECK: %[[ONE0:.*]] = arith.constant 1 : i64
  // CHECK: %[[ONE1:.*]] = arith.constant 1 : i64
  // CHECK: %[[ONE2:.*]] = arith.constant 1 : i64
  // CHECK: %[[ONE3:.*]] = arith.constant 1 : i64
  // CHECK: call @pcc_rt_conv2d_nchw_fchw_f64(%{{.*}}, %{{.*}}, %{{.*}}, %[[ONE0]], %[[ONE1]], %[[ONE2]], %[[ONE3]])
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x3x5x5xf64>, memref<4x3x3x3xf64>) outs(%y : memref<1x4x3x3xf64>)
  return
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// The window operand only carries the kernel size: it is not passed, its
// shape is (KH, KW, sH, sW, dH, dW).
// CHECK-LABEL: func.func @max_pool_f32
// CHECK-SAME: (%[[X:.*]]: memref<1x2x8x8xf32>, %[[K:.*]]: memref<3x2xf32>, %[[Y:.*]]: memref<1x2x3x4xf32>)
func.func @max_pool_f32(%x: memref<1x2x8x8xf32>, %k: memref<3x2xf32>, %y: memref<1x2x3x4xf32>) {
  // CHECK: %[[CX:.*]] = memref.cast %[[X]] : memref<1x2x8x8xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[CY:.*]] = memref.cast %[[Y]] : memref<1x2x3x4xf32> to memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[KH:.*]] = arith.constant 3 : i64
  // CHECK: %[[KW:.*]] = arith.constant 2 : i64
  // CHECK: %[[SH:.*]] = arith.constant 2 : i64
  // CHECK: %[[SW:.*]] = arith.constant 2 : i64
  // CHECK: %[[DH:.*]] = arith.constant 1 : i64
  // CHECK: %[[DW:.*]] = arith.constant 1 : i64
  // CHECK: call @pcc_rt_max_pool2d_nchw_f32(%[[CX]], %[[CY]], %[[KH]], %[[KW]], %[[SH]], %[[SW]], %[[DH]], %[[DW]]) : (memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64, i64, i64) -> ()
  // CHECK-NOT: linalg.pooling_nchw_max
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %k : memref<1x2x8x8xf32>, memref<3x2xf32>) outs(%y : memref<1x2x3x4xf32>)
  return
}

// CHECK-LABEL: func.func @sum_pool_f64
// CHECK-SAME: (%[[X:.*]]: memref<1x2x9x9xf64>, %[[K:.*]]: memref<3x3xf64>, %[[Y:.*]]: memref<1x2x4x4xf64>)
func.func @sum_pool_f64(%x: memref<1x2x9x9xf64>, %k: memref<3x3xf64>, %y: memref<1x2x4x4xf64>) {
  // CHECK: %[[CX:.*]] = memref.cast %[[X]] : memref<1x2x9x9xf64> to memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[CY:.*]] = memref.cast %[[Y]] : memref<1x2x4x4xf64> to memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>
  // CHECK: %[[KH:.*]] = arith.constant 3 : i64
  // CHECK: %[[KW:.*]] = arith.constant 3 : i64
  // CHECK: %[[SH:.*]] = arith.constant 2 : i64
  // CHECK: %[[SW:.*]] = arith.constant 2 : i64
  // CHECK: %[[DH:.*]] = arith.constant 1 : i64
  // CHECK: %[[DW:.*]] = arith.constant 1 : i64
  // CHECK: call @pcc_rt_sum_pool2d_nchw_f64(%[[CX]], %[[CY]], %[[KH]], %[[KW]], %[[SH]], %[[SW]], %[[DH]], %[[DW]])
  // CHECK-NOT: linalg.pooling_nchw_sum
  linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %k : memref<1x2x9x9xf64>, memref<3x3xf64>) outs(%y : memref<1x2x4x4xf64>)
  return
}

// A window of dynamic size has no static kernel size to pass.
// CHECK-LABEL: func.func @max_pool_dynamic_window_left_alone
// CHECK-NOT: call
// CHECK: linalg.pooling_nchw_max
func.func @max_pool_dynamic_window_left_alone(%x: memref<1x2x8x8xf32>, %k: memref<?x?xf32>, %y: memref<1x2x4x4xf32>) {
  linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
    ins(%x, %k : memref<1x2x8x8xf32>, memref<?x?xf32>) outs(%y : memref<1x2x4x4xf32>)
  return
}
