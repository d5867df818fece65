// DlAdamUpdate: one TensorFlow kernel for one weight's Adam step, in place of the twelve elementwise
// ops (and six scalar constants) of @tensorflow/tfjs-core 4.22's AdamOptimizer.applyGradients.
// It computes the same float32 operations in the same order, one rounding each (no fused multiply-add:
// built with -ffp-contract=off), so its results are those of tfjs's Adam on native TensorFlow, bit for bit.
// Built by `npm run native-tf` (scripts/native-tf.ts) into native/dl-ops.node; loading that Node addon
// registers the op and its CPU kernel with the TensorFlow that tfjs-node loaded (lib/src/native-kernels.ts).
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <initializer_list>

#include <node_api.h>

#include "tensorflow/c/kernels.h"
#include "tensorflow/c/ops.h"
#include "tensorflow/c/tf_status.h"
#include "tensorflow/c/tf_tensor.h"

namespace {

// The constants of one optimizer, as float32 attrs (what tfjs's scalars round to).
struct AdamConstants {
  float beta1, one_minus_beta1, beta2, one_minus_beta2, epsilon, neg_learning_rate;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  auto* c = new AdamConstants();
  TF_Status* status = TF_NewStatus();
  const struct { const char* name; float* into; } attrs[] = {
      {"beta1", &c->beta1}, {"one_minus_beta1", &c->one_minus_beta1}, {"beta2", &c->beta2},
      {"one_minus_beta2", &c->one_minus_beta2}, {"epsilon", &c->epsilon}, {"neg_learning_rate", &c->neg_learning_rate}};
  for (const auto& a : attrs) {
    TF_OpKernelConstruction_GetAttrFloat(ctx, a.name, a.into, status);
    if (TF_GetCode(status) != TF_OK) {
      TF_OpKernelConstruction_Failure(ctx, status);
      break;
    }
  }
  TF_DeleteStatus(status);
  return c;
}

void DeleteKernel(void* kernel) { delete static_cast<AdamConstants*>(kernel); }

// One Adam step over n weights, into new_w, new_m and new_v (fresh buffers, never the inputs). Built for
// AVX-512, AVX2 and plain x86-64 and chosen when the addon loads (GCC's target_clones): the vector widths
// change how many elements one instruction handles, not the results, since +, *, / and sqrt round once each.
__attribute__((target_clones("avx512f", "avx2", "default")))
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

// Inputs: value, m, v, grad (one shape, float32), then 1 - beta1^t and 1 - beta2^t (scalars).
// Outputs: the new value, m and v.
void Compute(void* kernel, TF_OpKernelContext* ctx) {
  const AdamConstants& c = *static_cast<AdamConstants*>(kernel);
  TF_Status* status = TF_NewStatus();
  TF_Tensor* in[6] = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  TF_Tensor* out[3] = {nullptr, nullptr, nullptr};
  for (int i = 0; i < 6 && TF_GetCode(status) == TF_OK; i++) TF_GetInput(ctx, i, &in[i], status);
  const int64_t n = TF_GetCode(status) == TF_OK ? TF_TensorElementCount(in[0]) : 0;
  for (int i = 1; i < 4 && TF_GetCode(status) == TF_OK; i++) {
    if (TF_TensorElementCount(in[i]) != n) TF_SetStatus(status, TF_INVALID_ARGUMENT, "DlAdamUpdate: value, m, v and grad must have the same size");
  }
  for (int i = 4; i < 6 && TF_GetCode(status) == TF_OK; i++) {
    if (TF_TensorElementCount(in[i]) != 1) TF_SetStatus(status, TF_INVALID_ARGUMENT, "DlAdamUpdate: 1 - beta1^t and 1 - beta2^t must be scalars");
  }
  if (TF_GetCode(status) == TF_OK) {
    const int dims = TF_NumDims(in[0]);
    int64_t* shape = static_cast<int64_t*>(malloc(sizeof(int64_t) * (dims > 0 ? dims : 1)));
    for (int d = 0; d < dims; d++) shape[d] = TF_Dim(in[0], d);
    for (int o = 0; o < 3 && TF_GetCode(status) == TF_OK; o++) out[o] = TF_AllocateOutput(ctx, o, TF_FLOAT, shape, dims, sizeof(float) * n, status);
    free(shape);
  }
  if (TF_GetCode(status) == TF_OK) {
    AdamStep(c, n, static_cast<const float*>(TF_TensorData(in[0])), static_cast<const float*>(TF_TensorData(in[1])),
             static_cast<const float*>(TF_TensorData(in[2])), static_cast<const float*>(TF_TensorData(in[3])),
             *static_cast<const float*>(TF_TensorData(in[4])), *static_cast<const float*>(TF_TensorData(in[5])),
             static_cast<float*>(TF_TensorData(out[0])), static_cast<float*>(TF_TensorData(out[1])),
             static_cast<float*>(TF_TensorData(out[2])));
  }
  if (TF_GetCode(status) != TF_OK) TF_OpKernelContext_Failure(ctx, status);
  for (TF_Tensor* t : in) if (t != nullptr) TF_DeleteTensor(t);
  for (int o = 0; o < 3; o++) {
    if (out[o] != nullptr) TF_DeleteTensor(out[o]);
  }
  TF_DeleteStatus(status);
}

// Registers the op and its CPU kernel; returns TensorFlow's message on failure, else nullptr.
const char* Register(TF_Status* status) {
  TF_OpDefinitionBuilder* op = TF_NewOpDefinitionBuilder("DlAdamUpdate");
  for (const char* input : {"value: float", "m: float", "v: float", "grad: float", "one_minus_acc_beta1: float", "one_minus_acc_beta2: float"}) {
    TF_OpDefinitionBuilderAddInput(op, input);
  }
  for (const char* output : {"new_value: float", "new_m: float", "new_v: float"}) TF_OpDefinitionBuilderAddOutput(op, output);
  for (const char* attr : {"beta1: float", "one_minus_beta1: float", "beta2: float", "one_minus_beta2: float", "epsilon: float", "neg_learning_rate: float"}) {
    TF_OpDefinitionBuilderAddAttr(op, attr);
  }
  TF_OpDefinitionBuilderSetShapeInferenceFunction(op, &TF_ShapeInferenceContextSetUnknownShape);
  TF_RegisterOpDefinition(op, status);
  if (TF_GetCode(status) != TF_OK) return TF_Message(status);
  TF_KernelBuilder* kernel = TF_NewKernelBuilder("DlAdamUpdate", "CPU", &CreateKernel, &Compute, &DeleteKernel);
  TF_RegisterKernelBuilder("DlAdamUpdateOp", kernel, status);
  return TF_GetCode(status) == TF_OK ? nullptr : TF_Message(status);
}

}  // namespace

NAPI_MODULE_INIT() {
  TF_Status* status = TF_NewStatus();
  const char* error = Register(status);
  if (error != nullptr) napi_throw_error(env, nullptr, error);
  TF_DeleteStatus(status);
  return exports;
}
