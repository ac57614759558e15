// RUN: pcc-opt %s --split-input-file --convert-nn-to-linalg | FileCheck %s --implicit-check-not="= nn."
// RUN: pcc-opt %s --split-input-file --convert-nn-to-linalg --pcc-linalg-to-llvm | FileCheck %s --check-prefix=LLVM --implicit-check-not="nn." --implicit-check-not="linalg." --implicit-check-not="math."

// The ops that differentiation emits lower like the forward ops: one
// linalg.generic each (the window gradients gather, so they never write one
// element twice), tensor.insert_slice for slice_grad. The whole pipeline
// takes them to LLVM.

// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[D1:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[D01:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[D02:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[COL0:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>

// LLVM-LABEL: llvm.func @elementwise(
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[G:.*]]: tensor<?x4xf32>)
func.func @elementwise(%x: tensor<?x4xf32>, %g: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  // CHECK: linalg.generic {{.*}} ins(%[[X]], %[[G]] : tensor<?x4xf32>, tensor<?x4xf32>)
  // CHECK: arith.divf
  %0 = nn.div %x, %g : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  // CHECK: linalg.generic
  // CHECK: %[[POS:.*]] = arith.cmpf ogt
  // CHECK: arith.select %[[POS]]
  %1 = nn.relu_grad %x, %g : tensor<?x4xf32>
  // Φ(x) from erf, φ(x) from exp(-x²/2)/√(2π).
  // CHECK: linalg.generic
  // CHECK: math.erf
  // CHECK: math.exp
  // CHECK: arith.constant 0.398942{{[0-9]*}} : f32
  %2 = nn.gelu_grad %x, %g : tensor<?x4xf32>
  // CHECK: linalg.generic
  // CHECK: arith.negf
  // CHECK: linalg.generic
  // CHECK: math.sqrt
  // CHECK: linalg.generic
  // CHECK: math.sin
  // CHECK: linalg.generic
  // CHECK: math.cos
  // CHECK: linalg.generic
  // CHECK: math.tan
  %3 = nn.neg %x : tensor<?x4xf32>
  %4 = nn.sqrt %3 : tensor<?x4xf32>
  %5 = nn.sin %4 : tensor<?x4xf32>
  %6 = nn.cos %5 : tensor<?x4xf32>
  %7 = nn.tan %6 : tensor<?x4xf32>
  return %0, %1, %2, %7 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// Summed dimensions come back with size 1 through tensor.expand_shape; no
// axes is the identity.
// LLVM-LABEL: llvm.func @reduce_sum(
// CHECK-LABEL: func.func @reduce_sum
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x4xf32>)
func.func @reduce_sum(%x: tensor<?x3x4xf32>) -> (tensor<3xf32>, tensor<?x3x1xf32>, tensor<1x1x1xf32>, tensor<?x3x4xf32>) {
  // CHECK: %[[S:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[D1]]], iterator_types = ["reduction", "parallel", "reduction"]} ins(%[[X]] : tensor<?x3x4xf32>)
  // CHECK: arith.addf
  %0 = nn.reduce_sum %x {axes = array<i64: 0, 2>} : (tensor<?x3x4xf32>) -> tensor<3xf32>
  // CHECK: %[[K:.*]] = linalg.generic {indexing_maps = [#[[ID3]], #[[D01]]], iterator_types = ["parallel", "parallel", "reduction"]}
  // CHECK: %[[B:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x4xf32>
  // CHECK: %[[KE:.*]] = tensor.expand_shape %[[K]] {{\[\[}}0], [1, 2]] output_shape [%[[B]], 3, 1] : tensor<?x3xf32> into tensor<?x3x1xf32>
  %1 = nn.reduce_sum %x {axes = array<i64: -1>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<?x3x1xf32>
  // CHECK: %[[A:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction", "reduction"]
  // CHECK: %[[AE:.*]] = tensor.expand_shape %[[A]] [] output_shape [1, 1, 1] : tensor<f32> into tensor<1x1x1xf32>
  %2 = nn.reduce_sum %x {axes = array<i64: 0, 1, 2>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<1x1x1xf32>
  %3 = nn.reduce_sum %x {axes = array<i64>} : (tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: return %[[S]], %[[KE]], %[[AE]], %[[X]]
  return %0, %1, %2, %3 : tensor<3xf32>, tensor<?x3x1xf32>, tensor<1x1x1xf32>, tensor<?x3x4xf32>
}

// The result takes its dynamic sizes from like, which is not read.
// LLVM-LABEL: llvm.func @broadcast_like(
// CHECK-LABEL: func.func @broadcast_like
// CHECK-SAME: (%[[G:.*]]: tensor<?x4xf32>, %[[L:.*]]: tensor<?x3x4xf32>, %[[C:.*]]: tensor<3x1xf32>)
func.func @broadcast_like(%g: tensor<?x4xf32>, %like: tensor<?x3x4xf32>, %c: tensor<3x1xf32>) -> (tensor<?x3x4xf32>, tensor<?x3x4xf32>) {
  // CHECK: %[[N:.*]] = tensor.dim %[[L]], %{{.*}} : tensor<?x3x4xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3x4xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[D02]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[G]] : tensor<?x4xf32>) outs(%[[E]] : tensor<?x3x4xf32>)
  %0 = nn.broadcast_like %g, %like {axes = array<i64: 1>} : (tensor<?x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  // CHECK: linalg.generic {indexing_maps = [#[[COL0]], #[[ID3]]], {{.*}} ins(%[[C]] : tensor<3x1xf32>)
  %1 = nn.broadcast_like %c, %like : (tensor<3x1xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  return %0, %1 : tensor<?x3x4xf32>, tensor<?x3x4xf32>
}

// -----

// CHECK-DAG: #[[GIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d2, d3, d4)>
// CHECK-DAG: #[[WIN4:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d2, d1, d5, d6)>
// CHECK-DAG: #[[SCATTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3 * 2 + d5 * 2, d4 * 3 + d6)>
// CHECK-DAG: #[[UNIT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d3 + d5, d4 + d6)>
// CHECK-DAG: #[[GF:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d0, d5, d6)>
// CHECK-DAG: #[[XWIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5 * 2 + d2 * 2, d6 * 3 + d3)>
// CHECK-DAG: #[[DW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>

// Input gradient: the scatter form of KernelForms.h, loops (n, c, f, oh,
// ow, kh, kw), into a zero-padded gradient (10+2·1 rows, 11+2·2 columns)
// whose interior is the result.
// LLVM-LABEL: llvm.func @conv2d_grad_input(
// CHECK-LABEL: func.func @conv2d_grad_input
// CHECK-SAME: (%[[G:.*]]: tensor<?x4x4x5xf64>, %[[W:.*]]: tensor<4x3x3x2xf64>)
func.func @conv2d_grad_input(%g: tensor<?x4x4x5xf64>, %w: tensor<4x3x3x2xf64>) -> tensor<?x3x10x11xf64> {
  // CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<?x3x12x15xf64>
  // CHECK: %[[D:.*]] = linalg.generic {indexing_maps = [#[[GIN]], #[[WIN4]], #[[SCATTER]]], iterator_types = ["parallel", "parallel", "reduction", "reduction", "reduction", "reduction", "reduction"]} ins(%[[G]], %[[W]] : tensor<?x4x4x5xf64>, tensor<4x3x3x2xf64>) outs(%[[Z]] : tensor<?x3x12x15xf64>)
  // CHECK-NEXT: ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64, %[[ACC:.*]]: f64):
  // CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[B]]
  // CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[M]]
  // CHECK-NEXT: linalg.yield %[[S]]
  // CHECK: tensor.extract_slice %[[D]][0, 0, 1, 2] [%{{.*}}, 3, 10, 11] [1, 1, 1, 1]
  %dx = nn.conv2d_grad_input %g, %w {stride = array<i64: 2, 3>, padding = array<i64: 1, 2>, dilation = array<i64: 2, 1>} : (tensor<?x4x4x5xf64>, tensor<4x3x3x2xf64>) -> tensor<?x3x10x11xf64>
  return %dx : tensor<?x3x10x11xf64>
}

// With a dynamic image size (stride 1) the padded gradient has o + d·(k-1)
// rows, the result that minus 2·padding.
// LLVM-LABEL: llvm.func @conv2d_grad_input_dynamic(
// CHECK-LABEL: func.func @conv2d_grad_input_dynamic
// CHECK-SAME: (%[[G:.*]]: tensor<?x4x?x?xf64>, %[[W:.*]]: tensor<4x3x3x2xf64>)
func.func @conv2d_grad_input_dynamic(%g: tensor<?x4x?x?xf64>, %w: tensor<4x3x3x2xf64>) -> tensor<?x3x?x?xf64> {
  // CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<?x3x?x?xf64>
  // CHECK: %[[D:.*]] = linalg.generic {indexing_maps = [#[[GIN]], #[[WIN4]], #[[UNIT]]], {{.*}} ins(%[[G]], %[[W]] : {{.*}}) outs(%[[Z]] : tensor<?x3x?x?xf64>)
  // CHECK: tensor.extract_slice %[[D]][0, 0, 1, 0]
  %dx = nn.conv2d_grad_input %g, %w {padding = array<i64: 1, 0>} : (tensor<?x4x?x?xf64>, tensor<4x3x3x2xf64>) -> tensor<?x3x?x?xf64>
  return %dx : tensor<?x3x?x?xf64>
}

// Filter gradient: the filter form of KernelForms.h, loops (f, c, kh, kw,
// n, oh, ow), reading the padded input through the window map.
// LLVM-LABEL: llvm.func @conv2d_grad_filter(
// CHECK-LABEL: func.func @conv2d_grad_filter
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x10x11xf64>, %[[G:.*]]: tensor<?x4x4x5xf64>)
func.func @conv2d_grad_filter(%x: tensor<?x3x10x11xf64>, %g: tensor<?x4x4x5xf64>) -> tensor<4x3x3x2xf64> {
  // CHECK: %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 1, 2] high[0, 0, 1, 2]
  // CHECK: %[[Z:.*]] = linalg.fill {{.*}} -> tensor<4x3x3x2xf64>
  // CHECK: linalg.generic {indexing_maps = [#[[GF]], #[[XWIN]], #[[DW]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%[[G]], %[[P]] : tensor<?x4x4x5xf64>, tensor<?x3x12x15xf64>) outs(%[[Z]] : tensor<4x3x3x2xf64>)
  %dw = nn.conv2d_grad_filter %x, %g {stride = array<i64: 2, 3>, padding = array<i64: 1, 2>, dilation = array<i64: 2, 1>} : (tensor<?x3x10x11xf64>, tensor<?x4x4x5xf64>) -> tensor<4x3x3x2xf64>
  return %dw : tensor<4x3x3x2xf64>
}

// -----

// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT6:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[TILE:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[KERNEL:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d5)>
// CHECK-DAG: #[[TILEOUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d3, d4 * 3 + d5)>
// CHECK-DAG: #[[POOLX:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 3 + d5)>

// Max pooling: the offset of each window's first maximum (i64, -1 for
// none yet), then every input position gathers the windows it won.
// LLVM-LABEL: llvm.func @max_pool2d_grad(
// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK-SAME: (%[[X:.*]]: tensor<?x2x7x7xf32>, %[[G:.*]]: tensor<?x2x4x4xf32>)
func.func @max_pool2d_grad(%x: tensor<?x2x7x7xf32>, %g: tensor<?x2x4x4xf32>) -> tensor<?x2x7x7xf32> {
  // CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xf32>
  // CHECK: %[[ARG:.*]]:2 = linalg.generic {indexing_maps = [#[[WIN]], #[[OUT6]], #[[OUT6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[WINDOW]] : tensor<3x3xf32>) outs(%{{.*}}, %{{.*}} : tensor<?x2x4x4xf32>, tensor<?x2x4x4xi64>)
  // CHECK: tensor.extract %[[X]]
  // CHECK: arith.cmpf ogt
  // CHECK: linalg.yield %{{.*}}, %{{.*}} : f32, i64
  // CHECK: linalg.generic {indexing_maps = [#[[WIN]], #[[OUT6]]], {{.*}} ins(%{{.*}} : tensor<3x3xf32>) outs(%{{.*}} : tensor<?x2x7x7xf32>)
  // CHECK: tensor.extract %[[ARG]]#1
  // CHECK: tensor.extract %[[G]]
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 3, 3>, stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x2x7x7xf32>, tensor<?x2x4x4xf32>) -> tensor<?x2x7x7xf32>
  return %0 : tensor<?x2x7x7xf32>
}

// Windows that tile the image exactly (stride = kernel, no padding, H and
// W multiples of the kernel): every input position belongs to one window,
// so loops (n, c, oh, kh, ow, kw) write each position once, reading the
// argmax and g at (oh, ow): no window search, no bounds checks, and an
// innermost loop LLVM unrolls, leaving a vectorizable ow loop.
// LLVM-LABEL: llvm.func @max_pool2d_grad_tiled(
// CHECK-LABEL: func.func @max_pool2d_grad_tiled
func.func @max_pool2d_grad_tiled(%x: tensor<?x2x6x9xf32>, %g: tensor<?x2x3x3xf32>) -> tensor<?x2x6x9xf32> {
  // Unpadded windows read x through the pooling map, without bounds checks.
  // CHECK: %[[ARG:.*]]:2 = linalg.generic {indexing_maps = [#[[POOLX]], #[[WIN]], #[[OUT6]], #[[OUT6]]], {{.*}}"reduction", "reduction"]} ins(%{{.*}}, %{{.*}} : tensor<?x2x6x9xf32>, tensor<2x3xf32>)
  // CHECK-NOT: tensor.extract
  // CHECK: linalg.generic {indexing_maps = [#[[TILE]], #[[TILE]], #[[KERNEL]], #[[TILEOUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[ARG]]#1, %{{.*}}, %{{.*}} : tensor<?x2x3x3xi64>, tensor<?x2x3x3xf32>, tensor<2x3xf32>) outs(%{{.*}} : tensor<?x2x6x9xf32>)
  // CHECK-DAG: linalg.index 3
  // CHECK-DAG: linalg.index 5
  // CHECK: arith.cmpi eq
  // CHECK: arith.select
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 3>} : (tensor<?x2x6x9xf32>, tensor<?x2x3x3xf32>) -> tensor<?x2x6x9xf32>
  return %0 : tensor<?x2x6x9xf32>
}

// At stride 1 a dynamic image size is the grad's plus the window's span
// minus the padding: here H = OH - 1 + 3 - 2 = OH, so the sizes are the
// grad's dims.
// LLVM-LABEL: llvm.func @avg_pool2d_grad(
// CHECK-LABEL: func.func @avg_pool2d_grad
// CHECK-SAME: (%[[G:.*]]: tensor<?x2x?x?xf64>)
func.func @avg_pool2d_grad(%g: tensor<?x2x?x?xf64>) -> tensor<?x2x?x?xf64> {
  // CHECK-DAG: %[[N:.*]] = tensor.dim %[[G]], %c0
  // CHECK-DAG: %[[H:.*]] = tensor.dim %[[G]], %c2
  // CHECK-DAG: %[[W:.*]] = tensor.dim %[[G]], %c3
  // CHECK: tensor.empty(%[[N]], %[[H]], %[[W]]) : tensor<?x2x?x?xf64>
  // CHECK: arith.constant 9.000000e+00 : f64
  // CHECK: linalg.generic {indexing_maps = [#[[WIN]], #[[OUT6]]]
  // CHECK-NOT: arith.divsi
  // CHECK: tensor.extract %[[G]]
  // CHECK: arith.divf
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 3, 3>, stride = array<i64: 1, 1>, padding = array<i64: 1, 1>} : (tensor<?x2x?x?xf64>) -> tensor<?x2x?x?xf64>
  return %0 : tensor<?x2x?x?xf64>
}

// -----

// CHECK-DAG: #[[IDS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3, d1)>
// CHECK-DAG: #[[TABLE:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[SCALAR:.*]] = affine_map<(d0, d1) -> ()>

// LLVM-LABEL: llvm.func @slice_grad(
// CHECK-LABEL: func.func @slice_grad
// CHECK-SAME: (%[[G:.*]]: tensor<?x32xf32>, %[[Z:.*]]: tensor<?x128xf32>)
func.func @slice_grad(%g: tensor<?x32xf32>, %z: tensor<?x128xf32>) -> tensor<?x128xf32> {
  // CHECK: %[[B:.*]] = tensor.dim %[[Z]], %{{.*}} : tensor<?x128xf32>
  // CHECK: %[[E:.*]] = tensor.empty(%[[B]]) : tensor<?x128xf32>
  // CHECK: %[[F:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x128xf32>)
  // CHECK: %[[GB:.*]] = tensor.dim %[[G]], %{{.*}} : tensor<?x32xf32>
  // CHECK: %[[R:.*]] = tensor.insert_slice %[[G]] into %[[F]][0, 32] [%[[GB]], 32] [1, 1] : tensor<?x32xf32> into tensor<?x128xf32>
  // CHECK: return %[[R]]
  %0 = nn.slice_grad %g, %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x32xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
  return %0 : tensor<?x128xf32>
}

// Every table row sums the grad rows whose clamped id is that row.
// LLVM-LABEL: llvm.func @embedding_grad(
// CHECK-LABEL: func.func @embedding_grad
// CHECK-SAME: (%[[I:.*]]: tensor<?x16xi64>, %[[G:.*]]: tensor<?x16x32xf32>)
func.func @embedding_grad(%ids: tensor<?x16xi64>, %g: tensor<?x16x32xf32>) -> tensor<96x32xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[IDS]], #[[ROWS]], #[[TABLE]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[I]], %[[G]] : tensor<?x16xi64>, tensor<?x16x32xf32>) outs(%{{.*}} : tensor<96x32xf32>)
  // CHECK: arith.constant 95 : index
  // CHECK: %[[V:.*]] = linalg.index 0 : index
  // CHECK: arith.cmpi eq, %{{.*}}, %[[V]] : index
  %0 = nn.embedding_grad %ids, %g : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<96x32xf32>
  return %0 : tensor<96x32xf32>
}

// LLVM-LABEL: llvm.func @mse_grad(
// CHECK-LABEL: func.func @mse_grad
// CHECK-SAME: (%[[P:.*]]: tensor<?x10xf32>, %[[T:.*]]: tensor<?x10xf32>, %[[G:.*]]: tensor<f32>)
func.func @mse_grad(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>, %g: tensor<f32>) -> tensor<?x10xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[SCALAR]], #[[ID2]]], {{.*}} ins(%[[P]], %[[T]], %[[G]] : tensor<?x10xf32>, tensor<?x10xf32>, tensor<f32>)
  // CHECK: arith.subf
  // CHECK: arith.mulf
  // CHECK: arith.divf
  %0 = nn.mse_grad %p, %t, %g : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<f32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// The stable softmax of the logits minus the one-hot label, scaled by g/P.
// LLVM-LABEL: llvm.func @cross_entropy_grad(
// CHECK-LABEL: func.func @cross_entropy_grad
// CHECK-SAME: (%[[Z:.*]]: tensor<?x10xf64>, %[[Y:.*]]: tensor<?xi64>, %[[G:.*]]: tensor<f64>)
func.func @cross_entropy_grad(%z: tensor<?x10xf64>, %y: tensor<?xi64>, %g: tensor<f64>) -> tensor<?x10xf64> {
  // CHECK: %[[MAX:.*]] = linalg.generic {{.*}} ins(%[[Z]] : tensor<?x10xf64>)
  // CHECK: arith.maximumf
  // CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[Z]], %[[MAX]] : tensor<?x10xf64>, tensor<?xf64>)
  // CHECK: math.exp
  // CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ROW]], #[[ROW]], #[[ROW]], #[[SCALAR]], #[[ID2]]], {{.*}} ins(%[[Z]], %[[MAX]], %[[SUM]], %[[Y]], %[[G]] : tensor<?x10xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xi64>, tensor<f64>)
  // CHECK: arith.constant 9 : index
  // CHECK: arith.select
  // CHECK: arith.subf
  %0 = nn.cross_entropy_grad %z, %y, %g : (tensor<?x10xf64>, tensor<?xi64>, tensor<f64>) -> tensor<?x10xf64>
  return %0 : tensor<?x10xf64>
}
