// A multilayer perceptron for 28x28 grey images (Fashion-MNIST):
// 784 - dense 256 - relu - dense 256 - relu - dense 10 - softmax.
// Run its forward pass natively:
//   ./build/bin/pcc test/Integration/Inputs/mlp-forward.mlir -o mlp && ./mlp forward --count 8
func.func @forward(%x: tensor<?x784xf32>) -> tensor<?x10xf32> {
  %w1 = nn.param "fc1.weight" glorot_uniform seed 1 : tensor<784x256xf32>
  %b1 = nn.param "fc1.bias" zeros seed 0 : tensor<256xf32>
  %h1 = nn.dense %x, %w1, %b1 : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %a1 = nn.relu %h1 : tensor<?x256xf32>
  %w2 = nn.param "fc2.weight" glorot_uniform seed 2 : tensor<256x256xf32>
  %b2 = nn.param "fc2.bias" zeros seed 0 : tensor<256xf32>
  %h2 = nn.dense %a1, %w2, %b2 : (tensor<?x256xf32>, tensor<256x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %a2 = nn.relu %h2 : tensor<?x256xf32>
  %w3 = nn.param "fc3.weight" glorot_uniform seed 3 : tensor<256x10xf32>
  %b3 = nn.param "fc3.bias" zeros seed 0 : tensor<10xf32>
  %y = nn.dense %a2, %w3, %b3 : (tensor<?x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %p = nn.softmax %y : tensor<?x10xf32>
  return %p : tensor<?x10xf32>
}
