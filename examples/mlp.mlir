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
