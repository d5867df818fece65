// DlAvgPoolGrad(dy): the gradient of average pooling over windows that do not overlap (stride ≥ window,
// 'valid' padding: LeNet-5's 2x2, stride 2), NHWC. Each input element lies in at most one window and takes
// dy / window size of it, plus 0 (so -0 becomes +0), or 0 outside every window: the float32 values of
// TensorFlow's AvgPoolGrad, which adds each window's share into zeros, in about a quarter of its time here.
#include <algorithm>

#include "kernel_io.h"

namespace dl_ops {
namespace {

// The input's height and width, the window's, the strides.
struct Pooling {
  int64_t in_h, in_w, win_h, win_w, stride_h, stride_w;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  using P = Pooling;
  return NewState<P, int64_t>(ctx,
                              {{"in_height", &P::in_h}, {"in_width", &P::in_w}, {"window_height", &P::win_h}, {"window_width", &P::win_w},
                               {"stride_height", &P::stride_h}, {"stride_width", &P::stride_w}},
                              &TF_OpKernelConstruction_GetAttrInt64);
}

// out[i] = dy[i] / size + 0 for i < n.
DL_VECTOR_CLONES
void Scale(int64_t n, const float* __restrict dy, float size, float* __restrict out) {
  for (int64_t i = 0; i < n; i++) out[i] = dy[i] / size + 0.0f;
}

void Compute(void* kernel, TF_OpKernelContext* ctx) {
  const Pooling& p = *static_cast<Pooling*>(kernel);
  KernelIo io(ctx);
  TF_Tensor* dy = io.Input(0);
  if (!io.ok()) return;
  if (TF_NumDims(dy) != 4) return io.Fail("DlAvgPoolGrad: dy must be 4-D, NHWC");
  const int64_t batch = TF_Dim(dy, 0), out_h = TF_Dim(dy, 1), out_w = TF_Dim(dy, 2), channels = TF_Dim(dy, 3);
  if (p.stride_h < p.win_h || p.stride_w < p.win_w || p.win_h < 1 || p.win_w < 1 ||
      out_h != (p.in_h - p.win_h) / p.stride_h + 1 || out_w != (p.in_w - p.win_w) / p.stride_w + 1) {
    return io.Fail("DlAvgPoolGrad: only windows that do not overlap, 'valid' padding, and dy shaped to match");
  }
  TF_Tensor* out = io.Output(0, {batch, p.in_h, p.in_w, channels});
  if (!io.ok()) return;
  // Row by row, each element written once: the first row of each band of windows from the windows' shares (a
  // window's columns repeat them, columns outside every window are 0), the band's other rows copied from it,
  // rows outside every band 0.
  const int64_t row = p.in_w * channels;
  std::vector<float> shares(out_w * channels);
  for (int64_t b = 0; b < batch; b++) {
    for (int64_t h = 0; h < p.in_h; h++) {
      float* dst = KernelIo::MutableData(out) + (b * p.in_h + h) * row;
      const int64_t oh = h / p.stride_h, in_window = h % p.stride_h;
      if (oh >= out_h || in_window >= p.win_h) {
        std::fill_n(dst, row, 0.0f);
      } else if (in_window > 0) {
        std::copy_n(dst - in_window * row, row, dst);
      } else {
        Scale(out_w * channels, KernelIo::Data(dy) + (b * out_h + oh) * out_w * channels, static_cast<float>(p.win_h * p.win_w), shares.data());
        for (int64_t w = 0; w < p.in_w; w++) {
          const int64_t ow = w / p.stride_w;
          const float* from = shares.data() + ow * channels;
          const bool covered = ow < out_w && w % p.stride_w < p.win_w;
          for (int64_t c = 0; c < channels; c++) dst[w * channels + c] = covered ? from[c] : 0.0f;
        }
      }
    }
  }
}

}  // namespace

const char* RegisterAvgPoolGrad(TF_Status* status) {
  return Register({"DlAvgPoolGrad", {"dy: float"}, {"dx: float"},
                   {"in_height: int", "in_width: int", "window_height: int", "window_width: int", "stride_height: int", "stride_width: int"},
                   &CreateKernel, &Compute, &DeleteState<Pooling>},
                  status);
}

}  // namespace dl_ops
