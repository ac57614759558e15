// RUN: pcc-opt %s --convert-linalg-to-runtime | FileCheck %s

// The runtime kernels take a single element type for all operands. A linalg
// op whose inputs and output differ in element type (here f16 products
// accumulated in f32) must be left for the loop lowering: passing f16 buffers
// to the f32 kernel would reinterpret their bits, and a declaration typed by
// the first such op would clash with later, uniform calls.

// CHECK-NOT: func.func private @pcc_rt_matmul_f32({{.*}}f16
// CHECK-NOT: func.func private @pcc_rt_conv2d_nchw_fchw_f32({{.*}}f16

// CHECK-LABEL: func.func @matmul_f16_into_f32_left_alone
// CHECK-NOT: call
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : memref<4x8xf16>, memref<8x16xf16>) outs(%{{.*}} : memref<4x16xf32>)
func.func @matmul_f16_into_f32_left_alone(%a: memref<4x8xf16>, %b: memref<8x16xf16>, %c: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf16>, memref<8x16xf16>) outs(%c : memref<4x16xf32>)
  return
}

// CHECK-LABEL: func.func @conv2d_f16_into_f32_left_alone
// CHECK-NOT: call
// CHECK: linalg.conv_2d_nchw_fchw
func.func @conv2d_f16_into_f32_left_alone(%x: memref<1x3x5x5xf16>, %w: memref<4x3x3x3xf16>, %y: memref<1x4x3x3xf32>) {
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x3x5x5xf16>, memref<4x3x3x3xf16>) outs(%y : memref<1x4x3x3xf32>)
  return
}

// A uniform f32 matmul and conv after them still get the kernels.
// CHECK-LABEL: func.func @matmul_f32_after_mixed
// CHECK: call @pcc_rt_matmul_f32(
func.func @matmul_f32_after_mixed(%a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return
}

// CHECK-LABEL: func.func @conv2d_f32_after_mixed
// CHECK: call @pcc_rt_conv2d_nchw_fchw_f32(
func.func @conv2d_f32_after_mixed(%x: memref<1x3x5x5xf32>, %w: memref<4x3x3x3xf32>, %y: memref<1x4x3x3xf32>) {
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<1x3x5x5xf32>, memref<4x3x3x3xf32>) outs(%y : memref<1x4x3x3xf32>)
  return
}
