// DlReluGrad(dy, x): the gradient of ReLU, dy * step(x), as one kernel in place of the four ops tfjs 4.22's
// gradient runs on native TensorFlow (Sign and Relu for step, a Cast, a Mul). step(x) is 1 where x > 0,
// NaN where x is NaN, else 0, with denormal x read as 0 as TensorFlow's CPU kernels read it (it runs
// kernels with denormals flushed), so the product is the same float32 bit for bit.
#include "kernel_io.h"

namespace dl_ops {
namespace {

DL_VECTOR_CLONES
void ReluGradLoop(int64_t n, const float* __restrict dy, const float* __restrict x, float* __restrict out) {
  for (int64_t i = 0; i < n; i++) {
    const float step = x[i] > 0.0f ? 1.0f : (x[i] != x[i] ? x[i] : 0.0f);
    out[i] = dy[i] * step;
  }
}

void Compute(void*, TF_OpKernelContext* ctx) {
  KernelIo io(ctx);
  TF_Tensor* dy = io.Input(0);
  TF_Tensor* x = io.Input(1);
  if (!io.ok()) return;
  if (TF_TensorElementCount(dy) != TF_TensorElementCount(x)) return io.Fail("DlReluGrad: dy and x must have the same size");
  TF_Tensor* out = io.OutputLike(0, x);
  if (io.ok()) ReluGradLoop(TF_TensorElementCount(x), KernelIo::Data(dy), KernelIo::Data(x), KernelIo::MutableData(out));
}

}  // namespace

const char* RegisterReluGrad(TF_Status* status) {
  return Register({"DlReluGrad", {"dy: float", "x: float"}, {"dx: float"}, {}, &NoState, &Compute, &NoDelete}, status);
}

}  // namespace dl_ops
