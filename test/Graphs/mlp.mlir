// Test graph: an MLP classifier, dense-tanh-dense-sigmoid-dense with
// softmax cross-entropy. Height 5 at op granularity.
func.func @loss(%x: tensor<?x6xf64>, %y: tensor<?xi64>) -> tensor<f64> {
  %w0 = nn.param "w0" glorot_uniform seed 1 : tensor<6x5xf64>
  %b0 = nn.param "b0" uniform(-0.5, 0.5) seed 2 : tensor<5xf64>
  %w1 = nn.param "w1" glorot_uniform seed 3 : tensor<5x4xf64>
  %b1 = nn.param "b1" uniform(-0.5, 0.5) seed 4 : tensor<4xf64>
  %w2 = nn.param "w2" glorot_uniform seed 5 : tensor<4x3xf64>
  %b2 = nn.param "b2" uniform(-0.5, 0.5) seed 6 : tensor<3xf64>
  %h0 = nn.dense %x, %w0, %b0 : (tensor<?x6xf64>, tensor<6x5xf64>, tensor<5xf64>) -> tensor<?x5xf64>
  %a0 = nn.tanh %h0 : tensor<?x5xf64>
  %h1 = nn.dense %a0, %w1, %b1 : (tensor<?x5xf64>, tensor<5x4xf64>, tensor<4xf64>) -> tensor<?x4xf64>
  %a1 = nn.sigmoid %h1 : tensor<?x4xf64>
  %z = nn.dense %a1, %w2, %b2 : (tensor<?x4xf64>, tensor<4x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %l = nn.cross_entropy %z, %y : (tensor<?x3xf64>, tensor<?xi64>) -> tensor<f64>
  return %l : tensor<f64>
}
