// A multilayer perceptron for Fashion-MNIST: 784 - 256 - 256 - 10 with ReLU,
// softmax cross-entropy. Train it with fixed-prediction predictive coding
// (T = 20, eta = 0.1) and Adam:
//   ./build/bin/pcc test/Integration/Inputs/mlp.mlir -o mlp --mode=fixed-prediction
//   ./mlp train --epochs 1 --optimizer adam --lr 0.001
// --mode=backprop (or strict, zero-divergence, incremental) compiles the
// other learning algorithms of the same model.
func.func @loss(%x: tensor<?x784xf32>, %labels: tensor<?xi64>) -> tensor<f32> {
  %w1 = nn.param "fc1.weight" glorot_uniform seed 1 : tensor<784x256xf32>
  %b1 = nn.param "fc1.bias" zeros seed 0 : tensor<256xf32>
  %w2 = nn.param "fc2.weight" glorot_uniform seed 2 : tensor<256x256xf32>
  %b2 = nn.param "fc2.bias" zeros seed 0 : tensor<256xf32>
  %w3 = nn.param "fc3.weight" glorot_uniform seed 3 : tensor<256x10xf32>
  %b3 = nn.param "fc3.bias" zeros seed 0 : tensor<10xf32>
  %h1 = nn.dense %x, %w1, %b1 : (tensor<?x784xf32>, tensor<784x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %a1 = nn.relu %h1 : tensor<?x256xf32>
  %h2 = nn.dense %a1, %w2, %b2 : (tensor<?x256xf32>, tensor<256x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
  %a2 = nn.relu %h2 : tensor<?x256xf32>
  %logits = nn.dense %a2, %w3, %b3 : (tensor<?x256xf32>, tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %l = nn.cross_entropy %logits, %labels : (tensor<?x10xf32>, tensor<?xi64>) -> tensor<f32>
  return %l : tensor<f32>
}
