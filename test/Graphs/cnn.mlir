// Test graph: a small convolutional net: padded conv, tanh, max pooling,
// strided conv, average pooling, flatten, dense, cross-entropy.
func.func @loss(%x: tensor<?x1x6x6xf64>, %y: tensor<?xi64>) -> tensor<f64> {
  %k0 = nn.param "k0" glorot_uniform seed 21 : tensor<2x1x3x3xf64>
  %c0 = nn.param "c0" uniform(-0.5, 0.5) seed 22 : tensor<2xf64>
  %k1 = nn.param "k1" glorot_uniform seed 23 : tensor<3x2x2x2xf64>
  %w = nn.param "w" glorot_uniform seed 24 : tensor<3x4xf64>
  %b = nn.param "b" uniform(-0.5, 0.5) seed 25 : tensor<4xf64>
  %v0 = nn.conv2d %x, %k0, %c0 {padding = array<i64: 1, 1>} : (tensor<?x1x6x6xf64>, tensor<2x1x3x3xf64>, tensor<2xf64>) -> tensor<?x2x6x6xf64>
  %a0 = nn.tanh %v0 : tensor<?x2x6x6xf64>
  %p0 = nn.max_pool2d %a0 {kernel = array<i64: 2, 2>} : (tensor<?x2x6x6xf64>) -> tensor<?x2x3x3xf64>
  %v1 = nn.conv2d %p0, %k1 {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>} : (tensor<?x2x3x3xf64>, tensor<3x2x2x2xf64>) -> tensor<?x3x2x2xf64>
  %p1 = nn.avg_pool2d %v1 {kernel = array<i64: 2, 2>} : (tensor<?x3x2x2xf64>) -> tensor<?x3x1x1xf64>
  %f = nn.flatten %p1 : (tensor<?x3x1x1xf64>) -> tensor<?x3xf64>
  %z = nn.dense %f, %w, %b : (tensor<?x3xf64>, tensor<3x4xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %l = nn.cross_entropy %z, %y : (tensor<?x4xf64>, tensor<?xi64>) -> tensor<f64>
  return %l : tensor<f64>
}
