// A regression model: the data loaders feed integer labels only.
func.func @loss(%x: tensor<?x784xf32>, %t: tensor<?x10xf32>) -> tensor<f32> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<784x10xf32>
  %y = nn.dense %x, %w : (tensor<?x784xf32>, tensor<784x10xf32>) -> tensor<?x10xf32>
  %l = nn.mse %y, %t : (tensor<?x10xf32>, tensor<?x10xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
