// RUN: pcc-opt %s --pcc-lower-to-llvm | FileCheck %s \
// RUN:   --implicit-check-not=nn. --implicit-check-not=linalg. \
// RUN:   --implicit-check-not=tensor. --implicit-check-not=memref. \
// RUN:   --implicit-check-not=bufferization. --implicit-check-not=arith. \
// RUN:   --implicit-check-not=math. --implicit-check-not=scf. \
// RUN:   --implicit-check-not=cf. --implicit-check-not=func.func \
// RUN:   --implicit-check-not=unrealized_conversion_cast

// The whole pipeline: nn -> linalg on tensors -> buffers -> runtime kernel
// calls and loops -> the LLVM dialect. Nothing but llvm ops is left. Public
// functions get a C interface (_mlir_ciface_<name>) taking memref
// descriptors by pointer; the runtime kernels are called through the
// wrappers that emit_c_interface generates for their declarations.

// Runtime kernels: a wrapper that unpacks the descriptors and the C-interface
// declaration it calls.
// CHECK-DAG: llvm.func private @pcc_rt_matmul_f32(
// CHECK-DAG: llvm.call @_mlir_ciface_pcc_rt_matmul_f32(%{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
// CHECK-DAG: llvm.func @_mlir_ciface_pcc_rt_matmul_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr)
// CHECK-DAG: llvm.func private @pcc_rt_conv2d_nchw_fchw_f32(
// CHECK-DAG: llvm.func @_mlir_ciface_pcc_rt_conv2d_nchw_fchw_f32(!llvm.ptr, !llvm.ptr, !llvm.ptr, i64, i64, i64, i64)
// CHECK-DAG: llvm.func private @pcc_rt_max_pool2d_nchw_f32(
// CHECK-DAG: llvm.func @_mlir_ciface_pcc_rt_max_pool2d_nchw_f32(!llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i64)
// CHECK-DAG: llvm.func private @pcc_rt_sum_pool2d_nchw_f32(
// CHECK-DAG: llvm.func @_mlir_ciface_pcc_rt_sum_pool2d_nchw_f32(!llvm.ptr, !llvm.ptr, i64, i64, i64, i64, i64, i64)

// A two-layer perceptron: both dense layers are GEMM calls; parameters,
// bias, relu and softmax are inline code with the math as LLVM intrinsics.
// CHECK-LABEL: llvm.func @forward(
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK: llvm.call @aligned_alloc
// CHECK: llvm.call @pcc_rt_matmul_f32(
// CHECK: llvm.intr.maximum
// CHECK: llvm.call @pcc_rt_matmul_f32(
// CHECK: llvm.intr.exp
// CHECK: llvm.call @free
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// CHECK: llvm.call @forward(
func.func @forward(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w1 = nn.param "fc1.weight" glorot_uniform seed 1 : tensor<784x64xf32>
  %b1 = nn.param "fc1.bias" zeros seed 0 : tensor<64xf32>
  %w2 = nn.param "fc2.weight" he_normal seed 2 : tensor<64x10xf32>
  %b2 = nn.param "fc2.bias" constant(0.1) seed 0 : tensor<10xf32>
  %h = nn.dense %x, %w1, %b1 : (tensor<?x784xf32>, tensor<784x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
  %a = nn.relu %h : tensor<?x64xf32>
  %z = nn.dense %a, %w2, %b2 : (tensor<?x64xf32>, tensor<64x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %p = nn.softmax %z : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}

// A small CNN with a loss: convolution and both poolings are kernel calls.
// CHECK-LABEL: llvm.func @cnn(
// CHECK-SAME: attributes {llvm.emit_c_interface}
// CHECK: llvm.call @pcc_rt_conv2d_nchw_fchw_f32(
// CHECK: llvm.call @pcc_rt_max_pool2d_nchw_f32(
// CHECK: llvm.call @pcc_rt_sum_pool2d_nchw_f32(
// CHECK: llvm.call @pcc_rt_matmul_f32(
// CHECK: llvm.intr.log
// CHECK: llvm.return
// CHECK-LABEL: llvm.func @_mlir_ciface_cnn(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) attributes {llvm.emit_c_interface}
// CHECK: llvm.call @cnn(
func.func @cnn(%x: tensor<?x1x28x28xf32>, %y: tensor<?xi64>) -> tensor<f32> {
  %w = nn.param "conv.weight" he_uniform seed 1 : tensor<6x1x5x5xf32>
  %b = nn.param "conv.bias" zeros seed 0 : tensor<6xf32>
  %c = nn.conv2d %x, %w, %b {padding = array<i64: 2, 2>} : (tensor<?x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>) -> tensor<?x6x28x28xf32>
  %r = nn.relu %c : tensor<?x6x28x28xf32>
  %p = nn.max_pool2d %r {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>) -> tensor<?x6x14x14xf32>
  %q = nn.avg_pool2d %p {kernel = array<i64: 2, 2>} : (tensor<?x6x14x14xf32>) -> tensor<?x6x7x7xf32>
  %f = nn.flatten %q : (tensor<?x6x7x7xf32>) -> tensor<?x294xf32>
  %w2 = nn.param "fc.weight" glorot_uniform seed 2 : tensor<294x10xf32>
  %z = nn.dense %f, %w2 : (tensor<?x294xf32>, tensor<294x10xf32>) -> tensor<?x10xf32>
  %l = nn.cross_entropy %z, %y : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
