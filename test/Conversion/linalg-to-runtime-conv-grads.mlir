// RUN: pcc-opt %s --convert-linalg-to-runtime | FileCheck %s

// The convolution-gradient forms of pcc/Conversion/KernelForms.h on f32/f64
// buffers become calls to the runtime's gradient kernels, with the strides
// and dilations read off the window map. Generics that differ from a form
// in any respect (map, iterator, body) are left for the loop lowering.

// CHECK-DAG: func.func private @pcc_rt_conv2d_grad_filter_nchw_fchw_f32(memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf32, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @pcc_rt_conv2d_grad_input_nchw_fchw_f64(memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, memref<?x?x?x?xf64, strided<[?, ?, ?, ?], offset: ?>>, i64, i64, i64, i64) attributes {llvm.emit_c_interface}

#gF = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, f, oh, ow)>
#xF = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, c, oh * 2 + kh * 3, ow + kw)>
#dwF = affine_map<(f, c, kh, kw, n, oh, ow) -> (f, c, kh, kw)>
// The same window written the other way round (kh·3 + oh·2).
#xF2 = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, c, kh * 3 + oh * 2, kw + ow)>
// Not a window map: kh and kw swapped.
#xBad = affine_map<(f, c, kh, kw, n, oh, ow) -> (n, c, oh * 2 + kw * 3, ow + kh)>

// CHECK-LABEL: func.func @grad_filter
// CHECK-SAME: (%[[G:.*]]: memref<2x4x3x5xf32>, %[[X:.*]]: memref<2x3x11x7xf32>, %[[DW:.*]]: memref<4x3x3x3xf32>)
// CHECK: %[[CG:.*]] = memref.cast %[[G]]
// CHECK: %[[CX:.*]] = memref.cast %[[X]]
// CHECK: %[[CW:.*]] = memref.cast %[[DW]]
// CHECK-NEXT: %[[SH:.*]] = arith.constant 2 : i64
// CHECK-NEXT: %[[SW:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DH:.*]] = arith.constant 3 : i64
// CHECK-NEXT: %[[DW1:.*]] = arith.constant 1 : i64
// CHECK-NEXT: call @pcc_rt_conv2d_grad_filter_nchw_fchw_f32(%[[CG]], %[[CX]], %[[CW]], %[[SH]], %[[SW]], %[[DH]], %[[DW1]])
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @grad_filter(%g: memref<2x4x3x5xf32>, %x: memref<2x3x11x7xf32>, %dw: memref<4x3x3x3xf32>) {
  linalg.generic {indexing_maps = [#gF, #xF, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : memref<2x4x3x5xf32>, memref<2x3x11x7xf32>) outs(%dw : memref<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Operand order inside the body and the order of the map's terms do not
// matter.
// CHECK-LABEL: func.func @grad_filter_commuted
// CHECK: call @pcc_rt_conv2d_grad_filter_nchw_fchw_f32
// CHECK-NOT: linalg.generic
func.func @grad_filter_commuted(%g: memref<2x4x3x5xf32>, %x: memref<2x3x11x7xf32>, %dw: memref<4x3x3x3xf32>) {
  linalg.generic {indexing_maps = [#gF, #xF2, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : memref<2x4x3x5xf32>, memref<2x3x11x7xf32>) outs(%dw : memref<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %b, %a : f32
    %s = arith.addf %m, %acc : f32
    linalg.yield %s : f32
  }
  return
}

// CHECK-LABEL: func.func @grad_filter_not_a_window
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @grad_filter_not_a_window(%g: memref<2x4x3x5xf32>, %x: memref<2x3x11x7xf32>, %dw: memref<4x3x3x3xf32>) {
  linalg.generic {indexing_maps = [#gF, #xBad, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : memref<2x4x3x5xf32>, memref<2x3x11x7xf32>) outs(%dw : memref<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// A body that is not a multiply-accumulate (here a - b) is not the form.
// CHECK-LABEL: func.func @grad_filter_other_body
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @grad_filter_other_body(%g: memref<2x4x3x5xf32>, %x: memref<2x3x11x7xf32>, %dw: memref<4x3x3x3xf32>) {
  linalg.generic {indexing_maps = [#gF, #xF, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : memref<2x4x3x5xf32>, memref<2x3x11x7xf32>) outs(%dw : memref<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.subf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  }
  return
}

// Tensors (before bufferization) are left alone.
// CHECK-LABEL: func.func @grad_filter_tensors
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @grad_filter_tensors(%g: tensor<2x4x3x5xf32>, %x: tensor<2x3x11x7xf32>, %dw: tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32> {
  %r = linalg.generic {indexing_maps = [#gF, #xF, #dwF], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %x : tensor<2x4x3x5xf32>, tensor<2x3x11x7xf32>) outs(%dw : tensor<4x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %m : f32
    linalg.yield %s : f32
  } -> tensor<4x3x3x3xf32>
  return %r : tensor<4x3x3x3xf32>
}

#gI = affine_map<(n, c, f, oh, ow, kh, kw) -> (n, f, oh, ow)>
#wI = affine_map<(n, c, f, oh, ow, kh, kw) -> (f, c, kh, kw)>
#dxI = affine_map<(n, c, f, oh, ow, kh, kw) -> (n, c, oh * 3 + kh, ow * 2 + kw * 2)>

// CHECK-LABEL: func.func @grad_input
// CHECK-SAME: (%[[G:.*]]: memref<?x4x3x5xf64>, %[[W:.*]]: memref<4x3x2x3xf64>, %[[DX:.*]]: memref<?x3x8x13xf64>)
// CHECK: %[[CG:.*]] = memref.cast %[[G]]
// CHECK: %[[CW:.*]] = memref.cast %[[W]]
// CHECK: %[[CX:.*]] = memref.cast %[[DX]]
// CHECK-NEXT: %[[SH:.*]] = arith.constant 3 : i64
// CHECK-NEXT: %[[SW:.*]] = arith.constant 2 : i64
// CHECK-NEXT: %[[DH:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[DW:.*]] = arith.constant 2 : i64
// CHECK-NEXT: call @pcc_rt_conv2d_grad_input_nchw_fchw_f64(%[[CG]], %[[CW]], %[[CX]], %[[SH]], %[[SW]], %[[DH]], %[[DW]])
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @grad_input(%g: memref<?x4x3x5xf64>, %w: memref<4x3x2x3xf64>, %dx: memref<?x3x8x13xf64>) {
  linalg.generic {indexing_maps = [#gI, #wI, #dxI], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction", "reduction", "reduction"]} ins(%g, %w : memref<?x4x3x5xf64>, memref<4x3x2x3xf64>) outs(%dx : memref<?x3x8x13xf64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %m = arith.mulf %a, %b : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  }
  return
}

// The scatter with a parallel oh loop is not the form (the iterator types
// are part of it).
// CHECK-LABEL: func.func @grad_input_wrong_iterators
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @grad_input_wrong_iterators(%g: memref<?x4x3x5xf64>, %w: memref<4x3x2x3xf64>, %dx: memref<?x3x8x13xf64>) {
  linalg.generic {indexing_maps = [#gI, #wI, #dxI], iterator_types = ["parallel", "parallel", "reduction", "parallel", "reduction", "reduction", "reduction"]} ins(%g, %w : memref<?x4x3x5xf64>, memref<4x3x2x3xf64>) outs(%dx : memref<?x3x8x13xf64>) {
  ^bb0(%a: f64, %b: f64, %acc: f64):
    %m = arith.mulf %a, %b : f64
    %s = arith.addf %acc, %m : f64
    linalg.yield %s : f64
  }
  return
}

// Mixed element types have no kernel.
// CHECK-LABEL: func.func @grad_input_mixed
// CHECK-NOT: call
// CHECK: linalg.generic
func.func @grad_input_mixed(%g: memref<?x4x3x5xf32>, %w: memref<4x3x2x3xf32>, %dx: memref<?x3x8x13xf64>) {
  linalg.generic {indexing_maps = [#gI, #wI, #dxI], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction", "reduction", "reduction"]} ins(%g, %w : memref<?x4x3x5xf32>, memref<4x3x2x3xf32>) outs(%dx : memref<?x3x8x13xf64>) {
  ^bb0(%a: f32, %b: f32, %acc: f64):
    %m = arith.mulf %a, %b : f32
    %e = arith.extf %m : f32 to f64
    %s = arith.addf %acc, %e : f64
    linalg.yield %s : f64
  }
  return
}
