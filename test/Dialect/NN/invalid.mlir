// RUN: pcc-opt %s -split-input-file -verify-diagnostics

// Each nn op rejects the programs its shape rules do not allow, with a
// message that names the operand and shows what was expected and what was
// found. Ops that infer their result type also report the generic
// "failed to infer returned types" after the specific message.

//===----------------------------------------------------------------------===//
// nn.param
//===----------------------------------------------------------------------===//

func.func @param_dynamic_shape() {
  // expected-error @+1 {{'nn.param' op expects a static shape for parameter 'w' but got 'tensor<?x4xf32>'}}
  %0 = nn.param "w" glorot_uniform seed 0 : tensor<?x4xf32>
  return
}

// -----

func.func @param_empty_name() {
  // expected-error @+1 {{expects a non-empty parameter name}}
  %0 = nn.param "" zeros seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_duplicate_name() {
  %0 = nn.param "fc.weight" zeros seed 0 : tensor<4xf32>
  // expected-error @+1 {{redefines parameter 'fc.weight' (first defined at}}
  %1 = nn.param "fc.weight" glorot_uniform seed 1 : tensor<4x4xf32>
  return
}

// -----

func.func @param_zeros_with_args() {
  // expected-error @+1 {{initialiser 'zeros' expects 0 argument(s) but got 1}}
  %0 = nn.param "w" zeros(1.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_constant_without_args() {
  // expected-error @+1 {{initialiser 'constant' expects 1 argument(s) but got 0}}
  %0 = nn.param "w" constant seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_uniform_one_arg() {
  // expected-error @+1 {{initialiser 'uniform' expects 2 argument(s) but got 1}}
  %0 = nn.param "w" uniform(1.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_normal_three_args() {
  // expected-error @+1 {{initialiser 'normal' expects 2 argument(s) but got 3}}
  %0 = nn.param "w" normal(0.0, 1.0, 2.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_glorot_two_args() {
  // expected-error @+1 {{initialiser 'glorot_uniform' expects 0 or 1 argument(s) but got 2}}
  %0 = nn.param "w" glorot_uniform(1.0, 2.0) seed 0 : tensor<4x4xf32>
  return
}

// -----

func.func @param_uniform_low_equals_high() {
  // expected-error @+1 {{initialiser 'uniform' expects low < high but got [1.000000e+00, 1.000000e+00]}}
  %0 = nn.param "w" uniform(1.0, 1.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_uniform_low_above_high() {
  // expected-error @+1 {{initialiser 'uniform' expects low < high}}
  %0 = nn.param "w" uniform(0.5, -0.5) seed 0 : tensor<4xf64>
  return
}

// -----

func.func @param_normal_zero_stddev() {
  // expected-error @+1 {{initialiser 'normal' expects stddev > 0 but got 0.000000e+00}}
  %0 = nn.param "w" normal(0.0, 0.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_normal_negative_stddev() {
  // expected-error @+1 {{initialiser 'normal' expects stddev > 0 but got -1.000000e+00}}
  %0 = nn.param "w" normal(0.0, -1.0) seed 0 : tensor<4xf32>
  return
}

// -----

func.func @param_infinite_arg() {
  // expected-error @+1 {{expects finite initialiser arguments}}
  %0 = "nn.param"() <{args = array<f64: 0x7FF0000000000000>, init = #nn<init constant>, name = "w", seed = 0 : i64}> : () -> tensor<4xf32>
  return
}

// -----

func.func @param_fans_of_empty_shape() {
  // expected-error @+1 {{initialiser 'he_normal' needs a non-empty shape to compute fans but got 'tensor<0x4xf32>'}}
  %0 = nn.param "w" he_normal seed 0 : tensor<0x4xf32>
  return
}

// -----

func.func @param_integer_type() {
  // expected-error @+1 {{'nn.param' op result #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = nn.param "w" zeros seed 0 : tensor<4xi32>
  return
}

// -----

func.func @param_unknown_initialiser() {
  // expected-error @+2 {{expected ::pcc::nn::InitKind to be one of: zeros, constant, uniform, normal, glorot_uniform, glorot_normal, he_uniform, he_normal}}
  // expected-error @+1 {{failed to parse NN_InitKindAttr parameter}}
  %0 = nn.param "w" xavier seed 0 : tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.dense
//===----------------------------------------------------------------------===//

func.func @dense_rank0_input(%x: tensor<f32>, %w: tensor<4x3xf32>) {
  // expected-error @+2 {{'nn.dense' op expects input of rank at least 1 but got tensor<f32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<f32>, tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @dense_rank1_weight(%x: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+2 {{expects weight of rank 2 but got tensor<4xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @dense_contraction_mismatch(%x: tensor<2x5xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+2 {{expects weight of shape 5x3 to match input 2x5 but got 4x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x5xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_bias_size(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{expects bias of shape 3 but got 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w, %b : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_bias_rank(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+2 {{expects bias of shape 3 but got 1x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w, %b : (tensor<2x4xf32>, tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_f32_f64_mix(%x: tensor<2x4xf32>, %w: tensor<4x3xf64>) {
  // expected-error @+2 {{expects weight to have the element type of input (f32) but got tensor<4x3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x4xf32>, tensor<4x3xf64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_bias_element_type(%x: tensor<2x4xf64>, %w: tensor<4x3xf64>, %b: tensor<3xf32>) {
  // expected-error @+2 {{expects bias to have the element type of input (f64) but got tensor<3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w, %b : (tensor<2x4xf64>, tensor<4x3xf64>, tensor<3xf32>) -> tensor<2x3xf64>
  return
}

// -----

func.func @dense_integer_input(%x: tensor<2x4xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.dense' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<2x4xi32>'}}
  %0 = nn.dense %x, %w : (tensor<2x4xi32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @dense_wrong_result(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+2 {{'nn.dense' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.dense %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.matmul
//===----------------------------------------------------------------------===//

func.func @matmul_rank1(%a: tensor<4xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+2 {{'nn.matmul' op expects lhs of rank 2 to 3 but got tensor<4xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<4xf32>, tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @matmul_rank4(%a: tensor<2x2x3x4xf32>, %b: tensor<2x2x4x3xf32>) {
  // expected-error @+2 {{expects lhs of rank 2 to 3 but got tensor<2x2x3x4xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x2x3x4xf32>, tensor<2x2x4x3xf32>) -> tensor<2x2x3x3xf32>
  return
}

// -----

func.func @matmul_rank_mismatch(%a: tensor<2x4xf32>, %b: tensor<2x4x3xf32>) {
  // expected-error @+2 {{expects lhs and rhs of equal rank but got 2x4 and 2x4x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x4xf32>, tensor<2x4x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x3x4xf32>, %b: tensor<5x4x3xf32>) {
  // expected-error @+2 {{expects equal batch sizes but got 2x3x4 and 5x4x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x4x3xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @matmul_contraction_mismatch(%a: tensor<3x4xf32>, %b: tensor<5x3xf32>) {
  // expected-error @+2 {{expects the contraction dimensions to agree but got 3x4 and 5x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<5x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @matmul_f32_f64_mix(%a: tensor<3x4xf32>, %b: tensor<4x3xf64>) {
  // expected-error @+2 {{expects rhs to have the element type of lhs (f32) but got tensor<4x3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<4x3xf64>) -> tensor<3x3xf32>
  return
}

// -----

func.func @matmul_wrong_result(%a: tensor<?x3x4xf32>, %b: tensor<?x4x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x3x5xf32>' are incompatible with return type(s) of operation 'tensor<?x3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.matmul %a, %b : (tensor<?x3x4xf32>, tensor<?x4x5xf32>) -> tensor<?x3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.add, nn.sub, nn.mul
//===----------------------------------------------------------------------===//

func.func @add_not_broadcastable(%a: tensor<3x4xf32>, %b: tensor<3x5xf32>) {
  // expected-error @+2 {{'nn.add' op cannot broadcast lhs of shape 3x4 with rhs of shape 3x5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.add %a, %b : (tensor<3x4xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @add_integer(%a: tensor<3x4xi32>, %b: tensor<4xi32>) {
  // expected-error @+1 {{'nn.add' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<3x4xi32>'}}
  %0 = nn.add %a, %b : (tensor<3x4xi32>, tensor<4xi32>) -> tensor<3x4xi32>
  return
}

// -----

func.func @sub_f32_f64_mix(%a: tensor<3x4xf32>, %b: tensor<4xf64>) {
  // expected-error @+2 {{'nn.sub' op expects rhs to have the element type of lhs (f32) but got tensor<4xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.sub %a, %b : (tensor<3x4xf32>, tensor<4xf64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @sub_not_broadcastable(%a: tensor<2x3xf64>, %b: tensor<2xf64>) {
  // expected-error @+2 {{'nn.sub' op cannot broadcast lhs of shape 2x3 with rhs of shape 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.sub %a, %b : (tensor<2x3xf64>, tensor<2xf64>) -> tensor<2x3xf64>
  return
}

// -----

// Broadcasting adds the missing leading dimension to the result.
func.func @mul_result_rank(%a: tensor<3x4xf32>, %b: tensor<2x1x4xf32>) {
  // expected-error @+2 {{'nn.mul' op inferred type(s) 'tensor<2x3x4xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mul %a, %b : (tensor<3x4xf32>, tensor<2x1x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

// A dynamic dimension broadcast against 1 stays dynamic.
func.func @mul_dynamic_result(%a: tensor<?x1xf32>, %b: tensor<1x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mul %a, %b : (tensor<?x1xf32>, tensor<1x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

func.func @relu_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{'nn.relu' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = nn.relu %x : tensor<4xi32>
  return
}

// -----

func.func @tanh_element_type_change(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nn.tanh' op requires the same type for all operands and results}}
  %0 = "nn.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf64>
  return
}

// -----

func.func @sigmoid_shape_change(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nn.sigmoid' op requires the same type for all operands and results}}
  %0 = "nn.sigmoid"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @gelu_f16(%x: tensor<4xf16>) {
  // expected-error @+1 {{'nn.gelu' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xf16>'}}
  %0 = nn.gelu %x : tensor<4xf16>
  return
}

// -----

func.func @exp_vector(%x: vector<4xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'vector<4xf32>'}}
  %0 = nn.exp %x : vector<4xf32>
  return
}

// -----

func.func @log_unranked(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = nn.log %x : tensor<*xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.softmax, nn.layer_norm
//===----------------------------------------------------------------------===//

func.func @softmax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.softmax' op expects input of rank at least 1 but got 'tensor<f32>'}}
  %0 = nn.softmax %x : tensor<f32>
  return
}

// -----

func.func @softmax_axis_too_large(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.softmax' op expects 'axis' in [-2, 2) but got 2}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_axis_too_small(%x: tensor<2x3xf64>) {
  // expected-error @+1 {{'nn.softmax' op expects 'axis' in [-2, 2) but got -3}}
  %0 = nn.softmax %x {axis = -3 : i64} : tensor<2x3xf64>
  return
}

// -----

func.func @softmax_axis_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{attribute 'axis' failed to satisfy constraint: 64-bit integer attribute}}
  %0 = nn.softmax %x {axis = 1 : i32} : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.softmax' op requires the same type for all operands and results}}
  %0 = "nn.softmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @layer_norm_gamma_size(%x: tensor<2x3xf32>, %g: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'nn.layer_norm' op expects gamma of shape 3 (the last dimension of input 2x3) but got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b : (tensor<2x3xf32>, tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_beta_rank(%x: tensor<2x3xf32>, %g: tensor<3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+2 {{expects beta of shape 3 (the last dimension of input 2x3) but got 1x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b : (tensor<2x3xf32>, tensor<3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_rank0(%x: tensor<f32>, %g: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{expects input of rank at least 1 but got tensor<f32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b : (tensor<f32>, tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  return
}

// -----

func.func @layer_norm_f32_f64_mix(%x: tensor<2x3xf32>, %g: tensor<3xf64>, %b: tensor<3xf32>) {
  // expected-error @+2 {{expects gamma to have the element type of input (f32) but got tensor<3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b : (tensor<2x3xf32>, tensor<3xf64>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// The diagnostic must show the epsilon it rejects.
func.func @layer_norm_zero_epsilon(%x: tensor<2x3xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{'nn.layer_norm' op expects 'epsilon' > 0 but got}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b {epsilon = 0.0 : f64} : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @layer_norm_wrong_result(%x: tensor<2x3xf32>, %g: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.layer_norm %x, %g, %b : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf64>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_rank3_input(%x: tensor<1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{'nn.conv2d' op expects input of rank 4 but got tensor<1x28x28xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<6x24x24xf32>
  return
}

// -----

func.func @conv2d_rank3_filter(%x: tensor<1x1x28x28xf32>, %w: tensor<6x5x5xf32>) {
  // expected-error @+2 {{expects filter of rank 4 but got tensor<6x5x5xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x1x28x28xf32>, tensor<6x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

// The expected channel count is the input's (3), not the filter's (1).
func.func @conv2d_channel_mismatch(%x: tensor<1x3x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{expects filter with 3 input channels to match input 1x3x28x28 (NCHW) but got filter 6x1x5x5 (FCHW)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x3x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_bias_size(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{expects bias of shape 6 but got 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w, %b : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_stride_zero(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{expects 'stride' values >= 1 but got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {stride = array<i64: 0, 1>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_negative_padding(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{expects 'padding' values >= 0 but got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {padding = array<i64: -1, 0>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_dilation_zero(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{expects 'dilation' values >= 1 but got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {dilation = array<i64: 1, 0>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_dilation_three_values(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{expects 'dilation' to have 2 values but got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {dilation = array<i64: 1, 1, 1>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_filter_too_big(%x: tensor<1x1x4x4xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{filter 6x1x5x5 with the given padding and dilation does not fit input 1x1x4x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x1x4x4xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x1x1xf32>
  return
}

// -----

// 3x3 dilated by 4 spans 9 pixels of an 8x8 input.
func.func @conv2d_dilated_filter_too_big(%x: tensor<1x1x8x8xf64>, %w: tensor<2x1x3x3xf64>) {
  // expected-error @+2 {{filter 2x1x3x3 with the given padding and dilation does not fit input 1x1x8x8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {dilation = array<i64: 4, 4>} : (tensor<1x1x8x8xf64>, tensor<2x1x3x3xf64>) -> tensor<1x2x1x1xf64>
  return
}

// -----

func.func @conv2d_dynamic_filter(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x?x5xf32>) {
  // expected-error @+2 {{expects a filter with static spatial size but got 6x1x?x5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x1x28x28xf32>, tensor<6x1x?x5xf32>) -> tensor<1x6x?x24xf32>
  return
}

// -----

func.func @conv2d_f32_f64_mix(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf64>) {
  // expected-error @+2 {{expects filter to have the element type of input (f32) but got tensor<6x1x5x5xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf64>) -> tensor<1x6x24x24xf32>
  return
}

// -----

func.func @conv2d_wrong_result(%x: tensor<1x1x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x6x12x12xf32>' are incompatible with return type(s) of operation 'tensor<1x6x24x24xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.conv2d %x, %w {stride = array<i64: 2, 2>} : (tensor<1x1x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x6x24x24xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.max_pool2d, nn.avg_pool2d
//===----------------------------------------------------------------------===//

func.func @max_pool_rank3(%x: tensor<1x6x28xf32>) {
  // expected-error @+2 {{'nn.max_pool2d' op expects input of rank 4 but got tensor<1x6x28xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x6x28xf32>) -> tensor<1x6x14xf32>
  return
}

// -----

func.func @max_pool_kernel_too_big(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{'nn.max_pool2d' op kernel 5x5 does not fit input 1x6x4x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 5, 5>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x1x1xf32>
  return
}

// -----

func.func @max_pool_padding_over_half(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{expects padding at most half the kernel but got padding 2 for kernel 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 2, 0>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x4x2xf32>
  return
}

// -----

func.func @max_pool_stride_zero(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{expects 'stride' values >= 1 but got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 0, 1>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x4x2xf32>
  return
}

// -----

func.func @max_pool_kernel_one_value(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{expects 'kernel' to have 2 values but got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  return
}

// -----

func.func @max_pool_kernel_zero(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{expects 'kernel' values >= 1 but got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d %x {kernel = array<i64: 0, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  return
}

// -----

func.func @max_pool_missing_kernel(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op requires attribute 'kernel'}}
  %0 = nn.max_pool2d %x : (tensor<1x6x4x4xf32>) -> tensor<1x6x2x2xf32>
  return
}

// -----

func.func @avg_pool_wrong_result(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{'nn.avg_pool2d' op inferred type(s) 'tensor<1x6x2x2xf32>' are incompatible with return type(s) of operation 'tensor<1x6x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @avg_pool_padding_over_half(%x: tensor<1x6x4x4xf64>) {
  // expected-error @+2 {{'nn.avg_pool2d' op expects padding at most half the kernel but got padding 2 for kernel 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 1, 2>} : (tensor<1x6x4x4xf64>) -> tensor<1x6x2x2xf64>
  return
}

// -----

func.func @avg_pool_stride_three_values(%x: tensor<1x6x4x4xf32>) {
  // expected-error @+2 {{expects 'stride' to have 2 values but got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>, stride = array<i64: 1, 1, 1>} : (tensor<1x6x4x4xf32>) -> tensor<1x6x3x3xf32>
  return
}

// -----

func.func @avg_pool_integer(%x: tensor<1x6x4x4xi32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<1x6x4x4xi32>'}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 2, 2>} : (tensor<1x6x4x4xi32>) -> tensor<1x6x2x2xi32>
  return
}

// -----

func.func @avg_pool_kernel_too_big_dynamic_height(%x: tensor<1x6x?x4xf32>) {
  // expected-error @+2 {{kernel 5x5 does not fit input 1x6x?x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.avg_pool2d %x {kernel = array<i64: 5, 5>} : (tensor<1x6x?x4xf32>) -> tensor<1x6x?x0xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.reshape, nn.flatten
//===----------------------------------------------------------------------===//

func.func @reshape_element_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op cannot reshape 2x3 (6 elements) to 7 (7 elements)}}
  %0 = nn.reshape %x : (tensor<2x3xf32>) -> tensor<7xf32>
  return
}

// -----

func.func @reshape_dynamic_to_static(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{expects both shapes static or both with exactly one dynamic dimension but got ?x3 -> 6}}
  %0 = nn.reshape %x : (tensor<?x3xf32>) -> tensor<6xf32>
  return
}

// -----

func.func @reshape_two_dynamic(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{expects both shapes static or both with exactly one dynamic dimension but got ?x? -> ?}}
  %0 = nn.reshape %x : (tensor<?x?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @reshape_static_factor(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{cannot reshape ?x4 (4·? elements) to ?x3 (3·? elements)}}
  %0 = nn.reshape %x : (tensor<?x4xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op expects the result element type 'f32' of the input but got 'tensor<6xf64>'}}
  %0 = nn.reshape %x : (tensor<2x3xf32>) -> tensor<6xf64>
  return
}

// -----

func.func @flatten_axis_too_large(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nn.flatten' op expects 'axis' in [0, 2] but got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

func.func @flatten_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nn.flatten' op expects 'axis' in [0, 2] but got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x {axis = -1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @flatten_wrong_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x12xf32>' are incompatible with return type(s) of operation 'tensor<6x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.flatten %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.transpose
//===----------------------------------------------------------------------===//

// The permutation is printed as a list, not as a shape.
func.func @transpose_repeated_index(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'nn.transpose' op expects 'permutation' to be a permutation of [0, 2) for input 2x3 but got [0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @transpose_too_long(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{expects 'permutation' to be a permutation of [0, 2) for input 2x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @transpose_out_of_range(%x: tensor<2x3xf64>) {
  // expected-error @+2 {{expects 'permutation' to be a permutation of [0, 2) for input 2x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 2>} : (tensor<2x3xf64>) -> tensor<3x2xf64>
  return
}

// -----

func.func @transpose_wrong_result(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3x2xf32>' are incompatible with return type(s) of operation 'tensor<2x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.transpose %x {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.concat
//===----------------------------------------------------------------------===//

func.func @concat_mismatch_off_axis(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+2 {{'nn.concat' op expects input #1 to match 2x3 except along axis 0 but got 2x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_rank_mismatch(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+2 {{expects input #1 to match 2x3 except along axis 1 but got 2x3x1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'nn.concat' op expects 'axis' in [-2, 2) but got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_f32_f64_mix(%a: tensor<2x3xf32>, %b: tensor<2x3xf64>) {
  // expected-error @+2 {{expects input #1 to have the element type of input #0 (f32) but got tensor<2x3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf64>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_no_inputs() {
  // expected-error @+2 {{'nn.concat' op expects at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat {axis = 0 : i64} : () -> tensor<2x6xf32>
  return
}

// -----

// The diagnostic must show the rank-0 type it rejects.
func.func @concat_rank0(%a: tensor<f32>) {
  // expected-error @+2 {{'nn.concat' op expects inputs of rank at least 1 but got}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %a {axis = 0 : i64} : (tensor<f32>, tensor<f32>) -> tensor<2xf32>
  return
}

// -----

func.func @concat_missing_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op requires attribute 'axis'}}
  %0 = nn.concat %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_wrong_result(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x6xf32>' are incompatible with return type(s) of operation 'tensor<4x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.concat %a, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.slice
//===----------------------------------------------------------------------===//

func.func @slice_past_the_end(%x: tensor<10xf32>) {
  // expected-error @+2 {{'nn.slice' op slice [offset 8, size 3, stride 1] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 8>, sizes = array<i64: 3>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @slice_strided_past_the_end(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset 0, size 4, stride 4] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 4>, strides = array<i64: 4>} : (tensor<10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_negative_offset(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset -1, size 3, stride 1] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: -1>, sizes = array<i64: 3>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @slice_empty(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset 0, size 0, stride 1] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 0>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<0xf32>
  return
}

// -----

func.func @slice_stride_zero(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset 0, size 3, stride 0] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 3>, strides = array<i64: 0>} : (tensor<10xf32>) -> tensor<3xf32>
  return
}

// -----

// Size -1 ("to the end") with stride 0 must be rejected, not divide by zero.
func.func @slice_to_end_stride_zero(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset 0, size -1, stride 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: -1>, strides = array<i64: 0>} : (tensor<10xf32>) -> tensor<10xf32>
  return
}

// -----

func.func @slice_to_end_offset_past_the_end(%x: tensor<10xf32>) {
  // expected-error @+2 {{slice [offset 12, size -1, stride 1] is out of bounds in dimension 0 of input 10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 12>, sizes = array<i64: -1>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @slice_offsets_length(%x: tensor<10xf32>) {
  // expected-error @+2 {{expects 'offsets' to have 1 values (the input rank) but got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 3>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @slice_partial_dynamic_dim(%x: tensor<?x10xf32>) {
  // expected-error @+2 {{can only take a dynamic dimension whole (offset 0, size -1, stride 1) in dimension 0 of input ?x10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 1, 0>, sizes = array<i64: -1, 3>, strides = array<i64: 1, 1>} : (tensor<?x10xf32>) -> tensor<?x3xf32>
  return
}

// -----

func.func @slice_wrong_result(%x: tensor<10xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice %x {offsets = array<i64: 0>, sizes = array<i64: 4>, strides = array<i64: 3>} : (tensor<10xf32>) -> tensor<3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.embedding
//===----------------------------------------------------------------------===//

func.func @embedding_float_ids(%ids: tensor<4xf32>, %t: tensor<10x3xf32>) {
  // expected-error @+1 {{'nn.embedding' op operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = nn.embedding %ids, %t : (tensor<4xf32>, tensor<10x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_i16_ids(%ids: tensor<4xi16>, %t: tensor<10x3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xi16>'}}
  %0 = nn.embedding %ids, %t : (tensor<4xi16>, tensor<10x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_integer_table(%ids: tensor<4xi64>, %t: tensor<10x3xi32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<10x3xi32>'}}
  %0 = nn.embedding %ids, %t : (tensor<4xi64>, tensor<10x3xi32>) -> tensor<4x3xi32>
  return
}

// -----

func.func @embedding_rank1_table(%ids: tensor<4xi64>, %t: tensor<10xf32>) {
  // expected-error @+2 {{'nn.embedding' op expects table of rank 2 but got tensor<10xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %ids, %t : (tensor<4xi64>, tensor<10xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_dynamic_table(%ids: tensor<4xi32>, %t: tensor<?x3xf32>) {
  // expected-error @+2 {{expects a table of static shape but got ?x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %ids, %t : (tensor<4xi32>, tensor<?x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @embedding_wrong_result(%ids: tensor<4xi64>, %t: tensor<10x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4x3xf32>' are incompatible with return type(s) of operation 'tensor<4x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.embedding %ids, %t : (tensor<4xi64>, tensor<10x3xf32>) -> tensor<4x10xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.mse, nn.cross_entropy
//===----------------------------------------------------------------------===//

func.func @mse_shape_mismatch(%y: tensor<4x10xf32>, %t: tensor<4x9xf32>) {
  // expected-error @+2 {{'nn.mse' op expects target of shape 4x10 (the prediction's) but got 4x9}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse %y, %t : (tensor<4x10xf32>, tensor<4x9xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_rank_mismatch(%y: tensor<4x10xf32>, %t: tensor<40xf32>) {
  // expected-error @+2 {{expects target of shape 4x10 (the prediction's) but got 40}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse %y, %t : (tensor<4x10xf32>, tensor<40xf32>) -> tensor<f32>
  return
}

// -----

func.func @mse_f32_f64_mix(%y: tensor<4x10xf32>, %t: tensor<4x10xf64>) {
  // expected-error @+2 {{expects target to have the element type of prediction (f32) but got tensor<4x10xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse %y, %t : (tensor<4x10xf32>, tensor<4x10xf64>) -> tensor<f32>
  return
}

// -----

func.func @mse_non_scalar_result(%y: tensor<4x10xf32>, %t: tensor<4x10xf32>) {
  // expected-error @+1 {{'nn.mse' op result #0 must be 0D tensor of 32-bit float or 64-bit float values, but got 'tensor<4xf32>'}}
  %0 = nn.mse %y, %t : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @mse_result_element_type(%y: tensor<4x10xf32>, %t: tensor<4x10xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<f32>' are incompatible with return type(s) of operation 'tensor<f64>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse %y, %t : (tensor<4x10xf32>, tensor<4x10xf32>) -> tensor<f64>
  return
}

// -----

func.func @cross_entropy_labels_rank(%z: tensor<4x10xf32>, %l: tensor<4x10xi64>) {
  // expected-error @+2 {{'nn.cross_entropy' op expects labels of shape 4 (the logits' without the class dimension) but got 4x10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy %z, %l : (tensor<4x10xf32>, tensor<4x10xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_batch_mismatch(%z: tensor<4x10xf32>, %l: tensor<5xi32>) {
  // expected-error @+2 {{expects labels of shape 4 (the logits' without the class dimension) but got 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy %z, %l : (tensor<4x10xf32>, tensor<5xi32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_dynamic_classes(%z: tensor<4x?xf32>, %l: tensor<4xi64>) {
  // expected-error @+2 {{expects a static number of classes but got logits 4x?}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy %z, %l : (tensor<4x?xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_float_labels(%z: tensor<4x10xf32>, %l: tensor<4xf32>) {
  // expected-error @+1 {{'nn.cross_entropy' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = nn.cross_entropy %z, %l : (tensor<4x10xf32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_rank0_logits(%z: tensor<f32>, %l: tensor<i64>) {
  // expected-error @+2 {{expects logits of rank at least 1 but got tensor<f32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy %z, %l : (tensor<f32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

func.func @cross_entropy_result_element_type(%z: tensor<4x10xf64>, %l: tensor<4xi32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<f64>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy %z, %l : (tensor<4x10xf64>, tensor<4xi32>) -> tensor<f32>
  return
}

// -----

func.func @param_string_arg() -> tensor<3xf32> {
  // expected-error @+1 {{expected a number but got "x"}}
  %c = nn.param "c" constant("x") seed 0 : tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.div and the unary ops added for differentiation
//===----------------------------------------------------------------------===//

func.func @div_not_broadcastable(%a: tensor<2x3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{'nn.div' op cannot broadcast lhs of shape 2x3 with rhs of shape 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.div %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @sqrt_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{'nn.sqrt' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = nn.sqrt %x : tensor<4xi32>
  return
}

// -----

func.func @tan_shape_change(%x: tensor<4xf32>) {
  // expected-error @+1 {{'nn.tan' op requires the same type for all operands and results}}
  %0 = "nn.tan"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// nn.reduce_sum, nn.broadcast_like
//===----------------------------------------------------------------------===//

func.func @reduce_sum_axis_out_of_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'nn.reduce_sum' op expects 'axes' values in [-3, 3) for input 2x3x4 but got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64: 3>} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reduce_sum_duplicate_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'nn.reduce_sum' op expects 'axes' to name each dimension once but got [0, -3] (dimension 0 twice)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64: 0, -3>} : (tensor<2x3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @reduce_sum_rank0_axis(%x: tensor<f32>) {
  // expected-error @+2 {{expects 'axes' values in [0, 0) for input scalar but got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64: 0>} : (tensor<f32>) -> tensor<f32>
  return
}

// -----

// keep_dims keeps the summed dimension with size 1.
func.func @reduce_sum_keep_dims_result(%x: tensor<?x3x4xf32>) {
  // expected-error @+2 {{'nn.reduce_sum' op inferred type(s) 'tensor<?x1x4xf32>' are incompatible with return type(s) of operation 'tensor<?x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.reduce_sum %x {axes = array<i64: 1>, keep_dims = true} : (tensor<?x3x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @reduce_sum_missing_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_sum' op requires attribute 'axes'}}
  %0 = nn.reduce_sum %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @broadcast_like_element_type(%g: tensor<4xf32>, %like: tensor<3x4xf64>) {
  // expected-error @+2 {{'nn.broadcast_like' op expects like to have the element type of input (f32) but got tensor<3x4xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like : (tensor<4xf32>, tensor<3x4xf64>) -> tensor<3x4xf64>
  return
}

// -----

func.func @broadcast_like_not_broadcastable(%g: tensor<5xf32>, %like: tensor<3x4xf32>) {
  // expected-error @+2 {{'nn.broadcast_like' op cannot broadcast input of shape 5 to like's shape 3x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like : (tensor<5xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

// Broadcasting may stretch the input, never like.
func.func @broadcast_like_larger_input(%g: tensor<2x3x4xf32>, %like: tensor<3x4xf32>) {
  // expected-error @+2 {{cannot broadcast input of shape 2x3x4 to like's shape 3x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @broadcast_like_axes_shape(%g: tensor<?x3xf32>, %like: tensor<?x3x4xf32>) {
  // expected-error @+2 {{'nn.broadcast_like' op expects input of shape ?x4 (like's shape ?x3x4 without axes [1]) but got ?x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like {axes = array<i64: 1>} : (tensor<?x3xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  return
}

// -----

func.func @broadcast_like_axes_rank(%g: tensor<3x4xf32>, %like: tensor<2x3x4xf32>) {
  // expected-error @+2 {{expects input of shape 4 (like's shape 2x3x4 without axes [0, 1]) but got 3x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like {axes = array<i64: 0, 1>} : (tensor<3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @broadcast_like_axis_out_of_range(%g: tensor<2x3xf32>, %like: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'nn.broadcast_like' op expects 'axes' values in [-3, 3) for like 2x3x4 but got -4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like {axes = array<i64: -4>} : (tensor<2x3xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @broadcast_like_result_type(%g: tensor<4xf32>, %like: tensor<?x4xf32>) {
  // expected-error @+2 {{'nn.broadcast_like' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<3x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.broadcast_like %g, %like : (tensor<4xf32>, tensor<?x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient ops: elementwise
//===----------------------------------------------------------------------===//

func.func @relu_grad_type_mismatch(%x: tensor<4xf32>, %g: tensor<5xf32>) {
  // expected-error @+1 {{'nn.relu_grad' op requires the same type for all operands and results}}
  %0 = "nn.relu_grad"(%x, %g) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @gelu_grad_integer(%x: tensor<4xi32>) {
  // expected-error @+1 {{'nn.gelu_grad' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<4xi32>'}}
  %0 = nn.gelu_grad %x, %x : tensor<4xi32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient ops: nn.conv2d_grad_input, nn.conv2d_grad_filter
//===----------------------------------------------------------------------===//

func.func @conv2d_grad_input_grad_rank(%g: tensor<6x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects grad of rank 4 but got tensor<6x28x28xf32>}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x1x32x32xf32>
  return
}

// -----

func.func @conv2d_grad_input_filter_rank(%g: tensor<1x6x28x28xf32>, %w: tensor<6x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects filter of rank 4 but got tensor<6x5x5xf32>}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x28x28xf32>, tensor<6x5x5xf32>) -> tensor<1x1x32x32xf32>
  return
}

// -----

func.func @conv2d_grad_input_result_rank(%g: tensor<1x6x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects result of rank 4 but got tensor<1x32x32xf32>}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x32x32xf32>
  return
}

// -----

func.func @conv2d_grad_input_filter_element_type(%g: tensor<1x6x28x28xf32>, %w: tensor<6x1x5x5xf64>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects filter to have the element type of grad (f32) but got tensor<6x1x5x5xf64>}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x28x28xf32>, tensor<6x1x5x5xf64>) -> tensor<1x1x32x32xf32>
  return
}

// -----

func.func @conv2d_grad_input_result_element_type(%g: tensor<1x6x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects result to have the element type of grad (f32) but got tensor<1x1x32x32xf64>}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x1x32x32xf64>
  return
}

// -----

func.func @conv2d_grad_input_channels(%g: tensor<1x6x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects a result with the filter's 1 input channels but got result 1x3x32x32 (NCHW) for filter 6x1x5x5 (FCHW)}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<1x3x32x32xf32>
  return
}

// -----

// The grad has one channel per filter.
func.func @conv2d_grad_input_grad_channels(%g: tensor<?x5x28x28xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects grad of shape ?x6x28x28 (the nn.conv2d output for input ?x1x28x28 and filter 6x1x5x5) but got ?x5x28x28}}
  %0 = nn.conv2d_grad_input %g, %w {padding = array<i64: 2, 2>} : (tensor<?x5x28x28xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  return
}

// -----

// (28 + 2 - 2*4 - 1) / 2 + 1 = 11, not 12.
func.func @conv2d_grad_input_spatial(%g: tensor<?x6x12x8xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{expects grad of shape ?x6x11x8 (the nn.conv2d output for input ?x1x28x28 and filter 6x1x5x5) but got ?x6x12x8}}
  %0 = nn.conv2d_grad_input %g, %w {stride = array<i64: 2, 3>, padding = array<i64: 1, 0>, dilation = array<i64: 2, 1>} : (tensor<?x6x12x8xf32>, tensor<6x1x5x5xf32>) -> tensor<?x1x28x28xf32>
  return
}

// -----

func.func @conv2d_grad_input_batch(%g: tensor<2x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{expects grad of shape 3x6x24x24 (the nn.conv2d output for input 3x1x28x28 and filter 6x1x5x5) but got 2x6x24x24}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<2x6x24x24xf32>, tensor<6x1x5x5xf32>) -> tensor<3x1x28x28xf32>
  return
}

// -----

func.func @conv2d_grad_input_stride(%g: tensor<1x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects 'stride' values >= 1 but got 0}}
  %0 = nn.conv2d_grad_input %g, %w {stride = array<i64: 0, 1>} : (tensor<1x6x24x24xf32>, tensor<6x1x5x5xf32>) -> tensor<1x1x28x28xf32>
  return
}

// -----

func.func @conv2d_grad_input_padding_count(%g: tensor<1x6x24x24xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects 'padding' to have 2 values but got 1}}
  %0 = nn.conv2d_grad_input %g, %w {padding = array<i64: 0>} : (tensor<1x6x24x24xf32>, tensor<6x1x5x5xf32>) -> tensor<1x1x28x28xf32>
  return
}

// -----

func.func @conv2d_grad_input_window_too_large(%g: tensor<1x6x1x1xf32>, %w: tensor<6x1x5x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op filter 6x1x5x5 with the given padding and dilation does not fit result 1x1x4x4}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x1x1xf32>, tensor<6x1x5x5xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @conv2d_grad_input_dynamic_window(%g: tensor<1x6x24x24xf32>, %w: tensor<6x1x?x5xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_input' op expects a filter with static spatial size but got 6x1x?x5}}
  %0 = nn.conv2d_grad_input %g, %w : (tensor<1x6x24x24xf32>, tensor<6x1x?x5xf32>) -> tensor<1x1x28x28xf32>
  return
}

// -----

func.func @conv2d_grad_filter_input_rank(%x: tensor<1x28x28xf32>, %g: tensor<1x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects input of rank 4 but got tensor<1x28x28xf32>}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<1x28x28xf32>, tensor<1x6x24x24xf32>) -> tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_grad_filter_result_rank(%x: tensor<1x1x28x28xf32>, %g: tensor<1x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects result of rank 4 but got tensor<6x5x5xf32>}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<1x1x28x28xf32>, tensor<1x6x24x24xf32>) -> tensor<6x5x5xf32>
  return
}

// -----

func.func @conv2d_grad_filter_grad_element_type(%x: tensor<1x1x28x28xf32>, %g: tensor<1x6x24x24xf64>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects grad to have the element type of input (f32) but got tensor<1x6x24x24xf64>}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<1x1x28x28xf32>, tensor<1x6x24x24xf64>) -> tensor<6x1x5x5xf32>
  return
}

// -----

func.func @conv2d_grad_filter_channels(%x: tensor<1x3x28x28xf32>, %g: tensor<1x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects a result (filter) with the input's 3 channels but got result 6x1x5x5 (FCHW) for input 1x3x28x28 (NCHW)}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<1x3x28x28xf32>, tensor<1x6x24x24xf32>) -> tensor<6x1x5x5xf32>
  return
}

// -----

// The result has one filter per grad channel.
func.func @conv2d_grad_filter_filters(%x: tensor<?x1x28x28xf32>, %g: tensor<?x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects grad of shape ?x4x24x24 (the nn.conv2d output for input ?x1x28x28 and filter 4x1x5x5) but got ?x6x24x24}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<?x1x28x28xf32>, tensor<?x6x24x24xf32>) -> tensor<4x1x5x5xf32>
  return
}

// -----

func.func @conv2d_grad_filter_dynamic_window(%x: tensor<1x1x28x28xf32>, %g: tensor<1x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects a filter with static spatial size but got 6x1x5x?}}
  %0 = nn.conv2d_grad_filter %x, %g : (tensor<1x1x28x28xf32>, tensor<1x6x24x24xf32>) -> tensor<6x1x5x?xf32>
  return
}

// -----

func.func @conv2d_grad_filter_dilation(%x: tensor<1x1x28x28xf32>, %g: tensor<1x6x24x24xf32>) {
  // expected-error @+1 {{'nn.conv2d_grad_filter' op expects 'dilation' values >= 1 but got 0}}
  %0 = nn.conv2d_grad_filter %x, %g {dilation = array<i64: 1, 0>} : (tensor<1x1x28x28xf32>, tensor<1x6x24x24xf32>) -> tensor<6x1x5x5xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient ops: nn.max_pool2d_grad, nn.avg_pool2d_grad
//===----------------------------------------------------------------------===//

func.func @max_pool2d_grad_shape(%x: tensor<?x6x28x28xf32>, %g: tensor<?x6x14x13xf32>) {
  // expected-error @+2 {{'nn.max_pool2d_grad' op expects grad of shape ?x6x14x14 (the nn.max_pool2d output for input ?x6x28x28) but got ?x6x14x13}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<?x6x14x13xf32>) -> tensor<?x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_grad_rank(%x: tensor<1x6x28x28xf32>, %g: tensor<6x14x14xf32>) {
  // expected-error @+2 {{'nn.max_pool2d_grad' op expects grad of rank 4 but got tensor<6x14x14xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>, tensor<6x14x14xf32>) -> tensor<1x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_element_type(%x: tensor<1x6x28x28xf32>, %g: tensor<1x6x14x14xf64>) {
  // expected-error @+2 {{'nn.max_pool2d_grad' op expects grad to have the element type of input (f32) but got tensor<1x6x14x14xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>, tensor<1x6x14x14xf64>) -> tensor<1x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_padding(%x: tensor<1x6x28x28xf32>, %g: tensor<1x6x15x15xf32>) {
  // expected-error @+2 {{'nn.max_pool2d_grad' op expects padding at most half the kernel but got padding 2 for kernel 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>, padding = array<i64: 2, 2>} : (tensor<1x6x28x28xf32>, tensor<1x6x15x15xf32>) -> tensor<1x6x28x28xf32>
  return
}

// -----

func.func @max_pool2d_grad_result_type(%x: tensor<?x6x28x28xf32>, %g: tensor<?x6x14x14xf32>) {
  // expected-error @+2 {{'nn.max_pool2d_grad' op inferred type(s) 'tensor<?x6x28x28xf32>' are incompatible with return type(s) of operation 'tensor<2x6x28x28xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.max_pool2d_grad %x, %g {kernel = array<i64: 2, 2>} : (tensor<?x6x28x28xf32>, tensor<?x6x14x14xf32>) -> tensor<2x6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_grad_shape(%g: tensor<1x6x14x14xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d_grad' op expects grad of shape 1x6x9x9 (the nn.avg_pool2d output for input 1x6x28x28) but got 1x6x14x14}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 4, 4>, stride = array<i64: 3, 3>} : (tensor<1x6x14x14xf32>) -> tensor<1x6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_grad_kernel_too_large(%g: tensor<1x6x1x1xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d_grad' op kernel 5x5 does not fit result 1x6x4x4}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 5, 5>} : (tensor<1x6x1x1xf32>) -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @avg_pool2d_grad_result_rank(%g: tensor<1x6x14x14xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d_grad' op expects result of rank 4 but got tensor<6x28x28xf32>}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 2, 2>} : (tensor<1x6x14x14xf32>) -> tensor<6x28x28xf32>
  return
}

// -----

func.func @avg_pool2d_grad_result_element_type(%g: tensor<1x6x14x14xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d_grad' op expects result to have the element type of grad (f32) but got tensor<1x6x28x28xf64>}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 2, 2>} : (tensor<1x6x14x14xf32>) -> tensor<1x6x28x28xf64>
  return
}

// -----

func.func @avg_pool2d_grad_kernel_count(%g: tensor<1x6x14x14xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d_grad' op expects 'kernel' to have 2 values but got 1}}
  %0 = nn.avg_pool2d_grad %g {kernel = array<i64: 2>} : (tensor<1x6x14x14xf32>) -> tensor<1x6x28x28xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient ops: nn.slice_grad, nn.embedding_grad
//===----------------------------------------------------------------------===//

func.func @slice_grad_shape(%g: tensor<?x31xf32>, %z: tensor<?x128xf32>) {
  // expected-error @+2 {{'nn.slice_grad' op expects grad of shape ?x32 (the nn.slice of like ?x128) but got ?x31}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice_grad %g, %z {offsets = array<i64: 0, 32>, sizes = array<i64: -1, 32>, strides = array<i64: 1, 1>} : (tensor<?x31xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @slice_grad_sizes_count(%g: tensor<3x3xf64>, %y: tensor<10x10xf64>) {
  // expected-error @+2 {{'nn.slice_grad' op expects 'sizes' to have 2 values (the like rank) but got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice_grad %g, %y {offsets = array<i64: 0, 0>, sizes = array<i64: 3>, strides = array<i64: 1, 1>} : (tensor<3x3xf64>, tensor<10x10xf64>) -> tensor<10x10xf64>
  return
}

// -----

func.func @slice_grad_out_of_bounds(%g: tensor<3x3xf64>, %y: tensor<10x10xf64>) {
  // expected-error @+2 {{'nn.slice_grad' op slice [offset 4, size 3, stride 3] is out of bounds in dimension 1 of like 10x10}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice_grad %g, %y {offsets = array<i64: 0, 4>, sizes = array<i64: 3, 3>, strides = array<i64: 1, 3>} : (tensor<3x3xf64>, tensor<10x10xf64>) -> tensor<10x10xf64>
  return
}

// -----

func.func @slice_grad_dynamic_part(%g: tensor<2x32xf32>, %z: tensor<?x128xf32>) {
  // expected-error @+2 {{'nn.slice_grad' op can only take a dynamic dimension whole (offset 0, size -1, stride 1) in dimension 0 of like ?x128}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice_grad %g, %z {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 32>, strides = array<i64: 1, 1>} : (tensor<2x32xf32>, tensor<?x128xf32>) -> tensor<?x128xf32>
  return
}

// -----

func.func @slice_grad_element_type(%g: tensor<3x3xf32>, %y: tensor<10x10xf64>) {
  // expected-error @+2 {{'nn.slice_grad' op expects grad to have the element type of like (f64) but got tensor<3x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.slice_grad %g, %y {offsets = array<i64: 0, 0>, sizes = array<i64: 3, 3>, strides = array<i64: 1, 1>} : (tensor<3x3xf32>, tensor<10x10xf64>) -> tensor<10x10xf64>
  return
}

// -----

func.func @embedding_grad_result_rank(%ids: tensor<?x16xi64>, %g: tensor<?x16x32xf32>) {
  // expected-error @+1 {{'nn.embedding_grad' op expects result of rank 2 but got tensor<96x32x1xf32>}}
  %0 = nn.embedding_grad %ids, %g : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<96x32x1xf32>
  return
}

// -----

func.func @embedding_grad_dynamic_table(%ids: tensor<?x16xi64>, %g: tensor<?x16x32xf32>) {
  // expected-error @+1 {{'nn.embedding_grad' op expects a result (table) of static shape but got ?x32}}
  %0 = nn.embedding_grad %ids, %g : (tensor<?x16xi64>, tensor<?x16x32xf32>) -> tensor<?x32xf32>
  return
}

// -----

func.func @embedding_grad_width(%ids: tensor<?x16xi64>, %g: tensor<?x16x31xf32>) {
  // expected-error @+1 {{'nn.embedding_grad' op expects grad of shape ?x16x32 (the nn.embedding output for ids ?x16 and table 96x32) but got ?x16x31}}
  %0 = nn.embedding_grad %ids, %g : (tensor<?x16xi64>, tensor<?x16x31xf32>) -> tensor<96x32xf32>
  return
}

// -----

func.func @embedding_grad_positions(%ids: tensor<5xi32>, %g: tensor<4x3xf64>) {
  // expected-error @+1 {{expects grad of shape 5x3 (the nn.embedding output for ids 5 and table 10x3) but got 4x3}}
  %0 = nn.embedding_grad %ids, %g : (tensor<5xi32>, tensor<4x3xf64>) -> tensor<10x3xf64>
  return
}

// -----

func.func @embedding_grad_element_type(%ids: tensor<5xi32>, %g: tensor<5x3xf32>) {
  // expected-error @+1 {{'nn.embedding_grad' op expects result to have the element type of grad (f32) but got tensor<10x3xf64>}}
  %0 = nn.embedding_grad %ids, %g : (tensor<5xi32>, tensor<5x3xf32>) -> tensor<10x3xf64>
  return
}

// -----

func.func @embedding_grad_float_ids(%ids: tensor<5xf32>, %g: tensor<5x3xf32>) {
  // expected-error @+1 {{'nn.embedding_grad' op operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values, but got 'tensor<5xf32>'}}
  %0 = nn.embedding_grad %ids, %g : (tensor<5xf32>, tensor<5x3xf32>) -> tensor<10x3xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Gradient ops: nn.mse_grad, nn.cross_entropy_grad
//===----------------------------------------------------------------------===//

func.func @mse_grad_grad_rank(%y: tensor<?x10xf32>, %g: tensor<1xf32>) {
  // expected-error @+2 {{'nn.mse_grad' op expects grad of rank 0 but got tensor<1xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse_grad %y, %y, %g : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<1xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @mse_grad_grad_element_type(%y: tensor<?x10xf32>, %g: tensor<f64>) {
  // expected-error @+2 {{'nn.mse_grad' op expects grad to have the element type of prediction (f32) but got tensor<f64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse_grad %y, %y, %g : (tensor<?x10xf32>, tensor<?x10xf32>, tensor<f64>) -> tensor<?x10xf32>
  return
}

// -----

func.func @mse_grad_target_shape(%y: tensor<?x10xf32>, %t: tensor<?x9xf32>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.mse_grad' op expects target of shape ?x10 (the prediction's) but got ?x9}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse_grad %y, %t, %g : (tensor<?x10xf32>, tensor<?x9xf32>, tensor<f32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @mse_grad_result_type(%y: tensor<?x10xf32>, %t: tensor<4x10xf32>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.mse_grad' op inferred type(s) 'tensor<?x10xf32>' are incompatible with return type(s) of operation 'tensor<4x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.mse_grad %y, %t, %g : (tensor<?x10xf32>, tensor<4x10xf32>, tensor<f32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @cross_entropy_grad_labels(%z: tensor<4x10xf32>, %l: tensor<5xi64>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.cross_entropy_grad' op expects labels of shape 4 (the logits' without the class dimension) but got 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy_grad %z, %l, %g : (tensor<4x10xf32>, tensor<5xi64>, tensor<f32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @cross_entropy_grad_grad_rank(%z: tensor<4x10xf32>, %l: tensor<4xi64>, %g: tensor<4xf32>) {
  // expected-error @+2 {{'nn.cross_entropy_grad' op expects grad of rank 0 but got tensor<4xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy_grad %z, %l, %g : (tensor<4x10xf32>, tensor<4xi64>, tensor<4xf32>) -> tensor<4x10xf32>
  return
}

// -----

func.func @cross_entropy_grad_grad_element_type(%z: tensor<4x10xf64>, %l: tensor<4xi64>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.cross_entropy_grad' op expects grad to have the element type of logits (f64) but got tensor<f32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy_grad %z, %l, %g : (tensor<4x10xf64>, tensor<4xi64>, tensor<f32>) -> tensor<4x10xf64>
  return
}

// -----

func.func @cross_entropy_grad_dynamic_classes(%z: tensor<4x?xf32>, %l: tensor<4xi64>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.cross_entropy_grad' op expects a static number of classes but got logits 4x?}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy_grad %z, %l, %g : (tensor<4x?xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x?xf32>
  return
}

// -----

func.func @cross_entropy_grad_rank0_logits(%z: tensor<f32>, %l: tensor<i64>, %g: tensor<f32>) {
  // expected-error @+2 {{'nn.cross_entropy_grad' op expects logits of rank at least 1 but got tensor<f32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = nn.cross_entropy_grad %z, %l, %g : (tensor<f32>, tensor<i64>, tensor<f32>) -> tensor<f32>
  return
}
