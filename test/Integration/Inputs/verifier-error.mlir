func.func @forward(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w = nn.param "w" glorot_uniform seed 1 : tensor<783x10xf32>
  %y = nn.dense %x, %w : (tensor<?x784xf32>, tensor<783x10xf32>) -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}
