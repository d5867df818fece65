// DlAdamUpdate: one TensorFlow kernel for one weight's Adam step, in place of the twelve elementwise
// ops (and six scalar constants) of @tensorflow/tfjs-core 4.22's AdamOptimizer.applyGradients.
// It computes the same float32 operations in the same order, one rounding each, so its results are those
// of tfjs's Adam on native TensorFlow, bit for bit (lib/src/native-kernels.ts routes Adam through it).
#include <math.h>

#include "kernel_io.h"

namespace dl_ops {
namespace {

// The constants of one optimizer, as float32 attrs (what tfjs's scalars round to).
struct AdamConstants {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, epsilon, neg_learning_rate;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  using C = AdamConstants;
  return NewState<C, float>(ctx,
                            {{"beta1", &C::beta1}, {"one_minus_beta1", &C::one_minus_beta1}, {"beta2", &C::beta2},
                             {"one_minus_beta2", &C::one_minus_beta2}, {"epsilon", &C::epsilon}, {"neg_learning_rate", &C::neg_learning_rate}},
                            &TF_OpKernelConstruction_GetAttrFloat);
}

// One Adam step over n weights, into new_w, new_m and new_v (fresh buffers, never the inputs).
DL_VECTOR_CLONES
void AdamStep(const AdamConstants& c, int64_t n, const float* __restrict w, const float* __restrict m,
              const float* __restrict v, const float* __restrict g, float one_minus_acc_beta1,
              float one_minus_acc_beta2, float* __restrict new_w, float* __restrict new_m, float* __restrict new_v) {
  const AdamConstants k = c;  // locals, so the stores below cannot be taken to change them
  for (int64_t i = 0; i < n; i++) {
    // tfjs: newM = m * beta1 + g * (1 - beta1); newV = v * beta2 + square(g) * (1 - beta2)
    const float nm = m[i] * k.beta1 + g[i] * k.one_minus_beta1;
    const float nv = v[i] * k.beta2 + (g[i] * g[i]) * k.one_minus_beta2;
    // tfjs: value + (newM / (1 - beta1^t)) / (sqrt(newV / (1 - beta2^t)) + epsilon) * -learningRate
    const float step = ((nm / one_minus_acc_beta1) / (sqrtf(nv / one_minus_acc_beta2) + k.epsilon)) * k.neg_learning_rate;
    new_m[i] = nm;
    new_v[i] = nv;
    new_w[i] = step + w[i];
  }
}

// Inputs: value, m, v, grad (one shape), then 1 - beta1^t and 1 - beta2^t (scalars).
// Outputs: the new value, m and v.
void Compute(void* kernel, TF_OpKernelContext* ctx) {
  KernelIo io(ctx);
  TF_Tensor* in[6];
  for (int i = 0; i < 6; i++) in[i] = io.Input(i);
  if (!io.ok()) return;
  const int64_t n = TF_TensorElementCount(in[0]);
  for (int i = 1; i < 4; i++) {
    if (TF_TensorElementCount(in[i]) != n) io.Fail("DlAdamUpdate: value, m, v and grad must have the same size");
  }
  for (int i = 4; i < 6; i++) {
    if (TF_TensorElementCount(in[i]) != 1) io.Fail("DlAdamUpdate: 1 - beta1^t and 1 - beta2^t must be scalars");
  }
  TF_Tensor* out[3];
  for (int o = 0; o < 3; o++) out[o] = io.OutputLike(o, in[0]);
  if (!io.ok()) return;
  AdamStep(*static_cast<AdamConstants*>(kernel), n, KernelIo::Data(in[0]), KernelIo::Data(in[1]), KernelIo::Data(in[2]),
           KernelIo::Data(in[3]), *KernelIo::Data(in[4]), *KernelIo::Data(in[5]), KernelIo::MutableData(out[0]),
           KernelIo::MutableData(out[1]), KernelIo::MutableData(out[2]));
}

}  // namespace

const char* RegisterAdamUpdate(TF_Status* status) {
  return Register({"DlAdamUpdate",
                   {"value: float", "m: float", "v: float", "grad: float", "one_minus_acc_beta1: float", "one_minus_acc_beta2: float"},
                   {"new_value: float", "new_m: float", "new_v: float"},
                   {"beta1: float", "one_minus_beta1: float", "beta2: float", "one_minus_beta2: float", "epsilon: float", "neg_learning_rate: float"},
                   &CreateKernel, &Compute, &DeleteState<AdamConstants>},
                  status);
}

}  // namespace dl_ops
