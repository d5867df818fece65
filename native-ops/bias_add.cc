// DlBiasAdd(x, bias): x [..., C] + bias [C], the add every dense and convolution layer runs while training
// (tfjs 4.22 fuses it into the product only outside gradients). TensorFlow's broadcasting Add takes 5-10x
// the time of a same-shape add here when C is small (LeNet-5's 6 channels); one float addition per element,
// so the same results.
#include <algorithm>

#include "kernel_io.h"

namespace dl_ops {
namespace {

// out[i] = x[i] + pattern[i % period] for i < n, where pattern repeats the bias to `period` floats, so the
// loop runs over long contiguous rows whatever C is.
DL_VECTOR_CLONES
void BiasAddLoop(int64_t n, const float* __restrict x, const float* __restrict pattern, int64_t period, float* __restrict out) {
  for (int64_t start = 0; start < n; start += period) {
    const int64_t len = std::min(period, n - start);
    const float* xs = x + start;
    float* outs = out + start;
    for (int64_t j = 0; j < len; j++) outs[j] = xs[j] + pattern[j];
  }
}

void Compute(void*, TF_OpKernelContext* ctx) {
  KernelIo io(ctx);
  TF_Tensor* x = io.Input(0);
  TF_Tensor* bias = io.Input(1);
  if (!io.ok()) return;
  const int64_t channels = TF_TensorElementCount(bias);
  const int dims = TF_NumDims(x);
  if (TF_NumDims(bias) != 1 || dims < 1 || TF_Dim(x, dims - 1) != channels) {
    return io.Fail("DlBiasAdd: bias must be 1-D, as long as x's last dimension");
  }
  TF_Tensor* out = io.OutputLike(0, x);
  if (!io.ok() || channels == 0) return;
  const int64_t repeats = std::max<int64_t>(1, 256 / channels);
  std::vector<float> pattern(repeats * channels);
  for (int64_t r = 0; r < repeats; r++) std::copy_n(KernelIo::Data(bias), channels, pattern.data() + r * channels);
  BiasAddLoop(TF_TensorElementCount(x), KernelIo::Data(x), pattern.data(), static_cast<int64_t>(pattern.size()), KernelIo::MutableData(out));
}

}  // namespace

const char* RegisterBiasAdd(TF_Status* status) {
  return Register({"DlBiasAdd", {"x: float", "bias: float"}, {"y: float"}, {}, &NoState, &Compute, &NoDelete}, status);
}

}  // namespace dl_ops
